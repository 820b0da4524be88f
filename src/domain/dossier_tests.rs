use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::*;
use crate::domain::case::{Channel, Victim, VictimRole};
use crate::domain::category::Category;
use crate::domain::dates::amsterdam;
use crate::domain::event::{AangifteChoice, DemandBy, Who};

const CASE: u64 = 3;
const MEETING: u64 = 1;

fn at(h: u32, mi: u32, s: u32) -> DateTime<FixedOffset> {
    amsterdam(
        NaiveDate::from_ymd_opt(2026, 11, 26)
            .and_then(|d| d.and_hms_opt(h, mi, s))
            .expect("valid test time"),
    )
}

struct Log {
    events: Vec<Event>,
}

impl Log {
    fn push(&mut self, at: DateTime<FixedOffset>, case: Option<u64>, body: EventBody) -> u64 {
        let seq = self.events.len() as u64 + 1;
        self.events.push(Event {
            seq,
            at,
            actor: "griffie".into(),
            meeting_id: Some(MEETING),
            case_id: case,
            corrects: None,
            body,
        });
        seq
    }
}

/// A council meeting in which disturbance 1 (another case, #2) and then
/// disturbance 2 (case #3, the dossier's) happened, with a suspension and
/// a livestream stop during the second.
fn meeting() -> Log {
    let mut log = Log { events: Vec::new() };
    log.push(
        at(19, 30, 0),
        None,
        EventBody::MeetingStarted {
            meeting_type: MeetingType::Raadsvergadering,
            title: "Raadsvergadering".into(),
            chair: "burgemeester".into(),
            location: "Raadzaal, Gemeentekantoor Aalten, Hofstraat 8, Aalten".into(),
            town_hall: true,
            risk_check: None,
        },
    );
    // Another case: never in this dossier.
    log.push(
        at(19, 40, 0),
        Some(2),
        EventBody::DisturbanceStarted {
            number: 1,
            category: Some(Category::VerbaleAgressie),
            place: "tribune links".into(),
            description: String::new(),
            opened_by: None,
        },
    );
    log.push(
        at(19, 41, 0),
        Some(2),
        EventBody::PersonDescribed {
            person: 1,
            who: Who {
                name: "Gerrit Anderzaak".into(),
                ..Who::of(PerpetratorKind::Persoon)
            },
        },
    );
    log.push(at(19, 42, 0), None, EventBody::Suspended {});
    log.push(at(19, 45, 0), Some(2), EventBody::DisturbanceEnded {});
    log.push(at(19, 50, 0), None, EventBody::Resumed {});
    // This case.
    log.push(
        at(20, 10, 0),
        Some(CASE),
        EventBody::DisturbanceStarted {
            number: 2,
            category: None,
            place: String::new(),
            description: String::new(),
            opened_by: None,
        },
    );
    log.push(
        at(20, 10, 30),
        Some(CASE),
        EventBody::DisturbanceDescribed {
            category: Some(Category::BedreigingIntimidatie),
            place: Some("publieke tribune".into()),
            what: Some("dreigt de wethouder *op te wachten* #na afloop".into()),
        },
    );
    log.push(
        at(20, 11, 0),
        Some(CASE),
        EventBody::PersonDescribed {
            person: 1,
            who: Who {
                name: "Henk Verstoorder".into(),
                description: "man, rode jas".into(),
                ..Who::of(PerpetratorKind::Persoon)
            },
        },
    );
    log.push(at(20, 11, 10), None, EventBody::Suspended {});
    log.push(at(20, 11, 20), None, EventBody::LivestreamStopped {});
    for (n, m) in [(1u8, 12u32), (2, 13), (3, 14)] {
        log.push(
            at(20, m, 0),
            Some(CASE),
            EventBody::Demand {
                number: n,
                by: DemandBy::Voorzitter,
                wording: "Ik vorder dat u de zaal onmiddellijk verlaat.".into(),
                person: 1,
            },
        );
    }
    log.push(at(20, 15, 0), Some(CASE), EventBody::PoliceCalled {});
    log.push(
        at(20, 15, 5),
        Some(CASE),
        EventBody::Note {
            text: "interne notitie: buurman van de wethouder".into(),
        },
    );
    log.push(
        at(20, 15, 10),
        Some(CASE),
        EventBody::SecurityMeasuresNoted {
            text: "GEHEIM: camerabewaking woning".into(),
        },
    );
    log.push(at(20, 25, 0), Some(CASE), EventBody::PoliceArrived {});
    log.push(
        at(20, 27, 0),
        Some(CASE),
        EventBody::RemovedByPolice { person: 1 },
    );
    log.push(
        at(20, 30, 0),
        Some(CASE),
        EventBody::AangifteDecision {
            decision: AangifteChoice::Ja,
            decided_by: vec!["burgemeester".into(), "griffier".into()],
            dissent: String::new(),
        },
    );
    log.push(at(20, 31, 0), Some(CASE), EventBody::DisturbanceEnded {});
    log.push(at(20, 40, 0), None, EventBody::Resumed {});
    log.push(at(20, 41, 0), None, EventBody::LivestreamResumed {});
    // Later in the meeting: not this disturbance's.
    log.push(at(21, 0, 0), None, EventBody::Suspended {});
    log.push(at(21, 5, 0), None, EventBody::Resumed {});
    log.push(
        at(21, 30, 0),
        Some(CASE),
        EventBody::VictimRecorded {
            victim: Victim {
                name: "Wethouder Wilma Jansen".into(),
                role: VictimRole::Wethouder,
                also: String::new(),
            },
        },
    );
    log
}

fn build(log: &Log) -> Dossier {
    let case: Vec<Event> = log
        .events
        .iter()
        .filter(|e| e.case_id == Some(CASE))
        .cloned()
        .collect();
    let meeting: Vec<Event> = log
        .events
        .iter()
        .filter(|e| e.case_id.is_none())
        .cloned()
        .collect();
    let perps = [LinkedPerpetrator {
        id: 99,
        kind: PerpetratorKind::Persoon,
        description: "vaste bezoeker".into(),
        name: "Henk Verstoorder".into(),
    }];
    Dossier::build(&Input {
        case_id: CASE,
        number: "2026-0003",
        events: &case,
        meeting: &meeting,
        perpetrators: &perps,
        municipality: "Aalten",
        municipality_address: "Gemeente Aalten, Hofstraat 8, Aalten",
        made_at: at(22, 0, 0) + Duration::days(1),
        made_by: "griffier",
        head_seq: 40,
        head_hash: "ab".repeat(32),
    })
}

#[test]
fn the_seven_ws_are_filled_from_the_case() {
    let d = build(&meeting());
    assert_eq!(d.reference, "2026-0003");
    assert_eq!(d.marking, "VERTROUWELIJK");
    let names: Vec<&str> = d.wie.parties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Wethouder Wilma Jansen",
            "Henk Verstoorder",
            "Henk Verstoorder"
        ]
    );
    assert_eq!(d.wie.parties[0].role, "slachtoffer");
    assert_eq!(d.wat.category, "Bedreiging / intimidatie");
    assert!(d.wat.description.contains("op te wachten"));
    assert_eq!(d.waar.place, "publieke tribune");
    assert!(d.waar.meeting.contains("Hofstraat 8"), "{}", d.waar.meeting);
    assert_eq!(d.waarmee, ["In persoon, ter plaatse"]);
    assert_eq!(d.wanneer.occurred_at, "26-11-2026 20:10:00");
    assert!(d.waarom[0].contains("wethouder"));
    let wijze = d.wijze.join("\n");
    assert!(wijze.contains("3 vordering(en)"), "{wijze}");
    assert!(
        wijze.contains("lokaalvredebreuk (art. 139 Sr) vanaf 26-11-2026 20:14:00"),
        "{wijze}"
    );
    assert!(wijze.contains("verwijderd door de politie om 26-11-2026 20:27:00"));
    assert!(wijze.contains("Politie gebeld (112) om 26-11-2026 20:15:00"));
}

#[test]
fn the_timeline_has_this_disturbance_and_its_meeting_steps_only() {
    let d = build(&meeting());
    let seqs: Vec<u64> = d.timeline.iter().map(|r| r.seq).collect();
    let log = meeting();
    let text = |seq: u64| log.events[(seq - 1) as usize].body.summary();
    // The meeting's opening, the suspension and livestream stop during
    // this disturbance and their lifting after it; not the suspension of
    // disturbance 1 nor the one at 21:00.
    let meeting_steps: Vec<u64> = d
        .timeline
        .iter()
        .filter(|r| r.meeting_step)
        .map(|r| r.seq)
        .collect();
    assert_eq!(meeting_steps, [1, 10, 11, 22, 23], "{seqs:?}");
    // Never another case's steps.
    assert!(!seqs.contains(&2) && !seqs.contains(&3) && !seqs.contains(&5));
    let all = serde_json::to_string(&d).expect("json");
    assert!(!all.contains("Anderzaak"), "another case's person");
    assert!(!all.contains("tribune links"));
    // Confidential and internal: never.
    assert!(!all.contains("GEHEIM"), "security measures");
    assert!(!all.contains("buurman"), "notes");
    // Ordered, exact times.
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    let demand = d
        .timeline
        .iter()
        .find(|r| r.seq == 14)
        .expect("third demand");
    assert_eq!(demand.at, "26-11-2026 20:14:00");
    assert!(demand.iso.starts_with("2026-11-26T20:14:00.000+01:00"));
    assert!(!text(14).is_empty());
}

#[test]
fn the_chain_and_the_record_of_the_dossier_are_named() {
    let d = build(&meeting());
    assert_eq!(d.chain.head_seq, 40);
    assert_eq!(d.chain.record_seq, 41);
    assert_eq!(d.chain.first_seq, 7);
    assert_eq!(d.chain.last_seq, 26);
    assert!(d.chain.instruction.contains("raadsorde verify"));
    assert!(
        d.chain
            .instruction
            .contains("gebeurtenis 41 legt het opmaken")
    );
}

#[test]
fn the_domicile_is_the_municipalitys_and_the_case_is_vpt() {
    let mut log = meeting();
    let d = build(&log);
    assert_eq!(d.aangifte.domicile, "Gemeente Aalten, Hofstraat 8, Aalten");
    assert!(d.aangifte.vpt.starts_with("VPT-zaak"));
    log.push(
        at(23, 0, 0),
        Some(CASE),
        EventBody::AangifteFiled {
            on: NaiveDate::from_ymd_opt(2026, 11, 27).expect("date"),
            vpt: true,
            domicile: "Hofstraat 8, Aalten".into(),
            police_reference: "PL0600-2026123456".into(),
        },
    );
    let d = build(&log);
    assert_eq!(d.aangifte.domicile, "Hofstraat 8, Aalten");
    assert!(
        d.aangifte
            .lines
            .iter()
            .any(|l| l.contains("PL0600-2026123456"))
    );
}

#[test]
fn an_intake_with_online_evidence_lists_urls_times_and_digests() {
    let mut log = Log { events: Vec::new() };
    let opened = at(9, 0, 0);
    log.push(
        opened,
        Some(CASE),
        EventBody::CaseOpened {
            occurred_at: local_string(&at(8, 15, 0)),
            channel: Channel::SocialeMedia,
            victim: Victim {
                name: "Raadslid Piet Bakker".into(),
                role: VictimRole::Raadslid,
                also: String::new(),
            },
            what: "bedreigende berichten".into(),
            place: "online".into(),
            category: Category::BedreigingIntimidatie,
        },
    );
    log.push(
        at(9, 5, 0),
        Some(CASE),
        EventBody::EvidenceAdded {
            platform: "X".into(),
            account: "@dreiger".into(),
            urls: vec!["https://x.example/dreiger/status/1".into()],
            message_at: Some("2026-11-26T07:14:00Z".into()),
            file_path: "/bewijs/schermafdruk.png".into(),
            file_sha256: "cd".repeat(32),
            norm_communicated: false,
            reported_to_platform: true,
        },
    );
    for e in &mut log.events {
        e.meeting_id = None;
    }
    let case = log.events.clone();
    let d = Dossier::build(&Input {
        case_id: CASE,
        number: "2026-0003",
        events: &case,
        meeting: &[],
        perpetrators: &[],
        municipality: "Aalten",
        municipality_address: "Hofstraat 8, Aalten",
        made_at: at(10, 0, 0),
        made_by: "griffier",
        head_seq: 2,
        head_hash: "00".repeat(32),
    });
    assert_eq!(d.evidence.len(), 1);
    assert_eq!(d.evidence[0].urls, ["https://x.example/dreiger/status/1"]);
    assert_eq!(d.evidence[0].sha256, "cd".repeat(32));
    // Sent at 07:14 UTC: 08:14 in Amsterdam.
    assert_eq!(d.evidence[0].message_at, "26-11-2026 08:14:00");
    assert_eq!(d.waarmee, ["Via sociale media", "Online: X"]);
    assert_eq!(d.wanneer.occurred_at, "26-11-2026 08:15:00");
    assert!(d.waar.meeting.is_empty());
}

#[test]
fn markdown_keeps_free_text_inert() {
    let d = build(&meeting());
    let md = d.markdown();
    assert!(md.starts_with("# Dossier zaak 2026-0003 — VERTROUWELIJK"));
    for heading in [
        "## 1. Wie",
        "## 2. Wat",
        "## 3. Waar",
        "## 4. Waarmee",
        "## 5. Op welke wijze",
        "## 6. Wanneer",
        "## 7. Waarom",
        "## Tijdlijn",
        "## Bewijsketen",
    ] {
        assert!(md.contains(heading), "{heading}");
    }
    // The description's markup characters are escaped.
    assert!(md.contains(r"\*op te wachten\* \#na afloop"), "{md}");
    assert!(!md.contains("GEHEIM"));
}
