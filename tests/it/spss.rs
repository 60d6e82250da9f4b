//! SPSS input: the same survey as CSV, as `.sav` (bytecode-compressed and uncompressed) and
//! as `.zsav` gives the same responses and a byte-identical `metrics.json`; value labels and
//! declared missing values are honoured; findings name the file, the case and the variable.
//! The SPSS files were written by pyreadstat (tests/fixtures/sav/make_fixtures.py).

use std::path::{Path, PathBuf};

use spiegel::analysis::metrics;
use spiegel::config::Config;
use spiegel::input::ingest::{WaveData, read_wave};
use spiegel::model::{Organization, Wave};

use super::common::fixture_wave;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn read(dir: &Path) -> (Config, Organization, Wave, WaveData) {
    let config = Config::load(&fixtures().join("ingest/spiegel.yaml")).unwrap();
    let (org, wave) = fixture_wave(dir, "testdorp", "2026-Q1");
    let data = read_wave(&config, &org, &wave).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    (config, org, wave, data)
}

/// `metrics.json` as the run writes it, without the data-quality block (it names the files,
/// which differ by design: customers.csv against customers.sav).
fn metrics_json(dir: &Path) -> (String, WaveData) {
    let (config, org, wave, data) = read(dir);
    let mut m = metrics::compute(&config, &org, &wave, &data);
    m.data_quality = Default::default();
    (serde_json::to_string_pretty(&m).unwrap(), data)
}

#[test]
fn the_same_survey_as_csv_sav_and_zsav_gives_byte_identical_metrics() {
    let (csv, csv_data) = metrics_json(&fixtures().join("same-survey/clean"));
    for format in ["sav", "zsav"] {
        let (spss, data) = metrics_json(&fixtures().join("sav/same-survey").join(format));
        assert!(
            data.quality.findings.is_empty(),
            "{format}: {:#?}",
            data.quality.findings
        );
        assert_eq!(data.customers, csv_data.customers, "{format}: customers");
        assert_eq!(data.employees, csv_data.employees, "{format}: employees");
        assert!(spss == csv, "{format}: metrics.json differs from the CSV's");
        for (file, s) in &data.quality.files {
            assert!(file.ends_with(&format!(".{format}")), "{file}");
            assert!(
                s.is_balanced() && s.rows_read == s.rows_used,
                "{file}: {s:?}"
            );
        }
        assert_eq!(data.quality.files.len(), 2);
    }
}

#[test]
fn value_labels_and_declared_missing_values_are_honoured() {
    let (.., data) = read(&fixtures().join("sav/same-survey/sav"));
    // Departments and layers are numeric codes with value labels in the file.
    assert_eq!(
        data.customers[0].department.as_deref(),
        Some("klantcontact")
    );
    assert!(data.employees.iter().any(|e| e.layer == 3));
    // Yes/no answers are coded 1 = Ja, 2 = Nee.
    assert_eq!(data.customers[0].complaint, Some(false));
    assert_eq!(data.customers[1].complaint, Some(true));
    // "Weet niet" (9, declared missing) and 99 (in the missing range 98-99) are no answers,
    // not out-of-range values.
    assert_eq!(data.customers[0].importance[1], None);
    assert!(data.quality.findings.is_empty());
}

#[test]
fn findings_name_the_file_the_case_and_the_variable() {
    let (.., data) = read(&fixtures().join("sav/findings"));
    let f: Vec<String> = data
        .quality
        .findings
        .iter()
        .map(|f| f.to_string())
        .collect();
    let find = |needle: &str| {
        f.iter()
            .find(|x| x.contains(needle))
            .cloned()
            .unwrap_or_default()
    };
    let range = find("outside the scale");
    assert!(
        range.contains("customers.sav:2:3: 11 is outside the scale 1–10"),
        "{f:?}"
    );
    assert!(range.ends_with("(case 2, variable overall)"), "{range}");
    let dup = find("duplicate respondent id");
    assert!(
        dup.contains("customers.sav:3:1:") && dup.ends_with("(case 3, variable respondent_id)"),
        "{dup}"
    );
    let dept = find("unknown department");
    assert!(
        dept.contains("customers.sav:4:2: unknown department '3'"),
        "{dept}"
    );
    assert!(dept.ends_with("(case 4, variable department)"), "{dept}");
    assert_eq!(data.customers.len(), 3);
}

#[test]
fn a_wave_with_both_a_csv_and_an_spss_file_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let src = fixtures().join("sav/same-survey/sav");
    for f in ["org.yaml", "customers.sav", "employees.sav"] {
        std::fs::copy(src.join(f), tmp.path().join(f)).unwrap();
    }
    std::fs::write(
        tmp.path().join("customers.csv"),
        "respondent_id,overall\nc1,7\n",
    )
    .unwrap();
    let config = Config::load(&fixtures().join("ingest/spiegel.yaml")).unwrap();
    let text = std::fs::read_to_string(tmp.path().join("org.yaml")).unwrap();
    let org = Organization {
        id: "x".into(),
        dir: tmp.path().to_path_buf(),
        meta: serde_saphyr::from_str(&text).unwrap(),
        waves: Vec::new(),
    };
    let wave = Wave {
        id: "w".into(),
        dir: tmp.path().to_path_buf(),
        meta: Default::default(),
    };
    let err = read_wave(&config, &org, &wave).unwrap_err().to_string();
    assert!(err.contains("customers.csv and customers.sav"), "{err}");
}

#[test]
fn variable_labels_are_the_default_aspect_labels() {
    let tmp = tempfile::tempdir().unwrap();
    let org_dir = tmp.path().join("testdorp");
    let wave = org_dir.join("2026-Q1");
    std::fs::create_dir_all(&wave).unwrap();
    let src = fixtures().join("sav/same-survey/sav");
    std::fs::copy(src.join("org.yaml"), org_dir.join("org.yaml")).unwrap();
    for f in ["customers.sav", "employees.sav"] {
        std::fs::copy(src.join(f), wave.join(f)).unwrap();
    }
    // The configuration leaves two aspects without a label.
    let text = std::fs::read_to_string(fixtures().join("ingest/spiegel.yaml")).unwrap();
    let text = text
        .replace(
            "      label: { nl: \"Wachttijd\", en: \"Waiting time\" }\n",
            "",
        )
        .replace(
            "      label: { nl: \"Deskundigheid\", en: \"Expertise\" }\n",
            "",
        );
    let base = Config::parse(Path::new("spiegel.yaml"), &text).unwrap();
    let found = spiegel::input::discover::discover(tmp.path()).unwrap();
    let org = &found.organizations[0];
    let config = org.config(&base).unwrap();
    use spiegel::config::Language::{En, Nl};
    assert_eq!(
        config.aspect_label("wachttijd", Nl),
        "Hoe tevreden bent u over de wachttijd?"
    );
    assert_eq!(
        config.aspect_label("deskundigheid", En),
        "Hoe deskundig was de medewerker?"
    );
    // A label in the configuration wins over the variable label.
    assert_eq!(config.aspect_label("inleving", Nl), "Inleving");
    // Without an SPSS file the id stands in.
    assert_eq!(base.aspect_label("wachttijd", Nl), "wachttijd");
}

/// A sample wave with its files in `dir` (its `org.yaml` from the bundled sample).
fn sample_metrics(dir: &Path) -> (String, WaveData) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&repo.join("config/spiegel.yaml")).unwrap();
    let org_dir = repo.join("data/gemeente-zuiderveen");
    let text = std::fs::read_to_string(org_dir.join("org.yaml")).unwrap();
    let org = Organization {
        id: "gemeente-zuiderveen".into(),
        dir: org_dir,
        meta: serde_saphyr::from_str(&text).unwrap(),
        waves: Vec::new(),
    };
    let wave = Wave {
        id: "2026-Q3".into(),
        dir: dir.to_path_buf(),
        meta: Default::default(),
    };
    let data = read_wave(&config, &org, &wave).unwrap();
    let mut m = metrics::compute(&config, &org, &wave, &data);
    m.data_quality = Default::default();
    (serde_json::to_string_pretty(&m).unwrap(), data)
}

#[test]
fn the_sample_wave_as_sav_and_zsav_gives_byte_identical_metrics_for_every_file_kind() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (csv, csv_data) = sample_metrics(&repo.join("data/gemeente-zuiderveen/2026-Q3"));
    assert!(!csv_data.interactions.is_empty() && !csv_data.mood.is_empty());
    assert!(!csv_data.complaints.is_empty());
    for format in ["sav", "zsav"] {
        let (spss, data) = sample_metrics(&fixtures().join("sav/sample").join(format));
        assert_eq!(data.quality.files.len(), 5, "{format}: every file kind");
        for (file, s) in &data.quality.files {
            let csv_name = file.replace(&format!(".{format}"), ".csv");
            let c = &csv_data.quality.files[&csv_name];
            assert_eq!(
                (s.rows_read, s.rows_used, s.rejected()),
                (c.rows_read, c.rows_used, c.rejected()),
                "{format}: {file}"
            );
        }
        assert_eq!(
            data.quality.findings.len(),
            csv_data.quality.findings.len(),
            "{format}: {:#?}",
            data.quality.findings
        );
        assert_eq!(
            data.complaints, csv_data.complaints,
            "{format}: complaint log dates"
        );
        assert_eq!(data.mood, csv_data.mood, "{format}: mood");
        assert!(spss == csv, "{format}: metrics.json differs from the CSV's");
    }
}
