//! The variables of a file from its dictionary records: continuation units joined, value
//! labels attached, long names applied, very long strings (over 255 bytes) joined from their
//! segments, and the labels of long strings read.

use std::collections::HashMap;
use std::io;

use super::dictionary::{Dictionary, Raw, bad, f64_of};
use super::{Missing, Variable};

/// The variables of `dict`, in file order.
pub(super) fn variables(dict: &Dictionary) -> io::Result<Vec<Variable>> {
    let encoding = dict.encoding;
    let decode = |b: &[u8]| -> String {
        let (text, _, _) = encoding.decode(b);
        text.trim_end_matches([' ', '\0']).to_string()
    };

    // Variables: each record with width ≥ 0 starts one; continuations (-1) extend it.
    let mut variables: Vec<Variable> = Vec::new();
    let mut unit_to_var: HashMap<usize, usize> = HashMap::new();
    for (unit, rv) in dict.vars.iter().enumerate() {
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
                .map(|b| f64_of(*b, dict.big_endian))
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
    for (labels, idx) in &dict.label_sets {
        for &i in idx {
            let Some(&v) = unit_to_var.get(&i) else {
                return Err(bad(format!(
                    "value labels for a variable index {i} that does not exist"
                )));
            };
            let var = &mut variables[v];
            for (value, text) in labels {
                if var.width == 0 {
                    var.value_labels
                        .push((f64_of(*value, dict.big_endian), decode(text)));
                } else {
                    var.string_labels.push((decode(value), decode(text)));
                }
            }
        }
    }
    // Long names: "SHORT=Long Name\tSHORT2=…".
    let mut short_to_long: HashMap<String, String> = HashMap::new();
    if let Some(data) = &dict.long_names {
        for pair in decode(data).split('\t') {
            if let Some((short, long)) = pair.split_once('=') {
                short_to_long.insert(short.to_string(), long.to_string());
            }
        }
    }
    // Very long strings: "SHORT=00600\0\t…": join the following segment variables.
    if let Some(data) = &dict.very_long {
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
    if let Some(data) = &dict.long_string_labels {
        parse_long_string_labels(data, dict.big_endian, encoding, &mut variables);
    }
    Ok(variables)
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
