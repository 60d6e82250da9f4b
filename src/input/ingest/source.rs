//! Bytes → a UTF-8 CSV stream: the encoding (BOM, valid UTF-8, else Windows-1252) and the
//! delimiter (sniffed from the header). The stream is split into records by `records`.
//!
//! Nothing here holds more than a small, fixed amount of the file: the encoding check
//! streams, and the delimiter sniffer keeps at most [`SNIFF_LIMIT`] bytes.

use std::fs::File;
use std::io::{self, BufReader, Read};
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
    // Most files are plain UTF-8: one validating pass says so; only a file that is not
    // is read again, counting characters, broken bytes and lines.
    if plain_utf8(File::open(path)?)? {
        return Ok((UTF_8, None));
    }
    detect(File::open(path)?)
}

/// Whether the stream is valid UTF-8 throughout and does not look like UTF-16 without a
/// BOM: what [`detect`] makes `(UTF-8, None)` of, found without counting anything.
fn plain_utf8(mut r: impl Read) -> io::Result<bool> {
    let mut buf = vec![0u8; 256 * 1024];
    let mut carry = 0usize;
    let mut first = true;
    loop {
        let filled = carry + read_full(&mut r, &mut buf[carry..])?;
        let eof = filled < buf.len();
        if std::mem::take(&mut first) && utf16_without_bom(&buf[..filled]).is_some() {
            return Ok(false);
        }
        carry = 0;
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => {}
            // A sequence cut at the chunk's end: carry it over.
            Err(e) if e.error_len().is_none() && !eof => {
                carry = filled - e.valid_up_to();
                buf.copy_within(e.valid_up_to()..filled, 0);
            }
            Err(_) => return Ok(false),
        }
        if eof {
            return Ok(true);
        }
    }
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

/// Like [`decode`], but a file `checked` to be valid UTF-8 without a BOM is read as it is.
pub fn decode_checked(
    mut file: File,
    encoding: &'static Encoding,
    checked: bool,
) -> io::Result<Box<dyn Read + Send>> {
    use std::io::{Seek, SeekFrom};
    if checked && encoding == UTF_8 {
        let mut start = [0u8; 3];
        let n = read_full(&mut file, &mut start)?;
        file.seek(SeekFrom::Start(0))?;
        if start[..n] != [0xEF, 0xBB, 0xBF] {
            // The reader buffers: no second buffer in between.
            return Ok(Box::new(file));
        }
    }
    Ok(decode(file, encoding))
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_quick_utf8_check_agrees_with_the_full_detection() {
        let mut split = vec![b'a'; 256 * 1024 - 1];
        split.extend_from_slice("é;x\n".as_bytes());
        let utf16: Vec<u8> = "id,x\nc1,7\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        for bytes in [
            &b""[..],
            b"id;x\n1;2\n",
            "caf\u{e9}\n".as_bytes(),
            b"\xEF\xBB\xBFa;b",
            b"\xFF\xFEa\0",
            b"caf\xe9\n",
            b"abc\xC3",
            &split,
            &utf16,
        ] {
            let plain = plain_utf8(bytes).unwrap();
            assert_eq!(plain, detect(bytes).unwrap() == (UTF_8, None), "{bytes:?}");
        }
        let mut broken = "café crème brûlée\n".repeat(3).into_bytes();
        broken.push(0xe9);
        assert!(!plain_utf8(&broken[..]).unwrap());
        assert_eq!(
            detect(&broken[..]).unwrap().0,
            UTF_8,
            "broken UTF-8 is still UTF-8"
        );
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
}
