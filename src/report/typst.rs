//! The only place that runs the typst binary: finding it, checking its version, and
//! compiling a report folder into a PDF.

use std::path::{Path, PathBuf};
use std::process::Command;
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
    /// Find typst: the configured path, `$SPIEGEL_TYPST`, the setup location, then `PATH`.
    /// The first binary found must be version [`TYPST_VERSION`].
    pub fn locate(configured: Option<&Path>, font_dir: PathBuf) -> Result<Typst, TypstSetupError> {
        let mut candidates: Vec<PathBuf> = Vec::new();
        candidates.extend(configured.map(Path::to_path_buf));
        candidates.extend(std::env::var_os("SPIEGEL_TYPST").map(PathBuf::from));
        candidates.push(default_root().join("bin").join("typst"));
        candidates.push(PathBuf::from("typst"));
        let mut wrong = None;
        for binary in &candidates {
            match version_of(binary) {
                Some(v) if v == TYPST_VERSION => {
                    return Ok(Typst {
                        binary: binary.clone(),
                        font_dir,
                        slots: Arc::new(Slots::new(usize::MAX)),
                    });
                }
                Some(v) => {
                    wrong.get_or_insert(TypstSetupError::WrongVersion {
                        path: binary.display().to_string(),
                        found: v,
                    });
                }
                None => {}
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
        let out = Command::new(&self.binary)
            .current_dir(dir)
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
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .map_err(|e| anyhow::anyhow!("running {}: {e}", self.binary.display()))?;
        let duration = start.elapsed();
        drop(slot);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let diagnostics: Vec<String> = stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        if !out.status.success() {
            anyhow::bail!(
                "typst failed on {} ({}):\n{}",
                dir.join(input).display(),
                out.status,
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
        Ok(CompileOutput {
            warnings: diagnostics
                .into_iter()
                .filter(|l| l.contains("warning"))
                .collect(),
            duration,
        })
    }
}

fn version_of(binary: &Path) -> Option<String> {
    let out = Command::new(binary).arg("--version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    // "typst 0.15.1 (abcdef01)"
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace().nth(1).map(str::to_string)
}
