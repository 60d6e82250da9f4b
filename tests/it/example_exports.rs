//! The shipped examples of survey-tool exports (`examples/exports/`) read without a single
//! finding and give exactly the responses of the bundled sample they were exported from.

use std::path::Path;

use spiegel::config::Config;
use spiegel::input::discover::discover;
use spiegel::input::ingest::{WaveData, read_wave};

fn read(config_path: &str) -> WaveData {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut config = Config::load(&root.join(config_path)).unwrap();
    config.paths.data = root.join(&config.paths.data);
    let found = discover(&config.paths.data).unwrap();
    assert!(found.failures.is_empty(), "{:?}", found.failures);
    let org = found
        .organizations
        .iter()
        .find(|o| o.id == "zorgverzekeraar-anker")
        .unwrap();
    let wave = org.waves.iter().find(|w| w.id == "2026-Q3").unwrap();
    read_wave(&config, org, wave).unwrap_or_else(|e| panic!("{config_path}: {e}"))
}

/// The responses without their ids: each tool numbers respondents its own way.
fn anonymous(mut data: WaveData) -> WaveData {
    data.customers
        .iter_mut()
        .for_each(|c| c.respondent_id.clear());
    data.employees
        .iter_mut()
        .for_each(|e| e.respondent_id.clear());
    data
}

#[test]
fn qualtrics_and_limesurvey_examples_read_like_the_sample_they_came_from() {
    let sample = anonymous(read("config/spiegel.yaml"));
    assert!(sample.customers.len() > 100);
    for example in [
        "examples/exports/qualtrics/spiegel.yaml",
        "examples/exports/limesurvey/spiegel.yaml",
    ] {
        let data = read(example);
        assert!(
            data.quality.findings.is_empty(),
            "{example}: {:#?}",
            &data.quality.findings[..data.quality.findings.len().min(5)]
        );
        for (file, s) in &data.quality.files {
            assert!(
                s.is_balanced() && s.rows_read == s.rows_used,
                "{example} {file}"
            );
        }
        let data = anonymous(data);
        assert_eq!(data.customers, sample.customers, "{example}: customers");
        assert_eq!(data.employees, sample.employees, "{example}: employees");
    }
}
