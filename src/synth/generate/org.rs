//! An organization with everything drawn at organization level: how each layer sees the
//! customer, the staff roster of the interaction and mood logs, and the plan of its waves.
//! The writers per file kind (`customers`, `employees`, `logs`, `yaml`) add to [`Org`].

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use super::calendar::{self, LAST_QUARTER, Quarter};
use super::cells::write_text;
use super::profile::{self, AspectProfile, OrgProfile, Trend};
use super::rng::Rng;
use super::{Effect, GenerateOptions, GenerateReport, Questionnaire, Scenario, stream};
use crate::model::Date;

/// How one layer of the organization sees the customer.
#[derive(Debug, Clone)]
pub(super) struct LayerModel {
    pub(super) id: String,
    /// 0 for the layer closest to the customer, 1 for the furthest (board).
    pub(super) distance: f64,
    pub(super) share: f64,
    /// Multiplier on the aspect's national staff bias.
    pub(super) bias_scale: f64,
    /// SD of the layer's own misjudgement per aspect (per wave).
    pub(super) noise_sd: f64,
    /// Extra optimism on every aspect.
    pub(super) optimism: f64,
    /// Weight of the leadership view in the predicted importance.
    pub(super) leader_weight: f64,
    pub(super) contact_prob: f64,
}

pub(super) fn layer_models(ids: &[&str]) -> Vec<LayerModel> {
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
pub(super) struct WavePlan {
    pub(super) index: usize,
    pub(super) quarter: Quarter,
    pub(super) days: Vec<Date>,
    /// Customers' mean overall grade (the data are calibrated to it).
    pub(super) grade: f64,
    /// What staff believe the grade is (they miss a sudden decline).
    pub(super) staff_grade: f64,
    /// Shift of all aspect means relative to the base.
    pub(super) shift: f64,
    /// The planted last-wave breakdown of functional aspects.
    pub(super) shocked: bool,
    pub(super) last: bool,
}

/// A frontline employee in the interaction and mood logs (a pseudonym, not a respondent id:
/// the survey is anonymous).
#[derive(Debug, Clone)]
pub(super) struct Member {
    pub(super) pseudonym: String,
    pub(super) department: usize,
    pub(super) mood_offset: f64,
    pub(super) optimism: f64,
}

/// An organization with everything drawn at organization level.
pub(super) struct Org<'a> {
    pub(super) index: usize,
    pub(super) profile: OrgProfile,
    pub(super) aspects: &'a [AspectProfile],
    pub(super) layers: &'a [LayerModel],
    pub(super) opts: &'a GenerateOptions,
    /// Organization-specific shift of each aspect's customer mean.
    pub(super) aspect_offset: Vec<f64>,
    /// Customers' importance per aspect.
    pub(super) importance: Vec<f64>,
    /// `[department][aspect]` shift of the customer mean.
    pub(super) department_offset: Vec<Vec<f64>>,
    /// Normalized weights of the aspects in the overall grade.
    pub(super) weights: Vec<f64>,
    pub(super) roster: Vec<Member>,
    pub(super) roster_active: usize,
    pub(super) roster_turnover: usize,
    pub(super) waves: Vec<WavePlan>,
}
impl<'a> Org<'a> {
    pub(super) fn new(
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

    pub(super) fn rng(&self, wave: usize, purpose: u64) -> Rng {
        Rng::derived(&[self.opts.seed, self.index as u64, wave as u64, purpose])
    }

    pub(super) fn write(
        &self,
        q: &Questionnaire,
        report: &mut GenerateReport,
        out: &Path,
    ) -> Result<()> {
        let dir = out.join(&self.profile.id);
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        write_text(&dir.join("org.yaml"), &self.org_yaml()?)?;
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
    /// Customers' mean score per aspect in this wave (before department shifts).
    pub(super) fn customer_mean(&self, wave: &WavePlan, a: usize) -> f64 {
        let aspect = &self.aspects[a];
        let shock = if wave.shocked { aspect.shock } else { 0.0 };
        aspect.mean + self.aspect_offset[a] + wave.shift + shock
    }

    /// What staff believe the customers' mean is: they do not see a sudden breakdown.
    pub(super) fn perceived_mean(&self, wave: &WavePlan, a: usize) -> f64 {
        self.aspects[a].mean + self.aspect_offset[a] + wave.shift
    }

    pub(super) fn count(&self, mean: usize, rng: &mut Rng) -> usize {
        (mean as f64 * self.profile.size * rng.range(0.92, 1.08)).round() as usize
    }
    /// Layer of each respondent: shares by largest remainder, the board minimum enforced,
    /// then shuffled.
    pub(super) fn assign_layers(&self, n: usize, rng: &mut Rng) -> Vec<usize> {
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
    pub(super) fn assign_departments(&self, layer_of: &[usize], rng: &mut Rng) -> Vec<usize> {
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

    pub(super) fn active_roster(&self, wave: &WavePlan) -> &[Member] {
        let start = wave.index * self.roster_turnover;
        let end = (start + self.roster_active).min(self.roster.len());
        &self.roster[start.min(end)..end]
    }
}

pub(super) fn plan_waves(
    profile: &OrgProfile,
    opts: &GenerateOptions,
    rng: &mut Rng,
) -> Vec<WavePlan> {
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
                Trend::DecliningLast => {
                    (base + if k.is_multiple_of(2) { 0.04 } else { -0.03 }, false)
                }
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
pub(super) fn pseudonym(org_id: &str, j: usize, seen: &mut BTreeSet<String>) -> String {
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
