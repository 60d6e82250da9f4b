use std::path::Path;

use super::*;
use crate::analysis::metrics::complaints::Verdict;
use crate::analysis::metrics::interactions::Agreement;
use crate::analysis::metrics::layers::LayerTest;
use crate::analysis::metrics::mood::{MoodSeries, RecentMood};
use crate::analysis::metrics::trends::{Stagnation, TrendFigure};
use crate::analysis::metrics::{Comparison, GroupStats, Trends, WaveMetrics, compute};
use crate::input::ingest::WaveData;
use crate::model::testing::{organization, wave};
use crate::model::{CustomerResponse, EmployeeResponse};

const CONFIG: &str = "layers:
  - id: frontline
    label: { nl: F, en: F }
  - id: management
    label: { nl: M, en: M }
    leadership: true
  - id: board
    label: { nl: B, en: B }
    leadership: true
questionnaire:
  aspects:
    - { id: a, label: { nl: A, en: A }, category: human }
    - { id: b, label: { nl: B, en: B }, category: functional }
    - { id: c, label: { nl: C, en: C }, category: functional }
    - { id: d, label: { nl: D, en: D }, category: functional, protected: true }
";

/// A wave's figures with the trends up to it, as the rules read them.
struct Analysed {
    m: WaveMetrics,
    trends: Option<Trends>,
}

impl std::ops::Deref for Analysed {
    type Target = WaveMetrics;
    fn deref(&self) -> &WaveMetrics {
        &self.m
    }
}

impl std::ops::DerefMut for Analysed {
    fn deref_mut(&mut self) -> &mut WaveMetrics {
        &mut self.m
    }
}

/// The cards of `a`.
fn recommend(a: &Analysed, config: &Config) -> Vec<Recommendation> {
    super::recommend(a.m.group(), a.trends.as_ref(), config)
}

/// A quiet wave in which no rule fires: staff predict exactly what customers say.
fn base() -> (Config, Analysed) {
    let config = Config::parse(Path::new("t.yaml"), CONFIG).unwrap();
    let org = organization("t", "T");
    let wave = wave("w");
    let scores = |i: u32| vec![Some(6.0 + f64::from(i % 3)); 4];
    let customers = (0..12)
        .map(|i| CustomerResponse {
            respondent_id: format!("c{i}"),
            overall: Some(7.0),
            scores: scores(i),
            importance: vec![Some(4.0), Some(3.0), Some(3.0), Some(3.0)],
            ..Default::default()
        })
        .collect();
    let employees = (0..15)
        .map(|i| EmployeeResponse {
            respondent_id: format!("e{i}"),
            layer: (i % 3) as usize,
            overall: Some(7.0),
            scores: scores(i),
            importance: vec![Some(4.0), Some(3.0), Some(3.0), Some(3.0)],
            self_orientation: Some(4.0),
            organization_orientation: Some(3.6),
            enablement: [Some(4.0); 5],
            ..Default::default()
        })
        .collect();
    let data = WaveData {
        customers,
        employees,
        ..Default::default()
    };
    let m = compute(&config, &org, &wave, &data);
    (config, Analysed { m, trends: None })
}

fn cards(m: &Analysed, config: &Config, rule: &str) -> Vec<Recommendation> {
    recommend(m, config)
        .into_iter()
        .filter(|r| r.rule == rule)
        .collect()
}

/// A tested comparison of 100 customers and `n_staff` employees (SD 1).
fn tested(customer: f64, staff: f64, p: f64, n_staff: u64) -> Comparison {
    let g = |mean, n| GroupStats {
        n,
        mean: Some(mean),
        sd: Some(1.0),
        n_eff: None,
    };
    let gap = staff - customer;
    Comparison {
        customer: g(customer, 100),
        employee: g(staff, n_staff),
        gap: Some(gap),
        p: Some(p),
        q: Some(p),
        g: Some(gap),
        ci_low: Some(gap - 0.3),
        ci_high: Some(gap + 0.3),
        significant: p < 0.05 && n_staff >= 10,
        ..Default::default()
    }
}

#[test]
fn a_quiet_wave_triggers_nothing() {
    let (config, m) = base();
    assert_eq!(recommend(&m, &config), vec![]);
}

#[test]
fn blind_spot_needs_a_significant_relevant_gap_from_a_group_large_enough() {
    let (config, mut m) = base();
    m.figures.aspects[0].comparison = tested(6.0, 7.2, 0.001, 100);
    let r = cards(&m, &config, "blind_spot");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].subject.as_deref(), Some("a"));
    assert!((r[0].evidence["gap"] - 1.2).abs() < 1e-12);
    assert_eq!(r[0].evidence["n_staff"], 100.0);
    assert_eq!(r[0].target, Some(0.5));
    // Importance 4 on 1–5 weighs 0.75: priority = 1.2 × (0.5 + 0.75) × weight 1.0 = 1.5.
    assert_eq!(r[0].priority, 1.5);
    m.figures.aspects[0].comparison = tested(6.0, 6.4, 0.001, 100); // below the 0.5 threshold
    assert!(cards(&m, &config, "blind_spot").is_empty());
    m.figures.aspects[0].comparison = tested(6.0, 7.2, 0.2, 100); // not significant
    assert!(cards(&m, &config, "blind_spot").is_empty());
    m.figures.aspects[0].comparison = tested(6.0, 7.2, 0.001, 9); // under min_for_tests
    assert!(cards(&m, &config, "blind_spot").is_empty());
}

#[test]
fn a_significant_family_test_still_needs_the_action_family() {
    let (config, mut m) = base();
    // Significant in its own family, but not over the report's six action tests (four
    // mirror gaps, two leadership layers): q = 6 × 0.01 = 0.06.
    m.figures.aspects[0].comparison = tested(6.0, 7.2, 0.01, 100);
    let tests = action_tests(m.group(), None, &config);
    assert_eq!(tests.len(), 6, "{tests:?}");
    assert!(cards(&m, &config, "blind_spot").is_empty());
}

#[test]
fn hidden_strength_is_a_significant_underestimation() {
    let (config, mut m) = base();
    m.figures.aspects[1].comparison = tested(7.5, 6.7, 0.001, 100);
    let r = cards(&m, &config, "hidden_strength");
    assert_eq!(r.len(), 1);
    assert!((r[0].evidence["gap"] + 0.8).abs() < 1e-12);
}

#[test]
fn misplaced_priority_is_leadership_overrating_importance_and_respects_protection() {
    let (config, mut m) = base();
    m.figures.aspects[2].importance.leadership = Some(tested(3.0, 4.8, 0.0001, 12));
    m.figures.aspects[3].importance.leadership = Some(tested(3.0, 4.5, 0.0001, 12));
    let r = cards(&m, &config, "misplaced_priority");
    // The protected aspect gets a card of its own that says so (its texts never advise
    // moving attention away); the other one its usual card.
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].subjects, ["c"]);
    assert!(!r[0].evidence.contains_key("protected"));
    assert_eq!(r[1].subjects, ["d"]);
    assert_eq!(r[1].evidence.get("protected"), Some(&1.0));
    // Leadership under min_for_tests: no claim.
    m.figures.aspects[2].importance.leadership = Some(tested(3.0, 4.8, 0.0001, 8));
    m.figures.aspects[3].importance.leadership = None;
    assert!(cards(&m, &config, "misplaced_priority").is_empty());
}

#[test]
fn underestimated_need_is_staff_underrating_importance() {
    let (config, mut m) = base();
    let imp = &mut m.figures.aspects[0].importance;
    imp.employee.mean = Some(3.4);
    imp.employee.n = 15;
    imp.gap = Some(-0.6);
    imp.g = Some(-0.7);
    imp.p = Some(0.0001);
    imp.q = Some(0.0001);
    imp.significant = true;
    let r = cards(&m, &config, "underestimated_need");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].evidence["staff_importance"], 3.4);
}

#[test]
fn complaint_handling_is_below_the_benchmark_only_when_its_interval_is() {
    let (config, mut m) = base();
    let c = &mut m.figures.complaints;
    c.score = GroupStats {
        n: 40,
        mean: Some(5.1),
        sd: Some(1.0),
        n_eff: None,
    };
    c.score_mean = Some(5.1);
    c.benchmark_diff = Some(5.1 - 5.9);
    c.score_ci_low = Some(4.78);
    c.score_ci_high = Some(5.42);
    c.benchmark_verdict = Some(Verdict::Below);
    let r = cards(&m, &config, "complaint_below_benchmark");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].evidence["benchmark"], 5.9);
    assert_eq!(r[0].evidence["ci_high"], 5.42);
    // 5.8 against 5.9 with an interval over the benchmark: not distinguishable.
    let c = &mut m.figures.complaints;
    c.score.mean = Some(5.8);
    c.score_mean = Some(5.8);
    c.benchmark_diff = Some(5.8 - 5.9);
    c.score_ci_low = Some(5.48);
    c.score_ci_high = Some(6.12);
    c.benchmark_verdict = Some(Verdict::NotDistinguishable);
    assert!(cards(&m, &config, "complaint_below_benchmark").is_empty());
}

#[test]
fn repeat_complaints_mean_nothing_is_learned_when_the_interval_is_above_the_threshold() {
    let (config, mut m) = base();
    m.figures.complaints.repeat_n = 100;
    m.figures.complaints.repeats = 45;
    m.figures.complaints.repeat_rate = Some(0.45);
    let r = cards(&m, &config, "complaints_not_learned");
    assert_eq!(r[0].evidence["repeat_rate"], 0.45);
    // 30 % of 20: the interval reaches far below 25 %.
    m.figures.complaints.repeat_n = 20;
    m.figures.complaints.repeats = 6;
    m.figures.complaints.repeat_rate = Some(0.3);
    assert!(cards(&m, &config, "complaints_not_learned").is_empty());
}

#[test]
fn layer_disconnect_is_a_leadership_layer_significantly_further_from_the_customer() {
    let (config, mut m) = base();
    m.figures.layers[0].deviation = Some(0.2);
    m.figures.layers[2].deviation = Some(1.1);
    m.figures.layers[2].n = Some(6);
    let test = |p: f64| LayerTest {
        against: "frontline".into(),
        difference: 1.17,
        p,
        p_further: p / 2.0,
        q: p,
        significant: p < 0.05,
    };
    m.figures.layers[2].versus_first = Some(test(0.0004));
    let r = cards(&m, &config, "layer_disconnect");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].subjects, ["board"]);
    assert!((r[0].evidence["difference"] - 0.9).abs() < 1e-12);
    m.figures.layers[2].versus_first = Some(test(0.3));
    assert!(cards(&m, &config, "layer_disconnect").is_empty());
}

fn trends(figures: Vec<TrendFigure>, stagnant: bool) -> Trends {
    Trends {
        waves: vec!["q1".into(), "q2".into(), "q3".into()],
        previous: Some("q2".into()),
        figures,
        stagnation: Some(Stagnation {
            waves: vec!["q1".into(), "q2".into(), "q3".into()],
            range: 0.05,
            threshold: 0.1,
            stagnant,
        }),
    }
}

fn figure(id: &str, values: [f64; 2], significant: bool) -> TrendFigure {
    let p = if significant { 0.0001 } else { 0.4 };
    TrendFigure {
        id: id.into(),
        values: values.iter().map(|v| Some(*v)).collect(),
        change: Some(values[1] - values[0]),
        test: Some("welch"),
        p: Some(p),
        q: Some(p),
        g: None,
        h: None,
        significant,
    }
}

#[test]
fn a_decline_in_one_aspect_merges_with_its_blind_spot_into_one_card() {
    let (config, mut m) = base();
    m.figures.aspects[0].comparison = tested(6.0, 7.2, 0.0001, 100);
    m.trends = Some(trends(
        vec![
            figure("overall", [7.3, 6.8], true),
            figure("aspect.a.customer", [7.0, 6.0], true),
            figure("aspect.b.customer", [7.0, 6.9], true), // too small to count
            figure("aspect.c.customer", [7.0, 6.5], false),
            figure("aspect.a.gap", [0.0, -1.0], true), // a gap, not a customer score
        ],
        false,
    ));
    let r = recommend(&m, &config);
    let a: Vec<&Recommendation> = r
        .iter()
        .filter(|c| c.subjects.contains(&"a".to_string()))
        .collect();
    assert_eq!(a.len(), 1, "{r:#?}");
    assert_eq!(a[0].rule, "significant_decline");
    let rules: Vec<&str> = a[0].findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["significant_decline", "blind_spot"]);
    // The grade's decline is a card of its own; nothing on b or c.
    let grade: Vec<_> = r.iter().filter(|c| c.subject.is_none()).collect();
    assert_eq!(grade.len(), 1);
    assert!((grade[0].evidence["previous"] - 7.3).abs() < 1e-12);
    assert!(
        r.iter()
            .all(|c| !c.subjects.iter().any(|s| s == "b" || s == "c"))
    );
}

#[test]
fn a_decline_in_most_aspects_is_one_broad_decline_card() {
    let (config, mut m) = base();
    m.trends = Some(trends(
        vec![
            figure("overall", [7.3, 6.7], true),
            figure("aspect.a.customer", [7.0, 6.4], true),
            figure("aspect.b.customer", [7.0, 6.2], true),
            figure("aspect.c.customer", [7.0, 6.5], true),
            figure("aspect.d.customer", [7.0, 6.9], false),
        ],
        false,
    ));
    let r = recommend(&m, &config);
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].rule, BROAD_DECLINE);
    assert_eq!(r[0].subjects, ["b", "a", "c"]);
    assert_eq!(r[0].evidence["aspects"], 3.0);
    assert!((r[0].evidence["change"] + 0.6).abs() < 1e-12);
    assert_eq!(r[0].findings.len(), 4);
}

#[test]
fn stagnation_over_three_waves() {
    let (config, mut m) = base();
    m.trends = Some(trends(vec![], true));
    assert_eq!(cards(&m, &config, "stagnation")[0].evidence["range"], 0.05);
    m.trends = Some(trends(vec![], false));
    assert!(cards(&m, &config, "stagnation").is_empty());
}

#[test]
fn rules_can_be_switched_off() {
    let (mut config, mut m) = base();
    m.figures.aspects[0].comparison = tested(6.0, 7.2, 0.0001, 100);
    config.recommendations.disabled = vec!["blind_spot".into()];
    assert!(cards(&m, &config, "blind_spot").is_empty());
}

#[test]
fn cards_are_ranked_by_priority_and_one_rule_on_several_aspects_is_one_card() {
    let (config, mut m) = base();
    m.figures.aspects[0].comparison = tested(6.0, 7.2, 0.0001, 100); // blind spot, priority 1.5
    m.figures.aspects[2].comparison = tested(6.0, 7.0, 0.0001, 100); // blind spot
    m.figures.aspects[1].comparison = tested(7.5, 6.7, 0.0001, 100); // hidden strength, 0.8 × 0.5
    let r = recommend(&m, &config);
    let rules: Vec<_> = r.iter().map(|r| r.rule).collect();
    assert_eq!(rules, ["blind_spot", "hidden_strength"]);
    assert_eq!(r[0].subjects, ["a", "c"]);
    assert_eq!(r[1].priority, 0.4);
}

#[test]
fn every_rule_has_texts_in_both_languages() {
    for lang in [crate::config::Language::Nl, crate::config::Language::En] {
        let t = crate::report::render::i18n::Texts::load(lang).unwrap();
        for id in rule_ids() {
            for suffix in ["", "_action", "_evidence", "_target"] {
                let key = format!("rule_{id}{suffix}");
                assert!(!t.get(&key).starts_with('['), "{key} missing in {lang:?}");
            }
        }
    }
}

/// A change to the quiet wave of [`base`].
type Edit = Box<dyn Fn(&mut Analysed)>;

/// One rule's effect, and the nearest waves without it: the same figures just short of a
/// threshold, not significant, or from too small a group.
struct Case {
    rule: &'static str,
    effect: Edit,
    without: Vec<(&'static str, Edit)>,
}

fn case(rule: &'static str, effect: Edit, without: Vec<(&'static str, Edit)>) -> Case {
    Case {
        rule,
        effect,
        without,
    }
}

/// The rule's card, or a finding of it merged into another card.
fn speaks(cards: &[Recommendation], rule: &str) -> bool {
    cards
        .iter()
        .any(|c| c.rule == rule || c.findings.iter().any(|f| f.rule == rule))
}

fn enablement_item(mean: f64, sd: f64, n: u64) -> Edit {
    Box::new(move |m: &mut Analysed| {
        let e = &mut m.enablement.overall;
        e.items[0].stats = GroupStats {
            n,
            mean: Some(mean),
            sd: Some(sd),
            n_eff: None,
        };
        e.weakest = Some(e.items[0].id);
    })
}

fn ladder(me: f64, org: f64, n: u64) -> Edit {
    Box::new(move |m: &mut Analysed| {
        let l = &mut m.orientation.overall;
        let g = |mean, sd| GroupStats {
            n,
            mean: Some(mean),
            sd: Some(sd),
            n_eff: None,
        };
        l.self_orientation = g(me, 0.5);
        l.organization_orientation = g(org, 0.6);
        l.drop = Some(me - org);
    })
}

fn contacts(missed_share: f64, mean_diff: f64, pairs: u64) -> Edit {
    Box::new(move |m: &mut Analysed| {
        m.interactions = Some(Agreement {
            logged: pairs,
            responded: pairs,
            response_rate: Some(1.0),
            pairs,
            employee_mean: Some(7.0 + mean_diff),
            customer_mean: Some(7.0),
            mean_diff: Some(mean_diff),
            diff_sd: Some(1.5),
            pearson: Some(0.3),
            unhappy: pairs / 5,
            missed_unhappy: (missed_share * pairs as f64).round() as u64,
            missed_unhappy_share: Some(missed_share),
            missed_of_unhappy: Some(0.5),
        })
    })
}

fn recent_mood(now: f64, wave: f64, p: f64) -> Edit {
    Box::new(move |m: &mut Analysed| {
        m.mood = Some(MoodSeries {
            entries: 400,
            happy: (wave * 400.0) as u64,
            happy_share: Some(wave),
            weeks: Vec::new(),
            last_two_weeks: Some(RecentMood {
                weeks: vec!["2026-W11".into(), "2026-W12".into()],
                entries: 80,
                happy_share: Some(now),
                wave_share: Some(wave),
                change: Some(now - wave),
                p: Some(p),
            }),
        })
    })
}

fn declines(figures: &'static [(&'static str, [f64; 2], bool)], stagnant: bool) -> Edit {
    Box::new(move |m: &mut Analysed| {
        let f = figures
            .iter()
            .map(|(id, v, s)| figure(id, *v, *s))
            .collect();
        m.trends = Some(trends(f, stagnant));
    })
}

fn importance_gap(gap: f64, p: f64) -> Edit {
    Box::new(move |m: &mut Analysed| {
        let imp = &mut m.figures.aspects[0].importance;
        imp.employee.mean = imp.customer.mean.map(|c| c + gap);
        imp.employee.sd = Some(0.5);
        imp.employee.n = 15;
        imp.gap = Some(gap);
        imp.g = Some(gap / 0.6);
        imp.p = Some(p);
        imp.q = Some(p);
        imp.significant = p < 0.05;
    })
}

fn benchmark(mean: f64, half_width: f64, verdict: Verdict) -> Edit {
    Box::new(move |m: &mut Analysed| {
        let c = &mut m.figures.complaints;
        c.score = GroupStats {
            n: 40,
            mean: Some(mean),
            sd: Some(1.0),
            n_eff: None,
        };
        c.score_mean = Some(mean);
        c.benchmark_diff = Some(mean - c.benchmark);
        c.score_ci_low = Some(mean - half_width);
        c.score_ci_high = Some(mean + half_width);
        c.benchmark_verdict = Some(verdict);
    })
}

fn repeats(repeats: u64, of: u64) -> Edit {
    Box::new(move |m: &mut Analysed| {
        m.figures.complaints.repeat_n = of;
        m.figures.complaints.repeats = repeats;
        m.figures.complaints.repeat_rate = Some(repeats as f64 / of as f64);
    })
}

fn board_deviation(deviation: f64, p: f64) -> Edit {
    Box::new(move |m: &mut Analysed| {
        m.figures.layers[0].deviation = Some(0.2);
        m.figures.layers[2].deviation = Some(deviation);
        m.figures.layers[2].n = Some(6);
        m.figures.layers[2].versus_first = Some(LayerTest {
            against: "frontline".into(),
            difference: deviation - 0.2 + 0.05,
            p,
            p_further: p / 2.0,
            q: p,
            significant: p < 0.05,
        });
    })
}

fn mirror(aspect: usize, customer: f64, staff: f64, p: f64, n_staff: u64) -> Edit {
    Box::new(move |m: &mut Analysed| {
        m.figures.aspects[aspect].comparison = tested(customer, staff, p, n_staff);
    })
}

fn leadership(aspect: usize, staff: f64, n_staff: u64) -> Edit {
    Box::new(move |m: &mut Analysed| {
        m.figures.aspects[aspect].importance.leadership = Some(tested(3.0, staff, 0.0001, n_staff));
    })
}

/// Every rule and card, its effect and its nearest misses.
fn cases() -> Vec<Case> {
    vec![
        case(
            "blind_spot",
            mirror(0, 6.0, 7.2, 0.0001, 100),
            vec![
                ("gap under min_gap", mirror(0, 6.0, 6.4, 0.0001, 100)),
                ("not significant", mirror(0, 6.0, 7.2, 0.2, 100)),
                ("too few staff", mirror(0, 6.0, 7.2, 0.0001, 9)),
            ],
        ),
        case(
            "hidden_strength",
            mirror(1, 7.5, 6.7, 0.0001, 100),
            vec![
                ("gap within min_gap", mirror(1, 7.5, 7.1, 0.0001, 100)),
                ("not significant", mirror(1, 7.5, 6.7, 0.3, 100)),
                ("too few staff", mirror(1, 7.5, 6.7, 0.0001, 9)),
            ],
        ),
        case(
            "misplaced_priority",
            leadership(2, 4.8, 12),
            vec![
                ("gap under the threshold", leadership(2, 3.5, 12)),
                ("too few leaders", leadership(2, 4.8, 8)),
                ("leaders underrate it", leadership(2, 2.0, 12)),
            ],
        ),
        case(
            "underestimated_need",
            importance_gap(-0.6, 0.0001),
            vec![
                ("gap under the threshold", importance_gap(-0.3, 0.0001)),
                ("not significant", importance_gap(-0.6, 0.3)),
                ("staff overrate it", importance_gap(0.6, 0.0001)),
            ],
        ),
        case(
            "complaint_below_benchmark",
            benchmark(5.1, 0.32, Verdict::Below),
            vec![(
                "interval over the benchmark",
                benchmark(5.8, 0.32, Verdict::NotDistinguishable),
            )],
        ),
        case(
            "complaints_not_learned",
            repeats(45, 100),
            vec![
                ("interval reaches under the threshold", repeats(6, 20)),
                ("rate under the threshold", repeats(20, 100)),
                ("too few cases", repeats(6, 9)),
            ],
        ),
        case(
            "layer_disconnect",
            board_deviation(1.1, 0.0004),
            vec![
                ("not significant", board_deviation(1.1, 0.3)),
                (
                    "difference under the threshold",
                    board_deviation(0.4, 0.0004),
                ),
            ],
        ),
        case(
            "weak_enablement",
            enablement_item(2.0, 0.8, 15),
            vec![
                ("interval over the threshold", enablement_item(2.9, 0.8, 15)),
                ("too few staff", enablement_item(2.0, 0.8, 9)),
            ],
        ),
        case(
            "orientation_drop",
            ladder(4.5, 3.2, 15),
            vec![
                ("drop under the threshold", ladder(4.0, 3.5, 15)),
                ("too few staff", ladder(4.5, 3.2, 9)),
                ("no drop", ladder(3.2, 4.5, 15)),
            ],
        ),
        case(
            "missed_unhappy",
            contacts(0.15, 0.8, 100),
            vec![
                ("share under the threshold", contacts(0.04, 0.8, 100)),
                ("staff not rating higher", contacts(0.15, -0.2, 100)),
                ("too few pairs", contacts(0.15, 0.8, 9)),
            ],
        ),
        case(
            "mood_decline",
            recent_mood(0.55, 0.7, 0.0001),
            vec![
                ("change under the threshold", recent_mood(0.67, 0.7, 0.0001)),
                ("not significant", recent_mood(0.55, 0.7, 0.4)),
                ("mood rising", recent_mood(0.85, 0.7, 0.0001)),
            ],
        ),
        case(
            "significant_decline",
            declines(&[("overall", [7.3, 6.8], true)], false),
            vec![
                (
                    "not significant",
                    declines(&[("overall", [7.3, 6.8], false)], false),
                ),
                (
                    "change under min_change",
                    declines(&[("overall", [7.3, 7.2], true)], false),
                ),
                ("a rise", declines(&[("overall", [6.8, 7.3], true)], false)),
            ],
        ),
        case(
            "stagnation",
            declines(&[], true),
            vec![("the grade moved", declines(&[], false))],
        ),
        case(
            BROAD_DECLINE,
            declines(
                &[
                    ("aspect.a.customer", [7.0, 6.4], true),
                    ("aspect.b.customer", [7.0, 6.2], true),
                    ("aspect.c.customer", [7.0, 6.5], true),
                ],
                false,
            ),
            vec![(
                "a decline in too few aspects",
                declines(
                    &[
                        ("aspect.a.customer", [7.0, 6.4], true),
                        ("aspect.b.customer", [7.0, 6.2], true),
                        ("aspect.c.customer", [7.0, 6.5], false),
                    ],
                    false,
                ),
            )],
        ),
    ]
}

/// Every rule speaks on its effect and stays silent on the nearest data without it; apart
/// from the broad decline (whose miss is a decline in fewer aspects, which the
/// `significant_decline` cards report) such a miss makes no card at all.
#[test]
fn every_rule_fires_on_its_effect_and_stays_silent_without_it() {
    let all = cases();
    let mut covered: Vec<&str> = all.iter().map(|c| c.rule).collect();
    covered.sort_unstable();
    let mut ids = rule_ids();
    ids.sort_unstable();
    assert_eq!(covered, ids, "every rule needs a case");
    for c in &all {
        let (config, mut m) = base();
        (c.effect)(&mut m);
        let r = recommend(&m, &config);
        assert!(speaks(&r, c.rule), "{}: silent on its effect", c.rule);
        for (miss, edit) in &c.without {
            let (config, mut m) = base();
            edit(&mut m);
            let r = recommend(&m, &config);
            assert!(!speaks(&r, c.rule), "{} speaks on {miss}: {r:#?}", c.rule);
            if c.rule != BROAD_DECLINE {
                assert_eq!(r, vec![], "{}, {miss}: another rule speaks", c.rule);
            }
        }
    }
}
