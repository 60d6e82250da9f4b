//! A horizontal grouped bar chart: one group per row (a layer, an item, an aspect), one bar
//! per series within the group, an optional dashed reference line (a benchmark, a pass mark).
//! Used for layer accuracy, importance customers vs staff, the orientation ladder,
//! enablement and complaint handling against the benchmark.

use anyhow::Context;
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

use super::palette::{AXIS, BAND, CROSSHAIR, GRID, INK, MUTED};
use super::size::{MARGIN, TEXT_PX, TICK_PX, TITLE_PX};
use super::{
    Canvas, Font, LegendEntry, Rect, WIDTH, check_rows, clean_text, flow_legend, int_ticks,
    render_svg, title_lines, wrap,
};

/// Colours of the series, in order.
pub use super::palette::SERIES;

/// A grouped horizontal bar chart.
#[derive(Clone, Debug)]
pub struct BarChart {
    /// Title above the chart (may be empty).
    pub title: String,
    /// Label under the value axis.
    pub x_label: String,
    /// Left end of the value axis.
    pub scale_min: f64,
    /// Right end of the value axis.
    pub scale_max: f64,
    /// Names of the series, in bar order (shown as a legend when there is more than one).
    pub series: Vec<String>,
    /// One group of bars per row, top first.
    pub groups: Vec<BarGroup>,
    /// A dashed vertical line with its label, e.g. the national benchmark.
    pub reference: Option<(f64, String)>,
    /// Colour per series; empty for [`SERIES`] (customers, employees, management, board).
    pub colors: Vec<RGBColor>,
}

impl BarChart {
    /// The colour of series `i`.
    fn color(&self, i: usize) -> RGBColor {
        if self.colors.is_empty() {
            SERIES[i % SERIES.len()]
        } else {
            self.colors[i % self.colors.len()]
        }
    }
}

/// One row of bars.
#[derive(Clone, Debug)]
pub struct BarGroup {
    /// Row label.
    pub label: String,
    /// Per series: the value and the text printed at the end of the bar; `None` draws no bar
    /// (and `absent` is printed instead).
    pub values: Vec<Option<(f64, String)>>,
    /// Printed where a value is missing, e.g. "—" for a suppressed group.
    pub absent: String,
}

const BAR: f64 = 13.0;
const BAR_GAP: f64 = 3.0;
const GROUP_GAP: f64 = 11.0;
const MAX_LABEL_SHARE: f64 = 0.34;

/// Renders the chart as SVG. Errors when there is nothing to draw or a value is off the axis.
pub fn bars_svg(chart: &BarChart) -> anyhow::Result<String> {
    let name = format!("bar chart {:?}", chart.title);
    let groups = chart.groups.iter().map(|g| (&*g.label, &*g.values));
    let axis = (chart.scale_min, chart.scale_max);
    check_rows(&name, "group", axis, chart.series.len(), groups)?;
    let width = f64::from(WIDTH);
    let inner = width - 2.0 * MARGIN;
    let title_font = Font::bold(TITLE_PX);
    let text_font = Font::regular(TEXT_PX);
    let tick_font = Font::regular(TICK_PX);

    let title_top = MARGIN;
    let (title, title_height) = title_lines(&chart.title)?;
    // Legend: coloured squares with the series names, plus the reference line.
    let mut entries: Vec<(Option<RGBColor>, String)> = Vec::new();
    if chart.series.len() > 1 {
        for (i, s) in chart.series.iter().enumerate() {
            entries.push((Some(chart.color(i)), clean_text(s)));
        }
    }
    if let Some((_, label)) = &chart.reference {
        entries.push((None, clean_text(label)));
    }
    let (legend, legend_height) = flow_legend(entries, title_top + title_height, 22.0)?;
    let y = title_top + title_height + legend_height;

    let labels: Vec<Vec<String>> = chart
        .groups
        .iter()
        .map(|g| wrap(&clean_text(&g.label), text_font, inner * MAX_LABEL_SHARE, 2))
        .collect::<anyhow::Result<_>>()?;
    let mut label_width: f64 = 0.0;
    for lines in &labels {
        for l in lines {
            label_width = label_width.max(text_font.width(l)?);
        }
    }
    // Room at the right for the value texts.
    let mut value_width: f64 = 0.0;
    for g in &chart.groups {
        for (_, text) in g.values.iter().flatten() {
            value_width = value_width.max(Font::regular(TICK_PX).width(&clean_text(text))?);
        }
        value_width = value_width.max(Font::regular(TICK_PX).width(&clean_text(&g.absent))?);
    }
    let group_height = chart.series.len() as f64 * (BAR + BAR_GAP) - BAR_GAP;
    let group_heights: Vec<f64> = labels
        .iter()
        .map(|l| group_height.max(text_font.block_height(l.len())))
        .collect();
    let plot = Rect::new(
        MARGIN + label_width + 14.0,
        y,
        width - MARGIN - value_width - 10.0,
        y + group_heights.iter().sum::<f64>() + GROUP_GAP * chart.groups.len() as f64,
    );
    let x_of = |v: f64| {
        plot.x0
            + (v.clamp(chart.scale_min, chart.scale_max) - chart.scale_min)
                / (chart.scale_max - chart.scale_min)
                * (plot.x1 - plot.x0)
    };
    let ticks = int_ticks(chart.scale_min, chart.scale_max, 10);
    let x_label = clean_text(&chart.x_label);
    let mut height = plot.y1 + 8.0 + tick_font.block_height(1);
    if !x_label.is_empty() {
        height += 10.0 + text_font.block_height(1);
    }
    height += MARGIN;

    render_svg(WIDTH, height.ceil() as u32, |canvas: &Canvas<'_>| {
        canvas.text_block(&title, title_font, &INK, HPos::Left, MARGIN, title_top)?;
        for LegendEntry {
            marker: color,
            text,
            x,
            top,
        } in &legend
        {
            let (x, top) = (*x, *top);
            let cy = top + text_font.px * 0.5;
            match color {
                Some(c) => canvas.fill_rect(Rect::new(x, cy - 6.0, x + 12.0, cy + 6.0), c)?,
                None => {
                    canvas.dashed_line((x + 6.0, cy - 9.0), (x + 6.0, cy + 9.0), &CROSSHAIR, 2)?
                }
            }
            canvas.text_block(
                std::slice::from_ref(text),
                text_font,
                &INK,
                HPos::Left,
                x + 20.0,
                top,
            )?;
        }
        let mut top = plot.y0 + GROUP_GAP / 2.0;
        for (i, &h) in group_heights.iter().enumerate() {
            if i % 2 == 0 {
                canvas.fill_rect(
                    Rect::new(
                        MARGIN - 6.0,
                        top - GROUP_GAP / 2.0,
                        width - MARGIN,
                        top + h + GROUP_GAP / 2.0,
                    ),
                    &BAND,
                )?;
            }
            top += h + GROUP_GAP;
        }
        for &t in &ticks {
            let x = x_of(t);
            canvas.line((x, plot.y0), (x, plot.y1), &GRID, 1)?;
            canvas.text(
                &format_tick(t),
                &tick_font.style(&MUTED, HPos::Center, VPos::Top),
                x,
                plot.y1 + 8.0,
            )?;
        }
        canvas.line((plot.x0, plot.y0), (plot.x0, plot.y1), &AXIS, 1)?;
        canvas.line((plot.x0, plot.y1), (plot.x1, plot.y1), &AXIS, 1)?;
        if !x_label.is_empty() {
            canvas.text(
                &x_label,
                &text_font.style(&MUTED, HPos::Center, VPos::Top),
                (plot.x0 + plot.x1) / 2.0,
                plot.y1 + 8.0 + tick_font.block_height(1) + 10.0,
            )?;
        }
        let mut top = plot.y0 + GROUP_GAP / 2.0;
        for (i, g) in chart.groups.iter().enumerate() {
            let h = group_heights[i];
            let lines = &labels[i];
            canvas.text_block(
                lines,
                text_font,
                &INK,
                HPos::Right,
                plot.x0 - 14.0,
                top + h / 2.0 - text_font.block_height(lines.len()) / 2.0,
            )?;
            let bars_top = top + (h - group_height) / 2.0;
            for (s, value) in g.values.iter().enumerate() {
                let by = bars_top + s as f64 * (BAR + BAR_GAP);
                let (end, text) = match value {
                    Some((v, text)) => {
                        let x = x_of(*v);
                        canvas.fill_rect(
                            Rect::new(plot.x0, by, x.max(plot.x0 + 1.0), by + BAR),
                            &chart.color(s),
                        )?;
                        (x, clean_text(text))
                    }
                    None => (plot.x0, clean_text(&g.absent)),
                };
                canvas.text(
                    &text,
                    &Font::regular(TICK_PX).style(&INK, HPos::Left, VPos::Center),
                    end + 6.0,
                    by + BAR / 2.0,
                )?;
            }
            top += h + GROUP_GAP;
        }
        if let Some((value, _)) = &chart.reference {
            let x = x_of(*value);
            canvas.dashed_line((x, plot.y0), (x, plot.y1), &CROSSHAIR, 2)?;
        }
        Ok(())
    })
    .with_context(|| format!("drawing bar chart {:?}", chart.title))
}

pub(crate) fn format_tick(v: f64) -> String {
    if v == v.trunc() {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::test_support::assert_error_contains;

    fn example() -> BarChart {
        BarChart {
            title: "Hoe klantgericht?".into(),
            x_label: "Gemiddelde (1–5)".into(),
            scale_min: 1.0,
            scale_max: 5.0,
            series: vec![
                "Ikzelf".into(),
                "Mijn afdeling".into(),
                "De organisatie".into(),
            ],
            groups: vec![
                BarGroup {
                    label: "Frontoffice en klantcontact".into(),
                    values: vec![
                        Some((4.3, "4,3".into())),
                        Some((3.8, "3,8".into())),
                        Some((3.2, "3,2".into())),
                    ],
                    absent: "—".into(),
                },
                BarGroup {
                    label: "Directie <x> & \"bestuur\"".into(),
                    values: vec![None, None, None],
                    absent: "—".into(),
                },
            ],
            reference: Some((3.0, "Midden van de schaal".into())),
            colors: Vec::new(),
        }
    }

    #[test]
    fn every_label_value_and_series_is_in_the_svg() {
        let svg = bars_svg(&example()).unwrap();
        for text in [
            "Ikzelf",
            "Mijn afdeling",
            "De organisatie",
            "4,3",
            "3,2",
            "—",
            "Midden van de schaal",
        ] {
            assert!(svg.contains(text), "{text} missing");
        }
        assert!(svg.contains("font-family=\"Inter\""));
        assert!(!svg.contains("<x>"), "hostile text must be escaped");
    }

    #[test]
    fn a_group_with_the_wrong_number_of_values_is_an_error() {
        let mut c = example();
        c.groups[0].values.pop();
        assert!(bars_svg(&c).is_err());
        assert_error_contains(
            bars_svg(&c),
            r#"bar chart "Hoe klantgericht?": group "Frontoffice en klantcontact" has the wrong number of values"#,
        );
    }

    /// The checks every chart drawn in rows shares, in the words of this one.
    #[test]
    fn nothing_to_draw_an_empty_axis_and_an_infinite_value_are_errors() {
        let mut c = example();
        c.groups.clear();
        assert_error_contains(
            bars_svg(&c),
            r#"bar chart "Hoe klantgericht?" has nothing to draw"#,
        );
        let mut c = example();
        c.series.clear();
        assert_error_contains(bars_svg(&c), "has nothing to draw");
        let mut c = example();
        c.scale_max = c.scale_min;
        assert_error_contains(bars_svg(&c), "the axis is empty");
        let mut c = example();
        c.groups[0].values[1] = Some((f64::INFINITY, "∞".into()));
        assert_error_contains(
            bars_svg(&c),
            r#"value of "Frontoffice en klantcontact" is not a finite number"#,
        );
    }
}
