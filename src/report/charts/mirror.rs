//! The mirror chart: per aspect, the customers' mean and the staff's predicted mean as two dots
//! on the rating scale, joined by a line coloured by the direction of the gap (staff above
//! customers: blind spot; below: hidden strength). Significant gaps get a bold label with an
//! asterisk, explained in the legend. The customers' 95 % interval is a whisker under their
//! dot. A zoomed axis spans the data only; it then starts with a broken-axis mark and a note
//! under the axis says so.

use anyhow::{Context, bail};
use plotters::style::WHITE;
use plotters::style::text_anchor::{HPos, VPos};

use super::palette::{
    AXIS, BAND, BLIND_SPOT, CUSTOMER, EMPLOYEE, GRID, HIDDEN_STRENGTH, INK, MUTED, NEUTRAL,
};
use super::size::{LABEL_PX, MARGIN, TEXT_PX, TICK_PX, TITLE_PX};
use super::{Canvas, Font, Rect, WIDTH, clean_text, ensure_finite, int_ticks, render_svg, wrap};

/// A mirror chart: one row per aspect, top row first.
#[derive(Clone, Debug)]
pub struct MirrorChart {
    /// Shown above the chart; empty for none.
    pub title: String,
    /// Title of the x axis (the rating scale); empty for none.
    pub x_label: String,
    /// Legend text for the customers' dot.
    pub customer_label: String,
    /// Legend text for the staff's dot.
    pub employee_label: String,
    /// Legend text of a gap line where staff are too positive (empty: no entry).
    pub blind_label: String,
    /// Legend text of a gap line where staff are too negative (empty: no entry).
    pub hidden_label: String,
    /// Legend text for the significance marker, e.g. "* significant verschil"; shown only when
    /// some row is significant.
    pub significant_note: String,
    /// Legend text of the whisker of the customers' interval, e.g. "95%-interval klanten";
    /// shown when some row has an interval.
    pub ci_label: String,
    /// Zoom the axis to the data (whole units around the dots and whiskers) instead of the
    /// whole scale.
    pub zoom: bool,
    /// Printed under a zoomed axis that does not span the whole scale, e.g. "As ingezoomd:
    /// begint niet bij 1". Empty: no note (the broken-axis mark is drawn regardless).
    pub zoom_note: String,
    /// Lower end of the rating scale (x axis).
    pub scale_min: f64,
    /// Upper end of the rating scale (x axis).
    pub scale_max: f64,
    /// The aspects, already in display order (top row first).
    pub rows: Vec<MirrorRow>,
}

/// One aspect in the mirror chart.
#[derive(Clone, Debug)]
pub struct MirrorRow {
    /// Aspect name shown on the left.
    pub label: String,
    /// Customers' mean.
    pub customer: f64,
    /// The 95 % confidence interval of the customers' mean (low, high), drawn as a whisker.
    pub customer_ci: Option<(f64, f64)>,
    /// Staff's predicted mean; `None` when staff were not asked or are suppressed.
    pub employee: Option<f64>,
    /// Whether the gap is significant (bold label with an asterisk).
    pub significant: bool,
}

const DOT_RADIUS: u32 = 7;
const GAP_LINE_WIDTH: u32 = 4;
/// Row height when every label fits on one line, and when some label needs two.
const ROW_HEIGHT: f64 = 38.0;
const ROW_HEIGHT_WRAPPED: f64 = 48.0;
/// Aspect labels may take at most this share of the chart width before they wrap.
const MAX_LABEL_SHARE: f64 = 0.40;
const LEGEND_ROW: f64 = 26.0;
const LEGEND_ITEM_GAP: f64 = 28.0;
const MARKER_GAP: f64 = 8.0;
/// The whisker of the customers' interval: below the row's centre line, its caps this high.
const WHISKER_OFFSET: f64 = 12.0;
const WHISKER_CAP: f64 = 4.0;
const WHISKER_WIDTH: u32 = 2;
/// A zoomed axis keeps at least this much room around the data, and spans at least
/// `MIN_ZOOM_SPAN` scale units.
const ZOOM_PAD: f64 = 0.3;
const MIN_ZOOM_SPAN: f64 = 2.0;
/// Appended to the label of an aspect with a significant gap.
const SIGNIFICANT_SUFFIX: &str = " *";

/// Renders the mirror chart as SVG.
///
/// Errors when there are no rows (the report leaves a section without data out instead of
/// drawing an empty chart), when the scale is empty, or when a value is not finite or lies
/// outside the scale (a mean off the scale means the data or the scale is wrong).
pub fn mirror_svg(chart: &MirrorChart) -> anyhow::Result<String> {
    validate(chart)?;
    let layout = Layout::new(chart).context("laying out the mirror chart")?;
    render_svg(WIDTH, layout.height.ceil() as u32, |canvas| {
        layout.draw(chart, canvas)
    })
    .with_context(|| format!("drawing mirror chart {:?}", chart.title))
}

fn validate(chart: &MirrorChart) -> anyhow::Result<()> {
    if chart.rows.is_empty() {
        bail!("mirror chart {:?} has no rows to draw", chart.title);
    }
    ensure_finite(chart.scale_min, || "scale_min".into())?;
    ensure_finite(chart.scale_max, || "scale_max".into())?;
    if chart.scale_min >= chart.scale_max {
        bail!(
            "mirror chart scale is empty: scale_min {} is not below scale_max {}",
            chart.scale_min,
            chart.scale_max
        );
    }
    let tolerance = (chart.scale_max - chart.scale_min) * 1e-9;
    let on_scale = |v: f64| v >= chart.scale_min - tolerance && v <= chart.scale_max + tolerance;
    for row in &chart.rows {
        let values = std::iter::once(("customer", row.customer))
            .chain(row.employee.map(|e| ("employee", e)));
        if let Some((lo, hi)) = row.customer_ci {
            ensure_finite(lo, || format!("interval of {:?}", row.label))?;
            ensure_finite(hi, || format!("interval of {:?}", row.label))?;
            if lo > hi {
                bail!("interval of {:?} is reversed: {lo} > {hi}", row.label);
            }
        }
        for (who, v) in values {
            ensure_finite(v, || format!("{who} mean of {:?}", row.label))?;
            if !on_scale(v) {
                bail!(
                    "{who} mean {v} of {:?} lies outside the scale {}–{}",
                    row.label,
                    chart.scale_min,
                    chart.scale_max
                );
            }
        }
    }
    Ok(())
}

/// One legend entry: what marker, which text, where.
struct LegendItem {
    marker: Marker,
    text: String,
    x: f64,
    y: f64,
}

#[derive(Clone, Copy)]
enum Marker {
    Customer,
    Employee,
    /// A gap line in the colour of its direction.
    Line(&'static plotters::style::RGBColor),
    /// The whisker of the customers' interval.
    Whisker,
    None,
}

/// Length of a gap line in the legend.
const LEGEND_LINE_LENGTH: f64 = 26.0;

impl Marker {
    fn width(self) -> f64 {
        let d = f64::from(DOT_RADIUS * 2);
        match self {
            Marker::Customer => d + MARKER_GAP,
            Marker::Employee => d + MARKER_GAP,
            Marker::Line(_) | Marker::Whisker => LEGEND_LINE_LENGTH + MARKER_GAP,
            Marker::None => 0.0,
        }
    }
}

/// Every position on the canvas, computed before anything is drawn.
struct Layout {
    height: f64,
    title: Vec<String>,
    title_top: f64,
    legend: Vec<LegendItem>,
    /// Wrapped aspect labels, one entry per row.
    labels: Vec<Vec<String>>,
    label_right: f64,
    row_height: f64,
    plot: Rect,
    /// The axis' range: the scale, or the data's when zoomed.
    axis: (f64, f64),
    /// Pixel x of the axis' ends (inset from the plot edges so end dots show whole).
    x_at_min: f64,
    x_at_max: f64,
    ticks: Vec<f64>,
    x_label: String,
    /// The axis starts above the scale's minimum: drawn with a broken-axis mark.
    broken: bool,
    /// Note under a zoomed axis (empty: none).
    zoom_note: String,
}

/// The axis' range: the whole scale, or when zooming the whole units around every dot and
/// whisker (with some room), at least `MIN_ZOOM_SPAN` wide and never beyond the scale.
fn axis_range(chart: &MirrorChart) -> (f64, f64) {
    let (min, max) = (chart.scale_min, chart.scale_max);
    if !chart.zoom {
        return (min, max);
    }
    let values = chart.rows.iter().flat_map(|r| {
        let ci = r
            .customer_ci
            .map_or([None, None], |(lo, hi)| [Some(lo), Some(hi)]);
        [Some(r.customer), r.employee]
            .into_iter()
            .chain(ci)
            .flatten()
    });
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let mut lo = ((lo - ZOOM_PAD).floor()).max(min);
    let mut hi = ((hi + ZOOM_PAD).ceil()).min(max);
    if hi - lo < MIN_ZOOM_SPAN {
        // Widen downwards first (the top of a rating scale is where the data sits), then up.
        lo = (hi - MIN_ZOOM_SPAN).max(min);
        hi = (lo + MIN_ZOOM_SPAN).min(max);
    }
    (lo, hi)
}

impl Layout {
    fn new(chart: &MirrorChart) -> anyhow::Result<Self> {
        let width = f64::from(WIDTH);
        let inner = width - 2.0 * MARGIN;
        let mut y = MARGIN;

        let title_font = Font::bold(TITLE_PX);
        let title = wrap(&clean_text(&chart.title), title_font, inner, 2)?;
        let title_top = y;
        if !title.is_empty() {
            y += title_font.block_height(title.len()) + 12.0;
        }

        // Legend: flow the items left to right, wrapping when the line is full.
        let text_font = Font::regular(TEXT_PX);
        let any_employee = chart.rows.iter().any(|r| r.employee.is_some());
        let any_significant = chart.rows.iter().any(|r| r.significant);
        let mut entries = vec![(Marker::Customer, clean_text(&chart.customer_label))];
        if any_employee {
            entries.push((Marker::Employee, clean_text(&chart.employee_label)));
        }
        let gaps = |over: bool| {
            chart.rows.iter().any(|r| {
                r.employee
                    .is_some_and(|e| if over { e > r.customer } else { e < r.customer })
            })
        };
        if gaps(true) && !chart.blind_label.trim().is_empty() {
            entries.push((Marker::Line(&BLIND_SPOT), clean_text(&chart.blind_label)));
        }
        if gaps(false) && !chart.hidden_label.trim().is_empty() {
            entries.push((
                Marker::Line(&HIDDEN_STRENGTH),
                clean_text(&chart.hidden_label),
            ));
        }
        if chart.rows.iter().any(|r| r.customer_ci.is_some()) && !chart.ci_label.trim().is_empty() {
            entries.push((Marker::Whisker, clean_text(&chart.ci_label)));
        }
        if any_significant && !chart.significant_note.trim().is_empty() {
            entries.push((Marker::None, clean_text(&chart.significant_note)));
        }
        let mut legend = Vec::new();
        let (mut lx, mut ly) = (MARGIN, y);
        for (marker, text) in entries {
            let max_text = inner - marker.width();
            let text = wrap(&text, text_font, max_text, 1)?
                .pop()
                .unwrap_or_default();
            let w = marker.width() + text_font.width(&text)?;
            if lx > MARGIN && lx + w > MARGIN + inner {
                lx = MARGIN;
                ly += LEGEND_ROW;
            }
            legend.push(LegendItem {
                marker,
                text,
                x: lx,
                y: ly,
            });
            lx += w + LEGEND_ITEM_GAP;
        }
        y = ly + LEGEND_ROW + 8.0;

        // Aspect labels: measured with the font they are drawn in (bold when significant).
        let max_label = inner * MAX_LABEL_SHARE;
        let mut labels = Vec::with_capacity(chart.rows.len());
        let mut label_width: f64 = 0.0;
        for row in &chart.rows {
            let font = label_font(row);
            let lines = row_label_lines(row, font, max_label)?;
            for line in &lines {
                label_width = label_width.max(font.width(line)?);
            }
            labels.push(lines);
        }
        let row_height = if labels.iter().any(|l| l.len() > 1) {
            ROW_HEIGHT_WRAPPED
        } else {
            ROW_HEIGHT
        };

        // Plot area: right of the labels; the last tick label may stick out half its width.
        let tick_font = Font::regular(TICK_PX);
        let axis = axis_range(chart);
        let broken = axis.0 > chart.scale_min + 1e-9;
        let ticks = int_ticks(axis.0, axis.1, 10);
        let last_tick = ticks.last().copied().unwrap_or(axis.1);
        let tick_half = tick_font.width(&format_tick(last_tick))? / 2.0;
        let label_right = MARGIN + label_width;
        let inset = f64::from(DOT_RADIUS) + 6.0;
        let plot_x0 = label_right + 14.0;
        let plot_x1 = (width - MARGIN - (tick_half - inset).max(0.0)).min(width - MARGIN);
        let plot = Rect::new(
            plot_x0,
            y,
            plot_x1,
            y + row_height * chart.rows.len() as f64,
        );

        let mut height = plot.y1 + 6.0 + tick_font.block_height(1);
        let x_label = clean_text(&chart.x_label);
        let x_label = wrap(&x_label, text_font, plot.x1 - plot.x0, 1)?
            .pop()
            .unwrap_or_default();
        if !x_label.is_empty() {
            height += 10.0 + text_font.block_height(1);
        }
        let zoomed = broken || axis.1 < chart.scale_max - 1e-9;
        let zoom_note = if zoomed {
            wrap(&clean_text(&chart.zoom_note), text_font, inner, 1)?
                .pop()
                .unwrap_or_default()
        } else {
            String::new()
        };
        if !zoom_note.is_empty() {
            height += 6.0 + text_font.block_height(1);
        }
        height += MARGIN;

        Ok(Layout {
            height,
            title,
            title_top,
            legend,
            labels,
            label_right,
            row_height,
            axis,
            x_at_min: plot.x0 + inset,
            x_at_max: plot.x1 - inset,
            plot,
            ticks,
            x_label,
            broken,
            zoom_note,
        })
    }

    /// Pixel x of a value; values beyond the axis (a whisker's end) stop at its ends.
    fn x(&self, _chart: &MirrorChart, value: f64) -> f64 {
        let (lo, hi) = self.axis;
        let t = ((value - lo) / (hi - lo)).clamp(0.0, 1.0);
        self.x_at_min + t * (self.x_at_max - self.x_at_min)
    }

    fn draw(&self, chart: &MirrorChart, canvas: &Canvas<'_>) -> anyhow::Result<()> {
        let text_font = Font::regular(TEXT_PX);
        let tick_font = Font::regular(TICK_PX);
        let width = f64::from(WIDTH);

        canvas.text_block(
            &self.title,
            Font::bold(TITLE_PX),
            &INK,
            HPos::Left,
            MARGIN,
            self.title_top,
        )?;

        for item in &self.legend {
            let cy = item.y + text_font.px * 0.45;
            let r = f64::from(DOT_RADIUS);
            match item.marker {
                Marker::Customer => canvas.dot(item.x + r, cy, DOT_RADIUS, &CUSTOMER)?,
                Marker::Employee => canvas.dot(item.x + r, cy, DOT_RADIUS, &EMPLOYEE)?,
                Marker::Line(color) => canvas.line(
                    (item.x, cy),
                    (item.x + LEGEND_LINE_LENGTH, cy),
                    color,
                    GAP_LINE_WIDTH,
                )?,
                Marker::Whisker => whisker(canvas, item.x, item.x + LEGEND_LINE_LENGTH, cy)?,
                Marker::None => {}
            }
            canvas.text_block(
                std::slice::from_ref(&item.text),
                text_font,
                &INK,
                HPos::Left,
                item.x + item.marker.width(),
                item.y,
            )?;
        }

        // Row bands across the full width, so the eye can follow a label to its dots.
        for i in (0..chart.rows.len()).step_by(2) {
            let top = self.plot.y0 + i as f64 * self.row_height;
            canvas.fill_rect(
                Rect::new(MARGIN - 6.0, top, width - MARGIN, top + self.row_height),
                &BAND,
            )?;
        }
        for &t in &self.ticks {
            let x = self.x(chart, t);
            canvas.line((x, self.plot.y0), (x, self.plot.y1), &GRID, 1)?;
            canvas.line((x, self.plot.y1), (x, self.plot.y1 + 5.0), &AXIS, 1)?;
            canvas.text(
                &format_tick(t),
                &tick_font.style(&MUTED, HPos::Center, VPos::Top),
                x,
                self.plot.y1 + 8.0,
            )?;
        }
        canvas.line(
            (self.plot.x0, self.plot.y1),
            (self.plot.x1, self.plot.y1),
            &AXIS,
            1,
        )?;
        let mut below = self.plot.y1 + 8.0 + tick_font.block_height(1) + 10.0;
        if !self.x_label.is_empty() {
            canvas.text(
                &self.x_label,
                &text_font.style(&MUTED, HPos::Center, VPos::Top),
                (self.plot.x0 + self.plot.x1) / 2.0,
                below,
            )?;
            below += text_font.block_height(1) + 6.0;
        }
        if !self.zoom_note.is_empty() {
            canvas.text(
                &self.zoom_note,
                &text_font.style(&MUTED, HPos::Center, VPos::Top),
                (self.plot.x0 + self.plot.x1) / 2.0,
                below,
            )?;
        }
        if self.broken {
            // Two short slanted strokes across the start of the axis, on a white gap.
            let (x, y) = (self.plot.x0 + 4.0, self.plot.y1);
            canvas.fill_rect(Rect::new(x - 1.0, y - 3.0, x + 9.0, y + 3.0), &WHITE)?;
            for dx in [0.0, 6.0] {
                canvas.line((x + dx - 2.0, y + 5.0), (x + dx + 2.0, y - 5.0), &AXIS, 2)?;
            }
        }

        for (i, (row, lines)) in chart.rows.iter().zip(&self.labels).enumerate() {
            let cy = self.plot.y0 + (i as f64 + 0.5) * self.row_height;
            let font = label_font(row);
            canvas.text_block(
                lines,
                font,
                &INK,
                HPos::Right,
                self.label_right,
                cy - font.block_height(lines.len()) / 2.0,
            )?;

            let cx = self.x(chart, row.customer);
            if let Some((lo, hi)) = row.customer_ci {
                whisker(
                    canvas,
                    self.x(chart, lo),
                    self.x(chart, hi),
                    cy + WHISKER_OFFSET,
                )?;
            }
            let ex = row.employee.map(|employee| self.x(chart, employee));
            if let (Some(employee), Some(ex)) = (row.employee, ex) {
                let color = direction_color(employee - row.customer);
                canvas.line((cx, cy), (ex, cy), color, GAP_LINE_WIDTH)?;
                canvas.dot(ex, cy, DOT_RADIUS, &EMPLOYEE)?;
            }
            canvas.dot(cx, cy, DOT_RADIUS, &CUSTOMER)?;
            // Employees' estimate on (or nearly on) the customers' grade: their dot would hide
            // under the customers' one, as if employees had not answered. It is drawn as a
            // ring around it instead.
            if let Some(ex) = ex.filter(|ex| (ex - cx).abs() < f64::from(DOT_RADIUS)) {
                canvas.ring((ex, cy), DOT_RADIUS + 3, &EMPLOYEE, 3)?;
            }
        }
        Ok(())
    }
}

/// A horizontal whisker from `x0` to `x1` with caps, in the customers' colour.
fn whisker(canvas: &Canvas<'_>, x0: f64, x1: f64, y: f64) -> anyhow::Result<()> {
    canvas.line((x0, y), (x1, y), &CUSTOMER, WHISKER_WIDTH)?;
    for x in [x0, x1] {
        canvas.line(
            (x, y - WHISKER_CAP),
            (x, y + WHISKER_CAP),
            &CUSTOMER,
            WHISKER_WIDTH,
        )?;
    }
    Ok(())
}

fn label_font(row: &MirrorRow) -> Font {
    if row.significant {
        Font::bold(LABEL_PX)
    } else {
        Font::regular(LABEL_PX)
    }
}

/// The aspect label on at most two lines; a significant one ends in " *", which survives
/// when the label has to be cut.
fn row_label_lines(row: &MirrorRow, font: Font, max_width: f64) -> anyhow::Result<Vec<String>> {
    let label = clean_text(&row.label);
    if !row.significant {
        return wrap(&label, font, max_width, 2);
    }
    let mut lines = wrap(&label, font, max_width - font.width(SIGNIFICANT_SUFFIX)?, 2)?;
    match lines.last_mut() {
        Some(last) => last.push_str(SIGNIFICANT_SUFFIX),
        None => lines.push(SIGNIFICANT_SUFFIX.trim().to_string()),
    }
    Ok(lines)
}

/// Colour of the gap line (the staff dot is always the employees' colour): blind spot when staff rate higher than customers,
/// hidden strength when lower.
fn direction_color(gap: f64) -> &'static plotters::style::RGBColor {
    if gap > 1e-9 {
        &BLIND_SPOT
    } else if gap < -1e-9 {
        &HIDDEN_STRENGTH
    } else {
        &NEUTRAL
    }
}

fn format_tick(v: f64) -> String {
    format!("{v:.0}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::charts::test_support::{
        assert_all_text_inter, assert_error_contains, assert_well_formed, texts,
    };

    pub(crate) fn example() -> MirrorChart {
        let data = [
            ("Afspraken nakomen", 7.4, Some(8.6), true),
            ("Inleving en compassie", 7.9, Some(7.2), false),
            ("Openstaan voor kritiek", 6.2, Some(7.6), true),
            ("Proactief meedenken", 6.6, Some(7.9), true),
            ("Vriendelijkheid", 8.0, Some(8.3), false),
            ("Deskundigheid", 7.6, Some(6.4), true),
            ("Bereikbaarheid", 6.1, Some(7.0), false),
            ("Wachttijd", 6.0, Some(5.1), false),
            ("Duidelijke brieven en informatie", 6.8, Some(8.1), true),
            ("Zorgvuldig omgaan met privacy", 7.2, None, false),
        ];
        MirrorChart {
            title: "Klant en medewerker in de spiegel".into(),
            x_label: "Gemiddeld rapportcijfer (1–10)".into(),
            customer_label: "Klanten".into(),
            employee_label: "Medewerkers (inschatting)".into(),
            blind_label: "blinde vlek".into(),
            hidden_label: "onderschat sterk punt".into(),
            significant_note: "* significant verschil".into(),
            ci_label: "95%-interval klanten".into(),
            zoom: false,
            zoom_note: "As ingezoomd: begint niet bij 1".into(),
            scale_min: 1.0,
            scale_max: 10.0,
            rows: data
                .iter()
                .map(|&(label, customer, employee, significant)| MirrorRow {
                    label: label.into(),
                    customer,
                    customer_ci: None,
                    employee,
                    significant,
                })
                .collect(),
        }
    }

    #[test]
    fn svg_has_every_label_legend_and_tick() {
        let chart = example();
        let svg = mirror_svg(&chart).unwrap();
        assert_well_formed(&svg);
        let texts = texts(&svg);
        for row in &chart.rows {
            let shown = if row.significant {
                format!("{} *", row.label)
            } else {
                row.label.clone()
            };
            assert!(texts.contains(&shown), "missing label {shown:?}");
        }
        for legend in [
            "Klanten",
            "Medewerkers (inschatting)",
            "* significant verschil",
        ] {
            assert!(
                texts.iter().any(|t| t == legend),
                "missing legend {legend:?}"
            );
        }
        for tick in 1..=10 {
            assert!(texts.contains(&tick.to_string()), "missing tick {tick}");
        }
        assert!(texts.contains(&chart.title) && texts.contains(&chart.x_label));
    }

    #[test]
    fn every_text_is_set_in_inter() {
        let svg = mirror_svg(&example()).unwrap();
        assert_all_text_inter(&svg);
    }

    #[test]
    fn significant_labels_are_bold_and_others_not() {
        let svg = mirror_svg(&example()).unwrap();
        let element = |label: &str| {
            svg.split("<text")
                .find(|t| t.contains(&format!(">\n{label}\n<")))
                .unwrap_or_else(|| panic!("no text element {label}"))
                .to_string()
        };
        assert!(element("Afspraken nakomen *").contains(r#"font-weight="bold""#));
        assert!(!element("Vriendelijkheid").contains("font-weight"));
    }

    #[test]
    fn gap_direction_sets_the_colour() {
        assert_eq!(direction_color(1.2), &BLIND_SPOT);
        assert_eq!(direction_color(-0.4), &HIDDEN_STRENGTH);
        assert_eq!(direction_color(0.0), &NEUTRAL);
        let svg = mirror_svg(&example()).unwrap();
        assert!(svg.contains("#D55E00") && svg.contains("#009E73"));
    }

    /// An estimate on the customers' grade is a ring around their dot, not a dot hidden
    /// under it; one a dot apart is a dot as always.
    #[test]
    fn an_estimate_on_the_customers_grade_is_drawn_as_a_ring() {
        let ring = r##"fill="none" stroke="#E69F00""##;
        let mut chart = example();
        assert!(!mirror_svg(&chart).unwrap().contains(ring));
        chart.rows[0].employee = Some(chart.rows[0].customer + 0.01);
        let svg = mirror_svg(&chart).unwrap();
        assert_eq!(svg.matches(ring).count(), 1, "{svg}");
    }

    #[test]
    fn hostile_text_is_escaped() {
        let mut chart = example();
        chart.title = "Titel & <b>vet</b> \"quoted\"".into();
        chart.rows[0].label = "<x> & ] #read(\"/etc/passwd\")".into();
        chart.rows[1].label = "tab\there\u{0}nul".into();
        chart.customer_label = "Klanten' <script>".into();
        let svg = mirror_svg(&chart).unwrap();
        assert_well_formed(&svg);
        assert!(!svg.contains("<x>") && !svg.contains("<script>") && !svg.contains("<b>"));
        assert!(svg.contains("&lt;x&gt; &amp; ] #read(&quot;/etc/passwd&quot;) *"));
        assert!(!svg.contains('\u{0}'));
        assert!(texts(&svg).contains(&"tab here nul".to_string()));
    }

    #[test]
    fn long_labels_are_measured_and_fit() {
        let mut chart = example();
        chart.rows[2].label = "Een buitengewoon lang aspect dat nooit op één regel past omdat \
                               het maar doorgaat en doorgaat"
            .into();
        chart.rows[2].significant = false;
        let layout = Layout::new(&chart).unwrap();
        assert_eq!(layout.labels[2].len(), 2);
        assert!(layout.labels[2][1].ends_with('…'));
        // A cut significant label keeps its marker.
        chart.rows[2].significant = true;
        let layout = Layout::new(&chart).unwrap();
        assert!(
            layout.labels[2][1].ends_with("… *"),
            "{:?}",
            layout.labels[2]
        );
        assert!(layout.label_right < f64::from(WIDTH) * 0.5);
        // The widest short label decides the margin when nothing wraps.
        let layout = Layout::new(&example()).unwrap();
        let widest = Font::bold(LABEL_PX)
            .width("Duidelijke brieven en informatie *")
            .unwrap();
        assert!((layout.label_right - MARGIN - widest).abs() < 1.0);
        assert!(layout.plot.x0 > layout.label_right);
    }

    #[test]
    fn empty_rows_are_an_error() {
        let mut chart = example();
        chart.rows.clear();
        assert_error_contains(mirror_svg(&chart), "no rows");
    }

    #[test]
    fn values_off_the_scale_or_not_finite_are_errors() {
        let mut chart = example();
        chart.rows[3].employee = Some(11.0);
        assert_error_contains(mirror_svg(&chart), "outside the scale");
        let mut chart = example();
        chart.rows[3].customer = f64::NAN;
        assert!(mirror_svg(&chart).is_err());
        let mut chart = example();
        chart.scale_max = chart.scale_min;
        assert!(mirror_svg(&chart).is_err());
    }

    /// The example with an interval around every customers' mean and a zoomed axis.
    fn zoomed() -> MirrorChart {
        let mut chart = example();
        for row in &mut chart.rows {
            row.customer_ci = Some((row.customer - 0.4, row.customer + 0.4));
        }
        chart.zoom = true;
        chart
    }

    #[test]
    fn a_zoomed_axis_spans_the_dots_and_whiskers_in_whole_units() {
        // Data 5.1 (a staff dot) to 8.6 (a staff dot); the whiskers reach 5.6 – 8.4.
        assert_eq!(axis_range(&zoomed()), (4.0, 9.0));
        assert_eq!(axis_range(&example()), (1.0, 10.0));
        // A whisker beyond the dots widens the axis, never past the scale.
        let mut chart = zoomed();
        chart.rows[4].customer_ci = Some((7.0, 10.4));
        assert_eq!(axis_range(&chart), (4.0, 10.0));
        // Data close together still get an axis of two units.
        let mut chart = zoomed();
        chart.rows.truncate(1);
        chart.rows[0].customer = 9.5;
        chart.rows[0].employee = Some(9.6);
        chart.rows[0].customer_ci = None;
        assert_eq!(axis_range(&chart), (8.0, 10.0));
    }

    #[test]
    fn a_zoomed_chart_draws_whiskers_a_broken_axis_and_its_note() {
        let svg = mirror_svg(&zoomed()).unwrap();
        assert_well_formed(&svg);
        let shown = texts(&svg);
        for tick in 4..=9 {
            assert!(shown.contains(&tick.to_string()), "missing tick {tick}");
        }
        assert!(!shown.contains(&"1".to_string()) && !shown.contains(&"10".to_string()));
        assert!(shown.contains(&"As ingezoomd: begint niet bij 1".to_string()));
        assert!(shown.contains(&"95%-interval klanten".to_string()));
        // The whiskers: a horizontal line and two caps per row, in the customers' colour.
        let layout = Layout::new(&zoomed()).unwrap();
        assert!(layout.broken);
        let customer_lines = svg
            .split("<polyline")
            .skip(1)
            .filter(|l| {
                l.split('>').next().is_some_and(|tag| {
                    tag.contains(&format!(
                        "#{:02X}{:02X}{:02X}",
                        CUSTOMER.0, CUSTOMER.1, CUSTOMER.2
                    ))
                })
            })
            .count();
        assert!(
            customer_lines >= 3 * 10,
            "{customer_lines} lines in the customers' colour"
        );
        // Without zoom: the whole scale, no note, no broken axis.
        let plain = mirror_svg(&example()).unwrap();
        assert!(!texts(&plain).contains(&"As ingezoomd: begint niet bij 1".to_string()));
        assert!(!texts(&plain).contains(&"95%-interval klanten".to_string()));
        assert!(!Layout::new(&example()).unwrap().broken);
    }

    #[test]
    fn a_reversed_or_broken_interval_is_an_error() {
        let mut chart = zoomed();
        chart.rows[0].customer_ci = Some((8.0, 7.0));
        assert_error_contains(mirror_svg(&chart), "reversed");
        chart.rows[0].customer_ci = Some((f64::NAN, 7.0));
        assert!(mirror_svg(&chart).is_err());
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(
            mirror_svg(&example()).unwrap(),
            mirror_svg(&example()).unwrap()
        );
    }
}
