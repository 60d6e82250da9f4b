//! A weighted organization end to end: the weight column is read, the figures equal an
//! independent weighted computation, `metrics.json` gives n and n_eff, and bad weights are
//! findings with file, line and column.

use spiegel::analysis::metrics::{self, WaveMetrics};
use spiegel::config::Config;
use spiegel::input::discover::discover;

use super::common::{shipped_config, write};

fn config() -> Config {
    Config::load(&shipped_config()).unwrap()
}

const EMPLOYEES: &str =
    "respondent_id,layer,overall\ne1,frontline,7\ne2,frontline,8\ne3,management,9\n";

/// Organization `acme` with one wave of `customers` and `employees`, measured as the run
/// does: with the shipped configuration and `org_yaml`'s settings on top.
fn measure_acme(org_yaml: &str, customers: &str, employees: &str) -> WaveMetrics {
    let tmp = tempfile::tempdir().unwrap();
    let wave = tmp.path().join("acme/2026-Q1");
    write(&tmp.path().join("acme/org.yaml"), org_yaml);
    write(&wave.join("customers.csv"), customers);
    write(&wave.join("employees.csv"), employees);
    let found = discover(tmp.path()).unwrap();
    let org = &found.organizations[0];
    let base = config();
    let config = org.config(&base).unwrap();
    metrics::measure(&config, org, &org.waves[0])
        .unwrap()
        .metrics
}

/// The data-quality findings as printed.
fn findings(m: &WaveMetrics) -> Vec<String> {
    m.data_quality
        .findings
        .iter()
        .map(|f| f.to_string())
        .collect()
}

#[test]
fn weighted_customers_give_weighted_means_and_n_eff() {
    let tmp = tempfile::tempdir().unwrap();
    let wave = tmp.path().join("acme/2026-Q1");
    write(&tmp.path().join("acme/org.yaml"), "name: Acme\n");
    let rows: [(f64, f64); 6] = [
        (7.0, 1.0),
        (8.0, 2.5),
        (5.0, 0.5),
        (9.0, 1.5),
        (6.0, 1.0),
        (4.0, 3.0),
    ];
    let mut csv = String::from("respondent_id,overall,weight,wachttijd,complaint\n");
    let complained = [true, false, true, false, false, true];
    for (i, (x, w)) in rows.iter().enumerate() {
        let c = u8::from(complained[i]);
        csv.push_str(&format!("c{i},{x},{w},{},{c}\n", 4 + i));
    }
    write(&wave.join("customers.csv"), &csv);
    write(&wave.join("employees.csv"), EMPLOYEES);
    let found = discover(tmp.path()).unwrap();
    let org = &found.organizations[0];
    let analysed = spiegel::analysis::analyze_org(&config(), org)
        .unwrap()
        .pop()
        .unwrap();
    // The methodology says how the figures were weighted and tested.
    let typ = spiegel::report::render::Renderer::new()
        .unwrap()
        .organization_report(&config(), org, &org.waves[0], &analysed, None)
        .unwrap()
        .typ;
    let m = analysed.metrics;
    let at = typ.find("Weging").map_or("", |i| &typ[i..]);
    assert!(
        typ.contains("effectieve steekproefomvang volgens Kish"),
        "{}",
        &at[..at.len().min(400)]
    );
    assert!(
        typ.contains(r"klanten\: 6 respondenten, n\_eff 4,6"),
        "{}",
        &at[..at.len().min(600)]
    );
    // Independent: Σwx / Σw and (Σw)² / Σw².
    let sw: f64 = rows.iter().map(|r| r.1).sum();
    let swx: f64 = rows.iter().map(|r| r.0 * r.1).sum();
    let sw2: f64 = rows.iter().map(|r| r.1 * r.1).sum();
    let c = &m.figures.overall.customer;
    assert!((c.mean.unwrap() - swx / sw).abs() < 1e-9);
    assert!((c.n_eff.unwrap() - sw * sw / sw2).abs() < 1e-9);
    assert_eq!(c.n, 6);
    assert!((m.n.customers_eff.unwrap() - sw * sw / sw2).abs() < 1e-9);
    // The complaint rate is a weighted share: (1 + 0.5 + 3) / 9.5.
    let rate = m.figures.complaints.rate.unwrap();
    assert!((rate - 4.5 / sw).abs() < 1e-12, "{rate}");
    assert!((m.figures.complaints.rate_n_eff.unwrap() - sw * sw / sw2).abs() < 1e-9);
    assert_eq!(
        (
            m.figures.complaints.complainants,
            m.figures.complaints.respondents
        ),
        (3, 6)
    );
    // Employees are unweighted: no n_eff.
    assert!(m.figures.overall.employee.n_eff.is_none() && m.n.employees_eff.is_none());
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["overall"]["customer"]["n"], 6);
    assert!(json["overall"]["customer"]["n_eff"].as_f64().is_some());
    assert!(json["overall"]["employee"].get("n_eff").is_none());
}

#[test]
fn bad_weights_are_findings_with_line_and_column() {
    let m = measure_acme(
        "name: Acme\nweights: { customers: gewicht }\n",
        "respondent_id,overall,gewicht\nc1,7,1.5\nc2,8,-1\nc3,6,\nc4,5,veel\nc5,9,0,5\n",
        EMPLOYEES,
    );
    let f = findings(&m);
    let at = |needle: &str| {
        f.iter()
            .find(|x| x.contains(needle))
            .cloned()
            .unwrap_or_default()
    };
    assert!(
        at("negative").contains("customers.csv:3:3: the weight -1 is negative"),
        "{f:?}"
    );
    assert!(
        at("empty").contains("customers.csv:4:3: the weight is empty"),
        "{f:?}"
    );
    assert!(at("'veel'").contains("customers.csv:5:3:"), "{f:?}");
    // The ragged last row is rejected before its weight; two rows are used.
    assert_eq!(m.figures.overall.customer.n, 1, "{f:?}");
    let stats = &m.data_quality.files["customers.csv"];
    assert_eq!(stats.rows_rejected["negative_weight"], 1);
    assert_eq!(stats.rows_rejected["missing_weight"], 1);
    assert_eq!(stats.rows_rejected["invalid_weight"], 1);
}

#[test]
fn weights_summing_to_zero_are_a_note_at_the_weight_column() {
    let m = measure_acme(
        "name: Acme\n",
        "respondent_id,weight,overall\nc1,0,7\nc2,0,8\n",
        EMPLOYEES,
    );
    let f = findings(&m);
    assert!(
        f.iter()
            .any(|x| x.contains("customers.csv:1:2: the weights in column 'weight' sum to 0")),
        "{f:?}"
    );
    assert_eq!(m.figures.overall.customer.n, 0);
    assert!(m.figures.overall.customer.mean.is_none());
}

#[test]
fn weighted_changes_between_waves_are_tested_on_effective_sizes() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("acme/org.yaml"), "name: Acme\n");
    // (overall, weight, complained) per customer, two waves.
    let waves: [&[(f64, f64, bool)]; 2] = [
        &[
            (6.0, 1.0, true),
            (7.0, 2.0, false),
            (5.0, 0.5, true),
            (8.0, 1.5, false),
            (6.0, 1.0, false),
        ],
        &[
            (8.0, 1.0, false),
            (9.0, 3.0, true),
            (7.0, 0.5, false),
            (8.0, 1.0, false),
            (9.0, 2.0, true),
        ],
    ];
    for (k, rows) in waves.iter().enumerate() {
        let wave = tmp.path().join(format!("acme/2026-Q{}", k + 1));
        let mut csv = String::from("respondent_id,overall,weight,complaint\n");
        for (i, (x, w, c)) in rows.iter().enumerate() {
            csv.push_str(&format!("c{i},{x},{w},{}\n", u8::from(*c)));
        }
        write(&wave.join("customers.csv"), &csv);
        write(&wave.join("employees.csv"), EMPLOYEES);
    }
    let found = discover(tmp.path()).unwrap();
    let org = &found.organizations[0];
    let config = config();
    let all = spiegel::analysis::analyze_org(&config, org).unwrap();
    let trends = &all[1].trends;
    let figure = |id: &str| trends.figures.iter().find(|f| f.id == id).unwrap();
    // Independent: weighted shares and Kish sizes by hand, then the z-test on them.
    let by_hand = |rows: &[(f64, f64, bool)]| {
        let sw: f64 = rows.iter().map(|r| r.1).sum();
        let sw2: f64 = rows.iter().map(|r| r.1 * r.1).sum();
        let yes: f64 = rows.iter().filter(|r| r.2).map(|r| r.1).sum();
        (yes / sw, sw * sw / sw2)
    };
    let ((p1, n1), (p2, n2)) = (by_hand(waves[0]), by_hand(waves[1]));
    let rate = figure("complaints.rate");
    assert!((rate.values[0].unwrap() - p1).abs() < 1e-12);
    assert!((rate.values[1].unwrap() - p2).abs() < 1e-12);
    let z = spiegel::analysis::stats::two_proportion_z_eff(p2, n2, p1, n1).unwrap();
    assert!(
        (rate.p.unwrap() - z.p).abs() < 1e-12,
        "{:?} vs {}",
        rate.p,
        z.p
    );
    assert_eq!(rate.test, Some("two_proportion_z"));
    // The overall grade's change: Welch on the weighted waves, with effective sizes.
    let summary = |rows: &[(f64, f64, bool)]| {
        let mut s = spiegel::analysis::stats::Summary::new();
        rows.iter().for_each(|r| s.push_weighted(r.0, r.1));
        s
    };
    let w = spiegel::analysis::stats::welch(&summary(waves[1]), &summary(waves[0]), 0.95).unwrap();
    let overall = figure("overall");
    assert!(
        (overall.p.unwrap() - w.p).abs() < 1e-9,
        "{:?} vs {}",
        overall.p,
        w.p
    );
}

#[test]
fn an_organization_may_weight_its_employees() {
    // The customers' weight column is switched off for this organization.
    let m = measure_acme(
        "name: Acme\nweights: { customers: null, employees: gewicht }\n",
        "respondent_id,overall,weight\nc1,7,5\nc2,9,1\n",
        "respondent_id,layer,overall,gewicht\ne1,frontline,6,3\ne2,frontline,8,1\n",
    );
    assert_eq!(m.figures.overall.customer.mean, Some(8.0));
    assert!(m.n.customers_eff.is_none());
    assert!((m.figures.overall.employee.mean.unwrap() - 6.5).abs() < 1e-12);
    assert!((m.n.employees_eff.unwrap() - 1.6).abs() < 1e-12);
}
