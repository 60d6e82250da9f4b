//! What the deck of an organization report shows, taken from the rendered report (its texts
//! and chart SVGs, so deck and PDF never disagree) and, for the layer × aspect table, from
//! the metrics.
//!
//! Slides: title (in the client's brand colour), dashboard (key figures and main findings),
//! the mirror chart, the layer × aspect table, the importance–performance matrix, the trends,
//! one slide per recommended action. The methodology is the speaker notes of the title slide;
//! each chart slide's notes say how to read it.

use super::{Cell, Deck, Frame, INK, MUTED, Paragraph, Picture, Rgb, Shape, Slide, Table};
use crate::analysis::metrics::WaveMetrics;
use crate::config::{Config, Language};
use crate::report::document::RenderedReport;
use crate::report::render::format;
use crate::report::render::i18n::Texts;

/// The agency's colour, used when the organization gives no brand colour.
pub const DEFAULT_BRAND: Rgb = Rgb(0x1F, 0x3A, 0x5F);
/// Table cells where staff predict higher than customers score (blind spot).
const BLIND_FILL: [Rgb; 2] = [Rgb(0xFD, 0xF1, 0xEA), Rgb(0xF7, 0xD3, 0xBC)];
/// Table cells where staff predict lower than customers score (hidden strength).
const HIDDEN_FILL: [Rgb; 2] = [Rgb(0xE9, 0xF6, 0xF1), Rgb(0xBF, 0xE6, 0xD6)];

/// The language tag DrawingML writes on the text.
fn lang_tag(lang: Language) -> &'static str {
    match lang {
        Language::Nl => "nl-NL",
        Language::En => "en-GB",
    }
}

/// The deck of an organization report. `brand` is the organization's colour, when it has
/// one.
pub fn organization_deck(
    config: &Config,
    metrics: &WaveMetrics,
    report: &RenderedReport,
    t: &Texts,
    brand: Option<Rgb>,
) -> anyhow::Result<Deck> {
    let v = &report.view;
    let brand = brand.unwrap_or(DEFAULT_BRAND);
    let chart = |name: &str, descr: &str| -> anyhow::Result<Option<Picture>> {
        let Some((_, svg)) = report.charts.iter().find(|(n, _)| *n == name) else {
            return Ok(None);
        };
        Ok(Some(Picture {
            svg: svg.as_bytes().to_vec(),
            png: super::raster::png(svg)?,
            descr: descr.to_string(),
        }))
    };
    let mut slides = vec![title_slide(v, t, brand), dashboard_slide(v, t, brand)];
    let body = Frame::cm(1.5, 3.4, 30.8, 14.8);
    let picture_slide = |title: String, picture: Picture, notes: Vec<String>| Slide {
        title,
        title_color: brand,
        background: None,
        cover: false,
        shapes: vec![Shape::Picture {
            frame: body,
            picture,
        }],
        notes,
    };
    if let Some(p) = chart("mirror.svg", &t.get("mirror_chart_title"))? {
        let notes = vec![t.get("mirror_chart_title"), v.mirror.note.clone()];
        slides.push(picture_slide(t.get("mirror_title"), p, notes));
    }
    if let Some(s) = layer_aspect_slide(config, metrics, t, brand) {
        slides.push(s);
    }
    if let Some(p) = chart("matrix.svg", &t.get("matrix_title"))? {
        let notes = std::iter::once(v.importance.intro.clone())
            .chain(v.importance.misplaced.clone())
            .collect();
        slides.push(picture_slide(t.get("matrix_title"), p, notes));
    }
    if let Some(trends) = &v.trends
        && let Some(p) = chart("trends.svg", &trends.chart_alt)?
    {
        let notes = [trends.intro.clone()]
            .into_iter()
            .chain(trends.finding.clone())
            .collect();
        slides.push(picture_slide(trends.title.clone(), p, notes));
    }
    if v.actions.is_empty() {
        slides.push(Slide {
            title: t.get("actions_title"),
            title_color: brand,
            background: None,
            cover: false,
            shapes: vec![text(
                body,
                vec![Paragraph::new(t.get("actions_none"), 20.0)],
            )],
            notes: vec![t.get("actions_intro")],
        });
    }
    for a in &v.actions {
        slides.push(Slide {
            title: format!("{}. {}", a.rank, a.title),
            title_color: brand,
            background: None,
            cover: false,
            shapes: vec![
                text(
                    Frame::cm(1.5, 3.6, 30.8, 8.0),
                    vec![Paragraph::new(a.action.clone(), 22.0)],
                ),
                text(
                    Frame::cm(1.5, 12.2, 30.8, 5.6),
                    vec![Paragraph::new(a.evidence.clone(), 16.0).color(MUTED)],
                ),
            ],
            notes: vec![t.get("actions_intro")],
        });
    }
    Ok(Deck {
        title: format!("{} — {}", v.org_name, v.wave_label),
        author: v.agency.clone(),
        lang: lang_tag(t.lang()),
        font: crate::report::assets::FONT_FAMILY,
        slides,
    })
}

fn text(frame: Frame, paragraphs: Vec<Paragraph>) -> Shape {
    Shape::Text {
        frame,
        paragraphs,
        fill: None,
    }
}

fn title_slide(v: &crate::report::sections::report::ReportView, t: &Texts, brand: Rgb) -> Slide {
    let ink = brand.text_on();
    let mut lines = vec![
        Paragraph::new(t.get("report_kind"), 24.0).bold().color(ink),
        Paragraph::new(t.get("report_subtitle"), 18.0).color(ink),
        Paragraph::new(format!("{}: {}", t.get("cover_wave"), v.wave_label), 16.0).color(ink),
    ];
    if let Some(date) = &v.report_date {
        lines.push(Paragraph::new(format!("{}: {date}", t.get("cover_date")), 16.0).color(ink));
    }
    lines.push(Paragraph::new(v.respondents.clone(), 16.0).color(ink));
    lines.push(Paragraph::new(format!("{}: {}", t.get("cover_agency"), v.agency), 14.0).color(ink));
    if let Some(am) = &v.account_manager {
        lines.push(
            Paragraph::new(format!("{}: {am}", t.get("cover_account_manager")), 14.0).color(ink),
        );
    }
    // The methodology, for the presenter.
    let m = &v.method;
    let mut notes = vec![t.get("method_title"), m.intro.clone()];
    notes.push(format!(
        "{}: {}",
        t.get("method_groups"),
        m.groups
            .iter()
            .map(|g| format!("{} {}", g.label, g.n))
            .collect::<Vec<_>>()
            .join("; ")
    ));
    notes.extend(m.findings_heading.clone());
    notes.extend(m.findings.iter().cloned());
    notes.extend(m.findings_more.clone());
    if !m.definitions.is_empty() {
        notes.push(t.get("method_definitions"));
        notes.extend(m.definitions.iter().cloned());
    }
    Slide {
        title: v.org_name.clone(),
        title_color: ink,
        background: Some(brand),
        cover: true,
        shapes: vec![text(Frame::cm(1.5, 7.6, 30.8, 10.0), lines)],
        notes,
    }
}

fn dashboard_slide(
    v: &crate::report::sections::report::ReportView,
    t: &Texts,
    brand: Rgb,
) -> Slide {
    let mut rows = vec![vec![Cell::text(t.get("key_figures")), Cell::text("")]];
    for kf in &v.key_figures {
        rows.push(vec![
            Cell::text(kf.label.clone()),
            Cell::number(kf.value.clone()),
        ]);
    }
    let findings: Vec<Paragraph> = std::iter::once(
        Paragraph::new(t.get("summary_findings"), 16.0)
            .bold()
            .color(INK),
    )
    .chain(
        v.findings
            .iter()
            .map(|f| Paragraph::new(f.clone(), 13.0).bullet()),
    )
    .collect();
    Slide {
        title: t.get("summary_title"),
        title_color: brand,
        background: None,
        cover: false,
        shapes: vec![
            Shape::Table {
                frame: Frame::cm(1.5, 3.6, 11.5, 8.0),
                table: Table {
                    rows,
                    widths: vec![3.0, 1.6],
                    size: 13.0,
                    header: brand,
                },
            },
            text(Frame::cm(13.8, 3.4, 18.5, 14.8), findings),
        ],
        notes: vec![v.summary_intro.clone()],
    }
}

/// Per aspect (mirror order) and layer: the layer's predicted score minus the customers'
/// score. `None` when no layer has figures.
fn layer_aspect_slide(config: &Config, m: &WaveMetrics, t: &Texts, brand: Rgb) -> Option<Slide> {
    let lang = t.lang();
    let any = m.figures.aspects.iter().any(|a| {
        a.by_layer
            .iter()
            .any(|l| l.comparison.is_some_and(|c| c.gap.is_some()))
    });
    if !any {
        return None;
    }
    let mut header = vec![Cell::text(t.get("deck_aspect"))];
    header.extend(
        config
            .layers
            .iter()
            .map(|l| Cell::number(config.layer_label(&l.id, lang))),
    );
    let mut rows = vec![header];
    for a in crate::analysis::metrics::by_gap(&m.figures.aspects) {
        let mut row = vec![Cell::text(config.aspect_label(&a.id, lang))];
        for l in &a.by_layer {
            let c = l.comparison.filter(|_| !l.suppressed);
            let gap = c.and_then(|c| c.gap);
            let mut cell = Cell::number(format::opt_signed(gap, 1, lang));
            if let (Some(g), Some(c)) = (gap, c) {
                let strong = usize::from(c.significant);
                if g >= 0.05 {
                    cell.fill = Some(BLIND_FILL[strong]);
                } else if g <= -0.05 {
                    cell.fill = Some(HIDDEN_FILL[strong]);
                }
                cell.bold = c.significant;
            }
            row.push(cell);
        }
        rows.push(row);
    }
    let mut widths = vec![3.2];
    widths.extend(config.layers.iter().map(|_| 1.6));
    let size = if rows.len() > 12 { 10.0 } else { 12.0 };
    Some(Slide {
        title: t.get("deck_layers_title"),
        title_color: brand,
        background: None,
        cover: false,
        shapes: vec![
            Shape::Table {
                frame: Frame::cm(1.5, 3.4, 30.8, 12.0),
                table: Table {
                    rows,
                    widths,
                    size,
                    header: brand,
                },
            },
            text(
                Frame::cm(1.5, 16.4, 30.8, 2.2),
                vec![Paragraph::new(t.get("deck_layers_note"), 11.0).color(MUTED)],
            ),
        ],
        notes: vec![t.get("deck_layers_note")],
    })
}
