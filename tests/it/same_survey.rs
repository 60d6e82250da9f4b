//! The same survey, written three ways — clean UTF-8 CSV, Dutch Excel CSV (`;`, decimal
//! comma, Windows-1252, CRLF, `ja`/`nee`, `n.v.t.`, department and layer names) and a
//! Qualtrics export read through a column mapping with value labels — gives the same
//! responses and the same metrics.

use std::path::{Path, PathBuf};

use spiegel::analysis::metrics;
use spiegel::config::Config;
use spiegel::input::ingest::{WaveData, read_wave};
use spiegel::model::{Organization, Wave};

use super::common::fixture_wave;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(format: &str) -> (Config, Organization, Wave, WaveData) {
    let config = Config::load(&fixture("ingest/spiegel.yaml")).unwrap();
    let dir = fixture("same-survey").join(format);
    let (org, wave) = fixture_wave(&dir, "testdorp", "2026-Q1");
    let data = read_wave(&config, &org, &wave).unwrap_or_else(|e| panic!("{format}: {e}"));
    (config, org, wave, data)
}

fn metrics_without_provenance(format: &str) -> serde_json::Value {
    let (config, org, wave, data) = read(format);
    let mut m = serde_json::to_value(metrics::compute(&config, &org, &wave, &data)).unwrap();
    // Encodings and delimiters differ by design; the row accounting is compared separately.
    m.as_object_mut().unwrap().remove("data_quality");
    m
}

#[test]
fn every_format_reads_cleanly_and_accounts_for_every_row() {
    for format in ["clean", "excel-nl", "qualtrics"] {
        let (.., data) = read(format);
        assert!(
            data.quality.findings.is_empty(),
            "{format}: {:#?}",
            data.quality.findings
        );
        for (file, s) in &data.quality.files {
            assert!(s.is_balanced(), "{format}/{file}: {s:?}");
            assert_eq!(s.rows_read, s.rows_used, "{format}/{file}");
        }
        assert_eq!(data.customers.len(), 16, "{format}");
        assert_eq!(data.employees.len(), 14, "{format}");
    }
}

#[test]
fn excel_and_qualtrics_give_the_same_responses_as_clean_csv() {
    let (.., clean) = read("clean");
    for format in ["excel-nl", "qualtrics"] {
        let (.., other) = read(format);
        assert_eq!(other.customers, clean.customers, "{format}: customers");
        assert_eq!(other.employees, clean.employees, "{format}: employees");
    }
    // The fixture really exercises the messy parts.
    assert!(clean.customers.iter().any(|c| c.overall == Some(7.5)));
    assert!(clean.customers.iter().any(|c| {
        c.comment
            .as_deref()
            .is_some_and(|t| t.contains('€') && t.contains("Één"))
            || c.comment.as_deref().is_some_and(|t| t.contains('\n'))
    }));
}

#[test]
fn excel_and_qualtrics_give_the_same_metrics_as_clean_csv() {
    let clean = metrics_without_provenance("clean");
    assert_eq!(metrics_without_provenance("excel-nl"), clean);
    assert_eq!(metrics_without_provenance("qualtrics"), clean);
}

#[test]
fn the_formats_are_detected_per_file() {
    let (.., excel) = read("excel-nl");
    let c = &excel.quality.files["customers.csv"];
    assert_eq!(
        (c.encoding.as_str(), c.delimiter.as_str()),
        ("windows-1252", ";")
    );
    let (.., q) = read("qualtrics");
    let c = &q.quality.files["customers.csv"];
    assert_eq!((c.encoding.as_str(), c.delimiter.as_str()), ("UTF-8", ","));
}
