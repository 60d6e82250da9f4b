//! Names of the agency's account managers and of synthetic organizations.

use super::Sector;
use crate::synth::generate::rng::Rng;

/// The agency's account managers.
pub(super) const ACCOUNT_MANAGERS: [&str; 8] = [
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

fn place(rng: &mut Rng) -> String {
    let head = PLACE_HEADS[rng.below(PLACE_HEADS.len())];
    let tail = PLACE_TAILS[rng.below(PLACE_TAILS.len())];
    format!("{head}{tail}")
}

pub(super) fn org_name(sector: Sector, rng: &mut Rng) -> String {
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
}
