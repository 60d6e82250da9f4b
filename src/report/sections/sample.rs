//! The sample organization of `data/` measured as the pipeline does (every wave, trends,
//! then the rules), for the section snapshot tests.

use std::path::Path;

use super::ReportContext;
use crate::analysis::metrics::{DepartmentMetrics, Trends, WaveMetrics};
use crate::analysis::recommend::Recommendation;
use crate::config::Config;
use crate::input::discover::discover;
use crate::input::ingest::WaveData;
use crate::model::{Organization, Wave};
use crate::report::render::i18n::Texts;

/// One organization's last wave with its figures.
pub struct Sample {
    pub config: Config,
    pub org: Organization,
    pub wave: Wave,
    pub metrics: WaveMetrics,
    /// The development up to this wave.
    pub trends: Trends,
    /// Its action cards.
    pub actions: Vec<Recommendation>,
    /// The open answers the report may quote.
    pub quotes: WaveData,
}

impl Sample {
    /// The organization report's context.
    pub fn context<'a>(&'a self, texts: &'a Texts) -> ReportContext<'a> {
        ReportContext {
            config: &self.config,
            org: &self.org,
            wave: &self.wave,
            group: self.metrics.group(),
            trends: Some(&self.trends),
            actions: &self.actions,
            texts,
        }
    }

    /// The context of a department report (without action cards) on the first department
    /// with shown employees that `pick` accepts.
    pub fn department_context<'a>(
        &'a self,
        texts: &'a Texts,
        pick: impl Fn(&DepartmentMetrics) -> bool,
    ) -> ReportContext<'a> {
        let group = (self.metrics.departments.iter())
            .filter(|d| pick(d))
            .find_map(|d| d.group(&self.metrics))
            .expect("a department with shown employees");
        ReportContext {
            group,
            trends: None,
            actions: &[],
            ..self.context(texts)
        }
    }
}

/// The last wave of the first sample organization (`data/gemeente-zuiderveen`).
pub fn last_wave() -> Sample {
    organization(0)
}

/// The last wave of sample organization `index` (in folder order).
pub fn organization(index: usize) -> Sample {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config/spiegel.yaml")).unwrap();
    let found = discover(&root.join("data")).unwrap();
    let org = found.organizations[index].clone();
    let last = crate::analysis::analyze_org(&config, &org)
        .unwrap()
        .pop()
        .unwrap();
    let wave = org.waves.last().unwrap().clone();
    Sample {
        metrics: last.metrics,
        trends: last.trends,
        actions: last.actions,
        quotes: last.quotes,
        config,
        wave,
        org,
    }
}
