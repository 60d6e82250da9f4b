//! The batch job end to end: the real binary on small generated data in a temp dir —
//! incremental runs, kill -9, concurrent runs, failures, shards, generate, validate.
//! Needs the pinned typst (scripts/install-typst installs it).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

use super::common::{
    hash, must_contain, must_exit, must_succeed, org_ids, read_json, shipped_config, statuses,
};

/// The bundled configuration without department reports: these tests are about the batch
/// machinery, counted in organization reports (department reports: tests/it/report.rs).
fn test_config(dir: &Path) -> PathBuf {
    let path = dir.join("spiegel-batch-test.yaml");
    if !path.exists() {
        let text = std::fs::read_to_string(shipped_config()).unwrap();
        let text = text.replace(
            "reports:\n  departments: true",
            "reports:\n  departments: false",
        );
        assert!(
            text.contains("departments: false"),
            "the bundled config has no reports section"
        );
        std::fs::write(&path, text).unwrap();
    }
    path
}

fn spiegel(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("spiegel").unwrap();
    std::fs::create_dir_all(dir).unwrap();
    cmd.current_dir(dir)
        .arg("--config")
        .arg(test_config(dir))
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("SPIEGEL_LOG");
    cmd
}

/// Small generated data: `orgs` organizations × 2 waves, few respondents.
fn generate(dir: &Path, orgs: usize, seed: u64) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(dir).unwrap();
    let out = spiegel(dir)
        .args(["generate", "--orgs", &orgs.to_string(), "--waves", "2"])
        .args(["--seed", &seed.to_string()])
        .args(["--customers", "40", "--employees", "25"])
        .args(["--interactions", "20", "--mood-days", "3", "--out"])
        .arg(&data)
        .output()
        .unwrap();
    must_succeed(&out);
    data
}

struct Setup {
    tmp: tempfile::TempDir,
    data: PathBuf,
    out: PathBuf,
}

impl Setup {
    fn new(orgs: usize) -> Setup {
        let tmp = tempfile::tempdir().unwrap();
        let data = generate(tmp.path(), orgs, 11);
        let out = tmp.path().join("out");
        Setup { tmp, data, out }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = spiegel(self.tmp.path());
        cmd.arg("run")
            .arg("--data")
            .arg(&self.data)
            .arg("--out")
            .arg(&self.out)
            .args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// `spiegel run <args>` started in the background, returned once it holds `lock` (a file
    /// in `out/.spiegel`): the child and the `pid N` the lock names.
    fn start_holding(&self, args: &[&str], lock: &str) -> (Child, String) {
        let child = self
            .cmd(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pid = format!("pid {}", child.id());
        let lock = self.out.join(".spiegel").join(lock);
        assert!(wait_for(30, || std::fs::read_to_string(&lock)
            .is_ok_and(|t| t.contains(&pid))));
        (child, pid)
    }

    fn orgs(&self) -> Vec<String> {
        org_ids(&self.data)
    }

    fn manifest(&self) -> Value {
        read_json(&self.out.join("manifest.json"))
    }
}

fn status_of(manifest: &Value, org: &str) -> (String, String) {
    statuses(manifest)
        .into_iter()
        .find(|(id, _)| id.starts_with(&format!("{org}/")))
        .unwrap_or_else(|| panic!("no report of {org} in the manifest"))
        .1
}

/// The visible (not hidden) wave folders below `out`.
fn wave_folders(out: &Path) -> Vec<PathBuf> {
    let visible = |p: &Path| !p.file_name().unwrap().to_string_lossy().starts_with('.');
    let mut folders = Vec::new();
    let Ok(orgs) = std::fs::read_dir(out) else {
        return folders;
    };
    for org in orgs.flatten().map(|e| e.path()) {
        if !org.is_dir() || !visible(&org) {
            continue;
        }
        for wave in std::fs::read_dir(&org).unwrap().flatten().map(|e| e.path()) {
            if wave.is_dir() && visible(&wave) {
                folders.push(wave);
            }
        }
    }
    folders.sort();
    folders
}

/// A visible wave folder holds exactly what its stamp lists, byte for byte: never a
/// half-written file, never old and new files mixed.
#[track_caller]
fn assert_consistent(folder: &Path) -> Value {
    let stamp = read_json(&folder.join(".stamp.json"));
    assert_eq!(
        hash(&folder.join("metrics.json")),
        stamp["metrics"].as_str().unwrap(),
        "{}: metrics.json is not the one stamped",
        folder.display()
    );
    // The stamp, and the marker saying spiegel built the folder (and may replace it).
    let mut listed = BTreeSet::from([
        "metrics.json".to_string(),
        ".stamp.json".to_string(),
        ".spiegel-built".to_string(),
    ]);
    for report in stamp["reports"].as_object().unwrap().values() {
        for (file, h) in report["files"].as_object().unwrap() {
            assert_eq!(
                hash(&folder.join(file)),
                h.as_str().unwrap(),
                "{}: {file} is not the one stamped",
                folder.display()
            );
            listed.insert(file.clone());
        }
    }
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            listed.contains(&name),
            "{}: unexpected {name}",
            folder.display()
        );
    }
    stamp
}

fn stamp_path(s: &Setup, org: &str) -> PathBuf {
    s.out.join(org).join("2026-Q3/.stamp.json")
}

#[test]
fn an_unchanged_rerun_builds_nothing_and_each_kind_of_change_rebuilds() {
    let s = Setup::new(2);
    let [a, b] = <[String; 2]>::try_from(s.orgs()).unwrap();
    must_succeed(&s.run(&[]));
    let m = s.manifest();
    assert_eq!(m["totals"]["built"], 2, "{m:#}");
    assert_eq!(status_of(&m, &a), ("built".into(), "new".into()));
    let pdf = s.out.join(&a).join("2026-Q3/report.pdf");
    let before = std::fs::metadata(&pdf).unwrap().modified().unwrap();

    // Nothing changed: nothing is rebuilt, not even touched.
    must_succeed(&s.run(&[]));
    let m = s.manifest();
    assert_eq!(m["totals"]["unchanged"], 2, "{m:#}");
    assert_eq!(std::fs::metadata(&pdf).unwrap().modified().unwrap(), before);
    assert!(m["reports"][0]["input_hash"].as_str().unwrap().len() == 64);

    // Data: only the organization whose files changed.
    let older = s.out.join(&a).join("2026-Q2");
    let mtime = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let older_metrics = mtime(&older.join("metrics.json"));
    let older_stamp = read_json(&older.join(".stamp.json"));
    let csv = s.data.join(&a).join("2026-Q3/customers.csv");
    let mut rows = std::fs::read_to_string(&csv).unwrap();
    rows = rows.replacen('\n', "\n\n", 1); // a blank line: same data, different bytes
    std::fs::write(&csv, rows).unwrap();
    must_succeed(&s.run(&[]));
    let m = s.manifest();
    assert_eq!(
        status_of(&m, &a),
        ("built".into(), "inputs changed: data".into())
    );
    assert_eq!(status_of(&m, &b).0, "unchanged");
    // The older wave's metrics came out the same: only its stamp was renewed.
    let stamp = assert_consistent(&older);
    assert_ne!(stamp["input_hash"], older_stamp["input_hash"]);
    assert_eq!(mtime(&older.join("metrics.json")), older_metrics);

    // Config: every organization.
    let config = s.tmp.path().join("spiegel.yaml");
    let yaml = std::fs::read_to_string(test_config(s.tmp.path())).unwrap();
    assert!(yaml.contains("alpha: 0.05\n"));
    std::fs::write(&config, yaml.replace("alpha: 0.05\n", "alpha: 0.01\n")).unwrap();
    must_succeed(&s.cmd(&[]).arg("--config").arg(&config).output().unwrap());
    let m = s.manifest();
    for org in [&a, &b] {
        assert_eq!(
            status_of(&m, org),
            ("built".into(), "inputs changed: config".into())
        );
    }
    // A comment in the config changes no report.
    let commented = yaml.replace("alpha: 0.05\n", "alpha: 0.01 # stricter\n");
    std::fs::write(&config, commented).unwrap();
    must_succeed(&s.cmd(&[]).arg("--config").arg(&config).output().unwrap());
    assert_eq!(s.manifest()["totals"]["unchanged"], 2);
    must_succeed(&s.run(&[])); // back to the bundled config
    assert_eq!(s.manifest()["totals"]["built"], 2);

    // Templates, fonts, program: built into the binary, so a report built by another binary
    // carries other hashes in its stamp. Simulate that by editing the stamp.
    for part in ["templates", "fonts", "program"] {
        let path = stamp_path(&s, &a);
        let mut stamp = read_json(&path);
        stamp["fingerprint"][part] = Value::from("0".repeat(64));
        std::fs::write(&path, stamp.to_string()).unwrap();
        must_succeed(&s.run(&[]));
        let m = s.manifest();
        assert_eq!(
            status_of(&m, &a),
            ("built".into(), format!("inputs changed: {part}"))
        );
        assert_eq!(status_of(&m, &b).0, "unchanged");
    }

    // A deleted output.
    std::fs::remove_file(s.out.join(&b).join("2026-Q3/mirror.svg")).unwrap();
    must_succeed(&s.run(&[]));
    assert_eq!(
        status_of(&s.manifest(), &b),
        ("built".into(), "output missing: mirror.svg".into())
    );

    // --force rebuilds everything; the result is byte-identical.
    let old = hash(&pdf);
    must_succeed(&s.run(&["--force"]));
    assert_eq!(s.manifest()["totals"]["built"], 2);
    assert_eq!(hash(&pdf), old);
    for folder in wave_folders(&s.out) {
        assert_consistent(&folder);
    }
}

#[test]
fn dry_run_says_what_would_be_built_and_writes_nothing() {
    let s = Setup::new(2);
    let out = s.run(&["--dry-run"]);
    must_succeed(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("would build").count(), 2, "{stdout}");
    must_contain(&stdout, "/2026-Q3/organization new");
    assert!(!s.out.exists(), "a dry run created {}", s.out.display());

    must_succeed(&s.run(&[]));
    let out = s.run(&["--dry-run"]);
    must_succeed(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("unchanged").count(), 2, "{stdout}");
}

#[test]
fn waves_all_waves_and_kept_reports() {
    let s = Setup::new(1);
    let org = &s.orgs()[0];
    must_succeed(&s.run(&["--wave", "2026-Q2"]));
    assert!(s.out.join(org).join("2026-Q2/report.pdf").is_file());
    assert!(!s.out.join(org).join("2026-Q3/report.pdf").exists());
    assert!(s.out.join(org).join("2026-Q3/metrics.json").is_file());

    let out = s.run(&["--wave", "1999-Q1"]);
    must_succeed(&out);
    assert_eq!(
        status_of(&s.manifest(), org),
        (
            "skipped".into(),
            "the organization has no wave '1999-Q1'".into()
        )
    );

    must_succeed(&s.run(&["--all-waves"]));
    let m = s.manifest();
    assert_eq!(m["totals"]["reports"], 2);
    assert_eq!(m["totals"]["unchanged"], 1, "Q2 was built already: {m:#}");

    // New data: the latest report is asked for; the Q2 report, once published, is kept up
    // to date rather than left stale beside fresh metrics.
    let csv = s.data.join(org).join("2026-Q2/employees.csv");
    let rows = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, rows.replacen('\n', "\n\n", 1)).unwrap();
    must_succeed(&s.run(&[]));
    let st = statuses(&s.manifest());
    assert_eq!(
        st[&format!("{org}/2026-Q2/organization")],
        (
            "built".into(),
            "kept up to date: inputs changed: data".into()
        )
    );
    for folder in wave_folders(&s.out) {
        assert_consistent(&folder);
    }
}

/// A wrapper around the real typst that fails inside folders of `bad_org`.
fn failing_typst(dir: &Path, bad_org: &str) -> PathBuf {
    let real = std::env::var_os("SPIEGEL_TYPST")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache"));
            cache.join("spiegel/typst-0.15.1/bin/typst")
        });
    let script = dir.join("typst-wrapper");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncase \"$PWD\" in */{bad_org}/*) echo 'error: planted failure' >&2; exit 1;; esac\nexec '{}' \"$@\"\n",
            real.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script
}

#[test]
fn one_bad_organization_fails_alone_and_the_others_are_delivered() {
    let s = Setup::new(3);
    let [good, typst_fails, bad_data] = <[String; 3]>::try_from(s.orgs()).unwrap();
    must_succeed(&s.run(&[]));
    let old_pdf = hash(&s.out.join(&typst_fails).join("2026-Q3/report.pdf"));

    // Bad data: a required column is gone from an older wave's file.
    let csv = s.data.join(&bad_data).join("2026-Q2/customers.csv");
    let rows = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, rows.replacen("respondent_id", "respondent", 1)).unwrap();
    // New data for the others, and a typst error for one of them.
    for org in [&good, &typst_fails] {
        let csv = s.data.join(org).join("2026-Q3/customers.csv");
        let rows = std::fs::read_to_string(&csv).unwrap();
        std::fs::write(&csv, rows.replacen('\n', "\n\n", 1)).unwrap();
    }
    let wrapper = failing_typst(s.tmp.path(), &typst_fails);
    let out = s.cmd(&[]).env("SPIEGEL_TYPST", &wrapper).output().unwrap();
    must_exit(&out, 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    must_contain(&stderr, "2026-Q2/customers.csv:1: missing required column");
    must_contain(&stderr, "planted failure");
    must_contain(&stderr, "1 built, 0 unchanged, 0 skipped, 2 failed");

    let m = s.manifest();
    assert_eq!(m["totals"]["built"], 1);
    assert_eq!(m["totals"]["failed"], 2);
    assert_eq!(status_of(&m, &good).0, "built");
    let (status, error) = status_of(&m, &bad_data);
    assert_eq!(status, "failed");
    must_contain(&error, "2026-Q2/customers.csv:1: missing required column");
    let (status, error) = status_of(&m, &typst_fails);
    assert_eq!(status, "failed");
    must_contain(&error, "typst failed");
    // What typst failed on is kept for inspection, hidden, and the error points there.
    let kept = s.out.join(&typst_fails).join(".2026-Q3.failed/report.typ");
    must_contain(&error, &kept.display().to_string());
    assert!(kept.is_file());
    // The previous report of the failing organization is still there, whole (and stale, so
    // the next run tries again).
    let folder = s.out.join(&typst_fails).join("2026-Q3");
    assert_eq!(hash(&folder.join("report.pdf")), old_pdf);
    assert_consistent(&folder);

    // The next run (typst healthy again) builds it; bad data still fails with exit 1.
    let out = s.run(&[]);
    must_exit(&out, 1);
    let m = s.manifest();
    assert_eq!(status_of(&m, &typst_fails).0, "built");
    assert_eq!(status_of(&m, &good).0, "unchanged");
    assert!(!kept.exists(), "a successful build removes the failed one");
}

/// Wait until `cond` holds, at most `secs` seconds.
fn wait_for(secs: u64, mut cond: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        if cond() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

/// Every visible PDF is whole: starts with `%PDF-` and ends with `%%EOF`.
fn visible_pdfs_are_whole(out: &Path) -> Result<usize, String> {
    let mut n = 0;
    for folder in wave_folders(out) {
        let pdf = folder.join("report.pdf");
        let Ok(bytes) = std::fs::read(&pdf) else {
            continue; // not there, or swapped away between listing and reading
        };
        let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(16)..]).into_owned();
        if !bytes.starts_with(b"%PDF-") || !tail.trim_end().ends_with("%%EOF") {
            return Err(format!("{} is not a whole PDF", pdf.display()));
        }
        n += 1;
    }
    Ok(n)
}

#[test]
fn kill_9_in_the_middle_leaves_no_partial_report_and_the_next_run_completes_it() {
    let s = Setup::new(8);
    must_succeed(&s.run(&["--jobs", "1"]));
    let input_hash = |stamp: &Value| stamp["input_hash"].as_str().unwrap().to_string();
    let first: BTreeSet<String> = wave_folders(&s.out)
        .iter()
        .map(|f| input_hash(&assert_consistent(f)))
        .collect();
    let folders = wave_folders(&s.out).len();
    // New data for every organization, then a run killed half-way.
    for org in s.orgs() {
        let csv = s.data.join(&org).join("2026-Q3/customers.csv");
        let rows = std::fs::read_to_string(&csv).unwrap();
        std::fs::write(&csv, rows.replacen('\n', "\n\n", 1)).unwrap();
    }
    let mut child = s
        .cmd(&["--jobs", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut scans = 0;
    let new_ones = |out: &Path| {
        wave_folders(out)
            .iter()
            .filter_map(|f| std::fs::read_to_string(f.join(".stamp.json")).ok())
            .filter_map(|text| serde_json::from_str::<Value>(&text).ok())
            .filter(|stamp| !first.contains(&input_hash(stamp)))
            .count()
    };
    // Watch while it runs: never a partial PDF; kill once a few folders are new.
    let killed = wait_for(60, || {
        scans += 1;
        if let Err(e) = visible_pdfs_are_whole(&s.out) {
            panic!("{e}");
        }
        new_ones(&s.out) >= 2
    });
    assert!(killed, "the run did not get going");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(scans > 1);

    // After the kill: every visible folder is either all old or all new.
    let mut new = 0;
    for folder in wave_folders(&s.out) {
        if !first.contains(&input_hash(&assert_consistent(&folder))) {
            new += 1;
        }
    }
    assert!(new >= 2 && new < folders, "{new} of {folders} rebuilt");

    // The next run completes the job and cleans up after the killed one.
    must_succeed(&s.run(&[]));
    let m = s.manifest();
    assert_eq!(m["totals"]["failed"], 0, "{m:#}");
    for folder in wave_folders(&s.out) {
        assert!(!first.contains(&input_hash(&assert_consistent(&folder))));
    }
    for org in s.orgs() {
        for entry in std::fs::read_dir(s.out.join(&org)).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(!name.starts_with('.'), "leftover {org}/{name}");
        }
    }
    // And a run after that has nothing left to do.
    must_succeed(&s.run(&[]));
    assert_eq!(s.manifest()["totals"]["unchanged"], 8);
}

#[test]
fn a_second_run_on_the_same_output_folder_is_refused() {
    let s = Setup::new(6);
    let (mut first, pid) = s.start_holding(&["--jobs", "1"], "run.lock");
    let second = s.run(&[]);
    must_exit(&second, 2);
    let stderr = String::from_utf8_lossy(&second.stderr);
    must_contain(&stderr, "error: another spiegel run is using");
    must_contain(&stderr, &pid);
    must_contain(&stderr, "hint:");
    // A shard cannot sneak in either.
    must_exit(&s.run(&["--shard", "0/2"]), 2);
    // A dry run only reads: it may.
    must_succeed(&s.run(&["--dry-run"]));
    assert!(first.wait().unwrap().success());
    // The lock went with the first run.
    must_succeed(&s.run(&[]));
}

#[test]
fn shards_cover_every_organization_exactly_once_and_merge() {
    let s = Setup::new(7);
    let n = 3;
    // Distinct shards run side by side on one output folder.
    let children: Vec<_> = (0..n)
        .map(|k| {
            s.cmd(&["--shard", &format!("{k}/{n}"), "--jobs", "1"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        must_succeed(&out);
    }
    let mut seen = BTreeMap::new();
    for k in 0..n {
        let m = read_json(&s.out.join(format!("manifest.shard-{k}-of-{n}.json")));
        assert_eq!(m["run"]["shard"], format!("{k}/{n}"));
        for r in m["reports"].as_array().unwrap() {
            let org = r["org"].as_str().unwrap().to_string();
            assert!(seen.insert(org.clone(), k).is_none(), "{org} in two shards");
        }
    }
    let all: Vec<String> = seen.keys().cloned().collect();
    assert_eq!(all, s.orgs(), "every organization exactly once");
    assert!(!s.out.join("manifest.json").exists());

    let merge = |extra: &[&str]| {
        spiegel(s.tmp.path())
            .arg("merge-manifests")
            .arg("--out")
            .arg(&s.out)
            .args(extra)
            .output()
            .unwrap()
    };
    must_succeed(&merge(&[]));
    let m = s.manifest();
    assert_eq!(m["totals"]["built"], 7);
    assert_eq!(m["run"]["merged_from"].as_array().unwrap().len(), 3);

    // A missing shard is reported and fails the merge.
    std::fs::remove_file(s.out.join(format!("manifest.shard-1-of-{n}.json"))).unwrap();
    let out = merge(&["--shards", "3"]);
    must_exit(&out, 1);
    must_contain(&String::from_utf8_lossy(&out.stderr), "[1]");
    assert_eq!(
        s.manifest()["run"]["missing_shards"],
        serde_json::json!([1])
    );

    // The same shard twice at once: the second is refused.
    let _held = {
        let (first, _) = s.start_holding(
            &["--shard", "0/3", "--force", "--jobs", "1"],
            "shard-0-of-3.lock",
        );
        let again = s.run(&["--shard", "0/3"]);
        let finished = first.wait_with_output().unwrap();
        must_succeed(&finished);
        again
    };
    must_exit(&_held, 2);
    must_contain(&String::from_utf8_lossy(&_held.stderr), "for shard 0/3");
}

#[test]
fn bad_shard_and_unknown_organization_are_usage_errors() {
    let s = Setup::new(1);
    let out = s.run(&["--shard", "3/3"]);
    must_exit(&out, 2);
    must_contain(&String::from_utf8_lossy(&out.stderr), "0 to 2");
    let out = s.run(&["--org", "nope"]);
    must_exit(&out, 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    must_contain(&stderr, "error: no organization 'nope'");
    must_contain(&stderr, "hint:");
    assert!(!s.out.join("manifest.json").exists());
}

#[test]
fn json_log_has_one_object_per_line_with_report_fields() {
    let s = Setup::new(1);
    let out = s.cmd(&[]).arg("--log-format").arg("json").output().unwrap();
    must_succeed(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let events: Vec<Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let built = events
        .iter()
        .find(|e| e["status"] == "built")
        .expect("an event per report");
    assert!(
        built["report"]
            .as_str()
            .unwrap()
            .ends_with("/2026-Q3/organization")
    );
    assert!(built["duration"].as_f64().unwrap() > 0.0);
    let summary = events.last().unwrap();
    assert_eq!(summary["summary"], true);
    assert_eq!(summary["built"], 1);
    // No progress bar, no escape codes: stderr is not a terminal.
    assert!(!stderr.contains('\u{1b}'));
}

#[test]
fn generate_is_deterministic_per_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let tree = |dir: &Path| -> BTreeMap<String, String> {
        walk(dir)
            .into_iter()
            .map(|p| {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (rel, hash(&p))
            })
            .collect()
    };
    let a = generate(&tmp.path().join("a"), 3, 5);
    let b = generate(&tmp.path().join("b"), 3, 5);
    let c = generate(&tmp.path().join("c"), 3, 6);
    let (ta, tb, tc) = (tree(&a), tree(&b), tree(&c));
    assert!(ta.len() > 10, "{ta:?}");
    assert_eq!(ta, tb, "same seed, same bytes");
    assert_ne!(ta, tc, "another seed, other data");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else {
            files.push(p);
        }
    }
    files
}

#[test]
fn validate_lists_every_problem_with_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let data = generate(tmp.path(), 2, 3);
    let validate = |config: &Path| {
        spiegel(tmp.path())
            .arg("validate")
            .arg("--data")
            .arg(&data)
            .arg("--config")
            .arg(config)
            .output()
            .unwrap()
    };
    let bundled = shipped_config();
    let out = validate(&bundled);
    must_succeed(&out);
    must_contain(&String::from_utf8_lossy(&out.stderr), "0 problem(s)");

    let org = &org_ids(&data)[1];
    let csv = data.join(org).join("2026-Q2/customers.csv");
    let mut rows: Vec<String> = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    // Line 3: the overall grade (column 3) out of range.
    let mut cells: Vec<String> = rows[2].split(',').map(str::to_string).collect();
    let header: Vec<&str> = rows[0].split(',').collect();
    let col = header.iter().position(|h| *h == "overall").unwrap();
    cells[col] = "42".into();
    rows[2] = cells.join(",");
    std::fs::write(&csv, rows.join("\n") + "\n").unwrap();
    std::fs::write(data.join("broken-org.yaml-only"), "").unwrap();
    std::fs::create_dir_all(data.join("zz-broken")).unwrap();
    std::fs::write(data.join("zz-broken/org.yaml"), "name: [unclosed\n").unwrap();

    let out = validate(&bundled);
    must_exit(&out, 1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    must_contain(
        &stdout,
        &format!("{org}/2026-Q2/customers.csv:3:{}:", col + 1),
    );
    must_contain(&stdout, "zz-broken/org.yaml:");
    must_contain(&String::from_utf8_lossy(&out.stderr), "2 problem(s)");

    // A broken configuration is a problem too, with its position.
    let config = tmp.path().join("bad.yaml");
    let yaml = std::fs::read_to_string(&bundled).unwrap();
    std::fs::write(&config, format!("aplha: 0.1\n{yaml}")).unwrap();
    let out = validate(&config);
    must_exit(&out, 1);
    must_contain(&String::from_utf8_lossy(&out.stdout), "bad.yaml:1:1:");
}
