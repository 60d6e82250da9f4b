//! A reader for SPSS system files: `.sav` (uncompressed or bytecode-compressed) and `.zsav`
//! (zlib-compressed bytecode). Only what survey exports need: the header, variables with their
//! names (long names too), variable labels, value labels, declared missing values and print
//! formats, the character encoding, and the cases — numbers and strings, including very long
//! strings (over 255 bytes). Multiple-response sets, attributes and other extension records
//! are skipped.
//!
//! The layout follows the PSPP documentation of the system-file format. Both byte orders are
//! read (the layout code in the header tells which).
//!
//! `dictionary` reads the header and the dictionary records as stored, `variables` makes the
//! variables of them (labels, long names, very long strings joined); the cases are read here.

use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use dictionary::{Raw, bad, f64_of};

mod dictionary;
mod variables;

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

impl SavReader {
    /// Open `path` and read its dictionary.
    pub fn open(path: &Path) -> io::Result<SavReader> {
        let file = std::fs::File::open(path)?;
        SavReader::from_file(file)
    }

    fn from_file(file: std::fs::File) -> io::Result<SavReader> {
        let (dict, mut inner) = dictionary::read(BufReader::new(file))?;
        let variables = variables::variables(&dict)?;
        let data: Box<dyn Read + Send> = match dict.compression {
            Compression::Zlib => Box::new(zlib_blocks(&mut inner, dict.big_endian)?),
            _ => Box::new(inner),
        };
        Ok(SavReader {
            variables,
            encoding: dict.encoding,
            compression: dict.compression,
            units: dict.vars.len(),
            data,
            bytecode: (dict.compression != Compression::None).then_some(Bytecode {
                commands: [0; 8],
                next: 8,
                eof: false,
            }),
            big_endian: dict.big_endian,
            bias: dict.bias,
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
