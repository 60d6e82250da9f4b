//! Charts for the reports, drawn with plotters as SVG strings.
//!
//! One function per chart (`mirror_svg`, `matrix_svg`); each takes plain data and returns the
//! SVG text, so the caller decides where it is written. Layout is computed in pixels by this
//! module rather than left to plotters' chart builder: label widths are measured with the
//! report font (Inter, registered with plotters' `ab_glyph` support) and the margins, legends
//! and label positions follow from those measurements.
//!
//! Every text element carries `font-family="Inter"`; Typst renders it with the same font the
//! widths were measured with. Text from data goes through [`clean_text`] (control characters,
//! which XML cannot hold even escaped) and then through plotters' SVG backend, which escapes
//! `<`, `>`, `&`, `"` and `'`.

pub mod bars;
pub mod dots;
pub mod heatmap;
pub mod lines;
pub mod matrix;
pub mod mirror;
pub mod multiples;

pub use bars::{BarChart, BarGroup, bars_svg};
pub use dots::{DotChart, DotRow, dots_svg};
pub use heatmap::{HeatColumn, HeatmapChart, heatmap_svg};
pub use lines::{LineChart, LineSeries, lines_svg};
pub use matrix::{Corner, MatrixChart, MatrixPoint, matrix_svg};
pub use mirror::{MirrorChart, MirrorRow, mirror_svg};
pub use multiples::{MultiplesChart, Panel, multiples_svg};

use std::sync::OnceLock;

use anyhow::{Context, anyhow, bail};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, FontTransform, register_font};

/// Font family name the charts register and write into the SVG.
pub const FONT_FAMILY: &str = "Inter";

/// Width of every chart in pixels; the report shows it about 16 cm wide.
pub const WIDTH: u32 = 900;

pub mod palette;

/// Text sizes in SVG pixels (at 900 px ≈ 16 cm, 16 px prints at about 8 pt).
pub mod size {
    pub const TITLE_PX: f64 = 20.0;
    pub const LABEL_PX: f64 = 17.0;
    pub const TEXT_PX: f64 = 16.0;
    pub const TICK_PX: f64 = 15.0;
    /// Outer margin around every chart.
    pub const MARGIN: f64 = 14.0;
}

/// Registers the bundled Inter fonts with plotters. Idempotent and cheap after the first call;
/// the chart functions call it themselves. Embedded font bytes that fail to parse make the
/// chart functions return an error (and a unit test fail), never a panic.
pub fn register_fonts() {
    let _ = fonts_ready();
}

fn fonts_ready() -> anyhow::Result<()> {
    static RESULT: OnceLock<Result<(), String>> = OnceLock::new();
    RESULT
        .get_or_init(|| {
            let faces: [(FontStyle, &'static [u8], &str); 4] = [
                (
                    FontStyle::Normal,
                    include_bytes!(concat!(
                        env!("CARGO_MANIFEST_DIR"),
                        "/assets/fonts/Inter-Regular.otf"
                    )),
                    "Inter-Regular.otf",
                ),
                (
                    FontStyle::Bold,
                    include_bytes!(concat!(
                        env!("CARGO_MANIFEST_DIR"),
                        "/assets/fonts/Inter-Bold.otf"
                    )),
                    "Inter-Bold.otf",
                ),
                (
                    FontStyle::Italic,
                    include_bytes!(concat!(
                        env!("CARGO_MANIFEST_DIR"),
                        "/assets/fonts/Inter-Italic.otf"
                    )),
                    "Inter-Italic.otf",
                ),
                (
                    FontStyle::Oblique,
                    include_bytes!(concat!(
                        env!("CARGO_MANIFEST_DIR"),
                        "/assets/fonts/Inter-Italic.otf"
                    )),
                    "Inter-Italic.otf",
                ),
            ];
            for (style, bytes, file) in faces {
                register_font(FONT_FAMILY, style, bytes)
                    .map_err(|_| format!("bundled font {file} could not be parsed"))?;
            }
            Ok(())
        })
        .clone()
        .map_err(|e| anyhow!(e))
}

/// Makes text from data safe for XML: control characters (not allowed in XML 1.0 even as
/// entities) and line breaks become spaces, runs of whitespace collapse. Markup characters are
/// left alone here; the SVG backend escapes them.
pub(crate) fn clean_text(text: &str) -> String {
    let replaced: String = text
        .chars()
        .map(|c| {
            if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A font at a size given in SVG pixels. plotters writes `font-size = size / 1.24` into the
/// SVG, so the plotters size is the SVG size times 1.24.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Font {
    pub px: f64,
    pub bold: bool,
}

impl Font {
    pub const fn regular(px: f64) -> Self {
        Font { px, bold: false }
    }

    pub const fn bold(px: f64) -> Self {
        Font { px, bold: true }
    }

    fn desc(&self) -> FontDesc<'static> {
        let style = if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(FontFamily::Name(FONT_FAMILY), self.px * 1.24, style)
    }

    /// Measured advance width of `text` in SVG pixels.
    pub fn width(&self, text: &str) -> anyhow::Result<f64> {
        if text.is_empty() {
            return Ok(0.0);
        }
        // Layout measures before anything is drawn, so the fonts must be there already.
        fonts_ready()?;
        let (w, _) = self
            .desc()
            .box_size(text)
            .map_err(|e| anyhow!("measuring text with font {FONT_FAMILY}: {e:?}"))?;
        Ok(f64::from(w))
    }

    /// Distance between baselines of wrapped lines.
    pub fn line_height(&self) -> f64 {
        self.px * 1.2
    }

    /// Height of a block of `lines` lines, from the top of the capitals to the bottom of the
    /// descenders of the last line.
    pub fn block_height(&self, lines: usize) -> f64 {
        if lines == 0 {
            0.0
        } else {
            (lines - 1) as f64 * self.line_height() + self.px
        }
    }

    pub fn style(&self, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
        self.desc().color(color).pos(Pos::new(h, v))
    }

    pub fn rotated_style(&self, color: &RGBColor) -> TextStyle<'static> {
        self.desc()
            .transform(FontTransform::Rotate270)
            .color(color)
            .pos(Pos::new(HPos::Center, VPos::Top))
    }
}

/// Breaks `text` into at most `max_lines` lines no wider than `max_width`, at spaces; a word
/// that alone is too wide, or text left over after the last line, is cut with an ellipsis.
pub(crate) fn wrap(
    text: &str,
    font: Font,
    max_width: f64,
    max_lines: usize,
) -> anyhow::Result<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let mut i = 0;
    while i < words.len() {
        let candidate = if current.is_empty() {
            words[i].to_string()
        } else {
            format!("{current} {}", words[i])
        };
        if font.width(&candidate)? <= max_width {
            current = candidate;
            i += 1;
            continue;
        }
        if current.is_empty() {
            // A single word wider than the line: it gets a line of its own, cut.
            current = words[i].to_string();
            i += 1;
        }
        if lines.len() + 1 == max_lines {
            break;
        }
        lines.push(std::mem::take(&mut current));
    }
    let truncated = i < words.len();
    if !current.is_empty() {
        lines.push(current);
    }
    let count = lines.len();
    for (n, line) in lines.iter_mut().enumerate() {
        let cut_after = truncated && n + 1 == count;
        if cut_after || font.width(line)? > max_width {
            *line = ellipsize(line, font, max_width)?;
        }
    }
    Ok(lines)
}

/// Cuts `text` so that it plus "…" fits in `max_width`.
fn ellipsize(text: &str, font: Font, max_width: f64) -> anyhow::Result<String> {
    let mut chars: Vec<char> = text.chars().collect();
    loop {
        let candidate = format!("{}…", chars.iter().collect::<String>().trim_end());
        if chars.is_empty() || font.width(&candidate)? <= max_width {
            return Ok(candidate);
        }
        chars.pop();
    }
}

/// An axis-aligned box in SVG pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        Rect { x0, y0, x1, y1 }
    }

    pub fn around(cx: f64, cy: f64, r: f64) -> Self {
        Rect::new(cx - r, cy - r, cx + r, cy + r)
    }

    /// Area shared with `other` (0 when they do not overlap).
    pub fn overlap(&self, other: &Rect) -> f64 {
        let w = self.x1.min(other.x1) - self.x0.max(other.x0);
        let h = self.y1.min(other.y1) - self.y0.max(other.y0);
        if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
    }

    /// Area of this box lying outside `bounds`.
    pub fn outside(&self, bounds: &Rect) -> f64 {
        (self.x1 - self.x0) * (self.y1 - self.y0) - self.overlap(bounds)
    }

    pub fn grow(&self, by: f64) -> Rect {
        Rect::new(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)
    }
}

/// Whole-number tick values in `[lo, hi]`, with a step of 1, 2 or 5 × 10ⁿ (at least 1) chosen
/// so there are at most `max_intervals` steps across the range. Ticks are whole numbers so that
/// they read the same in Dutch and English (no decimal comma question).
pub(crate) fn int_ticks(lo: f64, hi: f64, max_intervals: usize) -> Vec<f64> {
    let span = (hi - lo).max(0.0);
    let mut step = 1.0_f64;
    'search: for magnitude in 0..12 {
        for base in [1.0, 2.0, 5.0] {
            step = base * 10f64.powi(magnitude);
            if span / step <= max_intervals as f64 {
                break 'search;
            }
        }
    }
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Draws onto a white `width × height` SVG canvas and returns the SVG text.
pub(crate) fn render_svg(
    width: u32,
    height: u32,
    draw: impl FnOnce(&Canvas<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<String> {
    fonts_ready()?;
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        area.fill(&WHITE).context("filling the chart background")?;
        let canvas = Canvas { area };
        draw(&canvas)?;
        canvas.area.present().context("finishing the SVG")?;
    }
    Ok(svg)
}

/// Thin pixel-coordinate drawing helpers over a plotters drawing area.
pub(crate) struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
}

fn px(v: f64) -> i32 {
    v.round() as i32
}

impl Canvas<'_> {
    pub fn text(&self, text: &str, style: &TextStyle<'_>, x: f64, y: f64) -> anyhow::Result<()> {
        self.area
            .draw_text(text, style, (px(x), px(y)))
            .context("drawing text")
    }

    /// Draws wrapped lines as a block whose top edge is `y`; `x` is the left, centre or right
    /// edge according to `h`.
    pub fn text_block(
        &self,
        lines: &[String],
        font: Font,
        color: &RGBColor,
        h: HPos,
        x: f64,
        y: f64,
    ) -> anyhow::Result<()> {
        let style = font.style(color, h, VPos::Top);
        for (i, line) in lines.iter().enumerate() {
            self.text(line, &style, x, y + i as f64 * font.line_height())?;
        }
        Ok(())
    }

    pub fn fill_rect(&self, r: Rect, color: &RGBColor) -> anyhow::Result<()> {
        self.rect(r, color.filled())
    }

    pub fn stroke_rect(&self, r: Rect, color: &RGBColor, width: u32) -> anyhow::Result<()> {
        self.rect(r, color.stroke_width(width))
    }

    fn rect(&self, r: Rect, style: ShapeStyle) -> anyhow::Result<()> {
        self.area
            .draw(&Rectangle::new(
                [(px(r.x0), px(r.y0)), (px(r.x1), px(r.y1))],
                style,
            ))
            .context("drawing a rectangle")
    }

    pub fn line(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        color: &RGBColor,
        width: u32,
    ) -> anyhow::Result<()> {
        self.area
            .draw(&PathElement::new(
                vec![(px(from.0), px(from.1)), (px(to.0), px(to.1))],
                color.stroke_width(width),
            ))
            .context("drawing a line")
    }

    /// A dashed straight line (the SVG backend has no dash attribute, so dashes are segments).
    pub fn dashed_line(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        color: &RGBColor,
        width: u32,
    ) -> anyhow::Result<()> {
        const DASH: f64 = 7.0;
        const GAP: f64 = 5.0;
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let len = (dx * dx + dy * dy).sqrt();
        if len == 0.0 {
            return Ok(());
        }
        let mut t = 0.0;
        while t < len {
            let end = (t + DASH).min(len);
            self.line(
                (from.0 + dx * t / len, from.1 + dy * t / len),
                (from.0 + dx * end / len, from.1 + dy * end / len),
                color,
                width,
            )?;
            t += DASH + GAP;
        }
        Ok(())
    }

    /// A filled dot with a white outline, so overlapping dots stay distinguishable.
    /// A circle outline of `width` pixels, on nothing: for a mark that would hide under a dot.
    pub fn ring(
        &self,
        (x, y): (f64, f64),
        radius: u32,
        color: &RGBColor,
        width: u32,
    ) -> anyhow::Result<()> {
        self.area
            .draw(&Circle::new(
                (px(x), px(y)),
                radius,
                color.stroke_width(width),
            ))
            .context("drawing a ring")
    }

    pub fn dot(&self, x: f64, y: f64, radius: u32, color: &RGBColor) -> anyhow::Result<()> {
        self.area
            .draw(&Circle::new((px(x), px(y)), radius + 2, WHITE.filled()))
            .context("drawing a dot")?;
        self.area
            .draw(&Circle::new((px(x), px(y)), radius, color.filled()))
            .context("drawing a dot")
    }
}

/// Height of one legend line.
pub(crate) const LEGEND_LINE: f64 = 26.0;

/// One legend entry placed by [`flow_legend`]: its marker, text, left edge and top edge.
pub(crate) struct LegendEntry<T> {
    pub marker: T,
    pub text: String,
    pub x: f64,
    pub top: f64,
}

/// Lays out legend entries left to right from `top`, wrapping when a line is full;
/// `marker_width` is the room each marker takes before its text. Returns the entries and the
/// height the legend takes (0 when there are none).
pub(crate) fn flow_legend<T>(
    entries: Vec<(T, String)>,
    top: f64,
    marker_width: f64,
) -> anyhow::Result<(Vec<LegendEntry<T>>, f64)> {
    let font = Font::regular(size::TEXT_PX);
    let right = f64::from(WIDTH) - size::MARGIN;
    let (mut x, mut line) = (size::MARGIN, 0usize);
    let mut out = Vec::with_capacity(entries.len());
    for (marker, text) in entries {
        let w = marker_width + font.width(&text)?;
        if x > size::MARGIN && x + w > right {
            x = size::MARGIN;
            line += 1;
        }
        out.push(LegendEntry {
            marker,
            text,
            x,
            top: top + line as f64 * LEGEND_LINE,
        });
        x += w + 22.0;
    }
    let height = if out.is_empty() {
        0.0
    } else {
        (line + 1) as f64 * LEGEND_LINE + 6.0
    };
    Ok((out, height))
}

/// A chart title wrapped to at most two lines; returns the lines and the height they take
/// (with the gap below them; 0 for no title).
pub(crate) fn title_lines(title: &str) -> anyhow::Result<(Vec<String>, f64)> {
    let font = Font::bold(size::TITLE_PX);
    let lines = wrap(
        &clean_text(title),
        font,
        f64::from(WIDTH) - 2.0 * size::MARGIN,
        2,
    )?;
    let height = if lines.is_empty() {
        0.0
    } else {
        font.block_height(lines.len()) + 12.0
    };
    Ok((lines, height))
}

/// Checks that a value to be plotted is a finite number, naming it in the error.
pub(crate) fn ensure_finite(value: f64, what: impl FnOnce() -> String) -> anyhow::Result<()> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(anyhow!("{} is not a finite number ({value})", what()))
    }
}

/// Checks a chart drawn as rows of `count` values (a bar chart's groups, a line chart's
/// lines): something to draw, an axis from `min` below `max`, `count` values in every row,
/// each finite. `chart` names the chart in errors (`bar chart "Title"`), `row` one row.
pub(crate) fn check_rows<'a>(
    chart: &str,
    row: &str,
    (min, max): (f64, f64),
    count: usize,
    rows: impl ExactSizeIterator<Item = (&'a str, &'a [Option<(f64, String)>])>,
) -> anyhow::Result<()> {
    if rows.len() == 0 || count == 0 {
        bail!("{chart} has nothing to draw");
    }
    if min >= max {
        bail!("{chart}: the axis is empty");
    }
    for (label, values) in rows {
        if values.len() != count {
            bail!("{chart}: {row} {label:?} has the wrong number of values");
        }
        for (v, _) in values.iter().flatten() {
            ensure_finite(*v, || format!("value of {label:?}"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Checks on produced SVG text shared by the chart tests.

    /// A small well-formedness check (no XML crate needed): every `&` starts one of the five
    /// predefined entities or a numeric reference, every `<` starts a tag, and tags nest.
    pub fn assert_well_formed(svg: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(i) = rest.find(['<', '&']) {
            let (text, tail) = rest.split_at(i);
            assert!(!text.contains('>'), "raw '>' in text: {text:?}");
            if tail.starts_with('&') {
                let end = tail.find(';').expect("unterminated entity");
                let entity = &tail[1..end];
                let ok = matches!(entity, "lt" | "gt" | "amp" | "quot" | "apos")
                    || (entity.starts_with('#') && entity[1..].chars().all(|c| c.is_ascii_digit()));
                assert!(ok, "bad entity &{entity};");
                rest = &tail[end + 1..];
                continue;
            }
            let end = tail.find('>').expect("unterminated tag");
            let tag = &tail[1..end];
            assert!(!tag.contains('<'), "'<' inside a tag: {tag:?}");
            // Attribute values must be quoted and free of raw '&' other than entities.
            assert_eq!(
                tag.matches('"').count() % 2,
                0,
                "unbalanced quotes: {tag:?}"
            );
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().expect("closing tag without opening");
                assert_eq!(open, name.trim(), "mismatched closing tag");
            } else if !tag.starts_with('?') && !tag.starts_with('!') && !tag.ends_with('/') {
                let name = tag.split_whitespace().next().unwrap_or_default();
                assert!(
                    name.chars().all(|c| c.is_ascii_alphanumeric()),
                    "odd tag name {name:?}"
                );
                stack.push(name.to_string());
            }
            rest = &tail[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed tags: {stack:?}");
        assert!(svg.trim_start().starts_with("<svg"), "not an SVG document");
    }

    /// `result` is an error whose message contains `needle`.
    #[track_caller]
    pub fn assert_error_contains<T>(result: anyhow::Result<T>, needle: &str) {
        let Err(e) = result else {
            panic!("no error; expected one saying {needle:?}")
        };
        let message = e.to_string();
        assert!(message.contains(needle), "{message}");
    }

    /// Every text element names the Inter font family.
    pub fn assert_all_text_inter(svg: &str) {
        let texts: Vec<&str> = svg.split("<text").skip(1).collect();
        assert!(!texts.is_empty(), "no text in the SVG");
        for t in texts {
            let head = &t[..t.find('>').unwrap()];
            assert!(
                head.contains(r#"font-family="Inter""#),
                "text without Inter: {head}"
            );
        }
    }

    /// The text contents of all `<text>` elements, entity-decoded, in document order.
    pub fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .map(|t| {
                let start = t.find('>').unwrap() + 1;
                let end = t.find("</text>").unwrap();
                t[start..end]
                    .trim()
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_register_and_measure() {
        fonts_ready().unwrap();
        register_fonts(); // idempotent
        let regular = Font::regular(16.0).width("Duidelijke brieven").unwrap();
        let bold = Font::bold(16.0).width("Duidelijke brieven").unwrap();
        assert!(regular > 100.0 && regular < 200.0, "width {regular}");
        assert!(
            bold > regular,
            "bold {bold} not wider than regular {regular}"
        );
    }

    #[test]
    fn clean_text_removes_control_characters_and_keeps_markup() {
        assert_eq!(clean_text("a\u{0}b\nc\t d"), "a b c d");
        assert_eq!(clean_text("  <x> & \"q\"  "), "<x> & \"q\"");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_ellipsizes() {
        fonts_ready().unwrap();
        let f = Font::regular(16.0);
        let one = wrap("Wachttijd", f, 300.0, 2).unwrap();
        assert_eq!(one, vec!["Wachttijd".to_string()]);
        let two = wrap("Duidelijke brieven en informatie", f, 150.0, 2).unwrap();
        assert_eq!(two.len(), 2);
        assert!(two.iter().all(|l| f.width(l).unwrap() <= 150.0));
        let long_word = wrap(
            "Klanttevredenheidsonderzoeksresultaten en meer",
            f,
            120.0,
            2,
        )
        .unwrap();
        assert!(long_word[0].ends_with('…'), "{long_word:?}");
        assert!(long_word.iter().all(|l| f.width(l).unwrap() <= 120.0));
        let cut = wrap("een heel erg lange tekst die nergens past", f, 80.0, 1).unwrap();
        assert_eq!(cut.len(), 1);
        assert!(cut[0].ends_with('…'));
        assert!(f.width(&cut[0]).unwrap() <= 80.0);
    }

    #[test]
    fn ticks_are_whole_numbers() {
        assert_eq!(
            int_ticks(1.0, 10.0, 10),
            (1..=10).map(f64::from).collect::<Vec<_>>()
        );
        assert_eq!(int_ticks(2.8, 4.7, 10), vec![3.0, 4.0]);
        assert_eq!(
            int_ticks(0.0, 100.0, 10),
            (0..=10).map(|k| f64::from(k * 10)).collect::<Vec<_>>()
        );
    }
}

/// Renders the example charts — long labels, crowded points, hostile text — and checks each is
/// one well-formed SVG document with its text escaped. With `$SPIEGEL_DUMP_CHARTS` set they are
/// also written there to be looked at
/// (`SPIEGEL_DUMP_CHARTS=/tmp/charts cargo test --lib charts::example_charts`).
#[cfg(test)]
#[test]
fn example_charts_are_whole_svg_documents() {
    let dir = std::env::var_os("SPIEGEL_DUMP_CHARTS").map(std::path::PathBuf::from);
    if let Some(dir) = &dir {
        std::fs::create_dir_all(dir).unwrap();
    }
    let write = |name: &str, svg: String| {
        assert!(
            svg.starts_with("<svg"),
            "{name}: {}",
            &svg[..svg.len().min(80)]
        );
        assert!(svg.trim_end().ends_with("</svg>"), "{name} is cut off");
        assert_eq!(svg.matches("<svg").count(), 1, "{name}: one document");
        assert!(
            !svg.contains("<x>") && !svg.contains("<i>x") && !svg.contains("<b>"),
            "{name}: text not escaped"
        );
        if let Some(dir) = &dir {
            std::fs::write(dir.join(name), svg).unwrap();
        }
    };
    let mirror = mirror::tests::example();
    write("mirror.svg", mirror_svg(&mirror).unwrap());
    let mut long = mirror.clone();
    long.title.clear();
    long.rows[2].label = "Een buitengewoon lang aspect dat nooit op één regel past omdat het \
                          maar doorgaat en doorgaat"
        .into();
    long.rows.truncate(5);
    write("mirror_long.svg", mirror_svg(&long).unwrap());
    let matrix = matrix::tests::example();
    write("matrix.svg", matrix_svg(&matrix).unwrap());
    let mut crowded = matrix.clone();
    for (i, p) in crowded.points.iter_mut().enumerate().take(4) {
        p.performance = 7.0 + 0.02 * i as f64;
        p.importance = 3.9 + 0.01 * i as f64;
    }
    write("matrix_crowded.svg", matrix_svg(&crowded).unwrap());
    let mut hostile = matrix;
    hostile.title = "A & B <i>x</i> \"q\" 'a' ]".into();
    hostile.points[0].label = "<x> & ] #read(\"/etc/passwd\")".into();
    hostile.quadrant_labels[1] = "Hier & nu\u{1}<b>".into();
    write("matrix_hostile.svg", matrix_svg(&hostile).unwrap());
}
