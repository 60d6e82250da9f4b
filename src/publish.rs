//! The `out/` layout and atomic writes: a file is written under a temporary name in the same
//! folder and renamed into place, so a reader never sees half a file.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// `out/<org>/<wave>/`.
pub fn wave_dir(out: &Path, org: &str, wave: &str) -> PathBuf {
    out.join(org).join(wave)
}

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .context("a file to write needs a parent folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let name = path
        .file_name()
        .context("a file to write needs a name")?
        .to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming into {}", path.display()))?;
    Ok(())
}

/// Serialize `value` as pretty JSON with sorted keys (serde_json's map is a BTreeMap) and a
/// final newline, so equal inputs give equal bytes.
pub fn json_bytes<T: serde::Serialize>(value: &T) -> anyhow::Result<Vec<u8>> {
    // Going through `Value` sorts the keys of every object.
    let v = serde_json::to_value(value)?;
    let mut bytes = serde_json::to_vec_pretty(&v)?;
    bytes.push(b'\n');
    Ok(bytes)
}
