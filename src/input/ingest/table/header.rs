//! The header of a CSV file: the rows before it, its column names and the column mapping
//! (canonical name → field index), the required columns, and the rows skipped after it.

use std::collections::HashMap;

use super::Table;
use super::row::Column;
use crate::config::Export;
use crate::config::ingest::normalize;
use crate::error::SourceError;
use crate::input::ingest::findings::Effect;
use crate::input::ingest::records::Record;

impl Table {
    pub(super) fn read_header(&mut self, sep_line: bool) -> Result<(), SourceError> {
        let mut record = Record::default();
        let before = (self.options.header_row.max(1) - 1).saturating_add(u64::from(sep_line));
        let mut rows = 0;
        for _ in 0..=before {
            match self.next_record(&mut record) {
                Ok(Some(_)) => rows += 1,
                Ok(None) if rows == 0 => {
                    return Err(SourceError::at(
                        &self.path,
                        1,
                        0,
                        "the file is empty (no header row)",
                    ));
                }
                Ok(None) => {
                    return Err(SourceError::at(
                        &self.path,
                        1,
                        0,
                        format!(
                            "the file has {} row(s), but the header is expected on row {}",
                            rows - u64::from(sep_line),
                            self.options.header_row
                        ),
                    ));
                }
                Err(e) => return Err(e),
            }
        }
        self.header_line = record.line();
        if record.iter().all(|h| h.trim().is_empty()) {
            return Err(SourceError::at(
                &self.path,
                self.header_line,
                0,
                "the header row is empty",
            ));
        }
        self.header = record.iter().map(|h| h.trim().to_string()).collect();
        self.width = self.header.len();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let header = self.header.clone();
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            let key = normalize(h);
            if let Some(first) = by_name.get(&key) {
                let msg = format!(
                    "column '{h}' appears twice in the header; column {} is used, this one is ignored",
                    first + 1
                );
                self.push_finding(
                    self.header_line,
                    i as u64 + 1,
                    "duplicate_column",
                    Effect::Note,
                    msg,
                );
            } else {
                by_name.insert(key, i);
            }
        }
        self.columns = by_name.iter().map(|(k, v)| (k.clone(), *v)).collect();
        for (canonical, export) in &self.options.columns {
            self.columns.remove(canonical);
            if let Some(i) = by_name.get(&normalize(export)) {
                self.columns.insert(canonical.clone(), *i);
            }
        }
        for k in 0..self.options.skip_rows_after_header {
            match self.next_record(&mut record)? {
                Some(line) => {
                    let last = k + 1 == self.options.skip_rows_after_header;
                    if last
                        && self.options.export == Export::Qualtrics
                        && !is_import_id_row(&record)
                    {
                        let msg = "this row was skipped as Qualtrics' import-id row but does not \
                                   look like one (no {\"ImportId\": ...}); check `export` and \
                                   `skip_rows_after_header`"
                            .to_string();
                        self.push_finding(line, 0, "unexpected_header_row", Effect::Note, msg);
                    }
                }
                None => break,
            }
        }
        Ok(())
    }

    /// Fail when a required column is missing, listing what was expected and found.
    pub fn require(&self, required: &[&str]) -> Result<(), SourceError> {
        let missing: Vec<String> = required
            .iter()
            .filter(|c| !self.has(c))
            .map(|c| self.describe(c))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        // Header names as found, scrubbed and cut short: a file that is no CSV at all must
        // not end up whole in a message.
        let found: Vec<String> = self
            .header
            .iter()
            .filter(|h| !h.is_empty())
            .map(|h| {
                let h = crate::input::scrub::for_message(h);
                match h.char_indices().nth(80) {
                    Some((i, _)) => format!("'{}…'", &h[..i]),
                    None => format!("'{h}'"),
                }
            })
            .collect();
        const SHOWN: usize = 40;
        let mut found_text = found
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if found.len() > SHOWN {
            found_text.push_str(&format!(" and {} more", found.len() - SHOWN));
        }
        let mut message = format!(
            "missing required column(s) {}; found: {found_text}",
            missing.join(", ")
        );
        if let [only] = self.header.as_slice()
            && let Some(d) = [';', ',', '\t'].into_iter().find(|d| only.contains(*d))
        {
            message.push_str(&format!(
                " (the header is one column that contains {}: is the delimiter right?)",
                delimiter_name(d as u8)
            ));
        }
        Err(SourceError::at(&self.path, self.header_line, 0, message))
    }

    /// `column` (a canonical name, through the column mapping) looked up once, for
    /// [`super::Row::number_at`] and the other accessors of a looked-up column.
    pub fn column(&self, column: &str) -> Column {
        Column {
            name: column.to_string(),
            index: self.index_uncached(column),
        }
    }

    /// Whether the header has `column` (a canonical name, through the column mapping).
    pub fn has(&self, column: &str) -> bool {
        self.index(column).is_some()
    }

    /// The field index of `column`. Readers ask for the same columns in the same order on
    /// every row, so the k-th lookup of a row is first compared with the k-th of the
    /// previous row: a string compare instead of a hash lookup per cell.
    pub(in crate::input::ingest) fn index(&self, column: &str) -> Option<usize> {
        let k = self.lookups.1.get();
        self.lookups.1.set(k + 1);
        let mut cache = self.lookups.0.borrow_mut();
        if let Some((name, idx)) = cache.get(k)
            && **name == *column
        {
            return *idx;
        }
        let idx = self.index_uncached(column);
        if k < cache.len() {
            cache[k] = (column.into(), idx);
        } else if k == cache.len() && k < 1024 {
            cache.push((column.into(), idx));
        }
        idx
    }

    fn index_uncached(&self, column: &str) -> Option<usize> {
        match self.columns.get(column) {
            Some(i) => Some(*i),
            None if column.bytes().any(|b| b.is_ascii_uppercase() || b == b' ') => {
                self.columns.get(&normalize(column)).copied()
            }
            None => None,
        }
    }

    /// `'overall'`, or `'Q1' as 'overall'` when the column mapping renames it.
    pub(in crate::input::ingest) fn describe(&self, column: &str) -> String {
        match self.options.columns.get(column) {
            Some(export) if normalize(export) != column => {
                format!("'{export}' as '{column}'")
            }
            _ => format!("'{column}'"),
        }
    }

    /// The column names of the header row as written (trimmed).
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The 0-based index of the header column read as `column` (a canonical name, through
    /// the column mapping).
    pub fn column_of(&self, column: &str) -> Option<usize> {
        self.index_uncached(column)
    }

    /// Record a note about the header (nothing in a data row is lost): `column` is 1-based,
    /// 0 for the whole header row.
    pub fn note_header(&mut self, column: u64, reason: &'static str, message: String) {
        self.push_finding(self.header_line, column, reason, Effect::Note, message);
    }
}

fn is_import_id_row(record: &Record) -> bool {
    record.iter().any(|f| f.contains("ImportId"))
}

fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        d => format!("'{}'", char::from(d)),
    }
}
