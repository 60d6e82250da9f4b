//! Who the generated organizations are and which effects are planted in their data.
//!
//! Three curated organizations fill the first three slots (the bundled sample); later slots get
//! synthetic Dutch organizations whose profile is drawn from their own sub-seed. Aspect effects
//! are keyed by aspect id, so any questionnaire works: unknown aspects get a neutral profile.

use std::collections::BTreeSet;

use super::rng::Rng;

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

fn department(id: &str, name: &str, customers: f64, contact: f64) -> Department {
    Department {
        id: id.to_string(),
        name: name.to_string(),
        customer_weight: customers,
        staff_weight: customers,
        contact_weight: contact,
    }
}

/// Departments of a sector: (id, name, customer share, contact share). The first one is the
/// contact centre. The last entry is optional for synthetic organizations.
fn sector_departments(sector: Sector) -> &'static [(&'static str, &'static str, f64, f64)] {
    match sector {
        Sector::Housing => &[
            ("klantcontactcentrum", "Klantcontactcentrum", 0.38, 0.5),
            ("verhuur", "Verhuur en bewonerszaken", 0.25, 0.2),
            ("reparatie", "Reparatie en onderhoud", 0.27, 0.22),
            ("incasso", "Incasso", 0.10, 0.08),
            ("wijkbeheer", "Wijkbeheer en leefbaarheid", 0.12, 0.12),
        ],
        Sector::Municipality => &[
            ("klantcontactcentrum", "Klantcontactcentrum", 0.34, 0.45),
            ("burgerzaken", "Burgerzaken", 0.26, 0.25),
            ("vergunningen", "Vergunningen", 0.16, 0.1),
            ("sociaal-domein", "Sociaal domein", 0.24, 0.2),
            ("belastingen", "Belastingen", 0.1, 0.06),
        ],
        Sector::HealthInsurer => &[
            ("klantenservice", "Klantenservice", 0.42, 0.55),
            ("declaraties", "Declaraties", 0.28, 0.15),
            ("zorgadvies", "Zorgadvies", 0.15, 0.2),
            ("polisadministratie", "Polisadministratie", 0.15, 0.1),
            ("zorginkoop", "Zorginkoop", 0.05, 0.03),
        ],
        Sector::Energy => &[
            ("klantenservice", "Klantenservice", 0.45, 0.55),
            ("facturatie", "Facturatie en meterstanden", 0.25, 0.15),
            ("aansluitingen", "Aansluitingen en storingen", 0.18, 0.2),
            ("incasso", "Incasso", 0.12, 0.1),
            ("verduurzaming", "Verduurzaming", 0.08, 0.08),
        ],
        Sector::Pension => &[
            ("klantenservice", "Klantenservice", 0.45, 0.6),
            ("pensioenadministratie", "Pensioenadministratie", 0.25, 0.1),
            ("uitkeringen", "Uitkeringen", 0.2, 0.2),
            ("werkgeversdesk", "Werkgeversdesk", 0.1, 0.1),
            ("waardeoverdracht", "Waardeoverdracht", 0.06, 0.04),
        ],
    }
}

/// Complaint categories of a sector: (name, weight, department that usually handles it).
pub fn complaint_categories(
    sector: Sector,
) -> &'static [(&'static str, f64, Option<&'static str>)] {
    match sector {
        Sector::Housing => &[
            ("Reparatieverzoek", 0.3, Some("reparatie")),
            ("Bereikbaarheid", 0.15, Some("klantcontactcentrum")),
            ("Communicatie", 0.15, None),
            ("Bejegening", 0.1, None),
            ("Huurverhoging", 0.1, Some("verhuur")),
            ("Overlast", 0.1, Some("wijkbeheer")),
            ("Facturatie", 0.1, Some("incasso")),
        ],
        Sector::Municipality => &[
            ("Bereikbaarheid", 0.2, Some("klantcontactcentrum")),
            ("Afhandeltermijn", 0.2, Some("vergunningen")),
            ("Communicatie", 0.15, None),
            ("Bejegening", 0.12, None),
            ("Belastingaanslag", 0.1, Some("belastingen")),
            ("Reisdocumenten", 0.1, Some("burgerzaken")),
            ("Jeugdhulp en Wmo", 0.13, Some("sociaal-domein")),
        ],
        Sector::HealthInsurer => &[
            ("Declaratie", 0.3, Some("declaraties")),
            ("Bereikbaarheid", 0.18, Some("klantenservice")),
            ("Facturatie", 0.14, Some("polisadministratie")),
            ("Communicatie", 0.14, None),
            ("Bejegening", 0.08, None),
            ("Machtiging", 0.1, Some("zorgadvies")),
            ("Polis", 0.06, Some("polisadministratie")),
        ],
        Sector::Energy => &[
            ("Facturatie", 0.28, Some("facturatie")),
            ("Meterstanden", 0.15, Some("facturatie")),
            ("Bereikbaarheid", 0.17, Some("klantenservice")),
            ("Storing", 0.12, Some("aansluitingen")),
            ("Communicatie", 0.12, None),
            ("Bejegening", 0.08, None),
            ("Overstap", 0.08, Some("klantenservice")),
        ],
        Sector::Pension => &[
            ("Uitkering", 0.25, Some("uitkeringen")),
            ("Bereikbaarheid", 0.2, Some("klantenservice")),
            ("Communicatie", 0.2, None),
            ("Bejegening", 0.1, None),
            ("Waardeoverdracht", 0.12, Some("waardeoverdracht")),
            ("Pensioenoverzicht", 0.13, Some("pensioenadministratie")),
        ],
    }
}

fn channels(sector: Sector) -> [f64; 4] {
    match sector {
        Sector::Housing => [0.5, 0.25, 0.1, 0.15],
        Sector::Municipality => [0.42, 0.2, 0.1, 0.28],
        Sector::HealthInsurer => [0.5, 0.3, 0.2, 0.0],
        Sector::Energy => [0.5, 0.22, 0.28, 0.0],
        Sector::Pension => [0.62, 0.33, 0.05, 0.0],
    }
}

/// The agency's account managers.
const ACCOUNT_MANAGERS: [&str; 8] = [
    "Sanne de Vries",
    "Pieter Bakker",
    "Fatima el Amrani",
    "Jeroen Visser",
    "Lotte Mulder",
    "Mehmet Yılmaz",
    "Ingrid van Dijk",
    "Daan Smit",
];

const PLACE_HEADS: [&str; 22] = [
    "Noord", "Zuid", "Oost", "West", "Hoog", "Laag", "Oud", "Nieuw", "Groot", "Klein", "Zuider",
    "Noorder", "Ooster", "Wester", "Mid", "Brede", "Heuvel", "Eiken", "Linde", "Beuken", "Wilgen",
    "Vlieder",
];

const PLACE_TAILS: [&str; 24] = [
    "waard", "veen", "dam", "dijk", "wolde", "horst", "broek", "hoven", "meer", "sloot", "zande",
    "beek", "kerk", "wijk", "dorp", "rade", "loo", "haven", "mond", "burg", "vliet", "stein",
    "schoten", "gaarde",
];

const BRAND_NOUNS: [&str; 20] = [
    "Anker", "Baken", "Kompas", "Bron", "Vaart", "Haven", "Poort", "Kade", "Duin", "Horizon",
    "Eik", "Linde", "Zuil", "Brug", "Toren", "Polder", "Getij", "Meander", "Wadden", "Delta",
];

/// Industries with their own pension fund.
const INDUSTRIES: [&str; 14] = [
    "Metaal en Techniek",
    "Bouw",
    "Detailhandel",
    "Vervoer",
    "Horeca",
    "Schoonmaak",
    "Zorg en Welzijn",
    "Kappers",
    "Landbouw",
    "Grafische Bedrijven",
    "Woningcorporaties",
    "Openbaar Vervoer",
    "Glastuinbouw",
    "Architectenbureaus",
];

/// The three organizations of the bundled sample, in slot order.
fn curated(index: usize, rng: &mut Rng) -> Option<OrgProfile> {
    let (id, name, manager, sector, departments) = match index {
        0 => (
            "woonstichting-de-linie",
            "Woonstichting De Linie",
            ACCOUNT_MANAGERS[0],
            Sector::Housing,
            4,
        ),
        1 => (
            "gemeente-zuiderveen",
            "Gemeente Zuiderveen",
            ACCOUNT_MANAGERS[1],
            Sector::Municipality,
            4,
        ),
        2 => (
            "zorgverzekeraar-anker",
            "Zorgverzekeraar Anker",
            ACCOUNT_MANAGERS[2],
            Sector::HealthInsurer,
            4,
        ),
        _ => return None,
    };
    let departments: Vec<Department> = sector_departments(sector)[..departments]
        .iter()
        .map(|(id, name, c, k)| department(id, name, *c, *k))
        .collect();
    let mut profile = OrgProfile {
        id: id.to_string(),
        name: name.to_string(),
        // The insurer reports in English, so the sample shows both report languages.
        language: if id == "zorgverzekeraar-anker" {
            "en"
        } else {
            "nl"
        },
        account_manager: manager,
        sector,
        departments,
        size: 1.0,
        base_grade: 7.0,
        trend: Trend::Stable,
        complaint_rate: 0.15,
        complaint_score: 5.9,
        resolve_rate: 0.78,
        repeat_rate: 0.22,
        weak_enabler: 3,
        orientation: [4.3, 3.8, 3.2],
        board_min: 0,
        small_department: None,
        mood_base: 0.76,
        mood_decline: false,
        staff_bias_scale: 1.0,
        fieldwork_offset_weeks: 0,
        channels: channels(sector),
        department_flavour: Vec::new(),
        scenario: Scenario::Realistic,
    };
    match index {
        0 => {
            // Housing: improving, complaints solved but not learned from (high repeat rate),
            // information does not reach the frontline, a tiny Incasso team.
            profile.base_grade = 7.1;
            profile.trend = Trend::Improving;
            profile.complaint_rate = 0.17;
            profile.complaint_score = 5.9;
            profile.resolve_rate = 0.86;
            profile.repeat_rate = 0.45;
            profile.weak_enabler = 3; // enable_information
            profile.small_department = Some(3); // incasso
            profile.department_flavour = vec![
                ("reparatie", "afspraken_nakomen", -0.7),
                ("reparatie", "wachttijd", -0.4),
                ("incasso", "inleving", -0.6),
                ("verhuur", "duidelijke_informatie", -0.4),
            ];
        }
        1 => {
            // Municipality: stagnating, complaint handling clearly below the benchmark,
            // processes are the weak enabler, a board large enough to be reported.
            profile.size = 1.1;
            profile.base_grade = 6.8;
            profile.trend = Trend::Stagnating;
            profile.complaint_rate = 0.16;
            profile.complaint_score = 5.0;
            profile.resolve_rate = 0.68;
            profile.repeat_rate = 0.24;
            profile.weak_enabler = 2; // enable_processes
            profile.orientation = [4.4, 3.9, 3.1];
            profile.board_min = 6;
            profile.mood_base = 0.74;
            profile.fieldwork_offset_weeks = 1;
            profile.department_flavour = vec![
                ("vergunningen", "wachttijd", -0.8),
                ("vergunningen", "duidelijke_informatie", -0.5),
                ("burgerzaken", "vriendelijkheid", 0.3),
                ("sociaal-domein", "inleving", 0.3),
            ];
        }
        _ => {
            // Health insurer: good complaint handling, then a clear drop in the last wave (a new
            // declaration system: reachability and waiting time break down), mood declines.
            profile.size = 0.9;
            profile.base_grade = 7.3;
            profile.trend = Trend::DecliningLast;
            profile.complaint_rate = 0.13;
            profile.complaint_score = 6.8;
            profile.resolve_rate = 0.82;
            profile.repeat_rate = 0.18;
            profile.weak_enabler = 0; // enable_tools
            profile.orientation = [4.2, 3.8, 3.3];
            profile.mood_base = 0.78;
            profile.mood_decline = true;
            profile.department_flavour = vec![
                ("declaraties", "wachttijd", -0.6),
                ("zorgadvies", "deskundigheid", 0.4),
                ("zorgadvies", "proactiviteit", 0.4),
            ];
        }
    }
    // Curated organizations still get small, seed-dependent department weights noise so that
    // two seeds do not give identical department shares.
    for d in &mut profile.departments {
        d.staff_weight *= rng.range(0.9, 1.1);
    }
    Some(profile)
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

fn place(rng: &mut Rng) -> String {
    let head = PLACE_HEADS[rng.below(PLACE_HEADS.len())];
    let tail = PLACE_TAILS[rng.below(PLACE_TAILS.len())];
    format!("{head}{tail}")
}

fn org_name(sector: Sector, rng: &mut Rng) -> String {
    let noun = BRAND_NOUNS[rng.below(BRAND_NOUNS.len())];
    match sector {
        Sector::Housing => match rng.below(4) {
            0 => format!("Woonstichting {}", place(rng)),
            1 => format!("Wooncorporatie {}", place(rng)),
            2 => format!("{} Wonen", place(rng)),
            _ => format!("Woonstichting De {noun}"),
        },
        Sector::Municipality => format!("Gemeente {}", place(rng)),
        Sector::HealthInsurer => match rng.below(4) {
            0 => format!("Zorgverzekeraar {noun}"),
            1 => format!("{noun} Zorgverzekeringen"),
            2 => format!("Zorgverzekeraar {}", place(rng)),
            _ => format!("{} Zorg", place(rng)),
        },
        Sector::Energy => match rng.below(4) {
            0 => format!("{} Energie", place(rng)),
            1 => format!("Energiebedrijf {noun}"),
            2 => format!("{noun} Energie"),
            _ => format!("Energiecoöperatie {}", place(rng)),
        },
        Sector::Pension => match rng.below(4) {
            0 => format!("Pensioenfonds {}", INDUSTRIES[rng.below(INDUSTRIES.len())]),
            1 => format!("{noun} Pensioen"),
            2 => format!("Pensioenfonds {noun}"),
            _ => format!("Pensioenfonds {}", place(rng)),
        },
    }
}

/// `"Woonstichting De Linie"` → `"woonstichting-de-linie"`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' | 'ı' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            other => other,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii_with_hyphens() {
        assert_eq!(slug("Woonstichting De Linie"), "woonstichting-de-linie");
        assert_eq!(slug("Noordwaard Wonen"), "noordwaard-wonen");
        assert_eq!(
            slug("Energiecoöperatie Oostveen"),
            "energiecooperatie-oostveen"
        );
    }

    #[test]
    fn many_organizations_get_unique_ids() {
        let mut taken = BTreeSet::new();
        for i in 0..2000 {
            org_profile(i, 1, &mut taken);
        }
        assert_eq!(taken.len(), 2000);
    }
}
