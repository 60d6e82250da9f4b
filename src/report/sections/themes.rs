//! What the open answers are about: the share of customers' and staff's answers per theme of
//! the codebook, and per theme one or two customer quotes. The analysis chose the candidates
//! (`analysis::metrics::themes`); here they are scrubbed of personal data, and an answer that
//! is mostly removed data or already quoted is passed over.

use serde::Serialize;

use super::ReportContext;
use crate::config::Language;
use crate::report::render::format;
use crate::report::render::scrub::scrub;
use crate::report::workbook::{Cell, Column, Num, Sheet};

/// Quotes shown per theme.
const QUOTES_PER_THEME: usize = 2;
/// An answer with more than this share of its characters removed is not quoted.
const MAX_SCRUBBED_SHARE: f64 = 0.3;

/// The themes section.
#[derive(Debug, Serialize)]
pub struct ThemesView {
    /// Heading.
    pub title: String,
    /// What the table shows.
    pub intro: String,
    /// Column headers after the theme.
    pub headers: Vec<String>,
    /// Themes mentioned by anyone, most mentioned by customers first; "other" last.
    pub rows: Vec<ThemeRow>,
    /// How many answered, and that an answer can mention several themes.
    pub note: String,
    /// In a report in another language than the answers: the quotes are the original wording.
    pub original: Option<String>,
}

/// One theme.
#[derive(Debug, Serialize)]
pub struct ThemeRow {
    /// Theme label.
    pub label: String,
    /// "23% (45)" per group: customers, staff.
    pub cells: Vec<String>,
    /// Quotes, scrubbed.
    pub quotes: Vec<String>,
}

/// The themes of an organization report; `None` when nobody gave an open answer.
pub fn view(ctx: &ReportContext<'_>) -> Option<ThemesView> {
    let (t, lang) = (ctx.texts, ctx.lang());
    let m = ctx.group.themes()?;
    if m.groups.iter().all(|g| g.answered == 0) {
        return None;
    }
    let cell = |g: usize, k: Option<usize>| {
        let group = &m.groups[g];
        let share = match k {
            Some(k) => &group.themes[k],
            None => &group.other,
        };
        match share.share {
            Some(s) => format!("{}% ({})", format::number(s * 100.0, 0, lang), share.count),
            None => format::ABSENT.to_string(),
        }
    };
    let replacement = t.get("scrubbed");
    let mut quoted: Vec<String> = Vec::new();
    let mut order: Vec<usize> = (0..ctx.config.themes.len())
        .filter(|&k| {
            m.groups
                .iter()
                .any(|g| g.themes.get(k).is_some_and(|s| s.count > 0))
        })
        .collect();
    let count = |g: usize, k: usize| m.groups[g].themes[k].count;
    order.sort_by(|&a, &b| {
        count(0, b)
            .cmp(&count(0, a))
            .then(count(1, b).cmp(&count(1, a)))
    });
    let mut rows: Vec<ThemeRow> = order
        .into_iter()
        .map(|k| {
            let mut quotes = Vec::new();
            for text in m.candidates.get(k).into_iter().flatten() {
                if quotes.len() == QUOTES_PER_THEME {
                    break;
                }
                let clean = scrub(text.trim(), &replacement);
                let removed = clean.matches(replacement.as_str()).count() * replacement.len();
                // The same answer, or one that repeats another's words, is quoted once.
                let norm = normalized(&clean);
                if removed as f64 > MAX_SCRUBBED_SHARE * clean.len() as f64
                    || quoted
                        .iter()
                        .any(|q| q.contains(&norm) || norm.contains(q.as_str()))
                {
                    continue;
                }
                quoted.push(norm);
                quotes.push(clean);
            }
            ThemeRow {
                label: ctx.config.themes[k].label.get(lang).to_string(),
                cells: vec![cell(0, Some(k)), cell(1, Some(k))],
                quotes,
            }
        })
        .collect();
    rows.push(ThemeRow {
        label: t.get("themes_other"),
        cells: vec![cell(0, None), cell(1, None)],
        quotes: Vec::new(),
    });
    Some(ThemesView {
        title: t.get("themes_title"),
        intro: t.get("themes_intro"),
        headers: vec![t.get("customers"), t.get("employees")],
        rows,
        note: t.fill(
            "themes_note",
            &[
                ("customers", &m.groups[0].answered.to_string()),
                ("employees", &m.groups[1].answered.to_string()),
            ],
        ),
        original: (lang != Language::Nl).then(|| t.get("themes_original_wording")),
    })
}

/// Lowercase letters and digits only: answers that differ in punctuation are the same.
fn normalized(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Open answers per theme of the codebook: answers and share per group.
pub fn sheet(c: &ReportContext<'_>) -> Option<Sheet> {
    let t = c.texts;
    let m = c.group.themes()?;
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
        let mut row = vec![Cell::Text(theme.label.get(c.lang()).to_string())];
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

/// The quotes the report prints per theme, one row each, for the analyst who reads on in the
/// workbook: the same answers, scrubbed the same way (they come from [`view`]).
pub fn quotes_sheet(c: &ReportContext<'_>) -> Option<Sheet> {
    let t = c.texts;
    let v = view(c)?;
    let mut s = Sheet::new(
        t.get("xl_sheet_quotes"),
        vec![
            Column::text(t.get("xl_col_theme")),
            Column::text(t.get("xl_col_quote")),
        ],
    );
    for row in &v.rows {
        for quote in &row.quotes {
            s.row(vec![
                Cell::Text(row.label.clone()),
                Cell::Text(quote.clone()),
            ]);
        }
    }
    if let Some(original) = v.original {
        s.note(original);
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sections::sample;

    #[test]
    fn themes_of_the_sample_organization() {
        let s = sample::last_wave();
        insta::assert_yaml_snapshot!(view(&s.context()).unwrap());
    }

    #[test]
    fn quotes_are_scrubbed_never_repeated_and_mostly_removed_ones_skipped() {
        let mut s = sample::last_wave().in_language(Language::En);
        let k = 0;
        s.metrics.themes.candidates[k] = vec![
            "Bel mij op 06-12345678 of 0612345678".into(),
            "Ik kon ze telefonisch niet bereiken, mail naar jan@example.nl graag.".into(),
            "Ik kon ze telefonisch niet bereiken, mail naar jan@example.nl graag.".into(),
            "Ik kon ze telefonisch niet bereiken.".into(),
            "Na drie keer bellen eindelijk iemand aan de lijn.".into(),
        ];
        s.metrics.themes.groups[0].themes[k].count = 1000;
        let t = &s.texts;
        let v = view(&s.context()).unwrap();
        let row = &v.rows[0];
        assert_eq!(
            row.quotes,
            [
                "Ik kon ze telefonisch niet bereiken, mail naar [removed] graag.",
                "Na drie keer bellen eindelijk iemand aan de lijn."
            ]
        );
        assert!(
            v.original.is_some(),
            "an English report says the quotes are original wording"
        );
        assert_eq!(v.rows.last().unwrap().label, t.get("themes_other"));
    }

    #[test]
    fn the_quotes_sheet_holds_exactly_the_quotes_the_report_prints() {
        let s = sample::last_wave();
        let ctx = s.context();
        let printed: Vec<(String, String)> = view(&ctx)
            .unwrap()
            .rows
            .into_iter()
            .flat_map(|r| {
                let label = r.label;
                r.quotes.into_iter().map(move |q| (label.clone(), q))
            })
            .collect();
        assert!(!printed.is_empty(), "the sample has quotes");
        let sheet = quotes_sheet(&ctx).unwrap();
        let rows: Vec<(String, String)> = sheet
            .rows
            .iter()
            .map(|r| match (&r[0], &r[1]) {
                (Cell::Text(a), Cell::Text(b)) => (a.clone(), b.clone()),
                other => panic!("text cells expected, got {other:?}"),
            })
            .collect();
        assert_eq!(rows, printed);
    }
}
