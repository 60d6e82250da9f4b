//! End-to-end: the real binary on fixtures in a temp dir, checking the PDFs it writes.
//! Needs the pinned typst (scripts/setup installs it) and poppler's `pdftotext`/`pdfinfo`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

use super::common::{must_contain, must_succeed, org_ids, shipped_aspects, shipped_config};

fn spiegel(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("spiegel").unwrap();
    cmd.current_dir(dir).arg("--config").arg(shipped_config());
    cmd
}

#[track_caller]
fn poppler(tool: &str, pdf: &Path) -> String {
    let out = Command::new(tool)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for this test (Debian: poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

/// The hostile text did nothing: no file was read into the report and the page-width
/// injection did not take effect (the page is still A4).
#[track_caller]
fn must_be_inert(pdf: &Path, text: &str) {
    assert!(
        !text.contains("root:x:0:0"),
        "/etc/passwd leaked into the report"
    );
    let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
    must_contain(
        &String::from_utf8_lossy(&info.stdout),
        "595.276 x 841.89 pts (A4)",
    );
}

fn pages(pdf: &Path) -> usize {
    let info = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let text = String::from_utf8_lossy(&info.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .expect("pdfinfo prints Pages");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Generated data for one organization with two waves.
fn generated(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let out = spiegel(dir)
        .args([
            "generate", "--orgs", "1", "--waves", "2", "--seed", "7", "--out",
        ])
        .arg(&data)
        .output()
        .unwrap();
    must_succeed(&out);
    data
}

fn run(dir: &Path, data: &Path, out_dir: &Path) -> Output {
    spiegel(dir)
        .arg("run")
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out_dir)
        .output()
        .unwrap()
}

#[test]
fn sample_organization_gets_a_dutch_pdf_with_every_section() {
    let tmp = tempfile::tempdir().unwrap();
    let data = generated(tmp.path());
    let out_dir = tmp.path().join("out");
    must_succeed(&run(tmp.path(), &data, &out_dir));

    let org = org_ids(&data).remove(0);
    let wave_dir = out_dir.join(&org).join("2026-Q3");
    let pdf = wave_dir.join("report.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(
        pages(&pdf) >= 7,
        "expected the full report, got {} pages",
        pages(&pdf)
    );
    for beside in ["report.typ", "mirror.svg", "matrix.svg", "metrics.json"] {
        assert!(wave_dir.join(beside).is_file(), "{beside} missing");
    }
    // Metrics of the earlier wave are written too.
    assert!(out_dir.join(&org).join("2026-Q2/metrics.json").is_file());

    let text = poppler("pdftotext", &pdf);
    let org_yaml = std::fs::read_to_string(data.join(&org).join("org.yaml")).unwrap();
    let name = org_yaml
        .lines()
        .find_map(|l| l.strip_prefix("name: "))
        .unwrap()
        .trim_matches('"');
    must_contain(&text, name);
    for title in [
        "In één oogopslag",
        "De spiegel: klant en medewerker naast elkaar",
        "Welke laag schat welk aspect verkeerd in?",
        "Afdelingen vergeleken",
        "Wie kent de klant het best?",
        "Wat vindt de klant belangrijk?",
        "Belang en prestatie",
        "Verantwoording",
    ] {
        must_contain(&text, title);
    }
    // Dutch number notation: a grade like 7,1 and no English decimals in the mirror table.
    assert!(text.contains("Rapportcijfer (totaal)"));
    let decimal_comma = text.split_whitespace().any(|w| {
        let b = w.as_bytes();
        b.len() == 3 && b[0].is_ascii_digit() && b[1] == b',' && b[2].is_ascii_digit()
    });
    assert!(decimal_comma, "no number in Dutch notation found");
}

#[test]
fn pdfs_are_byte_identical_across_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let data = generated(tmp.path());
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    must_succeed(&run(tmp.path(), &data, &a));
    must_succeed(&run(tmp.path(), &data, &b));
    let org = org_ids(&data).remove(0);
    for file in [
        "report.pdf",
        "report.typ",
        "mirror.svg",
        "matrix.svg",
        "metrics.json",
    ] {
        let pa = a.join(&org).join("2026-Q3").join(file);
        let pb = b.join(&org).join("2026-Q3").join(file);
        assert_eq!(
            std::fs::read(&pa).unwrap(),
            std::fs::read(&pb).unwrap(),
            "{file} differs"
        );
    }
}

const HOSTILE: &str =
    r#"Acme #read("/etc/passwd") ] $x$ *bold* @ref <x> \ "q" 'q' #set page(width: 1cm)"#;

/// A tiny organization whose name and comment are hostile Typst.
fn hostile_fixture(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let org = data.join("acme");
    let wave = org.join("2026-Q1");
    std::fs::create_dir_all(&wave).unwrap();
    let name = HOSTILE.replace('\\', "\\\\").replace('"', "\\\"");
    std::fs::write(org.join("org.yaml"), format!("name: \"{name}\"\n")).unwrap();
    let aspects = shipped_aspects();
    let imp: Vec<String> = aspects.iter().map(|a| format!("imp_{a}")).collect();
    let mut customers = format!(
        "respondent_id,department,overall,{},{},comment\n",
        aspects.join(","),
        imp.join(",")
    );
    for i in 0..12 {
        let score = 5 + i % 4;
        let comment = if i == 0 {
            format!("\"Mijn klacht: {}\"", HOSTILE.replace('"', "\"\""))
        } else {
            String::new()
        };
        let scores = vec![score.to_string(); aspects.len()].join(",");
        let imps = vec![(1 + i % 5).to_string(); aspects.len()].join(",");
        customers.push_str(&format!("c{i},,{score},{scores},{imps},{comment}\n"));
    }
    std::fs::write(wave.join("customers.csv"), customers).unwrap();
    let mut employees = format!(
        "respondent_id,department,layer,overall,{}\n",
        aspects.join(",")
    );
    for i in 0..6 {
        let s = (6 + i % 3).to_string();
        employees.push_str(&format!(
            "e{i},,frontline,{s},{}\n",
            vec![s.clone(); aspects.len()].join(",")
        ));
    }
    std::fs::write(wave.join("employees.csv"), employees).unwrap();
    data
}

#[test]
fn hostile_text_in_names_and_comments_prints_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let data = hostile_fixture(tmp.path());
    let out_dir = tmp.path().join("out");
    must_succeed(&run(tmp.path(), &data, &out_dir));
    let pdf = out_dir.join("acme/2026-Q1/report.pdf");
    let text = poppler("pdftotext", &pdf);
    // pdftotext breaks lines where the layout does; compare without whitespace.
    let flat: String = text.split_whitespace().collect();
    let hostile: String = HOSTILE.split_whitespace().collect();
    assert!(
        flat.contains(&hostile),
        "the organization name was not printed literally:\n{text}"
    );
    assert!(
        flat.contains(&format!("Mijnklacht:{hostile}")),
        "comment not printed literally"
    );
    must_be_inert(&pdf, &text);
}

/// `spiegel run` in `dir` with `typst` as `SPIEGEL_TYPST` (`None`: unset), an empty `PATH`
/// and an empty cache: no installed typst can be found.
fn run_without_pinned_typst(dir: &Path, data: &Path, typst: Option<&Path>) -> Output {
    let mut cmd = spiegel(dir);
    cmd.arg("run")
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(dir.join("out"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("PATH", dir.join("empty-path"));
    match typst {
        Some(typst) => cmd.env("SPIEGEL_TYPST", typst),
        None => cmd.env_remove("SPIEGEL_TYPST"),
    };
    cmd.output().unwrap()
}

#[test]
fn missing_typst_is_an_error_with_an_install_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let data = hostile_fixture(tmp.path());
    let out = run_without_pinned_typst(tmp.path(), &data, None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    must_contain(&err, "error: typst 0.15.1 was not found");
    must_contain(&err, "hint:");
    must_contain(&err, "cargo install typst-cli --locked --version 0.15.1");
}

#[test]
fn typst_of_another_version_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = hostile_fixture(tmp.path());
    let fake = tmp.path().join("typst");
    std::fs::write(&fake, "#!/bin/sh\necho 'typst 0.11.0 (deadbeef)'\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = run_without_pinned_typst(tmp.path(), &data, Some(&fake));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    must_contain(&err, "is typst 0.11.0, but spiegel needs typst 0.15.1");
    must_contain(&err, "hint:");
}

#[test]
fn a_broken_row_is_reported_with_file_and_line_and_the_rest_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    let data = hostile_fixture(tmp.path());
    let csv = data.join("acme/2026-Q1/customers.csv");
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str("c99,,elf\n"); // ragged and not a number
    std::fs::write(&csv, text).unwrap();
    let out_dir = tmp.path().join("out");
    must_succeed(&run(tmp.path(), &data, &out_dir));
    let metrics = std::fs::read_to_string(out_dir.join("acme/2026-Q1/metrics.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&metrics).unwrap();
    let stats = &v["data_quality"]["files"]["customers.csv"];
    assert_eq!(stats["rows_read"], 13);
    assert_eq!(stats["rows_used"], 12);
    assert_eq!(stats["rows_rejected"]["ragged_row"], 1);
    let finding = &v["data_quality"]["findings"][0];
    assert_eq!(finding["line"], 14);
    assert!(finding["file"].as_str().unwrap().ends_with("customers.csv"));
    let text = poppler("pdftotext", &out_dir.join("acme/2026-Q1/report.pdf"));
    let flat: String = text.split_whitespace().collect();
    must_contain(
        &flat,
        "2026-Q1/customers.csv:14:4:rowhas3fields,theheaderhas24",
    );
}

/// Hostile text in every field that reaches a report: config (agency, aspect and layer
/// labels), org.yaml (name, account manager, departments), wave.yaml (label), the CSV files
/// (comments, employee answers, complaint categories) and a data-quality finding that quotes
/// the bad value.
#[test]
fn hostile_text_in_every_field_stays_inert() {
    let tmp = tempfile::tempdir().unwrap();
    let data = hostile_fixture(tmp.path());
    let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let h = |tag: &str| format!("{tag} {HOSTILE}");
    // Config with hostile agency, aspect label and layer label.
    let config = std::fs::read_to_string(shipped_config()).unwrap();
    let config = config
        .replace("\"Spiegelbeeld Onderzoek B.V.\"", &quoted(&h("AGENCY")))
        .replace(
            "{ nl: \"Afspraken nakomen\", en: \"Keeping appointments\" }",
            &format!("{{ nl: {}, en: x }}", quoted(&h("ASPECT"))),
        )
        .replace(
            "{ nl: \"Frontoffice en klantcontact\", en: \"Frontline and customer contact\" }",
            &format!("{{ nl: {}, en: x }}", quoted(&h("LAYER"))),
        );
    let config_path = tmp.path().join("hostile.yaml");
    std::fs::write(&config_path, config).unwrap();
    let org = data.join("acme");
    std::fs::write(
        org.join("org.yaml"),
        format!(
            "name: {}\naccount_manager: {}\ndepartments:\n  - id: kcc\n    name: {}\n",
            quoted(&h("ORG")),
            quoted(&h("MANAGER")),
            quoted(&h("DEPT"))
        ),
    )
    .unwrap();
    let wave = org.join("2026-Q1");
    std::fs::write(
        wave.join("wave.yaml"),
        format!("label: {}\n", quoted(&h("WAVE"))),
    )
    .unwrap();
    let csv_field = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    std::fs::write(
        wave.join("complaints.csv"),
        format!(
            "complaint_id,department,category,received,resolved,repeat_of\nk1,kcc,{0},2026-01-05,2026-01-09,\nk2,kcc,{0},2026-01-12,,k1\n",
            csv_field(&h("CATEGORY"))
        ),
    )
    .unwrap();
    // Employees: one hostile open answer; a hostile value in a number column.
    let employees = std::fs::read_to_string(wave.join("employees.csv")).unwrap();
    let mut lines: Vec<String> = employees.lines().map(str::to_string).collect();
    lines[0].push_str(",frustrations");
    for (i, line) in lines.iter_mut().enumerate().skip(1) {
        line.push(',');
        if i == 1 {
            line.push_str(&csv_field(&h("FRUSTRATION")));
        }
    }
    let overall_bad = lines[3].replacen(",frontline,", ",frontline,#BAD[", 1);
    lines[3] = overall_bad;
    std::fs::write(wave.join("employees.csv"), lines.join("\n") + "\n").unwrap();

    let out_dir = tmp.path().join("out");
    let out = Command::cargo_bin("spiegel")
        .unwrap()
        .current_dir(tmp.path())
        .arg("--config")
        .arg(&config_path)
        .arg("run")
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    must_succeed(&out);
    let pdf = out_dir.join("acme/2026-Q1/report.pdf");
    let text = poppler("pdftotext", &pdf);
    let flat: String = text.split_whitespace().collect();
    let hostile: String = HOSTILE.split_whitespace().collect();
    for tag in [
        "AGENCY",
        "ASPECT",
        "LAYER",
        "ORG",
        "MANAGER",
        "WAVE",
        "CATEGORY",
        "FRUSTRATION",
    ] {
        assert!(
            flat.contains(&format!("{tag}{hostile}")),
            "{tag}: hostile text not printed literally"
        );
    }
    assert!(
        flat.contains("#BAD["),
        "the finding quoting the bad value is missing"
    );
    must_be_inert(&pdf, &text);
}

#[test]
fn a_report_holds_only_its_own_organization() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = spiegel(tmp.path())
        .args([
            "generate", "--orgs", "2", "--waves", "1", "--seed", "3", "--out",
        ])
        .arg(&data)
        .output()
        .unwrap();
    must_succeed(&out);
    let out_dir = tmp.path().join("out");
    must_succeed(&run(tmp.path(), &data, &out_dir));
    let mut orgs: Vec<(String, String)> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| {
            let id = e.unwrap().file_name().to_string_lossy().into_owned();
            let yaml = std::fs::read_to_string(data.join(&id).join("org.yaml")).unwrap();
            let name = yaml.lines().find_map(|l| l.strip_prefix("name: ")).unwrap();
            (id, name.trim_matches('"').to_string())
        })
        .collect();
    orgs.sort();
    for (id, name) in &orgs {
        let wave = std::fs::read_dir(out_dir.join(id))
            .unwrap()
            .filter_map(|e| e.ok())
            .find(|e| e.path().join("report.pdf").is_file())
            .expect("a report")
            .path();
        let text = poppler("pdftotext", &wave.join("report.pdf"));
        must_contain(&text, name);
        for (other_id, other) in &orgs {
            if other_id != id {
                assert!(
                    !text.contains(other.as_str()),
                    "{other} appears in the report of {name}"
                );
            }
        }
    }
}

#[test]
fn departments_get_their_own_report_unless_anonymity_forbids_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = generated(tmp.path());
    let out_dir = tmp.path().join("out");
    must_succeed(&run(tmp.path(), &data, &out_dir));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("manifest.json")).unwrap())
            .unwrap();
    let departments: Vec<&serde_json::Value> = manifest["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "department")
        .collect();
    let built: Vec<_> = departments
        .iter()
        .filter(|r| r["status"] == "built")
        .collect();
    let skipped: Vec<_> = departments
        .iter()
        .filter(|r| r["status"] == "skipped")
        .collect();
    assert!(
        !built.is_empty(),
        "no department report was built: {manifest:#}"
    );
    // The first sample organization has a department of 4 employees (and so a sibling
    // hidden with it): those are skipped, with the reason.
    assert!(
        !skipped.is_empty(),
        "no department was skipped: {manifest:#}"
    );
    for r in &skipped {
        assert!(
            r["reason"].as_str().unwrap().starts_with("anonymity:"),
            "{r:#}"
        );
        let dir = out_dir.join(r["path"].as_str().unwrap_or("-"));
        assert!(
            !dir.join("report.pdf").exists(),
            "a skipped department has a report"
        );
    }
    let r = built[0];
    let dept = r["department"].as_str().unwrap();
    let org = r["org"].as_str().unwrap();
    let folder = out_dir.join(org).join("2026-Q3/departments").join(dept);
    for file in ["report.pdf", "report.typ", "report.xlsx", "mirror.svg"] {
        assert!(
            folder.join(file).is_file(),
            "{file} missing for department {dept}"
        );
    }
    let yaml = std::fs::read_to_string(data.join(org).join("org.yaml")).unwrap();
    let name = yaml
        .lines()
        .skip_while(|l| !l.contains(&format!("id: {dept}")))
        .find_map(|l| l.trim().strip_prefix("name: "))
        .unwrap()
        .trim_matches('"');
    let text = poppler("pdftotext", &folder.join("report.pdf"));
    must_contain(&text, &format!("Afdeling {name}"));
    must_contain(&text, "in de hele organisatie");
    // Employees' open answers appear only in the organization report.
    assert!(!text.contains("Medewerkers: waar lopen klanten tegenaan?"));
    // The portfolio page links the reports.
    let index = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    must_contain(
        &index,
        &format!("{org}/2026-Q3/departments/{dept}/report.pdf"),
    );
}
