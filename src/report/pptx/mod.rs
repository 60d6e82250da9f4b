//! The PowerPoint deck (`report.pptx`) of an organization report.
//!
//! A small Office Open XML writer of our own: a deck is a zip of XML parts, and the few we
//! need (slides with text boxes, native tables and pictures, speaker notes) are easier to
//! write correctly than to bend a general crate into deterministic output. [`content`] turns a
//! rendered report into a [`Deck`]; [`write`] turns a deck into the bytes of a `.pptx` (`package`
//! writes the parts around the slides, `slides` the XML of each slide).
//!
//! Charts are the report's SVGs, embedded as SVG with a PNG fallback (the `svgBlip`
//! extension PowerPoint itself writes): PowerPoint 2016+ and LibreOffice show the sharp SVG,
//! older readers the PNG ([`raster`]). Tables are `a:tbl` graphic frames, editable in
//! PowerPoint. The same deck gives the same bytes: parts are written in a fixed order with a
//! fixed timestamp, and nothing reads the clock.

pub mod content;
mod package;
pub mod raster;
mod slides;

pub use package::write;

/// English Metric Units per centimetre.
pub const EMU_PER_CM: i64 = 360_000;
/// Slide width (16:9, 33.867 cm).
pub const SLIDE_W: i64 = 12_192_000;
/// Slide height (19.05 cm).
pub const SLIDE_H: i64 = 6_858_000;

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parse `#RRGGBB` (or `RRGGBB`).
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().trim_start_matches('#');
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// `RRGGBB`, as DrawingML writes it.
    pub fn hex(self) -> String {
        format!("{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// White or near-black, whichever contrasts more with this colour as a background.
    pub fn text_on(self) -> Rgb {
        // Contrast with white: 1.05 / (L + 0.05); with black: (L + 0.05) / 0.05.
        let l = self.luminance();
        if 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 {
            Rgb(0xFF, 0xFF, 0xFF)
        } else {
            INK
        }
    }
}

/// Body text.
pub const INK: Rgb = Rgb(0x1F, 0x29, 0x33);
/// Secondary text.
pub const MUTED: Rgb = Rgb(0x5F, 0x6B, 0x7A);

/// A rectangle on the slide, in EMU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    /// Left.
    pub x: i64,
    /// Top.
    pub y: i64,
    /// Width.
    pub w: i64,
    /// Height.
    pub h: i64,
}

impl Frame {
    /// A frame from centimetres.
    pub fn cm(x: f64, y: f64, w: f64, h: f64) -> Frame {
        let emu = |v: f64| (v * EMU_PER_CM as f64).round() as i64;
        Frame {
            x: emu(x),
            y: emu(y),
            w: emu(w),
            h: emu(h),
        }
    }
}

/// A run of text with its look.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The text (one paragraph; line breaks are kept as breaks).
    pub text: String,
    /// Size in points.
    pub size: f64,
    /// Bold.
    pub bold: bool,
    /// Colour.
    pub color: Rgb,
    /// A bullet before it.
    pub bullet: bool,
}

impl Paragraph {
    /// Plain body text in `size` points.
    pub fn new(text: impl Into<String>, size: f64) -> Paragraph {
        Paragraph {
            text: text.into(),
            size,
            bold: false,
            color: INK,
            bullet: false,
        }
    }

    /// Bold.
    pub fn bold(mut self) -> Paragraph {
        self.bold = true;
        self
    }

    /// In `color`.
    pub fn color(mut self, color: Rgb) -> Paragraph {
        self.color = color;
        self
    }

    /// With a bullet.
    pub fn bullet(mut self) -> Paragraph {
        self.bullet = true;
        self
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Text.
    pub text: String,
    /// Background, when not white.
    pub fill: Option<Rgb>,
    /// Bold.
    pub bold: bool,
    /// Right-aligned (numbers).
    pub right: bool,
}

impl Cell {
    /// A left-aligned text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            fill: None,
            bold: false,
            right: false,
        }
    }

    /// A right-aligned number cell.
    pub fn number(text: impl Into<String>) -> Cell {
        Cell {
            right: true,
            ..Cell::text(text)
        }
    }
}

/// A native table: the first row is the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Rows of cells, the header first; every row as long as the header.
    pub rows: Vec<Vec<Cell>>,
    /// Relative column widths (one per column).
    pub widths: Vec<f64>,
    /// Font size in points.
    pub size: f64,
    /// Header background.
    pub header: Rgb,
}

/// A chart: its SVG and the PNG fallback.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// SVG bytes.
    pub svg: Vec<u8>,
    /// PNG bytes of the same picture.
    pub png: Vec<u8>,
    /// Alt text.
    pub descr: String,
}

/// What a slide holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A text box.
    Text {
        /// Where.
        frame: Frame,
        /// Paragraphs.
        paragraphs: Vec<Paragraph>,
        /// Background.
        fill: Option<Rgb>,
    },
    /// A native table.
    Table {
        /// Where (the height grows with the rows).
        frame: Frame,
        /// The table.
        table: Table,
    },
    /// A picture, fitted inside the frame keeping its aspect ratio.
    Picture {
        /// Where.
        frame: Frame,
        /// The picture.
        picture: Picture,
    },
}

/// One slide.
#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    /// The title (the slide's title placeholder: what outlines and screen readers show).
    pub title: String,
    /// Title colour.
    pub title_color: Rgb,
    /// Background, when not white.
    pub background: Option<Rgb>,
    /// A title slide: the title large, lower on the slide.
    pub cover: bool,
    /// Everything below the title.
    pub shapes: Vec<Shape>,
    /// Speaker notes, one paragraph per entry.
    pub notes: Vec<String>,
}

/// A whole deck.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    /// Document title (the file's properties).
    pub title: String,
    /// Author shown in the file's properties.
    pub author: String,
    /// Language tag of the text, e.g. `nl-NL`.
    pub lang: &'static str,
    /// Font of every text.
    pub font: &'static str,
    /// The slides, in order.
    pub slides: Vec<Slide>,
}

pub use crate::report::render::escape::xml_escape;

// ------------------------------------------------ XML shared by the package and the slides

const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
/// The extension PowerPoint uses for an SVG next to its PNG fallback.
const SVG_EXT_URI: &str = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}";
const NS_SVG: &str = "http://schemas.microsoft.com/office/drawing/2016/SVG/main";

const GROUP_PROPS: &str = "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>\
    <p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/>\
    <a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>";

/// The title placeholder's frame on every slide.
fn title_frame() -> Frame {
    Frame::cm(1.5, 0.8, 30.8, 2.2)
}

fn xfrm(f: Frame) -> String {
    format!(
        "<a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>",
        f.x, f.y, f.w, f.h
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_and_pick_readable_text() {
        assert_eq!(Rgb::parse("#1f3a5f"), Some(Rgb(0x1F, 0x3A, 0x5F)));
        assert_eq!(
            Rgb::parse("1F3A5F").map(Rgb::hex).as_deref(),
            Some("1F3A5F")
        );
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb::parse("#GG0000"), None);
        assert_eq!(Rgb(0x1F, 0x3A, 0x5F).text_on(), Rgb(0xFF, 0xFF, 0xFF));
        assert_eq!(Rgb(0xFF, 0xE0, 0x66).text_on(), INK);
    }

    #[test]
    fn hostile_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }

    fn tiny_deck() -> Deck {
        Deck {
            title: "T & <b>".into(),
            author: "A".into(),
            lang: "nl-NL",
            font: "Inter",
            slides: vec![Slide {
                title: "Dashboard".into(),
                title_color: INK,
                background: Some(Rgb(1, 2, 3)),
                cover: true,
                shapes: vec![
                    Shape::Text {
                        frame: Frame::cm(1.0, 4.0, 10.0, 5.0),
                        paragraphs: vec![Paragraph::new("a\nb", 14.0).bullet()],
                        fill: None,
                    },
                    Shape::Table {
                        frame: Frame::cm(1.0, 10.0, 20.0, 5.0),
                        table: Table {
                            rows: vec![
                                vec![Cell::text("h1"), Cell::text("h2")],
                                vec![Cell::text("x"), Cell::number("1,0")],
                            ],
                            widths: vec![2.0, 1.0],
                            size: 12.0,
                            header: Rgb(0x1F, 0x3A, 0x5F),
                        },
                    },
                ],
                notes: vec!["note".into()],
            }],
        }
    }

    #[test]
    fn the_same_deck_gives_the_same_bytes_and_a_zip_with_every_part() {
        let a = write(&tiny_deck()).unwrap();
        let b = write(&tiny_deck()).unwrap();
        assert_eq!(a, b);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
        let names: Vec<String> = zip.file_names().map(String::from).collect();
        assert_eq!(names[0], "[Content_Types].xml");
        for part in [
            "ppt/presentation.xml",
            "ppt/slides/slide1.xml",
            "ppt/notesSlides/notesSlide1.xml",
            "ppt/slideLayouts/slideLayout1.xml",
        ] {
            assert!(names.iter().any(|n| n == part), "{part} missing");
        }
        let mut slide = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("ppt/slides/slide1.xml").unwrap(),
            &mut slide,
        )
        .unwrap();
        assert!(slide.contains("<a:tbl>") && slide.contains("<a:br>"));
        assert!(slide.contains("srgbClr val=\"010203\""));
    }
}
