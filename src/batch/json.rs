//! Pretty JSON with the keys of every object sorted, written straight from `Serialize`: the
//! same bytes as `serde_json::to_vec_pretty(&serde_json::to_value(x)?)` (whose map sorts its
//! keys), without building the `Value` tree first. `metrics.json`, the stamps and the manifest
//! are written this way, so equal inputs give equal bytes whatever the field order in the code.
//!
//! Each object is written into a scratch buffer of its own, entry after entry, then copied
//! out in key order; arrays and scalars go straight to the output. Scalars and strings are
//! formatted by serde_json itself, so numbers and escapes are exactly its own.

use std::fmt::Display;

use serde::ser::{self, Serialize};

/// Serialize `value` as pretty JSON (two-space indent) with sorted keys.
pub fn to_vec_sorted_pretty<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(4096);
    value.serialize(Writer {
        out: &mut out,
        depth: 0,
    })?;
    Ok(out)
}

/// Why a value could not be written.
#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error(e.to_string())
    }
}

fn indent(out: &mut Vec<u8>, depth: usize) {
    out.resize(out.len() + 2 * depth, b' ');
}

/// A scalar exactly as serde_json writes it.
fn scalar<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> Result<(), Error> {
    serde_json::to_writer(out, v).map_err(Error::from)
}

/// Writes one value at nesting `depth` (its opening bracket is already indented).
struct Writer<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
}

/// An array being written.
pub struct Array<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
    first: bool,
    /// For a tuple variant: the object around the array is closed too.
    variant: bool,
}

impl Array<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.out
            .extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        indent(self.out, self.depth + 1);
        value.serialize(Writer {
            out: self.out,
            depth: self.depth + 1,
        })
    }

    fn close(self) -> Result<(), Error> {
        if !self.first {
            self.out.push(b'\n');
            indent(self.out, self.depth);
        }
        self.out.push(b']');
        if self.variant {
            close_variant(self.out, self.depth - 1);
        }
        Ok(())
    }
}

/// An object being written: entries in arrival order in `scratch`, put in key order at the
/// end. A key given twice keeps its last value, at its place in key order (as a map does).
pub struct Object<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
    scratch: Vec<u8>,
    /// Key and the range of its value in `scratch`.
    entries: Vec<(String, usize, usize)>,
    pending_key: Option<String>,
    variant: bool,
}

impl<'a> Object<'a> {
    fn new(out: &'a mut Vec<u8>, depth: usize, variant: bool) -> Self {
        Object {
            out,
            depth,
            scratch: Vec::new(),
            entries: Vec::new(),
            pending_key: None,
            variant,
        }
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), Error> {
        let start = self.scratch.len();
        value.serialize(Writer {
            out: &mut self.scratch,
            depth: self.depth + 1,
        })?;
        self.entries.push((key, start, self.scratch.len()));
        Ok(())
    }

    fn close(mut self) -> Result<(), Error> {
        // Stable: of equal keys the last written comes last, and is the one kept.
        self.entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut first = true;
        for (i, (key, start, end)) in self.entries.iter().enumerate() {
            if self.entries.get(i + 1).is_some_and(|next| next.0 == *key) {
                continue;
            }
            self.out
                .extend_from_slice(if first { b"{\n" } else { b",\n" });
            first = false;
            indent(self.out, self.depth + 1);
            scalar(self.out, key.as_str())?;
            self.out.extend_from_slice(b": ");
            self.out.extend_from_slice(&self.scratch[*start..*end]);
        }
        if first {
            self.out.extend_from_slice(b"{}");
        } else {
            self.out.push(b'\n');
            indent(self.out, self.depth);
            self.out.push(b'}');
        }
        if self.variant {
            close_variant(self.out, self.depth - 1);
        }
        Ok(())
    }
}

/// `{\n  "variant": ` — the object around a newtype, tuple or struct variant's content.
fn open_variant(out: &mut Vec<u8>, depth: usize, variant: &str) -> Result<(), Error> {
    out.extend_from_slice(b"{\n");
    indent(out, depth + 1);
    scalar(out, variant)?;
    out.extend_from_slice(b": ");
    Ok(())
}

fn close_variant(out: &mut Vec<u8>, depth: usize) {
    out.push(b'\n');
    indent(out, depth);
    out.push(b'}');
}

/// `serialize_<type>` methods that print the value as [`scalar`] does.
macro_rules! as_is {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            scalar(self.out, &v)
        }
    )*};
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Array<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    // Printed as they are; a float that is not finite as `null`, as `Value` has it.
    as_is! {
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_f64: f64,
        serialize_char: char
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        // `Value` holds at most 64 bits.
        let v = i64::try_from(v).map_err(|_| Error("number out of range".into()))?;
        scalar(self.out, &v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        let v = u64::try_from(v).map_err(|_| Error("number out of range".into()))?;
        scalar(self.out, &v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // `Value` widens an f32 to f64 (and prints the widened value).
        scalar(self.out, &f64::from(v))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        scalar(self.out, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        // `Value` makes bytes an array of numbers.
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        scalar(self.out, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        open_variant(self.out, self.depth, variant)?;
        value.serialize(Writer {
            out: self.out,
            depth: self.depth + 1,
        })?;
        close_variant(self.out, self.depth);
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Array<'a>, Error> {
        self.out.push(b'[');
        Ok(Array {
            out: self.out,
            depth: self.depth,
            first: true,
            variant: false,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Array<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Array<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Array<'a>, Error> {
        open_variant(self.out, self.depth, variant)?;
        self.out.push(b'[');
        Ok(Array {
            out: self.out,
            depth: self.depth + 1,
            first: true,
            variant: true,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, self.depth, false))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, self.depth, false))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Object<'a>, Error> {
        open_variant(self.out, self.depth, variant)?;
        Ok(Object::new(self.out, self.depth + 1, true))
    }
}

/// The sequence-like serializers differ only in their method's name: each adds an element.
macro_rules! array_like {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Array<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    )*};
}
array_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.pending_key = Some(map_key(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .pending_key
            .take()
            .ok_or_else(|| Error("a map value without its key".into()))?;
        self.entry(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// A struct and a struct variant both add named fields.
macro_rules! struct_like {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Object<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.entry(key.to_string(), value)
            }
            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    )*};
}
struct_like!(SerializeStruct, SerializeStructVariant);

/// A map key as the string `Value` makes of it (strings, numbers, booleans, chars and unit
/// variants), through serde_json's own conversion.
fn map_key<T: Serialize + ?Sized>(key: &T) -> Result<String, Error> {
    let mut one = serde_json::Map::new();
    // serde_json turns the key into its string form (or refuses it) exactly as `to_value`
    // does for a map; a key is small, so the detour costs little.
    match serde_json::to_value(SingleEntry(key))? {
        serde_json::Value::Object(m) => one.extend(m),
        _ => return Err(Error("a map key that is not a key".into())),
    }
    one.into_iter()
        .next()
        .map(|(k, _)| k)
        .ok_or_else(|| Error("a map key that is not a key".into()))
}

/// A one-entry map `{key: null}`, to let serde_json convert the key.
struct SingleEntry<'k, T: ?Sized>(&'k T);

impl<T: Serialize + ?Sized> Serialize for SingleEntry<'_, T> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, &())?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use serde::Serialize;

    use super::to_vec_sorted_pretty;

    /// What `json_bytes` wrote before: the detour through `Value`.
    fn through_value<T: Serialize>(v: &T) -> Vec<u8> {
        serde_json::to_vec_pretty(&serde_json::to_value(v).unwrap()).unwrap()
    }

    #[track_caller]
    fn same<T: Serialize>(v: &T) {
        let direct = to_vec_sorted_pretty(v).unwrap();
        assert_eq!(
            String::from_utf8(direct).unwrap(),
            String::from_utf8(through_value(v)).unwrap()
        );
    }

    #[derive(Serialize)]
    enum Kind {
        Unit,
        Newtype(f64),
        Tuple(u8, String),
        Struct { zeta: i32, alpha: Vec<u8> },
    }

    #[derive(Serialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum Tagged {
        First { b: u8, a: u8 },
        Second,
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Newtype(u32);

    #[derive(Serialize)]
    struct Inner {
        z: Option<f64>,
        y: f32,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        x: Vec<Inner>,
    }

    #[derive(Serialize)]
    struct Flattened {
        b: u8,
        #[serde(flatten)]
        rest: BTreeMap<String, u8>,
    }

    #[derive(Serialize)]
    struct Everything {
        zebra: String,
        apple: u64,
        negative: i64,
        floats: Vec<f64>,
        not_finite: [f64; 3],
        empty_list: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        by_number: HashMap<u32, &'static str>,
        by_bool: BTreeMap<bool, u8>,
        by_char: BTreeMap<char, u8>,
        kinds: Vec<Kind>,
        tagged: Vec<Tagged>,
        unit: (),
        unit_struct: Unit,
        newtype: Newtype,
        tuple: (u8, &'static str, Option<bool>),
        inner: Inner,
        flattened: Flattened,
        bytes: serde_bytes_like::Bytes,
        text: &'static str,
        ch: char,
    }

    /// `serialize_bytes` without a dependency.
    mod serde_bytes_like {
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    #[test]
    fn writes_what_the_detour_through_value_wrote() {
        let v = Everything {
            zebra: "z".into(),
            apple: u64::MAX,
            negative: i64::MIN,
            floats: vec![0.1, 1.0, -0.0, 1e300, 5e-324, 123456.789, 1.0 / 3.0],
            not_finite: [f64::NAN, f64::INFINITY, f64::NEG_INFINITY],
            empty_list: vec![],
            empty_map: BTreeMap::new(),
            by_number: [(10, "ten"), (9, "nine"), (100, "hundred")].into(),
            by_bool: [(true, 1), (false, 0)].into(),
            by_char: [('b', 1), ('a', 0)].into(),
            kinds: vec![
                Kind::Unit,
                Kind::Newtype(2.5),
                Kind::Tuple(1, "één".into()),
                Kind::Struct {
                    zeta: -1,
                    alpha: vec![],
                },
            ],
            tagged: vec![Tagged::First { b: 2, a: 1 }, Tagged::Second],
            unit: (),
            unit_struct: Unit,
            newtype: Newtype(7),
            tuple: (1, "x", None),
            inner: Inner {
                z: None,
                y: 0.1,
                skipped: None,
                x: vec![Inner {
                    z: Some(2.0),
                    y: -3.5,
                    skipped: Some(1),
                    x: vec![],
                }],
            },
            flattened: Flattened {
                b: 1,
                rest: [("c".to_string(), 3), ("a".to_string(), 1)].into(),
            },
            bytes: serde_bytes_like::Bytes(vec![0, 255]),
            text: "quote \" backslash \\ newline \n tab \t control \u{1} unicode ë € 𝄞",
            ch: '"',
        };
        same(&v);
        same(&Vec::<u8>::new());
        same(&BTreeMap::<String, u8>::new());
        same(&Kind::Newtype(1.0));
        same(&Kind::Struct {
            zeta: 1,
            alpha: vec![1, 2],
        });
        same(&Kind::Tuple(0, String::new()));
        same(&vec![vec![vec![1u8]], vec![]]);
        same(&3.25f64);
        same(&"plain");
    }
}
