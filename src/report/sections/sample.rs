//! The sample organization of `data/` measured as the pipeline does (every wave, trends,
//! then the rules), for the section snapshot tests.

use std::path::Path;

use super::{Kind, ReportContext};
use crate::analysis::metrics::{self, WaveMetrics};
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
            metrics: &self.metrics,
            texts,
            kind: Kind::Organization,
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
    let mut measured: Vec<metrics::Measured> = org
        .waves
        .iter()
        .map(|w| metrics::measure(&config, &org, w).unwrap())
        .collect();
    let quotes = measured.pop().unwrap();
    let mut waves: Vec<WaveMetrics> = measured.into_iter().map(|m| m.metrics).collect();
    waves.push(quotes.metrics);
    let quotes = quotes.quotes;
    metrics::attach_trends(&config, &mut waves);
    for m in &mut waves {
        m.recommendations = crate::analysis::recommend::recommend(m, &config);
    }
    let wave = org.waves.last().unwrap().clone();
    Sample {
        metrics: waves.pop().unwrap(),
        quotes,
        config,
        wave,
        org,
    }
}
