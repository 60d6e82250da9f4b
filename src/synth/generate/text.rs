//! Dutch open answers: customer comments, staff frustrations and strategies.
//!
//! The tone follows the source articles (seeds 001, 002 and 004): customers who could not reach
//! anyone or did not understand a letter, staff who struggle with faltering systems and too
//! little mandate. Comments are picked to match the respondent's own scores, so a customer who
//! gave `bereikbaarheid` a 3 complains about reachability.

use super::profile::Sector;
use super::rng::Rng;

/// (negative, positive) comments per known aspect id.
fn aspect_comments(aspect: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    let pools: (&[&str], &[&str]) = match aspect {
        "afspraken_nakomen" => (
            &[
                "Ze zouden me terugbellen, maar ik heb nooit meer iets gehoord.",
                "Er werd een afspraak gemaakt en toen kwam er niemand opdagen.",
                "Beloofd is beloofd, maar hier blijkbaar niet.",
                "Ik kreeg een datum, die is inmiddels twee keer verschoven zonder bericht.",
                "Ze zeiden \"we bellen u vrijdag terug\", maar die vrijdag is nooit gekomen.",
                "Afspraken worden niet nagekomen en niemand laat iets weten.",
                "Ik heb een hele ochtend vrij genomen en er kwam niemand.",
            ],
            &[
                "Wat ze beloofden, deden ze ook. Precies op tijd.",
                "Netjes teruggebeld op het afgesproken tijdstip.",
                "De afspraak werd keurig nagekomen, zo hoort het.",
            ],
        ),
        "inleving" => (
            &[
                "Ik had het gevoel dat ik gewoon een nummer was.",
                "Er was geen enkel begrip voor mijn situatie.",
                "De medewerker leek vooral haast te hebben.",
                "Het voelde alsof ik lastig was.",
                "Ze volgen hun protocol, maar naar mij werd niet geluisterd.",
            ],
            &[
                "De medewerker nam echt de tijd en luisterde naar mijn verhaal.",
                "Ik voelde me serieus genomen, dat doet veel.",
                "Heel menselijk benaderd in een moeilijke periode.",
                "Ze begrepen meteen dat het voor mij een vervelende situatie was.",
                "Na het gesprek voelde ik me echt beter, dank daarvoor.",
            ],
        ),
        "openheid_kritiek" => (
            &[
                "Toen ik kritiek had, werd ik meteen afgekapt.",
                "\u{2018}Maar meneer, dat kan helemaal niet wat u zegt!\u{2019} kreeg ik te horen.",
                "Ze willen niet horen dat er iets mis is gegaan.",
                "Mijn klacht werd weggewuifd.",
                "Het ligt volgens hen altijd aan de klant.",
            ],
            &[
                "Ze gaven eerlijk toe dat het fout was gegaan, dat waardeer ik.",
                "Mijn opmerking werd serieus opgepakt.",
                "Fijn dat ze openstaan voor suggesties.",
            ],
        ),
        "proactiviteit" => (
            &[
                "Niemand denkt uit zichzelf mee, je moet overal zelf achteraan.",
                "Ik moest steeds zelf bellen om te horen hoe het ervoor stond.",
                "Waarom vertellen ze dat niet meteen? Nu moest ik het zelf uitzoeken.",
                "Je krijgt antwoord op je vraag en verder niets.",
            ],
            &[
                "Ze belden zelf om te vertellen hoe het ervoor stond, dat had ik niet verwacht.",
                "De medewerker wees me op een regeling waar ik nog nooit van had gehoord.",
                "Fijn dat er werd meegedacht over een oplossing.",
                "Ik werd op tijd gewaarschuwd, nog voordat ik er zelf achter kwam.",
            ],
        ),
        "vriendelijkheid" => (
            &[
                "De medewerker aan de telefoon was kortaf.",
                "Niet erg vriendelijk te woord gestaan.",
                "Ik werd behandeld alsof ik iets verkeerd had gedaan.",
            ],
            &[
                "Altijd vriendelijk te woord gestaan.",
                "Heel vriendelijke mensen aan de balie.",
                "Vriendelijk en geduldig, ook toen ik het voor de derde keer vroeg.",
                "Een glimlach aan de telefoon, dat hoor je gewoon.",
            ],
        ),
        "deskundigheid" => (
            &[
                "Ik kreeg van drie medewerkers drie verschillende antwoorden.",
                "De medewerker wist het zelf ook niet en moest alles navragen.",
                "Ze kennen hun eigen regels niet.",
            ],
            &[
                "De medewerker wist precies waar het over ging.",
                "Deskundig advies, in één keer goed.",
                "Eindelijk iemand die de regels kon uitleggen.",
            ],
        ),
        "bereikbaarheid" => (
            &[
                "Ik kreeg ze niet te pakken, ze zijn altijd in vergadering.",
                "Na drie kwartier in de wacht heb ik maar opgehangen.",
                "Telefonisch zijn ze bijna niet bereikbaar.",
                "Je komt nooit bij de juiste persoon terecht.",
                "Het keuzemenu stuurt je van het kastje naar de muur.",
            ],
            &[
                "Ik had meteen iemand aan de lijn.",
                "Goed bereikbaar via de chat, ook 's avonds.",
                "Prettig dat je gewoon een vaste contactpersoon kunt bellen.",
            ],
        ),
        "wachttijd" => (
            &[
                "Het duurde weken voordat ik antwoord kreeg.",
                "Veel te lang moeten wachten op een reactie.",
                "Zes weken wachten op iets wat in een dag geregeld had kunnen worden.",
                "Ik wacht nog steeds.",
            ],
            &[
                "Binnen twee dagen geregeld.",
                "Sneller geholpen dan ik had verwacht.",
                "Dezelfde dag nog antwoord, knap.",
            ],
        ),
        "duidelijke_informatie" => (
            &[
                "Die brief snapt toch niemand?",
                "De informatie op de website spreekt de brief tegen.",
                "Allemaal ambtelijke taal, ik moest mijn buurman vragen wat er stond.",
                "Ik wist na het gesprek nog steeds niet waar ik aan toe was.",
                "Drie brieven gekregen met drie verschillende bedragen.",
            ],
            &[
                "Heldere uitleg, ik wist precies wat ik moest doen.",
                "De brief was kort en duidelijk.",
                "Op de website stond alles wat ik nodig had.",
            ],
        ),
        "privacy" => (
            &[
                "Waarom moet ik mijn gegevens drie keer doorgeven?",
                "Ik kreeg per ongeluk post van iemand anders.",
                "Ze vroegen aan de balie hardop naar mijn persoonlijke situatie.",
            ],
            &[
                "Netjes dat ze eerst mijn gegevens controleerden.",
                "Ik heb er vertrouwen in dat ze zorgvuldig met mijn gegevens omgaan.",
            ],
        ),
        _ => return None,
    };
    Some(pools)
}

const GENERIC_NEGATIVE: &[&str] = &[
    "Hun online systeem werkte niet!",
    "Ik moest mijn verhaal telkens opnieuw vertellen, schrijven ze niets op?",
    "Iedereen verwijst naar een andere afdeling.",
    "Het lijkt alsof de afdelingen niet met elkaar praten.",
    "Ik heb het gevoel dat er niets met mijn klacht is gedaan.",
    "Van het kastje naar de muur gestuurd.",
    "Dit was al de derde keer dat ik hierover contact opnam.",
];

const GENERIC_POSITIVE: &[&str] = &[
    "Prima geholpen, niets op aan te merken.",
    "Snel en goed geregeld, complimenten!",
    "Top service, ga zo door.",
    "Ik ben zeer tevreden over de hulp die ik kreeg.",
    "Prettig contact, alles is goed afgehandeld.",
    "Geen klachten, het werkt gewoon.",
];

const MIXED: &[&str] = &[
    "Gaat wel, maar het kan beter.",
    "Geen bijzonderheden.",
    "Redelijk geholpen, maar het duurde allemaal wel lang.",
    "Op zich goed, alleen de communicatie kan beter.",
    "Uiteindelijk is het goed gekomen, maar het ging niet vanzelf.",
    "Wisselend: de ene medewerker is beter dan de andere.",
];

/// Joins the good and the bad part of a mixed comment; `None` keeps two plain sentences.
const CONNECTORS: &[Option<&str>] = &[
    Some("Minpunt: "),
    Some("Wel jammer: "),
    Some("Verbeterpunt: "),
    Some("Aan de andere kant: "),
    None,
    None,
];

/// "Ik kreeg…" → "ik kreeg…" after a connector; quotes and other marks are left alone.
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_uppercase() => c.to_ascii_lowercase().to_string() + chars.as_str(),
        _ => s.to_string(),
    }
}

const SUGGESTIONS: &[&str] = &[
    "Zorg dat medewerkers elkaars notities kunnen lezen.",
    "Bel gewoon even terug, dat is al genoeg.",
    "Schrijf brieven in gewone taal.",
    "Geef een termijn en houd je daaraan.",
    "Eén vast aanspreekpunt zou veel schelen.",
    "Laat even weten als iets langer duurt.",
    "Neem klachten serieus en leer ervan.",
    "Luister eerst, dan pas het protocol.",
];

/// (negative, positive) comments specific to a sector.
fn sector_comments(sector: Sector) -> (&'static [&'static str], &'static [&'static str]) {
    match sector {
        Sector::Housing => (
            &[
                "De monteur is al drie keer langs geweest voor dezelfde lekkage.",
                "De schimmel in de badkamer is nog steeds niet aangepakt.",
                "Mijn reparatieverzoek staat al maanden open en er is nog niemand geweest.",
                "De huurverhoging werd slecht uitgelegd.",
                "Over de overlast van de buren wordt niets gedaan.",
                "De cv-ketel viel midden in de winter uit en ik moest vier dagen wachten.",
            ],
            &[
                "De monteur was vriendelijk en heeft alles netjes achtergelaten.",
                "De nieuwe keuken is keurig geplaatst.",
                "De wijkbeheerder kent de buurt en pakt dingen echt op.",
            ],
        ),
        Sector::Municipality => (
            &[
                "Voor een simpele vergunning moet je een heel dossier aanleveren.",
                "Mijn aanvraag voor bijzondere bijstand ligt al maanden stil.",
                "Ik moest drie keer langskomen voor één paspoort.",
                "De aanslag gemeentelijke belastingen klopte niet en bezwaar maken is een doolhof.",
                "Voor een afspraak bij burgerzaken zit je weken vast.",
            ],
            &[
                "Mijn paspoort aanvragen ging vlot, binnen tien minuten stond ik buiten.",
                "De consulent van het sociaal team dacht goed met ons mee.",
                "Prettig dat je online een afspraak kunt maken.",
            ],
        ),
        Sector::HealthInsurer => (
            &[
                "Mijn declaratie is na zes weken nog niet uitbetaald.",
                "Ik moest een machtiging aanvragen en niemand kon me vertellen hoe.",
                "De premie is verhoogd zonder duidelijke uitleg.",
                "De app geeft steeds een foutmelding bij het indienen van een nota.",
                "Ik moest een nota drie keer opnieuw insturen.",
            ],
            &[
                "Declareren via de app ging supersnel.",
                "De zorgadviseur vond binnen een dag een behandelaar met plek.",
                "Duidelijke uitleg over wat mijn aanvullende verzekering vergoedt.",
            ],
        ),
        Sector::Energy => (
            &[
                "Mijn voorschot is verdubbeld en niemand kan uitleggen waarom.",
                "De jaarafrekening klopt niet met mijn meterstanden.",
                "Bij de overstap ging alles mis met de meterstanden.",
                "Drie weken op een monteur gewacht voor een nieuwe aansluiting.",
            ],
            &[
                "De storing was binnen een paar uur verholpen.",
                "Duidelijke uitleg over mijn jaarafrekening.",
                "Goed advies gekregen over zonnepanelen.",
            ],
        ),
        Sector::Pension => (
            &[
                "Mijn pensioenoverzicht is me een raadsel.",
                "Ik wacht al maanden op de waardeoverdracht.",
                "De eerste uitkering kwam een maand te laat.",
                "Niemand kon me uitleggen wat de nieuwe pensioenregeling voor mij betekent.",
            ],
            &[
                "Rustig uitgelegd wat mijn pensioen straks wordt.",
                "De uitkering was precies op tijd geregeld.",
                "Het pensioenplanner-gesprek was erg verhelderend.",
            ],
        ),
    }
}

fn pick(rng: &mut Rng, pool: &[&'static str]) -> &'static str {
    rng.pick(pool).copied().unwrap_or("")
}

/// A customer comment matching the respondent: `worst` and `best` are the aspect ids the
/// respondent scored lowest and highest relative to the average customer.
pub fn customer_comment(
    rng: &mut Rng,
    sector: Sector,
    overall: f64,
    worst: Option<&str>,
    best: Option<&str>,
) -> String {
    let (sector_neg, sector_pos) = sector_comments(sector);
    let negative_about_worst = |rng: &mut Rng| -> &'static str {
        match worst.and_then(aspect_comments) {
            Some((neg, _)) => pick(rng, neg),
            None => pick(rng, GENERIC_NEGATIVE),
        }
    };
    let positive_about_best = |rng: &mut Rng| -> &'static str {
        match best.and_then(aspect_comments) {
            Some((_, pos)) => pick(rng, pos),
            None => pick(rng, GENERIC_POSITIVE),
        }
    };
    let mut text = if overall >= 8.0 {
        let roll = rng.uniform();
        if roll < 0.6 {
            positive_about_best(rng).to_string()
        } else if roll < 0.85 {
            pick(rng, GENERIC_POSITIVE).to_string()
        } else {
            pick(rng, sector_pos).to_string()
        }
    } else if overall < 6.0 {
        let roll = rng.uniform();
        let mut t = if roll < 0.55 {
            negative_about_worst(rng).to_string()
        } else if roll < 0.75 {
            pick(rng, GENERIC_NEGATIVE).to_string()
        } else {
            pick(rng, sector_neg).to_string()
        };
        if rng.chance(0.35) {
            t.push(' ');
            t.push_str(pick(rng, SUGGESTIONS));
        }
        t
    } else {
        let roll = rng.uniform();
        if roll < 0.45 {
            let good = positive_about_best(rng);
            let bad = negative_about_worst(rng);
            match rng.pick(CONNECTORS).copied().flatten() {
                Some(connector) => format!("{good} {connector}{}", lowercase_first(bad)),
                None => format!("{good} {bad}"),
            }
        } else if roll < 0.7 {
            pick(rng, MIXED).to_string()
        } else if roll < 0.85 {
            negative_about_worst(rng).to_string()
        } else {
            pick(rng, sector_neg).to_string()
        }
    };
    // About 2% of comments carry personal data, as real ones do; reports must scrub it.
    if rng.chance(0.02) {
        text.push(' ');
        text.push_str(&personal_data(rng));
    }
    text
}

const FIRST_NAMES: &[&str] = &[
    "jan", "sanne", "pieter", "fatima", "mohammed", "anouk", "daan", "lotte", "kees", "ingrid",
    "emma", "thijs", "yara", "bram", "noor", "henk", "sevda", "ruben",
];
const LAST_NAMES: &[&str] = &[
    "jansen", "devries", "bakker", "visser", "smit", "meijer", "mulder", "bos", "vandijk",
    "elamrani", "yilmaz", "dekker", "peters", "hendriks",
];
const EXAMPLE_DOMAINS: &[&str] = &["example.nl", "example.com", "example.org"];

fn phone(rng: &mut Rng) -> String {
    format!("06-{:08}", rng.below(100_000_000))
}

fn email(rng: &mut Rng) -> String {
    format!(
        "{}.{}@{}",
        pick(rng, FIRST_NAMES),
        pick(rng, LAST_NAMES),
        pick(rng, EXAMPLE_DOMAINS)
    )
}

fn postcode_and_number(rng: &mut Rng) -> String {
    // Dutch postcode letters never use F, I, O, Q, U or Y.
    const LETTERS: &[u8] = b"ABCDEGHJKLMNPRSTVWXZ";
    let a = LETTERS[rng.below(LETTERS.len())] as char;
    let b = LETTERS[rng.below(LETTERS.len())] as char;
    format!("{} {a}{b} {}", 1000 + rng.below(9000), 1 + rng.below(180))
}

fn personal_data(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => format!("Bel me gerust terug op {}.", phone(rng)),
        1 => format!("U kunt mij mailen op {}.", email(rng)),
        2 => format!("Mijn adres is {}.", postcode_and_number(rng)),
        3 => format!("Mijn nummer is {}, bel me maar.", phone(rng)),
        _ => format!("Neem contact op via {} of {}.", email(rng), phone(rng)),
    }
}

const FRUSTRATIONS: &[&str] = &[
    "Haperende systemen: als het klantsysteem vastloopt, moet de klant wachten.",
    "We hebben te weinig mandaat om iets zelf op te lossen, alles moet via de teamleider.",
    "Klanten sturen documenten niet mee of vergeten ze te ondertekenen, en dan ligt het dossier stil.",
    "De samenwerking met de backoffice loopt stroef, we weten vaak niet wat de status is.",
    "Klanten bellen niet terug of komen niet op hun afspraak.",
    "Klanten hebben soms erg hoge verwachtingen van hoe snel iets geregeld kan worden.",
    "Wijzigingen horen we pas als de klant ze al op de website heeft gelezen.",
    "Onze brieven zijn te ingewikkeld, daar krijgen we veel vragen over.",
    "Terugbelverzoeken blijven liggen omdat niemand zich eigenaar voelt.",
    "Klanten moeten hun verhaal opnieuw vertellen omdat notities niet goed worden vastgelegd.",
    "In drukke weken lopen de wachttijden aan de telefoon flink op.",
    "Elke afdeling heeft eigen budgetten en prioriteiten, de klant valt tussen wal en schip.",
    "Het duurt te lang voordat we antwoord krijgen van andere afdelingen.",
    "We mogen klanten geen vast aanspreekpunt geven.",
    "Het online portaal werkt niet goed, klanten bellen dan alsnog.",
    "Klachten worden wel opgelost, maar er verandert niets aan de oorzaak.",
];

/// What management and board think frustrates customers: their priorities, not the
/// customers' (seed 001: appointments and privacy).
const LEADER_FRUSTRATIONS: &[&str] = &[
    "Klanten ergeren zich vooral aan de wachttijd aan de telefoon.",
    "Klanten verwachten dat alles direct online kan.",
    "Zorgen over de veiligheid van hun gegevens.",
    "Afspraken die niet worden nagekomen; daar sturen we inmiddels scherp op.",
    "Klanten begrijpen niet altijd dat we aan wet- en regelgeving gebonden zijn.",
    "Onduidelijkheid over de doorlooptijden.",
    "De privacyregels maken het klantcontact soms omslachtig.",
];

fn sector_frustrations(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::Housing => &[
            "Reparaties worden ingepland zonder te checken of de bewoner thuis is.",
            "Aannemers komen niet op de afgesproken tijd en wij krijgen de boze telefoontjes.",
            "Bewoners melden hetzelfde gebrek drie keer omdat de eerste melding nergens blijft.",
        ],
        Sector::Municipality => &[
            "De regels rond vergunningen zijn voor inwoners niet te volgen.",
            "Inwoners snappen niet waarom ze voor het sociaal domein zoveel formulieren moeten invullen.",
            "Burgerzaken zit wekenlang vol, dan krijgen wij de frustratie over ons heen.",
        ],
        Sector::HealthInsurer => &[
            "Declaraties blijven hangen in de controle en klanten horen niets.",
            "Klanten begrijpen de polisvoorwaarden niet, en eerlijk gezegd wij soms ook niet.",
            "Het nieuwe declaratiesysteem geeft foutmeldingen die we niet kunnen verklaren.",
        ],
        Sector::Energy => &[
            "Klanten schrikken van de jaarafrekening omdat het voorschot te laag was.",
            "Meterstanden komen niet goed door bij een overstap.",
        ],
        Sector::Pension => &[
            "Het pensioenoverzicht is voor deelnemers onleesbaar.",
            "Waardeoverdrachten duren maanden en wij kunnen niets versnellen.",
        ],
    }
}

const STRATEGIES: &[&str] = &[
    "Ik bel klanten zelf terug als iets langer duurt.",
    "Ik vat aan het eind van het gesprek samen wat we hebben afgesproken.",
    "Ik loop even naar de backoffice in plaats van een mail te sturen.",
    "Ik leg elke afspraak meteen vast in het klantdossier.",
    "Ik noem altijd mijn naam en een termijn, dan weet de klant waar hij aan toe is.",
    "Eerlijk zeggen wat niet kan, en meteen vertellen wat wél kan.",
    "Ik laat de klant eerst uitpraten voordat ik iets zeg.",
    "Bij boze klanten erken ik eerst de frustratie, daarna pas de oplossing.",
    "Ik stuur na het gesprek een korte mail met wat er gaat gebeuren.",
    "Ik leg een moeilijke brief aan de telefoon uit in gewone woorden.",
    "Ik vraag door naar wat er echt achter de vraag zit.",
    "Ik houd een lijstje bij van klanten die ik nog moet terugbellen.",
    "Als ik iets niet weet, zeg ik dat en zoek ik het uit.",
    "Ik bel de klant na afloop nog even om te horen of het is opgelost.",
];

fn sector_strategies(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::Housing => &[
            "Ik spreek met de bewoner een tijdvak af en bel een half uur van tevoren.",
            "Ik maak een foto van het gebrek zodat de monteur weet wat hij moet meenemen.",
        ],
        Sector::Municipality => &[
            "Ik help mensen aan de balie direct met het invullen van het formulier.",
            "Ik geef inwoners het directe nummer van de behandelaar.",
        ],
        Sector::HealthInsurer => &[
            "Bij een afgewezen declaratie leg ik uit wat de klant wél kan doen.",
            "Ik zet een machtiging zelf door naar zorgadvies in plaats van de klant te laten bellen.",
        ],
        Sector::Energy => &["Ik reken samen met de klant het voorschot opnieuw uit."],
        Sector::Pension => &["Ik loop het pensioenoverzicht samen met de deelnemer door."],
    }
}

/// Open answer "what frustrates customers?"; `leader` for management and board.
pub fn frustration(rng: &mut Rng, sector: Sector, leader: bool) -> String {
    let first = if leader && rng.chance(0.6) {
        pick(rng, LEADER_FRUSTRATIONS)
    } else if rng.chance(0.25) {
        pick(rng, sector_frustrations(sector))
    } else {
        pick(rng, FRUSTRATIONS)
    };
    if rng.chance(0.2) {
        let second = pick(rng, FRUSTRATIONS);
        if second != first {
            return format!("{first} {second}");
        }
    }
    first.to_string()
}

/// Open answer "what works for you with customers?".
pub fn strategy(rng: &mut Rng, sector: Sector) -> String {
    if rng.chance(0.2) {
        pick(rng, sector_strategies(sector)).to_string()
    } else {
        pick(rng, STRATEGIES).to_string()
    }
}
