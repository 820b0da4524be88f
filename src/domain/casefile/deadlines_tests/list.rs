//! The whole list

use super::*;

#[test]
fn which_deadlines_a_case_has() {
    use DeadlineKind::*;
    struct Case {
        name: &'static str,
        build: fn() -> CaseScript,
        expected: Vec<DeadlineKind>,
    }
    let talks = [
        Talk(super::Talk::Eerste),
        Talk(super::Talk::Tweede),
        Talk(super::Talk::Derde),
    ];
    let cases = [
        Case {
            name: "a raadslid's normoverschrijdend case",
            build: crossing,
            expected: [
                vec![Report(Recipient::Griffier), Inform(Recipient::Burgemeester)],
                talks.to_vec(),
                vec![Idle],
            ]
            .concat(),
        },
        Case {
            name: "emotioneel gedrag: nothing (no handling, no nudge)",
            build: || CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag),
            expected: vec![],
        },
        Case {
            name: "emotioneel gedrag with serious injury: the legal duty only",
            build: || {
                let mut s = CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag);
                s.log(injury(None));
                s
            },
            expected: vec![Arbeidsinspectie],
        },
        Case {
            name: "a live case without a victim: no route",
            build: || CaseScript::live(Category::FysiekGeweld),
            expected: [talks.to_vec(), vec![Idle]].concat(),
        },
        Case {
            name: "everything, in order",
            build: || {
                let mut s = CaseScript::intake(VictimRole::Burgemeester, Category::FysiekGeweld);
                s.log(injury(None));
                s.log(consent(true));
                s.log(ban(
                    MeasureKind::Toegangsverbod,
                    day(2026, 12, 1),
                    day(2027, 3, 1),
                ));
                s
            },
            expected: [
                vec![
                    Arbeidsinspectie,
                    Report(Recipient::Gemeentesecretaris),
                    Inform(Recipient::Griffier),
                    Inform(Recipient::AangewezenAmbtenaar),
                    Inform(Recipient::CommissarisVanDeKoning),
                ],
                talks.to_vec(),
                vec![
                    Aangifte,
                    MeasureEnds {
                        measure: 13,
                        kind: MeasureKind::Toegangsverbod,
                        end: day(2027, 3, 1),
                    },
                    Idle,
                ],
            ]
            .concat(),
        },
        Case {
            name: "closed: everything stays listed but the nudge",
            build: || {
                let mut s = crossing();
                s.log(ban(
                    MeasureKind::Vergaderverbod,
                    day(2026, 12, 1),
                    day(2027, 2, 28),
                ));
                s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
                s
            },
            expected: [
                vec![Report(Recipient::Griffier), Inform(Recipient::Burgemeester)],
                talks.to_vec(),
                vec![MeasureEnds {
                    measure: 11,
                    kind: MeasureKind::Vergaderverbod,
                    end: day(2027, 2, 28),
                }],
            ]
            .concat(),
        },
    ];
    for c in cases {
        let f = (c.build)().file();
        assert_eq!(kinds(&f), c.expected, "{}", c.name);
        let mut keys: Vec<String> = f.deadlines().iter().map(|d| d.what.key()).collect();
        let all = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), all, "{}: keys are unique in a case", c.name);
    }
}

#[test]
fn labels_keys_and_sections() {
    struct Case {
        what: DeadlineKind,
        label: &'static str,
        key: &'static str,
        section: &'static str,
        nudge: bool,
        outlives_case: bool,
    }
    let row = |what, label, key, section, nudge, outlives_case| Case {
        what,
        label,
        key,
        section,
        nudge,
        outlives_case,
    };
    let cases = [
        row(
            DeadlineKind::Talk(Talk::Eerste),
            "eerste nazorggesprek",
            "gesprek-1",
            "nazorg",
            false,
            false,
        ),
        row(
            DeadlineKind::Talk(Talk::Tweede),
            "tweede nazorggesprek",
            "gesprek-2",
            "nazorg",
            false,
            false,
        ),
        row(
            DeadlineKind::Talk(Talk::Derde),
            "derde nazorggesprek",
            "gesprek-3",
            "nazorg",
            false,
            false,
        ),
        row(
            DeadlineKind::Arbeidsinspectie,
            "melding Arbeidsinspectie",
            "arbeidsinspectie",
            "aangifte",
            false,
            false,
        ),
        row(
            DeadlineKind::Report(Recipient::Griffier),
            "melden aan griffier",
            "melden-griffier",
            "route",
            false,
            false,
        ),
        row(
            DeadlineKind::Inform(Recipient::AangewezenAmbtenaar),
            "aangewezen ambtenaar informeren",
            "informeren-aangewezen-ambtenaar",
            "route",
            false,
            false,
        ),
        row(
            DeadlineKind::Inform(Recipient::CommissarisVanDeKoning),
            "Commissaris van de Koning informeren",
            "informeren-commissaris-van-de-koning",
            "route",
            false,
            false,
        ),
        row(
            DeadlineKind::Aangifte,
            "aangifte doen",
            "aangifte",
            "aangifte",
            false,
            false,
        ),
        row(
            DeadlineKind::MeasureEnds {
                measure: 12,
                kind: MeasureKind::Toegangsverbod,
                end: day(2027, 1, 1),
            },
            "einde toegangsverbod #12",
            "maatregel-12",
            "maatregelen",
            false,
            true,
        ),
        row(
            DeadlineKind::MeasureEnds {
                measure: 3,
                kind: MeasureKind::Vergaderverbod,
                end: day(2027, 1, 1),
            },
            "einde vergaderverbod #3",
            "maatregel-3",
            "maatregelen",
            false,
            true,
        ),
        row(
            DeadlineKind::Idle,
            "zaak oppakken: geen behandelstap",
            "stilstand",
            "tijdlijn",
            true,
            false,
        ),
        row(
            DeadlineKind::PoliceFeedback,
            "slachtoffer informeren over de vervolging",
            "terugkoppeling",
            "tijdlijn",
            true,
            false,
        ),
    ];
    for c in cases {
        let name = format!("{:?}", c.what);
        assert_eq!(c.what.label(), c.label, "{name}: label");
        assert_eq!(c.what.key(), c.key, "{name}: key");
        assert_eq!(c.what.section(), c.section, "{name}: section");
        assert_eq!(c.what.is_nudge(), c.nudge, "{name}: nudge");
        assert_eq!(
            c.what.outlives_case(),
            c.outlives_case,
            "{name}: outlives the case"
        );
    }
    let states = [
        (DeadlineState::Done, "gedaan"),
        (DeadlineState::Declined, "afgeslagen"),
        (DeadlineState::Open, "komt eraan"),
        (DeadlineState::DueSoon, "nu te doen"),
        (DeadlineState::Overdue, "te laat"),
    ];
    for (state, label) in states {
        assert_eq!(state.label(), label, "{state:?}");
    }
}

#[test]
fn reminder_moments() {
    struct Case {
        name: &'static str,
        occurred: Time,
        what: DeadlineKind,
        expected: Vec<&'static str>,
    }
    // When a window opens later than the incident (talk 3, a ban), the
    // start of the last day, and when late; nothing at the incident itself.
    let cases = [
        Case {
            name: "talk 1: the start of its day and when late",
            occurred: incident(),
            what: DeadlineKind::Talk(Talk::Eerste),
            expected: vec!["2026-11-27T00:00:00+01:00", "2026-11-27T14:30:00+01:00"],
        },
        Case {
            name: "talk 2: the start of day 3 and its end",
            occurred: incident(),
            what: DeadlineKind::Talk(Talk::Tweede),
            expected: vec!["2026-11-29T00:00:00+01:00", "2026-11-30T00:00:00+01:00"],
        },
        Case {
            name: "talk 3: day 28, the start of day 42, its end",
            occurred: incident(),
            what: DeadlineKind::Talk(Talk::Derde),
            expected: vec![
                "2026-12-24T00:00:00+01:00",
                "2027-01-07T00:00:00+01:00",
                "2027-01-08T00:00:00+01:00",
            ],
        },
        Case {
            name: "the report: not at the incident; the start of the last day, its end",
            occurred: incident(),
            what: DeadlineKind::Report(Recipient::Griffier),
            expected: vec!["2026-11-27T00:00:00+01:00", "2026-11-28T00:00:00+01:00"],
        },
        Case {
            name: "talk 2 when day 3 is the day summer time starts (28-03-2027)",
            occurred: at(2027, 3, 25, 10, 0),
            what: DeadlineKind::Talk(Talk::Tweede),
            expected: vec!["2027-03-28T00:00:00+01:00", "2027-03-29T00:00:00+02:00"],
        },
        Case {
            name: "talk 2 when day 3 is the day winter time starts (25-10-2026)",
            occurred: at(2026, 10, 22, 10, 0),
            what: DeadlineKind::Talk(Talk::Tweede),
            expected: vec!["2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00"],
        },
        Case {
            name: "the idle nudge: only when due (entered 15:30)",
            occurred: incident(),
            what: DeadlineKind::Idle,
            expected: vec!["2026-12-10T15:30:00+01:00"],
        },
    ];
    for c in cases {
        let f = case_at(VictimRole::Raadslid, Category::FysiekGeweld, c.occurred).file();
        let d = find(&f, c.what, c.name);
        let got: Vec<String> = d.reminder_moments().into_iter().map(rfc).collect();
        assert_eq!(got, c.expected, "{}", c.name);
    }
    // The Arbeidsinspectie (recorded 15:32) and the aangifte (consent 15:33).
    let mut s = crossing();
    s.log(injury(None));
    s.log(consent(true));
    let f = s.file();
    let more = [
        (
            "the Arbeidsinspectie: the start of its last day and when late",
            DeadlineKind::Arbeidsinspectie,
            vec!["2026-11-27T00:00:00+01:00", "2026-11-27T15:32:00+01:00"],
        ),
        (
            "the aangifte: not at the consent; the start of Monday, its end",
            DeadlineKind::Aangifte,
            vec!["2026-11-30T00:00:00+01:00", "2026-12-01T00:00:00+01:00"],
        ),
    ];
    for (name, what, expected) in more {
        let got: Vec<String> = find(&f, what, name)
            .reminder_moments()
            .into_iter()
            .map(rfc)
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}
