//! spiegel used as a careless or hostile user would: the output folder on the data, ids that
//! climb out of their folder, a typst that hangs, crashes or writes garbage, symlinks out of
//! the data folder, a shard manifest of another night, personal data in number fields, a
//! stray quote, a corrupt `metrics.json`, a 1 MB comment. Each test asserts the safe
//! behaviour promised in docs/batch.md ("Safety guarantees").
//!
//! The typst used here is a stand-in shell script (it answers `--version` as the pinned
//! typst and writes a small valid PDF, or misbehaves on purpose), so these tests do not need
//! typst installed and run in seconds; `typst.timeout` is set to 2 s. The file uses nothing
//! of spiegel but its command line and `report::pdf::minimal` (the stand-in's PDF).

#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;
use spiegel::report::pdf::minimal;

use super::common::{
    hash, must_contain, must_exit, org_ids, read_json, shipped_config, statuses, text,
};

/// The bundled configuration, department reports on or off, typst stopped after 2 s, then
/// `edit` applied to the text.
fn write_config(path: &Path, departments: bool, edit: impl Fn(String) -> String) {
    let mut text = std::fs::read_to_string(shipped_config()).unwrap();
    if !departments {
        text = text.replace(
            "reports:\n  departments: true",
            "reports:\n  departments: false",
        );
    }
    assert!(!text.contains("\ntypst:"), "the bundled config sets typst");
    text.push_str("\ntypst:\n  timeout: 2\n");
    std::fs::write(path, edit(text)).unwrap();
}

/// What the stand-in typst does on `compile` (`$out` is the PDF to write, `$GOOD` a valid
/// PDF) and on `--version`.
fn fake_typst(dir: &Path, name: &str, compile: &str, version: &str) -> PathBuf {
    let good = dir.join("good.pdf");
    if !good.exists() {
        std::fs::write(&good, minimal(3)).unwrap();
    }
    let script = dir.join(name);
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nGOOD='{}'\ncase \"$1\" in --version) {version};; esac\n\
             for a; do out=$a; done\n{compile}\n",
            good.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// Starts with `%PDF-` and ends with `%%EOF`.
fn is_whole_pdf(bytes: &[u8]) -> bool {
    let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(16)..]).into_owned();
    bytes.starts_with(b"%PDF-") && tail.trim_end().ends_with("%%EOF")
}

const VERSION_OK: &str = "echo 'typst 0.15.1 (stand-in)'; exit 0";
const COMPILE_OK: &str = "cp \"$GOOD\" \"$out\"";

struct Env {
    tmp: tempfile::TempDir,
    data: PathBuf,
    out: PathBuf,
    config: PathBuf,
    typst: PathBuf,
}

impl Env {
    /// `orgs` generated organizations × 2 waves, reports of the organization (and of its
    /// departments when `departments`), a well-behaved stand-in typst.
    fn new(orgs: usize, departments: bool) -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let config = tmp.path().join("spiegel.yaml");
        write_config(&config, departments, |t| t);
        let data = tmp.path().join("data");
        let out = Command::cargo_bin("spiegel")
            .unwrap()
            .current_dir(tmp.path())
            .arg("--config")
            .arg(&config)
            .args(["generate", "--orgs", &orgs.to_string(), "--waves", "2"])
            .args(["--seed", "11", "--customers", "60", "--employees", "40"])
            .args(["--interactions", "20", "--mood-days", "3", "--out"])
            .arg(&data)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        let typst = fake_typst(tmp.path(), "typst-good", COMPILE_OK, VERSION_OK);
        let out = tmp.path().join("out");
        Env {
            tmp,
            data,
            out,
            config,
            typst,
        }
    }

    fn orgs(&self) -> Vec<String> {
        org_ids(&self.data)
    }

    /// `spiegel <args>` with this config and typst.
    fn spiegel(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("spiegel").unwrap();
        cmd.current_dir(self.tmp.path())
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .env("SPIEGEL_TYPST", &self.typst)
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("SPIEGEL_LOG");
        cmd
    }

    /// `spiegel run --data … --out … <args>`.
    fn run(&self, args: &[&str]) -> Output {
        self.run_with(&self.typst, args)
    }

    /// [`Env::run`] with another typst.
    fn run_with(&self, typst: &Path, args: &[&str]) -> Output {
        let mut cmd = self.spiegel(&["run"]);
        cmd.arg("--data")
            .arg(&self.data)
            .arg("--out")
            .arg(&self.out);
        cmd.args(args).env("SPIEGEL_TYPST", typst);
        bounded(cmd, 60)
    }

    /// [`Env::run_with`] a typst that hangs: the run must be over within 30 s, so the 2 s
    /// timeout decided, not the stand-in's `sleep 600`.
    fn run_with_hanging(&self, typst: &Path) -> Output {
        let start = Instant::now();
        let o = self.run_with(typst, &[]);
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{:?}",
            start.elapsed()
        );
        o
    }

    fn manifest(&self) -> Value {
        read_json(&self.out.join("manifest.json"))
    }

    fn latest_csv(&self, org: &str, file: &str) -> PathBuf {
        self.data.join(org).join("2026-Q3").join(file)
    }

    /// Change the organization's data, so its reports are rebuilt.
    fn touch(&self, org: &str) {
        let csv = self.latest_csv(org, "customers.csv");
        let text = std::fs::read_to_string(&csv).unwrap();
        std::fs::write(&csv, text.replacen('\n', "\n\n", 1)).unwrap();
    }
}

/// Run `cmd` for at most `secs` seconds: a spiegel that hangs fails the test instead of
/// hanging the suite.
fn bounded(mut cmd: Command, secs: u64) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipes = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = pipes.0.read_to_end(&mut b);
        b
    });
    let err_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = pipes.1.read_to_end(&mut b);
        b
    });
    let end = Instant::now() + Duration::from_secs(secs);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > end {
            let _ = child.kill();
            let _ = child.wait();
            panic!("spiegel did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

/// The organization report of `org`: (status, reason or error).
fn org_report(manifest: &Value, org: &str) -> (String, String) {
    statuses(manifest)
        .into_iter()
        .find(|(id, _)| id.starts_with(&format!("{org}/")) && id.ends_with("/organization"))
        .unwrap_or_else(|| panic!("no organization report of {org} in {manifest:#}"))
        .1
}

/// Every file below `dir` (symlinks not followed) → blake3 of its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let hash = blake3::hash(&std::fs::read(entry.path()).unwrap());
            files.insert(entry.path().to_path_buf(), hash.to_hex().to_string());
        }
    }
    files
}

// ── 1. the output folder on the data ─────────────────────────────────────────────────────

#[test]
fn an_output_folder_on_or_in_the_data_is_refused_before_anything_is_written() {
    let e = Env::new(2, false);
    let org = &e.orgs()[0];
    let before = tree(&e.data);
    let outs = [
        e.data.clone(),
        e.data.join("out"),
        e.data.join(org).join("2026-Q3"),
        e.data.join(org).join("..").join("reports"),
        e.tmp.path().to_path_buf(), // contains the data folder
    ];
    for out in &outs {
        let mut cmd = e.spiegel(&["run"]);
        cmd.arg("--data").arg(&e.data).arg("--out").arg(out);
        let o = bounded(cmd, 60);
        must_exit(&o, 2);
        must_contain(&String::from_utf8_lossy(&o.stderr), "data folder");
    }
    // The same through the configuration: `paths: { output: data }`, relative.
    write_config(&e.config, false, |t| {
        t.replace("  output: out", "  output: data")
    });
    let o = bounded(e.spiegel(&["run"]), 60);
    must_exit(&o, 2);
    must_contain(&String::from_utf8_lossy(&o.stderr), "is the data folder");
    assert_eq!(
        tree(&e.data),
        before,
        "an input file was written or removed"
    );
    assert!(!e.data.join(".spiegel").exists() && !e.data.join("out").exists());
    // `validate` names the problem.
    let o = bounded(e.spiegel(&["validate"]), 60);
    must_exit(&o, 1);
    must_contain(&String::from_utf8_lossy(&o.stdout), "paths.output:");
}

#[test]
fn spiegel_never_deletes_a_folder_it_did_not_create() {
    let e = Env::new(1, false);
    let org = &e.orgs()[0];
    // Someone's own folder where the wave folder would go, and one where a leftover staging
    // folder would be.
    let theirs = e.out.join(org).join("2026-Q3");
    let staging = e.out.join(org).join(".2026-Q2.staging");
    for dir in [&theirs, &staging] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("precious.txt"), "mine").unwrap();
    }
    let o = e.run(&[]);
    must_exit(&o, 1);
    let (status, error) = org_report(&e.manifest(), org);
    assert_eq!(status, "failed");
    must_contain(&error, "spiegel did not create it");
    for dir in [&theirs, &staging] {
        assert_eq!(
            std::fs::read_to_string(dir.join("precious.txt")).unwrap(),
            "mine"
        );
    }
}

// ── 2. ids that become paths ─────────────────────────────────────────────────────────────

#[test]
fn department_ids_that_leave_their_folder_or_repeat_are_refused() {
    let e = Env::new(2, true);
    let [a, b] = <[String; 2]>::try_from(e.orgs()).unwrap();
    let o = e.run(&[]);
    must_exit(&o, 0);
    let org_yaml = e.data.join(&a).join("org.yaml");
    let original = std::fs::read_to_string(&org_yaml).unwrap();
    let first_dept = "  - id: klantcontactcentrum\n    name: \"Klantcontactcentrum\"\n";
    assert!(original.contains(first_dept), "{original}");
    let elsewhere = e.tmp.path().join("elsewhere");
    let cases = [
        (
            format!("../../../{b}/2026-Q3"),
            format!("department id '../../../{b}/2026-Q3' is not allowed"),
        ),
        (
            "..".to_string(),
            "department id '..' is not allowed".to_string(),
        ),
        (
            elsewhere.display().to_string(),
            format!("department id '{}' is not allowed", elsewhere.display()),
        ),
        ("a\\\\b".to_string(), "is not allowed".to_string()),
    ];
    let others = tree(&e.out.join(&b));
    let own = tree(&e.out.join(&a));
    for (id, message) in cases {
        // The department keeps its name, so the rows of the data are counted for it: with the
        // old behaviour its report would be built, at the path the id makes.
        let yaml = original.replace(
            first_dept,
            &format!("  - id: \"{id}\"\n    name: \"klantcontactcentrum\"\n"),
        );
        std::fs::write(&org_yaml, yaml).unwrap();
        let o = e.run(&[]);
        must_exit(&o, 1);
        let m = e.manifest();
        let (status, error) = org_report(&m, &a);
        assert_eq!(status, "failed", "{id}");
        must_contain(&error, &message);
        assert_eq!(
            tree(&e.out.join(&b)),
            others,
            "{id}: another client's reports changed"
        );
        assert_eq!(
            tree(&e.out.join(&a)),
            own,
            "{id}: the organization's reports changed"
        );
        assert!(
            !elsewhere.exists(),
            "{id}: written outside the output folder"
        );
        let v = bounded(
            e.spiegel(&["validate", "--data", e.data.to_str().unwrap()]),
            60,
        );
        must_exit(&v, 1);
        must_contain(&String::from_utf8_lossy(&v.stdout), &message);
    }
    // Two departments with one id: one report would overwrite the other.
    let yaml = original.replace(
        first_dept,
        &format!("{first_dept}  - id: klantcontactcentrum\n    name: \"Tweede\"\n"),
    );
    std::fs::write(&org_yaml, yaml).unwrap();
    must_exit(&e.run(&[]), 1);
    let (_, error) = org_report(&e.manifest(), &a);
    must_contain(&error, "department id 'klantcontactcentrum' appears twice");
}

#[test]
fn organization_and_wave_folder_names_follow_the_id_rule() {
    let e = Env::new(1, false);
    let org = &e.orgs()[0];
    let copy_as = |name: &std::ffi::OsStr| {
        let copy = Command::new("cp")
            .arg("-r")
            .arg(e.data.join(org))
            .arg(e.data.join(name))
            .status()
            .unwrap();
        assert!(copy.success());
    };
    // A second copy under names that are no safe id, or that collide ignoring case.
    let long = "x".repeat(255);
    for name in ["back\\slash", long.as_str(), &org.to_uppercase()] {
        copy_as(name.as_ref());
    }
    // Two names that are not UTF-8 and differ only there (both read as `org�`).
    for bytes in [&b"org\xff"[..], &b"org\xfe"[..]] {
        use std::os::unix::ffi::OsStrExt;
        copy_as(std::ffi::OsStr::from_bytes(bytes));
    }
    let o = e.run(&[]);
    must_exit(&o, 1);
    let m = e.manifest();
    let all = serde_json::to_string(&m).unwrap();
    must_contain(&all, "organization id 'org\u{fffd}' is not allowed");
    must_contain(&all, "organization id 'back\\\\slash' is not allowed");
    must_contain(&all, "is not allowed: ids are 1 to 64 characters");
    must_contain(&all, "differ only in case");
    assert!(!e.out.join("back\\slash").exists());
    assert!(!e.out.join(&long).exists());
}

// ── 3. a typst that exits 0 with a broken PDF; files altered after publishing ────────────

#[test]
fn a_broken_pdf_fails_its_report_and_the_previous_one_stays() {
    let e = Env::new(1, false);
    let org = &e.orgs()[0];
    must_exit(&e.run(&[]), 0);
    let pdf = e.out.join(org).join("2026-Q3/report.pdf");
    let old = hash(&pdf);
    let modes = [
        (
            "garbage",
            "head -c 5000 /dev/urandom > \"$out\"",
            "not a usable PDF",
        ),
        ("empty", ": > \"$out\"", "the file is empty"),
        (
            "truncated",
            "head -c 300 \"$GOOD\" > \"$out\"",
            "not a usable PDF",
        ),
        ("nothing", "exit 0", "not a usable PDF"),
        ("crash", "kill -SEGV $$", "typst failed"),
    ];
    for (name, compile, message) in modes {
        e.touch(org);
        let typst = fake_typst(e.tmp.path(), &format!("typst-{name}"), compile, VERSION_OK);
        let o = e.run_with(&typst, &[]);
        must_exit(&o, 1);
        let (status, error) = org_report(&e.manifest(), org);
        assert_eq!(status, "failed", "{name}");
        must_contain(&error, message);
        assert_eq!(hash(&pdf), old, "{name}: the published report was replaced");
        assert!(is_whole_pdf(&std::fs::read(&pdf).unwrap()), "{name}");
    }
    // typst healthy again: the report is built, not called unchanged.
    let o = e.run(&[]);
    must_exit(&o, 0);
    assert_eq!(org_report(&e.manifest(), org).0, "built");
}

#[test]
fn a_published_file_altered_by_hand_is_rebuilt_on_an_unchanged_rerun() {
    let e = Env::new(1, false);
    let org = &e.orgs()[0];
    must_exit(&e.run(&[]), 0);
    let pdf = e.out.join(org).join("2026-Q3/report.pdf");
    let good = std::fs::read(&pdf).unwrap();
    std::fs::write(&pdf, &good[..good.len() / 2]).unwrap();
    must_exit(&e.run(&[]), 0);
    assert_eq!(
        org_report(&e.manifest(), org),
        (
            "built".to_string(),
            "output altered: report.pdf".to_string()
        )
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), good);
    // And nothing altered: unchanged.
    must_exit(&e.run(&[]), 0);
    assert_eq!(org_report(&e.manifest(), org).0, "unchanged");
}

// ── 4. a typst that hangs ────────────────────────────────────────────────────────────────

fn gone(pid: &str) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())).unwrap_or_default();
    // Absent, or a zombie waiting for init to reap it: no longer running either way.
    stat.is_empty() || stat.split(") ").nth(1).is_some_and(|s| s.starts_with('Z'))
}

#[test]
fn a_hanging_typst_is_killed_at_the_timeout_and_the_run_still_completes() {
    let e = Env::new(2, false);
    let [hangs, fine] = <[String; 2]>::try_from(e.orgs()).unwrap();
    let pids = e.tmp.path().join("pids");
    let compile = format!(
        "case \"$PWD\" in */{hangs}/*) sleep 600 & echo $! > '{}'; wait;; esac\n{COMPILE_OK}",
        pids.display()
    );
    let typst = fake_typst(e.tmp.path(), "typst-hangs", &compile, VERSION_OK);
    let o = e.run_with_hanging(&typst);
    must_exit(&o, 1);
    let m = e.manifest();
    let (status, error) = org_report(&m, &hangs);
    assert_eq!(status, "failed");
    must_contain(&error, "within 2 s and was stopped (typst.timeout)");
    assert_eq!(org_report(&m, &fine).0, "built");
    assert!(e.out.join("index.html").is_file(), "no portfolio page");
    // What typst started is gone too.
    let pid = std::fs::read_to_string(&pids).unwrap();
    let end = Instant::now() + Duration::from_secs(5);
    while !gone(&pid) && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(gone(&pid), "typst's child {pid} still runs");
}

#[test]
fn a_typst_whose_version_check_hangs_is_given_up_quickly() {
    let e = Env::new(1, false);
    let typst = fake_typst(e.tmp.path(), "typst-mute", COMPILE_OK, "sleep 600");
    let o = e.run_with_hanging(&typst);
    must_exit(&o, 2);
    must_contain(
        &String::from_utf8_lossy(&o.stderr),
        "did not answer within 2 s",
    );
}

// ── 5. symlinks ──────────────────────────────────────────────────────────────────────────

#[test]
fn symlinks_are_not_followed_out_of_the_data_folder() {
    let e = Env::new(2, false);
    let [a, b] = <[String; 2]>::try_from(e.orgs()).unwrap();
    // A file outside the data folder, as /etc/passwd would be.
    let secret = e.tmp.path().join("passwd");
    std::fs::write(&secret, "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    let csv = e.latest_csv(&a, "customers.csv");
    std::fs::remove_file(&csv).unwrap();
    std::os::unix::fs::symlink(&secret, &csv).unwrap();
    // A linked wave folder: its older wave must not be published as the latest.
    let moved = e.tmp.path().join("moved-wave");
    std::fs::rename(e.data.join(&b).join("2026-Q3"), &moved).unwrap();
    std::os::unix::fs::symlink(&moved, e.data.join(&b).join("2026-Q3")).unwrap();
    let o = e.run(&[]);
    must_exit(&o, 1);
    let m = e.manifest();
    let manifest_text = std::fs::read_to_string(e.out.join("manifest.json")).unwrap();
    for haystack in [manifest_text.as_str(), &String::from_utf8_lossy(&o.stderr)] {
        assert!(
            !haystack.contains("root:x"),
            "file content echoed:\n{haystack}"
        );
    }
    let (status, error) = org_report(&m, &a);
    assert_eq!(status, "failed");
    must_contain(&error, "customers.csv: is a symbolic link");
    let (status, error) = org_report(&m, &b);
    assert_eq!(status, "failed");
    must_contain(&error, "2026-Q3: is a symbolic link");
    assert!(!e.out.join(&b).join("2026-Q2").exists());
    let v = bounded(
        e.spiegel(&["validate", "--data", e.data.to_str().unwrap()]),
        60,
    );
    must_exit(&v, 1);
    let listed = String::from_utf8_lossy(&v.stdout);
    must_contain(&listed, "customers.csv: is a symbolic link");
    must_contain(&listed, "2026-Q3: is a symbolic link");
}

// ── 6. shards of another run ─────────────────────────────────────────────────────────────

#[test]
fn merge_manifests_does_not_merge_a_shard_of_another_run() {
    let e = Env::new(3, false);
    // Last night shard 1 ran; tonight, with another configuration, only shard 0 did.
    must_exit(&e.run(&["--shard", "1/2"]), 0);
    std::thread::sleep(Duration::from_millis(20));
    write_config(&e.config, false, |t| {
        t.replace("alpha: 0.05", "alpha: 0.01")
    });
    must_exit(&e.run(&["--shard", "0/2"]), 0);
    let mut cmd = e.spiegel(&["merge-manifests", "--out"]);
    cmd.arg(&e.out);
    let o = bounded(cmd, 60);
    must_exit(&o, 1);
    must_contain(&String::from_utf8_lossy(&o.stderr), "from another run");
    let m = e.manifest();
    assert_eq!(m["run"]["missing_shards"], serde_json::json!([1]));
    let foreign = m["run"]["foreign_shards"].as_array().unwrap();
    assert_eq!(foreign.len(), 1);
    must_contain(foreign[0].as_str().unwrap(), "manifest.shard-1-of-2.json");
    // Only tonight's reports are in it.
    let merged = &m["run"]["merged_from"];
    assert_eq!(merged, &serde_json::json!(["manifest.shard-0-of-2.json"]));
}

// ── 7. personal data through side doors ──────────────────────────────────────────────────

/// Replace field `index` of data line `n` (1-based, a line without quotes) of a CSV file.
fn set_field(path: &Path, n: usize, index: usize, value: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let line = lines
        .iter_mut()
        .skip(1)
        .filter(|l| !l.contains('"'))
        .nth(n - 1)
        .unwrap();
    let mut fields: Vec<&str> = line.split(',').collect();
    fields[index] = value;
    *line = fields.join(",");
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// Every text spiegel wrote below `out` (xlsx unpacked), and the run's own output.
fn everything_written(out: &Path, run: &Output) -> String {
    let mut all = String::from_utf8_lossy(&run.stdout).into_owned();
    all.push_str(&String::from_utf8_lossy(&run.stderr));
    for (path, _) in tree(out) {
        let bytes = std::fs::read(&path).unwrap();
        if path.extension().is_some_and(|x| x == "xlsx") {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for i in 0..zip.len() {
                let mut s = String::new();
                let _ = zip.by_index(i).unwrap().read_to_string(&mut s);
                all.push_str(&s);
            }
        } else {
            all.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    all
}

#[test]
fn personal_data_in_cells_categories_and_ids_reaches_no_output() {
    let e = Env::new(1, true);
    let org = &e.orgs()[0];
    let customers = e.latest_csv(org, "customers.csv");
    set_field(&customers, 2, 2, "bel me 0612345678 of mail jan@example.nl");
    set_field(&customers, 3, 0, "piet@example.nl");
    set_field(&customers, 4, 0, "piet@example.nl");
    set_field(&customers, 5, 1, "Jan 111222333");
    let complaints = e.latest_csv(org, "complaints.csv");
    set_field(
        &complaints,
        1,
        2,
        "mail jan [at] example [dot] nl of 06-87654321",
    );
    let o = e.run(&[]);
    must_exit(&o, 0);
    let all = everything_written(&e.out, &o);
    for secret in [
        "0612345678",
        "jan@example.nl",
        "piet@example.nl",
        "111222333",
        "87654321",
        "jan [at] example",
    ] {
        assert!(!all.contains(secret), "{secret} reached an output");
    }
    let metrics = std::fs::read_to_string(e.out.join(org).join("2026-Q3/metrics.json")).unwrap();
    must_contain(
        &metrics,
        "a text of 40 characters is not a number (column 'overall')",
    );
    must_contain(&metrics, "duplicate respondent id a text of 15 characters");
}

// ── 8. a stray quote ─────────────────────────────────────────────────────────────────────

#[test]
fn a_stray_quote_costs_one_row_and_every_line_is_accounted_for() {
    let e = Env::new(1, false);
    let org = &e.orgs()[0];
    let csv = e.latest_csv(org, "customers.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // A quote opening the empty last field of a data row from the fifth on.
    let at = (5..lines.len())
        .find(|&i| lines[i].ends_with(',') && !lines[i].contains('"'))
        .unwrap();
    lines[at].push('"');
    std::fs::write(&csv, lines.join("\n") + "\n").unwrap();
    let physical = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count() as u64;
    must_exit(&e.run(&[]), 0);
    let m = read_json(&e.out.join(org).join("2026-Q3/metrics.json"));
    let stats = &m["data_quality"]["files"]["customers.csv"];
    let read = stats["rows_read"].as_u64().unwrap();
    let used = stats["rows_used"].as_u64().unwrap();
    let rejected: u64 = stats["rows_rejected"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(read, physical, "{stats}");
    assert_eq!(used + rejected, read, "{stats}");
    assert_eq!(stats["rows_rejected"]["stray_quote"], 1, "{stats}");
    // Strict: the file fails, naming the line.
    write_config(&e.config, false, |t| {
        t.replace("  policy: lenient", "  policy: strict")
    });
    must_exit(&e.run(&[]), 1);
    let (_, error) = org_report(&e.manifest(), org);
    must_contain(&error, &format!("customers.csv:{}:", at + 1));
    must_contain(&error, "quote");
}

// ── 9. a corrupt metrics.json in out/ ────────────────────────────────────────────────────

#[test]
fn a_corrupt_metrics_json_is_rebuilt_and_the_portfolio_written() {
    let e = Env::new(2, false);
    let org = &e.orgs()[0];
    must_exit(&e.run(&[]), 0);
    let metrics = e.out.join(org).join("2026-Q3/metrics.json");
    std::fs::write(&metrics, "{ not json").unwrap();
    std::fs::remove_file(e.out.join("index.html")).unwrap();
    let o = e.run(&[]);
    must_exit(&o, 0);
    assert_eq!(
        org_report(&e.manifest(), org),
        (
            "built".to_string(),
            "output altered: metrics.json".to_string()
        )
    );
    read_json(&metrics);
    assert!(e.out.join("index.html").is_file());
    // A corrupt metrics.json that stays (its wave cannot be rebuilt: typst fails) costs the
    // portfolio row its figures, named, not the page.
    std::fs::write(&metrics, "{ not json").unwrap();
    e.touch(org);
    let typst = fake_typst(e.tmp.path(), "typst-fails", "exit 1", VERSION_OK);
    let o = e.run_with(&typst, &[]);
    must_exit(&o, 1);
    must_contain(
        &String::from_utf8_lossy(&o.stderr),
        "metrics.json cannot be read",
    );
    let page = std::fs::read_to_string(e.out.join("index.html")).unwrap();
    must_contain(&page, "metrics.json cannot be read");
}

// ── 10. unbounded free text ──────────────────────────────────────────────────────────────

#[test]
fn a_megabyte_comment_and_a_huge_org_yaml_are_bounded() {
    let e = Env::new(2, false);
    let [a, b] = <[String; 2]>::try_from(e.orgs()).unwrap();
    let csv = e.latest_csv(&a, "customers.csv");
    let header = std::fs::read_to_string(&csv).unwrap();
    let columns = header.lines().next().unwrap().split(',').count();
    set_field(&csv, 2, columns - 1, &"lang ".repeat(200_000));
    let org_yaml = e.data.join(&b).join("org.yaml");
    let yaml = std::fs::read_to_string(&org_yaml).unwrap();
    let am = yaml
        .lines()
        .find(|l| l.starts_with("account_manager:"))
        .unwrap();
    std::fs::write(
        &org_yaml,
        yaml.replace(
            am,
            &format!("account_manager: \"{}\"", "woord ".repeat(300_000)),
        ),
    )
    .unwrap();
    let start = Instant::now();
    let o = e.run(&[]);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    must_exit(&o, 1);
    let m = e.manifest();
    assert_eq!(org_report(&m, &a).0, "built");
    let (status, error) = org_report(&m, &b);
    assert_eq!(status, "failed");
    must_contain(&error, "org.yaml: the file is");
    let metrics = std::fs::read_to_string(e.out.join(&a).join("2026-Q3/metrics.json")).unwrap();
    must_contain(&metrics, "only the first 2000 are used (limits.text_chars");
    let typ = std::fs::metadata(e.out.join(&a).join("2026-Q3/report.typ")).unwrap();
    assert!(typ.len() < 300_000, "report.typ is {} bytes", typ.len());
}

// ── 11. the smaller cases ────────────────────────────────────────────────────────────────

#[test]
fn settings_that_cannot_be_meant_are_configuration_errors() {
    let e = Env::new(1, false);
    let cases: [(&dyn Fn(String) -> String, &str); 4] = [
        (
            &|t: String| t.replace("pass_mark: 5.5", "pass_mark: 55"),
            "pass_mark 55 lies outside the rating scale",
        ),
        (
            &|t: String| t.replace("disabled: []", "disabled: [no_such_rule]"),
            "'no_such_rule' is not a rule",
        ),
        (
            &|t: String| t.replace("  timeout: 2", "  timeout: 2\n  binary: /no/such/typst"),
            "/no/such/typst cannot be used",
        ),
        (
            &|t: String| t.replace("  timeout: 2", "  timeout: 0"),
            "typst.timeout must be",
        ),
    ];
    for (edit, message) in cases {
        write_config(&e.config, false, edit);
        let o = e.run(&[]);
        must_exit(&o, 2);
        must_contain(&String::from_utf8_lossy(&o.stderr), message);
        assert!(
            !e.out.join("manifest.json").exists(),
            "{message}: something ran"
        );
    }
}

#[test]
fn a_complaint_repeating_itself_is_a_finding_not_a_repeat() {
    let e = Env::new(1, false);
    let org = &e.orgs()[0];
    let complaints = e.latest_csv(org, "complaints.csv");
    let text = std::fs::read_to_string(&complaints).unwrap();
    let first = text.lines().nth(1).unwrap();
    let id = first.split(',').next().unwrap();
    let mut fields: Vec<&str> = first.split(',').collect();
    *fields.last_mut().unwrap() = id;
    std::fs::write(&complaints, text.replacen(first, &fields.join(","), 1)).unwrap();
    must_exit(&e.run(&[]), 0);
    let metrics = std::fs::read_to_string(e.out.join(org).join("2026-Q3/metrics.json")).unwrap();
    must_contain(&metrics, "the complaint names itself as the one it repeats");
}

#[test]
fn after_an_interrupted_run_the_next_manifest_says_so_and_leftovers_go() {
    let e = Env::new(1, false);
    must_exit(&e.run(&[]), 0);
    assert!(e.manifest()["run"]["interrupted_before"].is_null());
    // What `kill -9` between writing and renaming, or a full disk, leaves behind.
    std::fs::write(e.out.join(".manifest.json.tmp-4242-0"), "{").unwrap();
    std::fs::write(
        e.out.join(".spiegel/running.json"),
        r#"{"started":"2026-11-23T02:00:00Z","pid":4242}"#,
    )
    .unwrap();
    must_exit(&e.run(&[]), 0);
    let m = e.manifest();
    must_contain(
        m["run"]["interrupted_before"].as_str().unwrap(),
        "2026-11-23T02:00:00Z",
    );
    assert!(!e.out.join(".manifest.json.tmp-4242-0").exists());
    assert!(!e.out.join(".spiegel/running.json").exists());
}

#[test]
fn an_empty_export_and_one_broken_byte_get_data_messages() {
    let e = Env::new(2, false);
    let [a, b] = <[String; 2]>::try_from(e.orgs()).unwrap();
    // A customers.csv with its header only.
    let csv = e.latest_csv(&a, "customers.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, format!("{}\n", text.lines().next().unwrap())).unwrap();
    // A UTF-8 file with one byte that is not: the file stays UTF-8, the byte is reported.
    let csv = e.latest_csv(&b, "customers.csv");
    let mut bytes = std::fs::read(&csv).unwrap();
    let header = String::from_utf8_lossy(&bytes)
        .lines()
        .next()
        .unwrap()
        .to_string();
    let columns = header.split(',').count();
    let row = |id: &str, comment: &[u8]| {
        let mut r = format!("{id},,7{}", ",".repeat(columns - 3)).into_bytes();
        r.extend_from_slice(comment);
        r.push(b'\n');
        r
    };
    bytes.extend(row("Z1", "Heel fijn café, goed geholpen".as_bytes()));
    bytes.extend(row("Z2", b"Het caf\xe9 was dicht"));
    std::fs::write(&csv, bytes).unwrap();
    must_exit(&e.run(&[]), 1);
    let (status, error) = org_report(&e.manifest(), &a);
    assert_eq!(status, "failed");
    must_contain(
        &error,
        "customers.csv: no customer respondents could be used",
    );
    let m = read_json(&e.out.join(&b).join("2026-Q3/metrics.json"));
    assert_eq!(
        m["data_quality"]["files"]["customers.csv"]["encoding"],
        "UTF-8"
    );
    let findings = serde_json::to_string(&m["data_quality"]["findings"]).unwrap();
    must_contain(&findings, "invalid_utf8");
}

// ── exit codes ───────────────────────────────────────────────────────────────────────────

#[test]
fn a_failure_after_the_reports_were_built_is_exit_1_with_the_manifest_written() {
    let e = Env::new(1, false);
    let org = &e.orgs()[0];
    // The portfolio page cannot be written: a folder is in its place.
    std::fs::create_dir_all(e.out.join("index.html/x")).unwrap();
    let o = e.run(&[]);
    must_exit(&o, 1);
    must_contain(&String::from_utf8_lossy(&o.stderr), "index.html");
    assert_eq!(org_report(&e.manifest(), org).0, "built");
    assert!(e.out.join(org).join("2026-Q3/report.pdf").is_file());
}
