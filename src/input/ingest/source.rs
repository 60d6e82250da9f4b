//! Bytes → a UTF-8 CSV stream: the encoding (BOM, valid UTF-8, else Windows-1252), the
//! delimiter (sniffed from the header), and a guard that follows the CSV grammar so every
//! record's first line is known exactly and no record can grow without bound.
//!
//! Nothing here holds more than a small, fixed amount of the file: the encoding check
//! streams, the delimiter sniffer keeps at most [`SNIFF_LIMIT`] bytes, and the guard keeps
//! one line number per record in the CSV reader's buffer.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::Path;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

/// The most the delimiter sniffer reads ahead looking for the end of the header.
pub const SNIFF_LIMIT: usize = 1 << 20;

/// Decide the encoding of the file at `path`: a BOM decides; else UTF-8 when the whole file
/// is valid UTF-8; else Windows-1252. Streams the file once, stopping at the first byte that
/// is not UTF-8.
pub fn detect_encoding(path: &Path) -> io::Result<&'static Encoding> {
    detect_encoding_in(File::open(path)?)
}

/// [`detect_encoding`] on any reader.
pub fn detect_encoding_in(r: impl Read) -> io::Result<&'static Encoding> {
    Ok(detect(r)?.0)
}

/// A UTF-8 file with a few bytes that are not UTF-8: how many, and the line of the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrokenUtf8 {
    /// Bytes that are not UTF-8 (each shown as U+FFFD).
    pub bytes: u64,
    /// 1-based line of the first one.
    pub line: u64,
}

/// Like [`detect_encoding`], but a file that is UTF-8 apart from a few broken bytes (it has
/// more valid multi-byte UTF-8 characters than invalid bytes) is read as UTF-8 — its
/// `café` stays `café` — and the broken bytes are reported, instead of reading the whole
/// file as Windows-1252 (`cafÃ©`).
pub fn detect_encoding_checked(path: &Path) -> io::Result<(&'static Encoding, Option<BrokenUtf8>)> {
    detect(File::open(path)?)
}

/// UTF-16 without a BOM: text in it is mostly ASCII, so every other byte is NUL — the odd
/// ones for little-endian, the even ones for big-endian. Read as UTF-8 it would put NUL
/// bytes into every value and message.
fn utf16_without_bom(start: &[u8]) -> Option<&'static Encoding> {
    let sample = &start[..start.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let nul_at = |k: usize| {
        sample
            .iter()
            .skip(k)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    match () {
        _ if odd * 10 >= pairs * 7 && even * 10 < pairs => Some(UTF_16LE),
        _ if even * 10 >= pairs * 7 && odd * 10 < pairs => Some(UTF_16BE),
        _ => None,
    }
}

fn detect(mut r: impl Read) -> io::Result<(&'static Encoding, Option<BrokenUtf8>)> {
    let mut buf = vec![0u8; 64 * 1024];
    // Bytes of a UTF-8 sequence cut off at the end of the previous chunk (at most 3).
    let mut carry = 0usize;
    let mut first = true;
    let mut multibyte = 0u64;
    let mut invalid = 0u64;
    let mut lines = 1u64;
    let mut first_invalid_line = 0u64;
    loop {
        let filled = carry + read_full(&mut r, &mut buf[carry..])?;
        // `read_full` stops short of a full buffer only at the end of the input.
        let eof = filled < buf.len();
        if std::mem::take(&mut first) {
            match &buf[..filled.min(3)] {
                [0xEF, 0xBB, 0xBF] => return Ok((UTF_8, None)),
                [0xFF, 0xFE, ..] => return Ok((UTF_16LE, None)),
                [0xFE, 0xFF, ..] => return Ok((UTF_16BE, None)),
                _ => {}
            }
            if let Some(utf16) = utf16_without_bom(&buf[..filled]) {
                return Ok((utf16, None));
            }
        }
        let mut chunk = &buf[..filled];
        carry = 0;
        loop {
            match std::str::from_utf8(chunk) {
                Ok(text) => {
                    multibyte += text.bytes().filter(|b| *b >= 0xC0).count() as u64;
                    lines += text.bytes().filter(|b| *b == b'\n').count() as u64;
                    break;
                }
                Err(e) => {
                    let valid = &chunk[..e.valid_up_to()];
                    multibyte += valid.iter().filter(|b| **b >= 0xC0).count() as u64;
                    lines += valid.iter().filter(|b| **b == b'\n').count() as u64;
                    match e.error_len() {
                        Some(n) => {
                            invalid += 1;
                            if first_invalid_line == 0 {
                                first_invalid_line = lines;
                            }
                            chunk = &chunk[e.valid_up_to() + n..];
                        }
                        None if eof => {
                            invalid += 1;
                            if first_invalid_line == 0 {
                                first_invalid_line = lines;
                            }
                            break;
                        }
                        None => {
                            // A sequence cut at the chunk's end: carry it over.
                            carry = chunk.len() - e.valid_up_to();
                            break;
                        }
                    }
                }
            }
            // Far more broken bytes than UTF-8 characters: not UTF-8; no need to read on.
            if invalid > 16 && invalid > 4 * multibyte {
                return Ok((WINDOWS_1252, None));
            }
        }
        if carry > 0 {
            let start = filled - carry;
            buf.copy_within(start..filled, 0);
        }
        if eof {
            break;
        }
    }
    Ok(match invalid {
        0 => (UTF_8, None),
        n if multibyte > n => (
            UTF_8,
            Some(BrokenUtf8 {
                bytes: n,
                line: first_invalid_line,
            }),
        ),
        _ => (WINDOWS_1252, None),
    })
}

/// Read until `buf` is full or the reader is exhausted.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut total = 0;
    while total < buf.len() {
        match r.read(&mut buf[total..]) {
            Ok(0) => break,
            Ok(n) => total += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(total)
}

/// A UTF-8 stream of `file` decoded from `encoding` (a BOM, if any, is dropped and wins).
pub fn decode(file: File, encoding: &'static Encoding) -> Box<dyn Read + Send> {
    Box::new(
        DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .bom_override(true)
            .strip_bom(true)
            .build(BufReader::with_capacity(64 * 1024, file)),
    )
}

/// What the sniffer found at the start of the stream.
#[derive(Debug)]
pub struct Sniffed {
    /// The delimiter: the configured one, or detected.
    pub delimiter: u8,
    /// The first line is Excel's `sep=;` hint (a record to skip).
    pub sep_line: bool,
    /// The bytes read ahead; they must be read again before the rest of the stream.
    pub prefix: Vec<u8>,
}

/// Read ahead until the record `header_row` (1-based, not counting a `sep=` line) is complete
/// and pick the delimiter: `configured`, else the `sep=` hint, else the most frequent of
/// `,` `;` and tab outside quotes in the header record (`,` when none occurs).
pub fn sniff(r: &mut impl Read, configured: Option<u8>, header_row: u64) -> io::Result<Sniffed> {
    let mut prefix = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut splitter = RecordSplitter::default();
    let mut records: Vec<(usize, usize)> = Vec::new();
    let wanted = usize::try_from(header_row.max(1)).map_or(usize::MAX, |r| r.saturating_add(1)); // + a possible `sep=` line
    while records.len() < wanted && prefix.len() < SNIFF_LIMIT {
        let n = r.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        let start = prefix.len();
        prefix.extend_from_slice(&chunk[..n]);
        splitter.feed(&prefix, start, &mut records);
    }
    splitter.finish(prefix.len(), &mut records);
    let record = |i: usize| records.get(i).map(|&(s, e)| &prefix[s..e]);
    let sep = record(0).and_then(sep_hint);
    let sep_line = sep.is_some();
    let header_index = usize::try_from(header_row.max(1) - 1)
        .unwrap_or(usize::MAX)
        .saturating_add(usize::from(sep_line));
    let delimiter = configured
        .or(sep)
        .unwrap_or_else(|| record(header_index).map_or(b',', most_frequent_delimiter));
    Ok(Sniffed {
        delimiter,
        sep_line,
        prefix,
    })
}

/// The delimiter of an Excel `sep=;` line.
fn sep_hint(line: &[u8]) -> Option<u8> {
    match line {
        [b's' | b'S', b'e' | b'E', b'p' | b'P', b'=', d] if !d.is_ascii_alphanumeric() => Some(*d),
        _ => None,
    }
}

fn most_frequent_delimiter(record: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in record {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in &mut counts {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    // Ties go to the earlier candidate: the comma first.
    let best = counts
        .iter()
        .fold(counts[0], |best, c| if c.1 > best.1 { *c } else { best });
    best.0
}

/// Splits bytes into records by newlines outside quotes; good enough to find the header.
#[derive(Default)]
struct RecordSplitter {
    quoted: bool,
    start: usize,
}

impl RecordSplitter {
    fn feed(&mut self, buf: &[u8], from: usize, out: &mut Vec<(usize, usize)>) {
        for (i, &b) in buf.iter().enumerate().skip(from) {
            match b {
                b'"' => self.quoted = !self.quoted,
                b'\n' | b'\r' if !self.quoted => {
                    if i > self.start {
                        out.push((self.start, i));
                    }
                    self.start = i + 1;
                }
                _ => {}
            }
        }
    }

    fn finish(&mut self, len: usize, out: &mut Vec<(usize, usize)>) {
        if len > self.start {
            out.push((self.start, len));
        }
    }
}

/// The sniffed prefix followed by the rest of the stream.
pub fn rejoin(prefix: Vec<u8>, rest: Box<dyn Read + Send>) -> Box<dyn Read + Send> {
    Box::new(Cursor::new(prefix).chain(rest))
}

/// Parser states, mirroring csv-core's with its defaults (quote `"`, doubled quotes as
/// escape, `\r`, `\n` or `\r\n` ending a record, blank lines skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StartRecord,
    StartField,
    InField,
    InQuoted,
    QuoteInQuoted,
}

/// Sits between the decoded stream and the CSV reader and follows the same grammar, so it
/// knows the line on which each record starts (the CSV reader's own positions are off after
/// `\r\n` and blank lines), and stops a record that grows past `max_record_bytes` (an
/// unclosed quote would otherwise read the rest of the file into one field).
pub struct RecordGuard<R> {
    inner: R,
    delimiter: u8,
    state: State,
    /// 1-based line of the next byte.
    line: u64,
    /// The previous byte was `\r` (so a following `\n` does not start a new line).
    after_cr: bool,
    record_start: u64,
    record_bytes: usize,
    max_record_bytes: usize,
    starts: VecDeque<u64>,
    /// Set at the end of the input when a quoted field was still open: its record's line.
    unclosed_quote: Option<u64>,
    /// The bytes of the record being read, and whether a line break lay inside quotes.
    raw: Vec<u8>,
    multiline: bool,
    /// A closing quote was followed by something else than a delimiter or line end (`"a"b`):
    /// the quote that "closed" was really the opening quote of a later field.
    misquoted: bool,
    /// Records that spanned several lines, by first line, with their bytes and whether they
    /// were misquoted: when such a record turns out malformed, a stray quote joined the
    /// lines, and the reader goes back to read them one by one.
    multiline_records: VecDeque<(u64, Vec<u8>, bool)>,
}

impl<R: Read> RecordGuard<R> {
    /// Guard `inner`, whose fields are separated by `delimiter`.
    pub fn new(inner: R, delimiter: u8, max_record_bytes: usize) -> Self {
        RecordGuard {
            inner,
            delimiter,
            state: State::StartRecord,
            line: 1,
            after_cr: false,
            record_start: 1,
            record_bytes: 0,
            max_record_bytes,
            starts: VecDeque::new(),
            unclosed_quote: None,
            raw: Vec::new(),
            multiline: false,
            misquoted: false,
            multiline_records: VecDeque::new(),
        }
    }

    /// The bytes of the record that starts on `line` and whether it was misquoted, when it
    /// spans several lines (a line break inside quotes); `None` for a record on one line.
    /// Records before `line` are forgotten.
    pub fn take_multiline(&mut self, line: u64) -> Option<(Vec<u8>, bool)> {
        while let Some((start, _, _)) = self.multiline_records.front() {
            match (*start).cmp(&line) {
                std::cmp::Ordering::Less => {
                    self.multiline_records.pop_front();
                }
                std::cmp::Ordering::Equal => {
                    return self.multiline_records.pop_front().map(|r| (r.1, r.2));
                }
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
    }

    fn end_record(&mut self) {
        if self.multiline {
            let raw = std::mem::take(&mut self.raw);
            self.multiline_records
                .push_back((self.record_start, raw, self.misquoted));
        }
        self.multiline = false;
        self.misquoted = false;
        self.raw.clear();
    }

    /// The first line of the next record the CSV reader hands out.
    pub fn next_record_line(&mut self) -> Option<u64> {
        self.starts.pop_front()
    }

    /// The line of the record whose quoted field is never closed, once the input is read.
    pub fn unclosed_quote(&self) -> Option<u64> {
        self.unclosed_quote
    }

    /// The first line of the record being read.
    pub fn current_record_line(&self) -> u64 {
        self.record_start
    }

    /// The delimiter the stream is split with.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    fn step(&mut self, b: u8) -> io::Result<()> {
        if self.state == State::StartRecord {
            if b == b'\r' || b == b'\n' {
                self.count_line(b);
                return Ok(());
            }
            self.state = State::StartField;
            self.record_start = self.line;
            self.record_bytes = 0;
            self.starts.push_back(self.line);
            self.raw.clear();
            self.multiline = false;
            self.misquoted = false;
        }
        self.raw.push(b);
        self.record_bytes += 1;
        if self.record_bytes > self.max_record_bytes {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                RecordTooLong {
                    line: self.record_start,
                    limit: self.max_record_bytes,
                },
            ));
        }
        let terminator = b == b'\r' || b == b'\n';
        if terminator && self.state == State::InQuoted {
            self.multiline = true;
        }
        if self.state == State::QuoteInQuoted && b != b'"' && b != self.delimiter && !terminator {
            self.misquoted = true;
        }
        self.state = match (self.state, b) {
            (State::StartField, b'"') => State::InQuoted,
            (State::InQuoted, b'"') => State::QuoteInQuoted,
            (State::InQuoted, _) => State::InQuoted,
            (State::QuoteInQuoted, b'"') => State::InQuoted,
            (_, _) if terminator => State::StartRecord,
            (_, d) if d == self.delimiter => State::StartField,
            (_, _) => State::InField,
        };
        if self.state == State::StartRecord {
            self.end_record();
        }
        self.count_line(b);
        Ok(())
    }

    /// `\n`, `\r\n` and a lone `\r` each end one line.
    fn count_line(&mut self, b: u8) {
        if b == b'\n' && !self.after_cr || b == b'\r' {
            self.line += 1;
        }
        self.after_cr = b == b'\r';
    }
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && matches!(self.state, State::InQuoted) {
            self.unclosed_quote = Some(self.record_start);
        }
        if n == 0 && self.state != State::StartRecord {
            self.end_record();
        }
        for &b in &buf[..n] {
            self.step(b)?;
        }
        Ok(n)
    }
}

/// The guard's error when one record exceeds the limit.
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

impl std::error::Error for RecordTooLong {}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(input: &str) -> Vec<(Vec<String>, u64)> {
        let guard = RecordGuard::new(input.as_bytes(), b',', 1 << 20);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(guard);
        let mut out = Vec::new();
        let mut rec = csv::StringRecord::new();
        while r.read_record(&mut rec).unwrap() {
            let line = r.get_mut().next_record_line().unwrap();
            out.push((rec.iter().map(str::to_string).collect(), line));
        }
        out
    }

    #[test]
    fn record_lines_are_right_after_crlf_blank_lines_and_quoted_newlines() {
        let got = lines_of("h1,h2\r\na,b\r\n\r\n\r\nc,\"d\nd\"\r\ne,f\r\n");
        let lines: Vec<u64> = got.iter().map(|r| r.1).collect();
        assert_eq!(lines, [1, 2, 5, 7]);
        assert_eq!(got[2].0, ["c", "d\nd"]);
    }

    #[test]
    fn an_unclosed_quote_is_noticed_at_the_end() {
        let mut g = RecordGuard::new("a,b\nc,\"d\ne\n".as_bytes(), b',', 1 << 20);
        std::io::copy(&mut g, &mut std::io::sink()).unwrap();
        assert_eq!(g.unclosed_quote(), Some(2));
    }

    #[test]
    fn a_runaway_record_is_stopped() {
        let text = format!("a,b\n\"{}", "x".repeat(5000));
        let mut g = RecordGuard::new(text.as_bytes(), b',', 1000);
        let err = std::io::copy(&mut g, &mut std::io::sink()).unwrap_err();
        assert!(err.to_string().contains("never"), "{err}");
    }

    #[test]
    fn utf16_without_a_bom_is_recognised() {
        let text = "respondent_id,overall\nc1,7\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(detect(&le[..]).unwrap().0, UTF_16LE);
        assert_eq!(detect(&be[..]).unwrap().0, UTF_16BE);
        assert_eq!(detect(text.as_bytes()).unwrap().0, UTF_8);
    }

    #[test]
    fn a_utf8_file_with_one_broken_byte_stays_utf8_and_says_so() {
        let mut bytes = "id,comment\nc1,café\nc2,crème brûlée\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"c3,caf\xe9\n");
        let (enc, broken) = detect(&bytes[..]).unwrap();
        assert_eq!(enc, UTF_8);
        assert_eq!(broken, Some(BrokenUtf8 { bytes: 1, line: 4 }));
        // A Windows-1252 file with no UTF-8 in it stays Windows-1252.
        let (enc, broken) = detect(&b"id,comment\nc1,caf\xe9\nc2,cr\xe8me\n"[..]).unwrap();
        assert_eq!((enc, broken), (WINDOWS_1252, None));
    }

    #[test]
    fn encoding_is_detected_from_bom_validity_and_fallback() {
        let d = |b: &[u8]| detect_encoding_in(b).unwrap().name();
        assert_eq!(d(b"\xEF\xBB\xBFa;b"), "UTF-8");
        assert_eq!(d(b"\xFF\xFEa\0"), "UTF-16LE");
        assert_eq!(d("caf\u{e9};na\u{ef}ef".as_bytes()), "UTF-8");
        assert_eq!(d(b"caf\xe9;na\xefef"), "windows-1252");
        assert_eq!(d(b""), "UTF-8");
        // A multi-byte character split across the 64 KiB chunk boundary is still UTF-8.
        let mut long = vec![b'a'; 64 * 1024 - 1];
        long.extend_from_slice("é".as_bytes());
        long.extend_from_slice(b"tail");
        assert_eq!(d(&long), "UTF-8");
        // Truncated sequence at the very end: not UTF-8.
        assert_eq!(d(b"abc\xC3"), "windows-1252");
    }

    #[test]
    fn the_delimiter_is_sniffed_from_the_header_outside_quotes() {
        let s = |text: &str, row: u64| sniff(&mut text.as_bytes(), None, row).unwrap();
        assert_eq!(s("a;b;c\n1;2;3\n", 1).delimiter, b';');
        assert_eq!(s("a\tb\tc\n", 1).delimiter, b'\t');
        assert_eq!(s("\"x;y;z\",b\n", 1).delimiter, b',');
        assert_eq!(s("single\n", 1).delimiter, b',');
        let excel = s("sep=;\r\na;b\r\n", 1);
        assert!(excel.sep_line);
        assert_eq!(excel.delimiter, b';');
        assert_eq!(s("Title line\nid;x;y\n", 2).delimiter, b';');
        assert_eq!(s("", 1).delimiter, b',');
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 512,
            failure_persistence: None,
            ..Default::default()
        })]

        /// The guard splits records exactly as csv-core does: one start line per record, in
        /// order, none left over.
        #[test]
        fn the_guard_sees_the_same_records_as_the_csv_reader(
            text in "[ab,;\"\r\n ]{0,60}",
            delimiter in proptest::prop_oneof![proptest::strategy::Just(b','), proptest::strategy::Just(b';')],
        ) {
            let guard = RecordGuard::new(text.as_bytes(), delimiter, 1 << 20);
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(guard);
            let mut rec = csv::StringRecord::new();
            let mut last = 0;
            while r.read_record(&mut rec).unwrap() {
                let line = r.get_mut().next_record_line();
                proptest::prop_assert!(line.is_some(), "record without a start: {rec:?}");
                let line = line.unwrap();
                proptest::prop_assert!(line > last || last == 0 && line == 1);
                last = line;
            }
            proptest::prop_assert_eq!(r.get_mut().next_record_line(), None);
        }
    }
}
