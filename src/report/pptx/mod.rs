//! The PowerPoint deck (`report.pptx`) of an organization report.
//!
//! A small Office Open XML writer of our own: a deck is a zip of XML parts, and the few we
//! need (slides with text boxes, native tables and pictures, speaker notes) are easier to
//! write correctly than to bend a general crate into deterministic output. [`content`] turns a
//! rendered report into a [`Deck`]; [`write`] turns a deck into the bytes of a `.pptx`.
//!
//! Charts are the report's SVGs, embedded as SVG with a PNG fallback (the `svgBlip`
//! extension PowerPoint itself writes): PowerPoint 2016+ and LibreOffice show the sharp SVG,
//! older readers the PNG ([`raster`]). Tables are `a:tbl` graphic frames, editable in
//! PowerPoint. The same deck gives the same bytes: parts are written in a fixed order with a
//! fixed timestamp, and nothing reads the clock.

pub mod content;
pub mod raster;

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Context;

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

const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
/// The extension PowerPoint uses for an SVG next to its PNG fallback.
const SVG_EXT_URI: &str = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}";
const NS_SVG: &str = "http://schemas.microsoft.com/office/drawing/2016/SVG/main";

/// The bytes of the `.pptx` file of `deck`.
pub fn write(deck: &Deck) -> anyhow::Result<Vec<u8>> {
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut part = |name: &str, body: String| parts.push((name.to_string(), body.into_bytes()));
    let n = deck.slides.len();

    part("[Content_Types].xml", content_types(n));
    part(
        "_rels/.rels",
        rels(&[
            ("rId1", "officeDocument", "ppt/presentation.xml"),
            (
                "rId2",
                "package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            ),
            ("rId3", "extended-properties", "docProps/app.xml"),
        ]),
    );
    part("docProps/core.xml", core_props(deck));
    part("docProps/app.xml", app_props(n));
    part("ppt/presentation.xml", presentation(deck));
    let mut pres_rels = vec![
        (
            "rId1".to_string(),
            "slideMaster",
            "slideMasters/slideMaster1.xml".to_string(),
        ),
        (
            "rId2".to_string(),
            "notesMaster",
            "notesMasters/notesMaster1.xml".to_string(),
        ),
        ("rId3".to_string(), "theme", "theme/theme1.xml".to_string()),
        ("rId4".to_string(), "presProps", "presProps.xml".to_string()),
        ("rId5".to_string(), "viewProps", "viewProps.xml".to_string()),
        (
            "rId6".to_string(),
            "tableStyles",
            "tableStyles.xml".to_string(),
        ),
    ];
    for i in 1..=n {
        pres_rels.push((
            format!("rId{}", 6 + i),
            "slide",
            format!("slides/slide{i}.xml"),
        ));
    }
    let pres_rels: Vec<(&str, &str, &str)> = pres_rels
        .iter()
        .map(|(id, t, target)| (id.as_str(), *t, target.as_str()))
        .collect();
    part("ppt/_rels/presentation.xml.rels", rels(&pres_rels));
    part(
        "ppt/presProps.xml",
        format!(
            "{XML_DECL}<p:presentationPr xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"/>"
        ),
    );
    part(
        "ppt/viewProps.xml",
        format!(
            "{XML_DECL}<p:viewPr xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"><p:normalViewPr><p:restoredLeft sz=\"15620\"/><p:restoredTop sz=\"94660\"/></p:normalViewPr><p:gridSpacing cx=\"72008\" cy=\"72008\"/></p:viewPr>"
        ),
    );
    part(
        "ppt/tableStyles.xml",
        format!(
            "{XML_DECL}<a:tblStyleLst xmlns:a=\"{NS_A}\" def=\"{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}\"/>"
        ),
    );
    part("ppt/theme/theme1.xml", theme(deck.font));
    part("ppt/theme/theme2.xml", theme(deck.font));
    part("ppt/slideMasters/slideMaster1.xml", slide_master(deck.font));
    part(
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        rels(&[
            ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
            ("rId2", "theme", "../theme/theme1.xml"),
        ]),
    );
    part("ppt/slideLayouts/slideLayout1.xml", slide_layout());
    part(
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
        rels(&[("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")]),
    );
    part("ppt/notesMasters/notesMaster1.xml", notes_master());
    part(
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        rels(&[("rId1", "theme", "../theme/theme2.xml")]),
    );

    let mut media: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, slide) in deck.slides.iter().enumerate() {
        let i = i + 1;
        let mut slide_rels = vec![
            (
                "rId1".to_string(),
                "slideLayout",
                "../slideLayouts/slideLayout1.xml".to_string(),
            ),
            (
                "rId2".to_string(),
                "notesSlide",
                format!("../notesSlides/notesSlide{i}.xml"),
            ),
        ];
        let mut pictures = Vec::new();
        for shape in &slide.shapes {
            if let Shape::Picture { picture, .. } = shape {
                let k = media.len() / 2 + 1;
                let png = format!("image{k}.png");
                let svg = format!("image{k}.svg");
                let png_rel = format!("rId{}", slide_rels.len() + 1);
                slide_rels.push((png_rel.clone(), "image", format!("../media/{png}")));
                let svg_rel = format!("rId{}", slide_rels.len() + 1);
                slide_rels.push((svg_rel.clone(), "image", format!("../media/{svg}")));
                media.push((png, picture.png.clone()));
                media.push((svg, picture.svg.clone()));
                pictures.push((png_rel, svg_rel));
            }
        }
        part(
            &format!("ppt/slides/slide{i}.xml"),
            slide_xml(deck, slide, &pictures),
        );
        let slide_rels: Vec<(&str, &str, &str)> = slide_rels
            .iter()
            .map(|(id, t, target)| (id.as_str(), *t, target.as_str()))
            .collect();
        part(
            &format!("ppt/slides/_rels/slide{i}.xml.rels"),
            rels(&slide_rels),
        );
        part(
            &format!("ppt/notesSlides/notesSlide{i}.xml"),
            notes_slide(deck, slide),
        );
        part(
            &format!("ppt/notesSlides/_rels/notesSlide{i}.xml.rels"),
            rels(&[
                ("rId1", "notesMaster", "../notesMasters/notesMaster1.xml"),
                ("rId2", "slide", &format!("../slides/slide{i}.xml")),
            ]),
        );
    }
    for (name, bytes) in media {
        parts.push((format!("ppt/media/{name}"), bytes));
    }
    zip_parts(&parts)
}

/// Zip the parts in order, with a fixed timestamp: the same parts give the same bytes.
fn zip_parts(parts: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        // PNG is compressed already: stored, as Office does.
        let method = if name.ends_with(".png") {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        zip.start_file(name.as_str(), options)
            .with_context(|| format!("adding {name} to the deck"))?;
        zip.write_all(bytes)
            .with_context(|| format!("adding {name} to the deck"))?;
    }
    Ok(zip.finish().context("finishing the deck")?.into_inner())
}

fn content_types(slides: usize) -> String {
    let mut s = format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Default Extension=\"png\" ContentType=\"image/png\"/>\
         <Default Extension=\"svg\" ContentType=\"image/svg+xml\"/>"
    );
    let pml = "application/vnd.openxmlformats-officedocument.presentationml";
    let overrides = [
        (
            "/ppt/presentation.xml",
            format!("{pml}.presentation.main+xml"),
        ),
        ("/ppt/presProps.xml", format!("{pml}.presProps+xml")),
        ("/ppt/viewProps.xml", format!("{pml}.viewProps+xml")),
        ("/ppt/tableStyles.xml", format!("{pml}.tableStyles+xml")),
        (
            "/ppt/slideMasters/slideMaster1.xml",
            format!("{pml}.slideMaster+xml"),
        ),
        (
            "/ppt/slideLayouts/slideLayout1.xml",
            format!("{pml}.slideLayout+xml"),
        ),
        (
            "/ppt/notesMasters/notesMaster1.xml",
            format!("{pml}.notesMaster+xml"),
        ),
        (
            "/ppt/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        ),
        (
            "/ppt/theme/theme2.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".into(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".into(),
        ),
    ];
    for (name, ct) in overrides {
        let _ = write!(s, "<Override PartName=\"{name}\" ContentType=\"{ct}\"/>");
    }
    for i in 1..=slides {
        let _ = write!(
            s,
            "<Override PartName=\"/ppt/slides/slide{i}.xml\" ContentType=\"{pml}.slide+xml\"/>\
             <Override PartName=\"/ppt/notesSlides/notesSlide{i}.xml\" ContentType=\"{pml}.notesSlide+xml\"/>"
        );
    }
    s.push_str("</Types>");
    s
}

/// A relationships part; a type without `/` is an officeDocument relationship.
fn rels(items: &[(&str, &str, &str)]) -> String {
    let mut s = format!("{XML_DECL}<Relationships xmlns=\"{PKG_REL}\">");
    for (id, kind, target) in items {
        let kind = if kind.contains('/') {
            format!("http://schemas.openxmlformats.org/{kind}")
        } else {
            format!("{REL}/{kind}")
        };
        let _ = write!(
            s,
            "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{}\"/>",
            xml_escape(target)
        );
    }
    s.push_str("</Relationships>");
    s
}

fn core_props(deck: &Deck) -> String {
    format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>{}</dc:language></cp:coreProperties>",
        xml_escape(&deck.title),
        xml_escape(&deck.author),
        deck.lang
    )
}

fn app_props(slides: usize) -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>spiegel</Application><Slides>{slides}</Slides><Notes>{slides}</Notes></Properties>"
    )
}

fn presentation(deck: &Deck) -> String {
    let mut ids = String::new();
    for i in 0..deck.slides.len() {
        let _ = write!(ids, "<p:sldId id=\"{}\" r:id=\"rId{}\"/>", 256 + i, 7 + i);
    }
    format!(
        "{XML_DECL}<p:presentation xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\" saveSubsetFonts=\"1\">\
         <p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst>\
         <p:notesMasterIdLst><p:notesMasterId r:id=\"rId2\"/></p:notesMasterIdLst>\
         <p:sldIdLst>{ids}</p:sldIdLst>\
         <p:sldSz cx=\"{SLIDE_W}\" cy=\"{SLIDE_H}\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/>\
         <p:defaultTextStyle><a:defPPr><a:defRPr lang=\"{}\"/></a:defPPr></p:defaultTextStyle>\
         </p:presentation>",
        deck.lang
    )
}

fn theme(font: &str) -> String {
    let font = xml_escape(font);
    let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = |w: u32| {
        format!("<a:ln w=\"{w}\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>")
    };
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    format!(
        "{XML_DECL}<a:theme xmlns:a=\"{NS_A}\" name=\"spiegel\"><a:themeElements>\
         <a:clrScheme name=\"spiegel\">\
         <a:dk1><a:srgbClr val=\"1F2933\"/></a:dk1><a:lt1><a:srgbClr val=\"FFFFFF\"/></a:lt1>\
         <a:dk2><a:srgbClr val=\"1F3A5F\"/></a:dk2><a:lt2><a:srgbClr val=\"F3F5F8\"/></a:lt2>\
         <a:accent1><a:srgbClr val=\"1F3A5F\"/></a:accent1><a:accent2><a:srgbClr val=\"D55E00\"/></a:accent2>\
         <a:accent3><a:srgbClr val=\"009E73\"/></a:accent3><a:accent4><a:srgbClr val=\"8A94A0\"/></a:accent4>\
         <a:accent5><a:srgbClr val=\"005A9C\"/></a:accent5><a:accent6><a:srgbClr val=\"B34A00\"/></a:accent6>\
         <a:hlink><a:srgbClr val=\"005A9C\"/></a:hlink><a:folHlink><a:srgbClr val=\"5F6B7A\"/></a:folHlink>\
         </a:clrScheme>\
         <a:fontScheme name=\"spiegel\">\
         <a:majorFont><a:latin typeface=\"{font}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:majorFont>\
         <a:minorFont><a:latin typeface=\"{font}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:minorFont>\
         </a:fontScheme>\
         <a:fmtScheme name=\"spiegel\">\
         <a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst>\
         <a:lnStyleLst>{}{}{}</a:lnStyleLst>\
         <a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>\
         <a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst>\
         </a:fmtScheme></a:themeElements></a:theme>",
        line(6350),
        line(12700),
        line(19050)
    )
}

const CLR_MAP: &str = "bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" \
    accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" \
    accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"";

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

fn slide_master(font: &str) -> String {
    let title = format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Title Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"title\"/></p:nvPr></p:nvSpPr><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr>\
         <p:txBody><a:bodyPr anchor=\"b\"><a:normAutofit/></a:bodyPr><a:lstStyle/><a:p><a:endParaRPr lang=\"en-US\"/></a:p></p:txBody></p:sp>",
        xfrm(title_frame())
    );
    format!(
        "{XML_DECL}<p:sldMaster xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\">\
         <p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg>\
         <p:spTree>{GROUP_PROPS}{title}</p:spTree></p:cSld>\
         <p:clrMap {CLR_MAP}/>\
         <p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst>\
         <p:txStyles>\
         <p:titleStyle><a:lvl1pPr algn=\"l\"><a:defRPr sz=\"2800\" b=\"1\"><a:solidFill><a:schemeClr val=\"tx2\"/></a:solidFill>\
         <a:latin typeface=\"{}\"/></a:defRPr></a:lvl1pPr></p:titleStyle>\
         <p:bodyStyle><a:lvl1pPr><a:defRPr sz=\"1800\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill></a:defRPr></a:lvl1pPr></p:bodyStyle>\
         <p:otherStyle><a:lvl1pPr><a:defRPr sz=\"1800\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill></a:defRPr></a:lvl1pPr></p:otherStyle>\
         </p:txStyles></p:sldMaster>",
        xml_escape(font)
    )
}

fn slide_layout() -> String {
    format!(
        "{XML_DECL}<p:sldLayout xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\" type=\"titleOnly\" preserve=\"1\">\
         <p:cSld name=\"Title Only\"><p:spTree>{GROUP_PROPS}\
         <p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Title 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"title\"/></p:nvPr></p:nvSpPr><p:spPr/>\
         <p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang=\"en-US\"/></a:p></p:txBody></p:sp>\
         </p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    )
}

fn notes_master() -> String {
    format!(
        "{XML_DECL}<p:notesMaster xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\">\
         <p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg><p:spTree>{GROUP_PROPS}\
         <p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"sldImg\"/></p:nvPr></p:nvSpPr>\
         <p:spPr><a:xfrm><a:off x=\"381000\" y=\"685800\"/><a:ext cx=\"6096000\" cy=\"3429000\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/><a:ln w=\"12700\"><a:solidFill><a:prstClr val=\"black\"/></a:solidFill></a:ln></p:spPr></p:sp>\
         <p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes Placeholder 2\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"body\" sz=\"quarter\" idx=\"1\"/></p:nvPr></p:nvSpPr>\
         <p:spPr><a:xfrm><a:off x=\"685800\" y=\"4400550\"/><a:ext cx=\"5486400\" cy=\"3600450\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr>\
         <p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang=\"en-US\"/></a:p></p:txBody></p:sp>\
         </p:spTree></p:cSld><p:clrMap {CLR_MAP}/>\
         <p:notesStyle><a:lvl1pPr><a:defRPr sz=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill></a:defRPr></a:lvl1pPr></p:notesStyle>\
         </p:notesMaster>"
    )
}

/// Run properties: language, size, weight, colour, font.
fn rpr(deck: &Deck, size: f64, bold: bool, color: Rgb) -> String {
    format!(
        "<a:rPr lang=\"{}\" sz=\"{}\"{} dirty=\"0\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>\
         <a:latin typeface=\"{}\"/></a:rPr>",
        deck.lang,
        (size * 100.0).round() as i64,
        if bold { " b=\"1\"" } else { "" },
        color.hex(),
        xml_escape(deck.font)
    )
}

/// One paragraph; `\n` in the text becomes a line break.
fn paragraph(deck: &Deck, p: &Paragraph, align: Option<&str>) -> String {
    let mut s = String::from("<a:p>");
    let algn = align.map(|a| format!(" algn=\"{a}\"")).unwrap_or_default();
    if p.bullet {
        let _ = write!(
            s,
            "<a:pPr marL=\"285750\" indent=\"-285750\"{algn}><a:spcBef><a:spcPts val=\"600\"/></a:spcBef>\
             <a:buFont typeface=\"Arial\"/><a:buChar char=\"&#8226;\"/></a:pPr>"
        );
    } else {
        let _ = write!(
            s,
            "<a:pPr{algn}><a:spcBef><a:spcPts val=\"400\"/></a:spcBef><a:buNone/></a:pPr>"
        );
    }
    let props = rpr(deck, p.size, p.bold, p.color);
    for (i, line) in p.text.split('\n').enumerate() {
        if i > 0 {
            let _ = write!(s, "<a:br>{props}</a:br>");
        }
        let _ = write!(s, "<a:r>{props}<a:t>{}</a:t></a:r>", xml_escape(line));
    }
    s.push_str("</a:p>");
    s
}

fn slide_xml(deck: &Deck, slide: &Slide, pictures: &[(String, String)]) -> String {
    let mut tree = String::from(GROUP_PROPS);
    let (size, frame) = if slide.cover {
        (40.0, Frame::cm(1.5, 2.5, 30.8, 4.5))
    } else {
        (28.0, title_frame())
    };
    let title = Paragraph::new(slide.title.clone(), size)
        .bold()
        .color(slide.title_color);
    let _ = write!(
        tree,
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Title 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"title\"/></p:nvPr></p:nvSpPr><p:spPr>{}</p:spPr>\
         <p:txBody><a:bodyPr wrap=\"square\" anchor=\"b\"><a:normAutofit/></a:bodyPr><a:lstStyle/>{}</p:txBody></p:sp>",
        xfrm(frame),
        paragraph(deck, &title, None)
    );
    let mut pictures = pictures.iter();
    for (k, shape) in slide.shapes.iter().enumerate() {
        let id = k + 3;
        match shape {
            Shape::Text {
                frame,
                paragraphs,
                fill,
            } => {
                let fill = fill.map_or_else(
                    || "<a:noFill/>".to_string(),
                    |c| {
                        format!(
                            "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                            c.hex()
                        )
                    },
                );
                let body: String = paragraphs
                    .iter()
                    .map(|p| paragraph(deck, p, None))
                    .collect();
                let _ = write!(
                    tree,
                    "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Text {id}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr>\
                     <p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>{fill}</p:spPr>\
                     <p:txBody><a:bodyPr wrap=\"square\" lIns=\"108000\" tIns=\"72000\" rIns=\"108000\" bIns=\"72000\" anchor=\"t\">\
                     <a:normAutofit/></a:bodyPr><a:lstStyle/>{body}</p:txBody></p:sp>",
                    xfrm(*frame)
                );
            }
            Shape::Table { frame, table } => {
                tree.push_str(&table_xml(deck, id, *frame, table));
            }
            Shape::Picture { frame, picture } => {
                let (png_rel, svg_rel) = pictures.next().expect("a relationship per picture");
                let fitted = fit(*frame, &picture.png);
                let _ = write!(
                    tree,
                    "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"Chart {id}\" descr=\"{}\"/>\
                     <p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>\
                     <p:blipFill><a:blip r:embed=\"{png_rel}\"><a:extLst><a:ext uri=\"{SVG_EXT_URI}\">\
                     <asvg:svgBlip xmlns:asvg=\"{NS_SVG}\" r:embed=\"{svg_rel}\"/></a:ext></a:extLst></a:blip>\
                     <a:stretch><a:fillRect/></a:stretch></p:blipFill>\
                     <p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
                    xml_escape(&picture.descr),
                    xfrm(fitted)
                );
            }
        }
    }
    let bg = slide.background.map_or_else(String::new, |c| {
        format!(
            "<p:bg><p:bgPr><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>",
            c.hex()
        )
    });
    format!(
        "{XML_DECL}<p:sld xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\">\
         <p:cSld>{bg}<p:spTree>{tree}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    )
}

/// The largest frame with the PNG's aspect ratio inside `frame`, centred.
fn fit(frame: Frame, png: &[u8]) -> Frame {
    let Some((w, h)) = raster::png_size(png) else {
        return frame;
    };
    let (w, h) = (w as f64, h as f64);
    let scale = (frame.w as f64 / w).min(frame.h as f64 / h);
    let (fw, fh) = ((w * scale).round() as i64, (h * scale).round() as i64);
    Frame {
        x: frame.x + (frame.w - fw) / 2,
        y: frame.y + (frame.h - fh) / 2,
        w: fw,
        h: fh,
    }
}

fn table_xml(deck: &Deck, id: usize, frame: Frame, table: &Table) -> String {
    let total: f64 = table.widths.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let widths: Vec<i64> = table
        .widths
        .iter()
        .map(|w| (w / total * frame.w as f64).round() as i64)
        .collect();
    let row_h = ((table.size * 2.1) * 12_700.0).round() as i64;
    let mut grid = String::new();
    for w in &widths {
        let _ = write!(grid, "<a:gridCol w=\"{w}\"/>");
    }
    let border = |side: &str| {
        format!(
            "<a:{side} w=\"6350\"><a:solidFill><a:srgbClr val=\"DDE2E8\"/></a:solidFill></a:{side}>"
        )
    };
    let borders = format!(
        "{}{}{}{}",
        border("lnL"),
        border("lnR"),
        border("lnT"),
        border("lnB")
    );
    let mut rows = String::new();
    for (r, row) in table.rows.iter().enumerate() {
        let _ = write!(rows, "<a:tr h=\"{row_h}\">");
        for cell in row {
            let header = r == 0;
            let fill = if header {
                Some(table.header)
            } else {
                cell.fill
            };
            let color = if header { table.header.text_on() } else { INK };
            let p = Paragraph {
                text: cell.text.clone(),
                size: table.size,
                bold: cell.bold || header,
                color,
                bullet: false,
            };
            let align = if cell.right { Some("r") } else { None };
            let fill = fill.map_or_else(
                || "<a:noFill/>".to_string(),
                |c| {
                    format!(
                        "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                        c.hex()
                    )
                },
            );
            let _ = write!(
                rows,
                "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{}</a:txBody>\
                 <a:tcPr marL=\"72000\" marR=\"72000\" marT=\"36000\" marB=\"36000\" anchor=\"ctr\">{borders}{fill}</a:tcPr></a:tc>",
                paragraph(deck, &p, align)
            );
        }
        rows.push_str("</a:tr>");
    }
    let height = row_h * table.rows.len() as i64;
    format!(
        "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"{id}\" name=\"Table {id}\"/>\
         <p:cNvGraphicFramePr><a:graphicFrameLocks noGrp=\"1\"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>\
         <p:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{height}\"/></p:xfrm>\
         <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\">\
         <a:tbl><a:tblPr firstRow=\"1\" bandRow=\"1\"/><a:tblGrid>{grid}</a:tblGrid>{rows}</a:tbl>\
         </a:graphicData></a:graphic></p:graphicFrame>",
        frame.x,
        frame.y,
        widths.iter().sum::<i64>()
    )
}

fn notes_slide(deck: &Deck, slide: &Slide) -> String {
    let body: String = if slide.notes.is_empty() {
        "<a:p><a:endParaRPr lang=\"en-US\"/></a:p>".to_string()
    } else {
        slide
            .notes
            .iter()
            .map(|n| paragraph(deck, &Paragraph::new(n.clone(), 12.0), None))
            .collect()
    };
    format!(
        "{XML_DECL}<p:notes xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\">\
         <p:cSld><p:spTree>{GROUP_PROPS}\
         <p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image Placeholder 1\"/>\
         <p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"sldImg\"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>\
         <p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes Placeholder 2\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"body\" idx=\"1\"/></p:nvPr></p:nvSpPr><p:spPr/>\
         <p:txBody><a:bodyPr/><a:lstStyle/>{body}</p:txBody></p:sp>\
         </p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
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
