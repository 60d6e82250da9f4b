//! The configuration file (`config/spiegel.yaml`): typed structs that reject unknown fields,
//! then a check of meaning that fails with a sentence a user understands.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::SourceError;

pub(crate) mod ingest;
pub mod themes;

pub use ingest::{Booleans, Export, FileFormat, Files, Ingest, Policy};

/// The whole configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The research agency that issues the reports (shown on the cover).
    #[serde(default)]
    pub agency: Agency,
    /// Where the data comes from and where the reports go.
    #[serde(default)]
    pub paths: Paths,
    /// Answer scales of the questionnaire.
    #[serde(default)]
    pub scales: Scales,
    /// Layers of the organization, the first one closest to the customer.
    pub layers: Vec<Layer>,
    /// Minimum group sizes before a figure is shown.
    #[serde(default)]
    pub anonymity: Anonymity,
    /// Significance level of the statistical tests.
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    /// Complaint handling settings.
    #[serde(default)]
    pub complaints: Complaints,
    /// Development over waves.
    #[serde(default)]
    pub trends: TrendSettings,
    /// The questionnaire: the service aspects customers rate.
    pub questionnaire: Questionnaire,
    /// The typst compiler.
    #[serde(default)]
    pub typst: TypstSettings,
    /// How the CSV exports are read: encoding, delimiter, header rows, column mapping,
    /// missing-value tokens, booleans, value labels and the policy for bad values. Every
    /// setting has a default; an organization may override any of them in its `org.yaml`.
    #[serde(default, skip_serializing_if = "Ingest::is_empty")]
    pub ingest: Ingest,
    /// Thresholds of the recommended-action rules.
    #[serde(default)]
    pub recommendations: crate::recommend::RuleSettings,
    /// Which reports are made.
    #[serde(default)]
    pub reports: Reports,
    /// The codebook that codes open answers into themes (default: customer service).
    #[serde(default = "themes::default_codebook")]
    pub themes: Vec<themes::Theme>,
}

/// The agency issuing the reports.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Agency {
    /// Name printed on the cover and in the footer.
    pub name: String,
}

impl Default for Agency {
    fn default() -> Self {
        Agency {
            name: "spiegel".into(),
        }
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

/// A closed numeric answer scale.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Lowest possible answer.
    pub min: f64,
    /// Highest possible answer.
    pub max: f64,
    /// The pass mark, where the scale has one (the Dutch grade: 5.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_mark: Option<f64>,
}

impl Scale {
    const fn new(min: f64, max: f64) -> Self {
        Scale {
            min,
            max,
            pass_mark: None,
        }
    }

    /// Whether `x` lies on the scale.
    pub fn contains(&self, x: f64) -> bool {
        x >= self.min && x <= self.max
    }
}

/// The answer scales.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scales {
    /// Performance grades and the overall grade (default 1–10, pass mark 5.5).
    pub rating: Scale,
    /// Stated importance (default 1–5).
    pub importance: Scale,
    /// Customer orientation items (default 1–5).
    pub orientation: Scale,
    /// Enablement items (default 1–5).
    pub enablement: Scale,
}

impl Default for Scales {
    fn default() -> Self {
        Scales {
            rating: Scale {
                min: 1.0,
                max: 10.0,
                pass_mark: Some(5.5),
            },
            importance: Scale::new(1.0, 5.0),
            orientation: Scale::new(1.0, 5.0),
            enablement: Scale::new(1.0, 5.0),
        }
    }
}

/// A text in both report languages.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl Label {
    /// The text in `lang`.
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Nl => &self.nl,
            Language::En => &self.en,
        }
    }
}

/// A report language.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Dutch (the default).
    #[default]
    Nl,
    /// English.
    En,
}

impl Language {
    /// The ISO code, as used by typst's `lang`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }
}

/// A layer of the organization.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// Identifier used in `employees.csv`.
    pub id: String,
    /// Display name.
    pub label: Label,
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
    /// National benchmark of the complaint handling score (Nationale Tevredenheidsindex: 5.9).
    pub benchmark: f64,
}

impl Default for Complaints {
    fn default() -> Self {
        Complaints { benchmark: 5.9 }
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

/// The questionnaire.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// The service aspects, in questionnaire order.
    pub aspects: Vec<Aspect>,
}

/// One service aspect customers rate and staff predict.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Aspect {
    /// Column name in the CSV files (and `imp_<id>` for importance).
    pub id: String,
    /// Display name.
    pub label: Label,
    /// `human` (bejegening, hostmanship) or `functional` (waiting time, reachability, ...).
    pub category: Category,
}

/// Aspect category.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Bejegening / hostmanship.
    Human,
    /// Waiting times, reachability, procedures.
    Functional,
}

/// Which reports are made per organization and wave.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reports {
    /// Also a report per department of `org.yaml` (those under the anonymity thresholds are
    /// skipped with the reason in the manifest).
    pub departments: bool,
}

impl Default for Reports {
    fn default() -> Self {
        Reports { departments: true }
    }
}

/// How typst is found.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TypstSettings {
    /// Path of the typst binary; default: `$SPIEGEL_TYPST`, then the one `scripts/install-typst`
    /// installs, then `typst` on the `PATH`.
    pub binary: Option<PathBuf>,
}

fn default_alpha() -> f64 {
    0.05
}

impl Config {
    /// Read and check the configuration file.
    pub fn load(path: &Path) -> Result<Config, SourceError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SourceError::io(path, format!("cannot read the configuration: {e}")))?;
        Config::parse(path, &text)
    }

    /// Parse configuration text; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config, SourceError> {
        let config: Config = serde_saphyr::from_str(text).map_err(|e| yaml_error(path, &e))?;
        config
            .validate()
            .map_err(|msg| SourceError::at(path, 0, 0, msg))?;
        Ok(config)
    }

    /// Checks of meaning that serde cannot express.
    fn validate(&self) -> Result<(), String> {
        themes::validate(&self.themes)?;
        if self.questionnaire.aspects.is_empty() {
            return Err("the questionnaire has no aspects".into());
        }
        if self.layers.is_empty() {
            return Err("no layers are configured".into());
        }
        unique_ids(
            "aspect",
            self.questionnaire.aspects.iter().map(|a| a.id.as_str()),
        )?;
        unique_ids("layer", self.layers.iter().map(|l| l.id.as_str()))?;
        for aspect in &self.questionnaire.aspects {
            if !is_identifier(&aspect.id) {
                return Err(format!(
                    "aspect id '{}' may only contain lowercase letters, digits and '_'",
                    aspect.id
                ));
            }
            if RESERVED_COLUMNS.contains(&aspect.id.as_str()) {
                return Err(format!(
                    "aspect id '{}' is already a column of the data format",
                    aspect.id
                ));
            }
        }
        for (name, scale) in [
            ("rating", &self.scales.rating),
            ("importance", &self.scales.importance),
            ("orientation", &self.scales.orientation),
            ("enablement", &self.scales.enablement),
        ] {
            if scale.min.partial_cmp(&scale.max) != Some(std::cmp::Ordering::Less) {
                return Err(format!("scale '{name}': min must be below max"));
            }
        }
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(format!(
                "alpha must lie between 0 and 1, not {}",
                self.alpha
            ));
        }
        if self.trends.stagnation_threshold.is_nan() || self.trends.stagnation_threshold < 0.0 {
            return Err(format!(
                "trends.stagnation_threshold must be 0 or more, not {}",
                self.trends.stagnation_threshold
            ));
        }
        if self.anonymity.min_employees == 0 {
            return Err("anonymity.min_employees must be at least 1".into());
        }
        self.ingest.check(self)
    }

    /// Display name of an aspect id in `lang` (the id itself when unknown).
    pub fn aspect_label<'c>(&'c self, id: &'c str, lang: Language) -> &'c str {
        self.questionnaire
            .aspects
            .iter()
            .find(|a| a.id == id)
            .map_or(id, |a| a.label.get(lang))
    }

    /// Display name of a layer id in `lang` (the id itself when unknown).
    pub fn layer_label<'c>(&'c self, id: &'c str, lang: Language) -> &'c str {
        self.layers
            .iter()
            .find(|l| l.id == id)
            .map_or(id, |l| l.label.get(lang))
    }

    /// Index of a layer id.
    pub fn layer_index(&self, id: &str) -> Option<usize> {
        self.layers.iter().position(|l| l.id == id)
    }

    /// The pass mark of the rating scale (its midpoint when none is configured).
    pub fn pass_mark(&self) -> f64 {
        let r = &self.scales.rating;
        r.pass_mark.unwrap_or((r.min + r.max) / 2.0)
    }
}

/// Column names of the canonical format that an aspect id must not shadow.
const RESERVED_COLUMNS: &[&str] = &[
    "respondent_id",
    "department",
    "layer",
    "overall",
    "comment",
    "complaint",
    "complaint_resolved",
    "complaint_score",
    "complaint_repeat",
    "customer_contact",
    "self_orientation",
    "department_orientation",
    "organization_orientation",
    "frustrations",
    "strategies",
];

fn unique_ids<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(format!("{what} id '{id}' appears twice"));
        }
    }
    Ok(())
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Turn a serde-saphyr error into `file:line:column: message`.
pub(crate) fn yaml_error(path: &Path, e: &serde_saphyr::Error) -> SourceError {
    let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    // The Display of serde-saphyr repeats the location and adds a snippet; keep its first line.
    let msg = e.to_string();
    let first = msg.lines().next().unwrap_or("invalid YAML").trim();
    SourceError::at(path, line, col, first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, SourceError> {
        Config::parse(Path::new("spiegel.yaml"), text)
    }

    const MINIMAL: &str = "layers:\n  - id: frontline\n    label: { nl: Front, en: Front }\nquestionnaire:\n  aspects:\n    - id: wachttijd\n      label: { nl: Wachttijd, en: Waiting time }\n      category: functional\n";

    #[test]
    fn bundled_config_loads() {
        let c = Config::load(Path::new("config/spiegel.yaml")).unwrap();
        assert!(c.questionnaire.aspects.len() >= 7);
        assert_eq!(c.layers.len(), 4);
        assert_eq!(c.complaints.benchmark, 5.9);
    }

    #[test]
    fn defaults_fill_what_is_left_out() {
        let c = parse(MINIMAL).unwrap();
        assert_eq!(c.alpha, 0.05);
        assert_eq!(c.anonymity.min_employees, 5);
        assert_eq!(c.scales.rating.pass_mark, Some(5.5));
        assert_eq!(c.trends.stagnation_threshold, 0.1);
    }

    #[test]
    fn unknown_field_is_an_error_with_line_and_column() {
        let text = MINIMAL.replace("questionnaire:", "aplha: 0.1\nquestionnaire:");
        let err = parse(&text).unwrap_err().to_string();
        assert!(err.starts_with("spiegel.yaml:4:1:"), "{err}");
        assert!(err.contains("aplha"), "{err}");
    }

    #[test]
    fn ingest_section_parses_with_plain_yaml_scalars() {
        let text = format!(
            "{MINIMAL}ingest:\n  policy: strict\n  delimiter: tab\n  encoding: windows-1252\n  \
             missing: [\"\", NA, 99]\n  booleans:\n    true_values: [1, ja, yes, true]\n    \
             false_values: [0, nee, no, false]\n  value_labels:\n    rating: {{ uitstekend: 10 }}\n  \
             files:\n    customers:\n      export: qualtrics\n      columns: {{ overall: Q1 }}\n"
        );
        let c = parse(&text).unwrap();
        let b = c.ingest.booleans.as_ref().unwrap();
        assert_eq!(b.true_values, ["1", "ja", "yes", "true"]);
        assert_eq!(b.false_values, ["0", "nee", "no", "false"]);
        assert_eq!(c.ingest.missing.as_ref().unwrap(), &["", "NA", "99"]);
        assert_eq!(c.ingest.files.customers.columns["overall"], "Q1");
        let o = c
            .ingest
            .read_options(crate::ingest::FileKind::Customers, &c);
        assert_eq!(o.delimiter, Some(b'\t'));
        assert_eq!(o.skip_rows_after_header, 2);
        assert!(o.labels.contains_key("overall") && o.labels.contains_key("wachttijd"));
    }

    #[test]
    fn ingest_mistakes_are_sentences() {
        let cases = [
            (
                "ingest:\n  delimiter: \"::\"\n",
                "ingest.delimiter: '::' is not a delimiter",
            ),
            (
                "ingest:\n  encoding: klingon\n",
                "ingest.encoding: 'klingon' is not an encoding",
            ),
            (
                "ingest:\n  header_row: 0\n",
                "ingest.header_row: rows are counted from 1",
            ),
            (
                "ingest:\n  files:\n    employees:\n      columns: { layr: Q9 }\n",
                "'layr' is not a column of employees.csv; did you mean 'layer'?",
            ),
            (
                "ingest:\n  value_labels:\n    importance: { hoog: 7 }\n",
                "'hoog' → 7 lies outside the scale 1–5",
            ),
            (
                "ingest:\n  value_labels:\n    comment: { x: 1 }\n",
                "'comment' is neither a scale",
            ),
            (
                "ingest:\n  booleans: { true_values: [ja, x], false_values: [nee, X] }\n",
                "'x' is listed both as a yes and as a no value",
            ),
            (
                "ingest:\n  missing: [\"\", nee]\n",
                "'nee' is both a missing-value token and a yes/no value",
            ),
            ("ingest:\n  polcy: strict\n", "polcy"),
        ];
        for (yaml, want) in cases {
            let err = parse(&format!("{MINIMAL}{yaml}")).unwrap_err().to_string();
            assert!(err.contains(want), "{yaml}: {err}");
        }
    }

    #[test]
    fn duplicate_aspect_is_rejected() {
        let text = format!(
            "{MINIMAL}    - id: wachttijd\n      label: {{ nl: W, en: W }}\n      category: human\n"
        );
        let err = parse(&text).unwrap_err().to_string();
        assert!(err.contains("aspect id 'wachttijd' appears twice"), "{err}");
    }
}
