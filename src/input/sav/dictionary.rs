//! The header and the dictionary records of an SPSS system file, as stored: variable records
//! (one per 8-byte unit), value-label records, and the extension records spiegel uses (long
//! names, very long strings, labels of long strings, the character encoding).

use std::io::{self, Read};

use super::Compression;

/// A little reader of the header and dictionary records.
pub(super) struct Raw<R> {
    pub(super) inner: R,
    pub(super) big_endian: bool,
}

impl<R: Read> Raw<R> {
    pub(super) fn bytes(&mut self, n: usize) -> io::Result<Vec<u8>> {
        let mut b = vec![0; n];
        self.inner.read_exact(&mut b)?;
        Ok(b)
    }
    pub(super) fn array<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut b = [0; N];
        self.inner.read_exact(&mut b)?;
        Ok(b)
    }
    pub(super) fn i32(&mut self) -> io::Result<i32> {
        let b = self.array::<4>()?;
        Ok(if self.big_endian {
            i32::from_be_bytes(b)
        } else {
            i32::from_le_bytes(b)
        })
    }
    pub(super) fn f64(&mut self) -> io::Result<f64> {
        let b = self.array::<8>()?;
        Ok(f64_of(b, self.big_endian))
    }
    pub(super) fn count(&mut self, what: &str, max: usize) -> io::Result<usize> {
        let n = self.i32()?;
        usize::try_from(n)
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| bad(format!("implausible {what}: {n}")))
    }
}

pub(super) fn f64_of(b: [u8; 8], big_endian: bool) -> f64 {
    if big_endian {
        f64::from_be_bytes(b)
    } else {
        f64::from_le_bytes(b)
    }
}

pub(super) fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// A value-label record: (raw 8-byte value, label bytes) pairs, and the 1-based unit
/// indexes of the variables they apply to.
pub(super) type LabelSet = (Vec<([u8; 8], Vec<u8>)>, Vec<usize>);

/// A variable record as stored: one per 8-byte unit (continuations included).
pub(super) struct RawVar {
    pub(super) width: i32,
    pub(super) name: Vec<u8>,
    pub(super) label: Option<Vec<u8>>,
    pub(super) missing: Vec<[u8; 8]>,
    pub(super) missing_kind: i32,
    pub(super) print: i32,
}

/// The header and dictionary of a file, as stored.
pub(super) struct Dictionary {
    /// Byte order of the file.
    pub(super) big_endian: bool,
    /// How the cases are stored.
    pub(super) compression: Compression,
    /// The compression bias: a bytecode `c` in 1..=251 is the number `c − bias`.
    pub(super) bias: f64,
    /// The variable records, one per 8-byte unit of a case.
    pub(super) vars: Vec<RawVar>,
    /// The value-label records.
    pub(super) label_sets: Vec<LabelSet>,
    /// Extension 13: `SHORT=Long Name` pairs.
    pub(super) long_names: Option<Vec<u8>>,
    /// Extension 14: the widths of very long strings.
    pub(super) very_long: Option<Vec<u8>>,
    /// Extension 21: value labels of long strings.
    pub(super) long_string_labels: Option<Vec<u8>>,
    /// Character encoding of names, labels and strings.
    pub(super) encoding: &'static encoding_rs::Encoding,
}

/// Read the header and the dictionary; the reader is left at the start of the cases.
pub(super) fn read<R: Read>(inner: R) -> io::Result<(Dictionary, R)> {
    let mut raw = Raw {
        inner,
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
    let dictionary = Dictionary {
        big_endian: raw.big_endian,
        compression,
        bias,
        vars,
        label_sets,
        long_names,
        very_long,
        long_string_labels,
        encoding,
    };
    Ok((dictionary, raw.inner))
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
