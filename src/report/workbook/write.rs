//! Writing sheets into an `.xlsx` file: bold wrapped headers, number formats, an Excel table
//! with filter buttons per sheet, the frozen header row, print settings, notes on suppressed
//! cells and the conditional formats in the report's colours.

use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DocProperties, Format, FormatAlign, FormatBorder, Note, Table,
    TableColumn, TableStyle, Workbook, Worksheet,
};

use super::sheet::wrapped_lines;
use super::{Cell, Kind, Mark, Num, Sheet, Tone, WRAP_WIDTH, clip, column_name, unique_sheet_name};

/// Formats shared by all sheets.
struct Formats {
    header: Format,
    header_number: Format,
    text: Format,
    wrap: Format,
    suppressed: Format,
    numbers: Vec<(Num, Format)>,
    /// Conditional formats of a significant gap, in the report's colours.
    blind_spot: Format,
    hidden_strength: Format,
}

impl Formats {
    fn new() -> Formats {
        let body = Format::new().set_align(FormatAlign::Top);
        let numbers = [
            Num::Int,
            Num::Dec1,
            Num::Dec2,
            Num::Signed1,
            Num::Signed2,
            Num::Signed0,
            Num::P,
            Num::Percent,
        ]
        .into_iter()
        .map(|n| (n, body.clone().set_num_format(n.code())))
        .collect();
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Bottom)
            .set_background_color(Color::RGB(0xE8EEF4))
            .set_border_bottom(FormatBorder::Thin);
        Formats {
            header_number: header.clone().set_align(FormatAlign::Right),
            header,
            text: body.clone(),
            wrap: body.clone().set_text_wrap(),
            suppressed: body.set_background_color(Color::RGB(0xF2F2F2)),
            numbers,
            blind_spot: direction_format(crate::report::charts::palette::BLIND_SPOT),
            hidden_strength: direction_format(crate::report::charts::palette::HIDDEN_STRENGTH),
        }
    }

    fn number(&self, num: Num) -> &Format {
        &self
            .numbers
            .iter()
            .find(|(n, _)| *n == num)
            .expect("every Num has a format")
            .1
    }
}

/// Bold text in `c`, the colour of a gap direction in the report (`charts::palette`).
fn direction_format(c: plotters::style::RGBColor) -> Format {
    let rgb = (u32::from(c.0) << 16) | (u32::from(c.1) << 8) | u32::from(c.2);
    Format::new().set_bold().set_font_color(Color::RGB(rgb))
}

/// Write the sheets into an `.xlsx` file in memory.
pub(super) fn write(
    sheets: &[Sheet],
    properties: &DocProperties,
    suppressed: &str,
) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    book.set_properties(properties);
    let formats = Formats::new();
    let mut used = Vec::new();
    for sheet in sheets {
        let name = unique_sheet_name(&sheet.name, &used);
        used.push(name.clone());
        let ws = book.add_worksheet();
        ws.set_name(&name)
            .map_err(|e| anyhow::anyhow!("naming sheet {name:?}: {e}"))?;
        write_sheet(ws, sheet, &formats, suppressed)
            .map_err(|e| anyhow::anyhow!("writing sheet {name:?}: {e}"))?;
    }
    book.save_to_buffer()
        .map_err(|e| anyhow::anyhow!("writing the workbook: {e}"))
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    f: &Formats,
    suppressed: &str,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (c, col) in sheet.columns.iter().enumerate() {
        let format = match col.kind {
            Kind::Number(_) => &f.header_number,
            Kind::Text | Kind::LongText => &f.header,
        };
        ws.write_string_with_format(0, c as u16, &col.header, format)?;
    }
    let widths = sheet.widths();
    for (c, width) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
    }
    // Wrapped headers: Excel does not grow a row for them by itself.
    ws.set_row_height(0, 15.0 * sheet.header_lines(&widths) as f64)?;
    ws.set_freeze_panes(1, u16::from(sheet.freeze_first_column))?;
    if !sheet.rows.is_empty() {
        table(ws, sheet, f)?;
    }
    // Printed: landscape, one page wide, the header row on every page.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    let note = Note::new(suppressed).add_author_prefix(false);
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        // Rows with wrapped text get their height set: not every spreadsheet program
        // grows them on opening.
        let lines = row
            .iter()
            .zip(&sheet.columns)
            .filter_map(|(cell, col)| match (cell, col.kind) {
                (Cell::Text(s), Kind::LongText) => Some(wrapped_lines(s, WRAP_WIDTH - 2.0, false)),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(r, 15.0 * lines as f64)?;
        }
        for (c, (cell, col)) in row.iter().zip(&sheet.columns).enumerate() {
            let c = c as u16;
            match (cell, col.kind) {
                (Cell::Text(s), Kind::LongText) => {
                    ws.write_string_with_format(r, c, clip(s), &f.wrap)?;
                }
                (Cell::Text(s), _) => {
                    ws.write_string_with_format(r, c, clip(s), &f.text)?;
                }
                (Cell::Number(x), Kind::Number(num)) => {
                    ws.write_number_with_format(r, c, *x, f.number(num))?;
                }
                (Cell::NumberAs(x, num), _) => {
                    ws.write_number_with_format(r, c, *x, f.number(*num))?;
                }
                (Cell::Number(x), _) => {
                    ws.write_number_with_format(r, c, *x, &f.text)?;
                }
                (Cell::Empty, _) => {}
                (Cell::Suppressed, _) => {
                    ws.write_blank(r, c, &f.suppressed)?;
                    ws.insert_note(r, c, &note)?;
                }
            }
        }
    }
    let first = sheet.rows.len() as u32 + 2;
    for (i, line) in sheet.footer.iter().enumerate() {
        let r = first + i as u32;
        for (c, cell) in line.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, clip(s))?;
                }
                Cell::Number(x) => {
                    ws.write_number(r, c, *x)?;
                }
                Cell::NumberAs(x, num) => {
                    ws.write_number_with_format(r, c, *x, f.number(*num))?;
                }
                Cell::Empty | Cell::Suppressed => {}
            }
        }
    }
    Ok(())
}

/// The rows as an Excel table: filter buttons on the header, rows banded, headers made unique
/// (Excel requires it); and the gap columns coloured by direction like the PDF.
fn table(ws: &mut Worksheet, sheet: &Sheet, f: &Formats) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut seen: Vec<String> = Vec::new();
    let columns: Vec<TableColumn> = sheet
        .columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let mut header = col.header.trim().to_string();
            if header.is_empty() {
                header = format!("{}", i + 1);
            }
            let base = header.clone();
            let mut k = 2;
            while seen
                .iter()
                .any(|s| s.to_lowercase() == header.to_lowercase())
            {
                header = format!("{base} ({k})");
                k += 1;
            }
            seen.push(header.clone());
            let format = match col.kind {
                Kind::Number(_) => f.header_number.clone(),
                Kind::Text | Kind::LongText => f.header.clone(),
            };
            TableColumn::new()
                .set_header(header)
                .set_header_format(format)
        })
        .collect();
    let last_row = sheet.rows.len() as u32;
    let last_col = sheet.columns.len() as u16 - 1;
    let table = Table::new()
        .set_columns(&columns)
        .set_style(TableStyle::Light1);
    ws.add_table(0, 0, last_row, last_col, &table)?;
    for (c, col) in sheet.columns.iter().enumerate() {
        let Some((sig, yes)) = &col.direction else {
            continue;
        };
        let cell = column_name(c as u16);
        let flag = column_name(*sig as u16);
        let yes = yes.replace('"', "\"\"");
        for (rule, format) in [
            (format!("=AND(${flag}2=\"{yes}\",{cell}2>0)"), &f.blind_spot),
            (
                format!("=AND(${flag}2=\"{yes}\",{cell}2<0)"),
                &f.hidden_strength,
            ),
        ] {
            let cf = ConditionalFormatFormula::new()
                .set_rule(rule.as_str())
                .set_format(format);
            ws.add_conditional_format(1, c as u16, last_row, c as u16, &cf)?;
        }
    }
    for (c, col) in sheet.columns.iter().enumerate() {
        let cell = column_name(c as u16);
        for mark in &col.marks {
            let number = |op: &str, x: f64| format!("=AND(ISNUMBER({cell}2),{cell}2{op}{x})");
            let (rule, tone) = match mark {
                Mark::Below(x, tone) => (number("<", *x), tone),
                Mark::AtLeast(x, tone) => (number(">=", *x), tone),
                Mark::AtMost(x, tone) => (number("<=", *x), tone),
                Mark::TextIs { column, text, tone } => {
                    let flag = column_name(*column as u16);
                    let text = text.replace('"', "\"\"");
                    (format!("=${flag}2=\"{text}\""), tone)
                }
            };
            let format = match tone {
                Tone::Bad => &f.blind_spot,
                Tone::Good => &f.hidden_strength,
            };
            let cf = ConditionalFormatFormula::new()
                .set_rule(rule.as_str())
                .set_format(format);
            ws.add_conditional_format(1, c as u16, last_row, c as u16, &cf)?;
        }
    }
    Ok(())
}
