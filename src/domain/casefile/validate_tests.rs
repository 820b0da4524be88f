use chrono::Duration;

use super::*;
use crate::domain::case::{Channel, PerpetratorKind, Recipient, Victim, VictimRole};
use crate::domain::casefile::fixture::*;
use crate::domain::category::Category;
use crate::domain::event::{AangifteChoice, DemandBy};
use crate::domain::time::local_string;

fn case() -> CaseScript {
    CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld)
}

fn refused(s: &mut CaseScript, body: EventBody) -> CaseRefusal {
    s.try_log(body).expect_err("should be refused")
}

fn opening(occurred: Time, name: &str, what: &str) -> EventBody {
    EventBody::CaseOpened {
        occurred_at: local_string(&occurred),
        channel: Channel::Telefoon,
        victim: Victim {
            name: name.into(),
            role: VictimRole::Wethouder,
            also: String::new(),
        },
        what: what.into(),
        place: String::new(),
        category: Category::BedreigingIntimidatie,
    }
}

#[test]
fn live_steps_are_not_case_handling() {
    let mut s = case();
    for body in [
        EventBody::Suspended {},
        EventBody::PoliceCalled {},
        EventBody::DisturbanceEnded {},
        EventBody::Demand {
            number: 1,
            by: DemandBy::Voorzitter,
            wording: "x".into(),
            person: 1,
        },
        EventBody::AangifteDecision {
            decision: AangifteChoice::Ja,
            decided_by: vec![],
            dissent: String::new(),
        },
        EventBody::MeetingEnded {},
    ] {
        assert_eq!(refused(&mut s, body), CaseRefusal::NotCaseHandling);
    }
    assert_eq!(
        CaseRefusal::NotCaseHandling.to_string(),
        "Dit is een stap van de live console, geen afhandeling van een zaak."
    );
}

#[test]
fn an_intake_is_checked_on_an_empty_file() {
    let now = incident() + Duration::hours(1);
    assert_eq!(
        CaseFile::permits_opening(&opening(incident(), "A. Jansen", "bedreigd"), now),
        Ok(())
    );
    assert_eq!(
        CaseFile::permits_opening(&opening(now + Duration::minutes(5), "A. Jansen", "x"), now),
        Err(CaseRefusal::OccurredInFuture("26-11-2026 15:35".into()))
    );
    assert_eq!(
        CaseFile::permits_opening(&opening(incident(), "  ", "x"), now),
        Err(CaseRefusal::Empty("de naam van het slachtoffer"))
    );
    assert_eq!(
        CaseFile::permits_opening(&opening(incident(), "A. Jansen", ""), now),
        Err(CaseRefusal::Empty("wat er is gebeurd"))
    );
    let mut bad = opening(incident(), "A. Jansen", "x");
    if let EventBody::CaseOpened { occurred_at, .. } = &mut bad {
        *occurred_at = "morgen".into();
    }
    assert_eq!(
        CaseFile::permits_opening(&bad, now)
            .unwrap_err()
            .to_string(),
        "Het tijdstip van het incident is ongeldig: \"morgen\"."
    );
    assert_eq!(
        CaseRefusal::Empty("wat er is gebeurd").to_string(),
        "Vul wat er is gebeurd in."
    );
}

#[test]
fn a_case_opens_once() {
    let mut s = case();
    assert_eq!(
        refused(&mut s, opening(incident(), "A", "x")),
        CaseRefusal::AlreadyOpened
    );
}

#[test]
fn aangifte_needs_consent() {
    let mut s = case();
    let err = refused(&mut s, filed());
    assert_eq!(err, CaseRefusal::ConsentMissing);
    assert_eq!(
        err.to_string(),
        "Aangifte kan pas worden vastgelegd na toestemming van het slachtoffer."
    );
    s.log(EventBody::ConsentRecorded { consent: false });
    assert_eq!(refused(&mut s, filed()), CaseRefusal::ConsentMissing);
    s.log(EventBody::ConsentRecorded { consent: true });
    assert!(s.try_log(filed()).is_ok());
}

#[test]
fn an_aangifte_measure_taken_needs_consent_too() {
    let mut s = case();
    let taken = measure(MeasureKind::Aangifte, None, None);
    assert_eq!(refused(&mut s, taken.clone()), CaseRefusal::ConsentMissing);
    let planned = s.log(measure_with(
        MeasureKind::Aangifte,
        None,
        None,
        MeasureStatus::Voorgenomen,
        "burgemeester",
    ));
    let to_taken = EventBody::MeasureStatusChanged {
        measure: planned,
        status: MeasureStatus::Genomen,
    };
    assert_eq!(
        refused(&mut s, to_taken.clone()),
        CaseRefusal::ConsentMissing
    );
    s.log(EventBody::ConsentRecorded { consent: true });
    assert!(s.try_log(to_taken).is_ok());
    assert!(s.try_log(taken).is_ok());
}

#[test]
fn the_domicile_is_required() {
    let mut s = case();
    s.log(EventBody::ConsentRecorded { consent: true });
    let err = refused(
        &mut s,
        EventBody::AangifteFiled {
            on: day(2026, 11, 26),
            vpt: true,
            domicile: " ".into(),
            police_reference: String::new(),
        },
    );
    assert_eq!(err, CaseRefusal::DomicileMissing);
    assert!(err.to_string().contains("adres van de gemeente"));
}

#[test]
fn a_measure_ends_on_or_after_its_start() {
    let mut s = case();
    let err = refused(
        &mut s,
        measure(
            MeasureKind::BeperkingDienstverlening,
            Some(day(2026, 12, 10)),
            Some(day(2026, 12, 9)),
        ),
    );
    assert_eq!(
        err.to_string(),
        "De einddatum (09-12-2026) ligt vóór de begindatum (10-12-2026)."
    );
    assert!(
        s.try_log(measure(
            MeasureKind::BeperkingDienstverlening,
            Some(day(2026, 12, 10)),
            Some(day(2026, 12, 10)),
        ))
        .is_ok()
    );
    assert!(
        s.try_log(measure(MeasureKind::BeperkingDienstverlening, None, None))
            .is_ok(),
        "limiting services needs no period"
    );
}

#[test]
fn a_meeting_ban_lasts_at_most_three_months() {
    let mut s = case();
    let ban = |end| {
        measure(
            MeasureKind::Vergaderverbod,
            Some(day(2026, 12, 1)),
            Some(end),
        )
    };
    let err = refused(&mut s, ban(day(2027, 3, 2)));
    assert_eq!(err, CaseRefusal::BanTooLong("01-03-2027".into()));
    assert_eq!(
        err.to_string(),
        "Een vergaderverbod duurt hoogstens drie maanden (Gemeentewet art. 26): de einddatum mag uiterlijk 01-03-2027 zijn."
    );
    assert!(s.try_log(ban(day(2027, 3, 1))).is_ok());
}

#[test]
fn three_months_from_the_end_of_a_month_is_clamped() {
    let mut s = case();
    let ban = |end| {
        measure(
            MeasureKind::Vergaderverbod,
            Some(day(2026, 11, 30)),
            Some(end),
        )
    };
    assert_eq!(
        refused(&mut s, ban(day(2027, 3, 1))),
        CaseRefusal::BanTooLong("28-02-2027".into())
    );
    assert!(s.try_log(ban(day(2027, 2, 28))).is_ok());
}

#[test]
fn bans_need_a_start_and_an_end() {
    let mut s = case();
    for (kind, name) in [
        (MeasureKind::Vergaderverbod, "vergaderverbod"),
        (MeasureKind::Toegangsverbod, "toegangsverbod"),
    ] {
        for (start, end) in [
            (None, None),
            (Some(day(2026, 12, 1)), None),
            (None, Some(day(2026, 12, 1))),
        ] {
            assert_eq!(
                refused(&mut s, measure(kind, start, end)),
                CaseRefusal::PeriodRequired(name)
            );
        }
    }
    assert_eq!(
        CaseRefusal::PeriodRequired("toegangsverbod").to_string(),
        "Een toegangsverbod geldt voor een bepaalde tijd: vul een begin- en einddatum in."
    );
    // An access ban has no legal maximum here: a year is fine.
    assert!(
        s.try_log(measure(
            MeasureKind::Toegangsverbod,
            Some(day(2026, 12, 1)),
            Some(day(2027, 12, 1)),
        ))
        .is_ok()
    );
}

#[test]
fn a_measure_needs_who_decided() {
    let mut s = case();
    let body = measure_with(
        MeasureKind::MondelingeWaarschuwing,
        None,
        None,
        MeasureStatus::Genomen,
        " ",
    );
    assert_eq!(
        refused(&mut s, body),
        CaseRefusal::Empty("wie het besluit nam")
    );
}

#[test]
fn status_changes_of_unknown_or_voided_measures_are_refused() {
    let mut s = case();
    let change = |measure| EventBody::MeasureStatusChanged {
        measure,
        status: MeasureStatus::Afgerond,
    };
    assert_eq!(
        refused(&mut s, change(999)),
        CaseRefusal::UnknownMeasure(999)
    );
    let id = s.log(measure(MeasureKind::MondelingeWaarschuwing, None, None));
    s.correct(id, "dubbel ingevoerd");
    assert_eq!(refused(&mut s, change(id)), CaseRefusal::UnknownMeasure(id));
    let id = s.log(measure(MeasureKind::MondelingeWaarschuwing, None, None));
    assert_eq!(
        refused(
            &mut s,
            EventBody::MeasureStatusChanged {
                measure: id,
                status: MeasureStatus::Genomen
            }
        ),
        CaseRefusal::SameMeasureStatus(id, "genomen")
    );
    assert!(s.try_log(change(id)).is_ok());
}

#[test]
fn a_talk_cannot_be_held_in_the_future_or_twice() {
    let mut s = case();
    let err = refused(&mut s, held(Talk::Eerste, day(2026, 11, 27)));
    assert_eq!(
        err.to_string(),
        "De datum van het gesprek kan niet in de toekomst liggen (27-11-2026)."
    );
    s.log(held(Talk::Eerste, day(2026, 11, 26)));
    assert_eq!(
        refused(&mut s, held(Talk::Eerste, day(2026, 11, 26))),
        CaseRefusal::TalkAlreadyHeld("eerste", "26-11-2026".into())
    );
    let nobody = EventBody::AftercareHeld {
        talk: Talk::Tweede,
        on: day(2026, 11, 26),
        by: String::new(),
        referral: false,
    };
    assert_eq!(
        refused(&mut s, nobody),
        CaseRefusal::Empty("wie het gesprek voerde")
    );
}

#[test]
fn a_talk_may_be_planned_ahead_but_needs_who() {
    let mut s = case();
    let plan = |by: &str| EventBody::AftercarePlanned {
        talk: Talk::Derde,
        on: day(2027, 1, 4),
        by: by.into(),
    };
    assert!(s.try_log(plan("burgemeester")).is_ok());
    assert_eq!(
        refused(&mut s, plan("")),
        CaseRefusal::Empty("wie het gesprek voert")
    );
}

#[test]
fn dates_of_things_done_are_not_in_the_future() {
    let mut s = case();
    let tomorrow = day(2026, 11, 27);
    assert!(matches!(
        refused(&mut s, informed(Recipient::Griffier, tomorrow)),
        CaseRefusal::InFuture(..)
    ));
    assert!(matches!(
        refused(&mut s, EventBody::OmInformed { on: tomorrow }),
        CaseRefusal::InFuture(..)
    ));
    assert!(matches!(
        refused(&mut s, EventBody::ArbeidsinspectieNotified { on: tomorrow }),
        CaseRefusal::InFuture(..)
    ));
    s.log(EventBody::ConsentRecorded { consent: true });
    let late_filing = filed_on(tomorrow);
    assert!(matches!(
        refused(&mut s, late_filing),
        CaseRefusal::InFuture(..)
    ));
}

#[test]
fn everyone_is_informed_once() {
    let mut s = case();
    s.log(informed(Recipient::Griffier, day(2026, 11, 26)));
    let err = refused(&mut s, informed(Recipient::Griffier, day(2026, 11, 26)));
    assert_eq!(
        err.to_string(),
        "De griffier is al geïnformeerd (op 26-11-2026)."
    );
    assert!(
        s.try_log(informed(Recipient::Gemeentesecretaris, day(2026, 11, 26)))
            .is_ok(),
        "anyone may be informed, also off the route"
    );
}

#[test]
fn status_goes_forward_and_reopening_needs_a_reason() {
    let mut s = case();
    assert_eq!(
        refused(&mut s, status(CaseStatus::Open, "")),
        CaseRefusal::SameStatus("open")
    );
    s.log(status(CaseStatus::InBehandeling, ""));
    assert_eq!(
        refused(&mut s, status(CaseStatus::Open, "toch niet")),
        CaseRefusal::BackToOpen
    );
    assert_eq!(
        refused(&mut s, status(CaseStatus::Afgesloten, " ")),
        CaseRefusal::ReasonRequired("het afsluiten")
    );
    s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
    assert_eq!(
        refused(&mut s, status(CaseStatus::Afgesloten, "nog eens")),
        CaseRefusal::SameStatus("afgesloten")
    );
    assert_eq!(
        refused(&mut s, status(CaseStatus::Open, "")),
        CaseRefusal::ReasonRequired("het heropenen")
    );
    assert_eq!(
        CaseRefusal::ReasonRequired("het heropenen").to_string(),
        "Geef een reden op voor het heropenen."
    );
    s.log(status(CaseStatus::InBehandeling, "nieuwe dreiging"));
    assert_eq!(s.file().status, CaseStatus::InBehandeling);
}

#[test]
fn an_open_case_may_be_closed_directly_and_reopened_as_open() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag);
    s.log(status(CaseStatus::Afgesloten, "geen afhandeling nodig"));
    s.log(status(CaseStatus::Open, "houdt aan"));
    assert_eq!(s.file().status, CaseStatus::Open);
}

#[test]
fn a_closed_case_takes_only_notes_and_reopening() {
    let mut s = case();
    s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
    assert_eq!(
        refused(&mut s, EventBody::ConsentRecorded { consent: true }),
        CaseRefusal::Closed
    );
    assert_eq!(
        refused(
            &mut s,
            measure(MeasureKind::MondelingeWaarschuwing, None, None)
        ),
        CaseRefusal::Closed
    );
    assert!(
        s.try_log(EventBody::Note {
            text: "dossier gearchiveerd".into()
        })
        .is_ok()
    );
}

#[test]
fn damages_are_not_negative_and_recovery_not_above_payment() {
    let mut s = case();
    let damage = |amount, paid, recovered| EventBody::DamageRecorded {
        description: "kapotte telefoon".into(),
        amount,
        paid_to_victim: paid,
        recovered,
    };
    assert_eq!(
        refused(&mut s, damage(-1, 0, 0)),
        CaseRefusal::NegativeAmount
    );
    assert_eq!(
        refused(&mut s, damage(100, -1, 0)),
        CaseRefusal::NegativeAmount
    );
    assert_eq!(
        refused(&mut s, damage(100, 100, -1)),
        CaseRefusal::NegativeAmount
    );
    let err = refused(&mut s, damage(10_000, 5_000, 6_000));
    assert_eq!(
        err.to_string(),
        "Het verhaalde bedrag (€ 60,00) is hoger dan wat aan het slachtoffer is betaald (€ 50,00)."
    );
    assert!(s.try_log(damage(10_000, 5_000, 5_000)).is_ok());
    let nameless = EventBody::DamageRecorded {
        description: String::new(),
        amount: 1,
        paid_to_victim: 0,
        recovered: 0,
    };
    assert_eq!(
        refused(&mut s, nameless),
        CaseRefusal::Empty("een omschrijving van de schade")
    );
}

fn evidence(platform: &str, account: &str, file: &str, sha: &str) -> EventBody {
    EventBody::EvidenceAdded {
        platform: platform.into(),
        account: account.into(),
        urls: vec![],
        message_at: None,
        file_path: file.into(),
        file_sha256: sha.into(),
        norm_communicated: false,
        reported_to_platform: false,
    }
}

#[test]
fn evidence_needs_platform_account_and_a_real_digest() {
    let mut s = case();
    let sha = "0123456789abcdef".repeat(4);
    assert_eq!(
        refused(&mut s, evidence("", "@a", "", "")),
        CaseRefusal::Empty("het platform")
    );
    assert_eq!(
        refused(&mut s, evidence("X", " ", "", "")),
        CaseRefusal::Empty("het account van de afzender")
    );
    assert_eq!(
        refused(&mut s, evidence("X", "@a", "shot.png", "abc")),
        CaseRefusal::InvalidDigest
    );
    assert!(s.try_log(evidence("X", "@a", "shot.png", &sha)).is_ok());
    assert!(s.try_log(evidence("X", "@a", "", "")).is_ok(), "URLs only");
    let mut bad_time = evidence("X", "@a", "", "");
    if let EventBody::EvidenceAdded { message_at, .. } = &mut bad_time {
        *message_at = Some("gisteren".into());
    }
    assert!(matches!(
        refused(&mut s, bad_time),
        CaseRefusal::InvalidMoment { .. }
    ));
}

#[test]
fn serious_injury_is_recorded_once() {
    let mut s = case();
    s.log(EventBody::SeriousInjury { known_at: None });
    assert_eq!(
        refused(&mut s, EventBody::SeriousInjury { known_at: None }),
        CaseRefusal::InjuryAlreadyRecorded("26-11-2026".into())
    );
}

#[test]
fn reclassification_needs_a_reason_and_a_different_category() {
    let mut s = case();
    assert_eq!(
        refused(
            &mut s,
            EventBody::Reclassified {
                category: Category::FysiekGeweld,
                reason: "x".into()
            }
        ),
        CaseRefusal::SameCategory("Fysiek geweld")
    );
    assert_eq!(
        refused(
            &mut s,
            EventBody::Reclassified {
                category: Category::VerbaleAgressie,
                reason: "".into()
            }
        ),
        CaseRefusal::ReasonRequired("de herclassificatie")
    );
}

#[test]
fn required_texts() {
    let mut s = case();
    let cases = [
        (
            EventBody::VictimRecorded {
                victim: Victim {
                    name: "".into(),
                    role: VictimRole::Raadslid,
                    also: String::new(),
                },
            },
            "de naam van het slachtoffer",
        ),
        (
            EventBody::PerpetratorRegistered {
                kind: PerpetratorKind::Collectief,
                description: " ".into(),
                name: String::new(),
            },
            "een omschrijving van de veroorzaker",
        ),
        (
            EventBody::CommunicationSet {
                may_inform_others: true,
                spokesperson: "".into(),
            },
            "de woordvoerder",
        ),
        (
            EventBody::SecurityMeasuresNoted { text: "".into() },
            "de beveiligingsmaatregelen",
        ),
        (EventBody::Note { text: "\t".into() }, "de notitie"),
    ];
    for (body, what) in cases {
        assert_eq!(refused(&mut s, body), CaseRefusal::Empty(what));
    }
}

#[test]
fn a_perpetrator_is_linked_once() {
    let mut s = case();
    s.log(EventBody::PerpetratorLinked { perpetrator: 4 });
    assert_eq!(
        refused(&mut s, EventBody::PerpetratorLinked { perpetrator: 4 }),
        CaseRefusal::AlreadyLinked(4)
    );
}

#[test]
fn corrections_name_their_target() {
    let mut s = case();
    assert_eq!(
        refused(&mut s, EventBody::Correction { reason: "x".into() }),
        CaseRefusal::NothingToCorrect
    );
    let f = s.file();
    assert_eq!(
        f.permits_correction(999, "x"),
        Err(CaseRefusal::UnknownEntry(999))
    );
    let note = s.log(EventBody::Note { text: "a".into() });
    assert_eq!(
        s.file().permits_correction(note, " "),
        Err(CaseRefusal::Empty("de reden van de correctie"))
    );
    let fix = s.correct(note, "tikfout");
    let f = s.file();
    assert_eq!(
        f.permits_correction(note, "x"),
        Err(CaseRefusal::AlreadyCorrected(note))
    );
    assert_eq!(
        f.permits_correction(fix, "x"),
        Err(CaseRefusal::CorrectionOfCorrection)
    );
}

#[test]
fn a_live_case_accepts_handling() {
    let mut s = CaseScript::live(Category::FysiekGeweld);
    assert!(
        s.try_log(EventBody::VictimRecorded {
            victim: victim(VictimRole::Raadslid)
        })
        .is_ok()
    );
    assert_eq!(
        refused(&mut s, opening(incident(), "A", "x")),
        CaseRefusal::AlreadyOpened
    );
}

#[test]
fn dates_of_handling_cannot_lie_before_the_incident() {
    let mut s = case();
    let incident = s.file().occurred_at.date_naive();
    let before = incident - Duration::days(1);
    let err = refused(&mut s, held(Talk::Eerste, before));
    assert!(matches!(err, CaseRefusal::BeforeIncident(..)), "{err:?}");
    assert!(err.to_string().contains("vóór het incident"), "{err}");
    let planned = EventBody::AftercarePlanned {
        talk: Talk::Tweede,
        on: before,
        by: "griffier".into(),
    };
    assert!(matches!(
        refused(&mut s, planned),
        CaseRefusal::BeforeIncident(..)
    ));
    // A ban from 2020 on a case of 2026.
    let ban = measure(
        MeasureKind::Toegangsverbod,
        Some(day(2020, 1, 1)),
        Some(day(2020, 3, 1)),
    );
    assert!(matches!(
        refused(&mut s, ban),
        CaseRefusal::BeforeIncident(..)
    ));
    // On the day of the incident is fine.
    assert!(s.try_log(held(Talk::Eerste, incident)).is_ok());
}
