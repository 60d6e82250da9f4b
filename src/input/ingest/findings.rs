//! What reading a file found: each problem with its place and effect, and the row
//! accounting of the file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

#[cfg(doc)]
use super::ReadOptions;
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
    /// Nothing in a data row was lost, but the file needs attention (a duplicate header
    /// name, a file without data rows, a skipped header row that does not look like one).
    Note,
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
    /// Data rows read (header rows and the rows skipped after the header not counted).
    pub rows_read: u64,
    /// Rows that went into the metrics.
    pub rows_used: u64,
    /// Rows that were rejected, per reason.
    pub rows_rejected: BTreeMap<&'static str, u64>,
    /// Values that became missing because they could not be used, per reason.
    pub values_missing: BTreeMap<&'static str, u64>,
    /// The encoding the file was read in (`UTF-8`, `windows-1252`, ...).
    pub encoding: String,
    /// The field delimiter the file was read with: `,`, `;`, `tab`, ...
    pub delimiter: String,
    /// Findings that were counted but not listed, beyond [`ReadOptions::max_findings`].
    #[serde(skip_serializing_if = "is_zero")]
    pub findings_not_listed: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl FileStats {
    /// Total rejected rows.
    pub fn rejected(&self) -> u64 {
        self.rows_rejected.values().sum()
    }

    /// rows read = rows used + rows rejected.
    pub fn is_balanced(&self) -> bool {
        self.rows_read == self.rows_used + self.rejected()
    }
}

/// The error of the strict policy: the finding, and why it fails the organization.
pub fn strict_error(f: &Finding) -> SourceError {
    SourceError::at(
        &f.at.file,
        f.at.line,
        f.at.column,
        format!("{}; ingest.policy is strict", f.at.message),
    )
}
