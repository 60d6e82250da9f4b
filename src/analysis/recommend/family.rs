//! The action family: the tests that can lead to an action, corrected together.

use statrs::distribution::{ContinuousCDF, Normal};

use super::summary;
use crate::analysis::metrics::{Group, Trends};
use crate::analysis::stats::{one_sample_t, welch};
use crate::config::Config;

/// The action family: every test of this report that can lead to an action, from a group
/// large enough to test, by key, with its raw p-value (one-sided where the rule has a
/// direction). They are corrected together, on top of the declared families, so that on data
/// where nothing is going on a report rarely carries any action at all
/// (`tests/it/calibration.rs` measures how rarely). Which tests enter depends on group sizes
/// only, never on the size of an effect: screening by effect would let noise choose the
/// family.
pub fn action_tests(m: Group<'_>, trends: Option<&Trends>, config: &Config) -> Vec<(String, f64)> {
    let s = &config.recommendations;
    let min_n = config.statistics.min_for_tests;
    let mut out = Vec::new();
    let mut push = |key: String, p: Option<f64>, relevant: bool| {
        if let Some(p) = p.filter(|_| relevant) {
            out.push((key, p));
        }
    };
    for a in &m.figures.aspects {
        // Blind spot or hidden strength.
        let c = &a.comparison;
        push(format!("mirror:{}", a.id), c.p, c.employee.n >= min_n);
        // Staff underrating what customers find important (underestimated need).
        let imp = &a.importance;
        push(
            format!("importance:{}", a.id),
            one_sided(imp.p, imp.gap.map(|g| g < 0.0)),
            imp.employee.n >= min_n,
        );
        // Leadership overrating it (misplaced priority).
        if let Some(l) = &imp.leadership {
            push(
                format!("leadership:{}", a.id),
                one_sided(l.p, l.gap.map(|g| g > 0.0)),
                l.employee.n >= min_n,
            );
        }
    }
    for &l in &config.leadership_layers() {
        let Some(layer) = m.figures.layers.get(l).filter(|_| l > 0) else {
            continue;
        };
        if let Some(t) = &layer.versus_first {
            push(format!("layer:{}", layer.id), Some(t.p_further), true);
        }
    }
    let c = &m.figures.complaints;
    if let (Some(mean), Some(sd)) = (c.score.mean, c.score.sd) {
        let relevant = c.score.n >= s.min_cases;
        push(
            "benchmark".into(),
            one_sided(
                one_sample_t(mean, sd, c.score.n, c.benchmark),
                Some(mean < c.benchmark),
            ),
            relevant,
        );
    }
    if let Some(rate) = c.repeat_rate.filter(|_| c.repeat_n > 0) {
        let thr = s.repeat_rate.clamp(1e-9, 1.0 - 1e-9);
        let z = (rate - thr) / (thr * (1.0 - thr) / c.repeat_n as f64).sqrt();
        push(
            "repeat".into(),
            Some(Normal::standard().sf(z)),
            c.repeat_n >= s.min_cases,
        );
    }
    let e = &m.enablement.overall;
    if let Some(item) = e.weakest.and_then(|id| e.items.iter().find(|i| i.id == id))
        && let (Some(mean), Some(sd)) = (item.stats.mean, item.stats.sd)
    {
        let thr = s.weak_enablement;
        push(
            "enablement".into(),
            one_sided(one_sample_t(mean, sd, item.stats.n, thr), Some(mean < thr)),
            item.stats.n >= min_n,
        );
    }
    let l = &m.orientation.overall;
    let ladder = welch(
        &summary(l.self_orientation),
        &summary(l.organization_orientation),
        0.95,
    );
    push(
        "orientation".into(),
        one_sided(ladder.map(|w| w.p), ladder.map(|w| w.diff > 0.0)),
        l.organization_orientation.n >= min_n,
    );
    if let Some(i) = m.interactions
        && let (Some(d), Some(sd)) = (i.mean_diff, i.diff_sd)
    {
        push(
            "missed".into(),
            one_sided(one_sample_t(d, sd, i.pairs, 0.0), Some(d > 0.0)),
            i.pairs >= s.min_cases,
        );
    }
    let recent = m.mood.and_then(|x| x.last_two_weeks.as_ref());
    let change = recent.and_then(|r| r.change);
    push(
        "mood".into(),
        one_sided(recent.and_then(|r| r.p), change.map(|c| c < 0.0)),
        true,
    );
    if let Some(t) = trends {
        for f in &t.figures {
            let subject = if f.id == "overall" {
                Some("overall")
            } else {
                f.id.strip_prefix("aspect.")
                    .and_then(|x| x.strip_suffix(".customer"))
            };
            if let Some(id) = subject {
                push(
                    format!("decline:{id}"),
                    one_sided(f.p, f.change.map(|c| c < 0.0)),
                    true,
                );
            }
        }
    }
    out
}

/// The one-sided p-value from a two-sided one of a symmetric test: half of it when the effect
/// lies in the direction the rule is about, otherwise one minus half.
fn one_sided(p: Option<f64>, in_direction: Option<bool>) -> Option<f64> {
    let (p, right) = (p?, in_direction?);
    Some(if right { p / 2.0 } else { 1.0 - p / 2.0 })
}
