//! SPSS files (`customers.sav`, `employees.zsav`, …) read through the same [`Table`] as CSV:
//! the cases are turned into CSV text on the fly, so the column mapping, missing-value tokens,
//! value labels of the configuration, scales and every check apply unchanged.
//!
//! What SPSS adds is honoured on the way:
//! - declared (user-)missing values and system-missing become empty cells;
//! - a value label replaces the code in columns that hold text or yes/no answers (department,
//!   layer, channel, complaint, …); numeric answers keep their code (`7` stays 7 whatever its
//!   label says);
//! - date variables become `YYYY-MM-DD`.
//!
//! A finding in an SPSS file names the case instead of a line: its location is
//! `file:case:variable-position`, and the message ends with the case number and variable name.

use std::collections::HashMap;
use std::io::{self, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::{ColumnType, FileKind, Finding, ReadOptions, Table, canonical_columns};
use crate::config::Config;
use crate::config::ingest::normalize;
use crate::error::SourceError;
use crate::input::sav::{SavReader, Value, Variable, unix_days};
use crate::model::Date;

/// The first CSV line of each case's record (case k at index k − 1), filled while reading.
pub(crate) type CaseLines = Arc<Mutex<Vec<u64>>>;

/// Whether `path` is an SPSS system file by its extension.
pub fn is_spss(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("sav") || e.eq_ignore_ascii_case("zsav"))
}

/// Open the SPSS file `path` of `kind` as a [`Table`].
pub(super) fn open(
    path: &Path,
    kind: FileKind,
    config: &Config,
    options: &ReadOptions,
) -> Result<Table, SourceError> {
    let reader = SavReader::open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => SourceError::io(path, "the file does not exist"),
        _ => SourceError::io(path, format!("cannot read the SPSS file: {e}")),
    })?;
    let encoding = reader.encoding;
    // Columns whose value labels stand for the value: text and yes/no columns, by the name
    // the file uses (through the column mapping).
    let mut labelled = Vec::new();
    for (canonical, kind) in canonical_columns(kind, config) {
        if matches!(kind, ColumnType::Text | ColumnType::Boolean) {
            let name = options.columns.get(&canonical).unwrap_or(&canonical);
            labelled.push(normalize(name));
        }
    }
    let use_labels = reader
        .variables
        .iter()
        .map(|v| labelled.contains(&normalize(&v.name)))
        .collect();
    let lines: CaseLines = Arc::default();
    let source = SavCsv {
        reader,
        use_labels,
        buf: Vec::new(),
        pos: 0,
        header_done: false,
        line: 1,
        lines: lines.clone(),
    };
    let mut csv_options = options.clone();
    // The dictionary is the header: no rows around it, and never a Qualtrics preset.
    csv_options.delimiter = Some(b',');
    csv_options.header_row = 1;
    csv_options.skip_rows_after_header = 0;
    csv_options.export = crate::config::Export::Plain;
    let mut table = Table::open_decoded(path, Box::new(source), encoding, &csv_options)?;
    table.stats.delimiter = String::new();
    table.case_lines = Some(lines);
    Ok(table)
}

/// Name findings of an SPSS file by case and variable: the line becomes the case number (0
/// for the header, i.e. the dictionary) and the message ends with both.
pub(super) fn relocate(findings: &mut [Finding], header: &[String], lines: &CaseLines) {
    let lines = lines.lock().expect("not poisoned");
    for f in findings {
        let case = case_of(&lines, f.at.line);
        let variable = (f.at.column > 0)
            .then(|| header.get(f.at.column as usize - 1))
            .flatten();
        let mut place = Vec::new();
        if case > 0 {
            place.push(format!("case {case}"));
        }
        if let Some(v) = variable {
            place.push(format!("variable {v}"));
        }
        if !place.is_empty() {
            f.at.message = format!("{} ({})", f.at.message, place.join(", "));
        }
        f.at.line = case;
    }
}

/// The same for an error that stopped reading.
pub(super) fn relocate_error(e: &mut SourceError, lines: &CaseLines) {
    let lines = lines.lock().expect("not poisoned");
    let case = case_of(&lines, e.line);
    if case > 0 {
        e.message = format!("{} (case {case})", e.message);
    }
    e.line = case;
    e.column = 0;
}

/// The case whose record holds CSV line `line`; 0 for the header.
fn case_of(lines: &[u64], line: u64) -> u64 {
    lines.partition_point(|&start| start <= line) as u64
}

/// The cases of an SPSS file as CSV text.
struct SavCsv {
    reader: SavReader,
    /// Per variable: replace a code by its value label.
    use_labels: Vec<bool>,
    buf: Vec<u8>,
    pos: usize,
    header_done: bool,
    /// The CSV line the next record starts on.
    line: u64,
    lines: CaseLines,
}

impl SavCsv {
    /// Fill `buf` with the next record; false at the end.
    fn fill(&mut self) -> io::Result<bool> {
        self.buf.clear();
        self.pos = 0;
        if !self.header_done {
            self.header_done = true;
            let names: Vec<String> = self
                .reader
                .variables
                .iter()
                .map(|v| quote(&v.name))
                .collect();
            self.push_record(&names.join(","));
            return Ok(true);
        }
        let Some(case) = self.reader.next_case()? else {
            return Ok(false);
        };
        let cells: Vec<String> = case
            .iter()
            .zip(&self.reader.variables)
            .zip(&self.use_labels)
            .map(|((value, var), labels)| quote(&cell(value, var, *labels)))
            .collect();
        self.lines.lock().expect("not poisoned").push(self.line);
        self.push_record(&cells.join(","));
        Ok(true)
    }

    fn push_record(&mut self, record: &str) {
        self.buf.extend_from_slice(record.as_bytes());
        self.buf.push(b'\n');
        self.line += 1 + record.bytes().filter(|b| *b == b'\n').count() as u64;
    }
}

impl Read for SavCsv {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.buf.len() && !self.fill()? {
            return Ok(0);
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The text of one value: empty when missing, the label when wanted, dates as ISO dates,
/// numbers in their shortest exact form.
fn cell(value: &Value, var: &Variable, use_labels: bool) -> String {
    match value {
        Value::Number(x) => {
            if var.is_missing_number(*x) {
                return String::new();
            }
            if use_labels && let Some(label) = var.label_of(*x) {
                return label.to_string();
            }
            if var.is_date() {
                return Date::from_days(unix_days(*x)).to_string();
            }
            format!("{x}")
        }
        Value::Text(s) => {
            if var.missing.strings.iter().any(|m| m == s) {
                return String::new();
            }
            if use_labels && let Some((_, label)) = var.string_labels.iter().find(|(v, _)| v == s) {
                return label.clone();
            }
            // One kind of line break, so the CSV lines counted match the records.
            s.replace("\r\n", "\n").replace('\r', "\n")
        }
    }
}

/// A CSV field: quoted when it holds a delimiter, quote, line break or outer spaces.
fn quote(s: &str) -> String {
    let needs = s.contains([',', '"', '\n', '\r']) || s.trim() != s;
    if needs {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Variable labels of an SPSS file by lowercase variable name (for default aspect labels).
pub fn variable_labels(path: &Path) -> io::Result<HashMap<String, String>> {
    let reader = SavReader::open(path)?;
    Ok(reader
        .variables
        .iter()
        .filter_map(|v| Some((normalize(&v.name), v.label.clone()?)))
        .collect())
}
