//! What each sector looks like: its departments, complaint categories and contact channels.

use super::{Department, Sector};

pub(super) fn department(id: &str, name: &str, customers: f64, contact: f64) -> Department {
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
pub(super) fn sector_departments(
    sector: Sector,
) -> &'static [(&'static str, &'static str, f64, f64)] {
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

pub(super) fn channels(sector: Sector) -> [f64; 4] {
    match sector {
        Sector::Housing => [0.5, 0.25, 0.1, 0.15],
        Sector::Municipality => [0.42, 0.2, 0.1, 0.28],
        Sector::HealthInsurer => [0.5, 0.3, 0.2, 0.0],
        Sector::Energy => [0.5, 0.22, 0.28, 0.0],
        Sector::Pension => [0.62, 0.33, 0.05, 0.0],
    }
}
