//! Who the generated organizations are and which effects are planted in their data.
//!
//! Three curated organizations fill the first three slots (the bundled sample); later slots get
//! synthetic Dutch organizations whose profile is drawn from their own sub-seed. Aspect effects
//! are keyed by aspect id, so any questionnaire works: unknown aspects get a neutral profile.

use std::collections::BTreeSet;

use super::rng::Rng;

mod curated;
mod names;
mod sectors;

use self::curated::curated;
use self::names::{ACCOUNT_MANAGERS, org_name, slug};
pub use self::sectors::complaint_categories;
use self::sectors::{channels, department, sector_departments};

/// Kinds of organization, each with its own departments, complaint categories and texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sector {
    Housing,
    Municipality,
    HealthInsurer,
    Energy,
    Pension,
}

const SECTORS: [Sector; 5] = [
    Sector::Housing,
    Sector::Municipality,
    Sector::HealthInsurer,
    Sector::Energy,
    Sector::Pension,
];

/// How the customers' overall grade develops over the waves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    /// +0.3 per wave.
    Improving,
    /// Rose earlier, flat over the last three waves.
    Stagnating,
    /// Flat, then a clear drop in the last wave (functional aspects break down).
    DecliningLast,
    /// Small wobble around the base.
    Stable,
    /// A dip one wave before the last, then back.
    Recovering,
}

/// What the generated data are for: the realistic sample with its mix of planted effects, or a
/// calibration scenario in which exactly one effect (or none) is planted, so that the reports'
/// conclusions can be checked against the truth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scenario {
    /// The curated and synthetic organizations of the sample, with every effect of the seed
    /// articles planted.
    #[default]
    Realistic,
    /// Nothing going on: every layer answers from the customers' distributions, nothing changes
    /// between waves, complaint handling scores the benchmark, no weak enabler, a flat
    /// orientation ladder, employees read interactions like customers, steady mood.
    Null,
    /// The null scenario with one planted effect.
    Planted(Effect),
}

/// An effect planted on top of the null scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// All staff predict the first aspect [`BLIND_SPOT_SHIFT`] points higher than customers.
    BlindSpot,
    /// All staff predict the second aspect [`HIDDEN_STRENGTH_SHIFT`] points lower.
    HiddenStrength,
    /// The layers from the second-to-last on (management and board) think the last aspect is
    /// [`LEADERSHIP_IMPORTANCE_SHIFT`] importance points more important to customers than it
    /// is.
    LeadershipImportance,
    /// The last layer (the board, 5–8 respondents) misjudges every aspect by
    /// [`DISTANT_BOARD_SHIFT`] points, alternately too high and too low.
    DistantBoard,
    /// In the last wave every aspect (and with them the overall grade) falls by
    /// [`BROAD_DECLINE_SHIFT`] points.
    BroadDecline,
}

impl Effect {
    /// Every effect, for calibration runs.
    pub const ALL: [Effect; 5] = [
        Effect::BlindSpot,
        Effect::HiddenStrength,
        Effect::LeadershipImportance,
        Effect::DistantBoard,
        Effect::BroadDecline,
    ];

    /// Identifier on the command line (`--scenario blind-spot`).
    pub fn id(self) -> &'static str {
        match self {
            Effect::BlindSpot => "blind-spot",
            Effect::HiddenStrength => "hidden-strength",
            Effect::LeadershipImportance => "leadership-importance",
            Effect::DistantBoard => "distant-board",
            Effect::BroadDecline => "broad-decline",
        }
    }
}

impl std::str::FromStr for Scenario {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "realistic" => Ok(Scenario::Realistic),
            "null" => Ok(Scenario::Null),
            _ => Effect::ALL
                .into_iter()
                .find(|e| e.id() == s)
                .map(Scenario::Planted)
                .ok_or_else(|| {
                    let planted: Vec<&str> = Effect::ALL.iter().map(|e| e.id()).collect();
                    format!(
                        "unknown scenario {s:?}; use realistic, null or one of {}",
                        planted.join(", ")
                    )
                }),
        }
    }
}

/// Planted effect sizes of the calibration scenarios, about those of the realistic sample:
/// its blind spot (`afspraken_nakomen`) measures about +1.2, leadership's view of privacy's
/// importance is 1.8 above the customers', its board misjudges aspects by about 1.2–1.5.
pub const BLIND_SPOT_SHIFT: f64 = 1.2;
pub const HIDDEN_STRENGTH_SHIFT: f64 = -1.2;
pub const LEADERSHIP_IMPORTANCE_SHIFT: f64 = 1.5;
pub const DISTANT_BOARD_SHIFT: f64 = 1.5;
pub const BROAD_DECLINE_SHIFT: f64 = -0.6;

/// Enablement items in column order.
pub const ENABLEMENT: [&str; 5] = crate::model::ENABLEMENT_ITEMS;

#[derive(Debug, Clone)]
pub struct Department {
    pub id: String,
    pub name: String,
    /// Share of customers served.
    pub customer_weight: f64,
    /// Share of staff.
    pub staff_weight: f64,
    /// Share of staff with daily customer contact (interactions, mood).
    pub contact_weight: f64,
}

/// Everything that makes one organization's data differ from another's.
#[derive(Debug, Clone)]
pub struct OrgProfile {
    pub id: String,
    pub name: String,
    pub language: &'static str,
    pub account_manager: &'static str,
    pub sector: Sector,
    pub departments: Vec<Department>,
    /// Size multiplier on all per-wave counts.
    pub size: f64,
    /// Customers' overall grade in the last wave before any planted decline.
    pub base_grade: f64,
    pub trend: Trend,
    pub complaint_rate: f64,
    /// Mean satisfaction with complaint handling among complainants (benchmark 5.9).
    pub complaint_score: f64,
    pub resolve_rate: f64,
    /// Share of complaints that are a repeat of an earlier problem.
    pub repeat_rate: f64,
    /// Index into [`ENABLEMENT`] of the item staff feel least enabled by.
    pub weak_enabler: usize,
    /// Means of self / department / organization orientation (1–5).
    pub orientation: [f64; 3],
    /// At least this many respondents in the last layer (board) per wave.
    pub board_min: usize,
    /// A department with fewer than five employee respondents (anonymity suppression).
    pub small_department: Option<usize>,
    pub mood_base: f64,
    /// Mood drops in the last two weeks of the last wave.
    pub mood_decline: bool,
    /// Multiplier on the national staff biases.
    pub staff_bias_scale: f64,
    pub fieldwork_offset_weeks: u32,
    /// Channel weights: telefoon, e-mail, chat, balie.
    pub channels: [f64; 4],
    /// Per-department aspect shifts `(department id, aspect id, delta)` on top of random ones.
    pub department_flavour: Vec<(&'static str, &'static str, f64)>,
    /// Realistic, or a calibration scenario (then every other field is set to "nothing going
    /// on" by [`calibration_profile`]).
    pub scenario: Scenario,
}

/// National profile of one aspect: what customers score, how important they find it, and how
/// staff misjudge it.
#[derive(Debug, Clone)]
pub struct AspectProfile {
    pub id: String,
    /// Customers' mean score (1–10).
    pub mean: f64,
    /// Customers' mean importance (1–5).
    pub importance: f64,
    /// Staff prediction minus customer score, all staff (positive = blind spot).
    pub staff_bias: f64,
    /// Importance management and board think customers attach to it.
    pub leader_importance: f64,
    /// Weight in the customers' overall grade (before normalisation): human aspects
    /// (bejegening) weigh 2.5 times a functional one, privacy half.
    pub weight: f64,
    /// Extra drop in a declining organization's last wave (the breakdown is functional:
    /// reachability and waiting time; the people stay as kind as they were).
    pub shock: f64,
}

impl AspectProfile {
    pub fn for_id(id: &str) -> AspectProfile {
        // (human, mean, importance, staff bias, leader importance, shock)
        let known = match id {
            // The classic blind spot: staff think appointments are kept, customers disagree.
            // Leadership's extra optimism adds about 0.1: it measures about +1.2.
            "afspraken_nakomen" => Some((false, 6.3, 3.9, 1.1, 4.7, -0.2)),
            // Hidden strength: customers value the empathy more than staff think. Planted at
            // -0.9 because clamping at 10 trims the customers' side: it measures about -0.8.
            "inleving" => Some((true, 7.4, 4.5, -0.9, 3.4, 0.0)),
            "openheid_kritiek" => Some((true, 6.7, 4.3, -0.4, 3.2, 0.0)),
            "proactiviteit" => Some((true, 6.6, 4.3, -0.4, 3.3, 0.0)),
            "vriendelijkheid" => Some((true, 7.8, 4.1, -0.3, 3.9, 0.0)),
            "deskundigheid" => Some((false, 7.3, 4.0, 0.3, 4.2, -0.3)),
            "bereikbaarheid" => Some((false, 6.4, 3.7, 0.3, 4.1, -1.1)),
            "wachttijd" => Some((false, 6.1, 3.3, 0.1, 4.0, -1.0)),
            "duidelijke_informatie" => Some((false, 6.2, 3.8, 0.5, 3.9, -0.4)),
            // Misplaced priority: leadership thinks customers care most about privacy.
            "privacy" => Some((false, 7.6, 3.0, 0.3, 4.8, -0.1)),
            _ => None,
        };
        match known {
            Some((human, mean, importance, staff_bias, leader_importance, shock)) => {
                AspectProfile {
                    id: id.to_string(),
                    mean,
                    importance,
                    staff_bias,
                    leader_importance,
                    weight: if human {
                        2.5
                    } else if id == "privacy" {
                        0.5
                    } else {
                        1.0
                    },
                    shock,
                }
            }
            None => {
                // Neutral, but stable per id: the same unknown aspect looks alike everywhere.
                let mut rng = Rng::new(id_hash(id));
                let importance = rng.range(3.3, 4.2);
                AspectProfile {
                    id: id.to_string(),
                    mean: rng.range(6.3, 7.6),
                    importance,
                    staff_bias: rng.normal(0.0, 0.25),
                    leader_importance: importance + rng.normal(0.0, 0.3),
                    weight: 1.0,
                    shock: -0.3,
                }
            }
        }
    }
}

/// A stable 64-bit hash of a string (blake3, so it does not depend on the std hasher).
pub fn id_hash(s: &str) -> u64 {
    let hash = blake3::hash(s.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(bytes)
}

/// The profile of organization `index`. `taken` holds the ids of organizations 0..index, so
/// ids stay unique and organization `i` does not depend on how many come after it.
pub fn org_profile(index: usize, seed: u64, taken: &mut BTreeSet<String>) -> OrgProfile {
    let mut rng = Rng::derived(&[seed, index as u64, u64::MAX, 1]);
    let mut profile = match curated(index, &mut rng) {
        Some(p) => p,
        None => synthetic(index, seed, &mut rng, taken),
    };
    if taken.contains(&profile.id) {
        // A synthetic name may coincide with a curated one: make the id unique, keep the name.
        let mut n = 2;
        while taken.contains(&format!("{}-{n}", profile.id)) {
            n += 1;
        }
        profile.id = format!("{}-{n}", profile.id);
    }
    taken.insert(profile.id.clone());
    profile
}

fn synthetic(index: usize, seed: u64, rng: &mut Rng, taken: &BTreeSet<String>) -> OrgProfile {
    let sector = SECTORS[rng.below(SECTORS.len())];
    // Names come from a separate stream so that retries on a taken name do not shift the rest
    // of the profile.
    let mut names = Rng::derived(&[seed, index as u64, u64::MAX, 2]);
    let mut name = org_name(sector, &mut names);
    for _ in 0..20 {
        if !taken.contains(&slug(&name)) {
            break;
        }
        name = org_name(sector, &mut names);
    }
    let template = sector_departments(sector);
    let count = if rng.chance(0.5) { 5 } else { 4 };
    let departments: Vec<Department> = template[..count]
        .iter()
        .map(|(id, name, c, k)| {
            let mut d = department(id, name, *c * rng.range(0.8, 1.2), *k);
            d.staff_weight = d.customer_weight * rng.range(0.85, 1.15);
            d
        })
        .collect();
    let trend = match rng.below(6) {
        0 | 1 => Trend::Stable,
        2 => Trend::Improving,
        3 => Trend::Stagnating,
        4 => Trend::DecliningLast,
        _ => Trend::Recovering,
    };
    let small_department = if rng.chance(0.2) {
        Some(1 + rng.below(departments.len().saturating_sub(1)))
    } else {
        None
    };
    let mood_decline = rng.chance(if trend == Trend::DecliningLast {
        0.6
    } else {
        0.1
    });
    OrgProfile {
        id: slug(&name),
        name,
        language: "nl",
        account_manager: ACCOUNT_MANAGERS[rng.below(ACCOUNT_MANAGERS.len())],
        sector,
        departments,
        size: rng.range(0.6, 1.5),
        base_grade: rng.range(6.6, 7.6),
        trend,
        complaint_rate: rng.range(0.1, 0.2),
        complaint_score: rng.range(5.0, 6.9),
        resolve_rate: rng.range(0.65, 0.9),
        repeat_rate: rng.range(0.12, 0.45),
        weak_enabler: rng.below(ENABLEMENT.len()),
        orientation: [
            rng.normal(4.3, 0.1),
            rng.normal(3.8, 0.12),
            rng.normal(3.2, 0.15),
        ],
        board_min: if rng.chance(0.25) { 5 } else { 0 },
        small_department,
        mood_base: rng.range(0.68, 0.82),
        mood_decline,
        staff_bias_scale: rng.range(0.85, 1.15),
        fieldwork_offset_weeks: rng.below(2) as u32,
        channels: channels(sector),
        department_flavour: Vec::new(),
        scenario: Scenario::Realistic,
    }
}

/// The profile of organization `index` in a calibration scenario: a synthetic organization
/// (name, sector, size, departments as usual) in which nothing is going on but the planted
/// effect. The board has 5–8 respondents per wave, as in real organizations.
pub fn calibration_profile(
    index: usize,
    seed: u64,
    scenario: Scenario,
    taken: &mut BTreeSet<String>,
) -> OrgProfile {
    let mut rng = Rng::derived(&[seed, index as u64, u64::MAX, 1]);
    let mut p = synthetic(index, seed, &mut rng, taken);
    let mut n = 2;
    let base = p.id.clone();
    while taken.contains(&p.id) {
        p.id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(p.id.clone());
    p.scenario = scenario;
    p.trend = Trend::Stable;
    p.complaint_score = 5.9;
    p.resolve_rate = 0.8;
    p.repeat_rate = 0.12;
    p.orientation = [3.8, 3.8, 3.8];
    p.board_min = 5 + rng.below(4);
    p.mood_decline = false;
    p.department_flavour = Vec::new();
    p
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_organizations_get_unique_ids() {
        let mut taken = BTreeSet::new();
        for i in 0..2000 {
            org_profile(i, 1, &mut taken);
        }
        assert_eq!(taken.len(), 2000);
    }
}
