//! The only place that runs the typst binary: finding it, checking its version, and
//! compiling a report folder into a PDF. Every call has a time limit after which typst (and
//! whatever it started) is killed, and every PDF is checked ([`crate::report::pdf`]) before
//! it is called built.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The typst CLI version the templates are written for.
pub const TYPST_VERSION: &str = "0.15.1";

/// How to install the pinned typst.
pub fn install_hint() -> String {
    format!(
        "run `scripts/install-typst` (one-time), or install it yourself: `cargo install typst-cli --locked \
         --version {TYPST_VERSION} --root {}` (or set SPIEGEL_TYPST to a typst {TYPST_VERSION} binary)",
        default_root().display()
    )
}

/// typst cannot be used at all: nothing can be rendered.
#[derive(Debug, thiserror::Error)]
pub enum TypstSetupError {
    /// No typst binary was found.
    #[error("typst {TYPST_VERSION} was not found (looked for {tried})")]
    Missing {
        /// The places looked at.
        tried: String,
    },
    /// The binary asked for (`typst.binary`, `SPIEGEL_TYPST`) cannot be used.
    #[error("typst {path} cannot be used: {why}")]
    Configured {
        /// The binary.
        path: String,
        /// Why not.
        why: String,
    },
    /// A typst binary of another version was found.
    #[error("{path} is typst {found}, but spiegel needs typst {TYPST_VERSION}")]
    WrongVersion {
        /// The binary.
        path: String,
        /// The version it reports.
        found: String,
    },
}

/// Where `scripts/install-typst` installs typst: `$XDG_CACHE_HOME/spiegel/typst-<version>` or
/// `~/.cache/spiegel/typst-<version>`.
pub fn default_root() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    cache.join("spiegel").join(format!("typst-{TYPST_VERSION}"))
}

/// A checked typst binary plus the font folder every compile uses.
#[derive(Debug, Clone)]
pub struct Typst {
    binary: PathBuf,
    font_dir: PathBuf,
    slots: Arc<Slots>,
    timeout: Duration,
    max_pages: u32,
}

/// What one compile produced besides the PDF.
#[derive(Debug, Default)]
pub struct CompileOutput {
    /// typst's warnings (that are not errors for us).
    pub warnings: Vec<String>,
    /// Wall time of the typst process.
    pub duration: Duration,
}

/// A counting semaphore: how many typst processes may still be started.
#[derive(Debug)]
struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    fn new(n: usize) -> Slots {
        Slots {
            free: Mutex::new(n.max(1)),
            freed: Condvar::new(),
        }
    }

    fn acquire(&self) -> SlotGuard<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        SlotGuard(self)
    }
}

struct SlotGuard<'a>(&'a Slots);

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.freed.notify_one();
    }
}

impl Typst {
    /// Find typst: the configured path, else `$SPIEGEL_TYPST` (either one exclusively, when
    /// given), else the install location, then `PATH`. The binary must be version [`TYPST_VERSION`]; the
    /// version check is bounded by `timeout` like every other typst call.
    pub fn locate(
        configured: Option<&Path>,
        font_dir: PathBuf,
        timeout: Duration,
    ) -> Result<Typst, TypstSetupError> {
        let found = |binary: &Path| Typst {
            binary: binary.to_path_buf(),
            font_dir: font_dir.clone(),
            slots: Arc::new(Slots::new(usize::MAX)),
            timeout,
            max_pages: 500,
        };
        if let Some(binary) = configured {
            let path = binary.display().to_string();
            return match version_of(binary, timeout) {
                Ok(v) if v == TYPST_VERSION => Ok(found(binary)),
                Ok(v) => Err(TypstSetupError::WrongVersion { path, found: v }),
                Err(why) => Err(TypstSetupError::Configured { path, why }),
            };
        }
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(binary) = std::env::var_os("SPIEGEL_TYPST").map(PathBuf::from) {
            // Asked for explicitly: that one or none, never silently another.
            let path = binary.display().to_string();
            return match version_of(&binary, timeout) {
                Ok(v) if v == TYPST_VERSION => Ok(found(&binary)),
                Ok(v) => Err(TypstSetupError::WrongVersion { path, found: v }),
                Err(why) => Err(TypstSetupError::Configured {
                    path: format!("{path} (SPIEGEL_TYPST)"),
                    why,
                }),
            };
        }
        candidates.push(default_root().join("bin").join("typst"));
        candidates.push(PathBuf::from("typst"));
        let mut wrong = None;
        for binary in &candidates {
            match version_of(binary, timeout) {
                Ok(v) if v == TYPST_VERSION => return Ok(found(binary)),
                Ok(v) => {
                    wrong.get_or_insert(TypstSetupError::WrongVersion {
                        path: binary.display().to_string(),
                        found: v,
                    });
                }
                Err(why) if why.contains("did not answer") => {
                    wrong.get_or_insert(TypstSetupError::Configured {
                        path: binary.display().to_string(),
                        why,
                    });
                }
                Err(_) => {}
            }
        }
        Err(wrong.unwrap_or_else(|| TypstSetupError::Missing {
            tried: candidates
                .iter()
                .map(|c| c.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        }))
    }

    /// A PDF with more pages than this is treated as broken (default 500).
    pub fn with_max_pages(mut self, n: u32) -> Typst {
        self.max_pages = n.max(1);
        self
    }

    /// The binary in use.
    pub fn binary(&self) -> &Path {
        &self.binary
    }

    /// Run at most `n` typst processes at once (over all clones of this value).
    pub fn with_limit(mut self, n: usize) -> Typst {
        self.slots = Arc::new(Slots::new(n));
        self
    }

    /// Compile `dir/input` to `dir/output`, with `--root` at `dir`, only the bundled fonts,
    /// a fixed creation timestamp (byte-identical PDFs) and PDF/A-2b + PDF/UA-1. An unknown
    /// font is an error: typst only warns and then draws no glyphs.
    pub fn compile(
        &self,
        dir: &Path,
        input: &str,
        output: &str,
        timestamp: i64,
    ) -> anyhow::Result<CompileOutput> {
        let slot = self.slots.acquire();
        let start = Instant::now();
        let mut cmd = Command::new(&self.binary);
        cmd.current_dir(dir)
            .arg("compile")
            .arg("--root")
            .arg(".")
            .arg("--font-path")
            .arg(&self.font_dir)
            .arg("--ignore-system-fonts")
            .arg("--creation-timestamp")
            .arg(timestamp.to_string())
            .arg("--pdf-standard")
            .arg("a-2b,ua-1")
            .arg("--format")
            .arg("pdf")
            .arg("--diagnostic-format")
            .arg("short")
            // One thread per typst: spiegel runs several typst processes side by side, and
            // threads within each would only compete with them for the cores.
            .arg("--jobs")
            .arg("1")
            .arg(input)
            .arg(output)
            .env_remove("SOURCE_DATE_EPOCH");
        let out = run_bounded(&mut cmd, self.timeout)
            .map_err(|e| anyhow::anyhow!("running {}: {e}", self.binary.display()))?;
        let duration = start.elapsed();
        drop(slot);
        let Some(status) = out.status else {
            let _ = std::fs::remove_file(dir.join(output));
            anyhow::bail!(
                "typst did not finish {} within {} s and was stopped (typst.timeout)",
                dir.join(input).display(),
                self.timeout.as_secs_f64()
            );
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        let diagnostics: Vec<String> = stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        if !status.success() {
            anyhow::bail!(
                "typst failed on {} ({}):\n{}",
                dir.join(input).display(),
                status,
                diagnostics.join("\n")
            );
        }
        if let Some(font) = diagnostics
            .iter()
            .find(|l| l.contains("unknown font family"))
        {
            let _ = std::fs::remove_file(dir.join(output));
            anyhow::bail!("typst could not find a font, the PDF would miss its text: {font}");
        }
        let pdf = dir.join(output);
        if let Err(why) = crate::report::pdf::check_file(&pdf, 1..=self.max_pages) {
            anyhow::bail!(
                "typst reported success but {} is not a usable PDF: {why}",
                pdf.display()
            );
        }
        Ok(CompileOutput {
            warnings: diagnostics
                .into_iter()
                .filter(|l| l.contains("warning"))
                .collect(),
            duration,
        })
    }
}

/// `typst --version` → `0.15.1`. `Err` says why not (not found, no answer in time, …).
fn version_of(binary: &Path, timeout: Duration) -> Result<String, String> {
    let mut cmd = Command::new(binary);
    cmd.arg("--version");
    // The version check only needs a moment; a typst that does not answer is not usable.
    let out =
        run_bounded(&mut cmd, timeout.min(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    let Some(status) = out.status else {
        return Err(format!(
            "`{} --version` did not answer within {} s and was stopped",
            binary.display(),
            timeout.min(Duration::from_secs(30)).as_secs_f64()
        ));
    };
    if !status.success() {
        return Err(format!(
            "`{} --version` failed ({status})",
            binary.display()
        ));
    }
    // "typst 0.15.1 (abcdef01)"
    let text = String::from_utf8_lossy(&out.stdout);
    match text.split_whitespace().collect::<Vec<_>>()[..] {
        ["typst", v, ..] => Ok(v.chars().take(40).collect()),
        _ => Err(format!(
            "`{} --version` does not say it is typst",
            binary.display()
        )),
    }
}

/// What a bounded process run gave: its status (`None`: it was killed at the time limit)
/// and its output.
struct Bounded {
    status: Option<ExitStatus>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Run `cmd` for at most `timeout`. The process gets its own process group, and the whole
/// group is killed at the limit — also what a wrapper script started — so no grandchild can
/// keep running or hold the output pipes open. Output beyond 1 MiB per stream is dropped.
fn run_bounded(cmd: &mut Command, timeout: Duration) -> std::io::Result<Bounded> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn()?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(p) = pipe {
                let _ = p.take(1 << 20).read_to_end(&mut buf);
            }
            buf
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    // A thread waits for the process, this one for the thread's word or the timeout: the
    // end of typst is noticed at once (polling cost up to its interval per report).
    let (done, ended) = std::sync::mpsc::channel();
    let mut group = Group(child.id());
    let waiter = std::thread::spawn(move || {
        let status = child.wait();
        let _ = done.send(());
        status
    });
    let status = match ended.recv_timeout(timeout) {
        Ok(()) => Some(()),
        Err(_) => None,
    };
    // Whatever the outcome, nothing typst started may outlive it (at the timeout this also
    // ends the wait above).
    kill_group(&mut group, status.is_none());
    let waited = waiter
        .join()
        .map_err(|_| std::io::Error::other("waiting for typst failed"))?;
    let status = match status {
        Some(()) => Some(waited?),
        None => None,
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    Ok(Bounded {
        status,
        stdout,
        stderr,
    })
}

/// The process group of a child started with `process_group(0)`: its id is the child's.
struct Group(u32);

/// Kill everything left in `group` (the child itself when it `timed_out`).
#[cfg(target_os = "linux")]
fn kill_group(group: &mut Group, _timed_out: bool) {
    use rustix::process::{Pid, Signal, kill_process_group};
    if let Some(pid) = i32::try_from(group.0).ok().and_then(Pid::from_raw) {
        let _ = kill_process_group(pid, Signal::KILL);
    }
}

#[cfg(not(target_os = "linux"))]
fn kill_group(group: &mut Group, timed_out: bool) {
    if timed_out {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", group.0)])
            .status();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_process_that_hangs_is_killed_with_what_it_started() {
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg("sleep 30 & sleep 30; echo late");
        let start = Instant::now();
        let out = run_bounded(&mut cmd, Duration::from_millis(300)).unwrap();
        assert!(out.status.is_none());
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
        assert!(out.stdout.is_empty());
    }

    #[test]
    fn a_quick_process_gives_its_status_and_output() {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg("echo typst 0.15.1; echo warn >&2; exit 3");
        let out = run_bounded(&mut cmd, Duration::from_secs(10)).unwrap();
        assert_eq!(out.status.and_then(|s| s.code()), Some(3));
        assert_eq!(out.stdout, b"typst 0.15.1\n");
        assert_eq!(out.stderr, b"warn\n");
    }
}
