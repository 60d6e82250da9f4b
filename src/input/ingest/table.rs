//! A CSV file read row by row: its encoding and delimiter, the header and the column
//! mapping (`header`), the rows handed out with their typed accessors (`row`), and the
//! accounting of every row (used, or rejected with a reason), including the rows a stray
//! quote joined.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::cells::{Tokens, parse_number};
use super::findings::{Effect, FileStats, Finding, Location, strict_error};
use super::hashers::Fnv;
use super::records::{ReadError, Record, Records};
use super::source;
use crate::config::Policy;
use crate::error::SourceError;

pub use crate::config::ingest::ReadOptions;
pub use row::{Column, Row};

mod header;
mod row;

use row::TokenSets;

type Source = Records<Box<dyn Read + Send>>;

/// A column name asked for and its field index.
type Lookup = (Box<str>, Option<usize>);

/// An open CSV file with its header index.
pub struct Table {
    path: PathBuf,
    reader: Source,
    /// Canonical (or, when unmapped, the file's own lowercase) column name → field index.
    columns: HashMap<String, usize, Fnv>,
    /// The column names asked for on the current row, in order, with their index; and how
    /// many were asked so far (see [`Table::index`]).
    lookups: (RefCell<Vec<Lookup>>, Cell<usize>),
    /// The header as written.
    header: Vec<String>,
    /// Line of the header row.
    header_line: u64,
    width: usize,
    pub(super) options: ReadOptions,
    pub(crate) stats: FileStats,
    pub(super) findings: Vec<Finding>,
    /// A problem that stopped reading the file.
    fatal: Option<SourceError>,
    /// The bytes of the record just read, when it spanned several lines, and whether a
    /// quote in it was misplaced.
    last_multiline: Option<(Vec<u8>, bool)>,
    /// Lines read again one by one after a stray quote had joined them: each with its
    /// record, or `None` when the line has a stray quote of its own.
    pending: std::collections::VecDeque<(u64, Option<Record>)>,
    /// For an SPSS file read as CSV: the first line of each case's record, so findings can
    /// name the case (see `spss`).
    pub(crate) case_lines: Option<super::spss::CaseLines>,
    /// Whether a missing-value token reads as a number (say `99`): only then must a cell be
    /// compared with the tokens before it is parsed as a number.
    pub(super) numeric_missing: bool,
    /// The missing-value and yes/no tokens of `options`.
    pub(super) tokens: TokenSets,
    /// The size of the file on disk, when the records are read from it byte for byte.
    file_size: Option<u64>,
}

impl Table {
    /// Open `path` in the canonical format ([`ReadOptions::default`]) and read its header.
    /// A file that cannot be opened or has no header is an error for the whole organization.
    pub fn open(path: &Path) -> Result<Table, SourceError> {
        Table::open_with(path, &ReadOptions::default())
    }

    /// Open `path` with `options`: detect its encoding and delimiter, skip the rows before
    /// the header, read the header, apply the column mapping and skip the rows after it.
    pub fn open_with(path: &Path, options: &ReadOptions) -> Result<Table, SourceError> {
        let io_err = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => SourceError::io(path, "the file does not exist"),
            _ => SourceError::io(path, format!("cannot read: {e}")),
        };
        let (encoding, broken) = match options.encoding {
            Some(e) => (e, None),
            None => source::detect_encoding_checked(path).map_err(io_err)?,
        };
        let file = std::fs::File::open(path).map_err(io_err)?;
        // Valid UTF-8 throughout, as detection found, is read as it is: decoding it would
        // only copy it. A configured encoding is decoded, so invalid bytes become U+FFFD.
        let checked = options.encoding.is_none() && broken.is_none();
        let size = file.metadata().ok().map(|m| m.len());
        let stream = source::decode_checked(file, encoding, checked).map_err(io_err)?;
        let mut table = Table::open_decoded(path, stream, encoding, options)?;
        table.file_size = size.filter(|_| encoding == encoding_rs::UTF_8);
        if let Some(b) = broken {
            let msg = format!(
                "the file is UTF-8 but has {} byte(s) that are not (the first on this line); \
                 they are read as U+FFFD",
                b.bytes
            );
            table.push_finding(b.line, 0, "invalid_utf8", Effect::Note, msg);
        }
        Ok(table)
    }

    /// Open a CSV stream already decoded to UTF-8 (`encoding` is what the file statistics
    /// report), e.g. an SPSS file converted on the fly; `path` names it in messages.
    pub fn open_decoded(
        path: &Path,
        mut decoded: Box<dyn Read + Send>,
        encoding: &'static encoding_rs::Encoding,
        options: &ReadOptions,
    ) -> Result<Table, SourceError> {
        let io_err = |e: std::io::Error| SourceError::io(path, format!("cannot read: {e}"));
        let sniffed =
            source::sniff(&mut decoded, options.delimiter, options.header_row).map_err(io_err)?;
        let delimiter = sniffed.delimiter;
        let reader = Records::new(decoded, sniffed.prefix, delimiter, options.max_record_bytes);
        let mut table = Table {
            path: path.to_path_buf(),
            reader,
            columns: HashMap::default(),
            lookups: Default::default(),
            header: Vec::new(),
            header_line: 1,
            width: 0,
            options: options.clone(),
            stats: FileStats {
                encoding: encoding.name().to_string(),
                delimiter: match delimiter {
                    b'\t' => "tab".into(),
                    d => char::from(d).to_string(),
                },
                ..FileStats::default()
            },
            findings: Vec::new(),
            fatal: None,
            last_multiline: None,
            pending: Default::default(),
            case_lines: None,
            numeric_missing: options.missing.iter().any(|t| parse_number(t).is_some()),
            file_size: None,
            tokens: TokenSets {
                missing: Tokens::new(&options.missing),
                yes: Tokens::new(&options.true_values),
                no: Tokens::new(&options.false_values),
            },
        };
        table.read_header(sniffed.sep_line)?;
        Ok(table)
    }

    /// Read the next record and its first line; `None` at the end. An I/O problem (or a
    /// runaway quoted field) is an error for the file.
    fn next_record(&mut self, record: &mut Record) -> Result<Option<u64>, SourceError> {
        match self.reader.read(record) {
            Ok(true) => {
                self.last_multiline = record.take_multiline();
                Ok(Some(record.line()))
            }
            Ok(false) => Ok(None),
            Err(ReadError::TooLong(long)) => {
                Err(SourceError::at(&self.path, long.line, 0, long.to_string()))
            }
            Err(ReadError::Io { line, error }) => Err(SourceError::at(
                &self.path,
                line,
                0,
                format!("cannot read: {error}"),
            )),
            Err(ReadError::NotUtf8 { line }) => Err(SourceError::at(
                &self.path,
                line,
                0,
                "row cannot be read: it is not valid UTF-8",
            )),
        }
    }

    /// How many rows the file holds, estimated from the rows read so far and the share of
    /// the file they took; `None` when that is not known (too early, or a stream that is
    /// not the file as it is on disk).
    pub(super) fn estimated_rows(&self) -> Option<u64> {
        let size = self.file_size?;
        let read = self.reader.position();
        (self.stats.rows_read >= 1000 && read > 0)
            .then(|| self.stats.rows_read.saturating_mul(size) / read)
    }

    /// The file path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The encoding the file is read in.
    pub fn encoding(&self) -> &str {
        &self.stats.encoding
    }

    /// The field delimiter the file is read with.
    pub fn delimiter(&self) -> u8 {
        self.reader.delimiter()
    }

    /// Read every row, calling `f` for each well-formed one. `f` returns whether it used the
    /// row; a row it does not use should have been rejected through [`Row::reject`] (if not,
    /// it is rejected as `not_used`, so the accounting always balances). Under the strict
    /// policy reading stops at the first finding; a file that cannot be read further stops
    /// with [`Table::finish_checked`]'s error.
    pub fn for_each_row(&mut self, mut f: impl FnMut(&mut Row<'_>) -> bool) {
        let mut record = Record::default();
        loop {
            if self.options.policy == Policy::Strict && !self.findings.is_empty() {
                return;
            }
            let line = match self.pending.pop_front() {
                Some((line, Some(r))) => {
                    record = r;
                    self.last_multiline = None;
                    line
                }
                Some((line, None)) => {
                    self.stats.rows_read += 1;
                    self.reject_stray_quote(line);
                    continue;
                }
                None => match self.next_record(&mut record) {
                    Ok(Some(line)) => line,
                    Ok(None) => break,
                    Err(e) => {
                        // The rest of the file is unreadable: count it as one rejected row,
                        // so it shows up even for a caller that only looks at the findings.
                        self.stats.rows_read += 1;
                        self.reject_row(e.line, 0, "unreadable_file", e.message.clone());
                        self.fatal = Some(e);
                        return;
                    }
                },
            };
            self.stats.rows_read += 1;
            if record.iter().all(|f| row::trim(f).is_empty()) {
                self.reject_row(line, 0, "empty_row", "empty row".into());
                continue;
            }
            let unclosed = self.reader.unclosed_quote().is_some_and(|l| l == line);
            let extra_empty = record.iter().skip(self.width).all(|f| f.trim().is_empty());
            let ragged = record.len() < self.width || !extra_empty;
            // A record over several lines that is malformed (or never closes its quote): a
            // stray quote joined the lines. Its first line is rejected; the others are read
            // again one by one, so every physical line is counted as used or rejected.
            if let Some((raw, _)) = self
                .last_multiline
                .take()
                .filter(|(_, misquoted)| unclosed || ragged || *misquoted)
            {
                self.resync(line, &raw);
                continue;
            }
            if let Some(start) = self.reader.unclosed_quote().filter(|l| *l == line) {
                let msg = "a quote (\") opened in this row is never closed, so the rest of \
                           the file was read as one value"
                    .to_string();
                self.reject_row(start, 0, "unclosed_quote", msg);
                continue;
            }
            if ragged {
                let msg = format!(
                    "row has {} fields, the header has {}",
                    record.len(),
                    self.width
                );
                let column = record.len().min(self.width) as u64 + 1;
                self.reject_row(line, column, "ragged_row", msg);
                continue;
            }
            self.lookups.1.set(0);
            let mut row = Row::new(self, &record, line);
            let used = f(&mut row);
            let rejected = row.rejected;
            debug_assert!(used != rejected, "a row is either used or rejected");
            if rejected {
                continue;
            }
            if used {
                self.stats.rows_used += 1;
            } else {
                self.reject_row(line, 0, "not_used", "row was not used".into());
            }
        }
        if self.stats.rows_read == 0 && self.fatal.is_none() {
            let msg = "the file has a header but no data rows".to_string();
            let line = (self.header_line + 1).saturating_add(self.options.skip_rows_after_header);
            self.push_finding(line, 0, "no_data_rows", Effect::Note, msg);
        }
    }

    /// Split a record that a stray quote spread over several lines back into its lines:
    /// reject the first (where the quote is), queue the others to be read on their own.
    fn resync(&mut self, start: u64, raw: &[u8]) {
        self.reject_stray_quote(start);
        let mut lines: Vec<&[u8]> = Vec::new();
        let mut from = 0;
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'\r' || raw[i] == b'\n' {
                lines.push(&raw[from..i]);
                if raw[i] == b'\r' && raw.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                from = i + 1;
            }
            i += 1;
        }
        lines.push(&raw[from..]);
        let delimiter = self.delimiter();
        for (k, bytes) in lines.iter().enumerate().skip(1) {
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                continue; // a blank line is no row, as anywhere in the file
            }
            let line = start + k as u64;
            let mut reader = Records::new(*bytes, Vec::new(), delimiter, usize::MAX);
            let mut record = Record::default();
            let parsed = matches!(reader.read(&mut record), Ok(true));
            let balanced = reader.unclosed_quote().is_none();
            self.pending
                .push_back((line, (parsed && balanced).then_some(record)));
        }
    }

    fn reject_stray_quote(&mut self, line: u64) {
        let msg = "a quote (\") in this row is not closed on it; the row is not used and \
                   reading goes on with the next line"
            .to_string();
        self.reject_row(line, 0, "stray_quote", msg);
    }

    pub(super) fn reject_row(
        &mut self,
        line: u64,
        column: u64,
        reason: &'static str,
        message: String,
    ) {
        *self.stats.rows_rejected.entry(reason).or_default() += 1;
        self.push_finding(line, column, reason, Effect::RowRejected, message);
    }

    pub(super) fn push_finding(
        &mut self,
        line: u64,
        column: u64,
        reason: &'static str,
        effect: Effect,
        message: String,
    ) {
        if self.findings.len() >= self.options.max_findings {
            self.stats.findings_not_listed += 1;
            return;
        }
        // Findings reach the report, the workbook, metrics.json and the log: the one
        // scrubber sees every message.
        let message = crate::input::scrub::for_message(&message);
        self.findings.push(Finding {
            at: Location {
                file: self.path.clone(),
                line,
                column,
                message,
            },
            reason,
            effect,
        });
    }

    /// Hand out the accounting and findings.
    pub fn finish(self) -> (PathBuf, FileStats, Vec<Finding>) {
        (self.path, self.stats, self.findings)
    }

    /// Like [`Table::finish`], but fail when the file could not be read to its end, or, under
    /// the strict policy, at its first finding (the message says the policy is strict).
    pub fn finish_checked(self) -> Result<(PathBuf, FileStats, Vec<Finding>), SourceError> {
        if let Some(e) = self.fatal {
            return Err(e);
        }
        if self.options.policy == Policy::Strict
            && let Some(f) = self.findings.first()
        {
            return Err(strict_error(f));
        }
        Ok(self.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Scale;

    fn read_all(text: &str, policy: Policy) -> (FileStats, Vec<Finding>, Vec<String>) {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("customers.csv");
        std::fs::write(&path, text).unwrap();
        let options = ReadOptions {
            policy,
            max_text_chars: 20,
            ..ReadOptions::default()
        };
        let mut table = Table::open_with(&path, &options).unwrap();
        let mut ids = Vec::new();
        table.for_each_row(|row| {
            let id = row.text("respondent_id").unwrap_or_default();
            let _ = row.text("comment");
            ids.push(id);
            true
        });
        let (_, stats, findings) = table.finish();
        (stats, findings, ids)
    }

    #[test]
    fn a_stray_quote_costs_its_own_row_only() {
        // The stray quote of row c5 pairs with a later quote: a quoted field (c20, the
        // record becomes ragged) or the start of one (c12, a misplaced quote).
        for later in [20, 12] {
            let mut text = String::from("respondent_id,overall,comment\n");
            for i in 1..=30 {
                match i {
                    // A real multi-line quoted comment stays one row.
                    3 => text.push_str("c3,6,\"twee\nregels\"\n"),
                    5 => text.push_str("c5,7,\"\n"),
                    i if i == later && i == 20 => text.push_str("c20,8,\"met, komma\"\n"),
                    i if i == later => text.push_str("c12,8,\"aanhalingsteken\" erna\n"),
                    _ => text.push_str(&format!("c{i},7,goed\n")),
                }
            }
            let (stats, findings, ids) = read_all(&text, Policy::Lenient);
            assert!(stats.is_balanced(), "{stats:?}");
            // 31 physical data lines, c3 spans two: 30 rows.
            assert_eq!(stats.rows_read, 30, "{later}: {stats:?} {findings:?}");
            assert_eq!(
                stats.rows_rejected.get("stray_quote"),
                Some(&1),
                "{findings:?}"
            );
            assert_eq!(stats.rows_used, 29);
            for id in ["c3", "c6", "c12", "c20", "c30"] {
                assert!(ids.contains(&id.to_string()), "{later}: {id} in {ids:?}");
            }
            let stray = findings.iter().find(|f| f.reason == "stray_quote").unwrap();
            assert_eq!(stray.at.line, 7, "line 7 of the file is row c5");
            // Under the strict policy the file stops at the stray quote.
            let (_, findings, _) = read_all(&text, Policy::Strict);
            assert!(
                findings.iter().any(|f| f.reason == "stray_quote"),
                "{findings:?}"
            );
        }
    }

    #[test]
    fn long_texts_are_cut_with_an_ellipsis_and_a_finding() {
        let long = "woord ".repeat(1000);
        let text = format!("respondent_id,comment\nc1,{long}\n");
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("customers.csv");
        std::fs::write(&path, text).unwrap();
        let options = ReadOptions {
            max_text_chars: 20,
            ..ReadOptions::default()
        };
        let mut table = Table::open_with(&path, &options).unwrap();
        let mut comment = None;
        table.for_each_row(|row| {
            comment = row.text("comment");
            true
        });
        let (_, _, findings) = table.finish();
        let comment = comment.unwrap();
        assert_eq!(comment.chars().count(), 21);
        assert!(comment.ends_with('…'));
        assert_eq!(findings[0].reason, "text_truncated");
        assert!(
            findings[0].at.message.contains("5999 characters"),
            "{:?}",
            findings[0]
        );
    }

    #[test]
    fn findings_do_not_quote_personal_data() {
        let text = "respondent_id,overall\nc1,bel me 0612345678 of mail jan@example.nl\nc2,elf\n";
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("customers.csv");
        std::fs::write(&path, text).unwrap();
        let mut table = Table::open(&path).unwrap();
        let scale = Scale {
            min: 1.0,
            max: 10.0,
            pass_mark: None,
        };
        table.for_each_row(|row| {
            let _ = row.number("overall", &scale);
            true
        });
        let (_, _, findings) = table.finish();
        let all: Vec<&str> = findings.iter().map(|f| f.at.message.as_str()).collect();
        assert_eq!(
            all,
            [
                "a text of 40 characters is not a number (column 'overall')",
                "'elf' is not a number (column 'overall')"
            ]
        );
    }
}
