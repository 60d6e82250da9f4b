//! The three curated organizations of the bundled sample.

use super::names::ACCOUNT_MANAGERS;
use super::sectors::{channels, department, sector_departments};
use super::{Department, OrgProfile, Scenario, Sector, Trend};
use crate::synth::generate::rng::Rng;

/// The three organizations of the bundled sample, in slot order.
pub(super) fn curated(index: usize, rng: &mut Rng) -> Option<OrgProfile> {
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
