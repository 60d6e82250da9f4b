//! Page economy: reports of organizations of very different shapes (one department, eight
//! departments, fifteen aspects) and the sample organizations have at most twelve pages before
//! the appendix (cover included) and no half-empty body pages. Each page is rendered with
//! poppler's `pdftoppm` to a greyscale bitmap and the lowest non-white row above the footer is
//! measured. Needs the pinned typst and poppler-utils.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn spiegel(dir: &Path, config: &Path) -> Command {
    let mut cmd = Command::cargo_bin("spiegel").unwrap();
    cmd.current_dir(dir).arg("--config").arg(config);
    cmd
}

#[track_caller]
fn ok(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One organization with three waves, generated with `config`.
fn generate(dir: &Path, config: &Path, seed: &str) -> PathBuf {
    let data = dir.join("data");
    ok(spiegel(dir, config)
        .args([
            "generate", "--orgs", "1", "--waves", "3", "--seed", seed, "--out",
        ])
        .arg(&data));
    std::fs::read_dir(&data)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
}

/// Rewrites the organization's departments: every `department` value of every CSV file
/// becomes one of `ids` (by row), and org.yaml lists exactly `ids`.
fn set_departments(org: &Path, ids: &[&str]) {
    for wave in std::fs::read_dir(org).unwrap() {
        let wave = wave.unwrap().path();
        if !wave.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&wave).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_none_or(|e| e != "csv") {
                continue;
            }
            let mut reader = csv::Reader::from_path(&file).unwrap();
            let headers = reader.headers().unwrap().clone();
            let Some(col) = headers.iter().position(|h| h == "department") else {
                continue;
            };
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            let mut writer = csv::Writer::from_path(&file).unwrap();
            writer.write_record(&headers).unwrap();
            for (i, row) in rows.iter().enumerate() {
                let cells: Vec<&str> = row
                    .iter()
                    .enumerate()
                    .map(|(k, c)| if k == col { ids[i % ids.len()] } else { c })
                    .collect();
                writer.write_record(&cells).unwrap();
            }
            writer.flush().unwrap();
        }
    }
    let yaml = std::fs::read_to_string(org.join("org.yaml")).unwrap();
    let head = yaml.split("departments:").next().unwrap();
    let mut out = format!("{head}departments:\n");
    for id in ids {
        out.push_str(&format!("  - id: {id}\n    name: \"Afdeling {id}\"\n"));
    }
    std::fs::write(org.join("org.yaml"), out).unwrap();
}

/// The sample configuration with `extra` more aspects.
fn config_with_more_aspects(dir: &Path, extra: usize) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("config/spiegel.yaml")).unwrap();
    let mut added = String::from("  aspects:\n");
    for k in 0..extra {
        added.push_str(&format!(
            "    - id: extra_{k}\n      label: {{ nl: \"Extra aspect {k}\", en: \"Extra aspect {k}\" }}\n      category: functional\n"
        ));
    }
    let path = dir.join("spiegel.yaml");
    std::fs::write(&path, text.replacen("  aspects:\n", &added, 1)).unwrap();
    path
}

/// Per page of `pdf`: the share of the page height down to the lowest non-white pixel row
/// above the footer (0 for an empty page).
fn page_fill(pdf: &Path, dir: &Path) -> Vec<f64> {
    let prefix = dir.join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "20", "-gray"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils) is needed for this test");
    assert!(status.success());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|p| fill(&std::fs::read(p).unwrap()))
        .collect()
}

/// Lowest non-white row of a binary PGM (P5), as a share of its height, ignoring the bottom
/// 9 % where the footer sits.
fn fill(pgm: &[u8]) -> f64 {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..i]).to_string());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &pgm[i + 1..];
    let body = (h as f64 * 0.91) as usize;
    (0..body)
        .rev()
        .find(|&y| pixels[y * w..(y + 1) * w].iter().any(|&p| p < 200))
        .map_or(0.0, |y| (y + 1) as f64 / h as f64)
}

/// At most this many pages before the appendix, the cover included (docs/report.md).
const MAX_BODY_PAGES: usize = 12;

/// Builds the organization's report and checks its body pages: every page between the cover
/// and the last page reaches at least half-way down, and the appendix starts by page 13.
///
/// With `SPIEGEL_KEEP_PAGES=<folder>` the reports are written to `<folder>/<shape>` and kept,
/// to look at a failing shape.
fn check(dir: &Path, config: &Path, org: &Path, shape: &str) -> PathBuf {
    let out = match std::env::var_os("SPIEGEL_KEEP_PAGES") {
        Some(keep) => PathBuf::from(keep).join(shape.replace(' ', "-")),
        None => dir.join("out"),
    };
    ok(spiegel(dir, config)
        .arg("run")
        .arg("--data")
        .arg(org.parent().unwrap())
        .arg("--out")
        .arg(&out));
    let pdf = out
        .join(org.file_name().unwrap())
        .join("2026-Q3")
        .join("report.pdf");
    check_pdf(&pdf, &dir.join("pages"), shape);
    out
}

/// The page checks of one report PDF; `pngs` is a scratch folder for its page bitmaps.
fn check_pdf(pdf: &Path, pngs: &Path, shape: &str) {
    std::fs::create_dir_all(pngs).unwrap();
    let fills = page_fill(pdf, pngs);
    assert!(fills.len() >= 8, "{shape}: only {} pages", fills.len());
    // The body ends where the appendix starts on a page of its own (its heading "A. …"
    // opens the page): the page before it may be short, like the last page.
    let appendix = (3..=fills.len())
        .find(|&page| {
            let out = Command::new("pdftotext")
                .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
                .arg(pdf)
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils)");
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.trim_start().starts_with("A. "))
        })
        .map(|page| page - 1);
    let body = appendix.unwrap_or_else(|| panic!("{shape}: no appendix page found"));
    assert!(
        body <= MAX_BODY_PAGES,
        "{shape}: {body} pages before the appendix, at most {MAX_BODY_PAGES} wanted"
    );
    let last = fills.len() - 1;
    let short: Vec<String> = fills
        .iter()
        .enumerate()
        .filter(|&(i, &f)| i > 0 && i < last && Some(i + 1) != appendix && f < 0.5)
        .map(|(i, f)| format!("page {} filled to {:.0}%", i + 1, f * 100.0))
        .collect();
    assert!(short.is_empty(), "{shape}: {short:?} (all: {fills:.2?})");
}

#[test]
fn no_half_empty_body_page_with_one_department() {
    let tmp = tempfile::tempdir().unwrap();
    let config = repo().join("config/spiegel.yaml");
    let org = generate(tmp.path(), &config, "11");
    set_departments(&org, &["klantcontact"]);
    let out = check(tmp.path(), &config, &org, "one department");
    // No separate department report: the manifest says why.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let department: Vec<&serde_json::Value> = manifest["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "department")
        .collect();
    assert!(!department.is_empty(), "{manifest:#}");
    for r in department {
        assert_eq!(r["status"], "skipped", "{r:#}");
        assert!(
            r["reason"].as_str().unwrap().contains("one department"),
            "{r:#}"
        );
    }
}

#[test]
fn no_half_empty_body_page_with_eight_departments() {
    let tmp = tempfile::tempdir().unwrap();
    let config = repo().join("config/spiegel.yaml");
    let org = generate(tmp.path(), &config, "12");
    let ids = ["a1", "b2", "c3", "d4", "e5", "f6", "g7", "h8"];
    set_departments(&org, &ids);
    check(tmp.path(), &config, &org, "eight departments");
}

#[test]
fn no_half_empty_body_page_with_fifteen_aspects() {
    let tmp = tempfile::tempdir().unwrap();
    let config = config_with_more_aspects(tmp.path(), 5);
    let org = generate(tmp.path(), &config, "13");
    check(tmp.path(), &config, &org, "fifteen aspects");
}

#[test]
fn sample_reports_fit_twelve_pages_before_the_appendix() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok(spiegel(&repo(), &repo().join("config/spiegel.yaml"))
        .arg("run")
        .arg("--data")
        .arg(repo().join("data"))
        .arg("--out")
        .arg(&out));
    let mut checked = 0;
    for org in std::fs::read_dir(repo().join("data")).unwrap() {
        let org = org.unwrap().file_name();
        let pdf = out.join(&org).join("2026-Q3").join("report.pdf");
        let shape = org.to_string_lossy().to_string();
        check_pdf(&pdf, &tmp.path().join(format!("pages-{shape}")), &shape);
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} sample organizations");
}

#[test]
fn the_fill_of_a_page_is_its_lowest_dark_row() {
    // 4 × 10 page: a dark pixel in row 4 of 10 → 50 %; the footer rows are ignored.
    let mut pgm = b"P5\n4 10\n255\n".to_vec();
    let mut pixels = vec![255u8; 40];
    pixels[4 * 4 + 1] = 0;
    pixels[9 * 4] = 0;
    pgm.extend(pixels);
    assert!((fill(&pgm) - 0.5).abs() < 1e-9);
}
