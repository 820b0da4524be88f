use super::fixture::*;
use super::*;
use crate::domain::case::{PerpetratorKind, VictimRole};

#[test]
fn an_intake_case_holds_its_opening() {
    let s = CaseScript::intake(VictimRole::Raadslid, Category::BedreigingIntimidatie);
    let f = s.file();
    assert_eq!(f.case_id, CASE);
    assert_eq!(f.origin, Origin::Intake);
    assert_eq!(f.meeting_id, None);
    assert_eq!(f.occurred_at, incident());
    assert_eq!(f.opened_at, s.events[0].at);
    assert!(f.opened_at > f.occurred_at);
    assert_eq!(f.channel, Some(Channel::Email));
    assert_eq!(f.victim, Some(victim(VictimRole::Raadslid)));
    assert_eq!(f.what, "dreigmail na raadsvergadering");
    assert_eq!(f.place, "gemeentehuis");
    assert_eq!(f.category, Category::BedreigingIntimidatie);
    assert!(f.crosses_norm());
    assert_eq!(f.classifications.len(), 1);
    assert_eq!(f.classifications[0].reason, "");
    assert_eq!(f.status, CaseStatus::Open);
    assert!(f.status_history.is_empty());
    assert_eq!(f.timeline.len(), 1);
    assert!(f.timeline[0].text.starts_with("Zaak ingevoerd: Bedreiging"));
    assert_eq!(f.route().map(|r| r.reports_to), Some(Recipient::Griffier));
}

#[test]
fn a_live_case_carries_the_console_steps() {
    let mut s = CaseScript::live(Category::FysiekGeweld);
    s.push(EventBody::Suspended {});
    s.push(EventBody::Demand {
        number: 1,
        by: crate::domain::event::DemandBy::Voorzitter,
        wording: "Verlaat de zaal".into(),
        person: 1,
    });
    s.push(EventBody::PoliceCalled {});
    let decided = s.push(EventBody::AangifteDecision {
        decision: AangifteChoice::Ja,
        decided_by: vec!["voorzitter".into()],
        dissent: String::new(),
    });
    s.push(EventBody::DisturbanceEnded {});
    let before_victim = s.file();
    assert_eq!(before_victim.victim, None);
    assert_eq!(before_victim.route(), None);

    s.log(EventBody::VictimRecorded {
        victim: victim(VictimRole::Wethouder),
    });
    let f = s.file();
    assert_eq!(f.origin, Origin::Live);
    assert_eq!(f.meeting_id, Some(1));
    assert_eq!(f.channel, None);
    assert_eq!(f.occurred_at, s.events[0].at);
    assert_eq!(f.opened_at, s.events[0].at);
    assert_eq!(f.what, "roept en gooit met papier");
    assert_eq!(f.place, "publieke tribune");
    assert_eq!(f.category, Category::FysiekGeweld);
    assert_eq!(
        f.victim.as_ref().map(|v| v.role),
        Some(VictimRole::Wethouder)
    );
    let decided_at = s.events.iter().find(|e| e.seq == decided).map(|e| e.at);
    assert_eq!(f.aangifte_decision.map(|d| d.0), Some(AangifteChoice::Ja));
    assert_eq!(f.aangifte_decision.map(|d| d.1), decided_at);
    assert!(f.aangifte_intended());
    assert_eq!(f.timeline.len(), s.events.len());
    assert!(
        f.timeline[2]
            .text
            .starts_with("Vordering 1 door voorzitter")
    );
}

#[test]
fn a_corrected_measure_is_void_but_stays_on_the_timeline() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::VerbaleAgressie);
    let kept = s.log(measure(MeasureKind::MondelingeWaarschuwing, None, None));
    let wrong = s.log(measure(MeasureKind::SchriftelijkeWaarschuwing, None, None));
    let fix = s.correct(wrong, "verkeerde maatregel");
    let f = s.file();
    assert_eq!(f.measures.len(), 1);
    assert_eq!(f.measures[0].id, kept);
    assert_eq!(f.measure(wrong), None);
    let row = f.timeline.iter().find(|r| r.seq == Some(wrong)).unwrap();
    assert_eq!(row.corrected.as_deref(), Some("verkeerde maatregel"));
    let correction = f.timeline.iter().find(|r| r.seq == Some(fix)).unwrap();
    assert!(correction.is_correction);
    assert_eq!(
        correction.text,
        format!("Correctie van regel {wrong}: verkeerde maatregel")
    );
}

#[test]
fn correcting_the_opener_is_only_shown() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::VerbaleAgressie);
    let opener = s.events[0].seq;
    s.correct(opener, "categorie klopt niet");
    let f = s.file();
    assert_eq!(f.category, Category::VerbaleAgressie);
    assert!(f.victim.is_some());
    assert_eq!(
        f.timeline[0].corrected.as_deref(),
        Some("categorie klopt niet")
    );
}

#[test]
fn reclassification_keeps_the_history() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag);
    assert!(!s.file().crosses_norm());
    s.log(EventBody::Reclassified {
        category: Category::VerbaleAgressie,
        reason: "houdt aan na aanspreken".into(),
    });
    let f = s.file();
    assert_eq!(f.category, Category::VerbaleAgressie);
    assert!(f.crosses_norm());
    let history: Vec<_> = f
        .classifications
        .iter()
        .map(|c| (c.category, c.reason.as_str()))
        .collect();
    assert_eq!(
        history,
        vec![
            (Category::EmotioneelGedrag, ""),
            (Category::VerbaleAgressie, "houdt aan na aanspreken"),
        ]
    );
}

#[test]
fn a_corrected_reclassification_restores_the_category() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::VerbaleAgressie);
    let re = s.log(EventBody::Reclassified {
        category: Category::FysiekGeweld,
        reason: "bleek te spugen".into(),
    });
    s.correct(re, "verkeerde zaak");
    let f = s.file();
    assert_eq!(f.category, Category::VerbaleAgressie);
    assert_eq!(f.classifications.len(), 1);
}

#[test]
fn measure_status_follows_its_changes() {
    let mut s = CaseScript::intake(VictimRole::Wethouder, Category::BedreigingIntimidatie);
    let id = s.log(measure_with(
        MeasureKind::Toegangsverbod,
        Some(day(2026, 12, 1)),
        Some(day(2027, 3, 1)),
        MeasureStatus::Voorgenomen,
        "burgemeester",
    ));
    s.log(EventBody::MeasureStatusChanged {
        measure: id,
        status: MeasureStatus::Genomen,
    });
    let f = s.file();
    let m = f.measure(id).unwrap();
    assert_eq!(m.kind, MeasureKind::Toegangsverbod);
    assert_eq!(m.status, MeasureStatus::Genomen);
    assert_eq!(m.status_since, s.t);
    assert_eq!(m.decided_by, "burgemeester");
    assert_eq!(m.start, Some(day(2026, 12, 1)));
    assert_eq!(m.end, Some(day(2027, 3, 1)));
    assert!(!m.is_settled());
}

#[test]
fn aftercare_talks_keep_the_latest_plan_and_the_held_talk() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld);
    for (on, by) in [
        (day(2026, 11, 27), "griffier"),
        (day(2026, 11, 28), "burgemeester"),
    ] {
        s.log(EventBody::AftercarePlanned {
            talk: Talk::Tweede,
            on,
            by: by.into(),
        });
    }
    s.log(EventBody::AftercareHeld {
        talk: Talk::Eerste,
        on: day(2026, 11, 26),
        by: "griffier".into(),
        referral: true,
    });
    let f = s.file();
    let first = f.talk(Talk::Eerste);
    assert_eq!(first.talk, Talk::Eerste);
    assert_eq!(
        first.held,
        Some(TalkHeld {
            on: day(2026, 11, 26),
            by: "griffier".into(),
            referral: true
        })
    );
    let second = f.talk(Talk::Tweede);
    assert_eq!(
        second.planned,
        Some(TalkPlan {
            on: day(2026, 11, 28),
            by: "burgemeester".into()
        })
    );
    assert_eq!(second.held, None);
    assert_eq!(f.talk(Talk::Derde).planned, None);
}

#[test]
fn damages_add_up_with_what_is_outstanding() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld);
    for (amount, paid, recovered) in [(12_050, 12_050, 5_000), (30_000, 20_000, 0)] {
        s.log(EventBody::DamageRecorded {
            description: "bril".into(),
            amount,
            paid_to_victim: paid,
            recovered,
        });
    }
    let f = s.file();
    assert_eq!(f.damages.len(), 2);
    assert_eq!(
        f.damage_totals(),
        DamageTotals {
            amount: 42_050,
            paid: 32_050,
            recovered: 5_000,
            outstanding: 27_050
        }
    );
}

#[test]
fn status_history_keeps_reasons() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld);
    s.log(status(CaseStatus::InBehandeling, ""));
    s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
    s.log(status(CaseStatus::Open, "nieuwe dreiging"));
    let f = s.file();
    assert_eq!(f.status, CaseStatus::Open);
    let history: Vec<_> = f
        .status_history
        .iter()
        .map(|h| (h.status, h.reason.as_str()))
        .collect();
    assert_eq!(
        history,
        vec![
            (CaseStatus::InBehandeling, ""),
            (CaseStatus::Afgesloten, "afgehandeld"),
            (CaseStatus::Open, "nieuwe dreiging"),
        ]
    );
}

#[test]
fn evidence_and_perpetrators() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::BedreigingIntimidatie);
    let seq = s.log(EventBody::EvidenceAdded {
        platform: "X".into(),
        account: "@boos".into(),
        urls: vec!["https://x.com/boos/status/1".into()],
        message_at: Some("2026-11-26T13:00:00+01:00".into()),
        file_path: "bewijs/1.png".into(),
        file_sha256: "a".repeat(64),
        norm_communicated: true,
        reported_to_platform: false,
    });
    s.log(EventBody::PerpetratorRegistered {
        kind: PerpetratorKind::Persoon,
        description: "man, 40-50".into(),
        name: String::new(),
    });
    s.log(EventBody::PerpetratorLinked { perpetrator: 3 });
    s.push(EventBody::PerpetratorLinked { perpetrator: 3 });
    s.log(EventBody::PerpetratorLinked { perpetrator: 5 });
    let f = s.file();
    assert_eq!(f.evidence.len(), 1);
    let e = &f.evidence[0];
    assert_eq!(e.seq, seq);
    assert_eq!(e.platform, "X");
    assert_eq!(e.account, "@boos");
    assert_eq!(e.urls.len(), 1);
    assert_eq!(e.message_at.as_deref(), Some("2026-11-26T13:00:00+01:00"));
    assert_eq!(e.file_path, "bewijs/1.png");
    assert!(e.norm_communicated && !e.reported_to_platform);
    assert_eq!(f.perpetrators, vec![3, 5]);
}

#[test]
fn aangifte_injury_communication_and_notes() {
    let mut s = CaseScript::intake(VictimRole::Burgemeester, Category::FysiekGeweld);
    s.log(EventBody::ConsentRecorded { consent: true });
    let filing = s.log(filed());
    s.log(EventBody::OmInformed {
        on: day(2026, 11, 26),
    });
    let injury = s.log(EventBody::SeriousInjury { known_at: None });
    let injury_at = s.t;
    s.log(EventBody::ArbeidsinspectieNotified {
        on: day(2026, 11, 26),
    });
    s.log(EventBody::CommunicationSet {
        may_inform_others: false,
        spokesperson: "burgemeester".into(),
    });
    s.log(EventBody::SecurityMeasuresNoted {
        text: "camera bij de voordeur".into(),
    });
    s.log(EventBody::Note {
        text: "slachtoffer gebeld".into(),
    });
    let f = s.file();
    assert_eq!(f.consent, Some(true));
    let a = f.aangifte.as_ref().unwrap();
    assert_eq!((a.seq, a.on, a.vpt), (filing, day(2026, 11, 26), true));
    assert_eq!(a.domicile, "Hofstraat 1, Aalten");
    assert_eq!(a.police_reference, "PL0600-2026123456");
    assert_eq!(f.om_informed, Some(day(2026, 11, 26)));
    assert_eq!(f.serious_injury, Some(injury_at));
    assert!(injury > filing);
    assert_eq!(f.arbeidsinspectie_notified, Some(day(2026, 11, 26)));
    assert_eq!(
        f.communication,
        Some(Communication {
            may_inform_others: false,
            spokesperson: "burgemeester".into()
        })
    );
    assert_eq!(
        f.security_measures.as_deref(),
        Some("camera bij de voordeur")
    );
    assert_eq!(f.notes.len(), 1);
    assert_eq!(f.notes[0].text, "slachtoffer gebeld");
}

#[test]
fn the_timeline_never_repeats_security_measures() {
    let mut s = CaseScript::intake(VictimRole::Burgemeester, Category::BedreigingIntimidatie);
    s.log(EventBody::SecurityMeasuresNoted {
        text: "geheim adres".into(),
    });
    assert!(
        s.file()
            .timeline
            .iter()
            .all(|r| !r.text.contains("geheim adres"))
    );
}

#[test]
fn a_second_injury_entry_keeps_the_first_time() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld);
    s.log(EventBody::SeriousInjury { known_at: None });
    let first = s.t;
    s.push(EventBody::SeriousInjury { known_at: None });
    assert_eq!(s.file().serious_injury, Some(first));
}

#[test]
fn no_events_give_an_empty_intake_file() {
    let f = CaseFile::derive(3, &[]);
    assert_eq!(f.case_id, 3);
    assert_eq!(f.origin, Origin::Intake);
    assert!(f.timeline.is_empty());
    assert_eq!(f.victim, None);
    assert_eq!(f.status, CaseStatus::Open);
}

#[test]
fn an_unreadable_occurrence_falls_back_to_the_event_time() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld);
    if let EventBody::CaseOpened { occurred_at, .. } = &mut s.events[0].body {
        *occurred_at = "gisteren".into();
    }
    let f = s.file();
    assert_eq!(f.occurred_at, s.events[0].at);
}

#[test]
fn correctable_rows_exclude_corrections_and_corrected_rows() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld);
    let note = s.log(EventBody::Note { text: "x".into() });
    let fix = s.correct(note, "tikfout");
    let f = s.file();
    let seqs: Vec<_> = f.correctable().iter().filter_map(|r| r.seq).collect();
    assert_eq!(seqs, vec![s.events[0].seq]);
    assert!(!seqs.contains(&fix));
    assert_eq!(f.notes.len(), 0, "a corrected note is void");
}

#[test]
fn origin_labels() {
    assert_eq!(Origin::Live.label(), "live console");
    assert_eq!(Origin::Intake.label(), "intake");
}
