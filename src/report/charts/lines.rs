//! A line chart over categories (survey waves, ISO weeks): one line per series with a dot
//! and its value at every point, an optional dashed horizontal reference line. Used for the
//! development over waves and the mood per week.

use anyhow::Context;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{SERIES, format_tick};
use super::palette::{AXIS, CROSSHAIR, GRID, INK, MUTED};
use super::size::{MARGIN, TEXT_PX, TICK_PX, TITLE_PX};
use super::{
    Canvas, Font, LegendEntry, Rect, WIDTH, check_rows, clean_text, flow_legend, int_ticks,
    render_svg, title_lines,
};

/// A line chart.
#[derive(Clone, Debug)]
pub struct LineChart {
    /// Title above the chart (may be empty).
    pub title: String,
    /// Label of the vertical axis (written above it).
    pub y_label: String,
    /// Bottom of the vertical axis.
    pub y_min: f64,
    /// Top of the vertical axis.
    pub y_max: f64,
    /// The categories along the horizontal axis, left to right.
    pub categories: Vec<String>,
    /// The lines.
    pub series: Vec<LineSeries>,
    /// A dashed horizontal line with its label (a benchmark, a pass mark).
    pub reference: Option<(f64, String)>,
}

/// One line.
#[derive(Clone, Debug)]
pub struct LineSeries {
    /// Legend text.
    pub label: String,
    /// Per category: the value and its printed text; `None` leaves a gap.
    pub values: Vec<Option<(f64, String)>>,
}

/// Plot height in pixels.
const PLOT_HEIGHT: f64 = 180.0;

/// Renders the chart as SVG. Errors when there is nothing to draw.
pub fn lines_svg(chart: &LineChart) -> anyhow::Result<String> {
    let name = format!("line chart {:?}", chart.title);
    let lines = chart.series.iter().map(|s| (&*s.label, &*s.values));
    let axis = (chart.y_min, chart.y_max);
    check_rows(&name, "series", axis, chart.categories.len(), lines)?;
    let width = f64::from(WIDTH);
    let title_font = Font::bold(TITLE_PX);
    let text_font = Font::regular(TEXT_PX);
    let tick_font = Font::regular(TICK_PX);

    let title_top = MARGIN;
    let (title, title_height) = title_lines(&chart.title)?;
    let mut entries: Vec<(Option<usize>, String)> = Vec::new();
    if chart.series.len() > 1 {
        entries.extend(
            chart
                .series
                .iter()
                .enumerate()
                .map(|(i, s)| (Some(i), clean_text(&s.label))),
        );
    }
    if let Some((_, label)) = &chart.reference {
        entries.push((None, clean_text(label)));
    }
    let (legend, legend_height) = flow_legend(entries, title_top + title_height, 30.0)?;
    let mut y = title_top + title_height + legend_height;
    let y_label = clean_text(&chart.y_label);
    let y_label_top = y;
    if !y_label.is_empty() {
        y += text_font.block_height(1) + 10.0;
    }
    let ticks = int_ticks(chart.y_min, chart.y_max, 6);
    let mut tick_width: f64 = 0.0;
    for t in &ticks {
        tick_width = tick_width.max(tick_font.width(&format_tick(*t))?);
    }
    let categories: Vec<String> = chart.categories.iter().map(|c| clean_text(c)).collect();
    let plot = Rect::new(
        MARGIN + tick_width + 12.0,
        y + 10.0,
        width - MARGIN - 40.0,
        y + 10.0 + PLOT_HEIGHT,
    );
    let n = categories.len();
    let step = (plot.x1 - plot.x0) / n as f64;
    let x_of = |i: usize| plot.x0 + step * (i as f64 + 0.5);
    let y_of = |v: f64| {
        plot.y1
            - (v.clamp(chart.y_min, chart.y_max) - chart.y_min) / (chart.y_max - chart.y_min)
                * (plot.y1 - plot.y0)
    };
    // Category labels: thin out when they would collide, keeping the last one.
    let mut widest: f64 = 0.0;
    for c in &categories {
        widest = widest.max(tick_font.width(c)?);
    }
    let every = ((widest + 12.0) / step).ceil().max(1.0) as usize;
    let height = plot.y1 + 8.0 + tick_font.block_height(1) + MARGIN;

    render_svg(WIDTH, height.ceil() as u32, |canvas: &Canvas<'_>| {
        canvas.text_block(&title, title_font, &INK, HPos::Left, MARGIN, title_top)?;
        for LegendEntry {
            marker: series,
            text,
            x,
            top,
        } in &legend
        {
            let top = *top;
            let cy = top + text_font.px * 0.5;
            match series {
                Some(i) => {
                    let c = &SERIES[i % SERIES.len()];
                    canvas.line((*x, cy), (x + 22.0, cy), c, 3)?;
                    canvas.dot(x + 11.0, cy, 4, c)?;
                }
                None => canvas.dashed_line((*x, cy), (x + 22.0, cy), &CROSSHAIR, 2)?,
            }
            canvas.text_block(
                std::slice::from_ref(text),
                text_font,
                &INK,
                HPos::Left,
                x + 30.0,
                top,
            )?;
        }
        if !y_label.is_empty() {
            canvas.text_block(
                std::slice::from_ref(&y_label),
                text_font,
                &MUTED,
                HPos::Left,
                MARGIN,
                y_label_top,
            )?;
        }
        for &t in &ticks {
            let ty = y_of(t);
            canvas.line((plot.x0, ty), (plot.x1, ty), &GRID, 1)?;
            canvas.text(
                &format_tick(t),
                &tick_font.style(&MUTED, HPos::Right, VPos::Center),
                plot.x0 - 8.0,
                ty,
            )?;
        }
        canvas.line((plot.x0, plot.y1), (plot.x1, plot.y1), &AXIS, 1)?;
        for (i, c) in categories.iter().enumerate() {
            // Counted from the last category, which is always labelled: no two labels collide.
            if (n - 1 - i).is_multiple_of(every) {
                canvas.text(
                    c,
                    &tick_font.style(&MUTED, HPos::Center, VPos::Top),
                    x_of(i),
                    plot.y1 + 8.0,
                )?;
            }
        }
        if let Some((value, _)) = &chart.reference {
            let ry = y_of(*value);
            canvas.dashed_line((plot.x0, ry), (plot.x1, ry), &CROSSHAIR, 2)?;
        }
        let show_values = n <= 8;
        for (s, series) in chart.series.iter().enumerate() {
            let color = &SERIES[s % SERIES.len()];
            let points: Vec<Option<(f64, f64, &String)>> = series
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| v.as_ref().map(|(v, t)| (x_of(i), y_of(*v), t)))
                .collect();
            for pair in points.windows(2) {
                if let [Some(a), Some(b)] = pair {
                    canvas.line((a.0, a.1), (b.0, b.1), color, 3)?;
                }
            }
            for (i, (x, y, text)) in points
                .iter()
                .enumerate()
                .filter_map(|(i, p)| Some((i, (*p)?)))
            {
                canvas.dot(x, y, 5, color)?;
                if show_values {
                    // The value goes above the point when this line is the highest at this
                    // category and below it otherwise, so values of close lines never collide.
                    let mine = series.values[i].as_ref().map_or(f64::MIN, |v| v.0);
                    let highest = chart.series.iter().enumerate().all(|(o, other)| {
                        o == s
                            || other.values[i]
                                .as_ref()
                                .is_none_or(|v| v.0 < mine || (v.0 == mine && o > s))
                    });
                    let (v, dy) = if highest {
                        (VPos::Bottom, -10.0)
                    } else {
                        (VPos::Top, 10.0)
                    };
                    canvas.text(
                        &clean_text(text),
                        &tick_font.style(color, HPos::Center, v),
                        x,
                        y + dy,
                    )?;
                }
            }
        }
        Ok(())
    })
    .with_context(|| format!("drawing line chart {:?}", chart.title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_show_every_category_value_and_legend() {
        let chart = LineChart {
            title: "Ontwikkeling".into(),
            y_label: "Rapportcijfer".into(),
            y_min: 5.0,
            y_max: 9.0,
            categories: vec![
                "Voorjaar 2026".into(),
                "Zomer 2026".into(),
                "Najaar 2026".into(),
            ],
            series: vec![
                LineSeries {
                    label: "Klanten".into(),
                    values: vec![Some((6.5, "6,5".into())), None, Some((7.1, "7,1".into()))],
                },
                LineSeries {
                    label: "Medewerkers".into(),
                    values: vec![
                        Some((7.0, "7,0".into())),
                        Some((7.2, "7,2".into())),
                        Some((7.3, "7,3".into())),
                    ],
                },
            ],
            reference: Some((5.5, "Voldoende".into())),
        };
        let svg = lines_svg(&chart).unwrap();
        for t in [
            "Voorjaar 2026",
            "Najaar 2026",
            "6,5",
            "7,3",
            "Klanten",
            "Medewerkers",
            "Voldoende",
        ] {
            assert!(svg.contains(t), "{t} missing");
        }
    }

    #[test]
    fn empty_chart_is_an_error() {
        let chart = LineChart {
            title: String::new(),
            y_label: String::new(),
            y_min: 0.0,
            y_max: 1.0,
            categories: vec![],
            series: vec![],
            reference: None,
        };
        assert!(lines_svg(&chart).is_err());
    }
}
