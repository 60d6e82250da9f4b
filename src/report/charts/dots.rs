//! A dot plot: one row per item, one dot per series on a shared scale, the dots of a row joined
//! by a thin line so the spread reads at a glance. The axis is zoomed to the values (whole
//! numbers around them, within the scale). Compact where grouped bars take a page.

use anyhow::{Context, bail};
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

use super::palette::{AXIS, BAND, GRID, INK, MUTED};
use super::size::{LABEL_PX, MARGIN, TEXT_PX, TICK_PX};
use super::{
    Canvas, Font, Rect, WIDTH, clean_text, ensure_finite, flow_legend, int_ticks, render_svg,
    title_lines, wrap,
};

/// A dot plot.
#[derive(Clone, Debug)]
pub struct DotChart {
    /// Title above the chart (may be empty).
    pub title: String,
    /// Label under the axis.
    pub x_label: String,
    /// Ends of the scale; the axis is zoomed within them.
    pub scale_min: f64,
    /// Upper end of the scale.
    pub scale_max: f64,
    /// Series: legend text and colour.
    pub series: Vec<(String, RGBColor)>,
    /// Rows, top first.
    pub rows: Vec<DotRow>,
}

/// One row of a dot plot.
#[derive(Clone, Debug)]
pub struct DotRow {
    /// Row label.
    pub label: String,
    /// One value per series; `None` draws no dot.
    pub values: Vec<Option<f64>>,
}

const ROW_HEIGHT: f64 = 26.0;
const DOT_RADIUS: u32 = 6;
const MAX_LABEL_SHARE: f64 = 0.36;

/// Renders the dot plot as SVG. Errors when there is nothing to draw or a value is not finite
/// or off the scale.
pub fn dots_svg(chart: &DotChart) -> anyhow::Result<String> {
    if chart.rows.is_empty() || chart.series.is_empty() || chart.scale_min >= chart.scale_max {
        bail!("dot plot {:?} has nothing to draw", chart.title);
    }
    let mut all = Vec::new();
    for r in &chart.rows {
        if r.values.len() != chart.series.len() {
            bail!("dot plot row {:?}: one value per series expected", r.label);
        }
        for v in r.values.iter().flatten() {
            ensure_finite(*v, || format!("a value of {:?}", r.label))?;
            if *v < chart.scale_min - 1e-9 || *v > chart.scale_max + 1e-9 {
                bail!("{v} of {:?} lies outside the scale", r.label);
            }
            all.push(*v);
        }
    }
    // Rows without values keep their label (the figure is absent); the axis then spans the
    // whole scale.
    let (axis_min, axis_max) = if all.is_empty() {
        (chart.scale_min, chart.scale_max)
    } else {
        let lo = all.iter().copied().fold(f64::MAX, f64::min);
        let hi = all.iter().copied().fold(f64::MIN, f64::max);
        zoom(lo, hi, chart.scale_min, chart.scale_max)
    };
    let width = f64::from(WIDTH);
    let inner = width - 2.0 * MARGIN;
    let (title, title_h) = title_lines(&chart.title)?;
    let entries: Vec<(RGBColor, String)> = chart
        .series
        .iter()
        .map(|(s, c)| (*c, clean_text(s)))
        .collect();
    let (legend, legend_h) =
        flow_legend(entries, MARGIN + title_h, 2.0 * f64::from(DOT_RADIUS) + 8.0)?;
    let label_font = Font::regular(LABEL_PX);
    let labels = chart
        .rows
        .iter()
        .map(|r| {
            wrap(
                &clean_text(&r.label),
                label_font,
                inner * MAX_LABEL_SHARE,
                1,
            )
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut widest: f64 = 0.0;
    for l in labels.iter().flatten() {
        widest = widest.max(label_font.width(l)?);
    }
    let plot = Rect::new(
        MARGIN + widest + 16.0,
        MARGIN + title_h + legend_h + 4.0,
        width - MARGIN - 8.0,
        MARGIN + title_h + legend_h + 4.0 + chart.rows.len() as f64 * ROW_HEIGHT,
    );
    let tick_font = Font::regular(TICK_PX);
    let height = plot.y1 + 8.0 + TICK_PX + 8.0 + TEXT_PX + MARGIN;
    let x_of = |v: f64| plot.x0 + (v - axis_min) / (axis_max - axis_min) * (plot.x1 - plot.x0);
    render_svg(WIDTH, height.ceil() as u32, |canvas: &Canvas<'_>| {
        canvas.text_block(
            &title,
            Font::bold(super::size::TITLE_PX),
            &INK,
            HPos::Left,
            MARGIN,
            MARGIN,
        )?;
        let text_font = Font::regular(TEXT_PX);
        for e in &legend {
            let r = f64::from(DOT_RADIUS);
            canvas.dot(e.x + r, e.top + TEXT_PX * 0.5, DOT_RADIUS, &e.marker)?;
            canvas.text(
                &e.text,
                &text_font.style(&INK, HPos::Left, VPos::Top),
                e.x + 2.0 * r + 8.0,
                e.top,
            )?;
        }
        for (i, label) in labels.iter().enumerate() {
            let top = plot.y0 + i as f64 * ROW_HEIGHT;
            let cy = top + ROW_HEIGHT / 2.0;
            if i % 2 == 0 {
                canvas.fill_rect(Rect::new(MARGIN, top, plot.x1, top + ROW_HEIGHT), &BAND)?;
            }
            canvas.text_block(
                label,
                label_font,
                &INK,
                HPos::Right,
                plot.x0 - 10.0,
                cy - label_font.block_height(1) / 2.0,
            )?;
        }
        for t in int_ticks(axis_min, axis_max, 10) {
            let x = x_of(t);
            canvas.line((x, plot.y0), (x, plot.y1), &GRID, 1)?;
            canvas.text(
                &format!("{t:.0}"),
                &tick_font.style(&MUTED, HPos::Center, VPos::Top),
                x,
                plot.y1 + 6.0,
            )?;
        }
        canvas.line((plot.x0, plot.y1), (plot.x1, plot.y1), &AXIS, 1)?;
        canvas.text(
            &clean_text(&chart.x_label),
            &text_font.style(&MUTED, HPos::Center, VPos::Top),
            (plot.x0 + plot.x1) / 2.0,
            plot.y1 + 8.0 + TICK_PX + 6.0,
        )?;
        for (i, row) in chart.rows.iter().enumerate() {
            let cy = plot.y0 + (i as f64 + 0.5) * ROW_HEIGHT;
            let xs: Vec<f64> = row.values.iter().flatten().map(|v| x_of(*v)).collect();
            if let (Some(a), Some(b)) = (
                xs.iter().copied().reduce(f64::min),
                xs.iter().copied().reduce(f64::max),
            ) {
                canvas.line((a, cy), (b, cy), &AXIS, 2)?;
            }
            for (v, (_, color)) in row.values.iter().zip(&chart.series) {
                if let Some(v) = v {
                    canvas.dot(x_of(*v), cy, DOT_RADIUS, color)?;
                }
            }
        }
        Ok(())
    })
    .with_context(|| format!("drawing dot plot {:?}", chart.title))
}

/// The axis around `lo`–`hi`: whole numbers half a point beyond them, within the scale.
fn zoom(lo: f64, hi: f64, min: f64, max: f64) -> (f64, f64) {
    let a = (lo - 0.5).floor().max(min);
    let b = (hi + 0.5).ceil().min(max);
    if b > a { (a, b) } else { (min, max) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::test_support::{assert_all_text_inter, assert_well_formed, texts};

    fn chart() -> DotChart {
        DotChart {
            title: String::new(),
            x_label: "Belang (1–5)".into(),
            scale_min: 1.0,
            scale_max: 5.0,
            series: vec![
                ("Klanten".into(), RGBColor(0x1F, 0x3A, 0x5F)),
                ("Medewerkers".into(), RGBColor(0xE6, 0x9F, 0x00)),
            ],
            rows: vec![
                DotRow {
                    label: "Afspraken nakomen".into(),
                    values: vec![Some(4.5), Some(3.9)],
                },
                DotRow {
                    label: "Privacy".into(),
                    values: vec![Some(2.9), None],
                },
            ],
        }
    }

    #[test]
    fn rows_legend_and_a_zoomed_axis() {
        let svg = dots_svg(&chart()).unwrap();
        assert_well_formed(&svg);
        assert_all_text_inter(&svg);
        let t = texts(&svg);
        for want in [
            "Afspraken nakomen",
            "Privacy",
            "Klanten",
            "Medewerkers",
            "2",
            "5",
        ] {
            assert!(t.iter().any(|x| x == want), "{want} missing in {t:?}");
        }
        // Zoomed: 2.9 − 0.5 rounds down to 2, so 1 is not on the axis.
        assert!(!t.iter().any(|x| x == "1"), "{t:?}");
        assert_eq!(zoom(2.9, 4.5, 1.0, 5.0), (2.0, 5.0));
    }

    #[test]
    fn rows_without_values_keep_their_labels_on_the_whole_scale() {
        let mut c = chart();
        for r in &mut c.rows {
            r.values = vec![None, None];
        }
        let t = texts(&dots_svg(&c).unwrap());
        assert!(
            t.iter().any(|x| x == "Privacy") && t.iter().any(|x| x == "1"),
            "{t:?}"
        );
    }

    #[test]
    fn values_off_the_scale_are_an_error() {
        let mut c = chart();
        c.rows[0].values[0] = Some(6.0);
        assert!(dots_svg(&c).is_err());
        let mut c = chart();
        c.rows[1].values.pop();
        assert!(dots_svg(&c).is_err());
    }
}
