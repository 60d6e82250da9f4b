//! Tests of the assembled metrics: hand-checked fixtures per department and over waves, and
//! the properties of docs/definitions.md and docs/anonymity.md (row order, merging departments, suppression).

use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;

use super::*;
use crate::input::ingest::read_wave;
use crate::model::testing::{organization, wave};
use crate::model::{
    ComplaintRecord, CustomerResponse, Date, Department, EmployeeResponse, Interaction, MoodEntry,
    Resolution,
};

fn config() -> Config {
    Config::load(Path::new("config/spiegel.yaml")).unwrap()
}

/// Acme with `departments` (each named by its id in capitals).
fn org(departments: &[&str]) -> Organization {
    let mut org = organization("data/acme", "Acme");
    org.meta.departments = departments
        .iter()
        .map(|d| Department {
            id: d.to_string(),
            name: d.to_uppercase(),
        })
        .collect();
    org
}

const K: usize = 10; // aspects in config/spiegel.yaml

/// A customer of `dept` with an overall grade and a score on the first aspect only.
fn customer(id: &str, dept: &str, overall: f64, first: f64) -> CustomerResponse {
    let mut scores = vec![None; K];
    scores[0] = Some(first);
    CustomerResponse {
        respondent_id: id.into(),
        department: Some(dept.into()),
        overall: Some(overall),
        scores,
        importance: vec![None; K],
        ..CustomerResponse::default()
    }
}

/// An employee of `dept` and `layer` with a predicted overall grade and first aspect.
fn employee(id: &str, dept: &str, layer: usize, overall: f64, first: f64) -> EmployeeResponse {
    let mut scores = vec![None; K];
    scores[0] = Some(first);
    EmployeeResponse {
        respondent_id: id.into(),
        department: Some(dept.into()),
        layer,
        overall: Some(overall),
        scores,
        importance: vec![None; K],
        ..EmployeeResponse::default()
    }
}

fn with_min(min_employees: u64) -> Config {
    let mut c = config();
    c.anonymity.min_employees = min_employees;
    c
}

#[test]
fn department_figures_are_its_customers_against_its_own_employees() {
    // Department "kcc": customers 6, 7, 8 (mean 7); employees (frontline) 8, 9 (mean 8.5):
    // gap 1.5. Department "post": customers 5, 5 → 5; employees 7 → gap 2.
    // Organization: customers 31/5 = 6.2, employees 24/3 = 8, gap 1.8.
    let data = WaveData {
        customers: vec![
            customer("c1", "kcc", 6.0, 6.0),
            customer("c2", "kcc", 7.0, 7.0),
            customer("c3", "kcc", 8.0, 8.0),
            customer("c4", "post", 5.0, 4.0),
            customer("c5", "post", 5.0, 6.0),
        ],
        employees: vec![
            employee("e1", "kcc", 0, 8.0, 9.0),
            employee("e2", "kcc", 0, 9.0, 9.0),
            employee("e3", "post", 2, 7.0, 6.0),
        ],
        ..WaveData::default()
    };
    let m = compute(&with_min(1), &org(&["kcc", "post"]), &wave("w1"), &data);
    let kcc = &m.departments[0];
    assert_eq!((kcc.id.as_str(), kcc.name.as_str()), ("kcc", "KCC"));
    assert_eq!(kcc.figures.overall.customer.mean, Some(7.0));
    assert_eq!(kcc.figures.overall.employee.mean, Some(8.5));
    assert_eq!(kcc.figures.overall.gap, Some(1.5));
    assert_eq!((kcc.n.customers, kcc.n.employees), (3, Some(2)));
    // First aspect in kcc: customers 7, frontline 9 → gap 2; frontline mae over that one
    // aspect = 2, management has nobody in kcc.
    assert_eq!(kcc.figures.aspects[0].comparison.gap, Some(2.0));
    assert_eq!(kcc.figures.layers[0].mae, Some(2.0));
    assert_eq!(kcc.figures.layers[2].n, Some(0));
    let post = &m.departments[1];
    assert_eq!(post.figures.overall.gap, Some(2.0));
    // Post's first aspect: customers (4 + 6)/2 = 5, management 6 → bias +1.
    assert_eq!(post.figures.layers[2].bias, Some(1.0));
    assert!((m.figures.overall.customer.mean.unwrap() - 6.2).abs() < 1e-12);
    assert!((m.figures.overall.gap.unwrap() - 1.8).abs() < 1e-12);
    // Five customers in each department's reach is below min_customers (10): indicative.
    assert!(kcc.figures.indicative && post.figures.indicative && m.figures.indicative);
}

#[test]
fn tiny_department_is_suppressed_and_its_sibling_too() {
    // kcc has 6 employees, post 3 (< 5): post is hidden, and so is kcc, otherwise the
    // organization minus kcc would give post away. Customers are never suppressed.
    let mut employees: Vec<EmployeeResponse> = (0..6)
        .map(|i| employee(&format!("k{i}"), "kcc", 0, 8.0, 8.0))
        .collect();
    employees.extend((0..3).map(|i| employee(&format!("p{i}"), "post", 0, 6.0, 6.0)));
    let data = WaveData {
        customers: vec![customer("c1", "post", 5.0, 5.0)],
        employees,
        ..WaveData::default()
    };
    let m = compute(&config(), &org(&["kcc", "post"]), &wave("w1"), &data);
    for d in &m.departments {
        assert!(d.suppressed, "{}", d.id);
        assert_eq!(d.n.employees, None);
        assert_eq!(d.figures.overall.employee.mean, None);
        assert!(d.orientation.is_none() && d.enablement.is_none());
        assert!(
            d.figures
                .aspects
                .iter()
                .all(|a| a.comparison.employee.n == 0)
        );
    }
    let post = &m.departments[1];
    assert_eq!(post.figures.overall.customer.mean, Some(5.0));
    assert!(post.figures.layers[0].suppressed && post.figures.layers[0].mae.is_none());
    // The organization as a whole is shown: 9 employees, mean (48 + 18)/9.
    assert_eq!(m.n.employees, 9);
    assert!((m.figures.overall.employee.mean.unwrap() - 66.0 / 9.0).abs() < 1e-12);
}

#[test]
fn streamed_metrics_equal_metrics_of_all_rows_and_quote_the_same_answers() {
    let config = config();
    let found = crate::input::discover::discover(Path::new("data")).unwrap();
    let org = &found.organizations[0];
    let wave = org.waves.last().unwrap();
    let data = read_wave(&config, org, wave).unwrap();
    let all_rows = compute(&config, org, wave, &data);
    let streamed = measure(&config, org, wave).unwrap();
    assert_eq!(
        serde_json::to_value(&all_rows).unwrap(),
        serde_json::to_value(&streamed.metrics).unwrap()
    );
    let select = |d: &WaveData| crate::report::render::voices::select(d, 8, "[x]");
    let (a, b) = (select(&data), select(&streamed.quotes));
    assert_eq!(a.customers, b.customers);
    assert_eq!(a.frustrations, b.frustrations);
    assert_eq!(a.strategies, b.strategies);
    assert!(!a.customers.is_empty());
    assert!(streamed.quotes.customers.len() < data.customers.len());
}

// ---- trends ---------------------------------------------------------------------------------

fn wave_of(grades: &[f64], complained: &[bool]) -> WaveData {
    WaveData {
        customers: grades
            .iter()
            .zip(complained.iter().chain(std::iter::repeat(&false)))
            .enumerate()
            .map(|(i, (&g, &c))| CustomerResponse {
                complaint: Some(c),
                ..customer(&format!("c{i}"), "kcc", g, g)
            })
            .collect(),
        employees: (0..5)
            .map(|i| employee(&format!("e{i}"), "kcc", 0, 8.0 + i as f64 / 4.0, 8.0))
            .collect(),
        ..WaveData::default()
    }
}

#[test]
fn change_to_the_previous_wave_is_tested_with_welch_for_means_and_z_for_rates() {
    let (config, org) = (config(), org(&["kcc"]));
    let g1 = [6.0, 7.0, 8.0, 7.0];
    let g2 = [8.0, 9.0, 9.0, 8.0, 9.0, 9.0];
    let c1 = [true, true, false, false]; // 2 of 4 complained
    let c2 = [true, false, false, false, false, false]; // 1 of 6
    let waves = vec![
        compute(&config, &org, &wave("2026-Q1"), &wave_of(&g1, &c1)),
        compute(&config, &org, &wave("2026-Q2"), &wave_of(&g2, &c2)),
    ];
    let trends = trends::per_wave(&config, &waves);
    let t = &trends[1];
    assert_eq!(t.waves, ["2026-Q1", "2026-Q2"]);
    assert_eq!(t.previous.as_deref(), Some("2026-Q1"));
    let fig = |id: &str| t.figures.iter().find(|f| f.id == id).unwrap();
    let overall = fig("overall");
    assert_eq!(overall.values, [Some(7.0), Some(52.0 / 6.0)]);
    assert!((overall.change.unwrap() - (52.0 / 6.0 - 7.0)).abs() < 1e-12);
    // Welch on the raw grades (the worked example of gap.rs: p = 0.017347).
    assert_eq!(overall.test, Some("welch"));
    assert!((overall.p.unwrap() - 0.017347).abs() < 2e-5);
    assert!(overall.significant);
    // Complaint rate 2/4 → 1/6: pooled 3/10, z = (1/6 − 1/2)/sqrt(0.21·(1/6 + 1/4)) = −1.1269,
    // two-sided p = 0.2598.
    let rate = fig("complaints.rate");
    assert_eq!(rate.test, Some("two_proportion_z"));
    assert!((rate.change.unwrap() - (1.0 / 6.0 - 0.5)).abs() < 1e-12);
    assert!((rate.p.unwrap() - 0.2598).abs() < 1e-3, "{:?}", rate.p);
    // The first wave has values but no change.
    let first = &trends[0];
    assert!(
        first
            .figures
            .iter()
            .all(|f| f.change.is_none() && f.p.is_none())
    );
    assert!(first.stagnation.is_none());
}

#[test]
fn stagnation_is_a_grade_that_moved_less_than_the_threshold_over_three_waves() {
    let (config, org) = (config(), org(&["kcc"]));
    // Overall grades 7.0, 7.05, 7.02 (range 0.05 < 0.1) then 7.4 (range over the last three 0.38).
    let make =
        |id: &str, g: f64| compute(&config, &org, &wave(id), &wave_of(&[g - 1.0, g + 1.0], &[]));
    let waves = vec![
        make("w1", 7.0),
        make("w2", 7.05),
        make("w3", 7.02),
        make("w4", 7.4),
    ];
    let trends = trends::per_wave(&config, &waves);
    let s3 = trends[2].stagnation.as_ref().unwrap();
    assert!((s3.range - 0.05).abs() < 1e-9 && s3.stagnant);
    assert_eq!(s3.waves, ["w1", "w2", "w3"]);
    let s4 = trends[3].stagnation.as_ref().unwrap();
    assert!((s4.range - 0.38).abs() < 1e-9 && !s4.stagnant);
}

#[test]
fn an_aspect_added_or_dropped_between_waves_still_trends_where_present() {
    let (config, org) = (config(), org(&["kcc"]));
    let data = wave_of(&[6.0, 7.0, 8.0], &[]);
    let mut waves: Vec<WaveMetrics> = ["w1", "w2", "w3"]
        .iter()
        .map(|id| compute(&config, &org, &wave(id), &data))
        .collect();
    // w1 has no "afspraken_nakomen" at all (added in w2); w3 dropped "inleving".
    waves[0]
        .figures
        .aspects
        .retain(|a| a.id != "afspraken_nakomen");
    waves[2].figures.aspects.retain(|a| a.id != "inleving");
    let trends = trends::per_wave(&config, &waves);
    let t2 = &trends[1];
    let added = t2
        .figures
        .iter()
        .find(|f| f.id == "aspect.afspraken_nakomen.customer")
        .unwrap();
    assert_eq!(added.values, [None, Some(7.0)]);
    assert!(added.change.is_none());
    let t3 = &trends[2];
    let added = t3
        .figures
        .iter()
        .find(|f| f.id == "aspect.afspraken_nakomen.customer")
        .unwrap();
    assert_eq!(added.change, Some(0.0));
    let dropped = t3
        .figures
        .iter()
        .find(|f| f.id == "aspect.inleving.gap")
        .unwrap();
    assert_eq!(dropped.values.len(), 3);
    assert_eq!(dropped.values[2], None);
}

// ---- properties ---------------------------------------------------------------------------

const DEPTS: [&str; 3] = ["kcc", "post", "balie"];

fn arb_customer() -> impl Strategy<Value = CustomerResponse> {
    (
        0usize..4,
        proptest::option::of(1u8..=10),
        proptest::collection::vec(proptest::option::of(1u8..=10), K),
        proptest::collection::vec(proptest::option::of(1u8..=5), K),
        proptest::option::of(any::<bool>()),
        proptest::option::of(1u8..=10),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(d, overall, scores, imp, complaint, score, resolved)| CustomerResponse {
                respondent_id: String::new(),
                department: DEPTS.get(d).map(|s| s.to_string()),
                overall: overall.map(f64::from),
                scores: scores.into_iter().map(|x| x.map(f64::from)).collect(),
                importance: imp.into_iter().map(|x| x.map(f64::from)).collect(),
                complaint,
                complaint_resolved: resolved,
                complaint_score: score.map(f64::from),
                complaint_repeat: resolved.map(|r| !r),
                comment: Some("de wachttijd was lang".into()),
                weight: None,
            },
        )
}

fn arb_employee() -> impl Strategy<Value = EmployeeResponse> {
    (
        0usize..4,
        0usize..4,
        proptest::option::of(1u8..=10),
        proptest::collection::vec(proptest::option::of(1u8..=10), K),
        proptest::collection::vec(proptest::option::of(1u8..=5), 8),
    )
        .prop_map(|(d, layer, overall, scores, items)| {
            let f = |i: usize| items[i].map(f64::from);
            EmployeeResponse {
                respondent_id: String::new(),
                department: DEPTS.get(d).map(|s| s.to_string()),
                layer,
                overall: overall.map(f64::from),
                scores: scores.iter().map(|x| x.map(f64::from)).collect(),
                importance: scores
                    .iter()
                    .map(|x| x.map(|v| f64::from(v % 5 + 1)))
                    .collect(),
                self_orientation: f(0),
                department_orientation: f(1),
                organization_orientation: f(2),
                enablement: [f(3), f(4), f(5), f(6), f(7)],
                complaint_score: overall.map(f64::from),
                ..EmployeeResponse::default()
            }
        })
}

fn arb_interaction() -> impl Strategy<Value = Interaction> {
    (
        0usize..4,
        0u8..6,
        proptest::option::of(1u8..=10),
        proptest::option::of(1u8..=10),
    )
        .prop_map(|(d, who, e, c)| Interaction {
            interaction_id: String::new(),
            date: None,
            department: DEPTS.get(d).map(|s| s.to_string()),
            employee_id: Some(format!("mw-{who}")),
            channel: None,
            employee_rating: e.map(f64::from),
            customer_rating: c.map(f64::from),
        })
}

fn arb_mood() -> impl Strategy<Value = MoodEntry> {
    (0usize..4, 0i64..30, 0u8..8, any::<bool>()).prop_map(|(d, day, who, happy)| MoodEntry {
        date: Date::parse_iso("2026-03-02").unwrap().add_days(day),
        department: DEPTS.get(d).map(|s| s.to_string()),
        employee_id: Some(format!("mw-{who}")),
        happy,
    })
}

fn arb_complaint() -> impl Strategy<Value = ComplaintRecord> {
    (
        0usize..4,
        0u8..3,
        0i64..10,
        proptest::option::of(0i64..20),
        any::<bool>(),
    )
        .prop_map(|(d, cat, received, took, repeat)| {
            let r = Date::parse_iso("2026-03-02").unwrap().add_days(received);
            ComplaintRecord {
                complaint_id: String::new(),
                department: DEPTS.get(d).map(|s| s.to_string()),
                category: Some(format!("cat{cat}")),
                received: Some(r),
                resolution: match took {
                    None => Resolution::Open,
                    Some(t) => Resolution::Resolved(r.add_days(t)),
                },
                repeat_of: repeat.then(|| "k0".to_string()),
            }
        })
}

fn arb_wave() -> impl Strategy<Value = WaveData> {
    (
        proptest::collection::vec(arb_customer(), 0..40),
        proptest::collection::vec(arb_employee(), 0..40),
        proptest::collection::vec(arb_interaction(), 0..30),
        proptest::collection::vec(arb_mood(), 0..30),
        proptest::collection::vec(arb_complaint(), 0..20),
    )
        .prop_map(
            |(mut customers, mut employees, interactions, mood, complaints)| {
                for (i, c) in customers.iter_mut().enumerate() {
                    c.respondent_id = format!("c{i}");
                }
                for (i, e) in employees.iter_mut().enumerate() {
                    e.respondent_id = format!("e{i}");
                }
                let mut quality = DataQuality::default();
                for f in crate::input::ingest::OPTIONAL_FILES {
                    quality.files.insert(f.to_string(), Default::default());
                }
                WaveData {
                    customers,
                    employees,
                    interactions,
                    mood,
                    complaints,
                    quality,
                }
            },
        )
}

/// Two JSON values are equal, numbers within a relative 1e-9 (summation order moves the
/// last bits).
fn assert_close(a: &Value, b: &Value, path: &str) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
                "{path}: {x} vs {y}"
            );
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                assert_close(x, y, &format!("{path}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{path}"
            );
            for (k, v) in x {
                assert_close(v, &y[k], &format!("{path}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

fn reversed(data: &WaveData) -> WaveData {
    let mut d = WaveData {
        customers: data.customers.clone(),
        employees: data.employees.clone(),
        interactions: data.interactions.clone(),
        mood: data.mood.clone(),
        complaints: data.complaints.clone(),
        quality: data.quality.clone(),
    };
    d.customers.reverse();
    d.employees.reverse();
    d.interactions.reverse();
    d.mood.reverse();
    d.complaints.reverse();
    d
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn row_order_does_not_change_any_figure(data in arb_wave(), rotate in 0usize..40) {
        let (config, org) = (config(), org(&DEPTS));
        let a = compute(&config, &org, &wave("w"), &data);
        let mut shuffled = reversed(&data);
        let n = shuffled.customers.len().max(1);
        shuffled.customers.rotate_left(rotate % n);
        let n = shuffled.employees.len().max(1);
        shuffled.employees.rotate_left(rotate % n);
        let b = compute(&config, &org, &wave("w"), &shuffled);
        assert_close(&serde_json::to_value(&a).unwrap(), &serde_json::to_value(&b).unwrap(), "");
    }

    #[test]
    fn an_organization_figure_is_the_combination_of_its_departments(data in arb_wave()) {
        // Only rows with a department, and no suppression, so every part is shown.
        let mut data = data;
        data.customers.retain(|r| r.department.is_some());
        data.employees.retain(|r| r.department.is_some());
        data.interactions.retain(|r| r.department.is_some());
        data.complaints.retain(|r| r.department.is_some());
        data.mood.retain(|r| r.department.is_some());
        let m = compute(&with_min(1), &org(&DEPTS), &wave("w"), &data);
        let combine = |parts: Vec<GroupStats>| {
            let mut s = Summary::new();
            for p in parts.into_iter().filter(|p| p.n > 0) {
                s.merge(&Summary::from_parts(p.n, p.mean.unwrap(), p.sd.map_or(0.0, |x| x * x)));
            }
            GroupStats::from(&s)
        };
        let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            (a, b) => a == b,
        };
        let d = &m.departments;
        for (whole, parts) in [
            (m.figures.overall.customer, d.iter().map(|d| d.figures.overall.customer).collect::<Vec<_>>()),
            (m.figures.overall.employee, d.iter().map(|d| d.figures.overall.employee).collect()),
            (m.figures.aspects[3].comparison.employee, d.iter().map(|d| d.figures.aspects[3].comparison.employee).collect()),
            (m.figures.complaints.score, d.iter().map(|d| d.figures.complaints.score).collect()),
            (
                m.orientation.overall.self_orientation,
                d.iter().map(|d| d.orientation.as_ref().unwrap().overall.self_orientation).collect(),
            ),
        ] {
            let c = combine(parts);
            prop_assert_eq!(whole.n, c.n);
            prop_assert!(close(whole.mean, c.mean) && close(whole.sd, c.sd), "{:?} vs {:?}", whole, c);
        }
        // Layers are the combination of their department × layer cells.
        for l in 0..4 {
            let c = combine(d.iter().filter_map(|d| d.figures.aspects[0].by_layer[l].comparison.map(|c| c.employee)).collect());
            let whole = m.figures.aspects[0].by_layer[l].comparison.map_or(0, |c| c.employee.n);
            prop_assert_eq!(whole, c.n);
        }
        let sum = |f: &dyn Fn(&DepartmentMetrics) -> u64| d.iter().map(f).sum::<u64>();
        prop_assert_eq!(m.figures.complaints.complainants, sum(&|d| d.figures.complaints.complainants));
        prop_assert_eq!(m.figures.complaints.log.as_ref().unwrap().open, sum(&|d| d.figures.complaints.log.as_ref().unwrap().open));
        let agreement = |d: &DepartmentMetrics| d.interactions.as_ref().unwrap().agreement.as_ref().map_or(0, |a| a.missed_unhappy);
        prop_assert_eq!(m.interactions.as_ref().unwrap().missed_unhappy, sum(&agreement));
        let happy = |d: &DepartmentMetrics| d.mood.as_ref().unwrap().series.as_ref().map_or(0, |s| s.happy);
        prop_assert_eq!(m.mood.as_ref().unwrap().happy, sum(&happy));
    }

    #[test]
    fn suppression_never_leaves_a_group_recoverable_from_what_metrics_json_shows(
        data in arb_wave()
    ) {
        let config = config();
        let m = compute(&config, &org(&DEPTS), &wave("w"), &data);
        // Rebuild the departments × layers table from the output alone: shown sizes, and
        // hidden (None) entries; the employees without a department are a hidden row.
        let layers = config.layers.len();
        let rows = m.departments.len() + 1;
        let mut hidden = vec![vec![false; layers + 1]; rows + 1];
        for (r, d) in m.departments.iter().enumerate() {
            for (l, layer) in d.figures.layers.iter().enumerate() {
                hidden[r][l] = layer.n.is_none();
            }
            hidden[r][layers] = d.n.employees.is_none();
        }
        for (l, layer) in m.figures.layers.iter().enumerate() {
            hidden[rows][l] = layer.n.is_none();
        }
        // The true sizes, from the rows.
        let mut sizes = vec![vec![0u64; layers + 1]; rows + 1];
        for e in &data.employees {
            let r = e.department.as_deref().and_then(|d| m.departments.iter().position(|x| x.id == d)).unwrap_or(rows - 1);
            sizes[r][e.layer] += 1;
            sizes[r][layers] += 1;
            sizes[rows][e.layer] += 1;
        }
        for l in 0..=layers {
            hidden[rows - 1][l] = sizes[rows - 1][l] > 0; // never shown as a group
        }
        let min = config.anonymity.min_employees;
        for r in 0..=rows {
            for c in 0..=layers {
                let n = sizes[r][c];
                if (r, c) == (rows, layers) || n == 0 || n >= min {
                    continue;
                }
                prop_assert!(hidden[r][c], "a small group ({}, {}) is shown", r, c);
                if n < m.n.employees {
                    prop_assert!(!crate::analysis::metrics::anonymity::recoverable(&hidden, (r, c)), "({}, {}) recoverable", r, c);
                }
            }
        }
        // A hidden group shows no figure anywhere.
        for d in &m.departments {
            if d.suppressed {
                prop_assert!(d.figures.overall.employee.mean.is_none() && d.orientation.is_none());
            }
            for (l, lc) in d.figures.aspects[0].by_layer.iter().enumerate() {
                prop_assert_eq!(lc.suppressed, d.figures.layers[l].suppressed);
                if lc.suppressed {
                    prop_assert!(lc.comparison.is_none());
                }
            }
        }
    }
}

/// The first slice's hand-checked fixture (mirror, layers, importance) on a two-aspect
/// questionnaire, now computed through the accumulators.
mod first_slice {
    use std::path::Path;

    use crate::analysis::metrics::{ImportanceSource, Quadrant, compute};
    use crate::config::Config;
    use crate::input::ingest::{DataQuality, WaveData};
    use crate::model::testing::{customer, employee, organization, wave};
    use crate::model::{Organization, Wave};

    const CONFIG: &str = "anonymity: { min_employees: 2 }\nlayers:\n  - id: frontline\n    label: { nl: F, en: F }\n  - id: board\n    label: { nl: B, en: B }\nquestionnaire:\n  aspects:\n    - id: a\n      label: { nl: A, en: A }\n      category: human\n    - id: b\n      label: { nl: B, en: B }\n      category: functional\n";

    /// Hand-checkable wave: customers rate a = 6, 8 (mean 7) and b = 5, 7 (mean 6).
    /// Frontline predicts a = 7 (error 0) and b = 6, 7, 8 → 7 (error +1): mae 0.5, bias +0.5.
    /// Board predicts a = 9 (error +2) and b = 4 (error −2): mae 2, bias 0.
    fn fixture() -> (Config, Organization, Wave, WaveData) {
        let config = Config::parse(Path::new("t.yaml"), CONFIG).unwrap();
        let data = WaveData {
            customers: vec![
                customer("c1", 6.0, [6.0, 5.0], [5.0, 3.0]),
                customer("c2", 9.0, [8.0, 7.0], [5.0, 3.0]),
            ],
            employees: vec![
                employee("f1", 0, None, [7.0, 6.0], [4.0, 2.0]),
                employee("f2", 0, None, [7.0, 7.0], [4.0, 2.0]),
                employee("f3", 0, None, [7.0, 8.0], [4.0, 2.0]),
                employee("b1", 1, None, [9.0, 4.0], [2.0, 5.0]),
                employee("b2", 1, None, [9.0, 4.0], [2.0, 5.0]),
            ],
            quality: DataQuality::default(),
            ..WaveData::default()
        };
        (config, organization("t", "T"), wave("w"), data)
    }

    #[test]
    fn layer_accuracy_is_mae_and_bias_over_aspects() {
        let (config, org, wave, data) = fixture();
        let m = compute(&config, &org, &wave, &data);
        let front = &m.figures.layers[0];
        assert_eq!((front.mae, front.bias), (Some(0.5), Some(0.5)));
        let board = &m.figures.layers[1];
        assert_eq!((board.mae, board.bias), (Some(2.0), Some(0.0)));
    }

    /// By hand. Customers: a 6, 8 (mean 7, s² 2, n 2), b 5, 7 (mean 6, s² 2). Frontline (n 3):
    /// a 7, 7, 7 (mean 7, s² 0), b 6, 7, 8 (mean 7, s² 1): a (7 − 7)² − 0/3 − 2/2 = −1,
    /// b (7 − 6)² − 1/3 − 1 = −1/3, mean −2/3, deviation 0. Board (n 2): a 9, 9, b 4, 4:
    /// a (9 − 7)² − 0 − 1 = 3, b (4 − 6)² − 0 − 1 = 3, mean 3, deviation √3. Five employees
    /// cannot tell the layers apart (and are under min_for_tests): neither is ranked.
    #[test]
    fn the_deviation_beyond_noise_removes_sampling_noise_and_ranks_only_distinguishable_layers() {
        let (config, org, wave, data) = fixture();
        let m = compute(&config, &org, &wave, &data);
        let (front, board) = (&m.figures.layers[0], &m.figures.layers[1]);
        assert!((front.deviation_squared.unwrap() + 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(front.deviation, Some(0.0));
        assert!((board.deviation_squared.unwrap() - 3.0).abs() < 1e-12);
        assert!((board.deviation.unwrap() - 3f64.sqrt()).abs() < 1e-12);
        let test = board.versus_first.as_ref().unwrap();
        assert!((test.difference - (3.0 + 2.0 / 3.0)).abs() < 1e-12);
        assert!(!test.significant);
        assert_eq!((front.rank, board.rank), (None, None));
        assert!(!front.distinguishable && !board.distinguishable);
        // The bootstrap interval holds the estimate, and is the same on every run.
        let (lo, hi) = (
            board.deviation_ci_low.unwrap(),
            board.deviation_ci_high.unwrap(),
        );
        assert!(lo <= board.deviation.unwrap() && board.deviation.unwrap() <= hi);
        let again = compute(&config, &org, &wave, &data);
        assert_eq!(again.figures.layers[1].deviation_ci_low, Some(lo));
    }

    /// A layer far from the customer among enough employees is told apart by the permutation
    /// test and ranked; rows in another order give the same result.
    #[test]
    fn a_layer_clearly_further_from_the_customer_is_ranked_below_the_first() {
        let (config, org, wave, mut data) = fixture();
        data.employees.clear();
        for i in 0..12 {
            let x = f64::from(i % 3);
            data.employees.push(employee(
                &format!("f{i}"),
                0,
                None,
                [6.0 + x, 5.0 + x],
                [4.0, 2.0],
            ));
            data.employees.push(employee(
                &format!("b{i}"),
                1,
                None,
                [9.0 + x / 2.0, 2.0 + x / 2.0],
                [2.0, 5.0],
            ));
        }
        let m = compute(&config, &org, &wave, &data);
        let test = m.figures.layers[1].versus_first.as_ref().unwrap();
        assert!(test.significant && test.p < 0.01, "{test:?}");
        assert_eq!(
            (m.figures.layers[0].rank, m.figures.layers[1].rank),
            (Some(1), Some(2))
        );
        data.employees.reverse();
        let again = compute(&config, &org, &wave, &data);
        assert_eq!(
            again.figures.layers[1].versus_first.as_ref().unwrap().p,
            test.p
        );
    }

    #[test]
    fn importance_profiles_are_compared_by_rank() {
        let (config, org, wave, data) = fixture();
        let m = compute(&config, &org, &wave, &data);
        // Customers: a (5) above b (3). Frontline agrees (4 > 2), the board reverses it.
        assert_eq!(m.figures.layers[0].importance_spearman, Some(1.0));
        assert_eq!(m.figures.layers[1].importance_spearman, Some(-1.0));
        // Staff importance gap on a: all five employees (4·3 + 2·2)/5 = 3.2 − 5 = −1.8.
        let gap = m.figures.aspects[0].importance.gap.unwrap();
        assert!((gap - (-1.8)).abs() < 1e-12);
    }

    #[test]
    fn quadrants_use_stated_importance_and_data_centred_crosshairs() {
        let (config, org, wave, data) = fixture();
        let m = compute(&config, &org, &wave, &data);
        // Performance 7 and 6 → crosshair 6.5; importance 5 and 3 → crosshair 4.
        assert_eq!(m.figures.importance.source, Some(ImportanceSource::Stated));
        assert_eq!(m.figures.importance.crosshair_performance, Some(6.5));
        assert_eq!(m.figures.importance.crosshair_importance, Some(4.0));
        assert_eq!(
            m.figures.aspects[0].quadrant,
            Some(Quadrant::KeepUpTheGoodWork)
        );
        assert_eq!(m.figures.aspects[1].quadrant, Some(Quadrant::LowPriority));
    }

    #[test]
    fn a_layer_below_the_threshold_is_hidden_with_its_smallest_sibling() {
        let (mut config, org, wave, data) = fixture();
        config.anonymity.min_employees = 3;
        let m = compute(&config, &org, &wave, &data);
        // The board (2) is below 3; frontline is then the only other group and would reveal
        // the board by subtraction from the all-staff mean, so it is hidden too.
        assert!(
            m.figures
                .layers
                .iter()
                .all(|l| l.suppressed && l.mae.is_none() && l.n.is_none())
        );
        assert!(
            m.figures.aspects[0]
                .by_layer
                .iter()
                .all(|l| l.comparison.is_none())
        );
    }
}

#[test]
fn the_last_dated_record_is_kept_for_the_report_date() {
    let mut acc = WaveAccumulator::new(&config());
    assert_eq!(acc.last_date, None);
    for day in ["2026-03-02", "2026-03-20", "2026-03-09"] {
        acc.add_mood(&MoodEntry {
            date: Date::parse_iso(day).unwrap(),
            department: None,
            employee_id: Some("mw-1".into()),
            happy: true,
        });
    }
    assert_eq!(acc.last_date, Date::parse_iso("2026-03-20"));
}

#[test]
fn the_interval_of_a_group_mean_is_the_t_interval_of_its_figures() {
    // 1, 2, 3, 4, 5: mean 3, sd √2.5; t(0.975, 4) = 2.776445 → 3 ± 1.963243.
    let mut s = Summary::new();
    for x in [1.0, 2.0, 3.0, 4.0, 5.0] {
        s.push(x);
    }
    let stats = GroupStats::from(&s);
    let (lo, hi) = stats.mean_interval(0.95).unwrap();
    assert!((lo - (3.0 - 1.963243)).abs() < 1e-5, "{lo}");
    assert!((hi - (3.0 + 1.963243)).abs() < 1e-5, "{hi}");
    // A weighted group's interval uses its effective size: fewer values, a wider interval.
    let weighted = GroupStats {
        n_eff: Some(3.0),
        ..stats
    };
    let (wlo, whi) = weighted.mean_interval(0.95).unwrap();
    assert!(whi - wlo > hi - lo);
    // One value has no interval.
    let one = GroupStats::from(&Summary::from_parts(1, 7.0, 0.0));
    assert_eq!(one.mean_interval(0.95), None);
}
