//! The configuration file (`config/spiegel.yaml`): typed structs that reject unknown fields,
//! then a check of meaning that fails with a sentence a user understands.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::SourceError;

pub mod brand;
mod delivery;
pub mod ids;
pub(crate) mod ingest;
mod label;
mod questionnaire;
mod rules;
mod scales;
mod settings;
pub mod themes;
mod validate;

pub use delivery::{Delivery, DepartmentReports, Smtp, Tls};
pub use ingest::{Booleans, Export, FileFormat, Files, Ingest, Policy};
pub use label::{Label, Language};
pub use questionnaire::{Aspect, Category, Layer, Questionnaire, QuestionnaireOverride};
pub use rules::{RULE_IDS, RuleSettings};
pub use scales::{Scale, Scales};
pub use settings::{
    Agency, Anonymity, Benchmark, Complaints, Correction, Limits, Paths, Reports, Statistics,
    TrendSettings, TypstSettings, Weights,
};

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
    pub recommendations: RuleSettings,
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
    /// What loading found worth saying without refusing the file (a colour too light to use),
    /// each as `file:line:col: message`.
    #[serde(skip)]
    pub warnings: Vec<String>,
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

    /// Parse configuration text; `path` is used in messages and locates the agency's logo
    /// (relative to the configuration's folder).
    pub fn parse(path: &Path, text: &str) -> Result<Config, SourceError> {
        let mut config: Config = serde_saphyr::from_str(text).map_err(|e| yaml_error(path, &e))?;
        config
            .validate()
            .map_err(|msg| SourceError::at(path, 0, 0, msg))?;
        config.warnings = config.agency.load(path)?;
        Ok(config)
    }

    /// `recommendations.disabled` names only rules that exist.
    fn check_disabled_rules(&self) -> Result<(), String> {
        let rules = RULE_IDS;
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
        Ok(())
    }

    /// The aspect ids, in questionnaire order.
    pub fn aspect_ids(&self) -> Vec<&str> {
        self.questionnaire
            .aspects
            .iter()
            .map(|a| a.id.as_str())
            .collect()
    }

    /// The layer ids, the one closest to the customer first.
    pub fn layer_ids(&self) -> Vec<&str> {
        self.layers.iter().map(|l| l.id.as_str()).collect()
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
    use std::path::PathBuf;

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
    fn unknown_ingest_keys_are_errors_with_line_and_column_also_per_file() {
        let first = MINIMAL.lines().count() + 1;
        for (section, line, column) in [
            ("ingest:\n  delimter: \";\"\n", first + 1, 3),
            (
                "ingest:\n  files:\n    customers:\n      delimter: \";\"\n",
                first + 3,
                7,
            ),
        ] {
            let err = parse(&format!("{MINIMAL}{section}"))
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with(&format!("spiegel.yaml:{line}:{column}:")),
                "{err}"
            );
            assert!(err.contains("delimter"), "{err}");
        }
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
            .read_options(crate::input::ingest::FileKind::Customers, &c);
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

    /// A configuration folder with `spiegel.yaml` (the minimal configuration after `agency`)
    /// and the given files; returns the folder and the configuration's path.
    fn folder_with(agency: &str, files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        std::fs::create_dir_all(config.join("brand")).unwrap();
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let path = config.join("spiegel.yaml");
        std::fs::write(&path, format!("{agency}{MINIMAL}")).unwrap();
        (dir, path)
    }

    const SVG: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"4\"/>";

    #[test]
    fn the_agency_logo_is_read_from_the_configuration_folder() {
        let (_dir, path) = folder_with(
            "agency:\n  name: Bureau\n  logo: brand/bureau.svg\n  color: \"#0A5C36\"\n",
            &[("config/brand/bureau.svg", SVG)],
        );
        let c = Config::load(&path).unwrap();
        assert!(c.agency.logo_svg.as_deref().unwrap().contains("<svg"));
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        // The logo is part of what is hashed: a new logo makes new reports.
        let json = serde_json::to_string(&c.agency).unwrap();
        assert!(
            json.contains("brand/bureau.svg") && json.contains("<svg"),
            "{json}"
        );
    }

    #[test]
    fn a_bad_agency_logo_is_an_error_at_its_place() {
        // (logo, files beside the configuration, what the message says)
        type Case<'a> = (&'a str, &'a [(&'a str, &'a [u8])], &'a str);
        let cases: [Case; 5] = [
            (
                "../secret.svg",
                &[("secret.svg", SVG)],
                "inside the configuration's folder",
            ),
            ("/etc/passwd", &[], "inside the configuration's folder"),
            ("missing.svg", &[], "missing.svg"),
            (
                "logo.gif",
                &[("config/logo.gif", b"GIF89a")],
                ".svg or .png",
            ),
            (
                "fake.png",
                &[("config/fake.png", b"not a png at all, really")],
                "not a PNG",
            ),
        ];
        for (logo, files, want) in cases {
            let (_dir, path) = folder_with(&format!("agency:\n  name: B\n  logo: {logo}\n"), files);
            let err = Config::load(&path).unwrap_err();
            let text = err.to_string();
            assert!(text.contains(want), "{logo}: {text}");
            assert!(text.contains("agency.logo"), "{logo}: {text}");
            // spiegel.yaml:3:9: the logo's value, line 3 column 9.
            assert_eq!((err.line, err.column), (3, 9), "{logo}: {text}");
        }
    }

    #[test]
    fn the_agency_colour_is_checked() {
        // Malformed: an error at its place.
        let (_dir, path) = folder_with("agency:\n  name: B\n  color: groen\n", &[]);
        let err = Config::load(&path).unwrap_err();
        assert!(err.to_string().contains("#rrggbb"), "{err}");
        assert_eq!((err.line, err.column), (3, 10), "{err}");
        // Too light for white text: loaded, with a warning naming the place.
        let (_dir, path) = folder_with("agency:\n  name: B\n  color: \"#FFDD00\"\n", &[]);
        let c = Config::load(&path).unwrap();
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(
            c.warnings[0].contains("spiegel.yaml:3:10"),
            "{:?}",
            c.warnings
        );
        assert!(c.warnings[0].contains("too light"), "{:?}", c.warnings);
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
