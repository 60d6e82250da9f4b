//! One data row of a [`Table`], with typed accessors that record every problem (line,
//! column, reason) instead of failing or dropping a value silently.

use std::borrow::Cow;

use super::Table;
use crate::config::Scale;
#[cfg(doc)]
use crate::config::ingest::ReadOptions;
use crate::input::ingest::cells::Tokens;
use crate::input::ingest::cells::{fmt_plain, normalized, parse_number};
use crate::input::ingest::findings::Effect;
use crate::input::ingest::records::Record;

/// The tokens a cell is compared with.
pub(in crate::input::ingest) struct TokenSets {
    pub(in crate::input::ingest) missing: Tokens,
    pub(in crate::input::ingest) yes: Tokens,
    pub(in crate::input::ingest) no: Tokens,
}

/// A column looked up once per file ([`Table::column`]), so reading a cell of it in every
/// row costs no look-up by name.
#[derive(Debug, Clone)]
pub struct Column {
    /// The canonical name, for messages and value labels.
    pub(in crate::input::ingest) name: String,
    /// The field index, when the file has the column.
    pub(in crate::input::ingest) index: Option<usize>,
}

/// `text.trim()`, quicker for a cell that starts and ends with a visible ASCII character
/// (no whitespace to trim), as most cells do.
#[inline]
pub(in crate::input::ingest) fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| (b'!'..=b'~').contains(b));
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// One data row, with typed accessors that record problems.
pub struct Row<'t> {
    table: &'t mut Table,
    record: &'t Record,
    line: u64,
    pub(in crate::input::ingest) rejected: bool,
}

impl<'t> Row<'t> {
    pub(in crate::input::ingest) fn new(
        table: &'t mut Table,
        record: &'t Record,
        line: u64,
    ) -> Self {
        Row {
            table,
            record,
            line,
            rejected: false,
        }
    }

    /// 1-based line of the row.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// How many rows the file holds, estimated from the part read so far; `None` while
    /// that is not known.
    pub(in crate::input::ingest) fn estimated_rows(&self) -> Option<u64> {
        self.table.estimated_rows()
    }

    /// 0-based index of `column` in the header.
    pub fn column_index(&self, column: &str) -> Option<usize> {
        self.table.index(column)
    }

    /// The trimmed cell of field `idx`, when the column and the field exist.
    #[inline]
    fn cell(&self, idx: Option<usize>) -> Option<(usize, &'t str)> {
        let idx = idx?;
        let record: &'t Record = self.record;
        record.get(idx).map(|v| (idx, trim(v)))
    }

    /// The text of a cell; `None` when the column is absent, the cell empty or a
    /// missing-value token. Line breaks inside the text become `\n`, whatever the file used.
    /// A text longer than [`ReadOptions::max_text_chars`] is cut there with `…` and a
    /// finding (`text_truncated`), so one pasted document cannot make a report of hundreds
    /// of pages.
    pub fn text(&mut self, column: &str) -> Option<String> {
        self.text_ref(column).map(Cow::into_owned)
    }

    /// [`Row::text`], borrowing the cell when it is used as it is (no `\r` in it, not too
    /// long): most cells.
    pub fn text_ref(&mut self, column: &str) -> Option<Cow<'t, str>> {
        let idx = self.table.index(column);
        self.text_in(column, idx)
    }

    /// [`Row::text_ref`] of a column looked up once.
    pub fn text_at(&mut self, column: &Column) -> Option<Cow<'t, str>> {
        self.text_in(&column.name, column.index)
    }

    fn text_in(&mut self, column: &str, idx: Option<usize>) -> Option<Cow<'t, str>> {
        let (idx, v) = self.cell(idx)?;
        if self.table.tokens.missing.matches(v) {
            return None;
        }
        // No more bytes than the limit allows characters: nothing to cut.
        // Only a record over several lines can have a `\r` in a field.
        let cr = self.record.has_line_breaks() && v.contains('\r');
        if v.len() <= self.table.options.max_text_chars && !cr {
            return Some(Cow::Borrowed(v));
        }
        let mut text = if cr {
            v.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            v.to_string()
        };
        let limit = self.table.options.max_text_chars;
        if let Some((cut, _)) = text.char_indices().nth(limit) {
            let chars = text.chars().count();
            text.truncate(cut);
            text.push('…');
            let msg = format!(
                "the text is {chars} characters long; only the first {limit} are used \
                 (limits.text_chars, column {})",
                self.table.describe(column)
            );
            self.table.push_finding(
                self.line,
                idx as u64 + 1,
                "text_truncated",
                Effect::Note,
                msg,
            );
        }
        Some(Cow::Owned(text))
    }

    /// A number on `scale`: `7.5` or `7,5`, or a value label of the column. A missing token
    /// gives `None`; a bad value gives `None` plus a finding.
    pub fn number(&mut self, column: &str, scale: &Scale) -> Option<f64> {
        let idx = self.table.index(column);
        self.number_in(column, idx, scale)
    }

    /// [`Row::number`] of a column looked up once.
    pub fn number_at(&mut self, column: &Column, scale: &Scale) -> Option<f64> {
        self.number_in(&column.name, column.index, scale)
    }

    fn number_in(&mut self, column: &str, idx: Option<usize>, scale: &Scale) -> Option<f64> {
        let (idx, raw) = self.cell(idx)?;
        let options = &self.table.options;
        // A number that is no missing-value token needs no comparison with the tokens.
        let parsed = if self.table.numeric_missing {
            None
        } else {
            parse_number(raw)
        };
        if parsed.is_none() && self.table.tokens.missing.matches(raw) {
            return None;
        }
        let x = parsed.or_else(|| parse_number(raw)).or_else(|| {
            let labels = options.labels.get(column)?;
            labels.get(normalized(raw).as_ref()).copied()
        });
        let Some(x) = x else {
            let msg = format!(
                "{} is not a number (column {})",
                crate::input::scrub::shown_value(raw),
                self.table.describe(column)
            );
            self.value_problem(idx, "not_a_number", msg);
            return None;
        };
        if !scale.contains(x) {
            let msg = format!(
                "{raw} is outside the scale {}–{} (column {})",
                fmt_plain(scale.min),
                fmt_plain(scale.max),
                self.table.describe(column)
            );
            self.value_problem(idx, "out_of_range", msg);
            return None;
        }
        Some(x)
    }

    /// A yes/no value (by default `1/0`, `ja/nee`, `yes/no`, `waar/onwaar`, `true/false`).
    pub fn boolean(&mut self, column: &str) -> Option<bool> {
        let idx = self.table.index(column);
        self.boolean_in(column, idx)
    }

    /// [`Row::boolean`] of a column looked up once.
    pub fn boolean_at(&mut self, column: &Column) -> Option<bool> {
        self.boolean_in(&column.name, column.index)
    }

    fn boolean_in(&mut self, column: &str, idx: Option<usize>) -> Option<bool> {
        let (idx, raw) = self.cell(idx)?;
        let tokens = &self.table.tokens;
        if tokens.missing.matches(raw) {
            return None;
        }
        if tokens.yes.matches(raw) {
            return Some(true);
        }
        if tokens.no.matches(raw) {
            return Some(false);
        }
        let msg = format!(
            "{} is not a yes/no value (column {})",
            crate::input::scrub::shown_value(raw),
            self.table.describe(column)
        );
        self.value_problem(idx, "not_a_boolean", msg);
        None
    }

    /// Record a problem with one value (`idx` is the 0-based field index); the value
    /// becomes missing.
    pub fn value_problem(&mut self, idx: usize, reason: &'static str, message: String) {
        *self.table.stats.values_missing.entry(reason).or_default() += 1;
        self.table.push_finding(
            self.line,
            idx as u64 + 1,
            reason,
            Effect::ValueMissing,
            message,
        );
    }

    /// Reject the whole row, pointing at `column` when given. Only the first rejection of a
    /// row counts.
    pub fn reject(&mut self, column: Option<&str>, reason: &'static str, message: String) {
        if self.rejected {
            return;
        }
        let col = column
            .and_then(|c| self.table.index(c))
            .map_or(0, |i| i as u64 + 1);
        self.rejected = true;
        self.table.reject_row(self.line, col, reason, message);
    }

    /// How `column` is named in messages: `'overall'`, or `'Q1' as 'overall'`.
    pub fn describe(&self, column: &str) -> String {
        self.table.describe(column)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_quick_trim_trims_like_str_trim() {
        for text in [
            "",
            "a",
            "7",
            " 7",
            "7 ",
            "\t7\r\n",
            "\u{a0}7",
            "7\u{a0}",
            "\u{3000}x\u{3000}",
            "~",
            "\u{1}x",
            "é",
            "x é",
        ] {
            assert_eq!(super::trim(text), text.trim(), "{text:?}");
        }
    }
}
