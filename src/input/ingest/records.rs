//! The CSV grammar, followed once: a UTF-8 byte stream → records of text fields, each with
//! the line it starts on, whether it spans several lines (a line break inside quotes) and
//! whether a quote in it was misplaced, and a stop for a record that grows without bound.
//!
//! The grammar is csv-core's with its defaults (the `csv` crate the files used to be read
//! with, and that the property test below compares against): quote `"`, a doubled quote as
//! escape, `\r`, `\n` or `\r\n` ending a record, blank lines skipped, a quote inside an
//! unquoted field kept as it is, and text after a closing quote added to the field. Lines are
//! counted as `\n`, `\r\n` and a lone `\r` each ending one.
//!
//! Memory: one buffer of [`CHUNK`] bytes (more only for a record longer than that, up to the
//! limit) and the current record.

use std::io::{self, Read};

/// The size of the read buffer.
const CHUNK: usize = 256 * 1024;

/// Marks a field made of several pieces (see [`Records::fields`]).
const JOINED: usize = usize::MAX;

/// One record: its fields as text, the line it starts on and, when it spans several lines,
/// its bytes as read and whether a quote in it was misplaced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// The record's text as read; after it, the fields that had to be unquoted.
    text: String,
    /// Each field's byte range in `text`.
    spans: Vec<(usize, usize)>,
    line: u64,
    multiline: Option<(Vec<u8>, bool)>,
    /// Whether the record spans several lines: only then can a field hold `\r` or `\n`.
    line_breaks: bool,
}

impl Record {
    /// The number of fields.
    #[inline]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Field `i` (0-based), unquoted.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&str> {
        let &(start, end) = self.spans.get(i)?;
        Some(&self.text[start..end])
    }

    /// Every field, unquoted.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// The 1-based line the record starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Whether a field may hold a line break (`\r` or `\n`): the record spans several lines.
    #[inline]
    pub fn has_line_breaks(&self) -> bool {
        self.line_breaks
    }

    /// When the record spans several lines: its bytes as read and whether a quote in it was
    /// misplaced (`"a"b`: text after a closing quote); `None` for a record on one line.
    /// Taken once.
    pub fn take_multiline(&mut self) -> Option<(Vec<u8>, bool)> {
        self.multiline.take()
    }
}

/// Why the stream could not be read further.
#[derive(Debug)]
pub enum ReadError {
    /// Reading failed, in the record starting on `line`.
    Io {
        /// The line of the record being read.
        line: u64,
        /// What the reader said.
        error: io::Error,
    },
    /// A record grew past the limit.
    TooLong(RecordTooLong),
    /// A record is not UTF-8 (the stream is decoded before it is read, so only a file that
    /// changed while it was read gets here).
    NotUtf8 {
        /// The line of the record.
        line: u64,
    },
}

/// The error when one record exceeds the limit.
#[derive(Debug)]
pub struct RecordTooLong {
    /// Line where the record starts.
    pub line: u64,
    /// The limit in bytes.
    pub limit: usize,
}

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the row starting here is longer than {} MiB; a quote (\") is probably never \
             closed, so the rest of the file cannot be read",
            self.limit >> 20
        )
    }
}

/// How far [`Records::scan`] got.
enum Scan {
    /// The record goes on past the bytes read so far.
    More,
    /// The record ends after `content` bytes (`len` with its line end).
    Done {
        content: usize,
        len: usize,
        lines: u64,
        unclosed: bool,
        multiline: bool,
        misquoted: bool,
    },
}

/// Reads records from a UTF-8 stream split by one delimiter.
pub struct Records<R> {
    inner: R,
    delimiter: u8,
    buf: Vec<u8>,
    /// The first byte not read yet, and the end of the bytes in `buf`.
    start: usize,
    end: usize,
    eof: bool,
    /// Bytes read from `inner` so far.
    read_total: u64,
    /// 1-based line of `buf[start]`; whether the byte before it was `\r`.
    line: u64,
    after_cr: bool,
    max_record_bytes: usize,
    /// The line of the last record, when its quoted field was never closed.
    unclosed_quote: Option<u64>,
    /// Bytes that end an unquoted field (the delimiter and line ends), and bytes that stop
    /// the run inside a quoted one (the quote and line ends).
    plain_stop: [bool; 256],
    quoted_stop: [bool; 256],
    /// The current record's fields (byte ranges); a field of several pieces (a doubled
    /// quote, text after a closing quote) as `(JOINED, k)`: its pieces follow `joined[k]`.
    fields: Vec<(usize, usize)>,
    /// The pieces of such fields, each list ended by `(JOINED, 0)`.
    pieces: Vec<(usize, usize)>,
}

impl<R: Read> Records<R> {
    /// Read `prefix` (bytes already read from the stream), then `inner`, whose fields are
    /// separated by `delimiter`; a record longer than `max_record_bytes` (with its line end)
    /// stops reading.
    pub fn new(inner: R, prefix: Vec<u8>, delimiter: u8, max_record_bytes: usize) -> Self {
        let end = prefix.len();
        let mut buf = prefix;
        buf.resize(end.max(CHUNK), 0);
        let mut plain_stop = [false; 256];
        let mut quoted_stop = [false; 256];
        for b in [delimiter, b'\r', b'\n'] {
            plain_stop[usize::from(b)] = true;
        }
        for b in [b'"', b'\r', b'\n'] {
            quoted_stop[usize::from(b)] = true;
        }
        Records {
            inner,
            delimiter,
            buf,
            start: 0,
            end,
            eof: false,
            read_total: 0,
            line: 1,
            after_cr: false,
            max_record_bytes,
            unclosed_quote: None,
            plain_stop,
            quoted_stop,
            pieces: Vec::new(),
            fields: Vec::new(),
        }
    }

    /// The delimiter the stream is split with.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The first line of the last record read, when its quoted field is never closed.
    pub fn unclosed_quote(&self) -> Option<u64> {
        self.unclosed_quote
    }

    /// Bytes of the stream behind the records read so far (after the prefix).
    pub fn position(&self) -> u64 {
        self.read_total
            .saturating_sub((self.end - self.start) as u64)
    }

    /// Read the next record into `record`; `false` at the end of the stream.
    pub fn read(&mut self, record: &mut Record) -> Result<bool, ReadError> {
        // Line ends between records; blank lines are no records.
        loop {
            if self.start == self.end {
                if !self.fill()? {
                    return Ok(false);
                }
                continue;
            }
            let b = self.buf[self.start];
            if b != b'\r' && b != b'\n' {
                break;
            }
            if b == b'\r' || !self.after_cr {
                self.line += 1;
            }
            self.after_cr = b == b'\r';
            self.start += 1;
        }
        self.after_cr = false;
        loop {
            match self.scan() {
                Scan::More => {
                    if self.end - self.start > self.max_record_bytes {
                        return Err(self.too_long());
                    }
                    self.fill()?;
                }
                Scan::Done {
                    content,
                    len,
                    lines,
                    unclosed,
                    multiline,
                    misquoted,
                } => {
                    if len > self.max_record_bytes {
                        return Err(self.too_long());
                    }
                    let bytes = &self.buf[self.start..self.start + len];
                    let Ok(text) = std::str::from_utf8(&bytes[..content]) else {
                        return Err(ReadError::NotUtf8 { line: self.line });
                    };
                    record.text.clear();
                    record.text.push_str(text);
                    record.spans.clear();
                    if self.pieces.is_empty() {
                        // No field of several pieces: the fields are the spans as they are.
                        std::mem::swap(&mut record.spans, &mut self.fields);
                    }
                    for &(a, b) in &self.fields {
                        if a != JOINED {
                            record.spans.push((a, b));
                            continue;
                        }
                        // A field of several pieces is unquoted after the record's text.
                        let from = record.text.len();
                        for &(a, b) in self.pieces[b..].iter().take_while(|p| p.0 != JOINED) {
                            record.text.push_str(&text[a..b]);
                        }
                        record.spans.push((from, record.text.len()));
                    }
                    record.line = self.line;
                    record.multiline = multiline.then(|| (bytes.to_vec(), misquoted));
                    record.line_breaks = multiline;
                    if unclosed {
                        self.unclosed_quote = Some(self.line);
                    }
                    self.line += lines;
                    // The line end stays: the next read counts it.
                    self.start += content;
                    return Ok(true);
                }
            }
        }
    }

    fn too_long(&self) -> ReadError {
        ReadError::TooLong(RecordTooLong {
            line: self.line,
            limit: self.max_record_bytes,
        })
    }

    /// Read more of the stream into the buffer, keeping the bytes from `start` on; `false`
    /// at its end.
    fn fill(&mut self) -> Result<bool, ReadError> {
        if self.eof {
            return Ok(false);
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            let grown = self.buf.len() * 2;
            self.buf.resize(grown, 0);
        }
        loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    self.read_total += n as u64;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    return Err(ReadError::Io {
                        line: self.line,
                        error,
                    });
                }
            }
        }
    }

    /// Follow the record that starts at `start` (not a line end) through the grammar,
    /// noting its pieces of field text; [`Scan::More`] when the bytes read so far end inside
    /// it (it is scanned again from its start once more are read).
    fn scan(&mut self) -> Scan {
        let bytes = &self.buf[self.start..self.end];
        let n = bytes.len();
        let (plain, quoted) = (&self.plain_stop, &self.quoted_stop);
        self.pieces.clear();
        self.fields.clear();
        let mut i = 0;
        let mut lines = 0;
        let mut multiline = false;
        let mut misquoted = false;
        let mut unclosed = false;
        loop {
            if i < n && bytes[i] == b'"' {
                i += 1;
                let mut from = i;
                let first = self.pieces.len();
                loop {
                    while i < n && !quoted[usize::from(bytes[i])] {
                        i += 1;
                    }
                    if i == n {
                        if !self.eof {
                            return Scan::More;
                        }
                        self.pieces.push((from, n));
                        unclosed = true;
                        end_quoted(&mut self.pieces, &mut self.fields, first);
                        break;
                    }
                    let b = bytes[i];
                    if b == b'"' {
                        if i + 1 == n && !self.eof {
                            return Scan::More;
                        }
                        self.pieces.push((from, i));
                        if bytes.get(i + 1) == Some(&b'"') {
                            // A doubled quote: the second one is text.
                            from = i + 1;
                            i += 2;
                            continue;
                        }
                        i += 1;
                        // Text after the closing quote belongs to the field, as if unquoted;
                        // the quote was misplaced.
                        if i < n && !plain[usize::from(bytes[i])] {
                            misquoted = true;
                            let from = i;
                            while i < n && !plain[usize::from(bytes[i])] {
                                i += 1;
                            }
                            self.pieces.push((from, i));
                        }
                        end_quoted(&mut self.pieces, &mut self.fields, first);
                        break;
                    }
                    // A line end inside quotes.
                    multiline = true;
                    if b == b'\r' || bytes[i - 1] != b'\r' {
                        lines += 1;
                    }
                    i += 1;
                }
            } else {
                let from = i;
                while i < n && !plain[usize::from(bytes[i])] {
                    i += 1;
                }
                self.fields.push((from, i));
            }
            if i == n && !self.eof {
                return Scan::More;
            }
            if i == n {
                return Scan::Done {
                    content: n,
                    len: n,
                    lines,
                    unclosed,
                    multiline,
                    misquoted,
                };
            }
            if bytes[i] == self.delimiter {
                i += 1;
                continue;
            }
            return Scan::Done {
                content: i,
                len: i + 1,
                lines,
                unclosed,
                multiline,
                misquoted,
            };
        }
    }
}

/// The quoted field whose pieces start at `pieces[first]` is read: one piece is the field,
/// several are joined once the record is read.
fn end_quoted(pieces: &mut Vec<(usize, usize)>, fields: &mut Vec<(usize, usize)>, first: usize) {
    if pieces.len() == first + 1 {
        fields.push(pieces.pop().unwrap_or_default());
    } else {
        pieces.push((JOINED, 0));
        fields.push((JOINED, first));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8], delimiter: u8) -> Vec<(Vec<String>, u64)> {
        let mut r = Records::new(input, Vec::new(), delimiter, 1 << 20);
        let mut rec = Record::default();
        let mut out = Vec::new();
        while r.read(&mut rec).unwrap() {
            out.push((rec.iter().map(str::to_string).collect(), rec.line()));
        }
        out
    }

    #[test]
    fn record_lines_are_right_after_crlf_blank_lines_and_quoted_newlines() {
        let got = read_all(b"h1,h2\r\na,b\r\n\r\n\r\nc,\"d\nd\"\r\ne,f\r\n", b',');
        let lines: Vec<u64> = got.iter().map(|r| r.1).collect();
        assert_eq!(lines, [1, 2, 5, 7]);
        assert_eq!(got[2].0, ["c", "d\nd"]);
    }

    #[test]
    fn quotes_are_unescaped_and_misplaced_ones_noted() {
        let mut r = Records::new(
            &b"\"a\"\"b\",\"c\"d,e\"f\n\"x\ny\"z\n"[..],
            vec![],
            b',',
            99,
        );
        let mut rec = Record::default();
        assert!(r.read(&mut rec).unwrap());
        assert_eq!(rec.iter().collect::<Vec<_>>(), ["a\"b", "cd", "e\"f"]);
        assert_eq!(rec.take_multiline(), None, "one line, however quoted");
        assert!(!rec.has_line_breaks());
        assert!(r.read(&mut rec).unwrap());
        assert_eq!(rec.get(0), Some("x\nyz"));
        assert_eq!(rec.take_multiline(), Some((b"\"x\ny\"z\n".to_vec(), true)));
        assert!(rec.has_line_breaks(), "kept when the bytes are taken");
        assert!(!r.read(&mut rec).unwrap());
        assert_eq!(r.unclosed_quote(), None);
    }

    #[test]
    fn an_unclosed_quote_is_noticed_at_the_end() {
        let mut r = Records::new(&b"a,b\nc,\"d\ne\n"[..], vec![], b',', 1 << 20);
        let mut rec = Record::default();
        while r.read(&mut rec).unwrap() {}
        assert_eq!(r.unclosed_quote(), Some(2));
        assert_eq!(rec.get(1), Some("d\ne\n"));
    }

    #[test]
    fn a_runaway_record_is_stopped_at_its_first_line() {
        let text = format!("a,b\nc\n\"{}", "x".repeat(5000));
        let mut r = Records::new(text.as_bytes(), vec![], b',', 1000);
        let mut rec = Record::default();
        assert!(r.read(&mut rec).unwrap());
        assert!(r.read(&mut rec).unwrap());
        match r.read(&mut rec) {
            Err(ReadError::TooLong(long)) => {
                assert_eq!(long.line, 3);
                assert!(long.to_string().contains("never"), "{long}");
            }
            other => panic!("{other:?}"),
        }
        // The limit counts the line end: 4 bytes and `\n` pass a limit of 5, not of 4.
        for (limit, ok) in [(5, true), (4, false)] {
            let mut r = Records::new(&b"abcd\n"[..], vec![], b',', limit);
            assert_eq!(r.read(&mut rec).is_ok(), ok, "{limit}");
        }
    }

    #[test]
    fn records_longer_than_the_buffer_and_the_prefix_are_read_whole() {
        let long = "y".repeat(3 * CHUNK);
        let text = format!("x,\"{long}\"\r\nz,w\n");
        let (prefix, rest) = text.as_bytes().split_at(10);
        let mut r = Records::new(rest, prefix.to_vec(), b',', usize::MAX);
        let mut rec = Record::default();
        assert!(r.read(&mut rec).unwrap());
        assert_eq!(rec.get(1).map(str::len), Some(3 * CHUNK));
        assert!(r.read(&mut rec).unwrap());
        assert_eq!((rec.get(0), rec.line()), (Some("z"), 2));
    }

    /// A reader that hands out one byte at a time: every record crosses reads.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            if buf.is_empty() {
                return Ok(0);
            }
            buf[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 1024,
            failure_persistence: None,
            ..Default::default()
        })]

        /// Fields and records are exactly the csv crate's; the lines are the lines where
        /// each record starts; the result does not depend on how the stream is cut into reads.
        #[test]
        fn records_are_the_csv_crates(
            text in "[ab,;\"\r\n é]{0,60}",
            delimiter in proptest::prop_oneof![proptest::strategy::Just(b','), proptest::strategy::Just(b';')],
        ) {
            let mut csv = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(text.as_bytes());
            let mut expected = Vec::new();
            let mut lines = Vec::new();
            let mut csv_record = csv::StringRecord::new();
            let bytes = text.as_bytes();
            while csv.read_record(&mut csv_record).unwrap() {
                expected.push(csv_record.iter().map(str::to_string).collect::<Vec<_>>());
                // The record's first byte: past the line ends before it; its line counts
                // `\n`, `\r\n` and a lone `\r` before it.
                let mut at = usize::try_from(csv_record.position().unwrap().byte()).unwrap();
                while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
                    at += 1;
                }
                let before = &bytes[..at];
                let mut line = 1;
                for (k, b) in before.iter().enumerate() {
                    if *b == b'\r' || *b == b'\n' && (k == 0 || before[k - 1] != b'\r') {
                        line += 1;
                    }
                }
                lines.push(line);
            }
            let got = read_all(bytes, delimiter);
            let fields: Vec<Vec<String>> = got.iter().map(|r| r.0.clone()).collect();
            proptest::prop_assert_eq!(&fields, &expected);
            let got_lines: Vec<u64> = got.iter().map(|r| r.1).collect();
            proptest::prop_assert_eq!(got_lines, lines);
            let mut rec = Record::default();
            let mut trickle = Records::new(Trickle(text.as_bytes()), Vec::new(), delimiter, usize::MAX);
            let mut by_byte = Vec::new();
            while trickle.read(&mut rec).unwrap() {
                by_byte.push((rec.iter().map(str::to_string).collect::<Vec<_>>(), rec.line()));
            }
            proptest::prop_assert_eq!(by_byte, got);
        }
    }
}
