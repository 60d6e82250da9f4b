//! A reader for SPSS system files: `.sav` (uncompressed or bytecode-compressed) and `.zsav`
//! (zlib-compressed bytecode). Only what survey exports need: the header, variables with their
//! names (long names too), variable labels, value labels, declared missing values and print
//! formats, the character encoding, and the cases — numbers and strings, including very long
//! strings (over 255 bytes). Multiple-response sets, attributes and other extension records
//! are skipped.
//!
//! The layout follows the PSPP documentation of the system-file format. Both byte orders are
//! read (the layout code in the header tells which).

use std::collections::HashMap;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// The value SPSS stores for "system missing": the most negative finite double.
pub const SYSMIS: f64 = -f64::MAX;

/// Seconds from SPSS's epoch (1582-10-14) to 1970-01-01.
const SPSS_EPOCH_TO_UNIX: f64 = 12_219_379_200.0;

/// One variable of the file (very long strings already joined into one).
#[derive(Debug, Clone)]
pub struct Variable {
    /// Name: the long name when the file has one, else the short one.
    pub name: String,
    /// Variable label, when set.
    pub label: Option<String>,
    /// 0 for numeric, else the string width in bytes.
    pub width: usize,
    /// Value labels of a numeric variable: value → label.
    pub value_labels: Vec<(f64, String)>,
    /// Value labels of a string variable: value (trailing spaces trimmed) → label.
    pub string_labels: Vec<(String, String)>,
    /// Declared (user-)missing values.
    pub missing: Missing,
    /// SPSS print format type (5 = F, 20 = DATE, 22 = DATETIME, …).
    pub format_type: u8,
    /// Where the variable's 8-byte units start in a case, and how many it spans.
    segments: Vec<(usize, usize)>,
}

/// Declared missing values of a variable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Missing {
    /// Discrete numeric values.
    pub values: Vec<f64>,
    /// A numeric range, inclusive.
    pub range: Option<(f64, f64)>,
    /// Discrete string values (trailing spaces trimmed).
    pub strings: Vec<String>,
}

impl Variable {
    /// Whether a numeric value is missing: system-missing or declared.
    pub fn is_missing_number(&self, x: f64) -> bool {
        x == SYSMIS
            || self.missing.values.contains(&x)
            || self
                .missing
                .range
                .is_some_and(|(lo, hi)| x >= lo && x <= hi)
    }

    /// The label of a numeric value.
    pub fn label_of(&self, x: f64) -> Option<&str> {
        let found = self.value_labels.iter().find(|(v, _)| *v == x);
        found.map(|(_, l)| l.as_str())
    }

    /// Whether its print format is a calendar date or date-time (values are seconds since
    /// 1582-10-14).
    pub fn is_date(&self) -> bool {
        // DATE, DATETIME, ADATE, JDATE, EDATE, SDATE, YMDHMS (PSPP's format numbers).
        matches!(self.format_type, 20 | 22 | 23 | 24 | 38 | 39 | 41)
    }
}

/// A value of one case.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number (`SYSMIS` when system-missing).
    Number(f64),
    /// A string, trailing spaces trimmed.
    Text(String),
}

/// Days since 1970-01-01 of an SPSS date value (seconds since 1582-10-14).
pub fn unix_days(spss_seconds: f64) -> i64 {
    ((spss_seconds - SPSS_EPOCH_TO_UNIX) / 86_400.0).floor() as i64
}

/// An open SPSS file: its dictionary, then the cases one at a time.
pub struct SavReader {
    /// The variables, in file order.
    pub variables: Vec<Variable>,
    /// Character encoding of names, labels and strings.
    pub encoding: &'static encoding_rs::Encoding,
    /// `sav` (uncompressed or bytecode) or `zsav`.
    pub compression: Compression,
    /// 8-byte units per case.
    units: usize,
    data: Box<dyn Read + Send>,
    bytecode: Option<Bytecode>,
    big_endian: bool,
    bias: f64,
    /// Cases read so far.
    cases: u64,
}

/// How the case data is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain 8-byte units.
    None,
    /// SPSS bytecode.
    Bytecode,
    /// Bytecode in zlib blocks (`.zsav`).
    Zlib,
}

/// State of the bytecode decompressor: the current block of eight commands.
struct Bytecode {
    commands: [u8; 8],
    next: usize,
    eof: bool,
}

/// A little reader of the header and dictionary records.
struct Raw<R> {
    inner: R,
    big_endian: bool,
}

impl<R: Read> Raw<R> {
    fn bytes(&mut self, n: usize) -> io::Result<Vec<u8>> {
        let mut b = vec![0; n];
        self.inner.read_exact(&mut b)?;
        Ok(b)
    }
    fn array<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut b = [0; N];
        self.inner.read_exact(&mut b)?;
        Ok(b)
    }
    fn i32(&mut self) -> io::Result<i32> {
        let b = self.array::<4>()?;
        Ok(if self.big_endian {
            i32::from_be_bytes(b)
        } else {
            i32::from_le_bytes(b)
        })
    }
    fn f64(&mut self) -> io::Result<f64> {
        let b = self.array::<8>()?;
        Ok(f64_of(b, self.big_endian))
    }
    fn count(&mut self, what: &str, max: usize) -> io::Result<usize> {
        let n = self.i32()?;
        usize::try_from(n)
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| bad(format!("implausible {what}: {n}")))
    }
}

fn f64_of(b: [u8; 8], big_endian: bool) -> f64 {
    if big_endian {
        f64::from_be_bytes(b)
    } else {
        f64::from_le_bytes(b)
    }
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// A value-label record: (raw 8-byte value, label bytes) pairs, and the 1-based unit
/// indexes of the variables they apply to.
type LabelSet = (Vec<([u8; 8], Vec<u8>)>, Vec<usize>);

/// A variable record as stored: one per 8-byte unit (continuations included).
struct RawVar {
    width: i32,
    name: Vec<u8>,
    label: Option<Vec<u8>>,
    missing: Vec<[u8; 8]>,
    missing_kind: i32,
    print: i32,
}

impl SavReader {
    /// Open `path` and read its dictionary.
    pub fn open(path: &Path) -> io::Result<SavReader> {
        let file = std::fs::File::open(path)?;
        SavReader::from_file(file)
    }

    fn from_file(file: std::fs::File) -> io::Result<SavReader> {
        let mut raw = Raw {
            inner: BufReader::new(file),
            big_endian: false,
        };
        let magic = raw.array::<4>()?;
        let compression_hint = match &magic {
            b"$FL2" => false,
            b"$FL3" => true,
            _ => {
                return Err(bad(
                    "not an SPSS system file (no $FL2 or $FL3 at the start)",
                ));
            }
        };
        raw.bytes(60)?; // product name
        let layout = raw.array::<4>()?;
        raw.big_endian = match (i32::from_le_bytes(layout), i32::from_be_bytes(layout)) {
            (2 | 3, _) => false,
            (_, 2 | 3) => true,
            _ => return Err(bad("unknown layout code in the header")),
        };
        let _nominal = raw.i32()?;
        let compression = match raw.i32()? {
            0 => Compression::None,
            1 => Compression::Bytecode,
            2 if compression_hint => Compression::Zlib,
            c => return Err(bad(format!("unknown compression {c}"))),
        };
        let _weight_index = raw.i32()?;
        let _ncases = raw.i32()?;
        let bias = raw.f64()?;
        raw.bytes(9 + 8 + 64 + 3)?; // date, time, file label, padding

        let mut vars: Vec<RawVar> = Vec::new();
        let mut label_sets: Vec<LabelSet> = Vec::new();
        let mut long_names: Option<Vec<u8>> = None;
        let mut very_long: Option<Vec<u8>> = None;
        let mut encoding_name: Option<String> = None;
        let mut codepage: Option<i32> = None;
        let mut long_string_labels: Option<Vec<u8>> = None;
        loop {
            match raw.i32()? {
                2 => {
                    let width = raw.i32()?;
                    let has_label = raw.i32()?;
                    let missing_kind = raw.i32()?;
                    let print = raw.i32()?;
                    let _write = raw.i32()?;
                    let name = raw.bytes(8)?;
                    let label = if has_label == 1 {
                        let n = raw.count("label length", 1 << 16)?;
                        let b = raw.bytes(n.div_ceil(4) * 4)?;
                        Some(b[..n].to_vec())
                    } else {
                        None
                    };
                    let n_missing = match missing_kind {
                        0..=3 => missing_kind as usize,
                        -2 => 2,
                        -3 => 3,
                        k => return Err(bad(format!("unknown missing-value code {k}"))),
                    };
                    let mut missing = Vec::with_capacity(n_missing);
                    for _ in 0..n_missing {
                        missing.push(raw.array::<8>()?);
                    }
                    vars.push(RawVar {
                        width,
                        name,
                        label,
                        missing,
                        missing_kind,
                        print,
                    });
                }
                3 => {
                    let n = raw.count("value label count", 1 << 20)?;
                    let mut labels = Vec::with_capacity(n);
                    for _ in 0..n {
                        let value = raw.array::<8>()?;
                        let len = raw.array::<1>()?[0] as usize;
                        let padded = (len + 1).div_ceil(8) * 8 - 1;
                        let text = raw.bytes(padded)?;
                        labels.push((value, text[..len].to_vec()));
                    }
                    if raw.i32()? != 4 {
                        return Err(bad("a value-label record is not followed by its variables"));
                    }
                    let n = raw.count("value label variable count", 1 << 24)?;
                    let mut idx = Vec::with_capacity(n);
                    for _ in 0..n {
                        idx.push(raw.count("variable index", 1 << 24)?);
                    }
                    label_sets.push((labels, idx));
                }
                6 => {
                    let n = raw.count("document lines", 1 << 16)?;
                    raw.bytes(n * 80)?;
                }
                7 => {
                    let subtype = raw.i32()?;
                    let size = raw.count("extension size", 1 << 16)?;
                    let count = raw.count("extension count", 1 << 28)?;
                    let len = size
                        .checked_mul(count)
                        .filter(|n| *n <= 1 << 26)
                        .ok_or_else(|| bad("implausible extension record"))?;
                    let data = raw.bytes(len)?;
                    match subtype {
                        3 if size == 4 && count >= 8 => {
                            let b: [u8; 4] = data[28..32].try_into().expect("4 bytes");
                            codepage = Some(if raw.big_endian {
                                i32::from_be_bytes(b)
                            } else {
                                i32::from_le_bytes(b)
                            });
                        }
                        13 => long_names = Some(data),
                        14 => very_long = Some(data),
                        20 => encoding_name = Some(String::from_utf8_lossy(&data).into_owned()),
                        21 => long_string_labels = Some(data),
                        _ => {}
                    }
                }
                999 => {
                    raw.i32()?;
                    break;
                }
                r => return Err(bad(format!("unknown record type {r} in the dictionary"))),
            }
        }
        let encoding = encoding_name
            .as_deref()
            .and_then(|n| encoding_rs::Encoding::for_label(n.trim().as_bytes()))
            .or_else(|| codepage.and_then(encoding_of_codepage))
            .unwrap_or(encoding_rs::WINDOWS_1252);
        let decode = |b: &[u8]| -> String {
            let (text, _, _) = encoding.decode(b);
            text.trim_end_matches([' ', '\0']).to_string()
        };

        // Variables: each record with width ≥ 0 starts one; continuations (-1) extend it.
        let mut variables: Vec<Variable> = Vec::new();
        let mut unit_to_var: HashMap<usize, usize> = HashMap::new();
        for (unit, rv) in vars.iter().enumerate() {
            if rv.width < 0 {
                if let Some(v) = variables.last_mut() {
                    v.segments.last_mut().expect("a segment").1 += 1;
                }
                continue;
            }
            let width = rv.width as usize;
            let mut missing = Missing::default();
            if width == 0 {
                let vals: Vec<f64> = rv
                    .missing
                    .iter()
                    .map(|b| f64_of(*b, raw.big_endian))
                    .collect();
                match rv.missing_kind {
                    -2 => missing.range = Some((vals[0], vals[1])),
                    -3 => {
                        missing.range = Some((vals[0], vals[1]));
                        missing.values.push(vals[2]);
                    }
                    _ => missing.values = vals,
                }
            } else {
                missing.strings = rv.missing.iter().map(|b| decode(b)).collect();
            }
            unit_to_var.insert(unit + 1, variables.len());
            variables.push(Variable {
                name: decode(&rv.name),
                label: rv
                    .label
                    .as_ref()
                    .map(|l| decode(l))
                    .filter(|l| !l.is_empty()),
                width,
                value_labels: Vec::new(),
                string_labels: Vec::new(),
                missing,
                format_type: ((rv.print >> 16) & 0xff) as u8,
                segments: vec![(unit, 1)],
            });
        }
        for (labels, idx) in label_sets {
            for i in idx {
                let Some(&v) = unit_to_var.get(&i) else {
                    return Err(bad(format!(
                        "value labels for a variable index {i} that does not exist"
                    )));
                };
                let var = &mut variables[v];
                for (value, text) in &labels {
                    if var.width == 0 {
                        var.value_labels
                            .push((f64_of(*value, raw.big_endian), decode(text)));
                    } else {
                        var.string_labels.push((decode(value), decode(text)));
                    }
                }
            }
        }
        // Long names: "SHORT=Long Name\tSHORT2=…".
        let mut short_to_long: HashMap<String, String> = HashMap::new();
        if let Some(data) = &long_names {
            for pair in decode(data).split('\t') {
                if let Some((short, long)) = pair.split_once('=') {
                    short_to_long.insert(short.to_string(), long.to_string());
                }
            }
        }
        // Very long strings: "SHORT=00600\0\t…": join the following segment variables.
        if let Some(data) = &very_long {
            for pair in decode(data).split(['\t', '\0']) {
                let Some((short, width)) = pair.split_once('=') else {
                    continue;
                };
                let Ok(width) = width.trim_end_matches('\0').parse::<usize>() else {
                    continue;
                };
                let Some(i) = variables.iter().position(|v| v.name == short) else {
                    continue;
                };
                let n = width.div_ceil(252);
                if n < 2 || i + n > variables.len() {
                    continue;
                }
                let ghosts: Vec<Variable> = variables.drain(i + 1..i + n).collect();
                let v = &mut variables[i];
                v.width = width;
                for g in ghosts {
                    v.segments.extend(g.segments);
                }
            }
        }
        for v in &mut variables {
            if let Some(long) = short_to_long.get(&v.name) {
                v.name = long.clone();
            }
        }
        // Labels of long strings: per variable, name, width, then value/label pairs.
        if let Some(data) = &long_string_labels {
            parse_long_string_labels(data, raw.big_endian, encoding, &mut variables);
        }
        let units = vars.len();
        let mut inner = raw.inner;
        let data: Box<dyn Read + Send> = match compression {
            Compression::Zlib => Box::new(zlib_blocks(&mut inner, raw.big_endian)?),
            _ => Box::new(inner),
        };
        Ok(SavReader {
            variables,
            encoding,
            compression,
            units,
            data,
            bytecode: (compression != Compression::None).then_some(Bytecode {
                commands: [0; 8],
                next: 8,
                eof: false,
            }),
            big_endian: raw.big_endian,
            bias,
            cases: 0,
        })
    }

    /// Cases read so far (the 1-based number of the last case read).
    pub fn cases_read(&self) -> u64 {
        self.cases
    }

    /// The next case, one value per variable; `None` after the last.
    pub fn next_case(&mut self) -> io::Result<Option<Vec<Value>>> {
        let mut units: Vec<[u8; 8]> = Vec::with_capacity(self.units);
        let mut numbers: Vec<Option<f64>> = Vec::with_capacity(self.units);
        for k in 0..self.units {
            match self.next_unit()? {
                Some(u) => {
                    units.push(u.0);
                    numbers.push(u.1);
                }
                None if k == 0 => return Ok(None),
                None => return Err(bad("the file ends in the middle of a case")),
            }
        }
        self.cases += 1;
        let mut case = Vec::with_capacity(self.variables.len());
        for v in &self.variables {
            if v.width == 0 {
                let (start, _) = v.segments[0];
                let x = numbers[start].unwrap_or_else(|| f64_of(units[start], self.big_endian));
                case.push(Value::Number(x));
            } else {
                let mut bytes = Vec::with_capacity(v.width);
                let last = v.segments.len() - 1;
                for (i, (start, n)) in v.segments.iter().enumerate() {
                    let seg: Vec<u8> = units[*start..start + n].concat();
                    // A very long string is written through its segments 255 bytes at a
                    // time (the segment count and the last segment's width are reckoned
                    // in 252-byte steps, so the last one has room to spare).
                    let used = if v.segments.len() > 1 && i < last {
                        255
                    } else {
                        seg.len()
                    };
                    bytes.extend_from_slice(&seg[..used.min(seg.len())]);
                }
                bytes.truncate(v.width);
                let (text, _, _) = self.encoding.decode(&bytes);
                case.push(Value::Text(text.trim_end_matches([' ', '\0']).to_string()));
            }
        }
        Ok(Some(case))
    }

    /// The next 8-byte unit, with its number when the bytecode gave it; `None` at the end.
    fn next_unit(&mut self) -> io::Result<Option<([u8; 8], Option<f64>)>> {
        let Some(bc) = &mut self.bytecode else {
            let mut b = [0; 8];
            return match read_full(&mut self.data, &mut b)? {
                0 => Ok(None),
                8 => Ok(Some((b, None))),
                _ => Err(bad("the file ends in the middle of a value")),
            };
        };
        loop {
            if bc.eof {
                return Ok(None);
            }
            if bc.next == 8 {
                let mut cmds = [0; 8];
                match read_full(&mut self.data, &mut cmds)? {
                    0 => return Ok(None),
                    8 => {}
                    _ => return Err(bad("the file ends in the middle of a command block")),
                }
                bc.commands = cmds;
                bc.next = 0;
            }
            let c = bc.commands[bc.next];
            bc.next += 1;
            match c {
                0 => continue,
                252 => {
                    bc.eof = true;
                    return Ok(None);
                }
                253 => {
                    let mut b = [0; 8];
                    if read_full(&mut self.data, &mut b)? != 8 {
                        return Err(bad("the file ends in the middle of a value"));
                    }
                    return Ok(Some((b, None)));
                }
                254 => return Ok(Some(([b' '; 8], None))),
                255 => return Ok(Some(([0; 8], Some(SYSMIS)))),
                code => return Ok(Some(([0; 8], Some(f64::from(code) - self.bias)))),
            }
        }
    }
}

/// Read until `buf` is full or the input ends; the number of bytes read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// The decompressed bytecode of a `.zsav`: the zlib blocks listed in its trailer, in order.
fn zlib_blocks(
    inner: &mut BufReader<std::fs::File>,
    big_endian: bool,
) -> io::Result<io::Cursor<Vec<u8>>> {
    let mut raw = Raw {
        inner: &mut *inner,
        big_endian,
    };
    let int64 = |b: [u8; 8]| {
        if big_endian {
            i64::from_be_bytes(b)
        } else {
            i64::from_le_bytes(b)
        }
    };
    let _zheader_ofs = int64(raw.array::<8>()?);
    let ztrailer_ofs = int64(raw.array::<8>()?);
    let _ztrailer_len = int64(raw.array::<8>()?);
    let trailer = u64::try_from(ztrailer_ofs).map_err(|_| bad("bad zlib trailer offset"))?;
    inner.seek(SeekFrom::Start(trailer))?;
    let mut raw = Raw {
        inner: &mut *inner,
        big_endian,
    };
    let _bias = raw.array::<8>()?;
    let _zero = raw.array::<8>()?;
    let _block_size = raw.i32()?;
    let n = raw.count("zlib block count", 1 << 24)?;
    let mut blocks = Vec::with_capacity(n);
    for _ in 0..n {
        let _uncompressed_ofs = raw.array::<8>()?;
        let compressed_ofs = int64(raw.array::<8>()?);
        let _uncompressed_size = raw.i32()?;
        let compressed_size = raw.count("zlib block size", 1 << 26)?;
        blocks.push((compressed_ofs, compressed_size));
    }
    let mut out = Vec::new();
    for (ofs, size) in blocks {
        let ofs = u64::try_from(ofs).map_err(|_| bad("bad zlib block offset"))?;
        inner.seek(SeekFrom::Start(ofs))?;
        let mut compressed = vec![0; size];
        inner.read_exact(&mut compressed)?;
        flate2::read::ZlibDecoder::new(&compressed[..]).read_to_end(&mut out)?;
    }
    Ok(io::Cursor::new(out))
}

fn parse_long_string_labels(
    data: &[u8],
    big_endian: bool,
    encoding: &'static encoding_rs::Encoding,
    variables: &mut [Variable],
) {
    let mut raw = Raw {
        inner: data,
        big_endian,
    };
    let decode = |b: &[u8]| {
        encoding
            .decode(b)
            .0
            .trim_end_matches([' ', '\0'])
            .to_string()
    };
    let mut step = || -> io::Result<()> {
        let n = raw.count("name length", 1 << 16)?;
        let name = decode(&raw.bytes(n)?);
        let _width = raw.i32()?;
        let labels = raw.count("label count", 1 << 20)?;
        let var = variables.iter().position(|v| v.name == name);
        for _ in 0..labels {
            let n = raw.count("value length", 1 << 20)?;
            let value = decode(&raw.bytes(n)?);
            let n = raw.count("label length", 1 << 20)?;
            let label = decode(&raw.bytes(n)?);
            if let Some(v) = var {
                variables[v].string_labels.push((value, label));
            }
        }
        Ok(())
    };
    while step().is_ok() {}
}

/// The encoding of a Windows code page number as SPSS stores it.
fn encoding_of_codepage(cp: i32) -> Option<&'static encoding_rs::Encoding> {
    match cp {
        65001 => Some(encoding_rs::UTF_8),
        1252 => Some(encoding_rs::WINDOWS_1252),
        28591 | 28605 => Some(encoding_rs::WINDOWS_1252),
        cp => encoding_rs::Encoding::for_label(format!("windows-{cp}").as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sav")
            .join(name)
    }

    fn all_cases(r: &mut SavReader) -> Vec<Vec<Value>> {
        std::iter::from_fn(|| r.next_case().unwrap()).collect()
    }

    #[test]
    fn dictionary_of_a_pyreadstat_file() {
        let r = SavReader::open(&fixture("reader.sav")).unwrap();
        assert_eq!(r.compression, Compression::Bytecode);
        assert_eq!(r.encoding, encoding_rs::UTF_8);
        let names: Vec<&str> = r.variables.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "id",
                "score",
                "gekozen_afdeling_lange_naam",
                "toelichting",
                "datum"
            ]
        );
        let score = &r.variables[1];
        assert_eq!(score.label.as_deref(), Some("Rapportcijfer"));
        assert_eq!(score.missing.range, Some((98.0, 99.0)));
        assert!(score.is_missing_number(98.5) && score.is_missing_number(SYSMIS));
        assert!(!score.is_missing_number(7.0));
        let dept = &r.variables[2];
        assert_eq!(dept.missing.strings, ["XX"]);
        assert!(
            dept.string_labels
                .contains(&("KCC".into(), "Klantcontactcentrum".into()))
        );
        // 600 characters, 40 of them two bytes long.
        assert_eq!(r.variables[3].width, 640);
        assert!(r.variables[4].is_date());
    }

    #[test]
    fn cases_with_a_very_long_string_and_dates() {
        let mut r = SavReader::open(&fixture("reader.sav")).unwrap();
        let cases = all_cases(&mut r);
        assert_eq!(cases.len(), 3);
        assert_eq!(r.cases_read(), 3);
        let long = ("Lange toelichting met é en ü. ".repeat(20))
            .chars()
            .take(600)
            .collect::<String>();
        // SPSS pads strings with spaces, so trailing spaces do not survive.
        assert_eq!(cases[0][3], Value::Text(long.trim_end().to_string()));
        assert_eq!(cases[0][1], Value::Number(7.0));
        assert_eq!(cases[2][1], Value::Number(SYSMIS));
        let Value::Number(d) = cases[0][4] else {
            panic!("date")
        };
        assert_eq!(
            crate::model::Date::from_days(unix_days(d)).to_string(),
            "2026-03-02"
        );
        let Value::Number(d) = cases[1][4] else {
            panic!("date")
        };
        assert_eq!(
            crate::model::Date::from_days(unix_days(d)).to_string(),
            "1999-12-31"
        );
    }

    #[test]
    fn zsav_and_uncompressed_files_read_the_same_cases() {
        let read = |p: &str| {
            let mut r = SavReader::open(&fixture(p)).unwrap();
            (r.compression, all_cases(&mut r))
        };
        let (c1, plain) = read("same-survey/sav/employees.sav");
        let (c2, zlib) = read("same-survey/zsav/employees.zsav");
        assert_eq!((c1, c2), (Compression::None, Compression::Zlib));
        assert_eq!(plain, zlib);
        assert_eq!(plain.len(), 14);
        let (c3, bytecode) = read("same-survey/sav/customers.sav");
        let (_, zlib) = read("same-survey/zsav/customers.zsav");
        assert_eq!(c3, Compression::Bytecode);
        assert_eq!(bytecode, zlib);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// A damaged file (bytes of a real one changed) gives an error or cases, never a
        /// panic.
        #[test]
        fn damaged_files_never_panic(flips in proptest::collection::vec((0usize..4420, proptest::prelude::any::<u8>()), 1..8)) {
            let mut bytes = std::fs::read(fixture("reader.sav")).unwrap();
            for (at, b) in flips {
                let i = at % bytes.len();
                bytes[i] = b;
            }
            let tmp = tempfile::tempdir().unwrap();
            let p = tmp.path().join("x.sav");
            std::fs::write(&p, &bytes).unwrap();
            if let Ok(mut r) = SavReader::open(&p) {
                for _ in 0..10 {
                    match r.next_case() {
                        Ok(Some(_)) => {}
                        _ => break,
                    }
                }
            }
        }
    }

    #[test]
    fn not_an_spss_file_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("x.sav");
        std::fs::write(&p, "respondent_id,overall\n").unwrap();
        let e = SavReader::open(&p).err().unwrap().to_string();
        assert!(e.contains("not an SPSS system file"), "{e}");
        // A truncated file stops with an error, not a panic.
        let good = std::fs::read(fixture("reader.sav")).unwrap();
        for cut in [10, 200, 600, good.len() - 5] {
            std::fs::write(&p, &good[..cut]).unwrap();
            if let Ok(mut r) = SavReader::open(&p) {
                while let Ok(Some(_)) = r.next_case() {}
            }
        }
    }
}
