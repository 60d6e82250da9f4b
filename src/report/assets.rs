//! Files built into the binary, so `spiegel` runs from any directory: the report font
//! (Inter, OFL) and the Typst templates. `batch::fonts` writes the fonts out
//! once for typst's `--font-path`.

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
