//! The client's brand from `org.yaml` (`brand: { logo, color }`): the logo on the cover and the
//! colour of headings and key figures. The logo must be an SVG or PNG file inside the
//! organization folder; the colour is used only when white text on it stays readable.

use std::path::{Component, Path};

use anyhow::{Context, bail};
use serde::Serialize;

use super::ReportContext;
use crate::report::charts::palette::{self, hex};

/// File name of the logo in the report folder.
pub const LOGO_FILE: &str = "logo.svg";

/// Largest logo file read.
const MAX_LOGO_BYTES: u64 = 2 * 1024 * 1024;

/// Lowest contrast of white text on the brand colour (WCAG AA for normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// The brand as the template uses it.
#[derive(Debug, Serialize)]
pub struct BrandView {
    /// Accent colour `#rrggbb`: the brand colour, or the agency's when absent or too light.
    pub accent: String,
    /// The logo's file, when the organization has one.
    pub logo: Option<&'static str>,
}

/// The brand of a report and its logo as SVG text. Errors name `org.yaml` and the problem: a
/// logo outside the organization folder, of another type, unreadable or too large.
pub fn brand(ctx: &ReportContext<'_>) -> anyhow::Result<(BrandView, Option<String>)> {
    let b = &ctx.org.meta.brand;
    let accent = accent(b);
    let logo = match &b.logo {
        Some(path) => Some(read_logo(&ctx.org.dir, path).with_context(|| {
            format!(
                "{}: brand.logo {:?}",
                ctx.org.dir.join("org.yaml").display(),
                path
            )
        })?),
        None => None,
    };
    let view = BrandView {
        accent,
        logo: logo.is_some().then_some(LOGO_FILE),
    };
    Ok((view, logo))
}

/// The accent colour `#rrggbb` of an organization's reports and deck: its brand colour, or
/// the agency's when absent, malformed or too light for white text.
pub fn accent(brand: &crate::model::Brand) -> String {
    brand
        .color
        .as_deref()
        .and_then(parse_hex)
        .filter(|&c| contrast_with_white(c) >= MIN_CONTRAST)
        .map_or_else(|| hex(palette::ACCENT), |c| hex(rgb(c)))
}

fn rgb(c: (u8, u8, u8)) -> plotters::style::RGBColor {
    plotters::style::RGBColor(c.0, c.1, c.2)
}

/// `#rrggbb` (or `rrggbb`) as its three channels.
fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let s = s.trim().trim_start_matches('#');
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).ok();
    Some((channel(0)?, channel(2)?, channel(4)?))
}

/// WCAG contrast ratio of white on `c`.
fn contrast_with_white(c: (u8, u8, u8)) -> f64 {
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

/// Reads the logo as SVG text (a PNG is wrapped in an SVG). The path must be relative, must
/// not climb out with `..`, and must still lie inside `org_dir` once links are resolved.
fn read_logo(org_dir: &Path, path: &Path) -> anyhow::Result<String> {
    if path.is_absolute()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        bail!("the logo must be a path inside the organization folder");
    }
    let full = org_dir.join(path);
    let real = full
        .canonicalize()
        .with_context(|| format!("reading {}", full.display()))?;
    let root = org_dir
        .canonicalize()
        .with_context(|| format!("reading {}", org_dir.display()))?;
    if !real.starts_with(&root) {
        bail!("the logo lies outside the organization folder (through a link)");
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
    use crate::config::Language;
    use crate::report::render::i18n::Texts;
    use crate::report::sections::sample;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn a_dark_brand_colour_is_used_and_a_light_one_replaced() {
        let mut s = sample::last_wave();
        let t = Texts::load(Language::Nl).unwrap();
        s.org.meta.brand.color = Some("#0A5C36".into());
        assert_eq!(brand(&s.context(&t)).unwrap().0.accent, "#0a5c36");
        // Yellow: white text on it is unreadable (contrast about 1.1).
        s.org.meta.brand.color = Some("#ffdd00".into());
        assert_eq!(
            brand(&s.context(&t)).unwrap().0.accent,
            hex(palette::ACCENT)
        );
        s.org.meta.brand.color = Some("green".into());
        assert_eq!(
            brand(&s.context(&t)).unwrap().0.accent,
            hex(palette::ACCENT)
        );
        assert!(contrast_with_white((0xff, 0xff, 0xff)) < 1.01);
        assert!(contrast_with_white((0, 0, 0)) > 20.9);
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
            read_logo(&org, Path::new("brand/logo.svg"))
                .unwrap()
                .contains("<svg")
        );
        let wrapped = read_logo(&org, Path::new("logo.PNG")).unwrap();
        assert!(wrapped.contains("width=\"40\" height=\"20\""), "{wrapped}");
        assert!(wrapped.contains("data:image/png;base64,iVBORw0KGgo"));
        for bad in [
            "../secret.svg",
            "brand/../../secret.svg",
            "logo.gif",
            "missing.svg",
        ] {
            assert!(read_logo(&org, Path::new(bad)).is_err(), "{bad}");
        }
        assert!(read_logo(&org, &dir.path().join("secret.svg")).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.svg"), org.join("link.svg"))
                .unwrap();
            let err = read_logo(&org, Path::new("link.svg")).unwrap_err();
            assert!(format!("{err:#}").contains("outside"), "{err:#}");
        }
    }
}
