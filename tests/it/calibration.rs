//! Calibration of the conclusions: organizations are generated in which nothing is going on
//! (the null scenario) and in which exactly one effect is planted, every wave is measured as
//! the batch does (metrics, trends, actions), and the share of reports that draw each
//! conclusion is checked:
//!
//! - null: at most 5 % of reports carry any action other than stagnation, and at most 5 % the
//!   leadership-disconnect finding;
//! - planted: each planted effect is found in at least 90 % of the reports that can show it.
//!
//! The seeds are fixed, so the figures are exact and reproducible; `docs/statistics.md` lists
//! them. `cargo test --test it calibration -- --nocapture` prints them.

use std::collections::BTreeMap;
use std::path::Path;

use spiegel::analysis::{WaveAnalysis, analyze_org};
use spiegel::config::Config;
use spiegel::input::discover::discover;
use spiegel::synth::generate::{self, Effect, GenerateOptions, Questionnaire, Scenario};

/// Organizations per scenario and waves per organization.
const NULL_ORGS: usize = 60;
const PLANTED_ORGS: usize = 25;
const WAVES: usize = 2;
const SEED: u64 = 9090;

/// The shipped configuration: what is calibrated is what users run.
fn config() -> Config {
    Config::load(Path::new("config/spiegel.yaml")).unwrap()
}

/// Every wave of every organization of `scenario`, measured with trends and actions.
fn reports(config: &Config, scenario: Scenario, orgs: usize) -> Vec<WaveAnalysis> {
    let (aspects, layers) = (config.aspect_ids(), config.layer_ids());
    let q = Questionnaire {
        aspects: &aspects,
        layers: &layers,
    };
    let opts = GenerateOptions {
        orgs,
        waves: WAVES,
        seed: SEED,
        customers_per_wave: 200,
        employees_per_wave: 60,
        interactions_per_wave: 120,
        mood_days: 5,
        scenario,
    };
    let dir = tempfile::tempdir().unwrap();
    generate::generate(&q, &opts, dir.path()).unwrap();
    let found = discover(dir.path()).unwrap();
    assert_eq!(found.organizations.len(), orgs);
    let mut out = Vec::new();
    for org in &found.organizations {
        out.extend(analyze_org(config, org).unwrap());
    }
    out
}

/// The findings of a report: (rule, subject) of every card's leading rule and of every finding
/// merged into a card.
fn findings(a: &WaveAnalysis) -> Vec<(String, Option<String>)> {
    a.actions
        .iter()
        .flat_map(|card| {
            let lead = (card.rule.to_string(), card.subject.clone());
            let merged = card
                .findings
                .iter()
                .map(|f| (f.rule.to_string(), f.subject.clone()));
            std::iter::once(lead).chain(merged)
        })
        .collect()
}

fn share(hits: usize, of: usize) -> f64 {
    hits as f64 / of as f64
}

#[test]
fn conclusions_are_calibrated() {
    let config = config();
    let mut lines = Vec::new();

    // Null: nothing is going on.
    let null = reports(&config, Scenario::Null, NULL_ORGS);
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut any_action = 0;
    let mut disconnect = 0;
    for m in &null {
        let f = findings(m);
        let mut rules: Vec<&str> = f.iter().map(|(r, _)| r.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        for r in &rules {
            *by_rule.entry(r.to_string()).or_default() += 1;
        }
        any_action += usize::from(rules.iter().any(|r| *r != "stagnation"));
        disconnect += usize::from(rules.contains(&"layer_disconnect"));
    }
    let (false_rate, disconnect_rate) =
        (share(any_action, null.len()), share(disconnect, null.len()));
    lines.push(format!(
        "null ({} reports): any action but stagnation {:.1} %, layer_disconnect {:.1} %",
        null.len(),
        100.0 * false_rate,
        100.0 * disconnect_rate
    ));
    for (rule, n) in &by_rule {
        lines.push(format!(
            "  null, reports with {rule}: {n} ({:.1} %)",
            100.0 * share(*n, null.len())
        ));
    }

    // Planted: one effect each.
    let aspects = &config.questionnaire.aspects;
    let board = config.layers.last().unwrap().id.clone();
    let mut planted_rates = Vec::new();
    for effect in Effect::ALL {
        let all = reports(&config, Scenario::Planted(effect), PLANTED_ORGS);
        // A decline shows in the last wave only; everything else in every wave.
        let eligible: Vec<&WaveAnalysis> = match effect {
            Effect::BroadDecline => all.iter().filter(|a| a.trends.previous.is_some()).collect(),
            _ => all.iter().collect(),
        };
        let hit = |m: &WaveAnalysis| {
            let f = findings(m);
            let has = |rule: &str, subject: Option<&str>| {
                f.iter()
                    .any(|(r, s)| r == rule && (subject.is_none() || s.as_deref() == subject))
            };
            match effect {
                Effect::BlindSpot => has("blind_spot", Some(&aspects[0].id)),
                Effect::HiddenStrength => has("hidden_strength", Some(&aspects[1].id)),
                Effect::LeadershipImportance => {
                    has("misplaced_priority", Some(&aspects.last().unwrap().id))
                }
                Effect::DistantBoard => has("layer_disconnect", Some(&board)),
                Effect::BroadDecline => has("broad_decline", None),
            }
        };
        let found = eligible.iter().filter(|m| hit(m)).count();
        let rate = share(found, eligible.len());
        lines.push(format!(
            "planted {} ({} reports): found in {:.1} %",
            effect.id(),
            eligible.len(),
            100.0 * rate
        ));
        planted_rates.push((effect, rate));
    }
    let summary = lines.join("\n");
    println!("{summary}");
    assert!(false_rate <= 0.05, "{summary}");
    assert!(disconnect_rate <= 0.05, "{summary}");
    for (effect, rate) in planted_rates {
        assert!(rate >= 0.9, "{} found too rarely\n{summary}", effect.id());
    }
}
