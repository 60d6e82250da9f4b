//! A brand's logo and colour, checked the same way for the client's (`org.yaml` `brand:`) and
//! the agency's (`spiegel.yaml` `agency:`): the logo must be an SVG or PNG file inside its
//! folder and is read as SVG text; a colour is used only when white text on it stays readable.

use std::path::{Component, Path};

use anyhow::{Context, bail};

/// Largest logo file read.
pub const MAX_LOGO_BYTES: u64 = 2 * 1024 * 1024;

/// Lowest contrast of white text on a brand colour (WCAG AA for normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// `#rrggbb` (or `rrggbb`) as its three channels.
pub fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let s = s.trim().trim_start_matches('#');
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).ok();
    Some((channel(0)?, channel(2)?, channel(4)?))
}

/// WCAG contrast ratio of white on `c`.
pub fn contrast_with_white(c: (u8, u8, u8)) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2);
    1.05 / (l + 0.05)
}

/// Reads a logo as SVG text (a PNG is wrapped in an SVG). The path must be relative, must
/// not climb out with `..`, and must still lie inside `org_dir` (the organization's or the
/// configuration's folder, named `folder` in messages) once links are resolved.
pub fn read_logo(org_dir: &Path, path: &Path, folder: &str) -> anyhow::Result<String> {
    if path.is_absolute()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        bail!("the logo must be a path inside {folder}");
    }
    let full = org_dir.join(path);
    let real = full
        .canonicalize()
        .with_context(|| format!("reading {}", full.display()))?;
    let root = org_dir
        .canonicalize()
        .with_context(|| format!("reading {}", org_dir.display()))?;
    if !real.starts_with(&root) {
        bail!("the logo lies outside {folder} (through a link)");
    }
    let size = std::fs::metadata(&real)?.len();
    if size > MAX_LOGO_BYTES {
        bail!("the logo is {size} bytes; at most {MAX_LOGO_BYTES} are read");
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = std::fs::read(&real).with_context(|| format!("reading {}", real.display()))?;
    match ext.as_deref() {
        Some("svg") => {
            let text = String::from_utf8(bytes).context("the SVG logo is not UTF-8 text")?;
            if !text.contains("<svg") {
                bail!("the logo is not an SVG image");
            }
            Ok(text)
        }
        Some("png") => png_as_svg(&bytes),
        _ => bail!("the logo must be an .svg or .png file"),
    }
}

/// A PNG wrapped in an SVG of the same size, as a data URL.
fn png_as_svg(bytes: &[u8]) -> anyhow::Result<String> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    if bytes.len() < 24 || bytes[..8] != SIGNATURE || &bytes[12..16] != b"IHDR" {
        bail!("the logo is not a PNG image");
    }
    let dim = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let (w, h) = (dim(16), dim(20));
    if w == 0 || h == 0 {
        bail!("the PNG logo has no size");
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\
         <image width=\"{w}\" height=\"{h}\" href=\"data:image/png;base64,{}\"/></svg>",
        base64(bytes)
    ))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn logos_inside_the_folder_are_read_and_others_refused() {
        let dir = tempfile::tempdir().unwrap();
        let org = dir.path().join("org");
        std::fs::create_dir_all(org.join("brand")).unwrap();
        std::fs::write(
            org.join("brand/logo.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .unwrap();
        std::fs::write(dir.path().join("secret.svg"), "<svg/>").unwrap();
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        png.extend(b"IHDR");
        png.extend(40u32.to_be_bytes());
        png.extend(20u32.to_be_bytes());
        png.extend([8, 6, 0, 0, 0]);
        std::fs::write(org.join("logo.PNG"), &png).unwrap();
        std::fs::write(org.join("logo.gif"), b"GIF89a").unwrap();

        assert!(
            read_logo(&org, Path::new("brand/logo.svg"), "the folder")
                .unwrap()
                .contains("<svg")
        );
        let wrapped = read_logo(&org, Path::new("logo.PNG"), "the folder").unwrap();
        assert!(wrapped.contains("width=\"40\" height=\"20\""), "{wrapped}");
        assert!(wrapped.contains("data:image/png;base64,iVBORw0KGgo"));
        for bad in [
            "../secret.svg",
            "brand/../../secret.svg",
            "logo.gif",
            "missing.svg",
        ] {
            assert!(
                read_logo(&org, Path::new(bad), "the folder").is_err(),
                "{bad}"
            );
        }
        assert!(read_logo(&org, &dir.path().join("secret.svg"), "the folder").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.svg"), org.join("link.svg"))
                .unwrap();
            let err = read_logo(&org, Path::new("link.svg"), "the folder").unwrap_err();
            assert!(format!("{err:#}").contains("outside"), "{err:#}");
        }
    }
}
