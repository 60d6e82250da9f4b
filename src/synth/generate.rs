//! Deterministic synthetic survey data with planted effects (`spiegel generate`).
//!
//! Writes the canonical input format (docs/data-format.md) for any number of organizations and waves:
//! `<out>/<org-id>/org.yaml` and per wave `wave.yaml`, `customers.csv`, `employees.csv`,
//! `interactions.csv`, `mood.csv` and `complaints.csv`.
//!
//! The same seed and options give byte-identical files on every platform: the random numbers
//! come from a small PRNG in this module (the `rng` submodule), every organization draws from streams
//! derived from `(seed, organization index, wave, purpose)`, so generating 1000 organizations
//! starts with exactly the files of generating 3, and changing one count (say, customers per
//! wave) does not reshuffle anything else.
//!
//! The planted effects are what the reports must find (docs/definitions.md, and the articles the product is based on):
//! staff overestimate `afspraken_nakomen` (blind spot) and underestimate `inleving` and the other
//! human aspects (hidden strength); customers find the human aspects most important while
//! management and board think `privacy` and `afspraken_nakomen` matter most (misplaced
//! priority); the frontline knows the customer best and the board least; orientation falls from
//! self to department to organization; one weak enablement item per organization; complaint
//! handling around the 5.9 benchmark; employees rate interactions higher than customers; daily
//! mood around 75% happy; and an overall grade that is driven by the aspects (human ones weigh
//! most) and follows a per-organization trend over the waves.
//!
//! The bundled sample in `data/` is [`SAMPLE_COMMAND`]; `examples/generate_sample.rs` produces
//! it with [`sample_options`] and the questionnaire of `config/spiegel.yaml`.

mod calendar;
mod profile;
mod rng;
mod text;

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::Path;

use anyhow::{Context, Result, bail};

use self::calendar::{Date, LAST_QUARTER, Quarter};
use self::profile::{AspectProfile, OrgProfile, Trend};
pub use self::profile::{Effect, Scenario};
use self::rng::Rng;
use crate::model::schema::{self, FileKind};

/// How the bundled sample `data/` was produced (`cargo run --example generate_sample` does the
/// same through the library).
pub const SAMPLE_COMMAND: &str = "spiegel generate --orgs 3 --waves 3 --seed 2026 --out data";

/// Size and seed of a generated data set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of organizations. The first three are the curated sample organizations; later
    /// ones are synthetic (e.g. "Gemeente Noordwaard").
    pub orgs: usize,
    /// Waves per organization: consecutive quarters ending at 2026-Q3.
    pub waves: usize,
    /// Seed; the same seed and options give byte-identical output.
    pub seed: u64,
    /// Mean number of customer respondents per organization and wave.
    pub customers_per_wave: usize,
    /// Mean number of employee respondents per organization and wave.
    pub employees_per_wave: usize,
    /// Mean number of logged interactions per organization and wave.
    pub interactions_per_wave: usize,
    /// Working days of fieldwork per wave (mood is recorded on each of them), 1–60.
    pub mood_days: usize,
    /// The realistic sample, or a calibration scenario (nothing going on, or one planted
    /// effect); see `docs/statistics.md`.
    pub scenario: Scenario,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            orgs: 3,
            waves: 3,
            seed: 2026,
            customers_per_wave: 200,
            employees_per_wave: 60,
            interactions_per_wave: 300,
            mood_days: 20,
            scenario: Scenario::Realistic,
        }
    }
}

/// The options the bundled sample `data/` was generated with (see [`SAMPLE_COMMAND`]).
pub fn sample_options() -> GenerateOptions {
    GenerateOptions::default()
}

/// The questionnaire the data is generated for: aspect ids and layer ids from the config.
/// Layers are ordered from closest to the customer (frontline) to furthest (board).
#[derive(Debug, Clone, Copy)]
pub struct Questionnaire<'a> {
    pub aspects: &'a [&'a str],
    pub layers: &'a [&'a str],
}

/// What [`generate`] wrote.
#[derive(Debug, Default)]
pub struct GenerateReport {
    /// Organizations written.
    pub organizations: usize,
    /// Waves per organization.
    pub waves: usize,
    /// Files written (YAML and CSV).
    pub files: usize,
    /// CSV data rows written (headers not counted).
    pub rows: u64,
}

/// Writes `opts.orgs` organizations with `opts.waves` waves each under `out` (created when
/// missing; existing files of the same names are overwritten, nothing else is removed).
pub fn generate(q: &Questionnaire, opts: &GenerateOptions, out: &Path) -> Result<GenerateReport> {
    validate(q, opts)?;
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let aspects: Vec<AspectProfile> = q.aspects.iter().map(|a| AspectProfile::for_id(a)).collect();
    let layers = layer_models(q.layers);
    let mut report = GenerateReport {
        waves: opts.waves,
        ..GenerateReport::default()
    };
    let mut taken = BTreeSet::new();
    for index in 0..opts.orgs {
        let profile = match opts.scenario {
            Scenario::Realistic => profile::org_profile(index, opts.seed, &mut taken),
            scenario => profile::calibration_profile(index, opts.seed, scenario, &mut taken),
        };
        let org = Org::new(index, profile, &aspects, &layers, opts);
        org.write(q, &mut report, out)?;
        report.organizations += 1;
    }
    Ok(report)
}

/// Upper bound on each per-wave count: far above any real survey, low enough that a typo
/// cannot exhaust memory.
const MAX_PER_WAVE: usize = 1_000_000;

fn validate(q: &Questionnaire, opts: &GenerateOptions) -> Result<()> {
    if opts.waves == 0 {
        bail!("--waves must be at least 1");
    }
    if opts.waves > 400 {
        bail!(
            "--waves {} is more than a century of quarters; use at most 400",
            opts.waves
        );
    }
    if !(1..=60).contains(&opts.mood_days) {
        bail!(
            "mood_days must be between 1 and 60 (working days of fieldwork within one quarter), got {}",
            opts.mood_days
        );
    }
    for (name, value) in [
        ("customers per wave", opts.customers_per_wave),
        ("employees per wave", opts.employees_per_wave),
        ("interactions per wave", opts.interactions_per_wave),
    ] {
        if value > MAX_PER_WAVE {
            bail!("{name} is {value}; at most {MAX_PER_WAVE} per organization and wave");
        }
    }
    if q.layers.is_empty() {
        bail!("the questionnaire has no layers; employees need at least one layer id");
    }
    let mut seen = BTreeSet::new();
    for layer in q.layers {
        if layer.trim().is_empty() || !seen.insert(*layer) {
            bail!("layer id {layer:?} is empty or appears twice");
        }
    }
    for header in [customer_header(q.aspects), employee_header(q.aspects)] {
        let mut seen = BTreeSet::new();
        for column in &header {
            if column.trim().is_empty() {
                bail!("an aspect id is empty");
            }
            if !seen.insert(column.as_str()) {
                bail!(
                    "column {column:?} would appear twice: aspect ids must be unique and must not clash with fixed columns"
                );
            }
        }
    }
    Ok(())
}

fn customer_header(aspects: &[&str]) -> Vec<String> {
    schema::header(FileKind::Customers, aspects)
}

fn employee_header(aspects: &[&str]) -> Vec<String> {
    schema::header(FileKind::Employees, aspects)
}

const CHANNELS: [&str; 4] = ["telefoon", "e-mail", "chat", "balie"];

/// Random-stream purposes (the last part of a derived seed).
mod stream {
    pub const ORG_DETAIL: u64 = 3;
    pub const WAVE: u64 = 10;
    pub const CUSTOMERS: u64 = 11;
    pub const EMPLOYEES: u64 = 12;
    pub const INTERACTIONS: u64 = 13;
    pub const MOOD: u64 = 14;
    pub const COMPLAINTS: u64 = 15;
    /// Organization-level streams use this in the wave slot.
    pub const NO_WAVE: u64 = u64::MAX;
}

/// How one layer of the organization sees the customer.
#[derive(Debug, Clone)]
struct LayerModel {
    id: String,
    /// 0 for the layer closest to the customer, 1 for the furthest (board).
    distance: f64,
    share: f64,
    /// Multiplier on the aspect's national staff bias.
    bias_scale: f64,
    /// SD of the layer's own misjudgement per aspect (per wave).
    noise_sd: f64,
    /// Extra optimism on every aspect.
    optimism: f64,
    /// Weight of the leadership view in the predicted importance.
    leader_weight: f64,
    contact_prob: f64,
}

fn layer_models(ids: &[&str]) -> Vec<LayerModel> {
    let n = ids.len();
    let shares: Vec<f64> = if n == 4 {
        vec![0.5, 0.3, 0.15, 0.05]
    } else {
        let raw: Vec<f64> = (0..n).map(|k| 0.55f64.powi(k as i32)).collect();
        let total: f64 = raw.iter().sum();
        raw.iter().map(|r| r / total).collect()
    };
    let distance = |k: usize| {
        if n > 1 {
            k as f64 / (n - 1) as f64
        } else {
            0.0
        }
    };
    // The further from the customer, the more a layer shares the organization's misjudgement;
    // normalized so that all staff together show each aspect's national bias.
    let raw_scale = |k: usize| 0.7 + 0.8 * distance(k);
    let mean_scale: f64 = (0..n).map(|k| shares[k] * raw_scale(k)).sum();
    ids.iter()
        .enumerate()
        .map(|(k, id)| {
            let f = distance(k);
            LayerModel {
                id: id.to_string(),
                distance: f,
                share: shares[k],
                bias_scale: raw_scale(k) / mean_scale,
                noise_sd: 0.12 + 0.3 * f + 0.4 * f * f,
                optimism: 0.5 * f * f,
                leader_weight: (1.2 * f).min(1.0),
                contact_prob: if k == 0 {
                    1.0
                } else if k + 1 == n {
                    0.12
                } else {
                    0.35 + 0.15 * (k - 1) as f64
                },
            }
        })
        .collect()
}

/// One wave's plan: when, and what the customers' overall grade should be.
#[derive(Debug, Clone)]
struct WavePlan {
    index: usize,
    quarter: Quarter,
    days: Vec<Date>,
    /// Customers' mean overall grade (the data are calibrated to it).
    grade: f64,
    /// What staff believe the grade is (they miss a sudden decline).
    staff_grade: f64,
    /// Shift of all aspect means relative to the base.
    shift: f64,
    /// The planted last-wave breakdown of functional aspects.
    shocked: bool,
    last: bool,
}

/// A frontline employee in the interaction and mood logs (a pseudonym, not a respondent id:
/// the survey is anonymous).
#[derive(Debug, Clone)]
struct Member {
    pseudonym: String,
    department: usize,
    mood_offset: f64,
    optimism: f64,
}

/// An organization with everything drawn at organization level.
struct Org<'a> {
    index: usize,
    profile: OrgProfile,
    aspects: &'a [AspectProfile],
    layers: &'a [LayerModel],
    opts: &'a GenerateOptions,
    /// Organization-specific shift of each aspect's customer mean.
    aspect_offset: Vec<f64>,
    /// Customers' importance per aspect.
    importance: Vec<f64>,
    /// `[department][aspect]` shift of the customer mean.
    department_offset: Vec<Vec<f64>>,
    /// Normalized weights of the aspects in the overall grade.
    weights: Vec<f64>,
    roster: Vec<Member>,
    roster_active: usize,
    roster_turnover: usize,
    waves: Vec<WavePlan>,
}

impl<'a> Org<'a> {
    fn new(
        index: usize,
        profile: OrgProfile,
        aspects: &'a [AspectProfile],
        layers: &'a [LayerModel],
        opts: &'a GenerateOptions,
    ) -> Org<'a> {
        let mut rng = Rng::derived(&[opts.seed, index as u64, stream::NO_WAVE, stream::ORG_DETAIL]);
        let aspect_offset: Vec<f64> = aspects.iter().map(|_| rng.normal(0.0, 0.22)).collect();
        let importance: Vec<f64> = aspects
            .iter()
            .map(|a| a.importance + rng.normal(0.0, 0.1))
            .collect();
        let department_offset: Vec<Vec<f64>> = profile
            .departments
            .iter()
            .map(|d| {
                aspects
                    .iter()
                    .map(|a| {
                        let planted: f64 = profile
                            .department_flavour
                            .iter()
                            .filter(|(dep, asp, _)| *dep == d.id && *asp == a.id)
                            .map(|(_, _, delta)| delta)
                            .sum();
                        let shift = planted + rng.normal(0.0, 0.2);
                        // Nothing going on: departments do not differ.
                        if profile.scenario == Scenario::Realistic {
                            shift
                        } else {
                            0.0
                        }
                    })
                    .collect()
            })
            .collect();
        let total_weight: f64 = aspects.iter().map(|a| a.weight).sum();
        let weights = aspects
            .iter()
            .map(|a| a.weight / total_weight.max(f64::MIN_POSITIVE))
            .collect();

        // Staff with daily customer contact, with some turnover between waves.
        let size = profile.size;
        let roster_active = ((opts.employees_per_wave as f64 * size * 0.5).round() as usize).max(4);
        let roster_turnover = (roster_active / 12).max(1);
        let contact_weights: Vec<f64> = profile
            .departments
            .iter()
            .enumerate()
            .map(|(i, d)| {
                if profile.small_department == Some(i) {
                    d.contact_weight * 0.3
                } else {
                    d.contact_weight
                }
            })
            .collect();
        let pool = roster_active + roster_turnover * (opts.waves - 1);
        let mut seen = BTreeSet::new();
        let roster = (0..pool)
            .map(|j| {
                let department = rng.weighted(&contact_weights);
                Member {
                    pseudonym: pseudonym(&profile.id, j, &mut seen),
                    department,
                    mood_offset: rng.normal(0.0, 0.08),
                    optimism: rng.normal(0.0, 0.3),
                }
            })
            .collect();

        let waves = plan_waves(&profile, opts, &mut rng);
        Org {
            index,
            profile,
            aspects,
            layers,
            opts,
            aspect_offset,
            importance,
            department_offset,
            weights,
            roster,
            roster_active,
            roster_turnover,
            waves,
        }
    }

    fn rng(&self, wave: usize, purpose: u64) -> Rng {
        Rng::derived(&[self.opts.seed, self.index as u64, wave as u64, purpose])
    }

    fn write(&self, q: &Questionnaire, report: &mut GenerateReport, out: &Path) -> Result<()> {
        let dir = out.join(&self.profile.id);
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        write_text(&dir.join("org.yaml"), &self.org_yaml())?;
        report.files += 1;
        for wave in &self.waves {
            let wdir = dir.join(wave.quarter.id());
            fs::create_dir_all(&wdir).with_context(|| format!("creating {}", wdir.display()))?;
            write_text(&wdir.join("wave.yaml"), &self.wave_yaml(wave))?;
            report.files += 1;
            report.rows += self.write_customers(q, wave, &wdir.join("customers.csv"))?;
            report.rows += self.write_employees(q, wave, &wdir.join("employees.csv"))?;
            report.rows += self.write_interactions(wave, &wdir.join("interactions.csv"))?;
            report.rows += self.write_mood(wave, &wdir.join("mood.csv"))?;
            report.rows += self.write_complaints(wave, &wdir.join("complaints.csv"))?;
            report.files += 5;
        }
        Ok(())
    }

    fn org_yaml(&self) -> String {
        let p = &self.profile;
        let mut s = format!(
            "# Synthetic data written by `spiegel generate` (seed {}). Not real survey data.\n\
             name: {}\nlanguage: {}\naccount_manager: {}\ndepartments:\n",
            self.opts.seed,
            yaml_quote(&p.name),
            p.language,
            yaml_quote(p.account_manager)
        );
        for d in &p.departments {
            s.push_str(&format!(
                "  - id: {}\n    name: {}\n",
                d.id,
                yaml_quote(&d.name)
            ));
        }
        s
    }

    fn wave_yaml(&self, wave: &WavePlan) -> String {
        let (start, end) = match (wave.days.first(), wave.days.last()) {
            (Some(s), Some(e)) => (*s, *e),
            _ => (wave.quarter.first_day(), wave.quarter.last_day()),
        };
        format!(
            "label: {}\nfieldwork: {{ start: {start}, end: {end} }}\n",
            yaml_quote(&wave.quarter.label(self.profile.language))
        )
    }

    /// Customers' mean score per aspect in this wave (before department shifts).
    fn customer_mean(&self, wave: &WavePlan, a: usize) -> f64 {
        let aspect = &self.aspects[a];
        let shock = if wave.shocked { aspect.shock } else { 0.0 };
        aspect.mean + self.aspect_offset[a] + wave.shift + shock
    }

    /// What staff believe the customers' mean is: they do not see a sudden breakdown.
    fn perceived_mean(&self, wave: &WavePlan, a: usize) -> f64 {
        self.aspects[a].mean + self.aspect_offset[a] + wave.shift
    }

    fn count(&self, mean: usize, rng: &mut Rng) -> usize {
        (mean as f64 * self.profile.size * rng.range(0.92, 1.08)).round() as usize
    }

    fn write_customers(&self, q: &Questionnaire, wave: &WavePlan, path: &Path) -> Result<u64> {
        let mut rng = self.rng(wave.index, stream::CUSTOMERS);
        let p = &self.profile;
        let n = self.count(self.opts.customers_per_wave, &mut rng);
        let dept_weights: Vec<f64> = p.departments.iter().map(|d| d.customer_weight).collect();
        // Nothing going on: the complainants' verdict is the profile's, whatever their mood.
        let calm = p.scenario != Scenario::Realistic;
        let means: Vec<f64> = (0..self.aspects.len())
            .map(|a| self.customer_mean(wave, a))
            .collect();

        let mut rows: Vec<CustomerRow> = Vec::with_capacity(n);
        for _ in 0..n {
            let department = if rng.chance(0.03) {
                None
            } else {
                Some(rng.weighted(&dept_weights))
            };
            // One latent satisfaction drives all answers (halo), each aspect adds its own part.
            let z = rng.normal(0.0, 1.0);
            let mut deviation = 0.0;
            let mut scores = Vec::with_capacity(self.aspects.len());
            let mut relative = Vec::with_capacity(self.aspects.len());
            for (a, mean) in means.iter().enumerate() {
                let shift = department.map_or(0.0, |d| self.department_offset[d][a]);
                let latent = mean + shift + 0.7 * z + rng.normal(0.0, 1.3);
                deviation += self.weights[a] * (latent - mean);
                let score = grade(latent);
                relative.push(score - mean);
                scores.push(if rng.chance(0.03) { None } else { Some(score) });
            }
            let overall_latent = if self.aspects.is_empty() {
                wave.grade + 0.9 * z + rng.normal(0.0, 0.5)
            } else {
                wave.grade + deviation + rng.normal(0.0, 0.55)
            };
            // A few respondents type a half grade such as 7.5.
            let overall = if rng.chance(0.01) {
                ((overall_latent * 2.0).round() / 2.0).clamp(1.0, 10.0)
            } else {
                grade(overall_latent)
            };
            let overall = if rng.chance(0.02) {
                None
            } else {
                Some(overall)
            };
            let imps = self
                .importance
                .iter()
                .map(|m| {
                    if rng.chance(0.03) {
                        None
                    } else {
                        Some(scale5(m + rng.normal(0.0, 0.8)))
                    }
                })
                .collect();
            // Unhappy customers complain more; the mean rate stays at the profile's rate.
            let p_complaint = p.complaint_rate * (1.0 - 0.5 * z.clamp(-1.9, 1.9));
            let complaint = rng.chance(p_complaint);
            let handling = if complaint {
                let resolved = rng.chance(p.resolve_rate);
                let repeat = rng.chance(p.repeat_rate);
                let score = p.complaint_score
                    + 1.1 * (f64::from(u8::from(resolved)) - p.resolve_rate)
                    - 0.9 * (f64::from(u8::from(repeat)) - p.repeat_rate)
                    + if calm { 0.0 } else { 0.4 * z }
                    + rng.normal(0.0, 1.5);
                let score = if rng.chance(0.03) {
                    None
                } else {
                    Some(grade(score))
                };
                Some((resolved, score, repeat))
            } else {
                None
            };
            let worst = argmin(&relative, &scores, false);
            let best = argmin(&relative, &scores, true);
            rows.push(CustomerRow {
                department,
                overall,
                overall_latent,
                scores,
                imps,
                handling,
                worst,
                best,
            });
        }
        calibrate_overall(&mut rows, wave.grade, &mut rng);

        let mut w = csv_writer(path)?;
        w.write_record(customer_header(q.aspects))
            .with_context(|| format!("writing {}", path.display()))?;
        for (i, row) in rows.iter().enumerate() {
            let comment_p = match row.overall {
                Some(o) if o < 6.0 => 0.55,
                _ => 0.36,
            };
            let comment = if rng.chance(comment_p) {
                let overall = row.overall.unwrap_or(wave.grade);
                text::customer_comment(
                    &mut rng,
                    p.sector,
                    overall,
                    row.worst.map(|a| self.aspects[a].id.as_str()),
                    row.best.map(|a| self.aspects[a].id.as_str()),
                )
            } else {
                String::new()
            };
            let mut rec: Vec<String> = Vec::with_capacity(8 + 2 * self.aspects.len());
            rec.push(format!("K{:04}", i + 1));
            rec.push(
                row.department
                    .map_or(String::new(), |d| p.departments[d].id.clone()),
            );
            rec.push(cell(row.overall));
            rec.extend(row.scores.iter().map(|s| cell(*s)));
            rec.extend(
                row.imps
                    .iter()
                    .map(|v| v.map_or(String::new(), |v| v.to_string())),
            );
            match &row.handling {
                Some((resolved, score, repeat)) => {
                    rec.push("1".into());
                    rec.push(bool01(*resolved));
                    rec.push(cell(*score));
                    rec.push(bool01(*repeat));
                }
                None => {
                    rec.push("0".into());
                    rec.extend([String::new(), String::new(), String::new()]);
                }
            }
            rec.push(comment);
            w.write_record(&rec)
                .with_context(|| format!("writing {}", path.display()))?;
        }
        w.flush()
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(rows.len() as u64)
    }

    fn write_employees(&self, q: &Questionnaire, wave: &WavePlan, path: &Path) -> Result<u64> {
        let p = &self.profile;
        // Per-wave view of each layer: its misjudgement per aspect and of the importance.
        let mut wrng = self.rng(wave.index, stream::WAVE);
        let layer_offset: Vec<Vec<f64>> = self
            .layers
            .iter()
            .map(|l| {
                self.aspects
                    .iter()
                    .map(|a| {
                        a.staff_bias * p.staff_bias_scale * l.bias_scale
                            + l.optimism
                            + wrng.normal(0.0, l.noise_sd)
                    })
                    .collect()
            })
            .collect();
        let layer_importance: Vec<Vec<f64>> = self
            .layers
            .iter()
            .map(|l| {
                self.aspects
                    .iter()
                    .enumerate()
                    .map(|(a, asp)| {
                        (1.0 - l.leader_weight) * self.importance[a]
                            + l.leader_weight * asp.leader_importance
                            + wrng.normal(0.0, 0.08 + 0.2 * l.distance)
                    })
                    .collect()
            })
            .collect();
        let layer_overall: Vec<f64> = self
            .layers
            .iter()
            .map(|l| 0.25 + 0.5 * l.distance + wrng.normal(0.0, 0.1 + 0.3 * l.distance))
            .collect();

        let mut rng = self.rng(wave.index, stream::EMPLOYEES);
        let n = self.count(self.opts.employees_per_wave, &mut rng);
        let layer_of = self.assign_layers(n, &mut rng);
        let dept_of = self.assign_departments(&layer_of, &mut rng);
        let perceived: Vec<f64> = (0..self.aspects.len())
            .map(|a| self.perceived_mean(wave, a))
            .collect();
        let base_enable = [3.5, 3.6, 3.4, 3.5, 3.7];
        let calm = p.scenario != Scenario::Realistic;

        let mut w = csv_writer(path)?;
        w.write_record(employee_header(q.aspects))
            .with_context(|| format!("writing {}", path.display()))?;
        for i in 0..n {
            let l = layer_of[i];
            let layer = &self.layers[l];
            let d = dept_of[i];
            let f = layer.distance;
            let contact = rng.chance(layer.contact_prob);
            let halo = rng.normal(0.0, 0.4);
            // Staff predict the typical customer, so their answers spread less than customers'.
            let individual_sd = 0.85 + 0.2 * f;
            let mut rec: Vec<String> = Vec::with_capacity(20 + 2 * self.aspects.len());
            rec.push(format!("M{:04}", i + 1));
            rec.push(p.departments[d].id.clone());
            rec.push(layer.id.clone());
            rec.push(bool01(contact));
            if calm {
                self.calm_prediction(wave, l, &mut rng, &mut rec);
            } else {
                let overall = wave.staff_grade + layer_overall[l] + halo + rng.normal(0.0, 0.9);
                rec.push(cell(maybe(&mut rng, 0.02, grade(overall))));
                for (a, mean) in perceived.iter().enumerate() {
                    let v = mean
                        + 0.5 * self.department_offset[d][a]
                        + layer_offset[l][a]
                        + halo
                        + rng.normal(0.0, individual_sd);
                    rec.push(cell(maybe(&mut rng, 0.02, grade(v))));
                }
                for imp in &layer_importance[l] {
                    let v = scale5(imp + rng.normal(0.0, 0.7));
                    rec.push(maybe(&mut rng, 0.02, v).map_or(String::new(), |v| v.to_string()));
                }
            }
            // Orientation ladder: self > department > organization; leaders see the
            // organization rosier than the frontline does. Flat when nothing is going on.
            let [o_self, o_dept, o_org] = p.orientation;
            let lf = if calm { 0.0 } else { f };
            for v in [
                o_self + rng.normal(0.0, 0.6),
                o_dept + 0.2 * lf + rng.normal(0.0, 0.7),
                o_org + if calm { 0.0 } else { -0.15 } + 0.7 * lf + rng.normal(0.0, 0.8),
            ] {
                rec.push(scale5(v).to_string());
            }
            for (item, base) in base_enable.iter().enumerate() {
                let mut mean = base + 0.5 * lf;
                if item == p.weak_enabler && !calm {
                    mean = 2.5 + 0.4 * f - if l == 0 { 0.2 } else { 0.0 };
                }
                let v = scale5(mean + rng.normal(0.0, 0.8));
                rec.push(maybe(&mut rng, 0.02, v).map_or(String::new(), |v| v.to_string()));
            }
            // Staff predict the complainants' verdict; when nothing is going on, from the
            // complainants' own distribution.
            let cs = if calm {
                grade(p.complaint_score + rng.normal(0.0, 1.6))
            } else {
                grade(6.9 + 0.6 * f + rng.normal(0.0, 1.1))
            };
            rec.push(cell(maybe(&mut rng, 0.03, cs)));
            let leader = f >= 0.5 && self.layers.len() > 1;
            rec.push(if rng.chance(0.7) {
                text::frustration(&mut rng, p.sector, leader)
            } else {
                String::new()
            });
            let strategy_p = if contact { 0.65 * (1.0 - 0.5 * f) } else { 0.2 };
            rec.push(if rng.chance(strategy_p) {
                text::strategy(&mut rng, p.sector)
            } else {
                String::new()
            });
            w.write_record(&rec)
                .with_context(|| format!("writing {}", path.display()))?;
        }
        w.flush()
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(n as u64)
    }

    /// One employee's predicted overall grade, aspect scores and importance in a calibration
    /// scenario: drawn exactly as a customer's answers are (one latent satisfaction, the same
    /// means and spreads), plus the planted effect where it applies to layer `l`.
    fn calm_prediction(&self, wave: &WavePlan, l: usize, rng: &mut Rng, rec: &mut Vec<String>) {
        let k = self.layers.len();
        let planted = match self.profile.scenario {
            Scenario::Planted(e) => Some(e),
            _ => None,
        };
        let z = rng.normal(0.0, 1.0);
        let mut deviation = 0.0;
        let mut scores = Vec::with_capacity(self.aspects.len());
        for a in 0..self.aspects.len() {
            let mean = self.customer_mean(wave, a);
            let latent = mean + 0.7 * z + rng.normal(0.0, 1.3);
            deviation += self.weights[a] * (latent - mean);
            let effect = match planted {
                Some(Effect::BlindSpot) if a == 0 => profile::BLIND_SPOT_SHIFT,
                Some(Effect::HiddenStrength) if a == 1 => profile::HIDDEN_STRENGTH_SHIFT,
                Some(Effect::DistantBoard) if l + 1 == k && k > 1 => {
                    let sign = if a % 2 == 0 { 1.0 } else { -1.0 };
                    sign * profile::DISTANT_BOARD_SHIFT
                }
                _ => 0.0,
            };
            scores.push(grade(latent + effect));
        }
        let overall = if self.aspects.is_empty() {
            wave.grade + 0.9 * z + rng.normal(0.0, 0.5)
        } else {
            wave.grade + deviation + rng.normal(0.0, 0.55)
        };
        rec.push(cell(maybe(rng, 0.02, grade(overall))));
        for score in scores {
            rec.push(cell(maybe(rng, 0.02, score)));
        }
        let last = self.aspects.len().saturating_sub(1);
        for (a, m) in self.importance.iter().enumerate() {
            let leader = k >= 3 && l + 2 >= k;
            let effect = match planted {
                Some(Effect::LeadershipImportance) if a == last && leader => {
                    profile::LEADERSHIP_IMPORTANCE_SHIFT
                }
                _ => 0.0,
            };
            let v = scale5(m + effect + rng.normal(0.0, 0.8));
            rec.push(maybe(rng, 0.02, v).map_or(String::new(), |v| v.to_string()));
        }
    }

    /// Layer of each respondent: shares by largest remainder, the board minimum enforced,
    /// then shuffled.
    fn assign_layers(&self, n: usize, rng: &mut Rng) -> Vec<usize> {
        let k = self.layers.len();
        let exact: Vec<f64> = self.layers.iter().map(|l| l.share * n as f64).collect();
        let mut counts: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|a, b| {
            let ra = exact[*a] - exact[*a].floor();
            let rb = exact[*b] - exact[*b].floor();
            rb.total_cmp(&ra).then(a.cmp(b))
        });
        let mut missing = n.saturating_sub(counts.iter().sum());
        for i in order.iter().cycle().take(k * 2) {
            if missing == 0 {
                break;
            }
            counts[*i] += 1;
            missing -= 1;
        }
        let board_min = self.profile.board_min;
        if k >= 2 && counts[k - 1] < board_min && n >= board_min * 3 {
            let extra = board_min - counts[k - 1];
            let take = extra.min(counts[0]);
            counts[0] -= take;
            counts[k - 1] += take;
        }
        let mut layer_of: Vec<usize> = counts
            .iter()
            .enumerate()
            .flat_map(|(l, c)| std::iter::repeat_n(l, *c))
            .collect();
        rng.shuffle(&mut layer_of);
        layer_of
    }

    /// Department of each respondent; the profile's small department gets exactly four
    /// (frontline or back office) respondents so that anonymity suppression has work to do.
    fn assign_departments(&self, layer_of: &[usize], rng: &mut Rng) -> Vec<usize> {
        let deps = &self.profile.departments;
        let small = self.profile.small_department.filter(|_| deps.len() >= 2);
        let mut weights: Vec<f64> = deps.iter().map(|d| d.staff_weight).collect();
        if let Some(s) = small {
            weights[s] = 0.0;
        }
        let mut in_small = vec![false; layer_of.len()];
        if small.is_some() {
            let mut eligible: Vec<usize> =
                (0..layer_of.len()).filter(|i| layer_of[*i] < 2).collect();
            rng.shuffle(&mut eligible);
            for i in eligible.into_iter().take(4) {
                in_small[i] = true;
            }
        }
        in_small
            .iter()
            .map(|small_member| match small {
                Some(s) if *small_member => s,
                _ => rng.weighted(&weights),
            })
            .collect()
    }

    fn active_roster(&self, wave: &WavePlan) -> &[Member] {
        let start = wave.index * self.roster_turnover;
        let end = (start + self.roster_active).min(self.roster.len());
        &self.roster[start.min(end)..end]
    }

    fn write_interactions(&self, wave: &WavePlan, path: &Path) -> Result<u64> {
        let mut rng = self.rng(wave.index, stream::INTERACTIONS);
        let p = &self.profile;
        let n = self.count(self.opts.interactions_per_wave, &mut rng);
        let members = self.active_roster(wave);
        let mut w = csv_writer(path)?;
        w.write_record(schema::header(FileKind::Interactions, &[]))
            .with_context(|| format!("writing {}", path.display()))?;
        if members.is_empty() || wave.days.is_empty() {
            w.flush()
                .with_context(|| format!("writing {}", path.display()))?;
            return Ok(0);
        }
        let dept_shift: Vec<f64> = self
            .department_offset
            .iter()
            .map(|offsets| offsets.iter().zip(&self.weights).map(|(o, w)| o * w).sum())
            .collect();
        let mut records: Vec<(usize, [String; 6])> = Vec::with_capacity(n);
        for _ in 0..n {
            let day = rng.below(wave.days.len());
            let m = &members[rng.below(members.len())];
            let channel = CHANNELS[rng.weighted(&p.channels)];
            // The customer's satisfaction right after the contact.
            let s = rng.normal(wave.grade + 0.2 + dept_shift[m.department], 1.7);
            // Employees read happy customers well but miss many unhappy ones (seed 003).
            let estimate = if p.scenario != Scenario::Realistic {
                s + rng.normal(0.0, 0.6)
            } else if s >= 5.5 {
                s + 0.5 + m.optimism + rng.normal(0.0, 0.9)
            } else {
                6.0 + 0.35 * (s - 5.5) + m.optimism + rng.normal(0.0, 1.2)
            };
            let responds = rng.chance(if s < 4.5 { 0.55 } else { 0.43 });
            records.push((
                day,
                [
                    wave.days[day].to_string(),
                    p.departments[m.department].id.clone(),
                    m.pseudonym.clone(),
                    channel.to_string(),
                    cell(Some(grade(estimate))),
                    if responds {
                        cell(Some(grade(s)))
                    } else {
                        String::new()
                    },
                ],
            ));
        }
        records.sort_by_key(|(day, _)| *day); // stable: ties keep their random order
        let compact = wave.quarter.id().replace('-', "");
        for (i, (_, fields)) in records.iter().enumerate() {
            let id = format!("I-{compact}-{:05}", i + 1);
            w.write_record(std::iter::once(id.as_str()).chain(fields.iter().map(String::as_str)))
                .with_context(|| format!("writing {}", path.display()))?;
        }
        w.flush()
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(records.len() as u64)
    }

    fn write_mood(&self, wave: &WavePlan, path: &Path) -> Result<u64> {
        let mut rng = self.rng(wave.index, stream::MOOD);
        let p = &self.profile;
        let mut members: Vec<&Member> = self.active_roster(wave).iter().collect();
        members.sort_by(|a, b| {
            a.department
                .cmp(&b.department)
                .then_with(|| a.pseudonym.cmp(&b.pseudonym))
        });
        let dept_mood: Vec<f64> = p
            .departments
            .iter()
            .map(|_| rng.normal(0.0, 0.04))
            .collect();
        let decline_from = wave.days.len().saturating_sub(10);
        let mut w = csv_writer(path)?;
        w.write_record(schema::header(FileKind::Mood, &[]))
            .with_context(|| format!("writing {}", path.display()))?;
        let mut rows = 0u64;
        for (di, day) in wave.days.iter().enumerate() {
            let weekday_effect = match day.weekday() {
                0 => -0.04,
                4 => 0.04,
                _ => 0.0,
            };
            let decline = if p.mood_decline && wave.last && di >= decline_from {
                0.25
            } else {
                0.0
            };
            for m in &members {
                if !rng.chance(0.88) {
                    continue; // part-time, leave, training
                }
                let happy_p =
                    (p.mood_base + m.mood_offset + dept_mood[m.department] + weekday_effect
                        - decline)
                        .clamp(0.05, 0.97);
                let mood = rng.chance(happy_p);
                w.write_record([
                    day.to_string().as_str(),
                    p.departments[m.department].id.as_str(),
                    m.pseudonym.as_str(),
                    if mood { "1" } else { "0" },
                ])
                .with_context(|| format!("writing {}", path.display()))?;
                rows += 1;
            }
        }
        w.flush()
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(rows)
    }

    fn write_complaints(&self, wave: &WavePlan, path: &Path) -> Result<u64> {
        let mut rng = self.rng(wave.index, stream::COMPLAINTS);
        let p = &self.profile;
        let categories = profile::complaint_categories(p.sector);
        let cat_weights: Vec<f64> = categories.iter().map(|c| c.1).collect();
        let dept_weights: Vec<f64> = p.departments.iter().map(|d| d.customer_weight).collect();
        let mean = self.opts.customers_per_wave as f64 * p.complaint_rate * 1.6;
        let n = (mean * p.size * rng.range(0.85, 1.15)).round() as usize;
        let mut w = csv_writer(path)?;
        w.write_record(schema::header(FileKind::Complaints, &[]))
            .with_context(|| format!("writing {}", path.display()))?;
        let (Some(first), Some(end)) = (wave.days.first().copied(), wave.days.last().copied())
        else {
            w.flush()
                .with_context(|| format!("writing {}", path.display()))?;
            return Ok(0);
        };
        let mut received: Vec<usize> = (0..n).map(|_| rng.below(wave.days.len())).collect();
        received.sort_unstable();
        let compact = wave.quarter.id().replace('-', "");
        // Exactly the profile's share of repeats (every complaint but the first can be one):
        // with ~50 complaints a coin flip per complaint would blur which organization does not
        // learn from its complaints.
        let mut is_repeat = vec![false; n];
        let mut later: Vec<usize> = (1..n).collect();
        rng.shuffle(&mut later);
        let repeats = (later.len() as f64 * p.repeat_rate).round() as usize;
        for i in later.into_iter().take(repeats) {
            is_repeat[i] = true;
        }
        // (category, department) per complaint, so repeats can copy their original's.
        let mut kinds: Vec<(usize, usize)> = Vec::with_capacity(n);
        for (i, day) in received.iter().enumerate() {
            let date = wave.days[*day];
            let repeat_of = if is_repeat[i] {
                // Same problem again: an earlier complaint, received before this one.
                let earlier = received.partition_point(|d| d < day).max(1);
                Some(rng.below(earlier.min(i)))
            } else {
                None
            };
            let (category, department) = match repeat_of {
                Some(j) => kinds[j],
                None => {
                    let c = rng.weighted(&cat_weights);
                    let preferred = categories[c]
                        .2
                        .and_then(|id| p.departments.iter().position(|d| d.id == id));
                    let d = match preferred {
                        Some(d) if rng.chance(0.75) => d,
                        _ => rng.weighted(&dept_weights),
                    };
                    (c, d)
                }
            };
            kinds.push((category, department));
            // Days to resolve: most within two weeks, a long tail; open when not resolved by
            // the end of the fieldwork (the log is a snapshot) or stuck.
            let days = if rng.chance(0.1) {
                3.0 + rng.exponential(20.0)
            } else {
                1.0 + rng.exponential(4.0)
            };
            let resolved = date.add_days(days.round() as i64).on_or_next_working_day();
            let stuck = rng.chance(0.04);
            let resolved = if stuck || resolved > end || resolved < first {
                String::new()
            } else {
                resolved.to_string()
            };
            w.write_record([
                format!("KL-{compact}-{:04}", i + 1),
                p.departments[department].id.clone(),
                categories[category].0.to_string(),
                date.to_string(),
                resolved,
                repeat_of.map_or(String::new(), |j| format!("KL-{compact}-{:04}", j + 1)),
            ])
            .with_context(|| format!("writing {}", path.display()))?;
        }
        w.flush()
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(n as u64)
    }
}

struct CustomerRow {
    department: Option<usize>,
    overall: Option<f64>,
    overall_latent: f64,
    scores: Vec<Option<f64>>,
    imps: Vec<Option<u8>>,
    /// (resolved, score, repeat) for complainants.
    handling: Option<(bool, Option<f64>, bool)>,
    worst: Option<usize>,
    best: Option<usize>,
}

/// Index of the smallest (or, with `largest`, the largest) `relative` value among answered
/// aspects.
fn argmin(relative: &[f64], scores: &[Option<f64>], largest: bool) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, (r, s)) in relative.iter().zip(scores).enumerate() {
        if s.is_none() {
            continue;
        }
        let key = if largest { -r } else { *r };
        if best.is_none_or(|(_, k)| key < k) {
            best = Some((i, key));
        }
    }
    best.map(|(i, _)| i)
}

/// Moves the rounded overall grades so their mean hits `target` (within half a step per
/// respondent). Sampling noise at n≈200 would otherwise blur the planted trend (a
/// "stagnating" organization must move less than 0.1 over three waves). The grades whose
/// rounding was closest to going the other way are moved first, so the link with the aspect
/// scores is kept.
fn calibrate_overall(rows: &mut [CustomerRow], target: f64, rng: &mut Rng) {
    let answered: Vec<usize> = (0..rows.len())
        .filter(|i| rows[*i].overall.is_some())
        .collect();
    let n = answered.len();
    if n < 20 {
        return;
    }
    let sum: f64 = answered.iter().filter_map(|i| rows[*i].overall).sum();
    let tolerance = 0.5 / n as f64;
    let mut gap = sum - target * n as f64; // in grade points over all respondents
    for _round in 0..3 {
        if gap.abs() <= tolerance * n as f64 {
            return;
        }
        let down = gap > 0.0;
        let mut candidates: Vec<usize> = answered
            .iter()
            .copied()
            .filter(|i| {
                let v = rows[*i].overall.unwrap_or(0.0);
                if down {
                    v - 1.0 >= 1.0
                } else {
                    v + 1.0 <= 10.0
                }
            })
            .collect();
        // Shuffle first so ties do not always hit the same respondents, then order by how
        // far the rounding went against the needed direction.
        rng.shuffle(&mut candidates);
        candidates.sort_by(|a, b| {
            let ra = rows[*a].overall.unwrap_or(0.0) - rows[*a].overall_latent;
            let rb = rows[*b].overall.unwrap_or(0.0) - rows[*b].overall_latent;
            if down {
                rb.total_cmp(&ra)
            } else {
                ra.total_cmp(&rb)
            }
        });
        for i in candidates {
            if gap.abs() <= 0.5 {
                return;
            }
            if let Some(v) = rows[i].overall.as_mut() {
                if down {
                    *v -= 1.0;
                    gap -= 1.0;
                } else {
                    *v += 1.0;
                    gap += 1.0;
                }
            }
        }
    }
}

fn plan_waves(profile: &OrgProfile, opts: &GenerateOptions, rng: &mut Rng) -> Vec<WavePlan> {
    let n = opts.waves;
    let base = profile.base_grade;
    (0..n)
        .map(|index| {
            let quarter = LAST_QUARTER.minus(n - 1 - index);
            let days = calendar::fieldwork(quarter, profile.fieldwork_offset_weeks, opts.mood_days);
            let k = n - 1 - index; // waves before the last
            let wobble = rng.normal(0.0, 0.08);
            let calm = profile.scenario != Scenario::Realistic;
            let decline = profile.scenario == Scenario::Planted(Effect::BroadDecline);
            let (grade, shocked) = match profile.trend {
                _ if decline && k == 0 => (base + profile::BROAD_DECLINE_SHIFT, false),
                _ if calm => (base, false),
                Trend::Improving => (base - 0.3 * k as f64, false),
                Trend::Stagnating => {
                    // Rose until three waves ago, then stuck: the seed-001 pattern.
                    let flat = [0.0, 0.03, -0.02][k.min(2)];
                    (base - 0.25 * k.saturating_sub(2) as f64 + flat, false)
                }
                Trend::DecliningLast if k == 0 => (base - 0.55, true),
                Trend::DecliningLast => (base + if k % 2 == 0 { 0.04 } else { -0.03 }, false),
                Trend::Stable => (base + wobble, false),
                Trend::Recovering if k == 1 => (base - 0.4, false),
                Trend::Recovering => (base + wobble * 0.5, false),
            };
            let shift = if shocked { 0.0 } else { grade - base };
            let staff_grade = if shocked { base } else { grade };
            WavePlan {
                index,
                quarter,
                days,
                grade,
                staff_grade,
                shift,
                shocked,
                last: k == 0,
            }
        })
        .collect()
}

/// A pseudonym like `mw-3fa9c1`, stable per organization and roster position.
fn pseudonym(org_id: &str, j: usize, seen: &mut BTreeSet<String>) -> String {
    let hash = blake3::hash(format!("{org_id}/{j}").as_bytes()).to_hex();
    let hex = hash.as_str();
    for start in (0..hex.len().saturating_sub(6)).step_by(6) {
        let candidate = format!("mw-{}", &hex[start..start + 6]);
        if seen.insert(candidate.clone()) {
            return candidate;
        }
    }
    let fallback = format!("mw-{j:06}");
    seen.insert(fallback.clone());
    fallback
}

/// A 1–10 grade from a latent value: rounded and clamped.
fn grade(x: f64) -> f64 {
    x.round().clamp(1.0, 10.0)
}

/// A 1–5 answer from a latent value.
fn scale5(x: f64) -> u8 {
    x.round().clamp(1.0, 5.0) as u8
}

/// `None` (a missing answer) with probability `p`.
fn maybe<T>(rng: &mut Rng, p: f64, v: T) -> Option<T> {
    if rng.chance(p) { None } else { Some(v) }
}

/// A score cell: empty when missing, an integer when whole, else one decimal.
fn cell(v: Option<f64>) -> String {
    match v {
        None => String::new(),
        Some(x) if x.fract() == 0.0 => format!("{}", x as i64),
        Some(x) => format!("{x:.1}"),
    }
}

fn bool01(b: bool) -> String {
    if b { "1" } else { "0" }.to_string()
}

fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write_text(path: &Path, content: &str) -> Result<()> {
    fs::write(path, content).with_context(|| format!("writing {}", path.display()))
}

fn csv_writer(path: &Path) -> Result<csv::Writer<BufWriter<File>>> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(BufWriter::new(file)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    const ASPECTS: &[&str] = &[
        "afspraken_nakomen",
        "inleving",
        "openheid_kritiek",
        "proactiviteit",
        "vriendelijkheid",
        "deskundigheid",
        "bereikbaarheid",
        "wachttijd",
        "duidelijke_informatie",
        "privacy",
    ];
    const LAYERS: &[&str] = &["frontline", "backoffice", "management", "board"];

    fn questionnaire() -> Questionnaire<'static> {
        Questionnaire {
            aspects: ASPECTS,
            layers: LAYERS,
        }
    }

    fn small(orgs: usize) -> GenerateOptions {
        GenerateOptions {
            orgs,
            waves: 2,
            seed: 7,
            customers_per_wave: 40,
            employees_per_wave: 20,
            interactions_per_wave: 30,
            mood_days: 5,
            scenario: Scenario::Realistic,
        }
    }

    /// All files under `dir`, relative path → bytes.
    fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else {
                    let rel = path.strip_prefix(root).unwrap().to_path_buf();
                    out.insert(rel, fs::read(&path).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(dir, dir, &mut out);
        out
    }

    #[test]
    fn same_seed_gives_identical_bytes() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let ra = generate(&questionnaire(), &small(4), a.path()).unwrap();
        generate(&questionnaire(), &small(4), b.path()).unwrap();
        let (sa, sb) = (snapshot(a.path()), snapshot(b.path()));
        assert_eq!(sa.len(), ra.files);
        assert_eq!(ra.files, 4 * (1 + 2 * 6));
        assert!(sa == sb, "two runs with seed 7 differ");

        let c = tempfile::tempdir().unwrap();
        let other = GenerateOptions {
            seed: 8,
            ..small(4)
        };
        generate(&questionnaire(), &other, c.path()).unwrap();
        assert!(
            snapshot(c.path()) != sa,
            "seed 8 gave the same data as seed 7"
        );
    }

    #[test]
    fn more_organizations_extend_fewer_without_changing_them() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        generate(&questionnaire(), &small(2), a.path()).unwrap();
        generate(&questionnaire(), &small(5), b.path()).unwrap();
        let (few, many) = (snapshot(a.path()), snapshot(b.path()));
        for (path, bytes) in &few {
            assert_eq!(many.get(path), Some(bytes), "{} changed", path.display());
        }
        assert!(many.len() > few.len());
    }

    #[test]
    fn csv_headers_match_the_canonical_format() {
        let dir = tempfile::tempdir().unwrap();
        let q = Questionnaire {
            aspects: &["afspraken_nakomen", "inleving"],
            layers: LAYERS,
        };
        generate(&q, &small(1), dir.path()).unwrap();
        let wave = dir.path().join("woonstichting-de-linie").join("2026-Q3");
        let header = |file: &str| {
            let text = fs::read_to_string(wave.join(file)).unwrap();
            text.lines().next().unwrap().to_string()
        };
        assert_eq!(
            header("customers.csv"),
            "respondent_id,department,overall,afspraken_nakomen,inleving,\
             imp_afspraken_nakomen,imp_inleving,complaint,complaint_resolved,complaint_score,\
             complaint_repeat,comment"
        );
        assert_eq!(
            header("employees.csv"),
            "respondent_id,department,layer,customer_contact,overall,afspraken_nakomen,inleving,\
             imp_afspraken_nakomen,imp_inleving,self_orientation,department_orientation,\
             organization_orientation,enable_tools,enable_training,enable_processes,\
             enable_information,enable_support,complaint_score,frustrations,strategies"
        );
        assert_eq!(
            header("interactions.csv"),
            "interaction_id,date,department,employee_id,channel,employee_rating,customer_rating"
        );
        assert_eq!(header("mood.csv"), "date,department,employee_id,mood");
        assert_eq!(
            header("complaints.csv"),
            "complaint_id,department,category,received,resolved,repeat_of"
        );
        let wave_yaml = fs::read_to_string(wave.join("wave.yaml")).unwrap();
        assert!(wave_yaml.starts_with("label: \"Najaar 2026\"\nfieldwork: { start: 2026-09-"));
        assert!(dir.path().join("woonstichting-de-linie/2026-Q2").is_dir());
    }

    /// Mean of a numeric column over non-empty cells.
    fn column_mean(path: &Path, column: &str) -> (f64, usize) {
        let mut reader = csv::Reader::from_path(path).unwrap();
        let idx = reader
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == column)
            .unwrap();
        let values: Vec<f64> = reader
            .records()
            .filter_map(|r| r.unwrap().get(idx).and_then(|v| v.parse().ok()))
            .collect();
        (
            values.iter().sum::<f64>() / values.len() as f64,
            values.len(),
        )
    }

    #[test]
    fn staff_overestimate_keeping_appointments_and_underestimate_empathy() {
        let dir = tempfile::tempdir().unwrap();
        let opts = GenerateOptions {
            orgs: 3,
            waves: 1,
            ..GenerateOptions::default()
        };
        generate(&questionnaire(), &opts, dir.path()).unwrap();
        for org in [
            "woonstichting-de-linie",
            "gemeente-zuiderveen",
            "zorgverzekeraar-anker",
        ] {
            let wave = dir.path().join(org).join("2026-Q3");
            let gap = |aspect: &str| {
                let (staff, ns) = column_mean(&wave.join("employees.csv"), aspect);
                let (customers, nc) = column_mean(&wave.join("customers.csv"), aspect);
                assert!(ns >= 40 && nc >= 150, "{org}: too few answers");
                staff - customers
            };
            let blind_spot = gap("afspraken_nakomen");
            assert!(
                (0.8..=2.0).contains(&blind_spot),
                "{org}: afspraken_nakomen gap {blind_spot:.2}"
            );
            let hidden_strength = gap("inleving");
            assert!(
                hidden_strength < -0.4,
                "{org}: inleving gap {hidden_strength:.2}"
            );
        }
    }

    #[test]
    fn any_questionnaire_works_and_bad_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let q = Questionnaire {
            aspects: &["snelheid", "meedenken"],
            layers: &["balie", "staf"],
        };
        let report = generate(&q, &small(4), dir.path()).unwrap();
        assert_eq!(report.organizations, 4);
        let empty = Questionnaire {
            aspects: &[],
            layers: &["frontline"],
        };
        generate(&empty, &small(1), dir.path()).unwrap();

        let twice = Questionnaire {
            aspects: &["inleving", "inleving"],
            layers: LAYERS,
        };
        assert!(generate(&twice, &small(1), dir.path()).is_err());
        let clash = Questionnaire {
            aspects: &["comment"],
            layers: LAYERS,
        };
        assert!(generate(&clash, &small(1), dir.path()).is_err());
        let no_layers = Questionnaire {
            aspects: ASPECTS,
            layers: &[],
        };
        assert!(generate(&no_layers, &small(1), dir.path()).is_err());
        let no_waves = GenerateOptions {
            waves: 0,
            ..small(1)
        };
        assert!(generate(&questionnaire(), &no_waves, dir.path()).is_err());
    }
}
