//! The Excel workbook beside each report (`report.xlsx`): the report's tables for account
//! managers, one sheet per section, with numbers stored as numbers.
//!
//! A section is a small function from the metrics to a [`Sheet`] — a header row of typed
//! [`Column`]s and rows of [`Cell`]s — listed in [`SECTIONS`]. Adding a metric family is one
//! more such function and one more line in that list; [`Sheet`] takes care of formats, column
//! widths, the frozen header row and the note on suppressed cells.
//!
//! The file is deterministic: rust_xlsxwriter writes fixed zip timestamps, and the document's
//! creation date (the one time stamp inside the file) is derived from the wave id.

use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Note, Table, TableColumn, TableStyle, Workbook, Worksheet,
};

use crate::config::{Category, Config, Language};
use crate::ingest::Effect;
use crate::metrics::{AspectMetrics, ImportanceSource, WaveMetrics, by_gap};
use crate::recommend::Recommendation;
use crate::render::format;
use crate::render::i18n::Texts;
use crate::render::view;

/// Excel's limit on the length of a sheet name.
const MAX_SHEET_NAME: usize = 31;
/// Excel's limit on the length of a cell's text (32,767), with room to spare.
const MAX_CELL_TEXT: usize = 32_000;
/// Findings listed on their own sheet before the rest is left to `metrics.json`.
const MAX_FINDINGS: usize = 50_000;
/// Width (in characters) of columns with long, wrapped text.
const WRAP_WIDTH: f64 = 60.0;

/// The sections of the workbook, in sheet order. A section without data returns `None` and
/// gets no sheet.
const SECTIONS: &[fn(&Ctx) -> Option<Sheet>] = &[
    overview,
    mirror,
    mirror_by_layer,
    layers,
    importance,
    actions,
    themes,
    data_quality,
    findings,
];

/// The workbook of one organization and wave, as the bytes of an `.xlsx` file.
///
/// Sheet names, headers and labels come from the translation table `t` (the report's
/// language); aspect and layer names from the config.
pub fn workbook(
    config: &Config,
    m: &WaveMetrics,
    actions: &[Recommendation],
    t: &Texts,
) -> anyhow::Result<Vec<u8>> {
    let ctx = Ctx {
        config,
        m,
        actions,
        t,
        lang: t.lang(),
    };
    let sheets: Vec<Sheet> = SECTIONS
        .iter()
        .filter_map(|section| section(&ctx))
        .collect();
    let properties = DocProperties::new()
        .set_title(format!(
            "{} {} – {}",
            t.get("report_kind"),
            m.org_name,
            m.wave_label
        ))
        .set_subject(t.get("xl_subject"))
        .set_author(config.agency.name.as_str())
        .set_company(config.agency.name.as_str())
        .set_creation_datetime(&creation_date(&m.wave));
    write(&sheets, &properties, &t.get("xl_suppressed_cell"))
}

/// Everything a section function may look at.
struct Ctx<'a> {
    /// The configuration (labels of aspects and layers, scales, alpha).
    config: &'a Config,
    /// The metrics of the wave.
    m: &'a WaveMetrics,
    /// Its action cards, highest priority first.
    actions: &'a [Recommendation],
    /// The translation table of the report's language.
    t: &'a Texts,
    /// The report's language.
    lang: Language,
}

impl Ctx<'_> {
    /// Display name of an aspect id (the id itself when unknown).
    fn aspect_label(&self, id: &str) -> String {
        self.config.aspect_label(id, self.lang).to_string()
    }

    /// Display name of a layer id (the id itself when unknown).
    fn layer_label(&self, id: &str) -> String {
        self.config.layer_label(id, self.lang).to_string()
    }

    /// "ja"/"nee" in the report's language.
    fn yes_no(&self, b: bool) -> Cell {
        Cell::Text(self.t.get(if b { "xl_yes" } else { "xl_no" }))
    }
}

// ------------------------------------------------------------------------------ the sheet

/// How the numbers of a column are shown; the cell always holds the full value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Num {
    /// Whole numbers: counts, ranks (`0`).
    Int,
    /// Means and grades (`0.0`).
    Dec1,
    /// Deviations, correlations, priorities (`0.00`).
    Dec2,
    /// Gaps and changes, with an explicit sign (`+0.0`).
    Signed1,
    /// Biases and rank correlations, with an explicit sign (`+0.00`).
    Signed2,
    /// p-values (`0.000`).
    P,
    /// Shares and rates, stored as fractions 0–1 (`0%`).
    Percent,
}

impl Num {
    /// The Excel number format code (always with `.`: Excel shows the reader's locale).
    pub fn code(self) -> &'static str {
        match self {
            Num::Int => "0",
            Num::Dec1 => "0.0",
            Num::Dec2 => "0.00",
            Num::Signed1 => "+0.0;-0.0;0.0",
            Num::Signed2 => "+0.00;-0.00;0.00",
            Num::P => "0.000",
            Num::Percent => "0%",
        }
    }

    /// Characters the formatted number takes, for the column width.
    fn display_len(self, x: f64) -> usize {
        let decimals = match self {
            Num::Int | Num::Percent => 0,
            Num::Dec1 | Num::Signed1 => 1,
            Num::Dec2 | Num::Signed2 => 2,
            Num::P => 3,
        };
        let shown = if self == Num::Percent { x * 100.0 } else { x };
        let sign = matches!(self, Num::Signed1 | Num::Signed2) || x < 0.0;
        format!("{:.*}", decimals, shown.abs()).len() + usize::from(sign)
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Short text: labels, ids.
    Text,
    /// Long text, wrapped in a wide column: actions, messages.
    LongText,
    /// Numbers shown with a format.
    Number(Num),
}

/// A column of a sheet: its header and what it holds.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header text.
    pub header: String,
    /// What the column holds.
    pub kind: Kind,
    /// A gap column coloured like the report's tables: blind spot or hidden strength when the
    /// text cell in column `significant` says yes (`xl_yes`).
    pub direction: Option<(usize, String)>,
}

impl Column {
    /// A column of short text.
    pub fn text(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            kind: Kind::Text,
            direction: None,
        }
    }

    /// A column of long text, wrapped.
    pub fn long_text(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            kind: Kind::LongText,
            direction: None,
        }
    }

    /// A column of numbers shown as `num`.
    pub fn number(header: impl Into<String>, num: Num) -> Column {
        Column {
            header: header.into(),
            kind: Kind::Number(num),
            direction: None,
        }
    }

    /// Colour this gap column by its direction where column `significant` holds `yes`.
    pub fn coloured_by(mut self, significant: usize, yes: String) -> Column {
        self.direction = Some((significant, yes));
        self
    }
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, always stored as text (never as a formula).
    Text(String),
    /// A number, shown with its column's format.
    Number(f64),
    /// A number with its own format, for columns that mix figures (the overview).
    NumberAs(f64, Num),
    /// No value: the figure does not exist (an empty group, no test possible).
    Empty,
    /// Hidden for anonymity: an empty cell with a note.
    Suppressed,
}

impl Cell {
    /// `value`, or [`Cell::Suppressed`] when the group is hidden.
    pub fn unless_suppressed(suppressed: bool, value: impl Into<Cell>) -> Cell {
        if suppressed {
            Cell::Suppressed
        } else {
            value.into()
        }
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Cell {
        if x.is_finite() {
            Cell::Number(x)
        } else {
            Cell::Empty
        }
    }
}

impl From<Option<f64>> for Cell {
    fn from(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, Cell::from)
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Cell::Number(n as f64)
    }
}

impl From<Option<u64>> for Cell {
    fn from(n: Option<u64>) -> Cell {
        n.map_or(Cell::Empty, Cell::from)
    }
}

impl From<Option<u32>> for Cell {
    fn from(n: Option<u32>) -> Cell {
        n.map_or(Cell::Empty, |n| Cell::Number(f64::from(n)))
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Number(n as f64)
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

/// A sheet: one table with a header row, then lines below it (notes, crosshairs, ...).
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Sheet name (made valid for Excel when written).
    pub name: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// Lines below the table, after an empty row: notes and single figures.
    pub footer: Vec<Vec<Cell>>,
    /// Keep the first column in view when scrolling sideways (wide tables).
    pub freeze_first_column: bool,
}

impl Sheet {
    /// An empty table with these columns.
    pub fn new(name: impl Into<String>, columns: Vec<Column>) -> Sheet {
        Sheet {
            name: name.into(),
            columns,
            rows: Vec::new(),
            footer: Vec::new(),
            freeze_first_column: false,
        }
    }

    /// Add a row; it must have one cell per column.
    pub fn row(&mut self, cells: Vec<Cell>) {
        debug_assert_eq!(
            cells.len(),
            self.columns.len(),
            "row width of sheet {}",
            self.name
        );
        self.rows.push(cells);
    }

    /// Add a line of text below the table.
    pub fn note(&mut self, text: impl Into<String>) {
        self.footer.push(vec![Cell::Text(text.into())]);
    }

    /// Add a labelled figure below the table.
    pub fn figure(&mut self, label: impl Into<String>, value: Option<f64>, num: Num) {
        let value = value.filter(|x| x.is_finite());
        self.footer.push(vec![
            Cell::Text(label.into()),
            value.map_or(Cell::Empty, |x| Cell::NumberAs(x, num)),
        ]);
    }

    /// Column widths in characters: wide enough for every cell and for the header's longest
    /// word (headers wrap onto at most three lines), within bounds.
    fn widths(&self) -> Vec<f64> {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, col)| {
                if col.kind == Kind::LongText {
                    return WRAP_WIDTH;
                }
                let widest = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| match (c, col.kind) {
                        (Cell::Text(s), _) => s.chars().count(),
                        (Cell::Number(x), Kind::Number(num)) => num.display_len(*x),
                        (Cell::NumberAs(x, num), _) => num.display_len(*x),
                        (Cell::Number(x), _) => format!("{x}").len(),
                        (Cell::Empty | Cell::Suppressed, _) => 1,
                    })
                    .max()
                    .unwrap_or(0) as f64;
                // Bold text is a little wider than its character count.
                let header = bold_len(&col.header);
                let word = col
                    .header
                    .split_whitespace()
                    .map(bold_len)
                    .fold(0.0, f64::max);
                let header_need = word.max(header / 3.0).max(header.min(10.0));
                (widest.max(header_need) + 2.0).clamp(6.0, 50.0)
            })
            .collect()
    }

    /// Lines the header row needs at these widths.
    fn header_lines(&self, widths: &[f64]) -> usize {
        self.columns
            .iter()
            .zip(widths)
            .map(|(col, width)| wrapped_lines(&col.header, width - 1.0, true))
            .max()
            .unwrap_or(1)
    }
}

/// Width of bold text, in characters of the body font.
fn bold_len(s: &str) -> f64 {
    (s.chars().count() as f64 * 1.1).ceil()
}

/// Lines `text` takes when wrapped at word boundaries to `width` characters; `bold` text is
/// a little wider.
fn wrapped_lines(text: &str, width: f64, bold: bool) -> usize {
    let len = |w: &str| {
        if bold {
            bold_len(w)
        } else {
            w.chars().count() as f64
        }
    };
    text.lines()
        .map(|line| {
            let mut lines = 1;
            let mut used = 0.0;
            for word in line.split_whitespace() {
                let w = len(word);
                if used > 0.0 && used + 1.0 + w > width {
                    lines += 1;
                    used = w;
                } else {
                    used += if used > 0.0 { 1.0 + w } else { w };
                }
            }
            lines
        })
        .sum::<usize>()
        .max(1)
}

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
            blind_spot: direction_format(crate::charts::palette::BLIND_SPOT),
            hidden_strength: direction_format(crate::charts::palette::HIDDEN_STRENGTH),
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
fn write(
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
    Ok(())
}

/// Excel's name of a column: A … Z, AA …
fn column_name(mut c: u16) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Text cut to what a cell can hold.
fn clip(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_TEXT) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A valid sheet name: without `[]:*?/\`, not starting or ending with `'`, at most 31
/// characters, not blank, and different from the names already `used` (Excel compares
/// names case-insensitively).
fn unique_sheet_name(wanted: &str, used: &[String]) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let base = if cleaned.is_empty() { "Sheet" } else { cleaned };
    let taken = |name: &str| used.iter().any(|u| u.to_lowercase() == name.to_lowercase());
    (1..)
        .map(|i| {
            let suffix = if i == 1 {
                String::new()
            } else {
                format!(" ({i})")
            };
            let room = MAX_SHEET_NAME - suffix.chars().count();
            let stem: String = base.chars().take(room).collect();
            format!("{}{suffix}", stem.trim_end())
        })
        .find(|name| !taken(name))
        .expect("some suffix is free")
}

/// The document's creation date, derived from the wave id so that the same input gives the
/// same bytes: `2026-Q2` → 1 April 2026, `2026-03…` → 1 March 2026, `2026…` → 1 January
/// 2026; otherwise 1 January 2000.
fn creation_date(wave: &str) -> ExcelDateTime {
    let year: Option<u16> = wave
        .get(..4)
        .and_then(|y| y.parse().ok())
        .filter(|y| (1900..=9999).contains(y));
    let rest = wave
        .get(4..)
        .unwrap_or("")
        .trim_start_matches(['-', '_', ' ']);
    let month = match rest.as_bytes() {
        [b'Q' | b'q', q @ b'1'..=b'4', ..] => (q - b'1') * 3 + 1,
        [a @ b'0'..=b'1', b @ b'0'..=b'9', ..] => Some((a - b'0') * 10 + (b - b'0'))
            .filter(|m| (1..=12).contains(m))
            .unwrap_or(1),
        _ => 1,
    };
    let (year, month) = year.map_or((2000, 1), |y| (y, month));
    ExcelDateTime::from_ymd(year, month, 1).expect("a valid date")
}

// ------------------------------------------------------------------------------ sections

/// Key figures: organization, wave, respondents, the overall grade and the top action.
fn overview(c: &Ctx) -> Option<Sheet> {
    let (m, t) = (c.m, c.t);
    let mut s = Sheet::new(
        t.get("xl_sheet_overview"),
        vec![
            Column::text(t.get("xl_col_item")),
            Column::text(t.get("xl_col_value")),
        ],
    );
    let o = &m.overall;
    let figure = |x: Option<f64>, num| {
        x.filter(|x| x.is_finite())
            .map_or(Cell::Empty, |x| Cell::NumberAs(x, num))
    };
    let best = m.layers.iter().find(|l| l.rank == Some(1)).map_or_else(
        || Cell::Text(t.get("layers_not_distinguishable")),
        |l| Cell::Text(c.layer_label(&l.id)),
    );
    let top_action = c.actions.first().map_or(Cell::Empty, |r| {
        let a = view::card_view(c.config, 1, r, c.t);
        Cell::Text(a.title)
    });
    let rows: Vec<(String, Cell)> = vec![
        (t.get("xl_organization"), Cell::Text(m.org_name.clone())),
        (t.get("xl_organization_id"), Cell::Text(m.org.clone())),
        (t.get("cover_wave"), Cell::Text(m.wave_label.clone())),
        (t.get("xl_wave_id"), Cell::Text(m.wave.clone())),
        (
            t.get("group_customers"),
            Cell::NumberAs(m.n.customers as f64, Num::Int),
        ),
        (
            t.get("group_employees_all"),
            Cell::NumberAs(m.n.employees as f64, Num::Int),
        ),
        (
            t.get("kf_customer_grade"),
            figure(o.customer.mean, Num::Dec1),
        ),
        (t.get("kf_staff_grade"), figure(o.employee.mean, Num::Dec1)),
        (t.get("kf_gap"), figure(shown_gap(o), Num::Signed1)),
        (t.get("col_p"), figure(o.p, Num::P)),
        (t.get("xl_col_significant"), c.yes_no(o.significant)),
        (t.get("kf_best_layer"), best),
        (
            t.get("xl_actions_count"),
            Cell::NumberAs(c.actions.len() as f64, Num::Int),
        ),
        (t.get("xl_top_action"), top_action),
    ];
    for (label, value) in rows {
        s.row(vec![Cell::Text(label), value]);
    }
    s.note(t.get("xl_overview_note"));
    Some(s)
}

/// A gap as the report prints it: the difference of the two means rounded as shown (one
/// decimal), so the sheet's columns add up the way the PDF's do.
fn shown_gap(cmp: &crate::metrics::Comparison) -> Option<f64> {
    let (s, c) = (cmp.employee.mean?, cmp.customer.mean?);
    Some(format::printed(s, 1) - format::printed(c, 1))
}

/// The mirror: per aspect customers against all staff, sorted by gap as in the report, and
/// the overall grade last.
fn mirror(c: &Ctx) -> Option<Sheet> {
    let t = c.t;
    let mut s = Sheet::new(
        t.get("xl_sheet_mirror"),
        vec![
            Column::text(t.get("col_aspect")),
            Column::text(t.get("xl_col_category")),
            Column::number(t.get("xl_col_n_customers"), Num::Int),
            Column::number(t.get("xl_col_customer_mean"), Num::Dec1),
            Column::number(t.get("xl_col_customer_sd"), Num::Dec2),
            Column::number(t.get("xl_col_n_employees"), Num::Int),
            Column::number(t.get("xl_col_employee_mean"), Num::Dec1),
            Column::number(t.get("xl_col_employee_sd"), Num::Dec2),
            Column::number(t.get("col_gap"), Num::Signed1),
            Column::number(t.get("xl_col_se"), Num::Dec2),
            Column::number(t.get("xl_col_df"), Num::Dec1),
            Column::number(t.get("xl_col_ci_low"), Num::Signed1),
            Column::number(t.get("xl_col_ci_high"), Num::Signed1),
            Column::number(t.get("col_p"), Num::P),
            Column::text(t.get("xl_col_p_text")),
            Column::text(t.get("xl_col_significant")),
            Column::text(t.get("xl_col_direction")),
        ],
    );
    // The gap (column I) coloured where the significance column (P) says yes.
    s.columns[8] = s.columns[8].clone().coloured_by(15, t.get("xl_yes"));
    let comparison_cells = |cmp: &crate::metrics::Comparison| -> Vec<Cell> {
        let direction = match (cmp.significant, cmp.gap) {
            (true, Some(g)) if g > 0.0 => Cell::Text(t.get("blind_spot")),
            (true, Some(g)) if g < 0.0 => Cell::Text(t.get("hidden_strength")),
            _ => Cell::Empty,
        };
        vec![
            cmp.customer.n.into(),
            cmp.customer.mean.into(),
            cmp.customer.sd.into(),
            cmp.employee.n.into(),
            cmp.employee.mean.into(),
            cmp.employee.sd.into(),
            shown_gap(cmp).into(),
            cmp.se.into(),
            cmp.df.into(),
            cmp.ci_low.into(),
            cmp.ci_high.into(),
            cmp.p.into(),
            cmp.p.map_or(Cell::Empty, |p| {
                Cell::Text(format::p_value(Some(p), c.lang))
            }),
            c.yes_no(cmp.significant),
            direction,
        ]
    };
    for a in by_gap(&c.m.aspects) {
        let mut row = vec![
            Cell::Text(c.aspect_label(&a.id)),
            Cell::Text(category(c, a.category)),
        ];
        row.extend(comparison_cells(&a.comparison));
        s.row(row);
    }
    let mut row = vec![Cell::Text(t.get("overall_grade")), Cell::Empty];
    row.extend(comparison_cells(&c.m.overall));
    s.row(row);
    s.note(t.fill(
        "mirror_table_note",
        &[("alpha", &format::plain(c.config.alpha, c.lang))],
    ));
    Some(s)
}

/// The mirror per layer: each layer's prediction, gap and p-value per aspect.
fn mirror_by_layer(c: &Ctx) -> Option<Sheet> {
    let t = c.t;
    let layers = &c.m.layers;
    let first = c.m.aspects.first()?;
    let mut columns = vec![
        Column::text(t.get("col_aspect")),
        Column::number(t.get("xl_col_customer_mean"), Num::Dec1),
    ];
    for lc in &first.by_layer {
        let layer = c.layer_label(&lc.layer);
        let args = [("layer", layer.as_str())];
        columns.push(Column::number(
            t.fill("xl_col_layer_mean", &args),
            Num::Dec1,
        ));
        columns.push(Column::number(
            t.fill("xl_col_layer_gap", &args),
            Num::Signed1,
        ));
        columns.push(Column::number(t.fill("xl_col_layer_p", &args), Num::P));
    }
    let mut s = Sheet::new(t.get("xl_sheet_mirror_layers"), columns);
    s.freeze_first_column = true;
    for a in by_gap(&c.m.aspects) {
        let mut row = vec![
            Cell::Text(c.aspect_label(&a.id)),
            a.comparison.customer.mean.into(),
        ];
        for lc in &a.by_layer {
            let cmp = lc.comparison.as_ref();
            row.push(Cell::unless_suppressed(
                lc.suppressed,
                cmp.and_then(|x| x.employee.mean),
            ));
            row.push(Cell::unless_suppressed(
                lc.suppressed,
                cmp.and_then(shown_gap),
            ));
            row.push(Cell::unless_suppressed(
                lc.suppressed,
                cmp.and_then(|x| x.p),
            ));
        }
        s.row(row);
    }
    if layers.iter().any(|l| l.suppressed) {
        s.note(suppressed_note(c));
    }
    Some(s)
}

/// Who knows the customer best: mae, bias, rank and importance correlation per layer.
fn layers(c: &Ctx) -> Option<Sheet> {
    let t = c.t;
    if c.m.layers.is_empty() {
        return None;
    }
    let mut s = Sheet::new(
        t.get("xl_sheet_layers"),
        vec![
            Column::text(t.get("col_layer")),
            Column::number(t.get("col_n"), Num::Int),
            Column::number(t.get("col_mae"), Num::Dec2),
            Column::number(t.get("col_bias"), Num::Signed2),
            Column::number(t.get("col_rank"), Num::Int),
            Column::number(t.get("xl_col_aspects_compared"), Num::Int),
            Column::number(t.get("col_spearman"), Num::Signed2),
        ],
    );
    for l in &c.m.layers {
        let hidden = l.suppressed;
        s.row(vec![
            Cell::Text(c.layer_label(&l.id)),
            Cell::unless_suppressed(hidden, l.n),
            Cell::unless_suppressed(hidden, l.mae),
            Cell::unless_suppressed(hidden, l.bias),
            Cell::unless_suppressed(hidden, l.rank),
            Cell::unless_suppressed(hidden, l.aspects_compared),
            Cell::unless_suppressed(hidden, l.importance_spearman),
        ]);
    }
    s.note(t.get("layers_note"));
    if c.m.layers.iter().any(|l| l.suppressed) {
        s.note(suppressed_note(c));
    }
    Some(s)
}

/// Importance: stated, predicted (all staff and per layer), derived, performance and
/// quadrant; sorted by customers' importance as in the report; the crosshairs below.
fn importance(c: &Ctx) -> Option<Sheet> {
    let (t, m) = (c.t, c.m);
    let first = m.aspects.first()?;
    let mut columns = vec![
        Column::text(t.get("col_aspect")),
        Column::number(t.get("col_imp_customers"), Num::Dec1),
        Column::number(t.get("col_imp_employees"), Num::Dec1),
        Column::number(t.get("xl_col_importance_gap"), Num::Signed1),
    ];
    for li in &first.importance.by_layer {
        columns.push(Column::number(c.layer_label(&li.layer), Num::Dec1));
    }
    columns.extend([
        Column::number(t.get("col_derived"), Num::Dec2),
        Column::number(t.get("xl_col_performance"), Num::Dec1),
        Column::text(t.get("col_quadrant")),
    ]);
    let mut s = Sheet::new(t.get("xl_sheet_importance"), columns);
    let suppressed: Vec<bool> = first
        .importance
        .by_layer
        .iter()
        .map(|li| m.layers.iter().any(|l| l.id == li.layer && l.suppressed))
        .collect();
    let mut aspects: Vec<&AspectMetrics> = m.aspects.iter().collect();
    aspects.sort_by(|a, b| {
        let key = |x: &AspectMetrics| x.importance.customer.mean.unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a))
    });
    for a in aspects {
        let imp = &a.importance;
        let mut row = vec![
            Cell::Text(c.aspect_label(&a.id)),
            imp.customer.mean.into(),
            imp.employee.mean.into(),
            imp.gap.into(),
        ];
        for (li, &hidden) in imp.by_layer.iter().zip(&suppressed) {
            row.push(Cell::unless_suppressed(hidden, li.mean));
        }
        row.extend([
            imp.derived.into(),
            a.comparison.customer.mean.into(),
            a.quadrant.map_or(Cell::Empty, |q| {
                Cell::Text(t.get(&format!("quadrant_{}", q.id())))
            }),
        ]);
        s.row(row);
    }
    if let Some(source) = m.importance.source {
        s.note(t.get("def_quadrant"));
        if source == ImportanceSource::Derived {
            s.note(t.get("matrix_intro_derived"));
        }
        let (x, y) = (
            m.importance.crosshair_performance,
            m.importance.crosshair_importance,
        );
        s.figure(t.get("xl_crosshair_performance"), x, Num::Dec2);
        s.figure(t.get("xl_crosshair_importance"), y, Num::Dec2);
    }
    if suppressed.iter().any(|&h| h) {
        s.note(suppressed_note(c));
    }
    Some(s)
}

/// Every action card with its texts, in the report's order: what a reader needs, no internal
/// rule ids or priority scores (those stay in `metrics.json`).
fn actions(c: &Ctx) -> Option<Sheet> {
    let t = c.t;
    let mut s = Sheet::new(
        t.get("xl_sheet_actions"),
        vec![
            Column::number(t.get("col_rank"), Num::Int),
            Column::text(t.get("xl_col_title")),
            Column::long_text(t.get("xl_col_action")),
            Column::long_text(t.get("evidence")),
            Column::long_text(t.get("xl_col_target")),
        ],
    );
    for (i, r) in c.actions.iter().enumerate() {
        let a = view::card_view(c.config, i + 1, r, c.t);
        s.row(vec![
            (i + 1).into(),
            Cell::Text(a.title),
            Cell::Text(a.action),
            Cell::Text(a.evidence),
            Cell::Text(a.target),
        ]);
    }
    if c.actions.is_empty() {
        s.note(t.get("actions_none"));
    }
    Some(s)
}

/// Open answers per theme of the codebook: answers and share per group.
fn themes(c: &Ctx) -> Option<Sheet> {
    let t = c.t;
    let m = &c.m.themes;
    if m.groups.iter().all(|g| g.answered == 0) {
        return None;
    }
    let mut columns = vec![Column::text(t.get("xl_col_theme"))];
    for g in &m.groups {
        let label = t.get(if g.group == "customers" {
            "customers"
        } else {
            "employees"
        });
        columns.push(Column::number(
            t.fill("xl_col_theme_count", &[("group", &label)]),
            Num::Int,
        ));
        columns.push(Column::number(
            t.fill("xl_col_theme_share", &[("group", &label)]),
            Num::Percent,
        ));
    }
    let mut s = Sheet::new(t.get("xl_sheet_themes"), columns);
    for (k, theme) in c.config.themes.iter().enumerate() {
        let mut row = vec![Cell::Text(theme.label.get(c.lang).to_string())];
        for g in &m.groups {
            let share = g.themes.get(k);
            row.push(share.map(|x| x.count).into());
            row.push(share.and_then(|x| x.share).into());
        }
        s.row(row);
    }
    let mut row = vec![Cell::Text(t.get("themes_other"))];
    for g in &m.groups {
        row.push(g.other.count.into());
        row.push(g.other.share.into());
    }
    s.row(row);
    s.note(t.fill(
        "themes_note",
        &[
            ("customers", &m.groups[0].answered.to_string()),
            ("employees", &m.groups[1].answered.to_string()),
        ],
    ));
    Some(s)
}

/// Rows read, used and rejected per input file.
fn data_quality(c: &Ctx) -> Option<Sheet> {
    let t = c.t;
    let q = &c.m.data_quality;
    let mut s = Sheet::new(
        t.get("xl_sheet_quality"),
        vec![
            Column::text(t.get("col_file")),
            Column::number(t.get("col_rows_read"), Num::Int),
            Column::number(t.get("col_rows_used"), Num::Int),
            Column::number(t.get("col_rows_rejected"), Num::Int),
            Column::number(t.get("col_values_missing"), Num::Int),
        ],
    );
    for (name, f) in &q.files {
        s.row(vec![
            Cell::Text(name.clone()),
            f.rows_read.into(),
            f.rows_used.into(),
            f.rejected().into(),
            f.values_missing.values().sum::<u64>().into(),
        ]);
    }
    if q.findings.is_empty() {
        s.note(t.get("quality_clean"));
    } else {
        s.note(t.fill(
            "xl_quality_see_findings",
            &[("count", &q.findings.len().to_string())],
        ));
    }
    Some(s)
}

/// Every data-quality finding with file, line and column; only when there are findings.
fn findings(c: &Ctx) -> Option<Sheet> {
    let t = c.t;
    let all = &c.m.data_quality.findings;
    if all.is_empty() {
        return None;
    }
    let mut s = Sheet::new(
        t.get("xl_sheet_findings"),
        vec![
            Column::text(t.get("col_file")),
            Column::number(t.get("xl_col_line"), Num::Int),
            Column::number(t.get("xl_col_column"), Num::Int),
            Column::text(t.get("xl_col_reason")),
            Column::text(t.get("xl_col_effect")),
            Column::long_text(t.get("xl_col_message")),
        ],
    );
    for f in all.iter().take(MAX_FINDINGS) {
        // The file name only: the files of a wave share a folder, and local paths stay out.
        let file = f.at.file.file_name().map_or_else(
            || f.at.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let effect = match f.effect {
            Effect::ValueMissing => "xl_effect_value_missing",
            Effect::RowRejected => "xl_effect_row_rejected",
            Effect::Note => "xl_effect_note",
        };
        s.row(vec![
            Cell::Text(file),
            f.at.line.into(),
            if f.at.column == 0 {
                Cell::Empty
            } else {
                f.at.column.into()
            },
            Cell::Text(f.reason.to_string()),
            Cell::Text(t.get(effect)),
            Cell::Text(f.at.message.clone()),
        ]);
    }
    if all.len() > MAX_FINDINGS {
        s.note(t.fill(
            "quality_more",
            &[("count", &(all.len() - MAX_FINDINGS).to_string())],
        ));
    }
    Some(s)
}

// ------------------------------------------------------------------------------ helpers

/// Aspects sorted by gap, largest overestimation first, those without a gap last (the order
/// of the report's mirror table).
fn category(c: &Ctx, category: Category) -> String {
    c.t.get(match category {
        Category::Human => "xl_category_human",
        Category::Functional => "xl_category_functional",
    })
}

/// The significance level as the report writes it: `0,05` in Dutch.
fn suppressed_note(c: &Ctx) -> String {
    c.t.fill(
        "suppressed_note",
        &[("min", &c.config.anonymity.min_employees.to_string())],
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::{Cursor, Read as _};
    use std::path::{Path, PathBuf};

    use calamine::{Data, Reader as _, Xlsx, open_workbook_from_rs};

    use super::*;
    use crate::ingest::{DataQuality, FileStats, Finding, Location, WaveData};
    use crate::model::{CustomerResponse, EmployeeResponse, OrgMeta, Organization, Wave, WaveMeta};

    const CONFIG: &str = "agency: { name: Bureau }\nanonymity: { min_employees: 2 }\nlayers:\n  - id: frontline\n    label: { nl: Front, en: Front }\n  - id: management\n    label: { nl: Management, en: Management }\n  - id: board\n    label: { nl: Directie, en: Board }\nquestionnaire:\n  aspects:\n    - id: a\n      label: { nl: Afspraken, en: Appointments }\n      category: human\n    - id: b\n      label: { nl: Bereikbaarheid, en: Reachability }\n      category: functional\n";

    fn customer(id: &str, overall: f64, scores: [f64; 2], imp: [f64; 2]) -> CustomerResponse {
        CustomerResponse {
            respondent_id: id.into(),
            overall: Some(overall),
            scores: scores.map(Some).to_vec(),
            importance: imp.map(Some).to_vec(),
            ..Default::default()
        }
    }

    fn employee(
        id: &str,
        layer: usize,
        overall: f64,
        scores: [f64; 2],
        imp: [f64; 2],
    ) -> EmployeeResponse {
        EmployeeResponse {
            respondent_id: id.into(),
            layer,
            overall: Some(overall),
            scores: scores.map(Some).to_vec(),
            importance: imp.map(Some).to_vec(),
            ..Default::default()
        }
    }

    /// A wave small enough to compute by hand.
    ///
    /// Customers: a = 6, 8 (mean 7, SD √2); b = 5, 7 (mean 6); overall 6, 9 (mean 7.5);
    /// importance a = 5, b = 3.
    /// Staff: frontline (3) a = 7, 7, 7 and b = 6, 7, 8; management (1) and board (2) a = 9,
    /// b = 4. All staff: a = 48/6 = 8 (gap +1), b = 33/6 = 5.5 (gap −0.5), overall 8.5 (gap
    /// +1). Management is below the threshold of 2, and the board, the smallest other layer,
    /// is hidden with it. Frontline: errors a 0, b +1 → mae 0.5, bias +0.5, rank 1.
    /// Importance: frontline a 4, b 2; the others a 2, b 5 → all staff a 3 (gap −2), b 3.5
    /// (gap +0.5).
    fn metrics(org_name: &str) -> (Config, WaveMetrics, Vec<Recommendation>) {
        let config = Config::parse(Path::new("t.yaml"), CONFIG).unwrap();
        let org = Organization {
            id: "org-x".into(),
            dir: PathBuf::from("/data/org-x"),
            meta: OrgMeta {
                name: org_name.into(),
                language: Language::Nl,
                account_manager: None,
                departments: vec![],
                ingest: Default::default(),
                brand: Default::default(),
                questionnaire: Default::default(),
                weights: None,
            },
            waves: vec![],
        };
        let wave = Wave {
            id: "2026-Q2".into(),
            dir: PathBuf::from("/data/org-x/2026-Q2"),
            meta: WaveMeta {
                label: Some("Zomer 2026".into()),
                fieldwork: None,
            },
        };
        let mut quality = DataQuality::default();
        quality.files.insert(
            "customers.csv".into(),
            FileStats {
                rows_read: 3,
                rows_used: 2,
                rows_rejected: BTreeMap::from([("duplicate_id", 1)]),
                values_missing: BTreeMap::from([("out_of_range", 2)]),
                ..FileStats::default()
            },
        );
        quality.findings.push(Finding {
            at: Location {
                file: PathBuf::from("/home/someone/data/org-x/2026-Q2/customers.csv"),
                line: 4,
                column: 3,
                message: "value 11 is outside the scale 1–10".into(),
            },
            reason: "out_of_range",
            effect: Effect::ValueMissing,
        });
        let data = WaveData {
            customers: vec![
                customer("c1", 6.0, [6.0, 5.0], [5.0, 3.0]),
                customer("c2", 9.0, [8.0, 7.0], [5.0, 3.0]),
            ],
            employees: vec![
                employee("f1", 0, 8.0, [7.0, 6.0], [4.0, 2.0]),
                employee("f2", 0, 8.0, [7.0, 7.0], [4.0, 2.0]),
                employee("f3", 0, 8.0, [7.0, 8.0], [4.0, 2.0]),
                employee("m1", 1, 9.0, [9.0, 4.0], [2.0, 5.0]),
                employee("b1", 2, 9.0, [9.0, 4.0], [2.0, 5.0]),
                employee("b2", 2, 9.0, [9.0, 4.0], [2.0, 5.0]),
            ],
            quality,
            ..WaveData::default()
        };
        let m = crate::metrics::compute(&config, &org, &wave, &data);
        let actions = vec![Recommendation {
            rule: "blind_spot",
            priority: 1.5,
            subject: Some("a".into()),
            evidence: BTreeMap::from([
                ("gap", 1.0),
                ("customer", 7.0),
                ("staff", 8.0),
                ("q", 0.0004),
                ("ci_low", 0.6),
                ("ci_high", 1.4),
                ("n_customers", 2.0),
                ("n_staff", 6.0),
            ]),
            subjects: vec!["a".into()],
            target: None,
            findings: Vec::new(),
        }];
        (config, m, actions)
    }

    fn build(org_name: &str, lang: Language) -> Vec<u8> {
        let (config, m, actions) = metrics(org_name);
        workbook(&config, &m, &actions, &Texts::load(lang).unwrap()).unwrap()
    }

    fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a readable xlsx")
    }

    fn sheet(bytes: &[u8], name: &str) -> calamine::Range<Data> {
        open(bytes)
            .worksheet_range(name)
            .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
    }

    /// A part of the xlsx package, as text.
    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[track_caller]
    fn number(range: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
        match range.get_value((row, col)) {
            Some(Data::Float(x)) => *x,
            Some(Data::Int(n)) => *n as f64,
            other => panic!("cell ({row}, {col}): expected a number, got {other:?}"),
        }
    }

    #[track_caller]
    fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
        match range.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            other => panic!("cell ({row}, {col}): expected text, got {other:?}"),
        }
    }

    #[track_caller]
    fn empty(range: &calamine::Range<Data>, row: u32, col: u32) {
        let v = range.get_value((row, col));
        assert!(
            matches!(v, None | Some(Data::Empty)),
            "cell ({row}, {col}): expected empty, got {v:?}"
        );
    }

    #[track_caller]
    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-9,
            "expected {expected}, got {actual}"
        );
    }

    #[test]
    fn one_sheet_per_section_named_from_the_translation_table() {
        let bytes = build("Gemeente X", Language::Nl);
        assert_eq!(
            open(&bytes).sheet_names(),
            [
                "Overzicht",
                "Spiegel",
                "Spiegel per laag",
                "Lagen",
                "Belang",
                "Acties",
                "Datakwaliteit",
                "Bevindingen"
            ]
        );
        let en = build("Gemeente X", Language::En);
        assert_eq!(open(&en).sheet_names()[0], "Overview");
        assert_eq!(
            sheet(&en, "Mirror").get_value((0, 0)),
            Some(&Data::String("Aspect".into()))
        );
    }

    #[test]
    fn mirror_figures_are_numbers_sorted_by_gap_with_the_overall_grade_last() {
        let bytes = build("Gemeente X", Language::Nl);
        let s = sheet(&bytes, "Spiegel");
        assert_eq!(text(&s, 0, 8), "Verschil");
        // a: gap +1 first; b: gap −0.5 second; the overall grade last.
        assert_eq!(text(&s, 1, 0), "Afspraken");
        assert_eq!(text(&s, 1, 1), "Bejegening");
        close(number(&s, 1, 2), 2.0);
        close(number(&s, 1, 3), 7.0);
        close(number(&s, 1, 4), 2f64.sqrt());
        close(number(&s, 1, 5), 6.0);
        close(number(&s, 1, 6), 8.0);
        // Staff a: 7, 7, 7, 9, 9, 9 → s² = 6/5.
        close(number(&s, 1, 7), 1.2f64.sqrt());
        close(number(&s, 1, 8), 1.0);
        // se = √(2/2 + 1.2/6) = √1.2.
        close(number(&s, 1, 9), 1.2f64.sqrt());
        let p = number(&s, 1, 13);
        assert!(p > 0.0 && p < 1.0);
        assert_eq!(text(&s, 2, 0), "Bereikbaarheid");
        close(number(&s, 2, 8), -0.5);
        assert_eq!(text(&s, 3, 0), "Rapportcijfer (totaal)");
        close(number(&s, 3, 3), 7.5);
        close(number(&s, 3, 6), 8.5);
        close(number(&s, 3, 8), 1.0);
    }

    #[test]
    fn sheets_are_excel_tables_with_filters_and_gaps_coloured_like_the_report() {
        let bytes = build("Gemeente X", Language::Nl);
        let tables: Vec<String> = (1..=3)
            .filter_map(|i| {
                let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
                let mut s = String::new();
                zip.by_name(&format!("xl/tables/table{i}.xml"))
                    .ok()?
                    .read_to_string(&mut s)
                    .ok()?;
                Some(s)
            })
            .collect();
        assert!(tables.len() >= 2, "every sheet with rows is a table");
        assert!(tables.iter().all(|t| t.contains("<autoFilter")));
        // The mirror sheet: significant gaps in the report's vermillion and bluish green.
        let sheet2 = part(&bytes, "xl/worksheets/sheet2.xml");
        assert!(
            sheet2.contains("<conditionalFormatting sqref=\"I2:I"),
            "{sheet2}"
        );
        assert!(sheet2.contains("<formula>AND($P2=\"ja\",I2&gt;0)</formula>"));
        assert!(sheet2.contains("<formula>AND($P2=\"ja\",I2&lt;0)</formula>"));
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains("FFD55E00") && styles.contains("FF009E73"));
        // p beside its raw value as the report prints it.
        let s = sheet(&bytes, "Spiegel");
        assert_eq!(text(&s, 0, 14), "p (afgerond)");
        let p = number(&s, 1, 13);
        assert_eq!(text(&s, 1, 14), format::p_value(Some(p), Language::Nl));
    }

    #[test]
    fn themes_sheet_has_counts_and_shares_per_group() {
        let sample = crate::report::sections::sample::last_wave();
        let t = Texts::load(Language::Nl).unwrap();
        let bytes = workbook(&sample.config, &sample.metrics, &sample.actions, &t).unwrap();
        let s = sheet(&bytes, "Thema's");
        assert_eq!(text(&s, 0, 0), "Thema");
        let g = &sample.metrics.themes.groups[0];
        for (k, theme) in sample.config.themes.iter().enumerate() {
            let r = k as u32 + 1;
            assert_eq!(text(&s, r, 0), theme.label.nl);
            close(number(&s, r, 1), g.themes[k].count as f64);
            close(number(&s, r, 2), g.themes[k].share.unwrap());
        }
    }

    #[test]
    fn gaps_are_the_differences_of_the_means_as_shown() {
        let sample = crate::report::sections::sample::last_wave();
        let t = Texts::load(Language::Nl).unwrap();
        let bytes = workbook(&sample.config, &sample.metrics, &sample.actions, &t).unwrap();
        let s = sheet(&bytes, "Spiegel");
        let shown = |x: f64| crate::render::format::printed(x, 1);
        let mut rows = 0;
        for row in 1..s.height() as u32 {
            let Some(Data::Float(gap)) = s.get_value((row, 8)) else {
                continue;
            };
            let (c, e) = (number(&s, row, 3), number(&s, row, 6));
            close(*gap, shown(e) - shown(c));
            rows += 1;
        }
        assert!(rows >= 5, "{rows} rows checked");
    }

    #[test]
    fn suppressed_layers_are_empty_cells_with_a_note() {
        let bytes = build("Gemeente X", Language::Nl);
        let s = sheet(&bytes, "Lagen");
        assert_eq!(text(&s, 1, 0), "Front");
        close(number(&s, 1, 1), 3.0);
        close(number(&s, 1, 2), 0.5);
        close(number(&s, 1, 3), 0.5);
        // Three against two employees cannot be told apart: no rank.
        empty(&s, 1, 4);
        close(number(&s, 1, 5), 2.0);
        // Frontline ranks a (4) above b (2) like customers (5 > 3).
        close(number(&s, 1, 6), 1.0);
        for row in [2, 3] {
            for col in 1..=6 {
                empty(&s, row, col);
            }
        }
        // Every hidden cell carries the note: 2 layers × 6 figures here, and 2 layers × 3
        // figures × 2 aspects on the per-layer mirror.
        let comments = part(&bytes, "xl/comments2.xml");
        assert_eq!(comments.matches("niet getoond").count(), 12, "{comments}");
        let per_layer = sheet(&bytes, "Spiegel per laag");
        assert_eq!(text(&per_layer, 0, 2), "Front: inschatting");
        close(number(&per_layer, 1, 2), 7.0);
        close(number(&per_layer, 1, 3), 0.0);
        close(number(&per_layer, 2, 3), 1.0);
        for col in 5..=10 {
            empty(&per_layer, 1, col);
        }
    }

    #[test]
    fn importance_is_sorted_by_customers_with_layers_and_quadrants() {
        let bytes = build("Gemeente X", Language::Nl);
        let s = sheet(&bytes, "Belang");
        assert_eq!(text(&s, 1, 0), "Afspraken");
        close(number(&s, 1, 1), 5.0);
        close(number(&s, 1, 2), 3.0);
        close(number(&s, 1, 3), -2.0);
        close(number(&s, 1, 4), 4.0);
        empty(&s, 1, 5);
        empty(&s, 1, 6);
        close(number(&s, 1, 8), 7.0);
        assert_eq!(text(&s, 1, 9), "Zo doorgaan");
        assert_eq!(text(&s, 2, 9), "Lage prioriteit");
        close(number(&s, 2, 3), 0.5);
        // Crosshairs below the table: performance (7 + 6)/2, importance (5 + 3)/2.
        let rows: Vec<Vec<Data>> = s.rows().map(<[Data]>::to_vec).collect();
        let figure = |label: &str| {
            let row = rows
                .iter()
                .find(|r| r[0] == Data::String(label.into()))
                .unwrap_or_else(|| panic!("no row {label}"));
            match row[1] {
                Data::Float(x) => x,
                ref other => panic!("{label}: {other:?}"),
            }
        };
        close(figure("Kruispunt prestatie"), 6.5);
        close(figure("Kruispunt belang"), 4.0);
    }

    #[test]
    fn overview_and_actions_read_like_the_report() {
        let bytes = build("Gemeente X", Language::Nl);
        let s = sheet(&bytes, "Overzicht");
        assert_eq!(text(&s, 1, 1), "Gemeente X");
        assert_eq!(text(&s, 3, 1), "Zomer 2026");
        close(number(&s, 5, 1), 2.0);
        close(number(&s, 6, 1), 6.0);
        close(number(&s, 7, 1), 7.5);
        close(number(&s, 8, 1), 8.5);
        close(number(&s, 9, 1), 1.0);
        assert_eq!(
            text(&s, 12, 1),
            "niet te onderscheiden bij deze steekproefgrootte"
        );
        assert_eq!(text(&s, 14, 1), "Blinde vlek: Afspraken");
        let a = sheet(&bytes, "Acties");
        close(number(&a, 1, 0), 1.0);
        assert_eq!(text(&a, 0, 4), "Doel volgende meting");
        assert!(
            text(&a, 1, 1).starts_with("Blinde vlek: "),
            "{}",
            text(&a, 1, 1)
        );
        assert_eq!(
            text(&a, 1, 3),
            "Klanten 7,0 (n = 2), inschatting medewerkers 8,0 (n = 6), verschil +1,0 \
             (95%-interval 0,6 tot 1,4; q < 0,001)."
        );
    }

    #[test]
    fn data_quality_names_files_without_local_paths() {
        let bytes = build("Gemeente X", Language::Nl);
        let q = sheet(&bytes, "Datakwaliteit");
        assert_eq!(text(&q, 1, 0), "customers.csv");
        let figures: Vec<f64> = (1..=4).map(|c| number(&q, 1, c)).collect();
        assert_eq!(figures, [3.0, 2.0, 1.0, 2.0]);
        let f = sheet(&bytes, "Bevindingen");
        assert_eq!(text(&f, 1, 0), "customers.csv");
        close(number(&f, 1, 1), 4.0);
        close(number(&f, 1, 2), 3.0);
        assert_eq!(text(&f, 1, 3), "out_of_range");
        assert!(!part(&bytes, "xl/sharedStrings.xml").contains("/home/someone"));
    }

    #[test]
    fn number_formats_bold_headers_and_frozen_header_row() {
        let bytes = build("Gemeente X", Language::Nl);
        let styles = part(&bytes, "xl/styles.xml");
        for code in ["0.0", "0.00", "+0.0;-0.0;0.0", "+0.00;-0.00;0.00", "0.000"] {
            assert!(
                styles.contains(&format!("formatCode=\"{code}\"")),
                "{code} in {styles}"
            );
        }
        assert!(styles.contains("<b/>"), "a bold font");
        let mirror = part(&bytes, "xl/worksheets/sheet2.xml");
        assert!(
            mirror.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{mirror}"
        );
        assert!(mirror.contains("<cols>"), "column widths are set");
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let a = build("Gemeente X", Language::Nl);
        let b = build("Gemeente X", Language::Nl);
        assert!(a == b, "two workbooks of the same wave differ");
        let core = part(&a, "docProps/core.xml");
        assert!(core.contains("2026-04-01T00:00:00Z"), "{core}");
    }

    #[test]
    fn hostile_text_stays_text() {
        let name = "=HYPERLINK(\"http://evil.example\",\"klik\") <script>&";
        let bytes = build(name, Language::Nl);
        let s = sheet(&bytes, "Overzicht");
        assert_eq!(text(&s, 1, 1), name);
        let overview = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(!overview.contains("<f>"), "no formulas: {overview}");
    }

    #[test]
    fn sheet_names_are_made_valid_and_unique() {
        let used = vec!["Spiegel".to_string()];
        assert_eq!(unique_sheet_name("spiegel", &used), "spiegel (2)");
        assert_eq!(unique_sheet_name("a/b:c?", &[]), "a b c");
        assert_eq!(unique_sheet_name("'quoted'", &[]), "quoted");
        assert_eq!(unique_sheet_name(" [] ", &[]), "Sheet");
        let long = "Klachtafhandeling ten opzichte van de benchmark";
        let name = unique_sheet_name(long, &[]);
        assert_eq!(name, "Klachtafhandeling ten opzichte");
        assert!(name.chars().count() <= 31);
        let again = unique_sheet_name(long, &[name]);
        assert_eq!(again, "Klachtafhandeling ten opzic (2)");
        assert!(again.chars().count() <= 31);
    }

    #[test]
    fn headers_wrap_at_words_and_columns_fit_their_figures() {
        let mut s = Sheet::new(
            "x",
            vec![
                Column::number("Klanten (gemiddelde)", Num::Dec1),
                Column::number("Vrijheidsgraden", Num::Dec1),
                Column::text("Aspect"),
            ],
        );
        s.row(vec![
            Cell::Number(7.25),
            Cell::Number(115.5),
            "Inleving en compassie".into(),
        ]);
        let w = s.widths();
        // "(gemiddelde)" is 12 characters, 14 in bold, + 2 margin; the figure needs less.
        assert_eq!(w[0], 16.0);
        // "Vrijheidsgraden": 15 → 17 bold + 2.
        assert_eq!(w[1], 19.0);
        // The aspect label (21) is wider than its header.
        assert_eq!(w[2], 23.0);
        assert_eq!(s.header_lines(&w), 2);
        assert_eq!(wrapped_lines("een twee drie", 100.0, true), 1);
        assert_eq!(wrapped_lines("een twee drie", 11.0, true), 2);
        assert_eq!(wrapped_lines("een twee drie", 9.0, true), 3);
        assert_eq!(wrapped_lines("een twee drie", 9.0, false), 2);
        assert_eq!(wrapped_lines("een\ntwee drie", 100.0, false), 2);
    }

    #[test]
    fn creation_date_follows_the_wave_id() {
        let ymd = |w: &str| creation_date(w).to_excel();
        let date = |y, m, d| ExcelDateTime::from_ymd(y, m, d).unwrap().to_excel();
        assert_eq!(ymd("2026-Q3"), date(2026, 7, 1));
        assert_eq!(ymd("2025-11"), date(2025, 11, 1));
        assert_eq!(ymd("2024"), date(2024, 1, 1));
        assert_eq!(ymd("2024-13"), date(2024, 1, 1));
        assert_eq!(ymd("voorjaar"), date(2000, 1, 1));
        assert_eq!(ymd(""), date(2000, 1, 1));
    }

    /// Every organization of the bundled sample: the tables hold numbers where numbers
    /// belong. `SPIEGEL_WORKBOOK_OUT=<dir>` keeps the workbooks to look at.
    #[test]
    fn sample_workbooks_hold_numbers_where_numbers_belong() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(&root.join("config/spiegel.yaml")).unwrap();
        let found = crate::discover::discover(&root.join("data")).unwrap();
        assert!(!found.organizations.is_empty());
        for org in &found.organizations {
            let wave = org.waves.last().unwrap();
            let a = crate::analysis::analyze_org(&config, org)
                .unwrap()
                .pop()
                .unwrap();
            let m = &a.metrics;
            let t = Texts::load(m.language).unwrap();
            let bytes = workbook(&config, m, &a.actions, &t).unwrap();
            if let Some(dir) = std::env::var_os("SPIEGEL_WORKBOOK_OUT") {
                let path = Path::new(&dir).join(format!("{}-{}.xlsx", org.id, wave.id));
                std::fs::write(path, &bytes).unwrap();
            }
            let s = sheet(&bytes, &t.get("xl_sheet_mirror"));
            let aspects = config.questionnaire.aspects.len() as u32;
            assert_eq!(s.height() as u32, aspects + 1 + 2 + 1, "{}", org.id);
            for row in 1..=aspects + 1 {
                for col in 2..=13 {
                    let v = s.get_value((row, col));
                    assert!(
                        matches!(v, Some(Data::Float(_)) | None | Some(Data::Empty)),
                        "{} mirror ({row}, {col}) is {v:?}",
                        org.id
                    );
                }
                let p = number(&s, row, 13);
                assert!((0.0..=1.0).contains(&p), "{} p = {p}", org.id);
            }
            let layers = sheet(&bytes, &t.get("xl_sheet_layers"));
            for (i, l) in m.layers.iter().enumerate() {
                let row = i as u32 + 1;
                match l.mae {
                    Some(mae) => close(number(&layers, row, 2), mae),
                    None => empty(&layers, row, 2),
                }
            }
        }
    }

    #[test]
    fn every_sheet_name_in_both_languages_fits_excel() {
        for lang in [Language::Nl, Language::En] {
            let t = Texts::load(lang).unwrap();
            for (key, name) in t.all().iter().filter(|(k, _)| k.starts_with("xl_sheet_")) {
                assert!(name.chars().count() <= MAX_SHEET_NAME, "{key}: {name}");
                assert_eq!(&unique_sheet_name(name, &[]), name, "{key}");
            }
        }
    }
}
