//! The workbook beside each report (`report.xlsx`): one sheet per report section, for the
//! analyst who wants the figures behind the PDF. Each section builds its own sheet from the
//! [`ReportContext`] (`sheet` in its module); this module lists them in sheet order and hands
//! them to the generic engine in [`crate::report::workbook`]. The cells the sections' sheets
//! share are in [`super::sheet_cells`].

use crate::report::workbook::{self, DocProperties, Sheet};

use super::{
    ReportContext, actions, complaints, contacts, enablement, importance, ladder, layers, method,
    mirror, mood, summary, themes, trends,
};

/// The sheets of the workbook, in order. A section without data returns `None` and gets no
/// sheet.
const SHEETS: &[fn(&ReportContext<'_>) -> Option<Sheet>] = &[
    summary::sheet,
    mirror::sheet,
    mirror::sheet_by_layer,
    layers::sheet,
    importance::sheet,
    ladder::sheet,
    enablement::sheet,
    complaints::sheet,
    complaints::categories_sheet,
    contacts::sheet,
    mood::sheet,
    trends::sheet,
    actions::sheet,
    themes::sheet,
    themes::quotes_sheet,
    method::sheet,
    method::findings_sheet,
];

/// The workbook of one report, as the bytes of an `.xlsx` file.
///
/// Sheet names, headers and labels come from the report's translation table; aspect and
/// layer names from the config.
pub fn workbook(ctx: &ReportContext<'_>) -> anyhow::Result<Vec<u8>> {
    let (t, m) = (ctx.texts, ctx.group);
    let sheets: Vec<Sheet> = SHEETS.iter().filter_map(|sheet| sheet(ctx)).collect();
    let agency = ctx.config.agency.name.as_str();
    let properties = DocProperties::new()
        .set_title(format!(
            "{} {} – {}",
            t.get("report_kind"),
            m.org.org_name,
            m.org.wave_label
        ))
        .set_subject(t.get("xl_subject"))
        .set_author(agency)
        .set_company(agency)
        .set_creation_datetime(&workbook::creation_date(&m.org.wave));
    workbook::write(&sheets, &properties, &t.get("xl_suppressed_cell"))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::{Cursor, Read as _};
    use std::path::{Path, PathBuf};

    use calamine::{Data, Reader as _, Xlsx, open_workbook_from_rs};

    use super::*;
    use crate::analysis::recommend::Recommendation;
    use crate::config::{Config, Language};
    use crate::input::ingest::{DataQuality, Effect, FileStats, Finding, Location, WaveData};
    use crate::model::testing::{customer, employee, organization, wave};
    use crate::report::render::format;
    use crate::report::sections::sample::{self, Sample};

    const CONFIG: &str = "agency: { name: Bureau }\nanonymity: { min_employees: 2 }\nlayers:\n  - id: frontline\n    label: { nl: Front, en: Front }\n  - id: management\n    label: { nl: Management, en: Management }\n  - id: board\n    label: { nl: Directie, en: Board }\nquestionnaire:\n  aspects:\n    - id: a\n      label: { nl: Afspraken, en: Appointments }\n      category: human\n    - id: b\n      label: { nl: Bereikbaarheid, en: Reachability }\n      category: functional\n";

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
    fn metrics(org_name: &str) -> Sample {
        let config = Config::parse(Path::new("t.yaml"), CONFIG).unwrap();
        let org = organization("/data/org-x", org_name);
        let mut wave = wave("/data/org-x/2026-Q2");
        wave.meta.label = Some("Zomer 2026".into());
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
                employee("f1", 0, Some(8.0), [7.0, 6.0], [4.0, 2.0]),
                employee("f2", 0, Some(8.0), [7.0, 7.0], [4.0, 2.0]),
                employee("f3", 0, Some(8.0), [7.0, 8.0], [4.0, 2.0]),
                employee("m1", 1, Some(9.0), [9.0, 4.0], [2.0, 5.0]),
                employee("b1", 2, Some(9.0), [9.0, 4.0], [2.0, 5.0]),
                employee("b2", 2, Some(9.0), [9.0, 4.0], [2.0, 5.0]),
            ],
            quality,
            ..WaveData::default()
        };
        let m = crate::analysis::metrics::compute(&config, &org, &wave, &data);
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
        Sample::new(config, org, wave, m, actions)
    }

    fn build(org_name: &str, lang: Language) -> Vec<u8> {
        workbook(&metrics(org_name).in_language(lang).context()).unwrap()
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
        let sample = sample::last_wave();
        let bytes = workbook(&sample.context()).unwrap();
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
        let sample = sample::last_wave();
        let bytes = workbook(&sample.context()).unwrap();
        let s = sheet(&bytes, "Spiegel");
        let shown = |x: f64| format::printed(x, 1);
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
    fn sample_workbooks_hold_numbers_where_numbers_belong() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let found = crate::input::discover::discover(&root.join("data")).unwrap();
        assert!(!found.organizations.is_empty());
        for index in 0..found.organizations.len() {
            let s = sample::organization(index);
            let (config, m, org, wave) = (&s.config, &s.metrics, &s.org, &s.wave);
            let t = &s.texts;
            let bytes = workbook(&s.context()).unwrap();
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
            for (i, l) in m.figures.layers.iter().enumerate() {
                let row = i as u32 + 1;
                match l.mae {
                    Some(mae) => close(number(&layers, row, 2), mae),
                    None => empty(&layers, row, 2),
                }
            }
        }
    }

    /// The sections beyond the mirror each get a sheet in the sample: an Excel table with filter
    /// buttons, the header row frozen, conditional formats in the report's colours, and the
    /// figures read back as numbers.
    #[test]
    fn the_sections_beyond_the_mirror_have_table_sheets_in_the_report_colours() {
        let sample = sample::last_wave();
        let t = &sample.texts;
        let bytes = workbook(&sample.context()).unwrap();
        let names = open(&bytes).sheet_names();
        let keys = [
            "xl_sheet_ladder",
            "xl_sheet_enablement",
            "xl_sheet_complaints",
            "xl_sheet_complaint_categories",
            "xl_sheet_contacts",
            "xl_sheet_mood",
            "xl_sheet_trends",
        ];
        let mut tables = 0;
        for key in keys {
            let name = t.get(key);
            let i = names
                .iter()
                .position(|n| *n == name)
                .unwrap_or_else(|| panic!("no sheet {name} in {names:?}"));
            let xml = part(&bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
            assert!(xml.contains(r#"state="frozen""#), "{name}: frozen header");
            assert!(xml.contains("<tablePart "), "{name}: an Excel table");
            assert!(xml.contains("<conditionalFormatting"), "{name}: colours");
            assert!(xml.contains("<cols>"), "{name}: column widths");
            tables += 1;
            let s = sheet(&bytes, &name);
            assert!(s.height() > 2, "{name}: rows");
            // The second column holds numbers (or labels, on the item × group sheets).
            let v = s.get_value((1, 2));
            assert!(matches!(v, Some(Data::Float(_))), "{name}: {v:?}");
        }
        assert_eq!(tables, keys.len());
        // Every table of the workbook has its filter buttons.
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let parts: Vec<String> = zip
            .file_names()
            .filter(|n| n.starts_with("xl/tables/"))
            .map(String::from)
            .collect();
        assert!(parts.len() >= names.len() - 1, "{parts:?}");
        for p in parts {
            let mut x = String::new();
            zip.by_name(&p).unwrap().read_to_string(&mut x).unwrap();
            assert!(x.contains("<autoFilter"), "{p}");
        }
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains("FFD55E00") && styles.contains("FF009E73"));
        // The ladder's red mark is the rule's signal value.
        let ladder = names
            .iter()
            .position(|n| *n == t.get("xl_sheet_ladder"))
            .unwrap();
        let xml = part(&bytes, &format!("xl/worksheets/sheet{}.xml", ladder + 1));
        let threshold = sample.config.recommendations.orientation_drop;
        assert!(xml.contains(&format!("F2&lt;=-{threshold}")), "{xml}");
    }
}
