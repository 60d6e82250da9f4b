//! The settings of `spiegel.yaml` that are plain knobs with defaults: the agency, folders,
//! anonymity thresholds, complaints benchmark, trends, statistics, weights, limits, which
//! reports are made and how typst is run.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_saphyr::{Location, Spanned};

use crate::error::SourceError;

/// Bounds on inputs, so that one careless or hostile file cannot make a report of hundreds
/// of pages or a run that never ends.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// The longest free text (a comment, a category) kept from one CSV cell, in characters;
    /// longer texts are cut with an ellipsis and a finding. Default 2000.
    pub text_chars: usize,
    /// The largest `org.yaml` or `wave.yaml`, in bytes. Default 64 KiB.
    pub yaml_bytes: u64,
    /// The longest single text in `org.yaml` or `wave.yaml` (a name, the account manager),
    /// in characters. Default 200.
    pub yaml_text_chars: usize,
    /// The most pages a report PDF may have; more is treated as a broken report. Default 500.
    pub max_pages: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            text_chars: 2000,
            yaml_bytes: 64 * 1024,
            yaml_text_chars: 200,
            max_pages: 500,
        }
    }
}

/// Which column of a file holds each respondent's weight (`weights:` in the configuration,
/// overridable per organization in `org.yaml`). A file without the column is unweighted:
/// every respondent counts once.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Weight column of `customers.csv`; default `weight`. `null` ignores any weight column.
    pub customers: Option<String>,
    /// Weight column of `employees.csv`; default none (employee surveys are censuses).
    pub employees: Option<String>,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            customers: Some("weight".into()),
            employees: None,
        }
    }
}

/// How the tests of a report are corrected for multiplicity.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Correction {
    /// Benjamini–Hochberg: controls the false discovery rate within each family.
    #[default]
    Bh,
    /// Holm: controls the family-wise error rate within each family.
    Holm,
    /// No correction: `q` equals `p`.
    None,
}

impl Correction {
    /// Identifier as in the configuration.
    pub fn id(self) -> &'static str {
        match self {
            Correction::Bh => "bh",
            Correction::Holm => "holm",
            Correction::None => "none",
        }
    }
}

/// Statistical settings (`statistics:` in the configuration).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Statistics {
    /// Correction of each test family: `bh` (default), `holm` or `none`.
    pub multiple_comparisons: Correction,
    /// Employee groups with fewer respondents get no significance claim and no action.
    pub min_for_tests: u64,
    /// Most random relabellings of the layer comparison's permutation test (it stops early
    /// once the p-value is clearly large).
    pub permutations: usize,
    /// Resamples of the bootstrap interval of a layer's deviation beyond noise.
    pub bootstrap: usize,
    /// Seed of the permutation test and the bootstrap: the same data give the same figures.
    pub seed: u64,
}

impl Default for Statistics {
    fn default() -> Self {
        Statistics {
            multiple_comparisons: Correction::Bh,
            min_for_tests: 10,
            permutations: 4999,
            bootstrap: 999,
            seed: 2026,
        }
    }
}

impl Weights {
    pub(super) fn is_default(&self) -> bool {
        self == &Weights::default()
    }
}

/// The agency issuing the reports.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Agency {
    /// Name printed on the cover and in the footer.
    pub name: String,
    /// The agency's logo on the cover and in the footer: an SVG or PNG file, relative to the
    /// configuration's folder and inside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<Spanned<PathBuf>>,
    /// The agency's colour `#rrggbb` for headings and key figures when a client gives none;
    /// too light for white text, spiegel's own accent is used (with a warning).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<Spanned<String>>,
    /// The logo as SVG text, read when the configuration is loaded. Serialized, so that the
    /// configuration's hash changes with the logo and the reports are made again.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub logo_svg: Option<String>,
}

impl Default for Agency {
    fn default() -> Self {
        Agency {
            name: "spiegel".into(),
            logo: None,
            color: None,
            logo_svg: None,
        }
    }
}

impl Agency {
    /// Reads the logo (relative to the folder of `config`, the configuration file) and checks
    /// the colour. A logo outside the folder, of another type, missing or too large, and a
    /// colour that is not `#rrggbb`, are errors at their place in the file; a colour too light
    /// for white text is a warning (the result) and is not used.
    pub(super) fn load(&mut self, config: &Path) -> Result<Vec<String>, SourceError> {
        let at = |l: &Location, msg: String| SourceError::at(config, l.line(), l.column(), msg);
        if let Some(logo) = &self.logo {
            let folder = config.parent().unwrap_or(Path::new("."));
            let folder = if folder.as_os_str().is_empty() {
                Path::new(".")
            } else {
                folder
            };
            let svg = super::brand::read_logo(folder, &logo.value, "the configuration's folder")
                .map_err(|e| {
                    at(
                        &logo.referenced,
                        format!("agency.logo {:?}: {e:#}", logo.value),
                    )
                })?;
            self.logo_svg = Some(svg);
        }
        let mut warnings = Vec::new();
        if let Some(color) = &self.color {
            let Some(rgb) = super::brand::parse_hex(&color.value) else {
                return Err(at(
                    &color.referenced,
                    format!("agency.color {:?} is not a colour #rrggbb", color.value),
                ));
            };
            let contrast = super::brand::contrast_with_white(rgb);
            if contrast < super::brand::MIN_CONTRAST {
                warnings.push(
                    at(
                        &color.referenced,
                        format!(
                            "agency.color {:?} is too light for white text (contrast {contrast:.1}, \
                             at least {} needed); spiegel's own accent is used",
                            color.value,
                            super::brand::MIN_CONTRAST
                        ),
                    )
                    .to_string(),
                );
            }
        }
        Ok(warnings)
    }
}

/// Input and output folders; relative paths are resolved against the working directory.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Paths {
    /// Folder with one subfolder per organization.
    pub data: PathBuf,
    /// Folder the reports are written to.
    pub output: PathBuf,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            data: "data".into(),
            output: "out".into(),
        }
    }
}

/// Anonymity thresholds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Anonymity {
    /// Employee groups smaller than this are never shown.
    pub min_employees: u64,
    /// Customer groups smaller than this are marked indicative.
    pub min_customers: u64,
}

impl Default for Anonymity {
    fn default() -> Self {
        Anonymity {
            min_employees: 5,
            min_customers: 10,
        }
    }
}

/// Complaint handling settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Complaints {
    /// Benchmark of the complaint handling score, with where it comes from; a plain number is
    /// accepted too (Nationale Tevredenheidsindex: 5.9).
    pub benchmark: Benchmark,
}

impl Default for Complaints {
    fn default() -> Self {
        Complaints {
            benchmark: Benchmark {
                value: 5.9,
                source: None,
                year: None,
            },
        }
    }
}

/// A benchmark value with its provenance.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Benchmark {
    /// The value on the rating scale.
    pub value: f64,
    /// Where it comes from, printed beside the comparison.
    pub source: Option<String>,
    /// The year it was measured.
    pub year: Option<u32>,
}

impl<'de> Deserialize<'de> for Benchmark {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            value: f64,
            #[serde(default)]
            source: Option<String>,
            #[serde(default)]
            year: Option<u32>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Plain(f64),
            Full(Full),
        }
        Ok(match Either::deserialize(d)? {
            Either::Plain(value) => Benchmark {
                value,
                source: None,
                year: None,
            },
            Either::Full(f) => Benchmark {
                value: f.value,
                source: f.source,
                year: f.year,
            },
        })
    }
}

/// Development over waves.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrendSettings {
    /// Stagnation: the overall customer grade moved less than this (highest minus lowest of
    /// the last three waves, on the rating scale). Default 0.1.
    pub stagnation_threshold: f64,
}

impl Default for TrendSettings {
    fn default() -> Self {
        TrendSettings {
            stagnation_threshold: 0.1,
        }
    }
}

/// Which reports are made per organization and wave.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reports {
    /// Also a report per department of `org.yaml` (those under the anonymity thresholds are
    /// skipped with the reason in the manifest).
    pub departments: bool,
    /// Also a PowerPoint deck (`report.pptx`) next to every organization report.
    pub pptx: bool,
}

impl Default for Reports {
    fn default() -> Self {
        Reports {
            departments: true,
            pptx: true,
        }
    }
}

/// How typst is found and how long it may take.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TypstSettings {
    /// Path of the typst binary; when set, only this one is used (a missing or wrong binary
    /// is an error). Default: `$SPIEGEL_TYPST`, then the one `scripts/install-typst`
    /// installs, then `typst` on the `PATH`.
    pub binary: Option<PathBuf>,
    /// Seconds one typst call may take (a report's compile, or the version check) before the
    /// process is killed and the report fails. Default 120.
    pub timeout: f64,
}

impl Default for TypstSettings {
    fn default() -> Self {
        TypstSettings {
            binary: None,
            timeout: 120.0,
        }
    }
}

impl TypstSettings {
    /// [`TypstSettings::timeout`] as a duration.
    pub fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.timeout)
    }
}
