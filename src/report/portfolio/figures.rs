//! The figures of one wave that the portfolio page shows, typed.
//!
//! They come from the run's own analysis for the wave folders the run published
//! ([`PortfolioFigures::from_analysis`]), and from the folder's published `metrics.json` for
//! the organizations the run left alone ([`PortfolioFigures::from_published`]). Both go
//! through one typed view of the fields the page needs ([`Source`]): a field renamed in the
//! analysis is a compile error there, and a `metrics.json` that lacks one is an error naming
//! the field — never a silent "—" on the page.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use crate::analysis::WaveAnalysis;
use crate::analysis::metrics::complaints::Verdict;
use crate::config::{Config, Language};
use crate::report::render::format;
use crate::report::render::i18n::Texts;

/// What the portfolio shows of one wave of one organization.
#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioFigures {
    /// Organization id (its folder name).
    pub org: String,
    /// Wave id (its folder name).
    pub wave: String,
    /// Organization display name.
    pub org_name: String,
    /// Wave label in the page's language.
    pub wave_label: String,
    /// Respondents: (customers, employees).
    pub respondents: (u64, u64),
    /// Customers' overall grade.
    pub customer_grade: Option<f64>,
    /// Mirror gap of the overall grade as printed: staff's prediction − customers' grade,
    /// each rounded to one decimal first.
    pub gap: Option<f64>,
    /// Change of the customers' overall grade against the previous wave, as printed.
    pub grade_change: Option<f64>,
    /// Whether that change is statistically significant.
    pub grade_change_significant: bool,
    /// Customers' mean satisfaction with complaint handling.
    pub complaint_score: Option<f64>,
    /// How that score compares with the benchmark.
    pub complaint_verdict: Option<Verdict>,
    /// Title of the action with the highest priority, in the page's language.
    pub top_action: Option<String>,
    /// Departments: (id, display name).
    pub departments: Vec<(String, String)>,
}

impl PortfolioFigures {
    /// From the run's analysis of the wave; `config` is the organization's own (its
    /// questionnaire names the aspect of the first action), `t` the page's texts.
    pub fn from_analysis(config: &Config, analysis: &WaveAnalysis, t: &Texts) -> PortfolioFigures {
        Source::of(analysis).figures(config, t)
    }

    /// From a published `metrics.json`. An error names what is missing or malformed, with
    /// its line and column.
    pub fn from_published(
        json: &str,
        config: &Config,
        t: &Texts,
    ) -> serde_json::Result<PortfolioFigures> {
        Ok(serde_json::from_str::<Source>(json)?.figures(config, t))
    }
}

/// The fields of `metrics.json` the portfolio reads, by the names `metrics.json` gives them.
/// An optional figure must be present (as `null` when absent): a missing key is an error.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Source {
    org: String,
    wave: String,
    org_name: String,
    wave_label: String,
    language: Language,
    n: Counts,
    overall: Overall,
    complaints: Complaints,
    #[serde(deserialize_with = "present")]
    trends: Option<Trends>,
    recommendations: Vec<Action>,
    departments: Vec<Department>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Counts {
    customers: u64,
    employees: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Overall {
    customer: Group,
    employee: Group,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Group {
    #[serde(deserialize_with = "present")]
    mean: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Complaints {
    #[serde(deserialize_with = "present")]
    score_mean: Option<f64>,
    #[serde(deserialize_with = "present")]
    benchmark_verdict: Option<Verdict>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Trends {
    figures: Vec<TrendFigure>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct TrendFigure {
    id: String,
    values: Vec<Option<f64>>,
    #[serde(deserialize_with = "present")]
    change: Option<f64>,
    significant: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Action {
    rule: String,
    #[serde(deserialize_with = "present")]
    subject: Option<String>,
    /// `null` where the number was not finite (JSON has no NaN).
    evidence: BTreeMap<String, Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Department {
    id: String,
    name: String,
}

/// An `Option` whose key must be there: `null` is `None`, a missing key is an error (serde
/// would otherwise take a missing key for `None`).
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::deserialize(d)
}

/// A number as `metrics.json` holds it: JSON has no NaN or infinity.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

impl Source {
    /// The same fields taken from the analysis (only the trend and the action the page shows).
    fn of(a: &WaveAnalysis) -> Source {
        let m = &a.metrics;
        let mean = |x: Option<f64>| Group {
            mean: x.and_then(finite),
        };
        Source {
            org: m.org.clone(),
            wave: m.wave.clone(),
            org_name: m.org_name.clone(),
            wave_label: m.wave_label.clone(),
            language: m.language,
            n: Counts {
                customers: m.n.customers,
                employees: m.n.employees,
            },
            overall: Overall {
                customer: mean(m.figures.overall.customer.mean),
                employee: mean(m.figures.overall.employee.mean),
            },
            complaints: Complaints {
                score_mean: m.figures.complaints.score_mean.and_then(finite),
                benchmark_verdict: m.figures.complaints.benchmark_verdict,
            },
            trends: Some(Trends {
                figures: a
                    .trends
                    .figures
                    .iter()
                    .filter(|f| f.id == OVERALL)
                    .map(|f| TrendFigure {
                        id: f.id.clone(),
                        values: f.values.iter().map(|v| v.and_then(finite)).collect(),
                        change: f.change.and_then(finite),
                        significant: f.significant,
                    })
                    .collect(),
            }),
            recommendations: a
                .actions
                .iter()
                .take(1)
                .map(|r| Action {
                    rule: r.rule.to_string(),
                    subject: r.subject.clone(),
                    evidence: r
                        .evidence
                        .iter()
                        .map(|(k, v)| (k.to_string(), finite(*v)))
                        .collect(),
                })
                .collect(),
            departments: m
                .departments
                .iter()
                .map(|d| Department {
                    id: d.id.clone(),
                    name: d.name.clone(),
                })
                .collect(),
        }
    }

    fn figures(self, config: &Config, t: &Texts) -> PortfolioFigures {
        // One language per page: a wave label written in the organization's other language
        // is replaced by the wave id written out in the page's language.
        let page = t.lang();
        let wave_label = if self.language == page {
            self.wave_label
        } else {
            crate::report::sections::cover::readable_wave(&self.wave, page)
        };
        // Printed differences are differences of the printed values (as in the report).
        let printed = |x: f64| format::printed(x, 1);
        let customer_grade = self.overall.customer.mean;
        let gap = self
            .overall
            .employee
            .mean
            .zip(customer_grade)
            .map(|(s, c)| printed(s) - printed(c));
        let trend = self
            .trends
            .and_then(|t| t.figures.into_iter().find(|f| f.id == OVERALL));
        let grade_change = trend.as_ref().and_then(|f| {
            f.change.and(match f.values.as_slice() {
                [.., Some(before), Some(now)] => Some(printed(*now) - printed(*before)),
                _ => None,
            })
        });
        let top_action = self.recommendations.first().map(|first| {
            let evidence = first
                .evidence
                .iter()
                .filter_map(|(k, v)| Some((k.as_str(), (*v)?)));
            let action = crate::report::sections::actions::action_view(
                config,
                1,
                &first.rule,
                first.subject.as_deref(),
                evidence,
                t,
            );
            action.title
        });
        PortfolioFigures {
            org: self.org,
            wave: self.wave,
            org_name: self.org_name,
            wave_label,
            respondents: (self.n.customers, self.n.employees),
            customer_grade,
            gap,
            grade_change,
            grade_change_significant: trend.is_some_and(|f| f.significant),
            complaint_score: self.complaints.score_mean,
            complaint_verdict: self.complaints.benchmark_verdict,
            top_action,
            departments: self
                .departments
                .into_iter()
                .map(|d| (d.id, d.name))
                .collect(),
        }
    }
}

/// The trend figure of the customers' overall grade.
const OVERALL: &str = "overall";

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::{Value, json};

    use super::*;

    fn config() -> Config {
        Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("config/spiegel.yaml")).unwrap()
    }

    fn nl() -> Texts {
        Texts::load(Language::Nl).unwrap()
    }

    /// The least a `metrics.json` holds for the portfolio.
    fn doc() -> Value {
        json!({
            "org": "acme", "wave": "2026-Q3", "org_name": "Acme", "wave_label": "Najaar 2026",
            "language": "nl",
            "n": {"customers": 200, "employees": 60},
            "overall": {"customer": {"mean": 6.75}, "employee": {"mean": 7.64}},
            "complaints": {"score_mean": null, "benchmark_verdict": null},
            "trends": null,
            "recommendations": [],
            "departments": [{"id": "kc", "name": "Klantcontact"}],
        })
    }

    fn figures(doc: &Value) -> serde_json::Result<PortfolioFigures> {
        PortfolioFigures::from_published(&doc.to_string(), &config(), &nl())
    }

    #[test]
    fn gap_and_change_are_differences_of_the_values_as_shown() {
        let mut m = doc();
        m["trends"] = json!({"figures": [
            {"id": "overall", "values": [6.36, 6.44], "change": 0.08, "significant": false}
        ]});
        let f = figures(&m).unwrap();
        assert_eq!(f.wave_label, "Najaar 2026");
        assert_eq!(
            f.departments,
            [("kc".to_string(), "Klantcontact".to_string())]
        );
        // Printed: 6,8 and 7,6 → +0,8 (not the unrounded +0,9); 6,4 → 6,4 is no change.
        assert!((f.gap.unwrap() - 0.8).abs() < 1e-9, "{:?}", f.gap);
        assert!(f.grade_change.unwrap().abs() < 1e-9, "{:?}", f.grade_change);
        assert!(figures(&doc()).unwrap().grade_change.is_none());
    }

    #[test]
    fn a_wave_label_in_another_language_is_written_in_the_page_language() {
        let mut m = doc();
        m["language"] = json!("en");
        m["wave_label"] = json!("Autumn 2026");
        assert_eq!(figures(&m).unwrap().wave_label, "3e kwartaal 2026");
        assert_eq!(figures(&doc()).unwrap().wave_label, "Najaar 2026");
    }

    /// A field the page needs that is missing (renamed, say) is an error that names it, not
    /// a dash on the page; `null` is an absent figure.
    #[test]
    fn a_missing_field_is_an_error_naming_it() {
        for (path, field) in [
            (&["org_name"][..], "org_name"),
            (&["complaints", "score_mean"][..], "score_mean"),
            (&["overall", "employee", "mean"][..], "mean"),
            (&["trends"][..], "trends"),
        ] {
            let mut m = doc();
            let (last, parents) = path.split_last().unwrap();
            let mut at = &mut m;
            for p in parents {
                at = &mut at[*p];
            }
            at.as_object_mut().unwrap().remove(*last).unwrap();
            let e = figures(&m).unwrap_err().to_string();
            assert!(e.contains(&format!("missing field `{field}`")), "{e}");
            assert!(e.contains("line 1 column"), "{e}");
        }
        let mut wrong = doc();
        wrong["complaints"]["benchmark_verdict"] = json!("lower");
        let e = figures(&wrong).unwrap_err().to_string();
        assert!(e.contains("unknown variant `lower`"), "{e}");
    }

    /// Every wave of the sample: the figures from the run's analysis are the figures read back
    /// from the `metrics.json` it publishes, so a built and an unchanged organization show
    /// alike.
    #[test]
    fn the_analysis_and_its_published_metrics_give_the_same_figures() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = config();
        let t = nl();
        let found = crate::input::discover::discover(&root.join("data")).unwrap();
        let mut compared = 0;
        let (mut changes, mut actions, mut verdicts) = (0, 0, 0);
        for org in &found.organizations {
            let own = org.config(&config).unwrap();
            for a in crate::analysis::analyze_org(&own, org).unwrap() {
                let json = serde_json::to_string_pretty(&crate::report::json::MetricsJson::of(&a))
                    .unwrap();
                let run = PortfolioFigures::from_analysis(&own, &a, &t);
                let published = PortfolioFigures::from_published(&json, &own, &t).unwrap();
                assert_eq!(run, published, "{}/{}", org.id, a.metrics.wave);
                compared += 1;
                changes += usize::from(run.grade_change.is_some());
                actions += usize::from(run.top_action.is_some());
                verdicts += usize::from(run.complaint_verdict.is_some());
                assert!(run.customer_grade.is_some() && run.gap.is_some());
            }
        }
        assert!(compared >= 3, "{compared} waves");
        assert!(changes > 0 && actions > 0 && verdicts > 0);
    }
}
