//! A heatmap table: rows × columns of signed values, each cell tinted by its sign and size on a
//! diverging scale (one hue per direction, white at zero) and printed with its value, so the
//! direction reads from the sign and the position even without colour. A column can be marked
//! faint (e.g. a group too small for firm conclusions): its cells are drawn lighter and its
//! header carries a note.

use anyhow::{Context, bail};
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

use super::palette::{AXIS, INK, MUTED};
use super::size::{LABEL_PX, MARGIN, TEXT_PX, TICK_PX};
use super::{
    Canvas, Font, Rect, WIDTH, clean_text, ensure_finite, flow_legend, render_svg, title_lines,
    wrap,
};

/// A heatmap: one row per item, one column per group.
#[derive(Clone, Debug)]
pub struct HeatmapChart {
    /// Shown above the chart; empty for none.
    pub title: String,
    /// Row labels, top row first.
    pub rows: Vec<String>,
    /// Columns, left to right.
    pub columns: Vec<HeatColumn>,
    /// `cells[row][column]`: the value and its printed text; `None` for an empty cell.
    pub cells: Vec<Vec<Option<(f64, String)>>>,
    /// Values at or beyond ±`limit` get the full colour.
    pub limit: f64,
    /// Colour of positive values.
    pub positive: RGBColor,
    /// Colour of negative values.
    pub negative: RGBColor,
    /// Legend text of positive and negative values.
    pub legend: (String, String),
}

/// One column of a heatmap.
#[derive(Clone, Debug)]
pub struct HeatColumn {
    /// Column heading.
    pub label: String,
    /// Second header line (e.g. "n = 12").
    pub note: String,
    /// Drawn lighter, with `note` in italics.
    pub faint: bool,
}

const ROW_HEIGHT: f64 = 34.0;
const CELL_GAP: f64 = 3.0;
const MAX_LABEL_SHARE: f64 = 0.34;
const SWATCH: f64 = 18.0;

/// Renders the heatmap as SVG. Errors when there is no row or column, when the cell grid does
/// not match them, or when a value or the limit is not a finite number.
pub fn heatmap_svg(chart: &HeatmapChart) -> anyhow::Result<String> {
    validate(chart)?;
    let layout = Layout::new(chart).context("laying out the heatmap")?;
    render_svg(WIDTH, layout.height.ceil() as u32, |canvas| {
        layout.draw(chart, canvas)
    })
    .with_context(|| format!("drawing heatmap {:?}", chart.title))
}

fn validate(chart: &HeatmapChart) -> anyhow::Result<()> {
    if chart.rows.is_empty() || chart.columns.is_empty() {
        bail!("heatmap {:?} has no rows or no columns", chart.title);
    }
    ensure_finite(chart.limit, || "heatmap limit".into())?;
    if chart.limit <= 0.0 {
        bail!("heatmap limit must be positive, got {}", chart.limit);
    }
    if chart.cells.len() != chart.rows.len()
        || chart.cells.iter().any(|r| r.len() != chart.columns.len())
    {
        bail!(
            "heatmap {:?}: cells do not match rows × columns",
            chart.title
        );
    }
    for (r, row) in chart.cells.iter().enumerate() {
        for cell in row.iter().flatten() {
            ensure_finite(cell.0, || format!("heatmap cell of {:?}", chart.rows[r]))?;
        }
    }
    Ok(())
}

/// The tint of `value`: white at zero, the full hue at ±limit; lighter still when `faint`.
pub fn tint(
    value: f64,
    limit: f64,
    positive: RGBColor,
    negative: RGBColor,
    faint: bool,
) -> RGBColor {
    let hue = if value >= 0.0 { positive } else { negative };
    let mut share = (value.abs() / limit).clamp(0.0, 1.0) * 0.85;
    if faint {
        share *= 0.45;
    }
    let mix = |c: u8| (255.0 - (255.0 - f64::from(c)) * share).round() as u8;
    RGBColor(mix(hue.0), mix(hue.1), mix(hue.2))
}

/// White or dark text, whichever reads better on `fill` (relative luminance).
fn text_on(fill: RGBColor) -> RGBColor {
    let lum = 0.2126 * f64::from(fill.0) + 0.7152 * f64::from(fill.1) + 0.0722 * f64::from(fill.2);
    if lum < 140.0 {
        RGBColor(0xFF, 0xFF, 0xFF)
    } else {
        INK
    }
}

struct Layout {
    height: f64,
    title: Vec<String>,
    headers: Vec<Vec<String>>,
    header_top: f64,
    labels: Vec<Vec<String>>,
    label_right: f64,
    grid_left: f64,
    col_width: f64,
    grid_top: f64,
    legend: Vec<super::LegendEntry<bool>>,
}

impl Layout {
    fn new(chart: &HeatmapChart) -> anyhow::Result<Self> {
        let width = f64::from(WIDTH);
        let inner = width - 2.0 * MARGIN;
        let (title, title_h) = title_lines(&chart.title)?;
        let label_font = Font::regular(LABEL_PX);
        let max_label = inner * MAX_LABEL_SHARE;
        let labels = chart
            .rows
            .iter()
            .map(|l| wrap(&clean_text(l), label_font, max_label, 2))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut widest: f64 = 0.0;
        for lines in &labels {
            for line in lines {
                widest = widest.max(label_font.width(line)?);
            }
        }
        let label_right = MARGIN + widest.min(max_label);
        let grid_left = label_right + 12.0;
        let col_width = (MARGIN + inner - grid_left) / chart.columns.len() as f64;
        let head_font = Font::bold(TEXT_PX);
        let headers = chart
            .columns
            .iter()
            .map(|c| wrap(&clean_text(&c.label), head_font, col_width - 6.0, 2))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let head_lines = headers.iter().map(Vec::len).max().unwrap_or(1);
        let header_top = MARGIN + title_h;
        let header_height = head_font.block_height(head_lines) + 6.0 + TICK_PX + 10.0;
        let grid_top = header_top + header_height;
        let grid_bottom = grid_top + chart.rows.len() as f64 * ROW_HEIGHT;
        let entries = vec![
            (true, clean_text(&chart.legend.0)),
            (false, clean_text(&chart.legend.1)),
        ];
        let (legend, legend_h) = flow_legend(entries, grid_bottom + 12.0, SWATCH + 8.0)?;
        Ok(Layout {
            height: grid_bottom + 12.0 + legend_h + MARGIN,
            title,
            headers,
            header_top,
            labels,
            label_right,
            grid_left,
            col_width,
            grid_top,
            legend,
        })
    }

    fn draw(&self, chart: &HeatmapChart, canvas: &Canvas<'_>) -> anyhow::Result<()> {
        let title_font = Font::bold(super::size::TITLE_PX);
        canvas.text_block(&self.title, title_font, &INK, HPos::Left, MARGIN, MARGIN)?;
        let head_font = Font::bold(TEXT_PX);
        let note_font = Font::regular(TICK_PX);
        for (c, (col, lines)) in chart.columns.iter().zip(&self.headers).enumerate() {
            let cx = self.grid_left + (c as f64 + 0.5) * self.col_width;
            canvas.text_block(lines, head_font, &INK, HPos::Center, cx, self.header_top)?;
            let note_top = self.header_top + head_font.block_height(lines.len()) + 6.0;
            let note = wrap(&clean_text(&col.note), note_font, self.col_width - 4.0, 1)?;
            canvas.text_block(&note, note_font, &MUTED, HPos::Center, cx, note_top)?;
        }
        let label_font = Font::regular(LABEL_PX);
        let value_font = Font::bold(TEXT_PX);
        for (r, lines) in self.labels.iter().enumerate() {
            let top = self.grid_top + r as f64 * ROW_HEIGHT;
            let block = label_font.block_height(lines.len());
            let y = top + (ROW_HEIGHT - block) / 2.0;
            canvas.text_block(lines, label_font, &INK, HPos::Right, self.label_right, y)?;
            for (c, cell) in chart.cells[r].iter().enumerate() {
                let x0 = self.grid_left + c as f64 * self.col_width;
                let rect = Rect::new(
                    x0 + CELL_GAP / 2.0,
                    top + CELL_GAP / 2.0,
                    x0 + self.col_width - CELL_GAP / 2.0,
                    top + ROW_HEIGHT - CELL_GAP / 2.0,
                );
                let faint = chart.columns[c].faint;
                match cell {
                    Some((v, text)) => {
                        let fill = tint(*v, chart.limit, chart.positive, chart.negative, faint);
                        canvas.fill_rect(rect, &fill)?;
                        let style = value_font.style(&text_on(fill), HPos::Center, VPos::Center);
                        canvas.text(
                            &clean_text(text),
                            &style,
                            (rect.x0 + rect.x1) / 2.0,
                            (rect.y0 + rect.y1) / 2.0,
                        )?;
                    }
                    None => {
                        canvas.stroke_rect(rect, &AXIS, 1)?;
                        let style = value_font.style(&MUTED, HPos::Center, VPos::Center);
                        canvas.text(
                            "—",
                            &style,
                            (rect.x0 + rect.x1) / 2.0,
                            (rect.y0 + rect.y1) / 2.0,
                        )?;
                    }
                }
            }
        }
        let text_font = Font::regular(TEXT_PX);
        for e in &self.legend {
            let value = if e.marker { chart.limit } else { -chart.limit };
            let fill = tint(value, chart.limit, chart.positive, chart.negative, false);
            canvas.fill_rect(Rect::new(e.x, e.top, e.x + SWATCH, e.top + SWATCH), &fill)?;
            let style = text_font.style(&INK, HPos::Left, VPos::Top);
            canvas.text(&e.text, &style, e.x + SWATCH + 8.0, e.top + 1.0)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::test_support::{assert_all_text_inter, assert_well_formed, texts};

    fn chart() -> HeatmapChart {
        HeatmapChart {
            title: String::new(),
            rows: vec!["Afspraken nakomen".into(), "Bereikbaarheid".into()],
            columns: vec![
                HeatColumn {
                    label: "Directie".into(),
                    note: "n = 6 · indicatief".into(),
                    faint: true,
                },
                HeatColumn {
                    label: "Uitvoerend".into(),
                    note: "n = 40".into(),
                    faint: false,
                },
            ],
            cells: vec![
                vec![Some((2.9, "+2,9".into())), Some((0.4, "+0,4".into()))],
                vec![None, Some((-0.8, "−0,8".into()))],
            ],
            limit: 2.0,
            positive: RGBColor(0xD5, 0x5E, 0x00),
            negative: RGBColor(0x00, 0x72, 0xB2),
            legend: ("te positief".into(), "te negatief".into()),
        }
    }

    #[test]
    fn every_cell_prints_its_value_and_headers_their_n() {
        let svg = heatmap_svg(&chart()).unwrap();
        assert_well_formed(&svg);
        assert_all_text_inter(&svg);
        let t = texts(&svg);
        for want in [
            "+2,9",
            "+0,4",
            "−0,8",
            "—",
            "n = 6 · indicatief",
            "Directie",
        ] {
            assert!(t.iter().any(|x| x == want), "{want} missing in {t:?}");
        }
    }

    #[test]
    fn tint_is_white_at_zero_full_at_the_limit_and_lighter_when_faint() {
        let pos = RGBColor(0xD5, 0x5E, 0x00);
        let neg = RGBColor(0x00, 0x72, 0xB2);
        assert_eq!(tint(0.0, 2.0, pos, neg, false), RGBColor(255, 255, 255));
        let full = tint(5.0, 2.0, pos, neg, false);
        assert_eq!(full, tint(2.0, 2.0, pos, neg, false));
        assert!(full.1 < 120, "{full:?}");
        let faint = tint(2.0, 2.0, pos, neg, true);
        assert!(faint.1 > full.1, "faint {faint:?} vs {full:?}");
        // The sign picks the hue.
        let under = tint(-2.0, 2.0, pos, neg, false);
        assert!(under.2 > under.0);
    }

    #[test]
    fn a_grid_that_does_not_match_is_an_error() {
        let mut c = chart();
        c.cells.pop();
        assert!(heatmap_svg(&c).is_err());
        let mut c = chart();
        c.cells[0][0] = Some((f64::NAN, "x".into()));
        assert!(heatmap_svg(&c).is_err());
    }
}
