//! The synthetic content of demo cases: names, texts, places, evidence,
//! perpetrators and the choices that depend on them.

use super::*;

/// Who logs a case, by the victim's role (§6.1: who receives the report).
pub(super) fn actor_for(role: VictimRole) -> &'static str {
    match role {
        VictimRole::Raadslid | VictimRole::Fractievolger => "griffie",
        VictimRole::Wethouder | VictimRole::Burgemeester => "bestuurssecretariaat",
        VictimRole::Ambtenaar => "P&O",
    }
}

pub(super) fn victim(r: &mut Rng, role: VictimRole) -> Victim {
    let names: &[&str] = match role {
        VictimRole::Burgemeester => &["Marga ’t Hoen", "Anton IJzerman"],
        VictimRole::Wethouder => &[
            "Fatma Özdemir",
            "Joost Wikkerink",
            "Renée Hulshof",
            "Gerrit Bijl",
            "Hanneke te Boome",
        ],
        VictimRole::Raadslid => &[
            "Bert Heijink",
            "Sanne te Winkel",
            "Ahmed el Amrani",
            "Ilse Bijvank",
            "Hennie Geurink",
            "Chloë van Dijk",
            "Jan-Willem ter Haar",
            "Marieke Bussink",
            "Erik Ebbers",
            "Thijs Domhof",
            "Yara Çelik",
            "Wim Rouwhorst",
            "Anja Luttikhuis",
            "Kees Vrielink",
            "Lotte Klein Gunnewiek",
            "Mustafa Yıldız",
            "Gerda Kämpfer",
            "Niels Wansink",
            "Bas ’t Lam",
            "Zoë Hengeveld",
        ],
        VictimRole::Fractievolger => &[
            "Daan Eppink",
            "Noor Tiemessen",
            "Ruud Overkamp",
            "Esmée Lammers",
            "Hüseyin Aydın",
        ],
        VictimRole::Ambtenaar => &[
            "Karin Stortelder",
            "Mark Nijenhuis",
            "Ingrid Wüst",
            "Peter Huinink",
            "Femke Lankveld",
            "Rob Hoftijzer",
            "Sevda Koç",
            "Tom Oonk",
            "Linda Bröring",
            "Jeroen Gröniger",
        ],
    };
    let also = if r.chance(0.05) {
        r.pick(&[
            "partner thuis gebeld",
            "auto beschadigd",
            "kinderen op school aangesproken",
        ])
        .to_string()
    } else {
        String::new()
    };
    Victim {
        name: r.pick(names).to_string(),
        role,
        also,
    }
}

pub(super) fn role_noun(role: VictimRole) -> &'static str {
    match role {
        VictimRole::Burgemeester => "de burgemeester",
        VictimRole::Wethouder => "de wethouder",
        VictimRole::Raadslid => "het raadslid",
        VictimRole::Fractievolger => "de fractievolger",
        VictimRole::Ambtenaar => "de medewerker",
    }
}

/// Fills `{t}` (topic), `{r}` (who) and `{p}` (platform) in a template.
pub(super) fn fill(template: &str, topic: &str, who: &str, platform: &str) -> String {
    template
        .replace("{t}", topic)
        .replace("{r}", who)
        .replace("{p}", platform)
}

pub(super) fn what_happened(
    r: &mut Rng,
    category: Category,
    role: VictimRole,
    channel: Channel,
) -> String {
    let templates: &[&str] = match (category, channel) {
        (Category::FysiekGeweld, _) => FYSIEK,
        (Category::BedreigingIntimidatie, Channel::SocialeMedia | Channel::Email) => {
            DREIGING_ONLINE
        }
        (Category::BedreigingIntimidatie, _) => DREIGING,
        (Category::VerbaleAgressie, Channel::SocialeMedia | Channel::Email) => VERBAAL_ONLINE,
        (Category::VerbaleAgressie, _) => VERBAAL,
        (Category::EmotioneelGedrag, _) => EMOTIONEEL,
    };
    let topic = r.pick(TOPICS);
    let platform = r.pick(PLATFORMS);
    let mut text = fill(r.pick(templates), topic, role_noun(role), platform);
    if r.chance(0.6) {
        text.push(' ');
        text.push_str(r.pick(MORE));
    }
    text
}

pub(super) fn place(r: &mut Rng, channel: Channel) -> &'static str {
    let places: &[&str] = match channel {
        Channel::Persoonlijk => &[
            "hal gemeentekantoor",
            "balie Burgerzaken",
            "spreekkamer Hofstraat",
            "raadzaal (na afloop)",
            "markt Aalten",
            "Markt Bredevoort",
            "parkeerplaats gemeentekantoor",
            "dorpshuis Dinxperlo",
            "supermarkt IJzerlo",
            "voor de woning van het slachtoffer",
            "inloopavond in De Bongerd",
            "sporthal Het Hoge Veld",
        ],
        Channel::Email => &[
            "per e-mail (raadsadres)",
            "e-mail aan de hele raad",
            "contactformulier website",
        ],
        Channel::SocialeMedia => &[
            "sociale media: Facebook",
            "sociale media: X",
            "sociale media: Instagram",
            "sociale media: TikTok",
            "WhatsApp-groep van de buurt",
            "reacties onder de livestream",
        ],
        Channel::Telefoon => &[
            "telefonisch (privénummer)",
            "telefonisch via het KCC",
            "voicemail",
        ],
        Channel::Schriftelijk => &[
            "brief aan het huisadres",
            "brief aan de raad",
            "kaart in de brievenbus",
        ],
        Channel::Anders => &[
            "via een familielid",
            "graffiti op de gevel van het gemeentekantoor",
            "bij de kermis",
        ],
    };
    r.pick(places)
}

pub(super) fn evidence(
    r: &mut Rng,
    channel: Option<Channel>,
    case: usize,
    item: u32,
    at: i64,
) -> EventBody {
    let email = channel == Some(Channel::Email);
    let platform = if email {
        "e-mail".to_string()
    } else {
        r.pick(PLATFORMS).to_string()
    };
    let account = if email {
        format!("{}{}@gmail.com", r.pick(HANDLES), r.below(100))
    } else {
        format!("@{}{}", r.pick(HANDLES), r.below(1000))
    };
    let urls = if email {
        Vec::new()
    } else {
        vec![format!(
            "https://www.{}.com/posts/{}",
            platform.to_lowercase().replace([' ', '/'], ""),
            r.next() % 10_000_000_000
        )]
    };
    let file_path = format!("bewijs/zaak-{case}/bericht-{item}.png");
    EventBody::EvidenceAdded {
        platform,
        account,
        urls,
        message_at: Some(time::local_string(&local(at - r.range(5, 600) * MINUTE))),
        file_sha256: hex::encode(chain::sha256(file_path.as_bytes())),
        file_path,
        norm_communicated: r.chance(0.5),
        reported_to_platform: r.chance(0.6),
    }
}

pub(super) fn measure_kind(r: &mut Rng, category: Category, live: bool) -> MeasureKind {
    use MeasureKind as M;
    match (category, live) {
        (_, true) => r.weighted(&[
            (M::Vergaderverbod, 40),
            (M::SchriftelijkeWaarschuwing, 30),
            (M::Aangifte, 15),
            (M::IncidentGesprek, 15),
        ]),
        (Category::FysiekGeweld, _) => r.weighted(&[
            (M::Aangifte, 40),
            (M::Toegangsverbod, 30),
            (M::AfspraakPolitie, 20),
            (M::OmDriehoek, 10),
        ]),
        (Category::BedreigingIntimidatie, _) => r.weighted(&[
            (M::SchriftelijkeWaarschuwing, 25),
            (M::MeldingPolitie, 25),
            (M::Toegangsverbod, 15),
            (M::AfspraakPolitie, 15),
            (M::Aangifte, 15),
            (M::OmDriehoek, 5),
        ]),
        _ => r.weighted(&[
            (M::MondelingeWaarschuwing, 40),
            (M::SchriftelijkeWaarschuwing, 25),
            (M::IncidentGesprek, 20),
            (M::BeperkingDienstverlening, 10),
            (M::Anders, 5),
        ]),
    }
}

pub(super) fn new_perp(r: &mut Rng) -> Perp {
    let kind = r.weighted(&[
        (PerpetratorKind::Persoon, 85),
        (PerpetratorKind::Collectief, 8),
        (PerpetratorKind::Organisatie, 7),
    ]);
    let (description, name) = match kind {
        PerpetratorKind::Persoon => {
            let online = r.chance(0.3);
            let description = if online {
                format!(
                    "account @{}{} op {}",
                    r.pick(HANDLES),
                    r.below(1000),
                    r.pick(PLATFORMS)
                )
            } else {
                format!(
                    "{}, ca. {} jaar, {}",
                    r.pick(&["man", "vrouw"]),
                    r.range(20, 80),
                    r.pick(FEATURES)
                )
            };
            let name = if r.chance(0.45) {
                format!("{} {}", r.pick(FIRST_NAMES), r.pick(LAST_NAMES))
            } else {
                String::new()
            };
            (description, name)
        }
        PerpetratorKind::Collectief => {
            (fill(r.pick(GROUPS), r.pick(TOPICS), "", ""), String::new())
        }
        PerpetratorKind::Organisatie => {
            let org = r.pick(ORGANISATIONS);
            (
                format!("iemand namens {org}"),
                if r.chance(0.6) {
                    format!("{} {}", r.pick(FIRST_NAMES), r.pick(LAST_NAMES))
                } else {
                    String::new()
                },
            )
        }
    };
    Perp {
        kind,
        description,
        name,
        id: None,
    }
}

pub(super) fn police_reference(r: &mut Rng, at: i64) -> String {
    format!(
        "PL0600-{}{:07}",
        chrono::Datelike::year(&date(at)),
        r.below(10_000_000)
    )
}

/// The municipality's address as domicile, as the aangifte form prefills it.
pub(super) const DOMICILE: &str = "Gemeente Aalten, Hofstraat 8, Aalten";

pub(super) const TOPICS: &[&str] = &[
    "de windmolens bij IJzerlo",
    "de opvang van asielzoekers",
    "de nieuwe sporthal",
    "de afvalstoffenheffing",
    "het parkeerbeleid in het centrum",
    "de woningbouw aan de Haartseweg",
    "het zwembad",
    "de kermis",
    "de rondweg",
    "de zonneweide bij Barlo",
    "de bibliotheek",
    "het armoedebeleid",
    "de ozb-verhoging",
    "de herinrichting van de Markt",
    "de stikstofregels",
    "de jeugdzorg",
    "de verkeersveiligheid bij de school",
    "de sluiting van het dorpshuis",
];

pub(super) const COMMITTEES: &[&str] = &["Ruimte", "Bestuur", "Sociaal Domein", "Financiën"];

pub(super) const PLATFORMS: &[&str] = &[
    "Facebook",
    "X",
    "Instagram",
    "TikTok",
    "WhatsApp",
    "YouTube",
];

pub(super) const FYSIEK: &[&str] = &[
    "Duwde {r} hard tegen de muur na een gesprek over {t}.",
    "Gooide een bekertje koffie naar {r}.",
    "Gooide een ei naar {r} bij het verlaten van het gemeentekantoor.",
    "Spuugde {r} in het gezicht na de discussie over {t}.",
    "Trok aan de jas van {r} en liet pas los na ingrijpen van omstanders.",
    "Vernielde de fiets van {r} bij het gemeentekantoor.",
    "Sloeg {r} met de vlakke hand en schopte tegen de balie.",
    "Verstoorde het gesprek over {t}, sloeg de deur kapot en duwde {r}.",
];

pub(super) const DREIGING: &[&str] = &[
    "Dreigde {r} op te wachten: 'ik weet waar je woont'.",
    "Volgde {r} met de auto van het gemeentekantoor naar huis.",
    "Liet een ongewenst pakket achter bij de voordeur van {r}.",
    "Bedreigde {r} met geweld als het besluit over {t} niet wordt teruggedraaid.",
    "Seksueel intimiderende opmerkingen tegen {r} na de vergadering.",
    "Belde {r} 's nachts herhaaldelijk op het privénummer over {t}.",
    "Stond meerdere avonden bij de woning van {r} te filmen.",
];

pub(super) const DREIGING_ONLINE: &[&str] = &[
    "Stuurde herhaaldelijk berichten via {p} over {t}: 'dit ga je merken'.",
    "Plaatste het huisadres van {r} op {p} met de oproep 'ga eens langs'.",
    "Verstuurde een e-mail met een bedreiging aan {r} over {t}.",
    "Dreigbericht via {p}: 'mensen zoals jij moeten hangen'.",
    "Verspreidde een gemanipuleerde foto van {r} met een vizier erop via {p}.",
];

pub(super) const VERBAAL: &[&str] = &[
    "Schold {r} uit voor 'landverrader' en 'zakkenvuller'.",
    "Bleef {r} uitlachen en provoceren tijdens de inloopavond over {t}.",
    "Noemde {r} aan de balie 'corrupt' en 'leugenaar'.",
    "Riep {r} op de markt na met scheldwoorden over {t}.",
    "Beledigde {r} aan de telefoon en hing daarna op.",
];

pub(super) const VERBAAL_ONLINE: &[&str] = &[
    "Beledigende reacties over {r} op {p} onder een bericht over {t}.",
    "Noemde {r} 'corrupt' en 'leugenaar' in een e-mail aan de hele raad.",
    "Verspreidde smaad over {r} via {p}: 'steekt geld in eigen zak bij {t}'.",
    "Verstuurde een reeks scheldmails aan {r} over {t}.",
    "Maakte {r} belachelijk in een filmpje op {p}.",
];

pub(super) const EMOTIONEEL: &[&str] = &[
    "Boos over de afwijzing van een vergunning; kritiek op het beleid rond {t}, niet persoonlijk.",
    "Verheven stem over {t}: 'jullie luisteren nooit naar het dorp'.",
    "Emotioneel over de eigen situatie (schulden, uitkering); sloeg op tafel.",
    "Felle kritiek op de raad over {t}; geen persoonlijke aanval.",
    "Verstoorde de inloopavond over {t} met luid commentaar, kalmeerde na aanspreken.",
];

pub(super) const MORE: &[&str] = &[
    "Twee collega's waren getuige.",
    "Het slachtoffer was alleen.",
    "Het gesprek is direct beëindigd.",
    "Betrokkene vertrok na aanspreken.",
    "Eerder een vergelijkbaar voorval gemeld.",
    "De verstoring duurde ongeveer tien minuten.",
    "Het interventieteam is gealarmeerd.",
    "Slachtoffer voelt zich onveilig op het gemeentekantoor.",
];

pub(super) const LIVE_PLACES: &[&str] = &[
    "publieke tribune",
    "achterin de raadzaal",
    "bij de interruptiemicrofoon",
    "perstafel",
    "hal voor de raadzaal",
];

pub(super) const LIVE_WHAT: &[&str] = &[
    "Man op de publieke tribune roept herhaaldelijk door het debat over {t}.",
    "Groep met spandoeken verstoort de vergadering over {t} met spreekkoren.",
    "Vrouw loopt naar de interruptiemicrofoon en scheldt {r} uit.",
    "Bezoeker gooit papieren richting de voorzitter tijdens het agendapunt {t}.",
    "Fluitconcert en gejoel op de tribune bij de stemming over {t}.",
    "Verstoring: bezoeker weigert te gaan zitten en filmt raadsleden van dichtbij.",
];

pub(super) const LIVE_MORE: &[&str] = &[
    "Vergadering geschorst.",
    "Verstoring van de orde volgens art. 26 Gemeentewet.",
    "Rode jas, zwarte pet.",
    "Had eerder die avond ingesproken.",
    "Meerdere personen betrokken.",
];

pub(super) const DEMAND_WORDING: [&str; 3] = [
    "Ik verzoek u de zaal te verlaten.",
    "Ik vorder nogmaals dat u de zaal verlaat.",
    "Voor de derde keer: verlaat onmiddellijk de zaal.",
];

pub(super) const NOTES: &[&str] = &[
    "Contact gehad met {r}; wil voorlopig geen aangifte.",
    "Wijkagent geïnformeerd over de situatie rond {t}.",
    "{r} geeft aan zich onveilig te voelen bij het gemeentekantoor.",
    "Veroorzaker heeft excuses aangeboden per e-mail.",
    "Nieuwe berichten ontvangen via {p}; screenshots bewaard.",
    "Besproken in het Presidium.",
    "Verstoring nabesproken met de voorzitter en de griffier.",
    "Terugkoppeling van het OM: de zaak wordt vervolgd.",
    "Melding bij {p} gedaan; bericht is verwijderd.",
    "Gesprek met de leidinggevende over extra beveiliging van de balie.",
    "Verstuurd: brief met de norm aan de afzender.",
    "Vertrouwenspersoon ingeschakeld op verzoek van {r}.",
];

pub(super) const MEASURE_NOTES: &[&str] = &[
    "brief verstuurd aan het huisadres van de veroorzaker",
    "mondeling gemeld bij de balie",
    "in overleg met de politie",
    "besluit burgemeester, bezwaar mogelijk",
    "",
];

pub(super) const DAMAGES: &[&str] = &[
    "kapotte bril",
    "reparatie fiets",
    "schade aan de auto",
    "vervanging telefoon",
    "schoonmaak kleding",
];

pub(super) const SECURITY: &[&str] = &[
    "Camerabewaking bij de woning, afgestemd met de politie.",
    "Woning opgenomen in het surveillanceplan van de politie.",
    "Vervoer van en naar vergaderingen geregeld.",
];

pub(super) const CLOSING: &[&str] = &[
    "maatregelen genomen, nazorg afgerond",
    "aangifte gedaan; verder bij politie en OM",
    "slachtoffer wil geen verdere stappen",
    "waarschuwing gegeven, geen nieuwe voorvallen",
    "afgehandeld in het stopgesprek",
];

pub(super) const HANDLES: &[&str] = &[
    "aaltenzegtnee",
    "achterhoekboos",
    "echtebewoner",
    "waarheid_achterhoek",
    "dinxperlose",
    "bredevoortbelang",
    "burgerwacht",
    "boerenverstand",
];

pub(super) const FEATURES: &[&str] = &[
    "grijze baard",
    "rode jas",
    "pet met klep",
    "fiets met aanhanger",
    "bekend van de inloopavonden",
    "spreekt Duits",
    "tatoeage op de hals",
    "loopt met een stok",
];

pub(super) const GROUPS: &[&str] = &[
    "groep demonstranten tegen {t}",
    "actiegroep 'Aalten Zegt Nee' ({t})",
    "buurtbewoners die protesteren tegen {t}",
];

pub(super) const ORGANISATIONS: &[&str] = &[
    "Bouwbedrijf Te Boome B.V.",
    "Zonnepark IJzerlo B.V.",
    "Veehouderij Wikkerink",
    "Stichting Vrije Achterhoek",
    "Café ’t Hoekje",
];

pub(super) const FIRST_NAMES: &[&str] = &[
    "Henk", "Gerrit", "Johan", "Kevin", "Sandra", "Dennis", "Mehmet", "Jürgen", "Ria", "Marco",
    "Patrick", "Ingrid", "Bernard", "Yvonne", "Dirk", "Anouk",
];

pub(super) const LAST_NAMES: &[&str] = &[
    "Jansen",
    "de Graaf",
    "Hendriks",
    "Schäfer",
    "Öztürk",
    "Wolters",
    "Berendsen",
    "van IJssel",
    "’t Jong",
    "Kroesen",
    "Meijer",
    "Lübbers",
    "Gröting",
    "Kuijpers",
    "Te Brake",
];
