//! The anonymisation of the figures, end to end through the binary: a
//! register of 500 synthetic incidents over 2025 and 2026 carrying 200
//! fictitious people (each a name with accents, an address and an account
//! handle, as victims, as registered perpetrators, as a live disturber and
//! in every kind of free text). None of them may be in any format (md,
//! csv, pdf) of the yearly report, the trends or the presidium overview,
//! searched case- and accent-insensitively, word by word too; the same
//! search finds each of them in the dossiers of their cases, so the search
//! is shown to work on the same kind of text. Every number the figures
//! show obeys the suppression rules: none between 1 and the threshold, the
//! change only next to two shown numbers, no hidden number recoverable from
//! the totals (solved as a linear system, as a reader would), the Markdown
//! and the PDF the same cells as the CSV, and the shown counts the true
//! ones of the register.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use chrono::{DateTime, Datelike, Duration, FixedOffset, TimeZone};
use common::Sandbox;
use raadsorde::domain::access::Role;
use raadsorde::domain::case::{
    Channel, MeasureKind, MeasureStatus, PerpetratorKind, Talk, Victim, VictimRole,
};
use raadsorde::domain::event::Who;
use raadsorde::domain::{Category, EventBody, MeetingType, NewEvent};
use raadsorde::storage::{Batch, Store};
use sha2::{Digest as _, Sha256};

const PERSONS: usize = 200;
const INCIDENTS: usize = 500;
/// The default threshold of the settings.
const K: u64 = 5;

// ---------------------------------------------------------------------------
// The people: 20 first names times 10 surnames, each with an address and a
// handle of its own. Every word of them is one no report has a reason to
// contain.

const FIRST: [&str; 20] = [
    "Anneliëse",
    "Jörgen",
    "Sølvejg",
    "Øysteïn",
    "Brígida",
    "Célestine",
    "Dörthea",
    "Émeraude",
    "Fræyja",
    "Gúdrunë",
    "Håkonine",
    "Ísoldé",
    "Kjërstin",
    "Lúcàsz",
    "Mårtenje",
    "Noëlla",
    "Ottóline",
    "Pérpetua",
    "Quirína",
    "Rúnólfur",
];

const LAST: [&str; 10] = [
    "Ørsted-Brühl",
    "Åkerblöm-Zwijsen",
    "Lindqvíst-Ötzelaar",
    "Vërmeulén-Grønbech",
    "Çakırlar-Dúbois",
    "Szczęsny-Hålland",
    "Ñúñez-Kœnigsberg",
    "Þórsdóttir-Værøy",
    "Żelazowski-Ærlighed",
    "Dvořák-Lüttgenhof",
];

const STREETS: [&str; 10] = [
    "Weißdoornsteeg",
    "Knüppelhorstlaan",
    "Åbeltjesgracht",
    "Ossewörtelkade",
    "Pëperwortelhof",
    "Zandlöperstraat",
    "Dûvekaterpad",
    "Griffioenhöfje",
    "Ijzerkrüidwal",
    "Bökkepootsingel",
];

#[derive(Debug, Clone)]
struct Person {
    name: String,
    address: String,
    handle: String,
}

fn person(p: usize) -> Person {
    let first = FIRST[p % FIRST.len()];
    let last = LAST[p / FIRST.len()];
    let surname = last.split('-').next().unwrap();
    Person {
        name: format!("{first} {last}"),
        address: format!(
            "{} {}, 71{:02} {}{} Lichtenvörde",
            STREETS[p % STREETS.len()],
            100 + p,
            p % 100,
            (b'A' + (p % 26) as u8) as char,
            (b'A' + (p / 26) as u8) as char,
        ),
        handle: format!("@{}_{}_{p:03}", fold(first), fold(surname)),
    }
}

/// Lower case, without accents, without whitespace and without the
/// backslashes of Markdown's escapes: where a line breaks, how a letter is
/// written or escaped does not hide a name from this search.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'ď' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' => "i",
            'ł' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' => "r",
            'ś' | 'š' => "s",
            'ß' => "ss",
            'ť' => "t",
            'þ' => "th",
            'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ū' | 'ű' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            // Ligatures a PDF's text may keep, hyphens it may choose.
            'ﬀ' => "ff",
            'ﬁ' => "fi",
            'ﬂ' => "fl",
            'ﬃ' => "ffi",
            'ﬄ' => "ffl",
            'ﬅ' | 'ﬆ' => "st",
            '\u{2010}' | '\u{2011}' => "-",
            // Combining marks (a decomposed é), soft hyphens, escapes.
            '\u{300}'..='\u{36f}' | '\u{ad}' | '\\' => "",
            c if c.is_whitespace() => "",
            c => {
                out.push(c);
                continue;
            }
        };
        out.push_str(mapped);
    }
    out
}

/// The words of a text that could only come from it: letters only, five or
/// more.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphabetic())
        .map(fold)
        .filter(|w| w.chars().count() >= 5)
        .collect()
}

#[test]
fn fold_takes_case_accents_escapes_and_line_breaks_away() {
    assert_eq!(fold("Øysteïn Ørsted-Brühl"), "oysteinorsted-bruhl");
    assert_eq!(fold("ØYSTEÏN\n ØRSTED-\nBRÜHL"), "oysteinorsted-bruhl");
    assert_eq!(
        fold("Þórsdóttir Weißdoornsteeg Kœnig"),
        "thorsdottirweissdoornsteegkoenig"
    );
    assert_eq!(fold("e\u{301}e"), "ee");
    assert_eq!(fold("Gri\u{fb00}ioenhöfje"), "griffioenhofje");
    assert_eq!(fold(r"@jorgen\_orsted\_017"), "@jorgen_orsted_017");
    assert_eq!(
        fold("Çakırlar-Dúbois Szczęsny Żelazowski Dvořák"),
        "cakirlar-duboisszczesnyzelazowskidvorak"
    );
    // Every person is distinct, also once folded, and none is a part of
    // another (a search for one must not find another).
    let all: Vec<String> = (0..PERSONS)
        .flat_map(|p| {
            let x = person(p);
            [fold(&x.name), fold(&x.address), fold(&x.handle)]
        })
        .collect();
    let distinct: BTreeSet<&String> = all.iter().collect();
    assert_eq!(distinct.len(), 3 * PERSONS);
    for a in &all {
        assert_eq!(
            all.iter().filter(|b| b.contains(a.as_str())).count(),
            1,
            "{a}"
        );
    }
    // Every name carries at least one letter outside ASCII.
    assert!((0..PERSONS).all(|p| !person(p).name.is_ascii()));
}

// ---------------------------------------------------------------------------
// The register.

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// One of `choices`, by weight.
    fn pick<T: Copy>(&mut self, choices: &[(T, u64)]) -> T {
        let total: u64 = choices.iter().map(|(_, w)| w).sum();
        let mut r = self.below(total);
        for (c, w) in choices {
            if r < *w {
                return *c;
            }
            r -= w;
        }
        choices[0].0
    }
}

/// One incident as planned.
#[derive(Debug, Clone)]
struct Spec {
    /// When it happened, local time.
    at: DateTime<FixedOffset>,
    /// Logged live in a meeting (no channel); else an intake by `channel`.
    live: bool,
    channel: Channel,
    role: VictimRole,
    category: Category,
    victim: usize,
    perpetrators: Vec<usize>,
    measures: Vec<(MeasureKind, MeasureStatus)>,
    aangifte: bool,
    /// 0 none, 1 planned, 2 held, 3 declined.
    aftercare: u8,
    /// 0 open, 1 in behandeling, 2 afgesloten.
    status: u8,
}

/// A case of the register, as made.
#[derive(Debug, Clone)]
struct Made {
    spec: Spec,
    number: String,
    /// What its dossier must contain (each person's name, address, handle
    /// as far as this case carries them), by person.
    expected: Vec<(usize, String)>,
}

fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    chrono_tz::Europe::Amsterdam
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap()
        .fixed_offset()
}

fn plan() -> Vec<Spec> {
    let mut rng = Rng(0x5eed_2026);
    let latest = raadsorde::domain::time::now() - Duration::days(1);
    let mut specs = Vec::with_capacity(INCIDENTS);
    for i in 0..INCIDENTS {
        let year = if i % 9 < 4 { 2025 } else { 2026 };
        let month = 1 + rng.below(12) as u32;
        let mut at = local(
            year,
            month,
            1 + rng.below(28) as u32,
            9 + rng.below(12) as u32,
            rng.below(60) as u32,
        );
        // Never in the future (the register refuses that): back by months.
        while at > latest {
            at -= Duration::days(31);
        }
        let live = rng.below(100) < 12;
        let channel = rng.pick(&[
            (Channel::Email, 30),
            (Channel::SocialeMedia, 30),
            (Channel::Telefoon, 10),
            (Channel::Persoonlijk, 12),
            (Channel::Schriftelijk, 6),
            (Channel::Anders, 3),
        ]);
        let role = rng.pick(&[
            (VictimRole::Raadslid, 50),
            (VictimRole::Fractievolger, 15),
            (VictimRole::Wethouder, 27),
            (VictimRole::Burgemeester, 8),
        ]);
        let category = rng.pick(&[
            (Category::VerbaleAgressie, 40),
            (Category::BedreigingIntimidatie, 30),
            (Category::EmotioneelGedrag, 20),
            (Category::FysiekGeweld, 10),
        ]);
        // Every person a victim (the first 200) and a perpetrator (7 is
        // prime to 200; i*7+3 is never i modulo 200).
        let victim = if i < PERSONS {
            i
        } else {
            rng.below(PERSONS as u64) as usize
        };
        let mut perpetrators = Vec::new();
        if i < 325 || rng.below(100) < 40 {
            perpetrators.push((i * 7 + 3) % PERSONS);
        }
        if rng.below(100) < 15 {
            let second = (i * 13 + 11) % PERSONS;
            if second != victim && !perpetrators.contains(&second) {
                perpetrators.push(second);
            }
        }
        let mut measures = Vec::new();
        for _ in 0..rng.below(3) {
            let kind = rng.pick(&[
                (MeasureKind::MondelingeWaarschuwing, 20),
                (MeasureKind::SchriftelijkeWaarschuwing, 15),
                (MeasureKind::Toegangsverbod, 10),
                (MeasureKind::Vergaderverbod, 4),
                (MeasureKind::IncidentGesprek, 10),
                (MeasureKind::MeldingPolitie, 12),
                (MeasureKind::BeperkingDienstverlening, 5),
                (MeasureKind::OmDriehoek, 2),
                (MeasureKind::Anders, 2),
            ]);
            let status = rng.pick(&[
                (MeasureStatus::Genomen, 70),
                (MeasureStatus::Afgerond, 15),
                (MeasureStatus::Voorgenomen, 15),
            ]);
            measures.push((kind, status));
        }
        specs.push(Spec {
            at,
            live,
            channel,
            role,
            category,
            victim,
            perpetrators,
            measures,
            aangifte: rng.below(100) < 22,
            aftercare: rng.pick(&[(0, 30), (1, 20), (2, 35), (3, 15)]),
            status: rng.pick(&[(0, 40), (1, 30), (2, 30)]),
        });
    }
    specs.sort_by_key(|s| s.at);
    specs
}

fn ev(at: DateTime<FixedOffset>, case: Option<u64>, body: EventBody) -> NewEvent {
    NewEvent {
        case_id: case,
        ..NewEvent::new(at, "griffie", body)
    }
}

/// Appends one incident; its case id and what its dossier must show.
fn append_case(
    b: &mut Batch<'_>,
    n: usize,
    s: &Spec,
    registered: &mut HashMap<usize, u64>,
) -> (u64, Vec<(usize, String)>) {
    let v = person(s.victim);
    let perps: Vec<Person> = s.perpetrators.iter().map(|p| person(*p)).collect();
    let mut expected = vec![
        (s.victim, v.name.clone()),
        (s.victim, v.address.clone()),
        (s.victim, v.handle.clone()),
    ];
    for (p, x) in s.perpetrators.iter().zip(&perps) {
        expected.push((*p, x.name.clone()));
        expected.push((*p, x.address.clone()));
        expected.push((*p, x.handle.clone()));
    }
    let victim = Victim {
        name: v.name.clone(),
        role: s.role,
        also: format!("woning {}, account {}", v.address, v.handle),
    };
    let offender = perps
        .first()
        .map(|x| format!("{} ({})", x.name, x.handle))
        .unwrap_or_else(|| "een onbekende".into());
    let what = format!(
        "{offender} richtte zich tot {} en noemde het adres {}",
        v.name, v.address
    );
    let at = s.at;
    let minute = |m: i64| at + Duration::minutes(m);
    let case = if s.live {
        let meeting = b
            .append(ev(
                minute(-30),
                None,
                EventBody::MeetingStarted {
                    meeting_type: MeetingType::Raadsvergadering,
                    title: format!("Raadsvergadering over de {}", v.address),
                    chair: "burgemeester".into(),
                    location: "Raadzaal, Gemeentekantoor, Hofstraat 8, Aalten".into(),
                    town_hall: true,
                    risk_check: None,
                },
            ))
            .unwrap()
            .meeting_id;
        let case = b
            .append(NewEvent {
                meeting_id: meeting,
                ..ev(
                    at,
                    None,
                    EventBody::DisturbanceStarted {
                        number: 1,
                        category: None,
                        place: String::new(),
                        description: String::new(),
                        opened_by: None,
                    },
                )
            })
            .unwrap()
            .case_id
            .unwrap();
        let live = |m: i64, body: EventBody| NewEvent {
            meeting_id: meeting,
            ..ev(minute(m), Some(case), body)
        };
        b.append(live(
            1,
            EventBody::DisturbanceDescribed {
                category: Some(s.category),
                place: Some(format!("publieke tribune, bij {}", v.name)),
                what: Some(what.clone()),
            },
        ))
        .unwrap();
        if let Some(x) = perps.first() {
            b.append(live(
                2,
                EventBody::PersonDescribed {
                    person: 1,
                    who: Who {
                        name: x.name.clone(),
                        description: format!("woont {}, account {}", x.address, x.handle),
                        ..Who::of(PerpetratorKind::Persoon)
                    },
                },
            ))
            .unwrap();
        }
        b.append(live(5, EventBody::DisturbanceEnded {})).unwrap();
        b.append(NewEvent {
            meeting_id: meeting,
            ..ev(minute(60), None, EventBody::MeetingEnded {})
        })
        .unwrap();
        b.append(ev(
            minute(90),
            Some(case),
            EventBody::VictimRecorded { victim },
        ))
        .unwrap();
        case
    } else {
        b.append(ev(
            minute(60),
            None,
            EventBody::CaseOpened {
                occurred_at: at.to_rfc3339(),
                channel: s.channel,
                victim,
                what: what.clone(),
                place: format!("bij de woning, {}", v.address),
                category: s.category,
            },
        ))
        .unwrap()
        .case_id
        .unwrap()
    };
    let mut t = 100;
    let mut on = |b: &mut Batch<'_>, case: Option<u64>, body: EventBody| {
        t += 1;
        b.append(ev(minute(t), case, body)).unwrap()
    };
    // The perpetrators: registered once, on their own or with this case,
    // and linked to every later case of theirs.
    for (p, x) in s.perpetrators.iter().zip(&perps) {
        let description = format!("woont {}, account {}", x.address, x.handle);
        match registered.get(p) {
            Some(id) => {
                on(
                    b,
                    Some(case),
                    EventBody::PerpetratorLinked { perpetrator: *id },
                );
            }
            None if n.is_multiple_of(2) => {
                let id = on(
                    b,
                    None,
                    EventBody::PerpetratorRegistered {
                        kind: PerpetratorKind::Persoon,
                        description,
                        name: x.name.clone(),
                    },
                )
                .seq;
                registered.insert(*p, id);
                on(
                    b,
                    Some(case),
                    EventBody::PerpetratorLinked { perpetrator: id },
                );
            }
            None => {
                let id = on(
                    b,
                    Some(case),
                    EventBody::PerpetratorRegistered {
                        kind: PerpetratorKind::Persoon,
                        description,
                        name: x.name.clone(),
                    },
                )
                .seq;
                registered.insert(*p, id);
            }
        }
    }
    // Online evidence: the sender's account, its URL, the kept file.
    if !s.live && matches!(s.channel, Channel::Email | Channel::SocialeMedia) {
        let account = perps.first().unwrap_or(&v).handle.clone();
        on(
            b,
            Some(case),
            EventBody::EvidenceAdded {
                platform: if s.channel == Channel::Email {
                    "e-mail".into()
                } else {
                    "X".into()
                },
                account: account.clone(),
                urls: vec![format!(
                    "https://x.com/{}/status/{}",
                    account.trim_start_matches('@'),
                    1_864_000_000_000_000_000u64 + n as u64
                )],
                message_at: Some(at.to_rfc3339()),
                file_path: format!("bewijs/{}.png", account.trim_start_matches('@')),
                file_sha256: hex::encode(Sha256::digest(account.as_bytes())),
                norm_communicated: n.is_multiple_of(3),
                reported_to_platform: n.is_multiple_of(2),
            },
        );
    }
    let day = at.date_naive();
    for (kind, status) in &s.measures {
        let (start, end) = match kind {
            MeasureKind::Toegangsverbod => (Some(day), Some(day + Duration::days(120))),
            MeasureKind::Vergaderverbod => (Some(day), Some(day + Duration::days(60))),
            _ => (None, None),
        };
        on(
            b,
            Some(case),
            EventBody::MeasureRecorded {
                kind: *kind,
                decided_on: day,
                decided_by: "burgemeester".into(),
                start,
                end,
                status: *status,
                note: format!("besproken met {offender}"),
            },
        );
    }
    if s.aangifte {
        on(b, Some(case), EventBody::ConsentRecorded { consent: true });
        on(
            b,
            Some(case),
            EventBody::AangifteFiled {
                on: day,
                vpt: n.is_multiple_of(2),
                domicile: "Gemeente Aalten, Hofstraat 8, 7121 DJ Aalten".into(),
                police_reference: format!("PL0600-{}-{n:05}", at.year()),
            },
        );
    }
    match s.aftercare {
        1 => {
            on(
                b,
                Some(case),
                EventBody::AftercarePlanned {
                    talk: Talk::Eerste,
                    on: day,
                    by: "griffier".into(),
                },
            );
        }
        2 => {
            on(
                b,
                Some(case),
                EventBody::AftercareHeld {
                    talk: Talk::Eerste,
                    on: day,
                    by: "griffier".into(),
                    referral: n.is_multiple_of(4),
                },
            );
        }
        3 => {
            on(
                b,
                Some(case),
                EventBody::AftercareDeclined {
                    talk: Talk::Eerste,
                    on: day,
                },
            );
        }
        _ => {}
    }
    // Free text that goes nowhere but the register: a note, the
    // confidential security measures, damage.
    if n.is_multiple_of(5) {
        on(
            b,
            Some(case),
            EventBody::Note {
                text: format!("{} belde nog over {offender}", v.name),
            },
        );
        on(
            b,
            Some(case),
            EventBody::SecurityMeasuresNoted {
                text: format!("camerabewaking bij {}", v.address),
            },
        );
    }
    if n.is_multiple_of(7) {
        on(
            b,
            Some(case),
            EventBody::DamageRecorded {
                description: format!("ruit van {} ingegooid", v.name),
                amount: 25_000 + n as i64,
                paid_to_victim: 0,
                recovered: 0,
            },
        );
    }
    if s.status >= 1 {
        on(
            b,
            Some(case),
            EventBody::StatusChanged {
                status: raadsorde::domain::case::CaseStatus::InBehandeling,
                reason: String::new(),
            },
        );
    }
    if s.status == 2 {
        on(
            b,
            Some(case),
            EventBody::StatusChanged {
                status: raadsorde::domain::case::CaseStatus::Afgesloten,
                reason: format!("afgehandeld in overleg met {}", v.name),
            },
        );
    }
    (case, expected)
}

/// The register of the test; `griet` is griffie, `sam` gemeentesecretaris/P&O.
fn register(sandbox: &Sandbox) -> Vec<Made> {
    let specs = plan();
    let mut s = Store::open_with(&sandbox.db(), None).unwrap();
    s.act_as("beheer").unwrap();
    s.grant_role("griet", Role::Griffie).unwrap();
    s.grant_role("sam", Role::Secretaris).unwrap();
    let mut registered = HashMap::new();
    let cases: Vec<(u64, Vec<(usize, String)>)> = s
        .batch(|b| {
            Ok(specs
                .iter()
                .enumerate()
                .map(|(n, spec)| append_case(b, n, spec, &mut registered))
                .collect())
        })
        .unwrap();
    specs
        .into_iter()
        .zip(cases)
        .map(|(spec, (id, expected))| Made {
            spec,
            number: s
                .connection()
                .query_row("SELECT number FROM cases WHERE id = ?1", [id], |r| r.get(0))
                .unwrap(),
            expected,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The binary.

struct Run {
    ok: bool,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(sandbox: &Sandbox, user: &str, args: &[&str]) -> Run {
    let out = sandbox
        .command()
        .env("USER", user)
        .env("LOGNAME", user)
        .args(args)
        .output()
        .unwrap();
    Run {
        ok: out.status.success(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The text of a PDF (`-raw`: in the order it was typeset).
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success(), "pdftotext: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Without any whitespace.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------
// The figures, read back from their CSV and Markdown.

#[derive(Debug, Clone, PartialEq)]
struct Table {
    title: String,
    columns: Vec<String>,
    /// Label and cells (an absent change or direction: empty).
    rows: Vec<(String, Vec<String>)>,
}

fn csv_tables(bytes: &[u8]) -> Vec<Table> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a BOM for the spreadsheet");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut tables: Vec<Table> = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        let fields: Vec<String> = record.iter().map(str::to_string).collect();
        if fields[0] == "tabel" {
            assert_eq!(fields[1], "rij");
            columns = fields[2..].to_vec();
            continue;
        }
        assert_eq!(fields.len(), columns.len() + 2, "{fields:?}");
        let row = (fields[1].clone(), fields[2..].to_vec());
        match tables.last_mut() {
            Some(t) if t.title == fields[0] => t.rows.push(row),
            _ => tables.push(Table {
                title: fields[0].clone(),
                columns: columns.clone(),
                rows: vec![row],
            }),
        }
    }
    tables
}

fn md_tables(md: &str) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    for line in md.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            tables.push(Table {
                title: title.to_string(),
                columns: Vec::new(),
                rows: Vec::new(),
            });
            continue;
        }
        let Some(t) = tables.last_mut() else { continue };
        let Some(inner) = line.strip_prefix("| ").and_then(|l| l.strip_suffix(" |")) else {
            continue;
        };
        if line.starts_with("|---") {
            continue;
        }
        let cells: Vec<String> = inner.split(" | ").map(str::to_string).collect();
        if let Some(heads) = line.strip_prefix("| | ") {
            t.columns = heads
                .strip_suffix(" |")
                .unwrap()
                .split(" | ")
                .map(str::to_string)
                .collect();
            continue;
        }
        let label = cells[0].trim_matches('*').to_string();
        let cells = cells[1..]
            .iter()
            .map(|c| if c == "—" { String::new() } else { c.clone() })
            .collect();
        t.rows.push((label, cells));
    }
    tables
}

/// A number as the figures show one: a count, or hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Count(u64),
    Hidden,
}

#[track_caller]
fn cell(text: &str, at: &str) -> Cell {
    if text == format!("< {K}") {
        return Cell::Hidden;
    }
    let n: u64 = text
        .parse()
        .unwrap_or_else(|_| panic!("{at}: {text:?} is neither a count nor \"< {K}\""));
    assert!(
        n == 0 || n >= K,
        "{at}: the count {n} is under the threshold {K} and shown"
    );
    Cell::Count(n)
}

/// Which document a table set is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Report,
    Trends,
    Presidium,
}

/// The numbers of one column of a document: `(table, row) -> cell`.
type Column = BTreeMap<(String, String), Cell>;

/// Checks every cell and the change/direction column; returns the numeric
/// columns by title.
fn check_cells(doc: &str, kind: Kind, tables: &[Table]) -> Vec<(String, Column)> {
    assert!(!tables.is_empty(), "{doc}: no tables");
    let numeric = |c: &str| c == "aantal" || c.parse::<i32>().is_ok();
    let mut columns: Vec<(String, Column)> = Vec::new();
    for t in tables {
        for (label, cells) in &t.rows {
            let at = format!("{doc}, {} / {label}", t.title);
            let mut counts = Vec::new();
            for (c, text) in t.columns.iter().zip(cells) {
                if !numeric(c) {
                    continue;
                }
                let value = cell(text, &format!("{at} / {c}"));
                counts.push(value);
                match columns.iter_mut().find(|(title, _)| title == c) {
                    Some((_, col)) => {
                        col.insert((t.title.clone(), label.clone()), value);
                    }
                    None => columns.push((
                        c.clone(),
                        BTreeMap::from([((t.title.clone(), label.clone()), value)]),
                    )),
                }
            }
            match kind {
                Kind::Report => {
                    // 2026, 2025, verschil: a change only next to two
                    // shown numbers, and then theirs.
                    assert_eq!(t.columns.len(), 3, "{at}");
                    let change = &cells[2];
                    match (counts[0], counts[1]) {
                        (Cell::Count(a), Cell::Count(b)) => {
                            let d = a as i64 - b as i64;
                            let want = if d > 0 {
                                format!("+{d}")
                            } else {
                                d.to_string()
                            };
                            assert_eq!(change, &want, "{at}");
                        }
                        _ => assert!(
                            change.is_empty(),
                            "{at}: a change {change} next to a hidden number"
                        ),
                    }
                }
                Kind::Trends => {
                    let direction = cells.last().unwrap();
                    match (counts.first().unwrap(), counts.last().unwrap()) {
                        (Cell::Count(a), Cell::Count(b)) => {
                            let want = match b.cmp(a) {
                                std::cmp::Ordering::Greater => "stijgend",
                                std::cmp::Ordering::Less => "dalend",
                                std::cmp::Ordering::Equal => "gelijk",
                            };
                            assert_eq!(direction, want, "{at}");
                        }
                        _ => assert!(
                            direction.is_empty(),
                            "{at}: a direction {direction} next to a hidden number"
                        ),
                    }
                }
                Kind::Presidium => assert_eq!(t.columns, ["aantal"], "{at}"),
            }
        }
    }
    columns
}

/// The sums a reader knows hold: `(total, parts)`, by (table, row).
type Key = (String, String);

fn equations(kind: Kind, tables: &[Table]) -> Vec<(Key, Vec<Key>)> {
    let key = |t: &str, r: &str| (t.to_string(), r.to_string());
    let rows_of = |title: &str| -> Vec<Key> {
        let t = tables
            .iter()
            .find(|t| t.title == title)
            .unwrap_or_else(|| panic!("no table {title}"));
        t.rows.iter().map(|(l, _)| key(title, l)).collect()
    };
    match kind {
        Kind::Presidium => tables
            .iter()
            .map(|t| {
                let parts: Vec<Key> = t
                    .rows
                    .iter()
                    .filter(|(l, _)| l != "totaal")
                    .map(|(l, _)| key(&t.title, l))
                    .collect();
                assert_eq!(t.rows.last().unwrap().0, "totaal", "{t:?}");
                (key(&t.title, "totaal"), parts)
            })
            .collect(),
        Kind::Report | Kind::Trends => {
            let total = key("Incidenten", "incidenten");
            let mut eqs = Vec::new();
            for (title, n) in [
                ("Naar categorie", 4),
                ("Naar maand", 12),
                ("Naar veroorzaker", 3),
                ("Online of offline", 2),
            ] {
                let rows = rows_of(title);
                assert_eq!(rows.len(), n, "{title}");
                eqs.push((total.clone(), rows));
            }
            let places = rows_of("Naar soort plaats of kanaal");
            assert_eq!(places.len(), 7);
            let online = |k: &Key| k.1 == "e-mail" || k.1 == "sociale media";
            eqs.push((
                key("Online of offline", "online"),
                places.iter().filter(|k| online(k)).cloned().collect(),
            ));
            eqs.push((
                key("Online of offline", "offline"),
                places.iter().filter(|k| !online(k)).cloned().collect(),
            ));
            eqs
        }
    }
}

/// Whether any hidden cell of `column` follows from the equations and the
/// shown cells: Gauss-Jordan on the hidden unknowns; an unknown is
/// determined exactly when a row of the reduced system names it alone.
/// Returns the determined cells with their values.
fn recoverable(doc: &str, column: &Column, eqs: &[(Key, Vec<Key>)]) -> Vec<(Key, f64)> {
    let hidden: Vec<&Key> = column
        .iter()
        .filter(|(_, c)| **c == Cell::Hidden)
        .map(|(k, _)| k)
        .collect();
    let index = |k: &Key| hidden.iter().position(|h| *h == k);
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for (total, parts) in eqs {
        // total - sum(parts) = 0, the shown ones moved to the right.
        let mut row = vec![0.0; hidden.len() + 1];
        let mut known = 0i64;
        for (k, sign) in std::iter::once((total, 1i64)).chain(parts.iter().map(|p| (p, -1))) {
            match column
                .get(k)
                .unwrap_or_else(|| panic!("{doc}: no cell {k:?}"))
            {
                Cell::Count(n) => known += sign * *n as i64,
                Cell::Hidden => row[index(k).unwrap()] += sign as f64,
            }
        }
        *row.last_mut().unwrap() = -known as f64;
        if row[..hidden.len()].iter().all(|x| *x == 0.0) {
            // Nothing hidden: the sum must hold, or this model of the
            // tables (and so the check) is wrong.
            assert_eq!(known, 0, "{doc}: {total:?} is not the sum of {parts:?}");
            continue;
        }
        rows.push(row);
    }
    let n = hidden.len();
    let mut pivot_row = 0;
    let mut pivots = Vec::new();
    for col in 0..n {
        let Some(r) = (pivot_row..rows.len()).find(|r| rows[*r][col].abs() > 1e-9) else {
            continue;
        };
        rows.swap(pivot_row, r);
        let p = rows[pivot_row][col];
        for x in rows[pivot_row].iter_mut() {
            *x /= p;
        }
        for r in 0..rows.len() {
            if r != pivot_row && rows[r][col].abs() > 1e-9 {
                let f = rows[r][col];
                let pivot = rows[pivot_row].clone();
                for (x, y) in rows[r].iter_mut().zip(&pivot) {
                    *x -= f * y;
                }
            }
        }
        pivots.push((pivot_row, col));
        pivot_row += 1;
    }
    pivots
        .into_iter()
        .filter(|(r, col)| (0..n).all(|c| c == *col || rows[*r][c].abs() < 1e-9))
        .map(|(r, col)| (hidden[col].clone(), rows[r][n]))
        .collect()
}

/// The true counts of the report's breakdowns of the incidents, from the
/// plan: `(table, row) -> count` for the incidents of `year` in the scope.
fn truth(cases: &[Made], year: i32, roles: [VictimRole; 2]) -> BTreeMap<Key, u64> {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let mut t: BTreeMap<Key, u64> = BTreeMap::new();
    let key = |a: &str, b: &str| (a.to_string(), b.to_string());
    for c in Category::ALL {
        t.insert(key("Naar categorie", c.label()), 0);
    }
    for m in MONTHS {
        t.insert(key("Naar maand", m), 0);
    }
    for k in ["online", "offline"] {
        t.insert(key("Online of offline", k), 0);
    }
    for p in [
        "vergadering of gesprek (live)",
        "persoonlijk contact",
        "telefoon",
        "schriftelijk",
        "e-mail",
        "sociale media",
        "anders",
    ] {
        t.insert(key("Naar soort plaats of kanaal", p), 0);
    }
    t.insert(key("Incidenten", "incidenten"), 0);
    for c in cases
        .iter()
        .map(|c| &c.spec)
        .filter(|s| s.at.year() == year && roles.contains(&s.role))
    {
        let place = if c.live {
            "vergadering of gesprek (live)"
        } else {
            c.channel.label()
        };
        let online = !c.live && matches!(c.channel, Channel::Email | Channel::SocialeMedia);
        for k in [
            key("Incidenten", "incidenten"),
            key("Naar categorie", c.category.label()),
            key("Naar maand", MONTHS[c.at.month0() as usize]),
            key(
                "Online of offline",
                if online { "online" } else { "offline" },
            ),
            key("Naar soort plaats of kanaal", place),
        ] {
            *t.get_mut(&k).unwrap_or_else(|| panic!("{k:?}")) += 1;
        }
    }
    t
}

// ---------------------------------------------------------------------------
// The test.

struct Doc {
    name: &'static str,
    user: &'static str,
    kind: Kind,
    args: Vec<&'static str>,
    /// Per numeric column: the year and the scope's roles, to compare with
    /// the truth.
    truth: Vec<(&'static str, i32, [VictimRole; 2])>,
}

const GRIFFIE: [VictimRole; 2] = [VictimRole::Raadslid, VictimRole::Fractievolger];
const PO: [VictimRole; 2] = [VictimRole::Burgemeester, VictimRole::Wethouder];

fn documents() -> Vec<Doc> {
    vec![
        Doc {
            name: "rapport-2026-griffie",
            user: "griet",
            kind: Kind::Report,
            args: vec!["report", "--year", "2026", "--scope", "griffie"],
            truth: vec![("2026", 2026, GRIFFIE), ("2025", 2025, GRIFFIE)],
        },
        Doc {
            name: "rapport-2026-po",
            user: "sam",
            kind: Kind::Report,
            args: vec!["report", "--year", "2026", "--scope", "po"],
            truth: vec![("2026", 2026, PO), ("2025", 2025, PO)],
        },
        Doc {
            name: "trends-griffie",
            user: "griet",
            kind: Kind::Trends,
            args: vec![
                "trends", "--from", "2025", "--to", "2026", "--scope", "griffie",
            ],
            truth: vec![("2025", 2025, GRIFFIE), ("2026", 2026, GRIFFIE)],
        },
        Doc {
            name: "trends-po",
            user: "sam",
            kind: Kind::Trends,
            args: vec!["trends", "--from", "2025", "--to", "2026", "--scope", "po"],
            truth: vec![("2025", 2025, PO), ("2026", 2026, PO)],
        },
        Doc {
            name: "presidium-griffie",
            user: "griet",
            kind: Kind::Presidium,
            args: vec!["presidium", "--since", "2025-01-01"],
            truth: vec![],
        },
        // The admin sees every case, the wethouders' too.
        Doc {
            name: "presidium-beheer",
            user: "beheer",
            kind: Kind::Presidium,
            args: vec!["presidium", "--since", "2025-01-01"],
            truth: vec![],
        },
    ]
}

/// What must never be in the figures: every name, address and handle, the
/// handle without its `@`, and every distinctive word of them; folded.
fn forbidden() -> (Vec<String>, BTreeSet<String>) {
    let mut whole = Vec::new();
    let mut parts = BTreeSet::new();
    for p in 0..PERSONS {
        let x = person(p);
        for s in [&x.name, &x.address, &x.handle] {
            whole.push(fold(s));
            parts.extend(words(s));
        }
        whole.push(fold(x.handle.trim_start_matches('@')));
    }
    (whole, parts)
}

#[track_caller]
fn names_nobody(what: &str, text: &str, forbidden: &(Vec<String>, BTreeSet<String>)) {
    let folded = fold(text);
    for s in &forbidden.0 {
        assert!(!folded.contains(s.as_str()), "{what}: {s:?} is in it");
    }
    for w in &forbidden.1 {
        assert!(
            !folded.contains(w.as_str()),
            "{what}: the word {w:?} is in it"
        );
    }
}

#[test]
fn no_figure_names_anyone_that_every_dossier_names_and_every_number_is_suppressed() {
    let started = Instant::now();
    let sandbox = Sandbox::new();
    let cases = register(&sandbox);
    assert_eq!(cases.len(), INCIDENTS);
    let built = started.elapsed();
    let forbidden = forbidden();
    // The register is as varied as it should be.
    let years: BTreeSet<i32> = cases.iter().map(|c| c.spec.at.year()).collect();
    assert_eq!(years, BTreeSet::from([2025, 2026]));
    let months: BTreeSet<(i32, u32)> = cases
        .iter()
        .map(|c| (c.spec.at.year(), c.spec.at.month()))
        .collect();
    assert_eq!(months.len(), 24, "every month of both years");
    assert!(cases.iter().filter(|c| c.spec.live).count() >= 30);
    let victims: BTreeSet<usize> = cases.iter().map(|c| c.spec.victim).collect();
    let offenders: BTreeSet<usize> = cases
        .iter()
        .flat_map(|c| c.spec.perpetrators.iter().copied())
        .collect();
    assert_eq!((victims.len(), offenders.len()), (PERSONS, PERSONS));

    // 1. The figures, in every format, name nobody.
    let dir = sandbox.root().join("cijfers");
    std::fs::create_dir(&dir).unwrap();
    let mut hidden_total = 0;
    let mut complementary = 0;
    // A year of a scope, as each document shows it: the report's previous
    // year and the trends' years must hide the same cells, or the two
    // together would show what each hides.
    let mut year_columns: BTreeMap<(String, String), (&str, Column)> = BTreeMap::new();
    for doc in documents() {
        let mut texts: BTreeMap<&str, String> = BTreeMap::new();
        let mut csv_bytes = Vec::new();
        for format in ["md", "csv", "pdf"] {
            let out = dir.join(format!("{}.{format}", doc.name));
            let mut args = doc.args.clone();
            args.extend(["--format", format, "--out", out.to_str().unwrap()]);
            let r = run(&sandbox, doc.user, &args);
            assert!(r.ok, "{} {format}: {}", doc.name, r.stderr);
            assert!(
                r.stdout.is_empty(),
                "{} {format}: to its file only",
                doc.name
            );
            let text = if format == "pdf" {
                pdf_text(&out)
            } else {
                let bytes = std::fs::read(&out).unwrap();
                if format == "csv" {
                    csv_bytes = bytes.clone();
                }
                String::from_utf8(bytes).unwrap()
            };
            let what = format!("{} ({format})", doc.name);
            names_nobody(&what, &text, &forbidden);
            names_nobody(&format!("{what}, its messages"), &r.stderr, &forbidden);
            // No case number either.
            for c in &cases {
                assert!(!text.contains(&c.number), "{what}: case {}", c.number);
            }
            texts.insert(format, text);
        }

        // 3. The suppression, from the CSV.
        let tables = csv_tables(&csv_bytes);
        let columns = check_cells(doc.name, doc.kind, &tables);
        let eqs = equations(doc.kind, &tables);
        for (title, column) in &columns {
            let found = recoverable(&format!("{} / {title}", doc.name), column, &eqs);
            assert!(
                found.is_empty(),
                "{} / {title}: hidden cells follow from the totals: {found:?}",
                doc.name
            );
            hidden_total += column.values().filter(|c| **c == Cell::Hidden).count();
        }
        if doc.kind != Kind::Presidium {
            let scope = doc.args[doc.args.len() - 1].to_string();
            for (title, column) in &columns {
                match year_columns.get(&(scope.clone(), title.clone())) {
                    Some((other, seen)) => assert_eq!(
                        seen, column,
                        "{} and {other} show {title} ({scope}) differently",
                        doc.name
                    ),
                    None => {
                        year_columns
                            .insert((scope.clone(), title.clone()), (doc.name, column.clone()));
                    }
                }
            }
        }
        // The shown counts are the register's, the hidden ones under the
        // threshold or hidden to protect another.
        for (title, year, roles) in &doc.truth {
            let column = &columns.iter().find(|(t, _)| t == title).unwrap().1;
            for (k, want) in truth(&cases, *year, *roles) {
                match column[&k] {
                    Cell::Count(n) => assert_eq!(n, want, "{} / {title} / {k:?}", doc.name),
                    Cell::Hidden if want >= K => complementary += 1,
                    Cell::Hidden => {}
                }
                if want < K {
                    assert_eq!(column[&k], Cell::Hidden, "{} / {title} / {k:?}", doc.name);
                }
            }
        }
        // The Markdown: the same tables, cell for cell.
        let md = md_tables(&texts["md"]);
        assert_eq!(md, tables, "{}: Markdown and CSV differ", doc.name);
        // The PDF: every row of every table, label and cells in order.
        let pdf = squash(&texts["pdf"]);
        for t in &tables {
            assert!(pdf.contains(&squash(&t.title)), "{}: {}", doc.name, t.title);
            for (label, cells) in &t.rows {
                let cells: Vec<&str> = cells
                    .iter()
                    .map(|c| if c.is_empty() { "—" } else { c.as_str() })
                    .collect();
                let row = squash(&format!("{label} {}", cells.join(" ")));
                assert!(
                    pdf.contains(&row),
                    "{} (pdf): the row {row:?} of {} is not as in the CSV",
                    doc.name,
                    t.title
                );
            }
        }
    }
    // The data put the suppression to work: small numbers hidden, and
    // numbers of the threshold or more hidden to protect them.
    assert!(hidden_total >= 20, "{hidden_total} hidden cells");
    assert!(complementary >= 1, "no complementary suppression exercised");
    assert_eq!(year_columns.len(), 4, "both years of both scopes compared");
    let figures = started.elapsed() - built;

    // 2. The same search finds every person in the dossiers of their cases.
    let mut found: BTreeMap<(usize, String), bool> = BTreeMap::new();
    for c in &cases {
        for e in &c.expected {
            found.entry(e.clone()).or_default();
        }
    }
    let pdf_sample: BTreeSet<usize> = (0..INCIDENTS).step_by(INCIDENTS / 12).collect();
    assert!(pdf_sample.len() >= 10);
    let mut ligature = false;
    for (i, c) in cases.iter().enumerate() {
        let r = run(
            &sandbox,
            "beheer",
            &["dossier", &c.number, "--format", "md"],
        );
        assert!(r.ok, "dossier {}: {}", c.number, r.stderr);
        let md = String::from_utf8(r.stdout).unwrap();
        let mut texts = vec![("md", md)];
        if pdf_sample.contains(&i) {
            let out = dir.join(format!("dossier-{}.pdf", c.number));
            let r = run(
                &sandbox,
                "beheer",
                &["dossier", &c.number, "--out", out.to_str().unwrap()],
            );
            assert!(r.ok, "dossier {}: {}", c.number, r.stderr);
            texts.push(("pdf", pdf_text(&out)));
            // A name with a ligature in it went through a PDF.
            ligature |= c.expected.iter().any(|(_, s)| s.contains("ff"));
        }
        for (format, text) in texts {
            let folded = fold(&text);
            assert!(text.contains(&c.number), "{} ({format})", c.number);
            for (p, s) in &c.expected {
                assert!(
                    folded.contains(&fold(s)),
                    "dossier {} ({format}) lacks {s:?}:\n{text}",
                    c.number
                );
                found.insert((*p, s.clone()), true);
            }
        }
    }
    assert!(ligature, "no address with \"ff\" in the PDF sample");
    for p in 0..PERSONS {
        let x = person(p);
        for s in [x.name, x.address, x.handle] {
            assert!(found[&(p, s.clone())], "{s} in no dossier");
        }
    }
    let dossiers = started.elapsed() - built - figures;
    eprintln!(
        "anonymisation: register {built:.1?}, figures {figures:.1?}, dossiers {dossiers:.1?}; {hidden_total} hidden cells, {complementary} hidden to protect another"
    );
}
