//! Small multiples: one small line chart per item on a shared vertical axis, in a grid, so a
//! movement shared by every item (or one item breaking away) shows at a glance. Each panel
//! prints its last values; a panel can be emphasized (bold title with a marker).

use anyhow::{Context, bail};
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::SERIES;
use super::palette::{AXIS, CROSSHAIR, GRID, INK, MUTED};
use super::size::{MARGIN, TEXT_PX, TICK_PX};
use super::{
    Canvas, Font, LegendEntry, Rect, WIDTH, clean_text, ensure_finite, flow_legend, render_svg,
    title_lines, wrap,
};

/// A grid of small line charts.
#[derive(Clone, Debug)]
pub struct MultiplesChart {
    /// Title above the grid (may be empty).
    pub title: String,
    /// The categories along every horizontal axis, left to right (short labels).
    pub categories: Vec<String>,
    /// Legend text per series.
    pub series: Vec<String>,
    /// Legend text of the emphasis marker (e.g. "* significant change"); shown when a panel
    /// is emphasized.
    pub emphasis_note: String,
    /// The panels, left to right, top to bottom.
    pub panels: Vec<Panel>,
    /// Bottom of every vertical axis.
    pub y_min: f64,
    /// Top of every vertical axis.
    pub y_max: f64,
    /// A dashed horizontal line in every panel (a pass mark), with its legend text.
    pub reference: Option<(f64, String)>,
    /// Panels per row.
    pub columns: usize,
}

/// One panel.
#[derive(Clone, Debug)]
pub struct Panel {
    /// Panel title.
    pub title: String,
    /// `values[series][category]`: the value and its printed text.
    pub values: Vec<Vec<Option<(f64, String)>>>,
    /// Bold title with the marker " *".
    pub emphasis: bool,
}

const PANEL_PLOT_HEIGHT: f64 = 72.0;
const PANEL_GAP: f64 = 18.0;
const SWATCH: f64 = 22.0;

/// Renders the grid as SVG. Errors when there is nothing to draw or the values do not match
/// the categories and series.
pub fn multiples_svg(chart: &MultiplesChart) -> anyhow::Result<String> {
    validate(chart)?;
    let layout = Layout::new(chart).context("laying out the small multiples")?;
    render_svg(WIDTH, layout.height.ceil() as u32, |canvas| {
        layout.draw(chart, canvas)
    })
    .with_context(|| format!("drawing small multiples {:?}", chart.title))
}

fn validate(chart: &MultiplesChart) -> anyhow::Result<()> {
    if chart.panels.is_empty() || chart.categories.len() < 2 || chart.series.is_empty() {
        bail!("small multiples {:?} have nothing to draw", chart.title);
    }
    if chart.columns == 0 || chart.y_min >= chart.y_max {
        bail!(
            "small multiples {:?}: no columns or an empty axis",
            chart.title
        );
    }
    for p in &chart.panels {
        if p.values.len() != chart.series.len()
            || p.values.iter().any(|s| s.len() != chart.categories.len())
        {
            bail!(
                "panel {:?}: values do not match series × categories",
                p.title
            );
        }
        for (v, _) in p.values.iter().flatten().flatten() {
            ensure_finite(*v, || format!("a value of panel {:?}", p.title))?;
        }
    }
    Ok(())
}

struct Layout {
    height: f64,
    title: Vec<String>,
    legend: Vec<LegendEntry<Option<usize>>>,
    panel_width: f64,
    titles: Vec<Vec<String>>,
    /// Per row of panels: its top and the height of its title block (one or two lines, as
    /// the longest title in the row needs).
    rows: Vec<(f64, f64)>,
}

impl Layout {
    fn new(chart: &MultiplesChart) -> anyhow::Result<Self> {
        let inner = f64::from(WIDTH) - 2.0 * MARGIN;
        let (title, title_h) = title_lines(&chart.title)?;
        let mut entries: Vec<(Option<usize>, String)> = chart
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (Some(i), clean_text(s)))
            .collect();
        if let Some((_, text)) = &chart.reference {
            entries.push((None, clean_text(text)));
        }
        if chart.panels.iter().any(|p| p.emphasis) && !chart.emphasis_note.is_empty() {
            // A text-only entry: no marker room is taken by it beyond the shared width.
            entries.push((Some(usize::MAX), clean_text(&chart.emphasis_note)));
        }
        let (legend, legend_h) = flow_legend(entries, MARGIN + title_h, SWATCH + 8.0)?;
        let cols = chart.columns as f64;
        let panel_width = (inner - (cols - 1.0) * PANEL_GAP) / cols;
        let head = Font::bold(TEXT_PX);
        let titles = chart
            .panels
            .iter()
            .map(|p| {
                let t = if p.emphasis {
                    format!("{} *", clean_text(&p.title))
                } else {
                    clean_text(&p.title)
                };
                wrap(&t, head, panel_width, 2)
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        // Each row: the titles, the plot, the category labels under it.
        let mut rows = Vec::new();
        let mut y = MARGIN + title_h + legend_h + 6.0;
        for row in titles.chunks(chart.columns) {
            let lines = row.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let title_block = head.block_height(lines) + 8.0;
            rows.push((y, title_block));
            y += title_block + PANEL_PLOT_HEIGHT + 8.0 + TICK_PX + PANEL_GAP;
        }
        Ok(Layout {
            height: y - PANEL_GAP + MARGIN,
            title,
            legend,
            panel_width,
            titles,
            rows,
        })
    }

    fn draw(&self, chart: &MultiplesChart, canvas: &Canvas<'_>) -> anyhow::Result<()> {
        let title_font = Font::bold(super::size::TITLE_PX);
        canvas.text_block(&self.title, title_font, &INK, HPos::Left, MARGIN, MARGIN)?;
        let text_font = Font::regular(TEXT_PX);
        for e in &self.legend {
            let y = e.top + 10.0;
            match e.marker {
                Some(usize::MAX) => {}
                Some(i) => {
                    let c = &SERIES[i % SERIES.len()];
                    canvas.line((e.x, y), (e.x + SWATCH, y), c, 3)?;
                    canvas.dot(e.x + SWATCH / 2.0, y, 4, c)?;
                }
                None => canvas.dashed_line((e.x, y), (e.x + SWATCH, y), &CROSSHAIR, 2)?,
            }
            let x = if e.marker == Some(usize::MAX) {
                e.x
            } else {
                e.x + SWATCH + 8.0
            };
            canvas.text(
                &e.text,
                &text_font.style(&INK, HPos::Left, VPos::Top),
                x,
                e.top + 2.0,
            )?;
        }
        let n = chart.categories.len();
        let tick = Font::regular(TICK_PX);
        let value_font = Font::bold(TICK_PX);
        for (k, panel) in chart.panels.iter().enumerate() {
            let col = (k % chart.columns) as f64;
            let (y0, title_block) = self.rows[k / chart.columns];
            let x0 = MARGIN + col * (self.panel_width + PANEL_GAP);
            let head = if panel.emphasis {
                Font::bold(TEXT_PX)
            } else {
                Font::regular(TEXT_PX)
            };
            canvas.text_block(&self.titles[k], head, &INK, HPos::Left, x0, y0)?;
            // Room on the right for the last values.
            let plot = Rect::new(
                x0 + 6.0,
                y0 + title_block,
                x0 + self.panel_width - 44.0,
                y0 + title_block + PANEL_PLOT_HEIGHT,
            );
            canvas.fill_rect(
                Rect::new(x0, plot.y0, x0 + self.panel_width, plot.y1),
                &super::palette::BAND,
            )?;
            let y_of = |v: f64| {
                plot.y1 - (v - chart.y_min) / (chart.y_max - chart.y_min) * (plot.y1 - plot.y0)
            };
            let x_of = |i: usize| plot.x0 + i as f64 / (n - 1) as f64 * (plot.x1 - plot.x0);
            canvas.line((plot.x0, plot.y1), (plot.x1, plot.y1), &GRID, 1)?;
            if let Some((r, _)) = chart.reference {
                let y = y_of(r.clamp(chart.y_min, chart.y_max));
                canvas.dashed_line((plot.x0, y), (plot.x1, y), &AXIS, 1)?;
            }
            for (s, values) in panel.values.iter().enumerate() {
                let color = &SERIES[s % SERIES.len()];
                let points: Vec<(usize, f64)> = values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.as_ref().map(|(x, _)| (i, *x)))
                    .collect();
                for w in points.windows(2) {
                    let (a, b) = (w[0], w[1]);
                    if b.0 == a.0 + 1 {
                        canvas.line((x_of(a.0), y_of(a.1)), (x_of(b.0), y_of(b.1)), color, 3)?;
                    }
                }
                for &(i, v) in &points {
                    canvas.dot(x_of(i), y_of(v), 4, color)?;
                }
            }
            // Last values at the right, kept apart when they would overlap.
            let mut last: Vec<(f64, String, usize)> = panel
                .values
                .iter()
                .enumerate()
                .filter_map(|(s, v)| v.last().cloned().flatten().map(|(x, t)| (y_of(x), t, s)))
                .collect();
            last.sort_by(|a, b| a.0.total_cmp(&b.0));
            for i in 1..last.len() {
                if last[i].0 - last[i - 1].0 < TICK_PX + 2.0 {
                    last[i].0 = last[i - 1].0 + TICK_PX + 2.0;
                }
            }
            for (y, text, s) in last {
                let color = &SERIES[s % SERIES.len()];
                let style = value_font.style(color, HPos::Left, VPos::Center);
                canvas.text(&clean_text(&text), &style, plot.x1 + 8.0, y)?;
            }
            // The first and the last category under the axis; only the last when both do not
            // fit side by side.
            let (first, last) = (
                clean_text(&chart.categories[0]),
                clean_text(&chart.categories[n - 1]),
            );
            let room = plot.x1 - (plot.x0 - 6.0);
            let below = plot.y1 + 6.0;
            if tick.width(&first)? + tick.width(&last)? + 12.0 <= room {
                canvas.text_block(&[first], tick, &MUTED, HPos::Left, plot.x0 - 6.0, below)?;
            }
            let last = wrap(&last, tick, room, 1)?;
            canvas.text_block(&last, tick, &MUTED, HPos::Right, plot.x1, below)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::test_support::{assert_all_text_inter, assert_well_formed, texts};

    fn v(x: f64) -> Option<(f64, String)> {
        Some((x, format!("{x:.1}")))
    }

    fn chart() -> MultiplesChart {
        MultiplesChart {
            title: String::new(),
            categories: vec!["Q1".into(), "Q2".into(), "Q3".into()],
            series: vec!["Klanten".into(), "Medewerkers".into()],
            emphasis_note: "* significant".into(),
            panels: (0..5)
                .map(|k| Panel {
                    title: format!("Aspect {k}"),
                    values: vec![
                        vec![v(7.0), v(6.5), v(6.0 - k as f64 * 0.1)],
                        vec![v(7.5), None, v(7.4)],
                    ],
                    emphasis: k == 2,
                })
                .collect(),
            y_min: 4.0,
            y_max: 9.0,
            reference: Some((5.5, "Voldoende".into())),
            columns: 4,
        }
    }

    #[test]
    fn every_panel_prints_its_title_and_last_values() {
        let svg = multiples_svg(&chart()).unwrap();
        assert_well_formed(&svg);
        assert_all_text_inter(&svg);
        let t = texts(&svg);
        for want in [
            "Aspect 0",
            "Aspect 2 *",
            "Aspect 4",
            "5.6",
            "7.4",
            "Q1",
            "Q3",
            "Voldoende",
        ] {
            assert!(t.iter().any(|x| x == want), "{want} missing in {t:?}");
        }
    }

    #[test]
    fn long_category_names_that_would_collide_leave_only_the_last() {
        let mut c = chart();
        c.categories = vec![
            "Voorjaar 2026 (eerste meting)".into(),
            "Zomer 2026".into(),
            "Najaar 2026 (laatste meting)".into(),
        ];
        let t = texts(&multiples_svg(&c).unwrap());
        assert!(!t.iter().any(|x| x.starts_with("Voorjaar")), "{t:?}");
        assert!(t.iter().any(|x| x.starts_with("Najaar")), "{t:?}");
    }

    #[test]
    fn a_row_takes_the_title_lines_it_needs() {
        // Five panels in rows of four: short titles everywhere make one-line rows.
        let short = Layout::new(&chart()).unwrap();
        let mut c = chart();
        c.panels[4].title = "Een heel lang aspect dat niet op één regel van het paneel past".into();
        let long = Layout::new(&c).unwrap();
        assert_eq!(long.titles[4].len(), 2);
        // Only the second row grows; the first keeps its top and its one-line title block.
        assert_eq!(short.rows[0], long.rows[0]);
        assert_eq!(short.rows[1].0, long.rows[1].0);
        assert!(long.rows[1].1 > short.rows[1].1);
        assert!(long.height > short.height);
    }

    #[test]
    fn mismatched_values_are_an_error() {
        let mut c = chart();
        c.panels[1].values[0].pop();
        assert!(multiples_svg(&c).is_err());
        let mut c = chart();
        c.categories.truncate(1);
        assert!(multiples_svg(&c).is_err());
    }
}
