//! A small structural check of a PDF before it is published: enough to tell a real PDF from
//! random bytes, an empty file, a truncated file or a file with a broken cross-reference
//! table, without a PDF library. It checks
//!
//! - the `%PDF-x.y` header and the `%%EOF` trailer;
//! - `startxref` points at a cross-reference table (`xref`) or stream (`n 0 obj … /XRef`);
//! - for a table: every object it lists as in use starts, at its offset, with `n g obj`;
//! - the page count (the `/Count` of the page tree, else the `/Type /Page` objects) lies in
//!   the expected range.
//!
//! It does not render anything: a PDF that passes can still look wrong, but it opens.

use std::ops::RangeInclusive;
use std::path::Path;

/// The largest file checked (and so published), in bytes.
pub const MAX_PDF_BYTES: u64 = 1 << 30;

/// Check the PDF at `path`; `Err` says what is wrong, in a few words.
pub fn check_file(path: &Path, pages: RangeInclusive<u32>) -> Result<u32, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read it: {e}"))?
        .len();
    if size > MAX_PDF_BYTES {
        return Err(format!("it is {size} bytes, more than a report can be"));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    check(&bytes, pages)
}

/// [`check_file`] on bytes; `Ok` gives the page count.
pub fn check(bytes: &[u8], pages: RangeInclusive<u32>) -> Result<u32, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    let header = bytes.get(..8).unwrap_or(bytes);
    let valid_header = header.len() == 8
        && header.starts_with(b"%PDF-")
        && header[5].is_ascii_digit()
        && header[6] == b'.'
        && header[7].is_ascii_digit();
    if !valid_header {
        return Err("it does not start with a %PDF- header".into());
    }
    let tail_start = bytes.len().saturating_sub(2048);
    let tail = &bytes[tail_start..];
    let trimmed = trim_end(tail);
    if !trimmed.ends_with(b"%%EOF") {
        return Err("it does not end with %%EOF (truncated?)".into());
    }
    let sx = rfind(tail, b"startxref").ok_or("it has no startxref")?;
    let offset =
        parse_uint(skip_ws(&tail[sx + 9..])).ok_or("the number after startxref is missing")?;
    let offset = usize::try_from(offset).map_err(|_| "startxref is out of range")?;
    if offset >= tail_start + sx {
        return Err(format!("startxref {offset} points past the table"));
    }
    let at = &bytes[offset..];
    if at.starts_with(b"xref") {
        check_xref_table(bytes, offset)?;
    } else {
        let obj_end = find(at, b"obj")
            .filter(|&i| i < 24 && is_object_header(&at[..i + 3]))
            .ok_or_else(|| format!("startxref {offset} points at neither xref nor an object"))?;
        let dict = &at[obj_end..at.len().min(obj_end + 4096)];
        if find(dict, b"/XRef").is_none() {
            return Err(format!(
                "the object at startxref {offset} is not a /XRef stream"
            ));
        }
    }
    let count = page_count(bytes).ok_or("no page tree was found")?;
    if !pages.contains(&count) {
        return Err(format!(
            "it has {count} page(s), expected {} to {}",
            pages.start(),
            pages.end()
        ));
    }
    Ok(count)
}

/// Walk the classic cross-reference table at `offset`: subsection headers `first count`,
/// then `count` entries `oooooooooo ggggg n|f`; every in-use entry must point at its object.
fn check_xref_table(bytes: &[u8], offset: usize) -> Result<(), String> {
    let mut pos = offset + 4;
    let mut entries = 0usize;
    loop {
        pos += ws_len(&bytes[pos..]);
        let rest = &bytes[pos..];
        if rest.starts_with(b"trailer") {
            break;
        }
        let (first, n1) = uint_len(rest).ok_or("the xref table is unreadable")?;
        let after = &rest[n1..];
        let sp = ws_len(after);
        let (count, n2) = uint_len(&after[sp..]).ok_or("the xref table is unreadable")?;
        pos += n1 + sp + n2;
        for k in 0..count {
            pos += ws_len(&bytes[pos..]);
            let entry = bytes
                .get(pos..pos + 18)
                .ok_or("the xref table is cut off")?;
            let target = parse_uint(&entry[..10]).ok_or("an xref entry is unreadable")?;
            let kind = entry[17];
            match kind {
                b'n' => {
                    let target = usize::try_from(target).unwrap_or(usize::MAX);
                    let object = bytes
                        .get(target..)
                        .filter(|o| {
                            let end = o.len().min(32);
                            find(&o[..end], b"obj").is_some_and(|i| is_object_header(&o[..i + 3]))
                        })
                        .ok_or_else(|| {
                            format!("xref entry of object {} points at no object", first + k)
                        })?;
                    let _ = object;
                    entries += 1;
                }
                b'f' => {}
                _ => return Err("an xref entry is unreadable".into()),
            }
            pos += 18;
        }
        if pos >= bytes.len() {
            return Err("the xref table has no trailer".into());
        }
    }
    if entries == 0 {
        return Err("the xref table lists no objects".into());
    }
    Ok(())
}

/// `12 0 obj`.
fn is_object_header(s: &[u8]) -> bool {
    let s = skip_ws(s);
    let Some((_, n)) = uint_len(s) else {
        return false;
    };
    let s = &s[n..];
    let sp = ws_len(s);
    if sp == 0 {
        return false;
    }
    let s = &s[sp..];
    let Some((_, n)) = uint_len(s) else {
        return false;
    };
    let s = &s[n..];
    let sp = ws_len(s);
    sp > 0 && &s[sp..] == b"obj"
}

/// The largest `/Count` of a `/Type /Pages` dictionary (the root of the page tree), else
/// the number of `/Type /Page` dictionaries found uncompressed.
fn page_count(bytes: &[u8]) -> Option<u32> {
    let mut best: Option<u32> = None;
    let mut singles = 0u32;
    let mut from = 0;
    while let Some(i) = find(&bytes[from..], b"/Type") {
        let at = from + i;
        from = at + 5;
        let rest = skip_ws(&bytes[from..]);
        if rest.starts_with(b"/Pages") {
            // The dictionary around it: from the last `<<` before to the next `>>` after.
            let start = rfind(&bytes[at.saturating_sub(4096)..at], b"<<")
                .map_or(at, |j| at.saturating_sub(4096) + j);
            let end = find(&bytes[at..bytes.len().min(at + 4096)], b">>").map_or(at, |j| at + j);
            if let Some(c) = find(&bytes[start..end], b"/Count") {
                let n = parse_uint(skip_ws(&bytes[start + c + 6..end]))?;
                let n = u32::try_from(n).ok()?;
                best = Some(best.map_or(n, |b| b.max(n)));
            }
        } else if rest.starts_with(b"/Page")
            && !rest.get(5).is_some_and(|b| b.is_ascii_alphanumeric())
        {
            singles += 1;
        }
    }
    best.or((singles > 0).then_some(singles))
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn ws_len(s: &[u8]) -> usize {
    s.iter().take_while(|b| is_ws(**b)).count()
}

fn skip_ws(s: &[u8]) -> &[u8] {
    &s[ws_len(s)..]
}

fn trim_end(s: &[u8]) -> &[u8] {
    let n = s.iter().rev().take_while(|b| is_ws(**b)).count();
    &s[..s.len() - n]
}

fn uint_len(s: &[u8]) -> Option<(u64, usize)> {
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 || n > 19 {
        return None;
    }
    let v = std::str::from_utf8(&s[..n]).ok()?.parse().ok()?;
    Some((v, n))
}

fn parse_uint(s: &[u8]) -> Option<u64> {
    uint_len(s).map(|(v, _)| v)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// A minimal valid PDF of `pages` empty pages with a correct cross-reference table: for
/// tests of the check and of the batch job with a stand-in typst.
pub fn minimal(pages: u32) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 3)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
    ];
    for _ in 0..pages {
        objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".into());
    }
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_pdf_passes_with_its_page_count() {
        assert_eq!(check(&minimal(3), 1..=10), Ok(3));
        assert_eq!(check(&minimal(1), 1..=1), Ok(1));
    }

    #[test]
    fn broken_pdfs_fail() {
        let good = minimal(2);
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("empty", Vec::new()),
            (
                "random",
                (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            ),
            ("truncated", good[..good.len() / 2].to_vec()),
            ("no header", good[1..].to_vec()),
            ("header only", b"%PDF-1.7\n%%EOF\n".to_vec()),
            ("shifted objects", {
                let mut g = good.clone();
                g.splice(9..9, b"junk junk junk\n".iter().copied());
                g
            }),
        ];
        for (what, bytes) in cases {
            assert!(check(&bytes, 1..=10).is_err(), "{what} passed");
        }
        assert!(check(&good, 3..=10).unwrap_err().contains("2 page(s)"));
    }
}
