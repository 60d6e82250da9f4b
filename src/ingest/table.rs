//! A CSV table read row by row, with typed cell access that records every problem
//! (file, line, column, reason) instead of failing or dropping silently.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::Scale;
use crate::error::SourceError;

/// A problem found in an input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The file, line (1-based) and column (1-based, 0 = the whole row) and message.
    #[serde(flatten)]
    pub at: Location,
    /// Short machine-readable reason, e.g. `out_of_range`, `not_a_number`, `duplicate_id`.
    pub reason: &'static str,
    /// What happened to the row: `value_missing` (the value was set missing) or `row_rejected`.
    pub effect: Effect,
}

/// Where a finding points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// File path as given.
    pub file: PathBuf,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, 0 for the whole row.
    pub column: u64,
    /// Sentence for the user.
    pub message: String,
}

/// What a finding did to the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// The value became missing; the rest of the row is used.
    ValueMissing,
    /// The whole row was not used.
    RowRejected,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = SourceError::at(
            &self.at.file,
            self.at.line,
            self.at.column,
            &self.at.message,
        );
        e.fmt(f)
    }
}

/// Row accounting for one file: rows read = rows used + rows rejected.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FileStats {
    /// Data rows read (the header not counted).
    pub rows_read: u64,
    /// Rows that went into the metrics.
    pub rows_used: u64,
    /// Rows that were rejected, per reason.
    pub rows_rejected: BTreeMap<&'static str, u64>,
    /// Values that became missing because they could not be used, per reason.
    pub values_missing: BTreeMap<&'static str, u64>,
}

impl FileStats {
    /// Total rejected rows.
    pub fn rejected(&self) -> u64 {
        self.rows_rejected.values().sum()
    }
}

/// Tokens that mean "no answer".
const MISSING_TOKENS: &[&str] = &["", "na", "n/a", "n.v.t.", "nvt", "weet niet", "-"];

/// An open CSV file with its header index.
pub struct Table {
    path: PathBuf,
    reader: csv::Reader<std::fs::File>,
    columns: HashMap<String, usize>,
    width: usize,
    pub(crate) stats: FileStats,
    pub(crate) findings: Vec<Finding>,
}

impl Table {
    /// Open `path` and read its header. A file that cannot be opened is an error for the
    /// whole organization.
    pub fn open(path: &Path) -> Result<Table, SourceError> {
        let file = std::fs::File::open(path)
            .map_err(|e| SourceError::io(path, format!("cannot open: {e}")))?;
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
        let header = reader
            .headers()
            .map_err(|e| SourceError::at(path, 1, 0, format!("cannot read the header: {e}")))?
            .clone();
        if header.iter().all(|h| h.trim().is_empty()) {
            return Err(SourceError::at(
                path,
                1,
                0,
                "the file is empty (no header row)",
            ));
        }
        let columns = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().trim_start_matches('\u{feff}').to_string(), i))
            .collect();
        Ok(Table {
            path: path.to_path_buf(),
            reader,
            columns,
            width: header.len(),
            stats: FileStats::default(),
            findings: Vec::new(),
        })
    }

    /// Fail when a required column is missing, listing what was expected and found.
    pub fn require(&self, required: &[&str]) -> Result<(), SourceError> {
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| !self.columns.contains_key(*c))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut found: Vec<&str> = self.columns.keys().map(String::as_str).collect();
        found.sort_by_key(|c| self.columns[*c]);
        Err(SourceError::at(
            &self.path,
            1,
            0,
            format!(
                "missing required column(s) {}; found: {}",
                quote_list(&missing),
                quote_list(&found)
            ),
        ))
    }

    /// Whether the header has `column`.
    pub fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// The file path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read every row, calling `f` for each well-formed one. `f` returns whether it used the
    /// row; a row it does not use must have been rejected through [`Row::reject`].
    pub fn for_each_row(&mut self, mut f: impl FnMut(&mut Row<'_>) -> bool) {
        let mut record = csv::StringRecord::new();
        loop {
            let line = self.reader.position().line() + 1;
            match self.reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    // Invalid UTF-8 or a broken quote: the row cannot be read at all.
                    let line = e.position().map_or(line, |p| p.line());
                    self.stats.rows_read += 1;
                    self.reject_row(line, "unreadable_row", format!("row cannot be read: {e}"));
                    continue;
                }
            }
            let line = record.position().map_or(line, |p| p.line());
            self.stats.rows_read += 1;
            if record.iter().all(|f| f.trim().is_empty()) {
                self.reject_row(line, "empty_row", "empty row".into());
                continue;
            }
            if record.len() != self.width {
                let msg = format!(
                    "row has {} fields, the header has {}",
                    record.len(),
                    self.width
                );
                self.reject_row(line, "ragged_row", msg);
                continue;
            }
            let mut row = Row {
                table: self,
                record: &record,
                line,
                rejected: false,
            };
            let used = f(&mut row);
            let rejected = row.rejected;
            debug_assert!(used != rejected, "a row is either used or rejected");
            if used && !rejected {
                self.stats.rows_used += 1;
            }
        }
    }

    fn reject_row(&mut self, line: u64, reason: &'static str, message: String) {
        *self.stats.rows_rejected.entry(reason).or_default() += 1;
        self.findings.push(Finding {
            at: Location {
                file: self.path.clone(),
                line,
                column: 0,
                message,
            },
            reason,
            effect: Effect::RowRejected,
        });
    }

    /// Hand out the accounting and findings.
    pub fn finish(self) -> (PathBuf, FileStats, Vec<Finding>) {
        (self.path, self.stats, self.findings)
    }
}

/// One data row, with typed accessors that record problems.
pub struct Row<'t> {
    table: &'t mut Table,
    record: &'t csv::StringRecord,
    line: u64,
    rejected: bool,
}

impl Row<'_> {
    /// 1-based line of the row.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// 0-based index of `column` in the header.
    pub fn column_index(&self, column: &str) -> Option<usize> {
        self.table.columns.get(column).copied()
    }

    fn cell(&self, column: &str) -> Option<(usize, &str)> {
        let idx = *self.table.columns.get(column)?;
        self.record.get(idx).map(|v| (idx, v.trim()))
    }

    /// The raw text of a cell; `None` when the column is absent or the cell is empty.
    pub fn text(&self, column: &str) -> Option<String> {
        self.cell(column)
            .map(|(_, v)| v)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    /// A number on `scale`; a missing token gives `None`, a bad value gives `None` plus a finding.
    pub fn number(&mut self, column: &str, scale: &Scale) -> Option<f64> {
        let (idx, raw) = self.cell(column)?;
        if is_missing(raw) {
            return None;
        }
        let Some(x) = parse_number(raw) else {
            let msg = format!("'{raw}' is not a number (column '{column}')");
            self.value_problem(idx, "not_a_number", msg);
            return None;
        };
        if !scale.contains(x) {
            let msg = format!(
                "{raw} is outside the scale {}–{} (column '{column}')",
                fmt_plain(scale.min),
                fmt_plain(scale.max)
            );
            self.value_problem(idx, "out_of_range", msg);
            return None;
        }
        Some(x)
    }

    /// A yes/no value (`1/0`, `ja/nee`, `yes/no`, `waar/onwaar`, `true/false`).
    pub fn boolean(&mut self, column: &str) -> Option<bool> {
        let (idx, raw) = self.cell(column)?;
        if is_missing(raw) {
            return None;
        }
        match raw.to_lowercase().as_str() {
            "1" | "ja" | "j" | "yes" | "y" | "waar" | "true" => Some(true),
            "0" | "nee" | "n" | "no" | "onwaar" | "false" => Some(false),
            _ => {
                let msg = format!("'{raw}' is not a yes/no value (column '{column}')");
                self.value_problem(idx, "not_a_boolean", msg);
                None
            }
        }
    }

    /// Record a problem with one value; the value becomes missing.
    pub fn value_problem(&mut self, idx: usize, reason: &'static str, message: String) {
        *self.table.stats.values_missing.entry(reason).or_default() += 1;
        self.table.findings.push(Finding {
            at: Location {
                file: self.table.path.clone(),
                line: self.line,
                column: idx as u64 + 1,
                message,
            },
            reason,
            effect: Effect::ValueMissing,
        });
    }

    /// Reject the whole row, pointing at `column` when given.
    pub fn reject(&mut self, column: Option<&str>, reason: &'static str, message: String) {
        let col = column
            .and_then(|c| self.table.columns.get(c))
            .map_or(0, |i| *i as u64 + 1);
        self.rejected = true;
        *self.table.stats.rows_rejected.entry(reason).or_default() += 1;
        self.table.findings.push(Finding {
            at: Location {
                file: self.table.path.clone(),
                line: self.line,
                column: col,
                message,
            },
            reason,
            effect: Effect::RowRejected,
        });
    }
}

fn is_missing(raw: &str) -> bool {
    let lower = raw.to_lowercase();
    MISSING_TOKENS.contains(&lower.as_str())
}

/// Parse `7.5` or the Dutch `7,5`.
fn parse_number(raw: &str) -> Option<f64> {
    let normalized = if raw.contains(',') && !raw.contains('.') {
        raw.replace(',', ".")
    } else {
        raw.to_string()
    };
    normalized.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn fmt_plain(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_comma_and_point_both_parse() {
        assert_eq!(parse_number("7,5"), Some(7.5));
        assert_eq!(parse_number("7.5"), Some(7.5));
        assert_eq!(parse_number("elf"), None);
        assert_eq!(parse_number("NaN"), None);
    }

    #[test]
    fn missing_tokens_are_recognised() {
        for t in ["", "NA", "n.v.t.", "Weet niet"] {
            assert!(is_missing(t), "{t}");
        }
    }
}
