//! The agency's brand from the configuration (`agency: { logo, color }`): the logo is read from
//! the configuration's folder, the colour becomes the reports' accent when a client gives
//! none, a colour too light for white text is a warning, and a bad logo stops the run with the
//! place in `spiegel.yaml`. Needs the pinned typst and poppler-utils.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\"><rect width=\"40\" height=\"40\" fill=\"#5B2C6F\"/></svg>";

/// A configuration folder: the shipped configuration with `agency_lines` added under
/// `agency:`, and the agency's logo in `brand/`.
fn config_with(dir: &Path, agency_lines: &str) -> PathBuf {
    let folder = dir.join("config");
    std::fs::create_dir_all(folder.join("brand")).unwrap();
    std::fs::write(folder.join("brand/bureau.svg"), LOGO).unwrap();
    let text = std::fs::read_to_string(repo().join("config/spiegel.yaml")).unwrap();
    let text = text.replacen("agency:\n", &format!("agency:\n{agency_lines}"), 1);
    let path = folder.join("spiegel.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// `spiegel run` of one sample organization with `config`.
fn run(config: &Path, out: &Path) -> Output {
    Command::cargo_bin("spiegel")
        .unwrap()
        .arg("--config")
        .arg(config)
        .args(["run", "--org", "gemeente-zuiderveen", "--data"])
        .arg(repo().join("data"))
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// The line of `spiegel.yaml` holding `key:` under `agency:` (1-based).
fn line_of(config: &Path, key: &str) -> usize {
    std::fs::read_to_string(config)
        .unwrap()
        .lines()
        .position(|l| l.trim_start().starts_with(&format!("{key}:")))
        .unwrap()
        + 1
}

/// Pixels of page `page` of `pdf` (rendered at 30 dpi) close to `rgb`.
fn pixels_near(pdf: &Path, page: u32, rgb: (u8, u8, u8), dir: &Path) -> usize {
    let prefix = dir.join("p");
    let status = Command::new("pdftoppm")
        .args(["-r", "30", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils) is needed for this test");
    assert!(status.success());
    let ppm = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ppm"))
        .unwrap();
    let bytes = std::fs::read(&ppm).unwrap();
    std::fs::remove_file(&ppm).unwrap();
    // P6 header: magic, width, height, maxval, each followed by whitespace.
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    let near = |a: u8, b: u8| a.abs_diff(b) <= 12;
    bytes[i + 1..]
        .chunks(3)
        .filter(|p| near(p[0], rgb.0) && near(p[1], rgb.1) && near(p[2], rgb.2))
        .count()
}

#[test]
fn the_agency_logo_and_colour_reach_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let purple = (0x5B, 0x2C, 0x6F);
    let config = config_with(
        tmp.path(),
        "  logo: brand/bureau.svg\n  color: \"#5B2C6F\"\n",
    );
    let out = tmp.path().join("out");
    let o = run(&config, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let folder = out.join("gemeente-zuiderveen/2026-Q3");
    // The logo travels with the report's sources.
    assert_eq!(
        std::fs::read_to_string(folder.join("agency-logo.svg")).unwrap(),
        LOGO
    );
    // The sample organization has no brand colour: the agency's colours the headings.
    let pngs = tmp.path().join("pngs");
    std::fs::create_dir_all(&pngs).unwrap();
    let pdf = folder.join("report.pdf");
    assert!(pixels_near(&pdf, 2, purple, &pngs) > 50);

    // Without the agency's colour and logo there is no purple at all.
    let plain = repo().join("config/spiegel.yaml");
    let out = tmp.path().join("plain");
    assert!(run(&plain, &out).status.success());
    let pdf = out.join("gemeente-zuiderveen/2026-Q3/report.pdf");
    assert_eq!(pixels_near(&pdf, 2, purple, &pngs), 0);
    assert!(
        !out.join("gemeente-zuiderveen/2026-Q3/agency-logo.svg")
            .exists()
    );
}

#[test]
fn a_light_agency_colour_is_a_warning_and_a_bad_logo_an_error_at_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let config = config_with(tmp.path(), "  color: \"#FFE08A\"\n");
    let o = run(&config, &tmp.path().join("out"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    let line = line_of(&config, "color");
    assert!(
        stderr.contains(&format!("spiegel.yaml:{line}:10: agency.color"))
            && stderr.contains("too light"),
        "{stderr}"
    );

    for (logo, want) in [
        ("missing.svg", "missing.svg"),
        ("../../secret.svg", "inside the configuration's folder"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("secret.svg"), LOGO).unwrap();
        let config = config_with(tmp.path(), &format!("  logo: {logo}\n"));
        let o = run(&config, &tmp.path().join("out"));
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{logo}: {stderr}");
        let line = line_of(&config, "logo");
        assert!(
            stderr.contains(&format!("spiegel.yaml:{line}:9: agency.logo"))
                && stderr.contains(want),
            "{logo}: {stderr}"
        );
        assert!(
            !tmp.path().join("out").exists(),
            "{logo}: a report was written"
        );
    }
}
