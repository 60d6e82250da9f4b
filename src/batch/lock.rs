//! Locks on the output folder, so two runs never write the same reports at once.
//!
//! The locks are OS file locks (`flock` on Unix, `LockFileEx` on Windows) on files in
//! `out/.spiegel/`. The OS drops them when the process ends, however it ends: a run killed
//! with `kill -9` leaves no stale lock behind. The lock files themselves are never deleted
//! (deleting a lock file while another process waits on it is a classic race).
//!
//! | run                       | `run.lock` | `shard-K-of-N.lock` | `orgs/<org>.lock` |
//! |---------------------------|------------|---------------------|-------------------|
//! | `spiegel run`             | exclusive  | –                   | exclusive, per org while it is built |
//! | `spiegel run --shard K/N` | shared     | exclusive           | exclusive, per org while it is built |
//! | `spiegel merge-manifests` | exclusive  | –                   | –                 |
//!
//! So a plain run excludes every other run; shards of one job run side by side on a shared
//! output folder, while a second copy of the same shard is refused. Shards of two jobs with a
//! different N could overlap; the per-organization lock makes the second one skip an
//! organization that is being built (status `skipped`) instead of racing on it.

use std::fs::{File, OpenOptions};

// fs4's trait, called by path: std has inherent methods of the same names from Rust 1.89 on,
// above this crate's rust-version.
use fs4::{FileExt, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::batch::shard::Shard;

/// Another run holds a lock we need.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// The lock is held by another process.
    #[error("another spiegel run is using {out}{holder}")]
    Busy {
        /// The output folder.
        out: PathBuf,
        /// `" (pid …, started …)"` when the holder wrote it down.
        holder: String,
    },
    /// The lock file could not be created or locked.
    #[error("cannot lock {path}: {source}")]
    Io {
        /// The lock file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

impl LockError {
    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            LockError::Busy { .. } => {
                "wait for that run to finish, or use another --out; a run that was killed \
                 releases its lock by itself, so there is nothing to clean up"
            }
            LockError::Io { .. } => "check that the output folder is writable",
        }
    }
}

/// Held locks; dropping the value releases them.
#[derive(Debug)]
pub struct RunLock {
    _files: Vec<File>,
}

/// Which run wants the output folder.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    /// The whole folder (a plain run, or merging manifests).
    Exclusive,
    /// One shard of a sharded run.
    Shard(Shard),
}

fn lock_dir(out: &Path) -> PathBuf {
    out.join(".spiegel")
}

fn open(path: &Path) -> Result<File, LockError> {
    let io = |source| LockError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(io)
}

fn holder(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
        .map_or_else(String::new, |s| format!(" ({s})"))
}

fn sign(file: &mut File, what: &str) {
    // Best effort: only for the message another run prints.
    let _ = file.set_len(0);
    let _ = writeln!(file, "pid {}, {what}", std::process::id());
}

/// Lock `out` for a run; fails at once (never waits) when another run holds it.
pub fn acquire(out: &Path, mode: Mode) -> Result<RunLock, LockError> {
    let run_path = lock_dir(out).join("run.lock");
    let mut run = open(&run_path)?;
    let busy = |extra: &[PathBuf]| {
        let mut paths = vec![run_path.clone()];
        paths.extend_from_slice(extra);
        LockError::Busy {
            out: out.to_path_buf(),
            holder: holder(&paths),
        }
    };
    let io = |path: &Path, source| LockError::Io {
        path: path.to_path_buf(),
        source,
    };
    match mode {
        Mode::Exclusive => {
            match FileExt::try_lock(&run) {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Err(busy(&shard_lock_files(out))),
                Err(TryLockError::Error(e)) => return Err(io(&run_path, e)),
            }
            sign(&mut run, "whole output folder");
            Ok(RunLock { _files: vec![run] })
        }
        Mode::Shard(shard) => {
            match FileExt::try_lock_shared(&run) {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Err(busy(&[])),
                Err(TryLockError::Error(e)) => return Err(io(&run_path, e)),
            }
            let shard_path = lock_dir(out).join(format!("{}.lock", shard.file_stem()));
            let mut file = open(&shard_path)?;
            match FileExt::try_lock(&file) {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(LockError::Busy {
                        out: out.to_path_buf(),
                        holder: format!(
                            " for shard {shard}{}",
                            holder(std::slice::from_ref(&shard_path))
                        ),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(io(&shard_path, e)),
            }
            sign(&mut file, &format!("shard {shard}"));
            Ok(RunLock {
                _files: vec![run, file],
            })
        }
    }
}

fn shard_lock_files(out: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(lock_dir(out)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("shard-"))
        })
        .collect();
    files.sort();
    files
}

/// Lock one organization's output while it is built. `Ok(None)`: another run has it.
pub fn organization(out: &Path, org: &str) -> Result<Option<File>, LockError> {
    let path = lock_dir(out).join("orgs").join(format!("{org}.lock"));
    let file = open(&path)?;
    match FileExt::try_lock(&file) {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(source)) => Err(LockError::Io { path, source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_exclusive_lock_is_refused_and_released_on_drop() {
        let tmp = tempfile::tempdir().unwrap();
        let first = acquire(tmp.path(), Mode::Exclusive).unwrap();
        let err = acquire(tmp.path(), Mode::Exclusive).unwrap_err();
        assert!(matches!(err, LockError::Busy { .. }), "{err}");
        assert!(err.to_string().contains("pid"), "{err}");
        drop(first);
        acquire(tmp.path(), Mode::Exclusive).unwrap();
    }

    #[test]
    fn distinct_shards_share_the_folder_but_not_a_shard() {
        let tmp = tempfile::tempdir().unwrap();
        let s = |index| Mode::Shard(Shard { index, count: 2 });
        let a = acquire(tmp.path(), s(0)).unwrap();
        let _b = acquire(tmp.path(), s(1)).unwrap();
        let again = acquire(tmp.path(), s(0)).unwrap_err();
        assert!(again.to_string().contains("shard 0/2"), "{again}");
        assert!(acquire(tmp.path(), Mode::Exclusive).is_err());
        drop(a);
        assert!(
            acquire(tmp.path(), Mode::Exclusive).is_err(),
            "shard 1 still runs"
        );
    }

    #[test]
    fn an_organization_is_locked_once() {
        let tmp = tempfile::tempdir().unwrap();
        let held = organization(tmp.path(), "acme").unwrap();
        assert!(held.is_some());
        assert!(organization(tmp.path(), "acme").unwrap().is_none());
        assert!(organization(tmp.path(), "other").unwrap().is_some());
        drop(held);
        assert!(organization(tmp.path(), "acme").unwrap().is_some());
    }
}
