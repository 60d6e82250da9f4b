//! The XML of one slide and of its speaker notes: text boxes, native tables and pictures (SVG
//! with a PNG fallback).

use std::fmt::Write as _;

use super::{
    Deck, Frame, GROUP_PROPS, INK, NS_A, NS_P, NS_R, NS_SVG, Paragraph, Rgb, SVG_EXT_URI, Shape,
    Slide, Table, XML_DECL, raster, title_frame, xfrm, xml_escape,
};

/// A shape's or cell's fill: a solid colour, or none.
fn solid_fill(fill: Option<Rgb>) -> String {
    fill.map_or_else(
        || "<a:noFill/>".to_string(),
        |c| {
            format!(
                "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                c.hex()
            )
        },
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

pub(super) fn slide_xml(deck: &Deck, slide: &Slide, pictures: &[(String, String)]) -> String {
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
                let fill = solid_fill(*fill);
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
            let fill = solid_fill(fill);
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

pub(super) fn notes_slide(deck: &Deck, slide: &Slide) -> String {
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
