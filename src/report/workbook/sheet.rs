//! A sheet as data: typed columns, rows of cells and lines below the table, with the column
//! widths and header heights they need.

use super::WRAP_WIDTH;

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
    /// Whole changes with an explicit sign: percentage points (`+0`).
    Signed0,
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
            Num::Signed0 => "+0;-0;0",
            Num::P => "0.000",
            Num::Percent => "0%",
        }
    }

    /// Characters the formatted number takes, for the column width.
    pub(super) fn display_len(self, x: f64) -> usize {
        let decimals = match self {
            Num::Int | Num::Percent | Num::Signed0 => 0,
            Num::Dec1 | Num::Signed1 => 1,
            Num::Dec2 | Num::Signed2 => 2,
            Num::P => 3,
        };
        let shown = if self == Num::Percent { x * 100.0 } else { x };
        let sign = matches!(self, Num::Signed0 | Num::Signed1 | Num::Signed2) || x < 0.0;
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
    /// Conditional formats of the column's cells, in the report's colours.
    pub marks: Vec<Mark>,
}

/// The report's two signal colours ([`crate::report::charts::palette`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A warning: the blind spot's vermillion.
    Bad,
    /// Good news: the hidden strength's bluish green.
    Good,
}

/// A conditional format of a column: when its cells take a [`Tone`].
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// Numbers below the value (a signal value of the rules).
    Below(f64, Tone),
    /// Numbers at or above the value.
    AtLeast(f64, Tone),
    /// Numbers at or below the value.
    AtMost(f64, Tone),
    /// Any cell of the row whose text in `column` is `text`.
    TextIs {
        /// The column holding the text.
        column: usize,
        /// The text that marks the row.
        text: String,
        /// The colour.
        tone: Tone,
    },
}

impl Column {
    /// A column of short text.
    pub fn text(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            kind: Kind::Text,
            direction: None,
            marks: Vec::new(),
        }
    }

    /// A column of long text, wrapped.
    pub fn long_text(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            kind: Kind::LongText,
            direction: None,
            marks: Vec::new(),
        }
    }

    /// A column of numbers shown as `num`.
    pub fn number(header: impl Into<String>, num: Num) -> Column {
        Column {
            header: header.into(),
            kind: Kind::Number(num),
            direction: None,
            marks: Vec::new(),
        }
    }

    /// Add a conditional format to this column.
    pub fn marked(mut self, mark: Mark) -> Column {
        self.marks.push(mark);
        self
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
    pub(super) fn widths(&self) -> Vec<f64> {
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
    pub(super) fn header_lines(&self, widths: &[f64]) -> usize {
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
pub(super) fn wrapped_lines(text: &str, width: f64, bold: bool) -> usize {
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
