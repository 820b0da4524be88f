//! Aftercare: planned and declined talks, hour terms in local time across
//! summer time, the end of a ban, and nudges that show only once overdue.

use super::*;

#[test]
fn a_planned_talk_shows_its_date() {
    let mut s = reported();
    s.log(EventBody::AftercarePlanned {
        talk: Talk::Eerste,
        on: day(2026, 11, 27),
        by: "griffier".into(),
    });
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("eerste nazorggesprek gepland op 27-11 (griffier)")
    );
}

#[test]
fn a_declined_talk_drops_out() {
    struct Case {
        name: &'static str,
        declined: &'static [Talk],
        now: Time,
        next: &'static str,
        absent: &'static str,
    }
    let cases = [
        Case {
            name: "talk 1 declined: not late after 24 hours",
            declined: &[Talk::Eerste],
            now: incident() + Duration::hours(30),
            next: "tweede nazorggesprek uiterlijk 29-11 einde dag",
            absent: "eerste",
        },
        Case {
            name: "talk 2 declined: not late after day 3",
            declined: &[Talk::Tweede],
            now: at(2026, 12, 1, 9, 0),
            next: "eerste nazorggesprek — TE LAAT",
            absent: "tweede",
        },
        Case {
            name: "talk 3 declined: not late after day 42",
            declined: &[Talk::Derde],
            now: at(2027, 1, 10, 9, 0),
            next: "eerste nazorggesprek — TE LAAT",
            absent: "derde",
        },
        Case {
            name: "all three declined: nothing left",
            declined: &[Talk::Eerste, Talk::Tweede, Talk::Derde],
            now: soon(),
            next: "zaak afsluiten",
            absent: "nazorggesprek",
        },
    ];
    for c in cases {
        let mut s = reported();
        for talk in c.declined {
            s.log(EventBody::AftercareDeclined {
                talk: *talk,
                on: day(2026, 11, 26),
            });
        }
        let f = s.file();
        let shown = texts(&f, c.now);
        assert_eq!(shown[0], c.next, "{}: {shown:?}", c.name);
        assert!(
            !shown.iter().any(|t| t.contains(c.absent)),
            "{}: {shown:?}",
            c.name
        );
    }
}

#[test]
fn a_ban_ending_is_a_step_and_late_when_not_settled() {
    let mut s = reported();
    for talk in Talk::ALL {
        s.log(held(talk, day(2026, 11, 26)));
    }
    let id = s.log(measure(
        MeasureKind::Vergaderverbod,
        Some(day(2026, 12, 1)),
        Some(day(2027, 2, 28)),
    ));
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("vergaderverbod loopt af op 28-02")
    );
    // Nothing was logged since 26-11: the nudge is overdue too, and longer.
    let march = at(2027, 3, 2, 9, 0);
    assert_eq!(
        texts(&s.file(), march),
        vec![
            "zaak oppakken: niets vastgelegd sinds 26-11",
            "vergaderverbod verlopen op 28-02: afronden of verlengen",
        ]
    );
    log_at(
        &mut s,
        at(2027, 3, 2, 8, 0),
        EventBody::MeasureStatusChanged {
            measure: id,
            status: MeasureStatus::Afgerond,
        },
    );
    assert_eq!(next(&s.file(), march).as_deref(), Some("zaak afsluiten"));
}

#[test]
fn nudges_show_only_once_overdue() {
    struct Case {
        name: &'static str,
        police: bool,
        close: bool,
        now: Time,
        expected: Vec<&'static str>,
    }
    // Everything done by 26-11 15:36 (15:39 with the aangifte and the OM).
    let idle = at(2026, 12, 10, 15, 36);
    let feedback = at(2026, 12, 26, 15, 39);
    let second = Duration::seconds(1);
    let cases = [
        Case {
            name: "idle, exactly 14 days: not yet a step",
            police: false,
            close: false,
            now: idle,
            expected: vec!["zaak afsluiten"],
        },
        Case {
            name: "idle, a second later: a step instead of closing",
            police: false,
            close: false,
            now: idle + second,
            expected: vec!["zaak oppakken: niets vastgelegd sinds 26-11"],
        },
        Case {
            name: "a police reference: no idle nudge after 14 days",
            police: true,
            close: false,
            now: at(2026, 12, 20, 9, 0),
            expected: vec!["zaak afsluiten"],
        },
        Case {
            name: "a police reference: exactly 30 days, not yet",
            police: true,
            close: false,
            now: feedback,
            expected: vec!["zaak afsluiten"],
        },
        Case {
            name: "a police reference: feedback after 30 days",
            police: true,
            close: false,
            now: feedback + second,
            expected: vec![
                "slachtoffer informeren over de vervolging (niets vastgelegd sinds 26-11)",
            ],
        },
        Case {
            name: "closed: nothing",
            police: false,
            close: true,
            now: idle + Duration::days(30),
            expected: vec![],
        },
    ];
    for c in cases {
        let mut s = reported();
        for talk in Talk::ALL {
            s.log(held(talk, day(2026, 11, 26)));
        }
        if c.police {
            s.log(EventBody::ConsentRecorded { consent: true });
            s.log(filed());
            s.log(EventBody::OmInformed {
                on: day(2026, 11, 26),
            });
        }
        if c.close {
            s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
        }
        let f = s.file();
        let steps = f.open_steps(c.now);
        let shown: Vec<_> = steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(shown, c.expected, "{}", c.name);
        if let Some(step) = steps.iter().find(|s| s.text != "zaak afsluiten") {
            assert!(step.is_overdue(), "{}: overdue", c.name);
            let due = if c.police { feedback } else { idle };
            assert_eq!(step.urgency, Urgency::Overdue(due), "{}", c.name);
            assert_eq!(step.late_after, Some(due), "{}", c.name);
        }
    }
}

#[test]
fn hour_terms_are_shown_in_local_time_across_dst() {
    struct Case {
        name: &'static str,
        occurred: Time,
        injury: bool,
        text: &'static str,
    }
    let cases = [
        Case {
            name: "spring: talk 1 of Saturday 22:00, 24 hours later is 23:00 summer time",
            occurred: at(2027, 3, 27, 22, 0),
            injury: false,
            text: "eerste nazorggesprek uiterlijk 28-03 23:00",
        },
        Case {
            name: "autumn: talk 1 of Saturday 22:00, 24 hours later is 21:00 winter time",
            occurred: at(2026, 10, 24, 22, 0),
            injury: false,
            text: "eerste nazorggesprek uiterlijk 25-10 21:00",
        },
        Case {
            name: "spring: Arbeidsinspectie, known before the incident",
            occurred: at(2027, 3, 27, 22, 0),
            injury: true,
            text: "Arbeidsinspectie melden, uiterlijk 28-03 23:00",
        },
    ];
    for c in cases {
        let mut s = case_at(VictimRole::Raadslid, Category::VerbaleAgressie, c.occurred);
        let on = c.occurred.date_naive();
        s.log(informed(Recipient::Griffier, on));
        s.log(informed(Recipient::Burgemeester, on));
        if c.injury {
            s.log(injury(Some(&local_string(
                &(c.occurred - Duration::hours(1)),
            ))));
        }
        let now = c.occurred + Duration::hours(2);
        assert_eq!(next(&s.file(), now).as_deref(), Some(c.text), "{}", c.name);
    }
}
