//! The weight column of a file (`weights:` in the configuration or `org.yaml`): each row's
//! survey weight, checked. A negative, empty or unreadable weight rejects the row (with file,
//! line and column); weights that sum to 0 are a note on the header. A file without the
//! column is unweighted.

use super::{FileKind, Row, Table, weight_column};
use crate::config::Config;

/// The weight column of one file while it is read.
pub(super) struct WeightColumn {
    /// The column's name, when the file has it.
    column: Option<String>,
    /// Sum of the weights read.
    sum: f64,
    /// Rows with a weight.
    rows: u64,
}

impl WeightColumn {
    /// The configured weight column of `kind`, when `table` has it.
    pub(super) fn of(table: &Table, config: &Config, kind: FileKind) -> WeightColumn {
        WeightColumn {
            column: weight_column(config, kind).filter(|c| table.has(c)),
            sum: 0.0,
            rows: 0,
        }
    }

    /// The row's weight: `Ok(None)` when the file is unweighted, `Err` when the row was
    /// rejected for its weight.
    pub(super) fn read(&mut self, row: &mut Row<'_>) -> Result<Option<f64>, ()> {
        let Some(column) = &self.column else {
            return Ok(None);
        };
        let described = row.describe(column);
        let Some(raw) = row.text(column) else {
            let msg = format!("the weight is empty (column {described}); the row is not used");
            row.reject(Some(column), "missing_weight", msg);
            return Err(());
        };
        let Some(w) = super::cells::parse_number(raw.trim()) else {
            let msg = format!("'{raw}' is not a weight (column {described})");
            row.reject(Some(column), "invalid_weight", msg);
            return Err(());
        };
        if w < 0.0 {
            let msg = format!("the weight {raw} is negative (column {described})");
            row.reject(Some(column), "negative_weight", msg);
            return Err(());
        }
        self.sum += w;
        self.rows += 1;
        Ok(Some(w))
    }

    /// After the last row: a note when the weights sum to 0 (no respondent counts).
    pub(super) fn finish(&self, table: &mut Table) {
        let Some(column) = &self.column else {
            return;
        };
        if self.rows > 0 && self.sum == 0.0 {
            let idx = table.column_of(column).map_or(0, |i| i as u64 + 1);
            let msg = format!(
                "the weights in column '{column}' sum to 0: no respondent counts, so the file \
                 gives no figures"
            );
            table.note_header(idx, "zero_weight_sum", msg);
        }
    }
}
