//! Where the point labels of the matrix go: a small greedy search over candidate positions
//! around each dot, so that labels overlap neither each other, nor the dots, nor the quadrant
//! labels, and rather not the crosshairs.

use plotters::style::text_anchor::HPos;

use super::DOT_RADIUS;
use crate::report::charts::{Font, Rect, wrap};

/// Point labels wider than this are tried on two lines as well.
const LABEL_WRAP_WIDTH: f64 = 170.0;

/// A placed point label: its lines, box and text alignment.
#[derive(Clone)]
pub(super) struct PlacedLabel {
    pub(super) lines: Vec<String>,
    pub(super) rect: Rect,
    pub(super) align: HPos,
    /// Leader line from the dot to the label, when the label had to move away.
    pub(super) leader: Option<((f64, f64), (f64, f64))>,
}

/// Where a label sits relative to its dot, in order of preference.
#[derive(Clone, Copy, Debug)]
enum Side {
    Right,
    Left,
    Above,
    Below,
    AboveRight,
    BelowRight,
    AboveLeft,
    BelowLeft,
}

const SIDES: [Side; 8] = [
    Side::Right,
    Side::Left,
    Side::Above,
    Side::Below,
    Side::AboveRight,
    Side::BelowRight,
    Side::AboveLeft,
    Side::BelowLeft,
];

/// What a label must not cover (hard: dots, quadrant names, other labels, the plot edge) and
/// would rather not cross (soft: the crosshair lines).
pub(super) struct Scene {
    pub(super) obstacles: Vec<Rect>,
    pub(super) bounds: Rect,
    /// Pixel x of the vertical and y of the horizontal crosshair.
    pub(super) cross: (f64, f64),
}

// Costs of a candidate label position. Any real overlap with a hard obstacle outweighs every
// preference; a label struck through by the horizontal crosshair is worse than moving it one
// ring out (with a leader line), crossing the vertical crosshair is not.
const COST_PER_OVERLAP_PX: f64 = 100.0;
const COST_STRUCK_THROUGH: f64 = 150.0;
const COST_CROSSES_VERTICAL: f64 = 30.0;
const COST_PER_RING: f64 = 60.0;
const COST_TWO_LINES: f64 = 12.0;
const COST_PER_SIDE_RANK: f64 = 3.0;

impl Scene {
    fn cost(&self, rect: &Rect) -> f64 {
        let hard = rect.outside(&self.bounds)
            + self.obstacles.iter().map(|o| rect.overlap(o)).sum::<f64>();
        let (cx, cy) = self.cross;
        let mut cost = hard * COST_PER_OVERLAP_PX;
        if rect.y0 - 2.0 < cy && cy < rect.y1 + 2.0 {
            cost += COST_STRUCK_THROUGH;
        }
        if rect.x0 - 2.0 < cx && cx < rect.x1 + 2.0 {
            cost += COST_CROSSES_VERTICAL;
        }
        cost
    }
}

/// Greedy label placement. Points in crowded areas choose first; each label tries every
/// candidate (rings of growing distance × one or two lines × eight sides) and takes the
/// cheapest by [`Scene::cost`] plus its preferences (near, one line, right before left before
/// above ...). Labels placed away from their dot get a leader line.
pub(super) fn place_labels(
    labels: &[String],
    dots: &[(f64, f64)],
    mut scene: Scene,
    font: Font,
) -> anyhow::Result<Vec<Option<PlacedLabel>>> {
    let max_single = scene.bounds.x1 - scene.bounds.x0 - 4.0 * f64::from(DOT_RADIUS);
    let mut layouts: Vec<Vec<(Vec<String>, f64)>> = Vec::with_capacity(labels.len());
    for label in labels {
        let mut options = Vec::new();
        let single = wrap(label, font, max_single, 1)?;
        if single.is_empty() {
            layouts.push(options);
            continue;
        }
        let single_width = font.width(&single[0])?;
        options.push((single, single_width));
        if single_width > LABEL_WRAP_WIDTH {
            let two = wrap(
                label,
                font,
                LABEL_WRAP_WIDTH.max(single_width / 2.0 + 20.0),
                2,
            )?;
            if two.len() == 2 {
                let mut w: f64 = 0.0;
                for line in &two {
                    w = w.max(font.width(line)?);
                }
                options.push((two, w));
            }
        }
        layouts.push(options);
    }

    // Crowded points first: count neighbours within 150 px; ties keep the input order.
    let mut order: Vec<usize> = (0..dots.len()).collect();
    let crowd = |i: usize| {
        dots.iter()
            .filter(|d| (d.0 - dots[i].0).hypot(d.1 - dots[i].1) < 150.0)
            .count()
    };
    order.sort_by_key(|&i| std::cmp::Reverse(crowd(i)));

    let r = f64::from(DOT_RADIUS);
    let mut placed: Vec<Option<PlacedLabel>> = vec![None; labels.len()];
    for i in order {
        let (dx, dy) = dots[i];
        let mut best: Option<(f64, PlacedLabel)> = None;
        for ring in 0..5 {
            let gap = r + 6.0 + f64::from(ring) * 18.0;
            for (n, (lines, w)) in layouts[i].iter().enumerate() {
                let h = font.block_height(lines.len());
                for (rank, side) in SIDES.into_iter().enumerate() {
                    let (rect, align) = candidate(side, dx, dy, gap, *w, h);
                    let cost = scene.cost(&rect)
                        + f64::from(ring) * COST_PER_RING
                        + n as f64 * COST_TWO_LINES
                        + rank as f64 * COST_PER_SIDE_RANK;
                    if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                        let leader = (ring > 0).then(|| leader_line((dx, dy), r + 2.0, &rect));
                        let label = PlacedLabel {
                            lines: lines.clone(),
                            rect,
                            align,
                            leader,
                        };
                        best = Some((cost, label));
                    }
                }
            }
        }
        if let Some((_, label)) = best {
            scene.obstacles.push(label.rect.grow(3.0));
            placed[i] = Some(label);
        }
    }
    Ok(placed)
}

/// The box of a `w × h` label on `side` of the dot at (dx, dy), `gap` pixels away, and how its
/// lines align.
fn candidate(side: Side, dx: f64, dy: f64, gap: f64, w: f64, h: f64) -> (Rect, HPos) {
    let diag = gap * 0.75;
    match side {
        Side::Right => (
            Rect::new(dx + gap, dy - h / 2.0, dx + gap + w, dy + h / 2.0),
            HPos::Left,
        ),
        Side::Left => (
            Rect::new(dx - gap - w, dy - h / 2.0, dx - gap, dy + h / 2.0),
            HPos::Right,
        ),
        Side::Above => (
            Rect::new(dx - w / 2.0, dy - gap - h, dx + w / 2.0, dy - gap),
            HPos::Center,
        ),
        Side::Below => (
            Rect::new(dx - w / 2.0, dy + gap, dx + w / 2.0, dy + gap + h),
            HPos::Center,
        ),
        Side::AboveRight => (
            Rect::new(dx + diag, dy - diag - h, dx + diag + w, dy - diag),
            HPos::Left,
        ),
        Side::BelowRight => (
            Rect::new(dx + diag, dy + diag, dx + diag + w, dy + diag + h),
            HPos::Left,
        ),
        Side::AboveLeft => (
            Rect::new(dx - diag - w, dy - diag - h, dx - diag, dy - diag),
            HPos::Right,
        ),
        Side::BelowLeft => (
            Rect::new(dx - diag - w, dy + diag, dx - diag, dy + diag + h),
            HPos::Right,
        ),
    }
}

/// A line from the edge of the dot towards the nearest point of the label box.
fn leader_line(dot: (f64, f64), radius: f64, rect: &Rect) -> ((f64, f64), (f64, f64)) {
    let near = (dot.0.clamp(rect.x0, rect.x1), dot.1.clamp(rect.y0, rect.y1));
    let (vx, vy) = (near.0 - dot.0, near.1 - dot.1);
    let len = vx.hypot(vy).max(1e-9);
    ((dot.0 + vx / len * radius, dot.1 + vy / len * radius), near)
}
