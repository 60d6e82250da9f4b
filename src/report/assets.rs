//! Files built into the binary, so `spiegel` runs from any directory: the report font
//! (Inter, OFL) and the Typst templates. Fonts are written out once for typst's
//! `--font-path`.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// The report font family, as Typst and the SVG charts name it.
pub const FONT_FAMILY: &str = "Inter";

/// The committed font files.
pub const FONTS: &[(&str, &[u8])] = &[
    (
        "Inter-Regular.otf",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/Inter-Regular.otf"
        )),
    ),
    (
        "Inter-Italic.otf",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/Inter-Italic.otf"
        )),
    ),
    (
        "Inter-SemiBold.otf",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/Inter-SemiBold.otf"
        )),
    ),
    (
        "Inter-Bold.otf",
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/Inter-Bold.otf"
        )),
    ),
];

/// The organization report template.
pub const REPORT_TEMPLATE: (&str, &str) = (
    "report.typ",
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/report.typ")),
);

/// Write the fonts into `dir` (skipping files that are already there with the same size)
/// and return its absolute path.
pub fn install_fonts(dir: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, bytes) in FONTS {
        let path = dir.join(name);
        let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64);
        if !same {
            // A per-process temporary name: shards of a run may install the fonts at once.
            crate::publish::write_atomic(&path, bytes)?;
        }
    }
    // typst runs inside each report folder, so the font path must not be relative.
    std::path::absolute(dir).with_context(|| format!("resolving {}", dir.display()))
}
