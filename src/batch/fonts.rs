//! The report font, written once per output folder (`out/.spiegel/fonts`) for typst's
//! `--font-path`: typst only reads fonts from files, and the binary carries them embedded.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::report::assets::FONTS;

/// Write the fonts into `dir` (skipping files that are already there with the same size)
/// and return its absolute path.
pub fn install_fonts(dir: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, bytes) in FONTS {
        let path = dir.join(name);
        let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64);
        if !same {
            // A per-process temporary name: shards of a run may install the fonts at once.
            super::publish::write_atomic(&path, bytes)?;
        }
    }
    // typst runs inside each report folder, so the font path must not be relative.
    std::path::absolute(dir).with_context(|| format!("resolving {}", dir.display()))
}
