//! Metrics → Typst source (Tera 2 templates) and chart SVGs, ready for `typst compile`.
//!
//! Tera is set up once: autoescape on `.typ` templates with our Typst escape function,
//! plus the `typst_str` filter for the few string literals a template needs.

pub mod escape;
pub mod format;
pub mod i18n;
pub mod scrub;
pub mod view;
pub mod voices;

use anyhow::Context as _;
use tera::{Context, Kwargs, State, Tera};

use crate::assets;
use crate::charts::{self, MatrixChart, MatrixPoint, MirrorChart, MirrorRow};
use crate::config::{Config, Language};
use crate::ingest::WaveData;
use crate::metrics::{ImportanceSource, WaveMetrics};
use crate::model::{Organization, Wave};
use i18n::Texts;

/// Open answers shown per kind (customers; half as many of each employee question).
const VOICES_SHOWN: usize = 8;

/// A rendered report: the Typst source and the files it includes.
#[derive(Debug)]
pub struct RenderedReport {
    /// Typst source of the report.
    pub typ: String,
    /// Charts: (file name, SVG text).
    pub charts: Vec<(&'static str, String)>,
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

    /// Render the organization report of one wave.
    pub fn organization_report(
        &self,
        config: &Config,
        org: &Organization,
        wave: &Wave,
        metrics: &WaveMetrics,
        data: &WaveData,
        report_date: Option<String>,
    ) -> anyhow::Result<RenderedReport> {
        let t = self.texts(metrics.language);
        let voices = voices::select(data, VOICES_SHOWN, &t.get("scrubbed"));
        let view = view::build(config, org, wave, metrics, t, report_date, voices);
        let ctx = Context::from_serialize(&view).context("building the template context")?;
        let typ = self
            .tera
            .render(assets::REPORT_TEMPLATE.0, &ctx)
            .map_err(|e| {
                anyhow::anyhow!("rendering templates/{}: {e:#}", assets::REPORT_TEMPLATE.0)
            })?;
        let mut charts = vec![("mirror.svg", mirror_chart(config, metrics, t)?)];
        if let Some(svg) = matrix_chart(config, metrics, t)? {
            charts.push(("matrix.svg", svg));
        }
        Ok(RenderedReport { typ, charts })
    }
}

fn aspect_label<'c>(config: &'c Config, id: &'c str, lang: Language) -> &'c str {
    config
        .questionnaire
        .aspects
        .iter()
        .find(|a| a.id == id)
        .map_or(id, |a| a.label.get(lang))
}

fn mirror_chart(config: &Config, m: &WaveMetrics, t: &Texts) -> anyhow::Result<String> {
    let lang = t.lang();
    let rows = view::by_gap(m)
        .into_iter()
        .filter_map(|a| {
            Some(MirrorRow {
                label: aspect_label(config, &a.id, lang).to_string(),
                customer: a.comparison.customer.mean?,
                employee: a.comparison.employee.mean,
                significant: a.comparison.significant,
            })
        })
        .collect();
    let chart = MirrorChart {
        title: t.get("mirror_chart_title"),
        x_label: t.get("mirror_x_label"),
        customer_label: t.get("customers"),
        employee_label: t.get("employees_prediction"),
        significant_note: t.get("significant_note"),
        scale_min: config.scales.rating.min,
        scale_max: config.scales.rating.max,
        rows,
    };
    charts::mirror_svg(&chart)
}

fn matrix_chart(config: &Config, m: &WaveMetrics, t: &Texts) -> anyhow::Result<Option<String>> {
    let lang = t.lang();
    let (Some(source), Some(cross_x), Some(cross_y)) = (
        m.importance.source,
        m.importance.crosshair_performance,
        m.importance.crosshair_importance,
    ) else {
        return Ok(None);
    };
    let points = m
        .aspects
        .iter()
        .filter_map(|a| {
            let importance = match source {
                ImportanceSource::Stated => a.importance.customer.mean,
                ImportanceSource::Derived => a.importance.derived,
            };
            Some(MatrixPoint {
                label: aspect_label(config, &a.id, lang).to_string(),
                performance: a.comparison.customer.mean?,
                importance: importance?,
                quadrant: a.quadrant?,
            })
        })
        .collect();
    let y_key = match source {
        ImportanceSource::Stated => "matrix_y_label",
        ImportanceSource::Derived => "matrix_y_label_derived",
    };
    let chart = MatrixChart {
        title: t.get("matrix_title"),
        x_label: t.get("matrix_x_label"),
        y_label: t.get(y_key),
        quadrant_labels: [
            t.get("quadrant_concentrate_here"),
            t.get("quadrant_keep_up_the_good_work"),
            t.get("quadrant_low_priority"),
            t.get("quadrant_possible_overkill"),
        ],
        cross_x,
        cross_y,
        points,
    };
    charts::matrix_svg(&chart).map(Some)
}
