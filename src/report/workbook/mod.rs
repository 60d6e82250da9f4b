//! The generic engine behind the Excel workbook beside each report (`report.xlsx`): a sheet is
//! one Excel table — typed [`Column`]s, rows of [`Cell`]s with numbers stored as numbers, filter
//! buttons on the frozen header row, column widths that fit, notes on suppressed cells and
//! conditional formats in the report's colours ([`crate::report::charts::palette`]). What goes on
//! the sheets is the report sections' business (`crate::report::sections`); this module knows no
//! metric.
//!
//! The file is deterministic: rust_xlsxwriter writes fixed zip timestamps, and the document's
//! creation date (the one time stamp inside the file) is derived from the wave id.

mod sheet;
mod write;

pub use rust_xlsxwriter::DocProperties;
pub use sheet::{Cell, Column, Kind, Mark, Num, Sheet, Tone};

use rust_xlsxwriter::ExcelDateTime;

/// Excel's limit on the length of a sheet name.
const MAX_SHEET_NAME: usize = 31;
/// Excel's limit on the length of a cell's text (32,767), with room to spare.
const MAX_CELL_TEXT: usize = 32_000;
/// Width (in characters) of columns with long, wrapped text.
const WRAP_WIDTH: f64 = 60.0;

/// Write the sheets into an `.xlsx` file in memory; `suppressed` is the note on every cell
/// hidden for anonymity.
pub fn write(
    sheets: &[Sheet],
    properties: &DocProperties,
    suppressed: &str,
) -> anyhow::Result<Vec<u8>> {
    write::write(sheets, properties, suppressed)
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
pub fn creation_date(wave: &str) -> ExcelDateTime {
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

#[cfg(test)]
mod tests {
    use super::sheet::wrapped_lines;
    use super::sheet::{Cell, Column};
    use super::*;
    use crate::config::Language;
    use crate::report::render::i18n::Texts;

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
    fn every_sheet_name_in_both_languages_fits_excel() {
        for lang in [Language::Nl, Language::En] {
            let t = Texts::load(lang).unwrap();
            for (key, name) in t.all().iter().filter(|(k, _)| k.starts_with("xl_sheet_")) {
                assert!(name.chars().count() <= MAX_SHEET_NAME, "{key}: {name}");
                assert_eq!(&unique_sheet_name(name, &[]), name, "{key}");
            }
        }
    }

    /// Each mark becomes a conditional format of its column's rows, in the report's colours.
    #[test]
    fn marks_are_conditional_formats_in_the_report_colours() {
        use std::io::Read as _;
        let mut s = Sheet::new(
            "x",
            vec![
                Column::text("Label"),
                Column::number("Share", Num::Percent)
                    .marked(Mark::AtLeast(0.25, Tone::Bad))
                    .marked(Mark::Below(0.1, Tone::Good)),
                Column::number("Mean", Num::Dec1).marked(Mark::AtMost(3.0, Tone::Bad)),
                Column::number("Change", Num::Signed0).marked(Mark::TextIs {
                    column: 4,
                    text: "worse \"x\"".into(),
                    tone: Tone::Bad,
                }),
                Column::text("Verdict"),
            ],
        );
        s.row(vec![
            "a".into(),
            0.3.into(),
            2.5.into(),
            (-3.0).into(),
            "worse".into(),
        ]);
        s.row(vec![
            "b".into(),
            0.05.into(),
            4.0.into(),
            2.0.into(),
            Cell::Empty,
        ]);
        let bytes = write(&[s], &DocProperties::new(), "hidden").unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        for (range, formula) in [
            ("B2:B3", "AND(ISNUMBER(B2),B2&gt;=0.25)"),
            ("B2:B3", "AND(ISNUMBER(B2),B2&lt;0.1)"),
            ("C2:C3", "AND(ISNUMBER(C2),C2&lt;=3)"),
            ("D2:D3", "$E2=\"worse \"\"x\"\"\""),
        ] {
            assert!(
                xml.contains(&format!("sqref=\"{range}\"")),
                "{range} in {xml}"
            );
            assert!(
                xml.contains(&format!(
                    "<formula>{}</formula>",
                    formula.replace('"', "&quot;")
                )) || xml.contains(&format!("<formula>{formula}</formula>")),
                "{formula} in {xml}"
            );
        }
        let mut styles = String::new();
        zip.by_name("xl/styles.xml")
            .unwrap()
            .read_to_string(&mut styles)
            .unwrap();
        assert!(
            styles.contains("FFD55E00") && styles.contains("FF009E73"),
            "{styles}"
        );
        assert!(styles.contains("formatCode=\"+0;-0;0\""), "{styles}");
    }
}
