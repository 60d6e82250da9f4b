//! The PowerPoint deck, read back by independent readers: python-pptx opens every deck of
//! the sample and finds the slides, titles, native tables, pictures and notes; LibreOffice
//! converts a deck to PDF. The decks are built in-process (no typst needed).
//!
//! Needs python3 with python-pptx and LibreOffice (`soffice`); scripts/test installs both.

use std::path::{Path, PathBuf};
use std::process::Command;

use spiegel::config::Config;
use spiegel::input::discover::discover;
use spiegel::model::Organization;
use spiegel::report::document::Renderer;
use spiegel::report::pptx;

use super::common::{python_json_lines, repo, shipped_config};

/// The deck of the latest wave of `org`, as the pipeline builds it.
fn deck(config: &Config, renderer: &Renderer, org: &Organization) -> Vec<u8> {
    let last = spiegel::analysis::analyze_org(config, org)
        .unwrap()
        .pop()
        .unwrap();
    let wave = org.waves.last().unwrap();
    let date = Some("27 maart 2026".into());
    let report = renderer
        .organization_report(config, org, wave, &last, date)
        .unwrap();
    let m = &last.metrics;
    let texts = renderer.texts(m.language);
    let brand = pptx::Rgb::parse(&spiegel::report::sections::brand::accent(
        &org.meta.brand,
        &config.agency,
    ));
    let d = pptx::content::organization_deck(config, m, &report, texts, brand).unwrap();
    pptx::write(&d).unwrap()
}

fn python_pptx(decks: &[PathBuf]) -> Vec<serde_json::Value> {
    let mut cmd = Command::new("python3");
    cmd.arg(repo().join("tests/support/deck_check.py"))
        .args(decks);
    python_json_lines(
        cmd,
        "python-pptx could not read the decks (scripts/test installs python-pptx)",
    )
}

fn sample() -> (Config, Vec<Organization>) {
    let config = Config::load(&shipped_config()).unwrap();
    let found = discover(&repo().join("data")).unwrap();
    assert!(found.failures.is_empty());
    (config, found.organizations)
}

#[test]
fn python_pptx_finds_every_slide_table_picture_and_note_of_every_sample_deck() {
    let (config, orgs) = sample();
    let renderer = Renderer::new().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for org in &orgs {
        let bytes = deck(&config, &renderer, org);
        // Deterministic: the same inputs give the same bytes.
        assert_eq!(bytes, deck(&config, &renderer, org), "{}", org.id);
        let path = tmp.path().join(format!("{}.pptx", org.id));
        std::fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    let read = python_pptx(&paths);
    assert_eq!(read.len(), orgs.len());
    for (org, deck) in orgs.iter().zip(&read) {
        let slides = deck["slides"].as_array().unwrap();
        let titles: Vec<&str> = slides
            .iter()
            .map(|s| s["title"].as_str().unwrap())
            .collect();
        let nl = org.meta.language == spiegel::config::Language::Nl;
        // Title slide: the organization, in the report's accent colour (the sample has no
        // brand, so the agency's).
        assert_eq!(titles[0], org.meta.name);
        let accent =
            spiegel::report::sections::brand::accent(&Default::default(), &Default::default());
        assert_eq!(
            slides[0]["background"],
            accent.trim_start_matches('#').to_uppercase()
        );
        // The methodology is the title slide's speaker notes.
        let notes = slides[0]["notes"].as_str().unwrap();
        assert!(notes.contains("Definiti"), "{notes}");
        // The dashboard: key figures as a native table.
        assert_eq!(titles[1], if nl { "Samenvatting" } else { "Summary" });
        let kf = &slides[1]["tables"][0];
        assert!(kf.as_array().unwrap().len() >= 4, "{kf}");
        // The mirror chart: a picture that python-pptx reads as PNG (the fallback), inside
        // the slide, with alt text.
        let mirror = &slides[2]["pictures"][0];
        assert_eq!(mirror["content_type"], "image/png");
        assert_eq!(mirror["inside"], true);
        // The chart's width in SVG units, rasterized at the fallback's scale.
        let wide = (spiegel::report::charts::WIDTH as f32 * spiegel::report::pptx::raster::SCALE)
            .round() as u64;
        assert_eq!(mirror["px"][0].as_u64().unwrap(), wide, "{mirror}");
        assert!(!mirror["descr"].as_str().unwrap().is_empty());
        // The layer × aspect table: a row per aspect plus the header, a column per layer.
        let layers = slides
            .iter()
            .find(|s| s["tables"].as_array().is_some_and(|t| t.len() == 1) && s != &&slides[1])
            .expect("a layer × aspect table slide");
        let table = layers["tables"][0].as_array().unwrap();
        assert_eq!(table.len(), config.questionnaire.aspects.len() + 1);
        assert_eq!(table[0].as_array().unwrap().len(), config.layers.len() + 1);
        // Matrix and trends (three waves): two more pictures.
        let pictures = slides
            .iter()
            .filter(|s| !s["pictures"].as_array().unwrap().is_empty())
            .count();
        assert_eq!(pictures, 3, "{titles:?}");
        // One slide per recommended action, numbered.
        let actions = titles.iter().filter(|t| t.starts_with("1. ")).count();
        assert_eq!(actions, 1, "{titles:?}");
        assert!(
            titles
                .last()
                .unwrap()
                .chars()
                .next()
                .unwrap()
                .is_ascii_digit()
        );
        assert!((deck["width"].as_f64().unwrap() - 33.867).abs() < 0.01);
    }
}

#[test]
fn a_brand_colour_and_a_hostile_name_reach_the_deck_as_colour_and_plain_text() {
    let (config, orgs) = sample();
    let renderer = Renderer::new().unwrap();
    let mut org = orgs[0].clone();
    let hostile = "<b>Zorg & Co</b> ]]> <!-- \u{1} #read(\"/etc/passwd\")";
    org.meta.name = hostile.into();
    // Dark enough for white text (contrast ≥ 4.5): used as it is.
    org.meta.brand.color = Some("#0B6E4F".into());
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("hostile.pptx");
    std::fs::write(&path, deck(&config, &renderer, &org)).unwrap();
    let read = python_pptx(std::slice::from_ref(&path));
    let title = &read[0]["slides"][0];
    // Printed as text (the control character dropped), not markup.
    assert_eq!(
        title["title"],
        "<b>Zorg & Co</b> ]]> <!--  #read(\"/etc/passwd\")"
    );
    assert_eq!(title["background"], "0B6E4F");
}

/// LibreOffice is the second, independent reader: it must convert the sample deck.
#[test]
fn libreoffice_converts_the_sample_deck_to_pdf() {
    let (config, orgs) = sample();
    let renderer = Renderer::new().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("report.pptx");
    std::fs::write(&path, deck(&config, &renderer, &orgs[0])).unwrap();
    let pdf = soffice_pdf(&path, tmp.path());
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 7, "{info}");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(&orgs[0].meta.name), "{text}");
}

/// Convert with a private LibreOffice profile (so parallel tests and a running office do not
/// collide); returns the PDF's path.
pub fn soffice_pdf(deck: &Path, dir: &Path) -> PathBuf {
    let soffice = std::env::var("SPIEGEL_SOFFICE").unwrap_or_else(|_| "soffice".into());
    let profile = dir.join("lo-profile");
    let out = Command::new(&soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.to_string_lossy()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(deck)
        .output()
        .unwrap_or_else(|e| panic!("{soffice} (LibreOffice) is needed for this test: {e}"));
    let pdf = dir.join(deck.file_stem().unwrap()).with_extension("pdf");
    assert!(
        out.status.success() && pdf.is_file(),
        "LibreOffice did not convert {}:\n{}\n{}",
        deck.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}
