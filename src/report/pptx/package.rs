//! The package of a deck: the zip of XML parts around the slides — content types,
//! relationships, document properties, presentation, theme, slide master, layout and notes
//! master — written in a fixed order with a fixed timestamp.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Context;

use super::slides::{notes_slide, slide_xml};
use super::{
    Deck, GROUP_PROPS, NS_A, NS_P, NS_R, PKG_REL, REL, SLIDE_H, SLIDE_W, Shape, XML_DECL,
    title_frame, xfrm, xml_escape,
};

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
