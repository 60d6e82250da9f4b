//! The `ingest:` section: how survey-tool and Excel exports are read. The same structure
//! appears in `org.yaml` as a per-organization override; [`Ingest::merged`] layers the two.
//!
//! ```yaml
//! ingest:
//!   policy: lenient            # or strict: any problem in the data fails the organization
//!   missing: ["", "NA", "n.v.t.", "weet niet"]
//!   value_labels:
//!     importance: { "onbelangrijk": 1, "neutraal": 3, "zeer belangrijk": 5 }
//!   files:
//!     customers:
//!       export: qualtrics      # header on row 1, question texts and import ids skipped
//!       columns: { respondent_id: ResponseId, overall: Q1, wachttijd: Q3_8 }
//! ```

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Config;
use crate::model::schema::{ColumnType, FileKind, ScaleId, canonical_columns};

/// Missing-value tokens used when `ingest.missing` is not set.
pub const DEFAULT_MISSING: &[&str] = &["", "NA", "N/A", "n.v.t.", "nvt", "weet niet", "-"];
/// Yes-tokens used when `ingest.booleans` is not set.
pub const DEFAULT_TRUE: &[&str] = &["1", "ja", "j", "yes", "y", "waar", "true"];
/// No-tokens used when `ingest.booleans` is not set.
pub const DEFAULT_FALSE: &[&str] = &["0", "nee", "n", "no", "onwaar", "false"];

/// Declares a settings struct with the format fields that [`Ingest`] (for every file) and
/// [`FileFormat`] (for one file) share, where the struct says `..format_fields`. Both reject
/// unknown keys (`deny_unknown_fields`: the error names file:line:col), which serde's
/// `flatten` cannot be combined with, so the shared fields cannot be a struct of their own.
macro_rules! with_format_fields {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$a:meta])* pub $before:ident: $before_ty:ty,)*
            ..format_fields,
            $($(#[$b:meta])* pub $after:ident: $after_ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$a])* pub $before: $before_ty,)*
            /// Which tool wrote the files: `plain` (default), `qualtrics` (three header
            /// rows: column ids, question texts, import ids) or `limesurvey` (one header row
            /// of question codes such as `Q3_SQ002`). Sets the defaults of `header_row` and
            /// `skip_rows_after_header`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub export: Option<Export>,
            /// Character encoding: `auto` (default: a BOM decides; else UTF-8 when the whole
            /// file is valid UTF-8; else Windows-1252, Dutch Excel's default) or an encoding
            /// name such as `utf-8`, `windows-1252`, `iso-8859-15`, `utf-16le`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub encoding: Option<String>,
            /// Field delimiter: `auto` (default: the most frequent of `,` `;` and tab in the
            /// first line, outside quotes; an Excel `sep=;` first line is honoured), `,`, `;`,
            /// `tab` or `|`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub delimiter: Option<String>,
            /// The row (1-based, counted in CSV rows, not lines) that holds the column names.
            /// Default 1. Rows above it are skipped.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub header_row: Option<u64>,
            /// Rows between the header row and the data that are not data (Qualtrics: 2, the
            /// question texts and the import ids). Default 0, or the `export` preset's.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub skip_rows_after_header: Option<u64>,
            $($(#[$b])* pub $after: $after_ty,)*
        }
    };
}

with_format_fields! {
    /// How exports are read. Every field is optional: what is left out falls back to the
    /// configuration file (for an `org.yaml` override) and then to the defaults documented per
    /// field. Format settings (`export`, `encoding`, `delimiter`, `header_row`,
    /// `skip_rows_after_header`) given here apply to every file; `files.<kind>` refines them.
    #[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
    #[serde(default, deny_unknown_fields)]
    pub struct Ingest {
        /// What a bad value does: `lenient` (default: the value becomes missing, or the row is
        /// rejected, and it is counted) or `strict` (the first problem fails the organization;
        /// other organizations still run).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub policy: Option<Policy>,
        ..format_fields,
        /// Answers that mean "no answer" (case-insensitive; an empty cell always counts).
        /// Replaces the default list `"", NA, N/A, n.v.t., nvt, weet niet, -`. SPSS-style codes
        /// such as `"99"` may be listed too.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub missing: Option<Vec<String>>,
        /// Yes/no answers (case-insensitive). Default yes: `1 ja j yes y waar true`,
        /// no: `0 nee n no onwaar false`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub booleans: Option<Booleans>,
        /// Text answers that stand for a score, e.g. `zeer tevreden: 5`. The key is a scale name
        /// (`rating`, `importance`, `orientation`, `enablement`: the labels hold for every
        /// column on that scale) or a canonical column name (`overall`, `imp_wachttijd`, ...;
        /// wins over its scale's labels). Matching ignores case and surrounding spaces.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        pub value_labels: BTreeMap<String, BTreeMap<String, f64>>,
        /// Per file: format settings and the column mapping.
        #[serde(skip_serializing_if = "Files::is_empty")]
        pub files: Files,
    }
}

/// What happens to a value or row that cannot be used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// The value becomes missing (or the row is rejected); it is counted and listed.
    #[default]
    Lenient,
    /// The first problem fails the organization with its message.
    Strict,
}

/// The tool that wrote an export; a preset for the header rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Export {
    /// One header row with the column names.
    #[default]
    Plain,
    /// Qualtrics: column ids, then question texts, then `{"ImportId":...}` rows.
    Qualtrics,
    /// LimeSurvey: one header row of question codes (`Q3_SQ002`).
    Limesurvey,
}

impl Export {
    /// Rows after the header that are not data.
    pub fn skip_rows_after_header(self) -> u64 {
        match self {
            Export::Plain | Export::Limesurvey => 0,
            Export::Qualtrics => 2,
        }
    }
}

/// The answers read as yes and as no.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Booleans {
    /// Answers meaning yes, e.g. `["1", "ja", "yes"]`.
    pub true_values: Vec<String>,
    /// Answers meaning no, e.g. `["0", "nee", "no"]`.
    pub false_values: Vec<String>,
}

/// Per-file settings, by file kind.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Files {
    /// `customers.csv`.
    #[serde(skip_serializing_if = "FileFormat::is_empty")]
    pub customers: FileFormat,
    /// `employees.csv`.
    #[serde(skip_serializing_if = "FileFormat::is_empty")]
    pub employees: FileFormat,
    /// `interactions.csv`.
    #[serde(skip_serializing_if = "FileFormat::is_empty")]
    pub interactions: FileFormat,
    /// `mood.csv`.
    #[serde(skip_serializing_if = "FileFormat::is_empty")]
    pub mood: FileFormat,
    /// `complaints.csv`.
    #[serde(skip_serializing_if = "FileFormat::is_empty")]
    pub complaints: FileFormat,
}

impl Files {
    /// The settings of one file kind.
    pub fn get(&self, kind: FileKind) -> &FileFormat {
        match kind {
            FileKind::Customers => &self.customers,
            FileKind::Employees => &self.employees,
            FileKind::Interactions => &self.interactions,
            FileKind::Mood => &self.mood,
            FileKind::Complaints => &self.complaints,
        }
    }

    fn get_mut(&mut self, kind: FileKind) -> &mut FileFormat {
        match kind {
            FileKind::Customers => &mut self.customers,
            FileKind::Employees => &mut self.employees,
            FileKind::Interactions => &mut self.interactions,
            FileKind::Mood => &mut self.mood,
            FileKind::Complaints => &mut self.complaints,
        }
    }

    fn is_empty(&self) -> bool {
        FileKind::ALL.iter().all(|k| self.get(*k).is_empty())
    }
}

with_format_fields! {
    /// Settings of one file: the format fields of [`Ingest`] for this file only, and its column
    /// mapping.
    #[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
    #[serde(default, deny_unknown_fields)]
    pub struct FileFormat {
        ..format_fields,
        /// Column mapping, canonical name ← column name in the export, e.g.
        /// `{ respondent_id: ResponseId, wachttijd: Q3_SQ002 }`. Columns not listed are looked up
        /// by their canonical name. Header names match ignoring case and surrounding spaces.
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        pub columns: BTreeMap<String, String>,
    }
}

impl FileFormat {
    fn is_empty(&self) -> bool {
        *self == FileFormat::default()
    }
}

impl Ingest {
    /// Whether nothing is set (everything default).
    pub fn is_empty(&self) -> bool {
        *self == Ingest::default()
    }

    /// These settings with `over` (an organization's `org.yaml`) laid on top. What `over`
    /// sets wins, also over a per-file setting of `self`: an organization that says
    /// `encoding: windows-1252` means all its files. Column mappings and value labels are
    /// merged per key.
    pub fn merged(&self, over: &Ingest) -> Ingest {
        let mut out = Ingest {
            policy: over.policy.or(self.policy),
            export: over.export.or(self.export),
            encoding: over.encoding.clone().or_else(|| self.encoding.clone()),
            delimiter: over.delimiter.clone().or_else(|| self.delimiter.clone()),
            header_row: over.header_row.or(self.header_row),
            skip_rows_after_header: over.skip_rows_after_header.or(self.skip_rows_after_header),
            missing: over.missing.clone().or_else(|| self.missing.clone()),
            booleans: over.booleans.clone().or_else(|| self.booleans.clone()),
            value_labels: self.value_labels.clone(),
            files: Files::default(),
        };
        out.value_labels.extend(over.value_labels.clone());
        for kind in FileKind::ALL {
            let (base, top) = (self.files.get(kind), over.files.get(kind));
            let f = out.files.get_mut(kind);
            f.export = top.export.or(over.export).or(base.export);
            f.encoding = (top.encoding.clone())
                .or_else(|| over.encoding.clone())
                .or_else(|| base.encoding.clone());
            f.delimiter = (top.delimiter.clone())
                .or_else(|| over.delimiter.clone())
                .or_else(|| base.delimiter.clone());
            f.header_row = top.header_row.or(over.header_row).or(base.header_row);
            f.skip_rows_after_header = top
                .skip_rows_after_header
                .or(over.skip_rows_after_header)
                .or(base.skip_rows_after_header);
            f.columns = base.columns.clone();
            f.columns.extend(top.columns.clone());
        }
        out
    }

    /// Checks of meaning; the error names the setting and says what is wrong.
    pub fn check(&self, config: &Config) -> Result<(), String> {
        let files = FileKind::ALL.map(|k| (k, self.files.get(k)));
        let formats = std::iter::once(("ingest".to_string(), self.format_of_top())).chain(
            files.iter().map(|(k, f)| {
                (
                    format!("ingest.files.{}", k.key()),
                    (f.encoding.as_deref(), f.delimiter.as_deref(), f.header_row),
                )
            }),
        );
        for (at, (encoding, delimiter, header_row)) in formats {
            if let Some(e) = encoding {
                parse_encoding(e).map_err(|m| format!("{at}.encoding: {m}"))?;
            }
            if let Some(d) = delimiter {
                parse_delimiter(d).map_err(|m| format!("{at}.delimiter: {m}"))?;
            }
            if header_row == Some(0) {
                return Err(format!(
                    "{at}.header_row: rows are counted from 1, so the first row is 1"
                ));
            }
        }
        for (kind, f) in files {
            let known = canonical_columns(kind, config);
            for (canonical, export) in &f.columns {
                if !known.iter().any(|(c, _)| c == canonical) {
                    let names: Vec<&str> = known.iter().map(|(c, _)| c.as_str()).collect();
                    return Err(format!(
                        "ingest.files.{}.columns: '{canonical}' is not a column of {}{}",
                        kind.key(),
                        kind.file_name(),
                        did_you_mean(canonical, &names)
                    ));
                }
                if export.trim().is_empty() {
                    return Err(format!(
                        "ingest.files.{}.columns.{canonical}: the export column name is empty",
                        kind.key()
                    ));
                }
            }
        }
        let tokens =
            |list: &[String]| -> Vec<String> { list.iter().map(|t| normalize(t)).collect() };
        let missing = tokens(&self.missing_tokens());
        let (yes, no) = self.boolean_tokens();
        let (yes, no) = (tokens(&yes), tokens(&no));
        if let Some(t) = yes.iter().find(|t| no.contains(t)) {
            return Err(format!(
                "ingest.booleans: '{t}' is listed both as a yes and as a no value"
            ));
        }
        if let Some(t) = yes.iter().chain(&no).find(|t| missing.contains(t)) {
            return Err(format!(
                "ingest: '{t}' is both a missing-value token and a yes/no value"
            ));
        }
        if yes.iter().chain(&no).any(String::is_empty) {
            return Err("ingest.booleans: an empty answer cannot mean yes or no".into());
        }
        for (key, labels) in &self.value_labels {
            let scale = label_target_scale(key, config).ok_or_else(|| {
                format!(
                    "ingest.value_labels: '{key}' is neither a scale (rating, importance, \
                     orientation, enablement) nor a numeric column"
                )
            })?;
            let scale = scale.of(&config.scales);
            let mut seen = BTreeMap::new();
            for (text, score) in labels {
                let norm = normalize(text);
                if norm.is_empty() || missing.contains(&norm) {
                    return Err(format!(
                        "ingest.value_labels.{key}: '{text}' is a missing-value token, not a label"
                    ));
                }
                if let Some(other) = seen.insert(norm, text) {
                    return Err(format!(
                        "ingest.value_labels.{key}: '{other}' and '{text}' are the same label"
                    ));
                }
                if !scale.contains(*score) {
                    return Err(format!(
                        "ingest.value_labels.{key}: '{text}' → {score} lies outside the scale {}–{}",
                        scale.min, scale.max
                    ));
                }
            }
        }
        Ok(())
    }

    fn format_of_top(&self) -> (Option<&str>, Option<&str>, Option<u64>) {
        (
            self.encoding.as_deref(),
            self.delimiter.as_deref(),
            self.header_row,
        )
    }

    fn missing_tokens(&self) -> Vec<String> {
        match &self.missing {
            Some(list) => list.clone(),
            None => DEFAULT_MISSING.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn boolean_tokens(&self) -> (Vec<String>, Vec<String>) {
        match &self.booleans {
            Some(b) => (b.true_values.clone(), b.false_values.clone()),
            None => (
                DEFAULT_TRUE.iter().map(|s| s.to_string()).collect(),
                DEFAULT_FALSE.iter().map(|s| s.to_string()).collect(),
            ),
        }
    }

    /// The reading options of one file kind. Assumes [`Ingest::check`] passed; a setting that
    /// does not parse falls back to its default.
    pub fn read_options(&self, kind: FileKind, config: &Config) -> ReadOptions {
        let file = self.files.get(kind);
        let export = file.export.or(self.export).unwrap_or_default();
        let encoding = file.encoding.as_deref().or(self.encoding.as_deref());
        let delimiter = file.delimiter.as_deref().or(self.delimiter.as_deref());
        let mut labels: HashMap<String, Arc<HashMap<String, f64>>> = HashMap::new();
        let resolved: HashMap<&str, Arc<HashMap<String, f64>>> = self
            .value_labels
            .iter()
            .map(|(k, map)| {
                let m = map.iter().map(|(t, s)| (normalize(t), *s)).collect();
                (k.as_str(), Arc::new(m))
            })
            .collect();
        for (column, ty) in canonical_columns(kind, config) {
            if let ColumnType::Number(scale) = ty {
                let set = resolved
                    .get(column.as_str())
                    .or_else(|| resolved.get(scale.name()));
                if let Some(set) = set {
                    labels.insert(column, Arc::clone(set));
                }
            }
        }
        let (yes, no) = self.boolean_tokens();
        ReadOptions {
            encoding: encoding.and_then(|e| parse_encoding(e).ok()).flatten(),
            delimiter: delimiter.and_then(|d| parse_delimiter(d).ok()).flatten(),
            header_row: file.header_row.or(self.header_row).unwrap_or(1),
            skip_rows_after_header: file
                .skip_rows_after_header
                .or(self.skip_rows_after_header)
                .unwrap_or_else(|| export.skip_rows_after_header()),
            export,
            columns: file.columns.clone(),
            missing: self.missing_tokens().iter().map(|t| normalize(t)).collect(),
            true_values: yes.iter().map(|t| normalize(t)).collect(),
            false_values: no.iter().map(|t| normalize(t)).collect(),
            labels,
            policy: self.policy.unwrap_or_default(),
            max_text_chars: config.limits.text_chars,
            ..ReadOptions::default()
        }
    }
}

/// The scale a value-label key refers to: a scale name, or a numeric canonical column.
fn label_target_scale(key: &str, config: &Config) -> Option<ScaleId> {
    ScaleId::from_name(key).or_else(|| {
        FileKind::ALL
            .iter()
            .flat_map(|k| canonical_columns(*k, config))
            .find_map(|(c, t)| match t {
                ColumnType::Number(s) if c == key => Some(s),
                _ => None,
            })
    })
}

/// `auto` → `None`; else the encoding of that name.
pub(crate) fn parse_encoding(name: &str) -> Result<Option<&'static encoding_rs::Encoding>, String> {
    if name.trim().eq_ignore_ascii_case("auto") {
        return Ok(None);
    }
    encoding_rs::Encoding::for_label(name.trim().as_bytes())
        .map(Some)
        .ok_or_else(|| {
            format!("'{name}' is not an encoding this program knows (try utf-8 or windows-1252)")
        })
}

/// `auto` → `None`; else the delimiter byte.
pub(crate) fn parse_delimiter(text: &str) -> Result<Option<u8>, String> {
    match text {
        "auto" => Ok(None),
        "," | ";" | "|" => Ok(Some(text.as_bytes()[0])),
        "\t" | "tab" => Ok(Some(b'\t')),
        _ => Err(format!(
            "'{text}' is not a delimiter; use auto, \",\", \";\", tab or \"|\""
        )),
    }
}

/// How tokens, labels and answers are compared: trimmed, lowercase, inner spaces collapsed.
pub(crate) fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `; did you mean 'x'?` for the closest name within a small edit distance.
fn did_you_mean(name: &str, candidates: &[&str]) -> String {
    candidates
        .iter()
        .map(|c| (edit_distance(name, c), *c))
        .filter(|(d, _)| *d <= 2.max(name.len() / 4))
        .min()
        .map_or_else(String::new, |(_, c)| format!("; did you mean '{c}'?"))
}

/// The Levenshtein distance of two texts, in characters: how many single-character
/// insertions, deletions and substitutions turn one into the other (for "did you mean").
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// How one file is read. [`ReadOptions::default`] reads the canonical format: encoding and
/// delimiter detected, one header row, no column mapping, the default missing-value tokens
/// and yes/no answers, lenient policy. The configuration builds these with
/// [`Ingest::read_options`]; the input layer reads files with them.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The encoding; `None` detects it (BOM, else valid UTF-8, else Windows-1252).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The delimiter; `None` sniffs it from the header row.
    pub delimiter: Option<u8>,
    /// 1-based row holding the column names; rows above it are skipped.
    pub header_row: u64,
    /// Rows after the header that are not data.
    pub skip_rows_after_header: u64,
    /// The tool that wrote the file (Qualtrics' import-id row is checked).
    pub export: Export,
    /// Column mapping: canonical name ← name in the file.
    pub columns: BTreeMap<String, String>,
    /// Missing-value tokens, normalized (lowercase, single spaces).
    pub missing: Vec<String>,
    /// Yes answers, normalized.
    pub true_values: Vec<String>,
    /// No answers, normalized.
    pub false_values: Vec<String>,
    /// Value labels (normalized text → score) per canonical column.
    pub labels: HashMap<String, Arc<HashMap<String, f64>>>,
    /// Lenient: problems are counted; strict: reading stops at the first problem.
    pub policy: Policy,
    /// Findings kept per file; beyond it they are only counted, so memory stays bounded.
    pub max_findings: usize,
    /// The longest row accepted, in bytes; longer means a broken quote.
    pub max_record_bytes: usize,
    /// The longest text kept from one cell, in characters; longer texts are cut with an
    /// ellipsis and a finding (`limits.text_chars`).
    pub max_text_chars: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        let norm = |list: &[&str]| list.iter().map(|t| normalize(t)).collect();
        ReadOptions {
            encoding: None,
            delimiter: None,
            header_row: 1,
            skip_rows_after_header: 0,
            export: Export::Plain,
            columns: BTreeMap::new(),
            missing: norm(DEFAULT_MISSING),
            true_values: norm(DEFAULT_TRUE),
            false_values: norm(DEFAULT_FALSE),
            labels: HashMap::new(),
            policy: Policy::Lenient,
            max_findings: 1000,
            max_record_bytes: 8 << 20,
            max_text_chars: 2000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_settings_win_over_the_configuration_also_per_file() {
        let base = Ingest {
            files: Files {
                customers: FileFormat {
                    encoding: Some("utf-8".into()),
                    columns: BTreeMap::from([
                        ("overall".into(), "Q1".into()),
                        ("wachttijd".into(), "Q2".into()),
                    ]),
                    ..FileFormat::default()
                },
                ..Files::default()
            },
            ..Ingest::default()
        };
        let org = Ingest {
            encoding: Some("windows-1252".into()),
            files: Files {
                customers: FileFormat {
                    columns: BTreeMap::from([("overall".into(), "Cijfer".into())]),
                    ..FileFormat::default()
                },
                ..Files::default()
            },
            ..Ingest::default()
        };
        let m = base.merged(&org);
        assert_eq!(m.files.customers.encoding.as_deref(), Some("windows-1252"));
        assert_eq!(m.files.customers.columns["overall"], "Cijfer");
        assert_eq!(m.files.customers.columns["wachttijd"], "Q2");
        assert_eq!(m.files.employees.encoding.as_deref(), Some("windows-1252"));
    }

    #[test]
    fn names_are_normalized_and_misspellings_get_a_suggestion() {
        assert_eq!(normalize("  Weet   NIET "), "weet niet");
        assert_eq!(
            did_you_mean("overal", &["overall", "comment"]),
            "; did you mean 'overall'?"
        );
        assert_eq!(did_you_mean("xyz", &["overall"]), "");
    }

    #[test]
    fn delimiters_and_encodings_parse() {
        assert_eq!(parse_delimiter("tab"), Ok(Some(b'\t')));
        assert_eq!(parse_delimiter(";"), Ok(Some(b';')));
        assert!(parse_delimiter("::").is_err());
        assert_eq!(
            parse_encoding("cp1252").unwrap(),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(parse_encoding("auto").unwrap(), None);
        assert!(parse_encoding("klingon").is_err());
    }
}
