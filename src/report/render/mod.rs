//! Metrics → Typst source (Tera 2 templates) and chart SVGs, ready for `typst compile`.
//!
//! Tera is set up once: autoescape on `.typ` templates with our Typst escape function,
//! plus the `typst_str` filter for the few string literals a template needs.

pub mod escape;
pub mod format;
pub mod i18n;
pub mod scrub;
pub mod voices;

use anyhow::Context as _;
use tera::{Context, Kwargs, State, Tera};

use crate::analysis::WaveAnalysis;
use crate::config::{Config, Language};
use crate::input::ingest::WaveData;
use crate::model::{Organization, Wave};
use crate::report::assets;
use crate::report::charts;
use crate::report::sections::{
    ReportContext, brand, complaints, contacts, cover, dashboard, departments, enablement, heatmap,
    importance, ladder, layers, mirror, mood, parts, report, themes, trends,
};
use i18n::Texts;

/// Open answers shown per kind (customers; half as many of each employee question).
const VOICES_SHOWN: usize = 8;

/// The colour language of [`charts::palette`] as `#rrggbb`, for the template's tables.
#[derive(serde::Serialize)]
struct Colors {
    accent: String,
    ink: String,
    muted: String,
    customer: String,
    employee: String,
    blind_spot: String,
    hidden_strength: String,
}

impl Colors {
    fn new() -> Colors {
        use charts::palette::{self, hex};
        Colors {
            accent: hex(palette::ACCENT),
            ink: hex(palette::INK),
            muted: hex(palette::MUTED),
            customer: hex(palette::CUSTOMER),
            employee: hex(palette::EMPLOYEE),
            blind_spot: hex(palette::BLIND_SPOT),
            hidden_strength: hex(palette::HIDDEN_STRENGTH),
        }
    }
}

/// What the template sees: the report's view and the sections built as units.
#[derive(serde::Serialize)]
struct Page<'a> {
    #[serde(flatten)]
    view: &'a report::ReportView,
    colors: Colors,
    brand: brand::BrandView,
    cover: cover::CoverView,
    dashboard: dashboard::DashboardView,
    heatmap: Option<heatmap::HeatmapView>,
    themes: Option<themes::ThemesView>,
    departments: Option<departments::DepartmentsView>,
}

/// A rendered report: the Typst source and the files it includes.
#[derive(Debug)]
pub struct RenderedReport {
    /// Typst source of the report.
    pub typ: String,
    /// Charts: (file name, SVG text).
    pub charts: Vec<(&'static str, String)>,
    /// The texts and figures the report shows (the deck and the delivery e-mail reuse them).
    pub view: report::ReportView,
}

/// Templates and translation tables, loaded once and shared by all workers.
pub struct Renderer {
    tera: Tera,
    nl: Texts,
    en: Texts,
}

impl Renderer {
    /// Load the built-in templates and translations.
    pub fn new() -> anyhow::Result<Renderer> {
        let mut tera = Tera::default();
        tera.set_escape_fn(escape::tera_escape);
        tera.autoescape_on([".typ"]);
        tera.register_filter("typst_str", |x: &str, _: Kwargs, _: &State| {
            tera::Value::safe_string(&escape::escape_string(x))
        });
        let (name, source) = assets::REPORT_TEMPLATE;
        tera.add_raw_template(name, source)
            .map_err(|e| anyhow::anyhow!("templates/{name}: {e}"))?;
        Ok(Renderer {
            tera,
            nl: Texts::load(Language::Nl)?,
            en: Texts::load(Language::En)?,
        })
    }

    /// The translation table of `lang`.
    pub fn texts(&self, lang: Language) -> &Texts {
        match lang {
            Language::Nl => &self.nl,
            Language::En => &self.en,
        }
    }

    /// Render the organization report of one analysed wave: its figures, their trends, its
    /// action cards and the answers it may quote.
    pub fn organization_report(
        &self,
        config: &Config,
        org: &Organization,
        wave: &Wave,
        analysis: &WaveAnalysis,
        report_date: Option<String>,
    ) -> anyhow::Result<RenderedReport> {
        let texts = self.texts(analysis.metrics.language);
        let ctx = ReportContext::organization(config, org, wave, analysis, texts);
        self.render(&ctx, &analysis.quotes, report_date)
    }

    /// Render the report `ctx` describes, quoting from `quotes` (the answers of the wave; a
    /// department report quotes its own customers only).
    pub fn render(
        &self,
        section_ctx: &ReportContext<'_>,
        quotes: &WaveData,
        report_date: Option<String>,
    ) -> anyhow::Result<RenderedReport> {
        let (section_ctx, t) = (*section_ctx, section_ctx.texts);
        let own;
        let quotes = match section_ctx.group.department {
            None => quotes,
            Some(d) => {
                own = WaveData {
                    customers: (quotes.customers.iter())
                        .filter(|c| c.department.as_deref() == Some(d.id.as_str()))
                        .cloned()
                        .collect(),
                    ..Default::default()
                };
                &own
            }
        };
        let voices = voices::select(quotes, VOICES_SHOWN, &t.get("scrubbed"));
        let mut view = report::build(&section_ctx, report_date, voices);
        let mut charts = vec![("mirror.svg", mirror::chart(&section_ctx)?)];
        // The heatmap carries the layers' figures per aspect; the bar chart of their mean
        // deviation is drawn only without it.
        if heatmap::view(&section_ctx).is_none()
            && let Some(svg) = layers::chart(&section_ctx)?
        {
            charts.push(("layers.svg", svg));
        }
        charts.push(("importance.svg", importance::chart(&section_ctx)?));
        if let Some(svg) = importance::matrix_chart(&section_ctx)? {
            charts.push(("matrix.svg", svg));
        }
        // The sections beyond the mirror: (section, its key in the translation tables, chart).
        let benchmark = format::number(section_ctx.group.figures.complaints.benchmark, 1, t.lang());
        let families: [(&mut Option<parts::Section>, &parts::Keys, Option<String>); 6] = [
            (
                &mut view.ladder,
                &ladder::KEYS,
                ladder::chart(&section_ctx)?,
            ),
            (
                &mut view.enablement,
                &enablement::KEYS,
                enablement::chart(&section_ctx)?,
            ),
            (
                &mut view.complaints,
                &complaints::KEYS,
                complaints::chart(&section_ctx)?,
            ),
            (
                &mut view.interactions,
                &contacts::KEYS,
                contacts::chart(&section_ctx)?,
            ),
            (&mut view.mood, &mood::KEYS, mood::chart(&section_ctx)?),
            (
                &mut view.trends,
                &trends::KEYS,
                trends::chart(&section_ctx)?,
            ),
        ];
        for (section, keys, svg) in families {
            let title = t.get(keys.title);
            let Some(s) = section else {
                view.absent
                    .push(t.fill("section_absent", &[("section", &title)]));
                continue;
            };
            s.title = title;
            s.intro = t.fill(keys.intro, &[("benchmark", &benchmark)]);
            s.chart_title = t.get(keys.chart_title);
            s.chart_alt = t.get(keys.chart_alt);
            s.detail_title = t.get(keys.detail);
            if let Some(svg) = svg {
                s.chart = Some(keys.chart_file);
                charts.push((keys.chart_file, svg));
            }
        }
        let mut dashboard = dashboard::view(&section_ctx);
        dashboard.headline = view.findings.first().cloned();
        if let Some(svg) = dashboard::mirror_chart(&section_ctx)? {
            dashboard.mirror_chart = Some(dashboard::MIRROR_FILE);
            charts.push((dashboard::MIRROR_FILE, svg));
        }
        let mut layer_map = heatmap::view(&section_ctx);
        if let Some(h) = &mut layer_map {
            charts.push((heatmap::FILE, heatmap::chart(&section_ctx, h)?));
            h.chart = Some(heatmap::FILE);
        }
        let mut compared = departments::view(&section_ctx);
        if let Some(d) = &mut compared {
            if let Some(svg) = departments::chart(&section_ctx)? {
                charts.push((departments::FILE, svg));
                d.chart = Some(departments::FILE);
            }
            if let Some(svg) = departments::gaps_chart(&section_ctx)? {
                charts.push((departments::GAPS_FILE, svg));
                d.gaps_chart = Some(departments::GAPS_FILE);
            }
        }
        let (brand_view, logos) = brand::brand(&section_ctx)?;
        charts.extend(logos);
        let page = Page {
            view: &view,
            colors: Colors::new(),
            brand: brand_view,
            cover: cover::view(&section_ctx),
            dashboard,
            heatmap: layer_map,
            themes: themes::view(&section_ctx),
            departments: compared,
        };
        let ctx = Context::from_serialize(&page).context("building the template context")?;
        let typ = self
            .tera
            .render(assets::REPORT_TEMPLATE.0, &ctx)
            .map_err(|e| {
                anyhow::anyhow!("rendering templates/{}: {e:#}", assets::REPORT_TEMPLATE.0)
            })?;
        Ok(RenderedReport { typ, charts, view })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::report::sections::sample;

    /// The whole Typst source of a sample report: any change to what a report prints shows up
    /// here as a reviewed snapshot difference, without typst.
    #[test]
    fn typst_source_of_the_sample_organization_reports() {
        let renderer = Renderer::new().unwrap();
        for (index, name) in [(0, "gemeente_zuiderveen"), (2, "zorgverzekeraar_anker_en")] {
            let s = sample::organization(index);
            let report = renderer
                .render(&s.context(), &s.quotes, Some("30 september 2026".into()))
                .unwrap();
            insta::assert_snapshot!(format!("report_typ_{name}"), report.typ);
            let files: Vec<&str> = report.charts.iter().map(|(f, _)| *f).collect();
            insta::assert_yaml_snapshot!(format!("charts_{name}"), files);
        }
    }

    /// Reads a printed number back ("+0,4", "−1,2", "6,8", "12%").
    fn read(x: &str) -> Option<f64> {
        let x = x
            .trim()
            .trim_end_matches('%')
            .replace('\u{2212}', "-")
            .replace(',', ".");
        x.trim_start_matches('+').parse().ok()
    }

    /// No printed difference contradicts the printed values it is the difference of: the
    /// mirror table (organization and department report) and the contacts figures.
    #[test]
    fn printed_differences_add_up_in_the_report() {
        let s = sample::last_wave();
        let t = &s.texts;
        let v = mirror::view(&s.context());
        let mut checked = 0;
        for r in v.rows.iter().chain([&v.overall]) {
            let (Some(c), Some(e), Some(g)) =
                (read(&r.customers), read(&r.employees), read(&r.gap))
            else {
                continue;
            };
            assert!(
                (g - (e - c)).abs() < 1e-9,
                "{}: {} {} {}",
                r.label,
                r.employees,
                r.customers,
                r.gap
            );
            checked += 1;
        }
        assert!(checked >= 5);
        // The sample has gaps whose unrounded value would print otherwise, so this test
        // tells the two rules apart.
        let differs = s.metrics.figures.aspects.iter().any(|a| {
            let c = &a.comparison;
            format::opt_signed(c.gap, 1, Language::Nl)
                != format::opt_difference(c.employee.mean, c.customer.mean, 1, Language::Nl)
        });
        assert!(
            differs,
            "no aspect of the sample tells the rounding rules apart"
        );
        let i = contacts::view(&s.context()).unwrap();
        let get = |key: &str| {
            let label = t.get(key);
            read(&i.figures.iter().find(|f| f.label == label).unwrap().value).unwrap()
        };
        let diff = get("interactions_diff");
        assert!(
            (diff - (get("interactions_employee") - get("interactions_customer"))).abs() < 1e-9
        );
        for row in &i.detail.as_ref().unwrap().rows {
            if let (Some(e), Some(c), Some(d)) = (
                read(&row.cells[1]),
                read(&row.cells[2]),
                read(&row.cells[3]),
            ) {
                assert!((d - (e - c)).abs() < 1e-9, "{}: {:?}", row.label, row.cells);
            }
        }
        // The department report's organization column follows the same rule.
        let v = mirror::view(&s.department_context(|_| true));
        let o = &s.metrics.figures.overall;
        assert_eq!(
            v.overall.org_gap.as_deref(),
            Some(&*format::opt_difference(
                o.employee.mean,
                o.customer.mean,
                1,
                Language::Nl
            ))
        );
    }

    #[test]
    fn a_department_report_labels_its_own_figures_with_the_department() {
        let s = sample::last_wave();
        let renderer = Renderer::new().unwrap();
        let t = &s.texts;
        let ctx = s.department_context(|d| d.interactions.is_some());
        let d = ctx.group.department.unwrap();
        let report = renderer.render(&ctx, &s.quotes, None).unwrap();
        let (_, svg) = report
            .charts
            .iter()
            .find(|(f, _)| *f == "interactions.svg")
            .unwrap();
        assert!(
            svg.contains(&*d.name),
            "the department's name labels its figures"
        );
        let whole = s.texts.get("whole_organization");
        assert!(!svg.contains(&*whole), "{whole} in a department report");
        // A department report compares no departments.
        assert!(!report.charts.iter().any(|(f, _)| *f == departments::FILE));
        // It quotes its own customers only, and no employees.
        let own = WaveData {
            customers: (s.quotes.customers.iter())
                .filter(|c| c.department.as_deref() == Some(d.id.as_str()))
                .cloned()
                .collect(),
            ..Default::default()
        };
        let quoted = &report.view.voices;
        let expected = voices::select(&own, VOICES_SHOWN, &t.get("scrubbed")).customers;
        assert!(!expected.is_empty());
        assert_eq!(quoted.customers, expected);
        let all = voices::select(&s.quotes, VOICES_SHOWN, &t.get("scrubbed"));
        assert_ne!(quoted.customers, all.customers);
        assert!(quoted.frustrations.is_empty() && quoted.strategies.is_empty());
    }
}
