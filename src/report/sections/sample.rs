//! The shared fixture of the section tests: one organization's wave with its figures and
//! action cards, read in one language, and the one [`ReportContext`] built from it. The
//! sample organizations of `data/` are measured as the pipeline does (every wave, trends,
//! then the rules); a hand-made wave becomes a sample with [`Sample::new`].

use std::path::Path;

use super::ReportContext;
use crate::analysis::metrics::{DepartmentMetrics, Trends, WaveMetrics};
use crate::analysis::recommend::Recommendation;
use crate::config::{Config, Language};
use crate::input::discover::discover;
use crate::input::ingest::WaveData;
use crate::model::{Organization, Wave};
use crate::report::render::i18n::Texts;

/// One organization's wave with its figures, in its report language.
pub struct Sample {
    pub config: Config,
    pub org: Organization,
    pub wave: Wave,
    pub metrics: WaveMetrics,
    /// The development up to this wave (none in a hand-made wave).
    pub trends: Option<Trends>,
    /// Its action cards.
    pub actions: Vec<Recommendation>,
    /// The open answers the report may quote.
    pub quotes: WaveData,
    /// The translation table the report is read in: the organization's language unless a
    /// test asks for another ([`Sample::in_language`]).
    pub texts: Texts,
}

impl Sample {
    /// A hand-made wave with its figures and cards, in the organization's language and with
    /// nothing to quote.
    pub fn new(
        config: Config,
        org: Organization,
        wave: Wave,
        metrics: WaveMetrics,
        actions: Vec<Recommendation>,
    ) -> Sample {
        let texts = Texts::load(org.meta.language).unwrap();
        Sample {
            config,
            org,
            wave,
            metrics,
            trends: None,
            actions,
            quotes: WaveData::default(),
            texts,
        }
    }

    /// The same sample read in `lang`.
    pub fn in_language(mut self, lang: Language) -> Sample {
        self.texts = Texts::load(lang).unwrap();
        self
    }

    /// The organization report's context.
    pub fn context(&self) -> ReportContext<'_> {
        ReportContext {
            config: &self.config,
            org: &self.org,
            wave: &self.wave,
            group: self.metrics.group(),
            trends: self.trends.as_ref(),
            actions: &self.actions,
            texts: &self.texts,
        }
    }

    /// The context of a department report (without action cards) on the first department
    /// with shown employees that `pick` accepts.
    pub fn department_context(
        &self,
        pick: impl Fn(&DepartmentMetrics) -> bool,
    ) -> ReportContext<'_> {
        let group = (self.metrics.departments.iter())
            .filter(|d| pick(d))
            .find_map(|d| d.group(&self.metrics))
            .expect("a department with shown employees");
        ReportContext {
            group,
            trends: None,
            actions: &[],
            ..self.context()
        }
    }
}

/// The last wave of the first sample organization (`data/gemeente-zuiderveen`, Dutch).
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
        quotes: last.quotes,
        trends: Some(last.trends),
        ..Sample::new(config, org, wave, last.metrics, last.actions)
    }
}
