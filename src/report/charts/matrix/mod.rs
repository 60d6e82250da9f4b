//! The importance–performance matrix (Martilla & James): aspects as points, x = performance
//! (customers' mean), y = importance, crosshairs splitting the plane into four shaded,
//! labelled quadrants. Point labels are placed by a small greedy search so that they overlap
//! neither each other, nor the points, nor the quadrant labels (`labels`).

mod labels;

use anyhow::{Context, bail};
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

use super::palette::{AXIS, CROSSHAIR, INK, MUTED, QUADRANT_FILL, QUADRANT_INK};
use super::size::{MARGIN, TEXT_PX, TICK_PX, TITLE_PX};
use super::{Canvas, Font, Rect, WIDTH, clean_text, ensure_finite, int_ticks, render_svg, wrap};

use labels::{PlacedLabel, Scene, place_labels};

/// A corner of the matrix: which side of each crosshair a point lies on. The caller maps its
/// own classification onto these (the chart knows nothing of what the corners mean).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corner {
    /// High y, low x.
    TopLeft,
    /// High y, high x.
    TopRight,
    /// Low y, low x.
    BottomLeft,
    /// Low y, high x.
    BottomRight,
}

impl Corner {
    const ALL: [Corner; 4] = [
        Corner::TopLeft,
        Corner::TopRight,
        Corner::BottomLeft,
        Corner::BottomRight,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// An importance–performance matrix.
#[derive(Clone, Debug)]
pub struct MatrixChart {
    /// Shown above the chart; empty for none.
    pub title: String,
    /// Title of the x axis (performance).
    pub x_label: String,
    /// Title of the y axis (importance).
    pub y_label: String,
    /// Quadrant names, in [`Corner`] order: top left, top right, bottom left, bottom right.
    pub quadrant_labels: [String; 4],
    /// Performance value of the vertical crosshair.
    pub cross_x: f64,
    /// Importance value of the horizontal crosshair.
    pub cross_y: f64,
    /// The aspects.
    pub points: Vec<MatrixPoint>,
}

/// One aspect in the matrix.
#[derive(Clone, Debug)]
pub struct MatrixPoint {
    /// Aspect name written next to the point.
    pub label: String,
    /// Customers' mean score (x).
    pub performance: f64,
    /// Importance (y).
    pub importance: f64,
    /// Corner as classified by the caller; sets the point's colour.
    pub quadrant: Corner,
}

/// Canvas height in pixels.
pub const HEIGHT: u32 = 540;

const DOT_RADIUS: u32 = 7;
/// Data padding as a share of the data span, and at least this many scale units.
const PAD_SHARE: f64 = 0.08;
const PAD_MIN: f64 = 0.15;

/// Renders the importance–performance matrix as SVG.
///
/// The axis ranges follow the data (points and crosshairs) with some padding rather than the
/// full scale, so the points spread out; ticks are whole numbers and the ranges are widened
/// until each axis shows at least two. Errors when there are no points (the report leaves the
/// section out instead) or a value is not finite.
pub fn matrix_svg(chart: &MatrixChart) -> anyhow::Result<String> {
    validate(chart)?;
    let layout = Layout::new(chart).context("laying out the importance–performance matrix")?;
    render_svg(WIDTH, HEIGHT, |canvas| layout.draw(chart, canvas))
        .with_context(|| format!("drawing importance–performance matrix {:?}", chart.title))
}

fn validate(chart: &MatrixChart) -> anyhow::Result<()> {
    if chart.points.is_empty() {
        bail!(
            "importance–performance matrix {:?} has no points to draw",
            chart.title
        );
    }
    ensure_finite(chart.cross_x, || "cross_x".into())?;
    ensure_finite(chart.cross_y, || "cross_y".into())?;
    for p in &chart.points {
        ensure_finite(p.performance, || format!("performance of {:?}", p.label))?;
        ensure_finite(p.importance, || format!("importance of {:?}", p.label))?;
    }
    Ok(())
}

/// A linear map from data values to pixels.
#[derive(Clone, Copy, Debug)]
struct Axis {
    lo: f64,
    hi: f64,
    px_lo: f64,
    px_hi: f64,
}

impl Axis {
    /// Fits `values` into the pixels `px_lo..px_hi`, keeping `reserve` pixels free at both ends
    /// (for the dots, and on the y axis for the quadrant labels), and widens the range until it
    /// holds at least two whole-number ticks.
    fn fit(
        values: impl Iterator<Item = f64> + Clone,
        px_lo: f64,
        px_hi: f64,
        reserve: f64,
    ) -> Self {
        let min = values.clone().fold(f64::INFINITY, f64::min);
        let max = values.fold(f64::NEG_INFINITY, f64::max);
        let pad = ((max - min) * PAD_SHARE).max(PAD_MIN);
        let (mut dlo, mut dhi) = (min - pad, max + pad);
        loop {
            let per_px = (dhi - dlo) / ((px_hi - px_lo).abs() - 2.0 * reserve).max(1.0);
            let axis = Axis {
                lo: dlo - reserve * per_px,
                hi: dhi + reserve * per_px,
                px_lo,
                px_hi,
            };
            if int_ticks(axis.lo, axis.hi, 10).len() >= 2 {
                return axis;
            }
            // Too narrow for two whole numbers: grow to the nearest whole numbers, then by one.
            let (flo, chi) = (dlo.floor(), dhi.ceil());
            if flo < dlo || chi > dhi {
                (dlo, dhi) = (flo, chi);
            } else {
                (dlo, dhi) = (dlo - 0.5, dhi + 0.5);
            }
        }
    }

    fn px(&self, v: f64) -> f64 {
        self.px_lo + (v - self.lo) / (self.hi - self.lo) * (self.px_hi - self.px_lo)
    }

    fn ticks(&self) -> Vec<f64> {
        int_ticks(self.lo, self.hi, 10)
    }
}

struct Layout {
    title: Vec<String>,
    plot: Rect,
    x: Axis,
    y: Axis,
    x_label: String,
    y_label: String,
    quadrant_labels: Vec<(Vec<String>, Rect, HPos)>,
    point_labels: Vec<Option<PlacedLabel>>,
}

impl Layout {
    fn new(chart: &MatrixChart) -> anyhow::Result<Self> {
        let (width, height) = (f64::from(WIDTH), f64::from(HEIGHT));
        let title_font = Font::bold(TITLE_PX);
        let text_font = Font::regular(TEXT_PX);
        let tick_font = Font::regular(TICK_PX);
        let quadrant_font = Font::bold(TEXT_PX);

        let title = wrap(
            &clean_text(&chart.title),
            title_font,
            width - 2.0 * MARGIN,
            2,
        )?;
        let mut top = MARGIN;
        if !title.is_empty() {
            top += title_font.block_height(title.len()) + 14.0;
        }
        let x_label = clean_text(&chart.x_label);
        let y_label = clean_text(&chart.y_label);
        let mut bottom = height - MARGIN - 8.0 - tick_font.block_height(1);
        if !x_label.is_empty() {
            bottom -= 10.0 + text_font.block_height(1);
        }

        // The y axis first: its tick labels decide how far the plot starts from the left.
        let quadrant_pad = 8.0;
        let band = quadrant_font.block_height(1) + 2.0 * quadrant_pad;
        let dot_reserve = f64::from(DOT_RADIUS) + 6.0;
        let importances = chart.points.iter().map(|p| p.importance);
        let y = Axis::fit(
            importances.chain(std::iter::once(chart.cross_y)),
            bottom,
            top,
            band + dot_reserve,
        );
        let mut tick_width: f64 = 0.0;
        for t in y.ticks() {
            tick_width = tick_width.max(tick_font.width(&format_tick(t))?);
        }
        let mut left = MARGIN + tick_width + 10.0;
        if !y_label.is_empty() {
            left += text_font.block_height(1) + 10.0;
        }
        let right = width - MARGIN;
        let plot = Rect::new(left, top, right, bottom);
        let performances = chart.points.iter().map(|p| p.performance);
        let x = Axis::fit(
            performances.chain(std::iter::once(chart.cross_x)),
            left,
            right,
            dot_reserve,
        );
        let x_label = wrap(&x_label, text_font, plot.x1 - plot.x0, 1)?
            .pop()
            .unwrap_or_default();
        let y_label = wrap(&y_label, text_font, plot.y1 - plot.y0, 1)?
            .pop()
            .unwrap_or_default();

        // Quadrant names in the outer corners, each at most half the plot wide.
        let max_q = (plot.x1 - plot.x0) / 2.0 - 2.0 * quadrant_pad - 8.0;
        let mut quadrant_labels = Vec::with_capacity(4);
        for (q, label) in Corner::ALL.iter().zip(&chart.quadrant_labels) {
            let lines = wrap(&clean_text(label), quadrant_font, max_q, 1)?;
            let w = match lines.first() {
                Some(l) => quadrant_font.width(l)?,
                None => 0.0,
            };
            let h = quadrant_font.block_height(lines.len());
            let (x0, align) = match q {
                Corner::TopLeft | Corner::BottomLeft => (plot.x0 + quadrant_pad, HPos::Left),
                _ => (plot.x1 - quadrant_pad - w, HPos::Right),
            };
            let y0 = match q {
                Corner::TopLeft | Corner::TopRight => plot.y0 + quadrant_pad,
                _ => plot.y1 - quadrant_pad - h,
            };
            quadrant_labels.push((lines, Rect::new(x0, y0, x0 + w, y0 + h), align));
        }

        let dots: Vec<(f64, f64)> = chart
            .points
            .iter()
            .map(|p| (x.px(p.performance), y.px(p.importance)))
            .collect();
        let mut obstacles: Vec<Rect> = dots
            .iter()
            .map(|&(cx, cy)| Rect::around(cx, cy, f64::from(DOT_RADIUS) + 3.0))
            .collect();
        obstacles.extend(
            quadrant_labels
                .iter()
                .filter(|(lines, _, _)| !lines.is_empty())
                .map(|(_, r, _)| r.grow(4.0)),
        );
        let labels: Vec<String> = chart.points.iter().map(|p| clean_text(&p.label)).collect();
        let scene = Scene {
            obstacles,
            bounds: plot.grow(-3.0),
            cross: (x.px(chart.cross_x), y.px(chart.cross_y)),
        };
        let point_labels = place_labels(&labels, &dots, scene, text_font)?;

        Ok(Layout {
            title,
            plot,
            x,
            y,
            x_label,
            y_label,
            quadrant_labels,
            point_labels,
        })
    }

    fn draw(&self, chart: &MatrixChart, canvas: &Canvas<'_>) -> anyhow::Result<()> {
        let text_font = Font::regular(TEXT_PX);
        let tick_font = Font::regular(TICK_PX);
        let plot = self.plot;

        canvas.text_block(
            &self.title,
            Font::bold(TITLE_PX),
            &INK,
            HPos::Left,
            MARGIN,
            MARGIN,
        )?;

        // Quadrant shading, split at the crosshair (clamped to the plot in case of rounding).
        let cx = self.x.px(chart.cross_x).clamp(plot.x0, plot.x1);
        let cy = self.y.px(chart.cross_y).clamp(plot.y0, plot.y1);
        let regions = [
            Rect::new(plot.x0, plot.y0, cx, cy),
            Rect::new(cx, plot.y0, plot.x1, cy),
            Rect::new(plot.x0, cy, cx, plot.y1),
            Rect::new(cx, cy, plot.x1, plot.y1),
        ];
        for (q, region) in Corner::ALL.iter().zip(regions) {
            canvas.fill_rect(region, &QUADRANT_FILL[q.index()])?;
        }

        // Grid at the whole-number ticks, white so it reads on every quadrant colour.
        let white = RGBColor(0xFF, 0xFF, 0xFF);
        let tick_style_x = tick_font.style(&MUTED, HPos::Center, VPos::Top);
        for t in self.x.ticks() {
            let px = self.x.px(t);
            canvas.line((px, plot.y0), (px, plot.y1), &white, 2)?;
            canvas.line((px, plot.y1), (px, plot.y1 + 5.0), &AXIS, 1)?;
            canvas.text(&format_tick(t), &tick_style_x, px, plot.y1 + 8.0)?;
        }
        let tick_style_y = tick_font.style(&MUTED, HPos::Right, VPos::Top);
        for t in self.y.ticks() {
            let py = self.y.px(t);
            canvas.line((plot.x0, py), (plot.x1, py), &white, 2)?;
            canvas.line((plot.x0 - 5.0, py), (plot.x0, py), &AXIS, 1)?;
            canvas.text(
                &format_tick(t),
                &tick_style_y,
                plot.x0 - 8.0,
                py - tick_font.px / 2.0,
            )?;
        }
        canvas.stroke_rect(plot, &AXIS, 1)?;
        canvas.dashed_line((cx, plot.y0), (cx, plot.y1), &CROSSHAIR, 2)?;
        canvas.dashed_line((plot.x0, cy), (plot.x1, cy), &CROSSHAIR, 2)?;

        if !self.x_label.is_empty() {
            canvas.text(
                &self.x_label,
                &text_font.style(&MUTED, HPos::Center, VPos::Top),
                (plot.x0 + plot.x1) / 2.0,
                plot.y1 + 8.0 + tick_font.block_height(1) + 10.0,
            )?;
        }
        if !self.y_label.is_empty() {
            canvas.text(
                &self.y_label,
                &text_font.rotated_style(&MUTED),
                MARGIN,
                (plot.y0 + plot.y1) / 2.0,
            )?;
        }

        for ((lines, rect, align), q) in self.quadrant_labels.iter().zip(Corner::ALL) {
            let x = if matches!(align, HPos::Left) {
                rect.x0
            } else {
                rect.x1
            };
            canvas.text_block(
                lines,
                Font::bold(TEXT_PX),
                &QUADRANT_INK[q.index()],
                *align,
                x,
                rect.y0,
            )?;
        }

        for label in self.point_labels.iter().flatten() {
            if let Some((from, to)) = label.leader {
                canvas.line(from, to, &AXIS, 1)?;
            }
        }
        for p in &chart.points {
            canvas.dot(
                self.x.px(p.performance),
                self.y.px(p.importance),
                DOT_RADIUS,
                &QUADRANT_INK[p.quadrant.index()],
            )?;
        }
        for label in self.point_labels.iter().flatten() {
            let x = match label.align {
                HPos::Left => label.rect.x0,
                HPos::Right => label.rect.x1,
                HPos::Center => (label.rect.x0 + label.rect.x1) / 2.0,
            };
            canvas.text_block(&label.lines, text_font, &INK, label.align, x, label.rect.y0)?;
        }
        Ok(())
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

    fn quadrant(perf: f64, imp: f64, cx: f64, cy: f64) -> Corner {
        match (imp >= cy, perf >= cx) {
            (true, false) => Corner::TopLeft,
            (true, true) => Corner::TopRight,
            (false, false) => Corner::BottomLeft,
            (false, true) => Corner::BottomRight,
        }
    }

    pub(crate) fn example() -> MatrixChart {
        let data = [
            ("Afspraken nakomen", 7.4, 4.5),
            ("Inleving en compassie", 7.9, 3.6),
            ("Openstaan voor kritiek", 6.2, 3.4),
            ("Proactief meedenken", 6.6, 3.9),
            ("Vriendelijkheid", 8.0, 4.1),
            ("Deskundigheid", 7.6, 4.6),
            ("Bereikbaarheid", 6.1, 4.2),
            ("Wachttijd", 6.0, 4.0),
            ("Duidelijke brieven en informatie", 6.8, 3.8),
            ("Zorgvuldig omgaan met privacy", 7.2, 3.0),
        ];
        let n = data.len() as f64;
        let cross_x = data.iter().map(|d| d.1).sum::<f64>() / n;
        let cross_y = data.iter().map(|d| d.2).sum::<f64>() / n;
        MatrixChart {
            title: "Belang en prestatie per aspect".into(),
            x_label: "Prestatie: gemiddeld rapportcijfer klanten".into(),
            y_label: "Belang volgens klanten (1–5)".into(),
            quadrant_labels: [
                "Concentreer je hier".into(),
                "Zo doorgaan".into(),
                "Lage prioriteit".into(),
                "Mogelijk overbodig".into(),
            ],
            cross_x,
            cross_y,
            points: data
                .iter()
                .map(|&(label, performance, importance)| MatrixPoint {
                    label: label.into(),
                    performance,
                    importance,
                    quadrant: quadrant(performance, importance, cross_x, cross_y),
                })
                .collect(),
        }
    }

    /// Every box the chart draws text or dots in, for overlap checks.
    fn boxes(layout: &Layout, chart: &MatrixChart) -> (Vec<Rect>, Vec<Rect>, Vec<Rect>) {
        let dots = chart
            .points
            .iter()
            .map(|p| Rect::around(layout.x.px(p.performance), layout.y.px(p.importance), 7.0))
            .collect();
        let labels = layout
            .point_labels
            .iter()
            .flatten()
            .map(|l| l.rect)
            .collect();
        let quadrants = layout.quadrant_labels.iter().map(|q| q.1).collect();
        (dots, labels, quadrants)
    }

    fn assert_no_overlaps(chart: &MatrixChart) {
        let layout = Layout::new(chart).unwrap();
        let (dots, labels, quadrants) = boxes(&layout, chart);
        assert_eq!(labels.len(), chart.points.len());
        for (i, a) in labels.iter().enumerate() {
            assert_eq!(a.outside(&layout.plot), 0.0, "label {i} leaves the plot");
            for (j, b) in labels.iter().enumerate().skip(i + 1) {
                assert_eq!(a.overlap(b), 0.0, "labels {i} and {j} overlap");
            }
            for (j, d) in dots.iter().enumerate() {
                assert_eq!(a.overlap(d), 0.0, "label {i} covers dot {j}");
            }
            for q in &quadrants {
                assert_eq!(a.overlap(q), 0.0, "label {i} covers a quadrant label");
            }
        }
        for d in &dots {
            assert_eq!(d.outside(&layout.plot), 0.0, "dot leaves the plot");
            for q in &quadrants {
                assert_eq!(d.overlap(q), 0.0, "dot under a quadrant label");
            }
        }
    }

    #[test]
    fn svg_has_every_label_and_quadrant() {
        let chart = example();
        let svg = matrix_svg(&chart).unwrap();
        assert_well_formed(&svg);
        let texts = texts(&svg);
        for p in &chart.points {
            // Long labels may be set on two lines; their words must all be there.
            let joined = texts.join(" ");
            assert!(
                texts.contains(&p.label) || joined.contains(&p.label),
                "missing label {:?}",
                p.label
            );
        }
        for q in &chart.quadrant_labels {
            assert!(texts.contains(q), "missing quadrant label {q:?}");
        }
        assert!(texts.contains(&chart.title));
        assert!(texts.contains(&chart.x_label) && texts.contains(&chart.y_label));
    }

    #[test]
    fn every_text_is_set_in_inter() {
        assert_all_text_inter(&matrix_svg(&example()).unwrap());
    }

    #[test]
    fn labels_overlap_nothing_in_the_realistic_example() {
        assert_no_overlaps(&example());
    }

    #[test]
    fn labels_overlap_nothing_when_points_crowd() {
        let mut chart = example();
        // Three near-identical points in the middle.
        for (i, p) in chart.points.iter_mut().enumerate().take(4) {
            p.performance = 7.0 + 0.02 * i as f64;
            p.importance = 3.9 + 0.01 * i as f64;
        }
        assert_no_overlaps(&chart);
    }

    #[test]
    fn axis_ranges_follow_the_data_with_whole_ticks() {
        let chart = example();
        let layout = Layout::new(&chart).unwrap();
        // Not the full 1–10 / 1–5 scales: the data spans 6.0–8.0 and 3.0–4.6.
        assert!(layout.x.lo > 5.0 && layout.x.hi < 9.0, "{:?}", layout.x);
        assert!(layout.y.lo > 2.0 && layout.y.hi < 5.5, "{:?}", layout.y);
        assert!(layout.x.ticks().len() >= 2 && layout.y.ticks().len() >= 2);
        assert!(layout.x.ticks().iter().all(|t| t.fract() == 0.0));
        // Narrow data still gets two whole-number ticks per axis.
        let mut narrow = example();
        for (i, p) in narrow.points.iter_mut().enumerate() {
            p.performance = 7.2 + 0.05 * i as f64;
            p.importance = 3.3 + 0.04 * i as f64;
        }
        narrow.cross_x = 7.4;
        narrow.cross_y = 3.5;
        let layout = Layout::new(&narrow).unwrap();
        assert!(layout.x.ticks().len() >= 2 && layout.y.ticks().len() >= 2);
        assert_no_overlaps(&narrow);
    }

    #[test]
    fn crosshairs_are_inside_the_plot() {
        let mut chart = example();
        chart.cross_x = 5.0; // left of every point
        let layout = Layout::new(&chart).unwrap();
        let cx = layout.x.px(chart.cross_x);
        assert!(cx > layout.plot.x0 && cx < layout.plot.x1);
    }

    #[test]
    fn hostile_text_is_escaped() {
        let mut chart = example();
        chart.title = "A & B <i>".into();
        chart.points[0].label = "<x> & ] #read(\"/etc/passwd\")".into();
        chart.quadrant_labels[0] = "Hier & nu <b>".into();
        chart.y_label = "Belang \"quoted\" 'single'".into();
        let svg = matrix_svg(&chart).unwrap();
        assert_well_formed(&svg);
        assert!(!svg.contains("<x>") && !svg.contains("<b>") && !svg.contains("<i>"));
        assert!(svg.contains("&lt;x&gt; &amp; ] #read(&quot;/etc/passwd&quot;)"));
    }

    #[test]
    fn empty_points_are_an_error() {
        let mut chart = example();
        chart.points.clear();
        assert_error_contains(matrix_svg(&chart), "no points");
        let mut chart = example();
        chart.points[2].importance = f64::INFINITY;
        assert!(matrix_svg(&chart).is_err());
    }

    #[test]
    fn single_point_is_drawn() {
        let mut chart = example();
        chart.points.truncate(1);
        chart.cross_x = chart.points[0].performance;
        chart.cross_y = chart.points[0].importance;
        assert_well_formed(&matrix_svg(&chart).unwrap());
        assert_no_overlaps(&chart);
    }
}
