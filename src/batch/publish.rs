//! The `out/` layout and how files get there without a reader ever seeing half of them.
//!
//! ```text
//! out/manifest.json                       the last run (or the merge of shard manifests)
//! out/manifest.shard-K-of-N.json          one shard of a sharded run
//! out/.spiegel/                           fonts for typst, lock files
//! out/<org>/<wave>/                       one wave folder = one unit of publication:
//!     metrics.json                          the wave's metrics
//!     report.pdf report.typ *.svg           the organization report (when requested)
//!     departments/<id>/report.pdf …         department reports (when they exist)
//!     .stamp.json                           what the folder was built from
//! out/<org>/.<wave>.staging/ .<wave>.old/  a build in progress (or interrupted)
//! out/<org>/.<wave>.failed/                the last build that failed, for inspection
//! ```
//!
//! Hidden names are spiegel's own bookkeeping: anything listing reports skips them.
//!
//! # Atomicity
//!
//! A wave folder is never edited in place. Its new contents are written into a hidden
//! staging folder next to it, `out/<org>/.<wave>.staging/`, typst compiles inside it, the
//! stamp is written last, and then one `renameat2(RENAME_EXCHANGE)` swaps staging and live
//! folder; the old contents, now under the staging name, are deleted. A reader sees the old
//! folder or the new one, never a mix and never half a file, whenever the run stops — even
//! with `kill -9`. Where the exchange is not supported (not Linux, or a file system without
//! it, e.g. NFS), the live folder is first renamed aside and the new one renamed into place:
//! between those two renames the folder is briefly absent, but still never partial.
//!
//! What an interrupted run leaves behind is only hidden `.staging`/`.old` folders; the next
//! run that builds the organization deletes them (it holds the organization's lock, so no
//! other run can be using them) and, finding the stamp missing or different, rebuilds the
//! folder. The stamp lives inside the folder it describes, so the two are swapped together:
//! a stamp never vouches for files it did not see being built.
//!
//! A wave folder whose build failed is not published; what was built is kept as the hidden
//! `out/<org>/.<wave>.failed/` for inspection, until the folder is built successfully.
//!
//! Files outside wave folders (manifests, `metrics.json` aside) go through
//! [`write_atomic`]: a temporary name in the same folder, then a rename.
//!
//! Durability against power loss is not attempted (no fsync): the threat is a killed or
//! crashed process, after which the kernel still has every byte written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::batch::hash::Fingerprint;
use crate::batch::json::json_bytes;

/// Name of the stamp file inside a wave folder.
pub const STAMP: &str = ".stamp.json";

/// The marker spiegel puts in every folder it builds (staging, and so the published wave
/// folder it becomes). spiegel removes a folder only when the marker (or, for folders of
/// older versions, a stamp) is in it: a folder it did not create is never deleted.
pub const MARKER: &str = ".spiegel-built";

/// Version of the stamp layout; a stamp of another version is treated as absent.
pub const STAMP_FORMAT: u32 = 1;

/// `out/<org>/<wave>/`.
pub fn wave_dir(out: &Path, org: &str, wave: &str) -> PathBuf {
    out.join(org).join(wave)
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Write `bytes` to `path` atomically: a temporary name unique to this process and call,
/// then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .context("a file to write needs a parent folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let name = path
        .file_name()
        .context("a file to write needs a name")?
        .to_string_lossy();
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming into {}", path.display()))?;
    Ok(())
}

/// `.stamp.json`: what a wave folder was built from and which reports it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    /// [`STAMP_FORMAT`].
    pub format: u32,
    /// The combined input hash ([`Fingerprint::combined`]).
    pub input_hash: String,
    /// The hash of each part, to say what changed.
    pub fingerprint: Fingerprint,
    /// Data findings of the wave.
    pub findings: usize,
    /// blake3 of `metrics.json`.
    pub metrics: String,
    /// The reports in the folder, by kind key (`organization`, `department/<id>`).
    pub reports: BTreeMap<String, StampedReport>,
}

/// One report inside a wave folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StampedReport {
    /// Its files, relative to the wave folder, with their blake3 hash: what the folder held
    /// when it was published, so its consistency can be checked.
    pub files: BTreeMap<String, String>,
    /// typst's warnings when it was built.
    pub warnings: Vec<String>,
    /// Why it was not built (e.g. a department below the anonymity threshold); it has no
    /// files then, and stays skipped until the folder's inputs change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// The blake3 hash (hex) of a file.
pub fn file_hash(path: &Path) -> anyhow::Result<String> {
    let mut h = blake3::Hasher::new();
    let mut file =
        std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    std::io::copy(&mut file, &mut h).with_context(|| format!("reading {}", path.display()))?;
    Ok(h.finalize().to_hex().to_string())
}

/// The stamp of a wave folder, if it has a readable one of the current format.
pub fn read_stamp(wave_dir: &Path) -> Option<Stamp> {
    let bytes = std::fs::read(wave_dir.join(STAMP)).ok()?;
    let stamp: Stamp = serde_json::from_slice(&bytes).ok()?;
    (stamp.format == STAMP_FORMAT).then_some(stamp)
}

/// A wave folder being built: a hidden sibling of the live folder, swapped in by
/// [`Staging::commit`]. Dropped without commit, it is deleted.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    live: PathBuf,
    committed: bool,
}

impl Staging {
    /// Start building `out/<org>/<wave>/`. The caller holds the organization's lock, so a
    /// leftover staging folder can only be from an interrupted run and is removed.
    pub fn create(out: &Path, org: &str, wave: &str) -> anyhow::Result<Staging> {
        let live = wave_dir(out, org, wave);
        let dir = out.join(org).join(format!(".{wave}.staging"));
        remove_dir_if_exists(&dir)?;
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        std::fs::write(dir.join(MARKER), b"built by spiegel\n")
            .with_context(|| format!("writing {}", dir.join(MARKER).display()))?;
        Ok(Staging {
            dir,
            live,
            committed: false,
        })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Write the stamp and publish the folder with one atomic swap.
    pub fn commit(mut self, stamp: &Stamp) -> anyhow::Result<()> {
        write_atomic(&self.dir.join(STAMP), &json_bytes(stamp)?)?;
        swap_into_place(&self.dir, &self.live)?;
        self.committed = true;
        // Published. After the swap the staging name holds the old folder (or nothing); what
        // cannot be removed now is removed by the next run that builds the organization.
        for leftover in [self.dir.clone(), self.failed_path()] {
            if let Err(e) = remove_dir_if_exists(&leftover) {
                tracing::warn!("{e:#}");
            }
        }
        Ok(())
    }

    /// Not published: keep what was built as `out/<org>/.<wave>.failed/`, so the `.typ`
    /// that typst choked on can be looked at. The next successful build removes it.
    pub fn keep_failed(mut self) -> anyhow::Result<PathBuf> {
        let failed = self.failed_path();
        remove_dir_if_exists(&failed)?;
        std::fs::rename(&self.dir, &failed)
            .with_context(|| format!("keeping {}", failed.display()))?;
        self.committed = true;
        Ok(failed)
    }

    fn failed_path(&self) -> PathBuf {
        let name = self.live.file_name().unwrap_or_default().to_string_lossy();
        self.live.with_file_name(format!(".{name}.failed"))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_dir_if_exists(&self.dir);
        }
    }
}

/// Whether `dir` is a folder spiegel built: it holds the [`MARKER`] or a stamp, and is a
/// real folder, not a symlink to one.
pub fn is_spiegel_folder(dir: &Path) -> bool {
    let real_dir = std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    let owned = |name: &str| std::fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.is_file());
    real_dir && (owned(MARKER) || owned(STAMP))
}

/// Remove a folder spiegel built; refuse (with an error naming it) any other folder.
fn remove_dir_if_exists(dir: &Path) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
        // An empty folder holds nothing to lose (a run killed right after creating its
        // staging folder, before the marker).
        Ok(m) if m.is_dir() && std::fs::remove_dir(dir).is_ok() => return Ok(()),
        Ok(_) if !is_spiegel_folder(dir) => anyhow::bail!(
            "not removing {}: spiegel did not create it (no {MARKER} in it); move it away \
             if it should be replaced",
            dir.display()
        ),
        Ok(_) => {}
    }
    // The marker and the stamp go last: a run killed while removing leaves a folder that is
    // still recognisably spiegel's, which the next run removes.
    let removing =
        |e: std::io::Error| Err(e).with_context(|| format!("removing {}", dir.display()));
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return removing(e),
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name == MARKER || name == STAMP {
            continue;
        }
        let path = entry.path();
        let result = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
        if let Err(e) = result.or_else(ignore_not_found) {
            return removing(e);
        }
    }
    for last in [STAMP, MARKER] {
        if let Err(e) = std::fs::remove_file(dir.join(last)).or_else(ignore_not_found) {
            return removing(e);
        }
    }
    std::fs::remove_dir(dir)
        .or_else(ignore_not_found)
        .or_else(removing)
}

fn ignore_not_found(e: std::io::Error) -> std::io::Result<()> {
    match e.kind() {
        std::io::ErrorKind::NotFound => Ok(()),
        _ => Err(e),
    }
}

/// Remove the temporary files [`write_atomic`] leaves in `dir` when a run is killed between
/// writing and renaming (`.<name>.tmp-<pid>-<n>`). Call it only while holding the lock that
/// covers `dir`.
pub fn clean_tmp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_tmp_name(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `.<name>.tmp-<pid>-<n>`, exactly as [`write_atomic`] names them.
fn is_tmp_name(name: &str) -> bool {
    let Some((head, tail)) = name.rsplit_once(".tmp-") else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    head.starts_with('.')
        && tail
            .split_once('-')
            .is_some_and(|(pid, n)| digits(pid) && digits(n))
}

/// Put `new` at `live`. Afterwards `new` holds the previous contents of `live`, if any. A
/// `live` folder spiegel did not build is not replaced.
fn swap_into_place(new: &Path, live: &Path) -> anyhow::Result<()> {
    if std::fs::symlink_metadata(live).is_ok() && !is_spiegel_folder(live) {
        anyhow::bail!(
            "not replacing {}: spiegel did not create it (no {MARKER} or {STAMP} in it); move \
             it away to publish there",
            live.display()
        );
    }
    if !live.exists() {
        return std::fs::rename(new, live)
            .with_context(|| format!("publishing {}", live.display()));
    }
    if exchange(new, live)? {
        return Ok(());
    }
    // No atomic exchange here: move the old folder aside, then the new one in.
    let aside = live.with_file_name(format!(
        ".{}.old",
        live.file_name().unwrap_or_default().to_string_lossy()
    ));
    remove_dir_if_exists(&aside)?;
    std::fs::rename(live, &aside).with_context(|| format!("moving {} aside", live.display()))?;
    std::fs::rename(new, live).with_context(|| format!("publishing {}", live.display()))?;
    std::fs::rename(&aside, new).with_context(|| format!("removing {}", aside.display()))?;
    Ok(())
}

/// Atomically exchange two paths; `Ok(false)` when the platform or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> anyhow::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => {
            Err(std::io::Error::from(e)).with_context(|| format!("publishing {}", b.display()))
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> anyhow::Result<bool> {
    Ok(false)
}

/// Remove what an interrupted run left in `out/<org>/`: hidden staging and aside folders,
/// and temporary files of [`write_atomic`]. Call it only while holding the organization's
/// lock.
pub fn clean_leftovers(org_out: &Path) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(org_out) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if name.ends_with(".staging") || name.ends_with(".old") {
            if is_spiegel_folder(&path) {
                remove_dir_if_exists(&path)?;
            } else {
                // Empty: a run killed before it wrote the marker. Otherwise not ours: kept.
                let _ = std::fs::remove_dir(&path);
            }
        }
    }
    clean_tmp_files(org_out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> Stamp {
        Stamp {
            format: STAMP_FORMAT,
            input_hash: "h".into(),
            fingerprint: Fingerprint {
                data: "d".into(),
                config: "c".into(),
                templates: "t".into(),
                fonts: "f".into(),
                program: "p".into(),
            },
            findings: 0,
            metrics: String::new(),
            reports: BTreeMap::new(),
        }
    }

    #[test]
    fn commit_replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let live = wave_dir(out, "acme", "2026-Q1");
        std::fs::create_dir_all(&live).unwrap();
        std::fs::write(live.join(MARKER), "").unwrap();
        std::fs::write(live.join("old-only.txt"), "old").unwrap();
        std::fs::write(live.join("report.pdf"), "old").unwrap();

        let staging = Staging::create(out, "acme", "2026-Q1").unwrap();
        std::fs::write(staging.path().join("report.pdf"), "new").unwrap();
        // Until the commit, the live folder is untouched.
        assert_eq!(
            std::fs::read_to_string(live.join("report.pdf")).unwrap(),
            "old"
        );
        staging.commit(&stamp()).unwrap();

        assert_eq!(
            std::fs::read_to_string(live.join("report.pdf")).unwrap(),
            "new"
        );
        assert!(!live.join("old-only.txt").exists());
        assert_eq!(read_stamp(&live), Some(stamp()));
        let left: Vec<_> = std::fs::read_dir(out.join("acme"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["2026-Q1"]);
    }

    #[test]
    fn a_staging_folder_that_is_not_committed_disappears() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::create(tmp.path(), "acme", "w").unwrap();
        let dir = staging.path().to_path_buf();
        std::fs::write(dir.join("x"), "x").unwrap();
        drop(staging);
        assert!(!dir.exists());
        assert!(!wave_dir(tmp.path(), "acme", "w").exists());
    }

    #[test]
    fn leftovers_of_an_interrupted_run_are_cleaned() {
        let tmp = tempfile::tempdir().unwrap();
        let org = tmp.path().join("acme");
        for d in [".2026-Q1.staging", ".2026-Q1.old", "2026-Q1"] {
            std::fs::create_dir_all(org.join(d)).unwrap();
            std::fs::write(org.join(d).join(MARKER), "").unwrap();
        }
        // Not spiegel's: a folder without the marker, a file that only looks temporary.
        std::fs::create_dir_all(org.join(".mine.old")).unwrap();
        std::fs::write(org.join(".mine.old/notes.txt"), "mine").unwrap();
        // An empty staging folder without marker: a run killed right after creating it.
        std::fs::create_dir_all(org.join(".2026-Q2.staging")).unwrap();
        std::fs::write(org.join(".x.tmp-1-2"), "").unwrap();
        std::fs::write(org.join(".notes.tmp-mine"), "").unwrap();
        clean_leftovers(&org).unwrap();
        let mut left: Vec<_> = std::fs::read_dir(&org)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".mine.old", ".notes.tmp-mine", "2026-Q1"]);
    }

    #[test]
    fn a_folder_is_removed_marker_last() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(".w.staging");
        std::fs::create_dir_all(dir.join("departments/kc")).unwrap();
        std::fs::write(dir.join(MARKER), "").unwrap();
        std::fs::write(dir.join("departments/kc/report.pdf"), "x").unwrap();
        std::fs::write(dir.join("report.pdf"), "x").unwrap();
        remove_dir_if_exists(&dir).unwrap();
        assert!(!dir.exists());
        remove_dir_if_exists(&dir).unwrap();
    }

    #[test]
    fn a_folder_spiegel_did_not_build_is_neither_removed_nor_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let live = wave_dir(out, "acme", "2026-Q1");
        std::fs::create_dir_all(&live).unwrap();
        std::fs::write(live.join("precious.csv"), "data").unwrap();
        let staging = Staging::create(out, "acme", "2026-Q1").unwrap();
        let err = staging.commit(&stamp()).unwrap_err().to_string();
        assert!(err.contains("spiegel did not create it"), "{err}");
        assert_eq!(
            std::fs::read_to_string(live.join("precious.csv")).unwrap(),
            "data"
        );
        let foreign = out.join("acme/.2026-Q2.staging");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("precious.csv"), "data").unwrap();
        let err = Staging::create(out, "acme", "2026-Q2")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not removing"), "{err}");
        assert!(foreign.join("precious.csv").is_file());
    }

    #[test]
    fn a_stamp_of_another_format_is_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = stamp();
        s.format = STAMP_FORMAT + 1;
        std::fs::write(tmp.path().join(STAMP), json_bytes(&s).unwrap()).unwrap();
        assert_eq!(read_stamp(tmp.path()), None);
    }
}
