//! Organizations with their own questionnaires (`questionnaire:` in `org.yaml`) side by side
//! in one run: each is read, measured, trended and rendered with its own aspects, and an
//! aspect added between waves still trends. Needs no typst (the report source is checked).

use std::fmt::Write as _;
use std::path::Path;

use spiegel::analysis::metrics::WaveMetrics;
use spiegel::config::Config;
use spiegel::input::discover::discover;
use spiegel::report::render::Renderer;
use spiegel::report::sections::ReportContext;

use super::common::{shipped_aspects, shipped_config, write};

fn base_config(data: &Path) -> Config {
    let mut c = Config::load(&shipped_config()).unwrap();
    c.paths.data = data.to_path_buf();
    c
}

/// A deterministic wave: `n` customers and employees rating `aspects`.
fn wave(dir: &Path, aspects: &[&str], n: usize, shift: usize) {
    let mut c = String::from("respondent_id,department,overall");
    let mut e = String::from("respondent_id,department,layer,overall");
    for a in aspects {
        write!(c, ",{a}").unwrap();
        write!(e, ",{a}").unwrap();
    }
    for a in aspects {
        write!(c, ",imp_{a}").unwrap();
    }
    c.push('\n');
    e.push('\n');
    let depts = ["Service", "Onderhoud"];
    let layers = ["frontline", "management", "board"];
    for i in 0..n {
        write!(c, "c{i},{},{}", depts[i % 2], 4 + (i + shift) % 6).unwrap();
        write!(
            e,
            "e{i},{},{},{}",
            depts[i % 2],
            layers[i % 3],
            5 + (i * 3 + shift) % 5
        )
        .unwrap();
        for (k, _) in aspects.iter().enumerate() {
            write!(c, ",{}", 3 + (i * (k + 2) + shift) % 8).unwrap();
            write!(e, ",{}", 4 + (i * (k + 1) + shift) % 7).unwrap();
        }
        for (k, _) in aspects.iter().enumerate() {
            write!(c, ",{}", 1 + (i + k) % 5).unwrap();
        }
        c.push('\n');
        e.push('\n');
    }
    write(&dir.join("customers.csv"), &c);
    write(&dir.join("employees.csv"), &e);
}

fn ids(m: &WaveMetrics) -> Vec<String> {
    m.figures.aspects.iter().map(|a| a.id.clone()).collect()
}

#[test]
fn two_questionnaires_in_one_run_and_an_aspect_added_between_waves() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    // Alpha does not ask about privacy and calls waiting time its own name.
    write(
        &data.join("alpha/org.yaml"),
        "name: Alpha\ndepartments: [Service, Onderhoud]\nquestionnaire:\n  drop: [privacy]\n  \
         relabel:\n    wachttijd: { nl: Wachten aan de balie, en: Waiting at the desk }\n",
    );
    let base = shipped_aspects();
    let alpha_aspects = &base[..9];
    wave(&data.join("alpha/2026-Q1"), alpha_aspects, 40, 0);
    wave(&data.join("alpha/2026-Q2"), alpha_aspects, 40, 1);
    // Beta added digital services in its second wave.
    write(
        &data.join("beta/org.yaml"),
        "name: Beta\ndepartments: [Service, Onderhoud]\nquestionnaire:\n  add:\n    - id: digitaal\n      \
         label: { nl: Digitale dienstverlening, en: Digital services }\n      category: functional\n",
    );
    let mut beta_aspects = base.clone();
    wave(&data.join("beta/2026-Q1"), &beta_aspects, 40, 2);
    beta_aspects.push("digitaal");
    wave(&data.join("beta/2026-Q2"), &beta_aspects, 40, 3);

    let base = base_config(data);
    let found = discover(data).unwrap();
    assert!(found.failures.is_empty(), "{:?}", found.failures);
    let renderer = Renderer::new().unwrap();
    let mut results = Vec::new();
    let mut workbooks = Vec::new();
    for org in &found.organizations {
        let config = org.config(&base).unwrap();
        let analysed = spiegel::analysis::analyze_org(&config, org).unwrap();
        let (wave, last) = (org.waves.last().unwrap(), analysed.last().unwrap());
        let texts = renderer.texts(org.meta.language);
        let ctx = ReportContext::organization(&config, org, wave, last, texts);
        let xlsx = spiegel::report::sections::workbook::workbook(&ctx).unwrap();
        workbooks.push(shared_strings(&xlsx));
        let typ = renderer
            .organization_report(&config, org, wave, last, None)
            .unwrap()
            .typ;
        let (waves, trends): (Vec<WaveMetrics>, Vec<_>) =
            analysed.into_iter().map(|a| (a.metrics, a.trends)).unzip();
        results.push((org.id.clone(), waves, trends, typ));
    }
    let (_, alpha, alpha_trends, alpha_typ) = &results[0];
    let (_, beta, beta_trends, beta_typ) = &results[1];

    // Each organization is measured on its own questionnaire.
    assert_eq!(ids(&alpha[1]), alpha_aspects);
    assert_eq!(ids(&beta[1]), beta_aspects);
    assert!(
        alpha[1].data_quality.findings.is_empty(),
        "{:?}",
        alpha[1].data_quality.findings
    );
    // Each report shows its own aspects and labels.
    assert!(alpha_typ.contains("Wachten aan de balie"));
    assert!(!alpha_typ.contains("omgaan met privacy"));
    assert!(beta_typ.contains("Digitale dienstverlening"));
    assert!(beta_typ.contains("omgaan met privacy"));
    assert!(!beta_typ.contains("Wachten aan de balie"));
    // And so does each workbook.
    assert!(workbooks[0].contains("Wachten aan de balie"));
    assert!(!workbooks[0].contains("omgaan met privacy"));
    assert!(workbooks[1].contains("Digitale dienstverlening"));

    // The first wave of Beta has no column for the added aspect: a note, not a silent gap.
    let notes: Vec<String> = beta[0]
        .data_quality
        .findings
        .iter()
        .filter(|f| f.reason == "aspect_column_missing")
        .map(|f| f.to_string())
        .collect();
    assert_eq!(notes.len(), 2, "customers and employees: {notes:?}");
    assert!(
        notes[0].contains("aspect 'digitaal' (Digitale dienstverlening)"),
        "{notes:?}"
    );
    assert!(
        notes[0].contains("beta/2026-Q1/customers.csv:1:"),
        "{notes:?}"
    );

    // Trends survive the added aspect: a gap in the wave without it, values where it exists,
    // and the other aspects trend in both waves.
    let trends = &beta_trends[1];
    let figure = |id: &str| trends.figures.iter().find(|f| f.id == id).unwrap();
    let digitaal = figure("aspect.digitaal.customer");
    assert!(digitaal.values[0].is_none() && digitaal.values[1].is_some());
    assert!(digitaal.change.is_none());
    let wachttijd = figure("aspect.wachttijd.customer");
    assert!(wachttijd.values.iter().all(Option::is_some));
    assert!(wachttijd.change.is_some());
    let alpha_trends = &alpha_trends[1];
    assert!(
        !alpha_trends
            .figures
            .iter()
            .any(|f| f.id.contains("privacy"))
    );
}

#[test]
fn a_questionnaire_change_naming_an_unknown_aspect_fails_that_organization() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("gamma/org.yaml"),
        "name: Gamma\nquestionnaire: { drop: [privasy] }\n",
    );
    wave(&tmp.path().join("gamma/2026-Q1"), &shipped_aspects(), 5, 0);
    let found = discover(tmp.path()).unwrap();
    let err = found.organizations[0]
        .config(&base_config(tmp.path()))
        .unwrap_err()
        .to_string();
    assert!(err.contains("gamma/org.yaml:2:25: "), "{err}");
    assert!(
        err.contains("example:  questionnaire: { drop: [privacy]"),
        "{err}"
    );
    assert!(
        err.contains("questionnaire.drop: 'privasy' is not an aspect"),
        "{err}"
    );
}

/// The text cells of an xlsx workbook.
fn shared_strings(xlsx: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut text = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}
