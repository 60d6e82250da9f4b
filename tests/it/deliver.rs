//! `spiegel run --deliver` and `spiegel deliver` against a real SMTP conversation on
//! loopback (tests/it/smtp.rs), the messages read back by Python's email package.
//! Needs the pinned typst, python3; scripts/test provides both.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::common::{python_json_lines, repo, shipped_config};
use super::smtp::{Mode, SmtpServer};
use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

/// The sample's configuration with a `delivery:` section for `port` (plain SMTP on
/// loopback, department reports attached).
fn config(dir: &Path, port: u16) -> PathBuf {
    let mut text = std::fs::read_to_string(shipped_config()).unwrap();
    text.push_str(&format!(
        "\ndelivery:\n  smtp: {{ host: 127.0.0.1, port: {port}, tls: none, timeout: 5 }}\n  \
         from: \"Spiegelbeeld <rapporten@spiegelbeeld.example>\"\n  departments: attach\n"
    ));
    let path = dir.join(format!("spiegel-{port}.yaml"));
    std::fs::write(&path, text).unwrap();
    path
}

struct Env {
    dir: PathBuf,
    data: PathBuf,
    out: PathBuf,
}

impl Env {
    fn spiegel(&self, config: &Path, args: &[&str]) -> Output {
        Command::cargo_bin("spiegel")
            .unwrap()
            .current_dir(&self.dir)
            .arg("--config")
            .arg(config)
            .args(args)
            .arg("--data")
            .arg(&self.data)
            .arg("--out")
            .arg(&self.out)
            .env_remove(spiegel::config::Smtp::PASSWORD_VAR)
            .output()
            .unwrap()
    }

    fn log(&self) -> Option<Vec<u8>> {
        std::fs::read(self.out.join(spiegel::batch::deliver::LOG)).ok()
    }
}

#[track_caller]
fn status(out: &Output, code: i32) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Read messages with Python's email package; attachments are saved under `dir`.
fn parse(dir: &Path, messages: &[&[u8]]) -> Vec<Value> {
    std::fs::create_dir_all(dir).unwrap();
    let mut files = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        let f = dir.join(format!("m{i}.eml"));
        std::fs::write(&f, m).unwrap();
        files.push(f);
    }
    let mut cmd = Command::new("python3");
    cmd.arg(repo().join("tests/support/mail_check.py"))
        .arg(dir.join("parsed"))
        .args(&files);
    python_json_lines(cmd, "Python's email package could not read the messages")
}

/// Change an organization's data so its report changes: one more customer.
fn add_customer(data: &Path, org: &str, id: &str) {
    let csv = data.join(org).join("2026-Q3/customers.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let last = text.lines().last().unwrap();
    let (_, rest) = last.split_once(',').unwrap();
    std::fs::write(&csv, format!("{text}{id},{rest}\n")).unwrap();
}

fn attachment_names(m: &Value) -> Vec<String> {
    m["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect()
}

const HOSTILE: &str = "<img src=x onerror=alert(1)> & \"Zorg\"";

#[test]
fn each_report_version_reaches_its_account_manager_exactly_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let env = Env {
        data: dir.join("data"),
        out: dir.join("out"),
        dir: dir.clone(),
    };
    let server = SmtpServer::start(Mode::Accept);
    let cfg = config(&dir, server.port);
    let out = Command::cargo_bin("spiegel")
        .unwrap()
        .current_dir(&dir)
        .arg("--config")
        .arg(&cfg)
        .args([
            "generate",
            "--orgs",
            "3",
            "--waves",
            "1",
            "--customers",
            "60",
            "--employees",
            "40",
            "--interactions",
            "40",
            "--mood-days",
            "5",
            "--out",
        ])
        .arg(&env.data)
        .output()
        .unwrap();
    status(&out, 0);
    let mut orgs: Vec<String> = std::fs::read_dir(&env.data)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    orgs.sort();
    // The first two organizations share an account manager; the third has a hostile name
    // and the plain-string form gives way to the address form.
    let yaml = |org: &str| env.data.join(org).join("org.yaml");
    let shared = "anna.jansen@bureau.example";
    for org in &orgs[..2] {
        let text = std::fs::read_to_string(yaml(org)).unwrap();
        let text: String = text
            .lines()
            .map(|l| {
                if l.starts_with("account_manager:") {
                    format!("account_manager: {{ name: \"Anna Jansen\", email: \"{shared}\" }}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(yaml(org), text + "\n").unwrap();
    }
    let third = std::fs::read_to_string(yaml(&orgs[2])).unwrap();
    let third: String = third
        .lines()
        .map(|l| {
            if l.starts_with("name:") {
                format!("name: '{HOSTILE}'")
            } else if l.starts_with("account_manager:") {
                "account_manager: { name: \"Bram\", email: \"bram@bureau.example\" }".into()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(yaml(&orgs[2]), third + "\n").unwrap();

    // 1. The first run delivers: one message per account manager.
    let stdout = status(&env.spiegel(&cfg, &["run", "--deliver"]), 0);
    assert!(stdout.contains("sent"), "{stdout}");
    let got = server.received();
    assert_eq!(got.len(), 2, "{stdout}");
    let anna = got
        .iter()
        .find(|m| m.to == [shared])
        .expect("Anna's message");
    let bram = got
        .iter()
        .find(|m| m.to == ["bram@bureau.example"])
        .expect("Bram's message");
    assert_eq!(anna.from, "rapporten@spiegelbeeld.example");
    let parsed = parse(&dir, &[&anna.data, &bram.data]);
    for m in &parsed {
        assert_eq!(m["type"], "multipart/mixed");
        assert_eq!(m["defects"].as_array().unwrap().len(), 0, "{m}");
        assert!(m["text"].is_string() && m["html"].is_string());
    }
    let (pa, pb) = (&parsed[0], &parsed[1]);
    assert_eq!(pa["to"][0], format!("Anna Jansen <{shared}>"));
    // Anna's message lists both her organizations, each with its report and deck attached,
    // and department reports as PDF.
    let names = attachment_names(pa);
    for org in &orgs[..2] {
        let pdf = format!("{org}-2026-Q3.pdf");
        assert!(names.contains(&pdf), "{names:?}");
        assert!(names.contains(&format!("{org}-2026-Q3.pptx")), "{names:?}");
        let attached = std::fs::read(Path::new(pa["folder"].as_str().unwrap()).join(&pdf)).unwrap();
        let published = std::fs::read(env.out.join(org).join("2026-Q3/report.pdf")).unwrap();
        assert_eq!(
            attached, published,
            "{org}: the attached PDF is the published one"
        );
    }
    assert!(!attachment_names(pb).iter().any(|n| n.starts_with(&orgs[0])));
    let built_departments = std::fs::read_dir(env.out.join(&orgs[0]).join("2026-Q3/departments"))
        .map(|d| d.count())
        .unwrap_or(0);
    let dept_pdfs = names
        .iter()
        .filter(|n| n.starts_with(&format!("{}-2026-Q3-", orgs[0])))
        .count();
    assert_eq!(dept_pdfs, built_departments, "{names:?}");
    // The headline of each summary is in the body, in the report's language.
    let summary: Value = serde_json::from_slice(
        &std::fs::read(env.out.join(&orgs[0]).join("2026-Q3/summary.json")).unwrap(),
    )
    .unwrap();
    let headline = summary["headline"].as_str().unwrap();
    assert!(pa["text"].as_str().unwrap().contains(headline));
    // The hostile name is plain text in the text part and inert in the HTML part.
    assert!(pb["text"].as_str().unwrap().contains(HOSTILE));
    let html = pb["html"].as_str().unwrap();
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Zorg&quot;"));
    // The manifest lists the deliveries.
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(env.out.join("manifest.json")).unwrap()).unwrap();
    let deliveries = manifest["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 2);
    assert!(deliveries.iter().all(|d| d["status"] == "sent"));

    // Every organization report has its deck, listed in the manifest and linked on the
    // portfolio page right after the PDF.
    let index = std::fs::read_to_string(env.out.join("index.html")).unwrap();
    for org in &orgs {
        let deck = env.out.join(org).join("2026-Q3/report.pptx");
        assert!(std::fs::read(&deck).unwrap().starts_with(b"PK\x03\x04"));
        let files = manifest["reports"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == format!("{org}/2026-Q3/organization"))
            .unwrap()["files"]
            .to_string();
        assert!(files.contains("report.pptx"), "{files}");
        let pdf_at = index
            .find(&format!("./{org}/2026-Q3/report.pdf\""))
            .unwrap();
        let deck_at = index
            .find(&format!("./{org}/2026-Q3/report.pptx\""))
            .unwrap();
        assert!(deck_at > pdf_at && !index[pdf_at..deck_at].contains("report.xlsx"));
    }

    // 2. An unchanged rerun sends nothing.
    let stdout = status(&env.spiegel(&cfg, &["run", "--deliver"]), 0);
    assert!(stdout.contains("nothing to deliver"), "{stdout}");
    assert_eq!(server.received().len(), 2);

    // 3. A refusing server, a dropped connection and a server that is down leave the
    // changed report undelivered and unrecorded.
    add_customer(&env.data, &orgs[0], "extra-1");
    status(&env.spiegel(&cfg, &["run"]), 0);
    let log_before = env.log().unwrap();
    let conversations = server.conversations();
    server.set_mode(Mode::RejectRecipients);
    let stdout = status(&env.spiegel(&cfg, &["deliver"]), 1);
    assert!(
        stdout.contains("failed") && stdout.contains("550"),
        "{stdout}"
    );
    server.set_mode(Mode::DropAfterData);
    status(&env.spiegel(&cfg, &["deliver"]), 1);
    assert_eq!(
        server.conversations(),
        conversations + 2,
        "both runs reached the server"
    );
    let down = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    status(&env.spiegel(&config(&dir, down), &["deliver"]), 1);
    assert_eq!(server.received().len(), 2);
    assert_eq!(
        env.log().unwrap(),
        log_before,
        "a failed send marked something delivered"
    );
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(env.out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["deliveries"][0]["status"], "failed");

    // 4. The report changes again before it is delivered: the next delivery sends it once,
    // in its newest version, and only to its account manager.
    add_customer(&env.data, &orgs[0], "extra-2");
    status(&env.spiegel(&cfg, &["run"]), 0);
    server.set_mode(Mode::Accept);
    status(&env.spiegel(&cfg, &["deliver"]), 0);
    let got = server.received();
    assert_eq!(got.len(), 3);
    assert_eq!(got[2].to, [shared]);
    let parsed = parse(&dir.join("second"), &[&got[2].data]);
    let names = attachment_names(&parsed[0]);
    let pdf = format!("{}-2026-Q3.pdf", orgs[0]);
    assert!(names.contains(&pdf) && !names.iter().any(|n| n.starts_with(&orgs[1])));
    let attached =
        std::fs::read(Path::new(parsed[0]["folder"].as_str().unwrap()).join(&pdf)).unwrap();
    let newest = std::fs::read(env.out.join(&orgs[0]).join("2026-Q3/report.pdf")).unwrap();
    assert_eq!(attached, newest);
    let stdout = status(&env.spiegel(&cfg, &["deliver"]), 0);
    assert!(stdout.contains("nothing to deliver"), "{stdout}");

    // 5. A dry run writes .eml files, sends nothing and marks nothing.
    add_customer(&env.data, &orgs[2], "extra-3");
    status(&env.spiegel(&cfg, &["run"]), 0);
    let log_before = env.log().unwrap();
    let outbox = dir.join("outbox");
    let outbox_arg = outbox.to_string_lossy().into_owned();
    let stdout = status(
        &env.spiegel(&cfg, &["deliver", "--dry-run", "--outbox", &outbox_arg]),
        0,
    );
    assert!(stdout.contains("written"), "{stdout}");
    let eml: Vec<PathBuf> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(eml.len(), 1);
    let bytes = std::fs::read(&eml[0]).unwrap();
    let parsed = parse(&dir.join("dry"), &[&bytes]);
    assert_eq!(parsed[0]["to"][0], "Bram <bram@bureau.example>");
    assert_eq!(server.received().len(), 3);
    assert_eq!(env.log().unwrap(), log_before);
    status(&env.spiegel(&cfg, &["deliver"]), 0);
    assert_eq!(server.received().len(), 4);

    // 6. --mark-delivered records what is pending without sending it.
    add_customer(&env.data, &orgs[1], "extra-4");
    status(&env.spiegel(&cfg, &["run"]), 0);
    let stdout = status(&env.spiegel(&cfg, &["deliver", "--mark-delivered"]), 0);
    assert!(stdout.contains(&format!("marked   {shared}")), "{stdout}");
    let stdout = status(&env.spiegel(&cfg, &["deliver"]), 0);
    assert!(stdout.contains("nothing to deliver"), "{stdout}");
    assert_eq!(server.received().len(), 4);
}
