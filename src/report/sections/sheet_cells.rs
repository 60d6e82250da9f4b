//! The cells the sections' sheets of the workbook (`report.xlsx`) share: yes/no, a gap or a
//! difference as the report prints it, an aspect's category and the note below a sheet with
//! hidden cells. Each section builds its own sheet with them; [`super::workbook`] only puts
//! the sheets together, so this file sits below both.

use crate::analysis::metrics::Comparison;
use crate::config::Category;
use crate::report::render::format;
use crate::report::workbook::Cell;

use super::ReportContext;

/// "ja"/"nee" in the report's language.
pub(crate) fn yes_no(ctx: &ReportContext<'_>, b: bool) -> Cell {
    Cell::Text(ctx.texts.get(if b { "xl_yes" } else { "xl_no" }))
}

/// A gap as the report prints it: the difference of the two means rounded as shown (one
/// decimal), so the sheet's columns add up the way the PDF's do.
pub(crate) fn shown_gap(cmp: &Comparison) -> Option<f64> {
    let (s, c) = (cmp.employee.mean?, cmp.customer.mean?);
    Some(format::printed(s, 1) - format::printed(c, 1))
}

/// The difference of two figures as the report prints it: of the values rounded to
/// `decimals` (the rule of [`format::difference`]), without binary noise (0.4, not
/// 0.40000000000000036).
pub(crate) fn shown_difference(a: Option<f64>, b: Option<f64>, decimals: usize) -> Option<f64> {
    let d = format::printed(a?, decimals) - format::printed(b?, decimals);
    Some(format::printed(d, decimals))
}

/// The label of an aspect's category.
pub(crate) fn category(ctx: &ReportContext<'_>, category: Category) -> String {
    ctx.texts.get(match category {
        Category::Human => "xl_category_human",
        Category::Functional => "xl_category_functional",
    })
}

/// The note below a sheet with cells hidden for anonymity.
pub(crate) fn suppressed_note(ctx: &ReportContext<'_>) -> String {
    ctx.texts.fill(
        "suppressed_note",
        &[("min", &ctx.config.anonymity.min_employees.to_string())],
    )
}

/// Reading a sheet's cells back the way the report prints them, for the sections' tests.
#[cfg(test)]
pub(crate) mod read {
    use crate::config::Language;
    use crate::report::render::format;
    use crate::report::workbook::{Cell, Num, Sheet};

    /// The number in a cell.
    #[track_caller]
    pub fn number(cell: &Cell) -> Option<f64> {
        match cell {
            Cell::Number(x) | Cell::NumberAs(x, _) => Some(*x),
            Cell::Empty => None,
            other => panic!("expected a number, got {other:?}"),
        }
    }

    /// The text in a cell.
    #[track_caller]
    pub fn text(cell: &Cell) -> &str {
        match cell {
            Cell::Text(s) => s,
            other => panic!("expected text, got {other:?}"),
        }
    }

    /// A cell printed as the report prints a figure shown as `num` ("—" when empty).
    #[track_caller]
    pub fn printed(cell: &Cell, num: Num, lang: Language) -> String {
        let num = match cell {
            Cell::NumberAs(_, own) => *own,
            _ => num,
        };
        let Some(x) = number(cell) else {
            return format::ABSENT.to_string();
        };
        match num {
            Num::Int => format::number(x, 0, lang),
            Num::Dec1 => format::number(x, 1, lang),
            Num::Dec2 => format::number(x, 2, lang),
            Num::Signed0 => format::signed(x, 0, lang),
            Num::Signed1 => format::signed(x, 1, lang),
            Num::Signed2 => format::signed(x, 2, lang),
            Num::P => format::p_value(Some(x), lang),
            Num::Percent => format!("{}%", format::number(x * 100.0, 0, lang)),
        }
    }

    /// The row whose first cell is `label`.
    #[track_caller]
    pub fn row<'s>(sheet: &'s Sheet, label: &str) -> &'s [Cell] {
        sheet
            .rows
            .iter()
            .find(|r| matches!(&r[0], Cell::Text(s) if s == label))
            .unwrap_or_else(|| panic!("no row {label:?} on sheet {}", sheet.name))
    }
}
