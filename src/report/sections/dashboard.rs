//! Page 2: the executive dashboard. The headline, the key figures with their change since the
//! previous wave, a mini mirror of the biggest blind spots and hidden strengths, the layers
//! side by side, complaint handling against the benchmark and (from the report's actions) the
//! top three actions — one page a management team reads first.

use serde::Serialize;

use super::ReportContext;
use crate::analysis::metrics::by_gap;
use crate::report::charts::{self, MirrorRow};
use crate::report::render::format::{self, ABSENT};

/// Aspects shown per direction in the mini mirror.
const MIRROR_EACH: usize = 3;

/// Chart file of the mini mirror.
pub const MIRROR_FILE: &str = "dashboard-mirror.svg";

/// The dashboard page.
#[derive(Debug, Serialize)]
pub struct DashboardView {
    /// The headline sentence (set by the renderer: the summary's first finding).
    pub headline: Option<String>,
    /// Key figures, each with its change since the previous wave.
    pub figures: Vec<DashFigure>,
    /// Explains the change line: "since {previous wave}; * = significant".
    pub change_note: Option<String>,
    /// Heading of the mini mirror.
    pub mirror_title: String,
    /// The mini mirror's chart file, when there is a gap to show.
    pub mirror_chart: Option<&'static str>,
    /// Alt text of the mini mirror.
    pub mirror_alt: String,
    /// The layers, best first.
    pub layers: Vec<DashLayer>,
    /// Complaint handling against the benchmark, when complainants answered.
    pub complaints: Option<DashComplaints>,
}

/// A key figure.
#[derive(Debug, Serialize)]
pub struct DashFigure {
    /// What it is.
    pub label: String,
    /// The figure as printed.
    pub value: String,
    /// Change since the previous wave as printed (difference of the printed values).
    pub change: Option<String>,
    /// `up`, `down` or `flat`: the arrow beside the change.
    pub direction: &'static str,
    /// The change is significant.
    pub significant: bool,
    /// A line under the figure (the benchmark, for the complaint score).
    pub note: Option<String>,
}

/// A layer on the dashboard.
#[derive(Debug, Serialize)]
pub struct DashLayer {
    /// Layer label.
    pub label: String,
    /// Respondents, or "—" when hidden.
    pub n: String,
    /// Mean absolute deviation.
    pub mae: String,
    /// Mean signed deviation.
    pub bias: String,
    /// Best-ranked layer.
    pub best: bool,
}

/// Complaint handling against the benchmark.
#[derive(Debug, Serialize)]
pub struct DashComplaints {
    /// The sentence: score, its interval, the benchmark.
    pub sentence: String,
    /// The score lies entirely below the benchmark (interval below it).
    pub below: bool,
}

/// Build the dashboard of a report.
pub fn view(ctx: &ReportContext<'_>) -> DashboardView {
    let t = ctx.texts;
    let m = ctx.group;
    let previous = ctx.trends.and_then(|tr| tr.previous.as_deref());
    let change_note = previous.map(|p| t.fill("dash_change_note", &[("wave", &ctx.wave_label(p))]));
    let mut figures = vec![
        figure(
            ctx,
            "kf_customer_grade",
            m.figures.overall.customer.mean,
            "overall",
            None,
        ),
        staff_figure(ctx),
        gap_figure(ctx),
    ];
    if m.figures.complaints.score_mean.is_some() {
        let note = t.fill(
            "benchmark_label",
            &[(
                "value",
                &format::number(m.figures.complaints.benchmark, 1, ctx.lang()),
            )],
        );
        figures.push(figure(
            ctx,
            "complaints_score",
            m.figures.complaints.score_mean,
            "complaints.score_mean",
            Some(note),
        ));
    }
    figures.retain(|f| f.value != ABSENT);
    let mut layers: Vec<DashLayer> = m
        .figures
        .layers
        .iter()
        .filter(|l| l.mae.is_some())
        .map(|l| DashLayer {
            label: ctx.layer(&l.id),
            n: l.n.map_or_else(|| ABSENT.to_string(), |n| n.to_string()),
            mae: format::opt(l.mae, 2, ctx.lang()),
            bias: format::opt_signed(l.bias, 2, ctx.lang()),
            best: l.rank == Some(1),
        })
        .collect();
    let rank = |label: &str| {
        m.figures
            .layers
            .iter()
            .find(|l| ctx.layer(&l.id) == label)
            .and_then(|l| l.rank)
    };
    layers.sort_by_key(|l| rank(&l.label));
    DashboardView {
        headline: None,
        figures,
        change_note,
        mirror_title: t.get("dash_mirror_title"),
        mirror_chart: None,
        mirror_alt: t.get("dash_mirror_alt"),
        layers,
        complaints: complaints(ctx),
    }
}

/// The value of trend figure `id` in the previous wave, and whether its change is significant.
fn previous(ctx: &ReportContext<'_>, id: &str) -> Option<(f64, bool)> {
    let tr = ctx.trends?;
    let f = tr.figures.iter().find(|f| f.id == id)?;
    let n = f.values.len();
    let prev = (*f.values.get(n.checked_sub(2)?)?)?;
    Some((prev, f.significant))
}

fn with_change(
    ctx: &ReportContext<'_>,
    mut fig: DashFigure,
    now: Option<f64>,
    prev: Option<(f64, bool)>,
) -> DashFigure {
    if let (Some(now), Some((prev, significant))) = (now, prev) {
        let change = format::difference(now, prev, 1, ctx.lang());
        let shown = format::printed(now, 1) - format::printed(prev, 1);
        fig.direction = if shown.abs() < 1e-9 {
            "flat"
        } else if shown > 0.0 {
            "up"
        } else {
            "down"
        };
        fig.change = Some(change);
        fig.significant = significant;
    }
    fig
}

fn figure(
    ctx: &ReportContext<'_>,
    key: &str,
    value: Option<f64>,
    trend_id: &str,
    note: Option<String>,
) -> DashFigure {
    let fig = DashFigure {
        label: ctx.texts.get(key),
        value: ctx.f1(value),
        change: None,
        direction: "flat",
        significant: false,
        note,
    };
    with_change(ctx, fig, value, previous(ctx, trend_id))
}

/// Staff's prediction: its previous value is the previous grade plus the previous gap; its
/// change has no test of its own.
fn staff_figure(ctx: &ReportContext<'_>) -> DashFigure {
    let m = ctx.group;
    let now = m.figures.overall.employee.mean;
    let prev = previous(ctx, "overall")
        .zip(previous(ctx, "overall.gap"))
        .map(|((g, _), (d, _))| (g + d, false));
    let fig = DashFigure {
        label: ctx.texts.get("kf_staff_grade"),
        value: ctx.f1(now),
        change: None,
        direction: "flat",
        significant: false,
        note: None,
    };
    with_change(ctx, fig, now, prev)
}

/// The mirror gap, printed as the difference of the two printed grades.
fn gap_figure(ctx: &ReportContext<'_>) -> DashFigure {
    let m = ctx.group;
    let o = &m.figures.overall;
    let value = match (o.employee.mean, o.customer.mean) {
        (Some(s), Some(c)) => format::difference(s, c, 1, ctx.lang()),
        _ => ABSENT.to_string(),
    };
    // The printed gap of each wave is the difference of its printed grades; so is its change.
    let shown = |s: f64, c: f64| format::printed(s, 1) - format::printed(c, 1);
    let now = o
        .employee
        .mean
        .zip(o.customer.mean)
        .map(|(s, c)| shown(s, c));
    let prev = previous(ctx, "overall")
        .zip(previous(ctx, "overall.gap"))
        .map(|((g, _), (d, sig))| (shown(g + d, g), sig));
    let fig = DashFigure {
        label: ctx.texts.get("kf_gap"),
        value,
        change: None,
        direction: "flat",
        significant: false,
        note: Some(ctx.texts.get("dash_gap_note")),
    };
    with_change(ctx, fig, now, prev)
}

fn complaints(ctx: &ReportContext<'_>) -> Option<DashComplaints> {
    let lang = ctx.lang();
    let c = &ctx.group.figures.complaints;
    let score = c.score_mean?;
    let n = c.score.n;
    // The interval the analysis computed (weighted where the data is).
    let (low, high) = (c.score_ci_low?, c.score_ci_high?);
    let key = if high < c.benchmark {
        "dash_complaints_below"
    } else if low > c.benchmark {
        "dash_complaints_above"
    } else {
        "dash_complaints_level"
    };
    Some(DashComplaints {
        sentence: ctx.texts.fill(
            key,
            &[
                ("score", &format::number(score, 1, lang)),
                ("low", &format::number(low, 1, lang)),
                ("high", &format::number(high, 1, lang)),
                ("benchmark", &format::number(c.benchmark, 1, lang)),
                ("n", &n.to_string()),
            ],
        ),
        below: high < c.benchmark,
    })
}

/// The mini mirror: the aspects with the largest overestimation and the largest
/// underestimation, in the order of the full mirror. `None` when no aspect has a gap.
pub fn mirror_chart(ctx: &ReportContext<'_>) -> anyhow::Result<Option<String>> {
    let m = ctx.group;
    let ordered: Vec<_> = by_gap(&m.figures.aspects)
        .into_iter()
        .filter(|a| a.comparison.gap.is_some() && a.comparison.customer.mean.is_some())
        .collect();
    let over: Vec<_> = ordered
        .iter()
        .filter(|a| a.comparison.gap > Some(0.0))
        .take(MIRROR_EACH)
        .collect();
    let mut under: Vec<_> = ordered
        .iter()
        .rev()
        .filter(|a| a.comparison.gap < Some(0.0))
        .take(MIRROR_EACH)
        .collect();
    under.reverse();
    let rows: Vec<MirrorRow> = over
        .into_iter()
        .chain(under)
        .filter_map(|a| {
            Some(MirrorRow {
                label: ctx.aspect(&a.id),
                customer: a.comparison.customer.mean?,
                customer_ci: a.comparison.customer.mean_interval(0.95),
                employee: a.comparison.employee.mean,
                significant: a.comparison.significant,
            })
        })
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    charts::mirror_svg(&super::mirror::chart_of(ctx, rows)).map(Some)
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;
    use crate::config::Language;

    #[test]
    fn dashboard_of_the_sample_organization() {
        let s = sample::last_wave();
        let view = view(&s.context());
        insta::assert_yaml_snapshot!(view);
    }

    #[test]
    fn every_printed_change_is_the_difference_of_printed_values() {
        let s = sample::last_wave().in_language(Language::En);
        let ctx = s.context();
        let view = view(&ctx);
        let grade = &view.figures[0];
        let (prev, _) = previous(&ctx, "overall").unwrap();
        let printed = |x: &str| {
            x.replace('\u{2212}', "-")
                .trim_start_matches('+')
                .parse::<f64>()
                .unwrap()
        };
        let change = printed(grade.change.as_deref().unwrap());
        let expected = printed(&grade.value) - printed(&format::number(prev, 1, Language::En));
        assert!((change - expected).abs() < 1e-9, "{change} vs {expected}");
        let gap = &view.figures[2];
        let expected = printed(&view.figures[1].value) - printed(&grade.value);
        assert!((printed(&gap.value) - expected).abs() < 1e-9);
    }

    #[test]
    fn the_mini_mirror_shows_at_most_three_aspects_each_way() {
        let s = sample::last_wave();
        let svg = mirror_chart(&s.context()).unwrap().unwrap();
        let texts = crate::report::charts::test_support::texts(&svg);
        let drawn = s
            .metrics
            .figures
            .aspects
            .iter()
            .filter(|a| {
                let label = s.config.aspect_label(&a.id, Language::Nl);
                texts.iter().any(|x| x.trim_end_matches(" *") == label)
            })
            .count();
        assert!(
            (2..=2 * MIRROR_EACH).contains(&drawn),
            "{drawn} aspects in {texts:?}"
        );
    }
}
