//! The configuration file (`config/spiegel.yaml`): typed structs that reject unknown fields,
//! then a check of meaning that fails with a sentence a user understands.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::SourceError;

mod delivery;
pub mod ids;
pub(crate) mod ingest;
pub mod themes;

pub use delivery::{Delivery, DepartmentReports, Smtp, Tls};
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
    /// Bounds on what one input may make spiegel do.
    #[serde(default)]
    pub limits: Limits,
    /// Multiple comparisons, minimum group sizes for tests, and the layer comparison
    /// (`docs/statistics.md`).
    #[serde(default)]
    pub statistics: Statistics,
    /// The columns holding respondent weights.
    #[serde(default, skip_serializing_if = "Weights::is_default")]
    pub weights: Weights,
    /// E-mailing new and changed reports to account managers (`spiegel deliver`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
}

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
    fn is_default(&self) -> bool {
        self == &Weights::default()
    }
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
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl Label {
    /// The same text in both languages.
    pub fn both(text: &str) -> Label {
        Label {
            nl: text.to_string(),
            en: text.to_string(),
        }
    }

    /// Whether neither language has a text (the label was left out).
    pub fn is_empty(&self) -> bool {
        self.nl.is_empty() && self.en.is_empty()
    }

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
    /// Management or board: the layer whose knowledge of the customer is set against the
    /// frontline's (the first layer), and whose view of importance is checked.
    #[serde(default)]
    pub leadership: bool,
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

/// The questionnaire.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// The service aspects, in questionnaire order.
    pub aspects: Vec<Aspect>,
}

/// An organization's changes to the configured questionnaire (`questionnaire:` in
/// `org.yaml`), applied in this order: drop, add, relabel.
///
/// ```yaml
/// questionnaire:
///   drop: [privacy]
///   add:
///     - id: digitaal
///       label: { nl: Digitale dienstverlening, en: Digital services }
///       category: functional
///   relabel:
///     wachttijd: { nl: Wachten aan de balie, en: Waiting at the desk }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuestionnaireOverride {
    /// Aspect ids of the configuration this organization does not ask about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drop: Vec<String>,
    /// Aspects only this organization asks about, after the configured ones.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<Aspect>,
    /// New display names of aspects, by id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub relabel: BTreeMap<String, Label>,
    /// Variable labels of the organization's SPSS files, by lowercase variable name: the
    /// label of an aspect that has none in the configuration. Read from the data, not
    /// written in `org.yaml`.
    #[serde(skip)]
    pub variable_labels: BTreeMap<String, String>,
}

impl QuestionnaireOverride {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self == &QuestionnaireOverride::default()
    }
}

/// One service aspect customers rate and staff predict.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Aspect {
    /// Column name in the CSV files (and `imp_<id>` for importance).
    pub id: String,
    /// Display name. May be left out: then the variable label of the organization's SPSS
    /// file is used, else the id.
    #[serde(default, skip_serializing_if = "Label::is_empty")]
    pub label: Label,
    /// `human` (bejegening, hostmanship) or `functional` (waiting time, reachability, ...).
    pub category: Category,
    /// A legal duty or safety matter (privacy, safety): the report never advises giving it
    /// less attention.
    #[serde(default)]
    pub protected: bool,
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

fn default_alpha() -> f64 {
    0.05
}

impl Config {
    /// Read and check the configuration file (at most [`MAX_CONFIG_BYTES`]).
    pub fn load(path: &Path) -> Result<Config, SourceError> {
        let size = std::fs::metadata(path)
            .map_err(|e| SourceError::io(path, format!("cannot read the configuration: {e}")))?
            .len();
        if size > MAX_CONFIG_BYTES {
            return Err(SourceError::io(
                path,
                format!("the configuration is {size} bytes; at most {MAX_CONFIG_BYTES} are read"),
            ));
        }
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
        check_aspects(&self.questionnaire.aspects)?;
        unique_ids("layer", self.layers.iter().map(|l| l.id.as_str()))?;
        if let Some(delivery) = &self.delivery {
            delivery.validate()?;
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
        if let Some(mark) = self.scales.rating.pass_mark {
            if !self.scales.rating.contains(mark) {
                return Err(format!(
                    "scales.rating.pass_mark {mark} lies outside the rating scale {}–{}",
                    self.scales.rating.min, self.scales.rating.max
                ));
            }
        }
        let rules = crate::recommend::rule_ids();
        if let Some(unknown) = self
            .recommendations
            .disabled
            .iter()
            .find(|d| !rules.contains(&d.as_str()))
        {
            return Err(format!(
                "recommendations.disabled: '{unknown}' is not a rule; the rules are {}",
                rules.join(", ")
            ));
        }
        if !(self.typst.timeout.is_finite()
            && self.typst.timeout > 0.0
            && self.typst.timeout <= 86_400.0)
        {
            return Err(format!(
                "typst.timeout must be a number of seconds above 0 (at most a day), not {}",
                self.typst.timeout
            ));
        }
        if self
            .typst
            .binary
            .as_ref()
            .is_some_and(|b| b.as_os_str().is_empty())
        {
            return Err("typst.binary is empty; leave it out to use the default".into());
        }
        let l = &self.limits;
        if l.text_chars < 10 || l.yaml_bytes < 256 || l.yaml_text_chars < 10 || l.max_pages == 0 {
            return Err(
                "limits: text_chars and yaml_text_chars must be at least 10, yaml_bytes at \
                 least 256 and max_pages at least 1"
                    .into(),
            );
        }
        if self.statistics.min_for_tests < 2 {
            return Err("statistics.min_for_tests must be at least 2".into());
        }
        for (name, value) in [
            ("permutations", self.statistics.permutations),
            ("bootstrap", self.statistics.bootstrap),
        ] {
            if !(19..=100_000).contains(&value) {
                return Err(format!(
                    "statistics.{name} must lie between 19 and 100000, not {value}"
                ));
            }
        }
        if !self.complaints.benchmark.value.is_finite() {
            return Err("complaints.benchmark must be a number".into());
        }
        self.ingest.check(self)
    }

    /// This configuration with an organization's questionnaire changes applied: aspects
    /// dropped, added (after the configured ones) and relabelled; aspects without a label get
    /// the variable label of its SPSS files (`ingest` is its `ingest:` override, for the
    /// column mapping), else their id. Fails with a sentence when
    /// the changes name an aspect that does not exist, add one twice, or leave none.
    pub fn with_questionnaire(
        &self,
        changes: &QuestionnaireOverride,
        ingest: &Ingest,
    ) -> Result<Config, String> {
        let mut config = self.clone();
        let aspects = &mut config.questionnaire.aspects;
        for id in &changes.drop {
            let Some(i) = aspects.iter().position(|a| &a.id == id) else {
                return Err(format!(
                    "questionnaire.drop: '{id}' is not an aspect of the configuration (it has \
                     {})",
                    ids_of(aspects)
                ));
            };
            aspects.remove(i);
        }
        aspects.extend(changes.add.iter().cloned());
        for (id, label) in &changes.relabel {
            let Some(a) = aspects.iter_mut().find(|a| &a.id == id) else {
                return Err(format!(
                    "questionnaire.relabel: '{id}' is not an aspect of this organization's \
                     questionnaire (it has {})",
                    ids_of(aspects)
                ));
            };
            a.label = label.clone();
        }
        if aspects.is_empty() {
            return Err("questionnaire.drop leaves no aspects".into());
        }
        // Aspects without a label: the SPSS variable label (through the column mapping of
        // customers), else the id.
        let merged = self.ingest.merged(ingest);
        let mapping = &merged.files.customers.columns;
        for a in aspects.iter_mut().filter(|a| a.label.is_empty()) {
            let variable = mapping.get(&a.id).unwrap_or(&a.id);
            let text = changes.variable_labels.get(&ingest::normalize(variable));
            a.label = Label::both(text.unwrap_or(&a.id));
        }
        check_aspects(aspects).map_err(|e| format!("questionnaire.add: {e}"))?;
        Ok(config)
    }

    /// Display name of an aspect id in `lang` (the id itself when unknown).
    pub fn aspect_label<'c>(&'c self, id: &'c str, lang: Language) -> &'c str {
        self.questionnaire
            .aspects
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.label.get(lang))
            .filter(|l| !l.is_empty())
            .unwrap_or(id)
    }

    /// Whether an aspect was left without a label (see [`Aspect::label`]).
    pub fn has_unlabelled_aspects(&self) -> bool {
        self.questionnaire
            .aspects
            .iter()
            .any(|a| a.label.is_empty())
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

    /// Positions of the layers marked `leadership: true`.
    pub fn leadership_layers(&self) -> Vec<usize> {
        (0..self.layers.len())
            .filter(|&l| self.layers[l].leadership)
            .collect()
    }

    /// Whether aspect `id` is marked `protected: true`.
    pub fn is_protected(&self, id: &str) -> bool {
        self.questionnaire
            .aspects
            .iter()
            .any(|a| a.id == id && a.protected)
    }

    /// The pass mark of the rating scale (its midpoint when none is configured).
    pub fn pass_mark(&self) -> f64 {
        let r = &self.scales.rating;
        r.pass_mark.unwrap_or((r.min + r.max) / 2.0)
    }
}

/// The largest configuration file read, in bytes.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Column names of the canonical format that an aspect id must not shadow (the columns of
/// customers and employees that are not aspects; a test in `model::schema` keeps the two
/// in step).
pub(crate) const RESERVED_COLUMNS: &[&str] = &[
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

fn ids_of(aspects: &[Aspect]) -> String {
    let ids: Vec<&str> = aspects.iter().map(|a| a.id.as_str()).collect();
    ids.join(", ")
}

/// Aspect ids: unique, identifiers, not a column of the data format.
fn check_aspects(aspects: &[Aspect]) -> Result<(), String> {
    unique_ids("aspect", aspects.iter().map(|a| a.id.as_str()))?;
    for aspect in aspects {
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
    Ok(())
}

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

    const SHIPPED: &str = include_str!("../../config/spiegel.yaml");

    const MINIMAL: &str = "layers:\n  - id: frontline\n    label: { nl: Front, en: Front }\nquestionnaire:\n  aspects:\n    - id: wachttijd\n      label: { nl: Wachttijd, en: Waiting time }\n      category: functional\n";

    #[test]
    fn bundled_config_loads() {
        let c = Config::load(Path::new("config/spiegel.yaml")).unwrap();
        assert!(c.questionnaire.aspects.len() >= 7);
        assert_eq!(c.layers.len(), 4);
        assert_eq!(c.complaints.benchmark.value, 5.9);
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
    fn the_benchmark_is_a_number_or_a_value_with_its_source() {
        let plain = parse(&format!("{MINIMAL}complaints:\n  benchmark: 6.1\n")).unwrap();
        assert_eq!(plain.complaints.benchmark.value, 6.1);
        assert_eq!(plain.complaints.benchmark.source, None);
        let full = parse(&format!(
            "{MINIMAL}complaints:\n  benchmark: {{ value: 5.9, source: \"NTI\", year: 2024 }}\n"
        ))
        .unwrap();
        let b = &full.complaints.benchmark;
        assert_eq!(
            (b.value, b.source.as_deref(), b.year),
            (5.9, Some("NTI"), Some(2024))
        );
        assert!(
            parse(&format!(
                "{MINIMAL}complaints:\n  benchmark: {{ valeu: 5.9 }}\n"
            ))
            .is_err()
        );
    }

    #[test]
    fn statistics_leadership_and_protection_are_read_and_checked() {
        let c = parse(SHIPPED).unwrap();
        assert_eq!(c.statistics.multiple_comparisons, Correction::Bh);
        assert_eq!(c.statistics.min_for_tests, 10);
        let leaders: Vec<&str> = c
            .leadership_layers()
            .into_iter()
            .map(|l| c.layers[l].id.as_str())
            .collect();
        assert_eq!(leaders, ["management", "board"]);
        assert!(c.is_protected("privacy") && !c.is_protected("wachttijd"));
        let holm = format!("{MINIMAL}statistics:\n  multiple_comparisons: holm\n");
        assert_eq!(
            parse(&holm).unwrap().statistics.multiple_comparisons,
            Correction::Holm
        );
        let bad = format!("{MINIMAL}statistics:\n  min_for_tests: 1\n");
        assert!(
            parse(&bad)
                .unwrap_err()
                .to_string()
                .contains("min_for_tests")
        );
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
