//! The PNG fallback of a chart: the report's SVG rasterized by resvg, with the report font
//! loaded from the embedded files (never the system's), so the same SVG gives the same PNG on
//! every machine. Readers that cannot draw a deck's SVG pictures show this PNG: PowerPoint
//! before 2016, Google Slides, and LibreOffice Impress (7.4 checked: a deck whose PNGs were
//! replaced by red rectangles converted to a PDF with red rectangles).

use std::sync::{Arc, OnceLock};

use anyhow::Context;

/// Pixels per SVG unit of the PNG fallback (the deck's SVG picture itself has no pixels).
///
/// 1.5, because that is what a projector shows: the charts are 900 units wide and 480–570
/// high, and a deck slide fits them into a frame 14.8 cm high on a 19.05 cm slide, so at
/// 1920 × 1080 a chart is drawn about 840 pixels high. At 1.5 the PNG is 720–855 pixels high,
/// about one pixel per screen pixel; at 2.0 a good part of its pixels were thrown away when
/// the slide was shown, at 1.0 it is stretched by half again and its text goes soft (looked at
/// side by side, scaled to 1920 pixels wide). 1.5 costs about 9.8 ms of CPU per chart
/// against 12.5 ms at 2.0 and 6.9 ms at 1.0 (three charts per organization report; most of
/// the rest is reading the SVG and laying out its text, the same at every scale), and the
/// PNG is 175 KB against 240 KB.
/// `cargo run --release --example raster_scales -- <out-folder>` measures it again.
pub const SCALE: f32 = 1.5;

fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        for (_, bytes) in crate::report::assets::FONTS {
            db.load_font_data(bytes.to_vec());
        }
        db.set_sans_serif_family(crate::report::assets::FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// The PNG of `svg` at [`SCALE`] times its size, on white.
pub fn png(svg: &str) -> anyhow::Result<Vec<u8>> {
    png_at(svg, SCALE)
}

/// The PNG of `svg` at `scale` times its size, on white (the deck uses [`png`]; other
/// scales are for measuring, `examples/raster_scales.rs`).
pub fn png_at(svg: &str, scale: f32) -> anyhow::Result<Vec<u8>> {
    let options = resvg::usvg::Options {
        fontdb: fonts(),
        font_family: crate::report::assets::FONT_FAMILY.to_string(),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &options).context("reading a chart SVG")?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .context("chart too large")?;
    // The pixels live in a buffer kept per thread: a chart of 1800 × 1100 pixels is 8 MB,
    // and a fresh allocation of that size costs the kernel a page fault per 4 KB. Opaque
    // white is 255 in every byte (premultiplied RGBA), so filling is one pass.
    PIXELS.with_borrow_mut(|pixels| -> anyhow::Result<Vec<u8>> {
        let len = (size.width() as usize)
            .checked_mul(size.height() as usize)
            .and_then(|n| n.checked_mul(4))
            .context("chart too large to rasterize")?;
        pixels.clear();
        pixels.resize(len, 255);
        let mut pixmap =
            resvg::tiny_skia::PixmapMut::from_bytes(pixels, size.width(), size.height())
                .context("chart too large to rasterize")?;
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap,
        );
        encode(pixels, size.width(), size.height())
    })
}

thread_local! {
    /// [`png`]'s pixel buffer.
    static PIXELS: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `rgba` (opaque) as a PNG.
fn encode(rgba: &[u8], width: u32, height: u32) -> anyhow::Result<Vec<u8>> {
    // Opaque (on white): premultiplied RGBA is straight RGBA, written as it is with png's
    // fast deflate, a fraction of the time of the default level.
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().context("encoding a chart PNG")?;
    writer
        .write_image_data(rgba)
        .context("encoding a chart PNG")?;
    writer.finish().context("encoding a chart PNG")?;
    Ok(bytes)
}

/// Width and height of a PNG, from its header.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&png[16..20]), be(&png[20..24])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_becomes_a_png_of_scale_times_its_size_with_the_text_drawn() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">
            <text x="4" y="28" font-family="Inter" font-size="24" fill="#000">Wachttijd</text></svg>"##;
        let png = png(svg).unwrap();
        assert_eq!(png_size(&png), Some((180, 60)));
        assert_eq!(png_size(&png_at(svg, 2.0).unwrap()), Some((240, 80)));
        let blank = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/>"##;
        // Text was rendered (with the embedded font): the image is not blank white.
        assert!(png.len() > super::png(blank).unwrap().len() + 200);
        assert!(super::png("<not svg").is_err());
    }
}
