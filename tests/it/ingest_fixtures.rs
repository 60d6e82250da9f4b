//! One fixture directory per input format and per error kind, each with the exact output
//! expected. See `tests/fixtures/ingest/README.md`; to accept new output after an intended
//! change run `SPIEGEL_BLESS=1 cargo test --test ingest_fixtures` and review the diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use spiegel::config::Config;
use spiegel::input::ingest::{WaveData, read_wave};

use super::common::fixture_wave;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest")
}

/// Copy `_base`, then the scenario's own files over it, into a temporary wave folder.
fn stage(scenario: &Path, into: &Path) {
    for dir in [fixtures().join("_base"), scenario.to_path_buf()] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap();
            if name == "expected.txt" || name == "README.md" {
                continue;
            }
            // `employees.csv.missing` means: this scenario has no employees.csv.
            if let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".missing")) {
                std::fs::remove_file(into.join(stem)).unwrap();
                continue;
            }
            std::fs::copy(&path, into.join(name)).unwrap();
        }
    }
}

/// What a scenario produces, with paths relative to its folder.
fn run(scenario: &Path) -> String {
    let config = Config::load(&fixtures().join("spiegel.yaml")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    stage(scenario, dir);
    let (org, wave) = fixture_wave(dir, "fixture", "wave");
    let out = match read_wave(&config, &org, &wave) {
        Ok(data) => describe(&data),
        Err(e) => format!("error: {e}\n"),
    };
    let prefix = format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
    out.replace(&prefix, "")
}

fn describe(data: &WaveData) -> String {
    let mut out = String::new();
    let counts = |m: &std::collections::BTreeMap<&str, u64>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (file, s) in &data.quality.files {
        assert!(
            s.is_balanced(),
            "{file}: rows read ≠ used + rejected: {s:?}"
        );
        write!(
            out,
            "{file}: {} '{}'; read {}, used {}, rejected {}",
            s.encoding,
            s.delimiter,
            s.rows_read,
            s.rows_used,
            s.rejected()
        )
        .unwrap();
        if !s.rows_rejected.is_empty() {
            write!(out, " ({})", counts(&s.rows_rejected)).unwrap();
        }
        let missing: u64 = s.values_missing.values().sum();
        if missing > 0 {
            write!(
                out,
                "; values missing {missing} ({})",
                counts(&s.values_missing)
            )
            .unwrap();
        }
        out.push('\n');
    }
    for f in &data.quality.findings {
        writeln!(out, "{f} [{}]", f.reason).unwrap();
    }
    let num = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |x| x.to_string());
    let nums = |xs: &[Option<f64>]| xs.iter().map(|x| num(*x)).collect::<Vec<_>>().join(" ");
    let flag = |b: Option<bool>| match b {
        Some(true) => "ja",
        Some(false) => "nee",
        None => "-",
    };
    for c in &data.customers {
        writeln!(
            out,
            "customer {} dept={} overall={} scores=[{}] importance=[{}] complaint={} resolved={} score={} repeat={} comment={:?}",
            c.respondent_id,
            c.department.as_deref().unwrap_or("-"),
            num(c.overall),
            nums(&c.scores),
            nums(&c.importance),
            flag(c.complaint),
            flag(c.complaint_resolved),
            num(c.complaint_score),
            flag(c.complaint_repeat),
            c.comment.as_deref().unwrap_or(""),
        )
        .unwrap();
    }
    for e in &data.employees {
        writeln!(
            out,
            "employee {} dept={} layer={} contact={} overall={} scores=[{}] frustrations={:?}",
            e.respondent_id,
            e.department.as_deref().unwrap_or("-"),
            e.layer,
            flag(e.customer_contact),
            num(e.overall),
            nums(&e.scores),
            e.frustrations.as_deref().unwrap_or(""),
        )
        .unwrap();
    }
    out
}

#[test]
fn every_scenario_gives_its_expected_output() {
    let bless = std::env::var_os("SPIEGEL_BLESS").is_some();
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 20, "fixtures not found");
    let mut failed = Vec::new();
    for scenario in &scenarios {
        let got = run(scenario);
        let expected_path = scenario.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failed.push(format!(
                "── {} ──\nexpected:\n{expected}\ngot:\n{got}",
                scenario.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} scenario(s) differ (SPIEGEL_BLESS=1 accepts the new output):\n{}",
        failed.len(),
        failed.join("\n")
    );
}
