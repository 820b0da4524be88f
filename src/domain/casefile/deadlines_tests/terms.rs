//! The table of terms

use super::*;

/// The row of the table of terms for a kind; a new kind must be added here.
fn term_row(what: DeadlineKind) -> &'static str {
    match what {
        DeadlineKind::Talk(Talk::Eerste) => "eerste nazorggesprek",
        DeadlineKind::Talk(Talk::Tweede) => "tweede nazorggesprek",
        DeadlineKind::Talk(Talk::Derde) => "derde nazorggesprek",
        DeadlineKind::Arbeidsinspectie => "melding Arbeidsinspectie",
        DeadlineKind::Inform(Recipient::CommissarisVanDeKoning) => {
            "Commissaris van de Koning (burgemeester slachtoffer)"
        }
        DeadlineKind::Report(_) | DeadlineKind::Inform(_) => {
            "melden en informeren volgens de route"
        }
        DeadlineKind::Aangifte => "aangifte na toestemming",
        DeadlineKind::MeasureEnds { .. } => "einde toegangs- of vergaderverbod",
        DeadlineKind::Idle => "zaak zonder behandelstap",
        DeadlineKind::PoliceFeedback => "terugkoppeling vervolging aan slachtoffer",
    }
}

#[test]
fn term_table_has_a_sourced_row_per_kind() {
    struct Case {
        what: DeadlineKind,
        source: &'static str,
        /// With the terms below.
        term_has: &'static str,
    }
    let terms = Terms {
        report_working_days: 3,
        aangifte_working_days: 4,
        idle_days: 21,
        police_feedback_days: 45,
    };
    let practice = "gemeentelijke praktijk ([deadlines] ";
    let cases = [
        Case {
            what: DeadlineKind::Talk(Talk::Eerste),
            source: "protocol §6.3",
            term_has: "24 uur",
        },
        Case {
            what: DeadlineKind::Talk(Talk::Tweede),
            source: "protocol §6.3",
            term_has: "3e kalenderdag",
        },
        Case {
            what: DeadlineKind::Talk(Talk::Derde),
            source: "protocol §6.3",
            term_has: "dag 28 en eind dag 42",
        },
        Case {
            what: DeadlineKind::Arbeidsinspectie,
            source: "protocol §6.4, Arbowet art. 9",
            term_has: "24 uur",
        },
        Case {
            what: DeadlineKind::Report(Recipient::Griffier),
            source: "gemeentelijke praktijk ([deadlines] report_working_days)",
            term_has: "3e werkdag",
        },
        Case {
            what: DeadlineKind::Inform(Recipient::Burgemeester),
            source: "gemeentelijke praktijk ([deadlines] report_working_days)",
            term_has: "3e werkdag",
        },
        Case {
            what: DeadlineKind::Inform(Recipient::CommissarisVanDeKoning),
            source: "protocol §6.4; termijn: gemeentelijke praktijk ([deadlines] report_working_days)",
            term_has: "3e werkdag",
        },
        Case {
            what: DeadlineKind::Aangifte,
            source: "gemeentelijke praktijk ([deadlines] aangifte_working_days)",
            term_has: "4e werkdag na de toestemming",
        },
        Case {
            what: DeadlineKind::MeasureEnds {
                measure: 1,
                kind: MeasureKind::Vergaderverbod,
                end: day(2027, 1, 1),
            },
            source: "protocol §6.2, Gemeentewet art. 26",
            term_has: "7 dagen vooraf",
        },
        Case {
            what: DeadlineKind::Idle,
            source: "gemeentelijke praktijk ([deadlines] idle_days)",
            term_has: "na 21 dagen",
        },
        Case {
            what: DeadlineKind::PoliceFeedback,
            source: "protocol §6.4; termijn: gemeentelijke praktijk ([deadlines] police_feedback_days)",
            term_has: "na 45 dagen",
        },
    ];
    let table = term_table(&terms);
    let settings = serde_json::to_value(Terms::default()).expect("terms serialise");
    for c in &cases {
        let what = term_row(c.what);
        let row = table
            .iter()
            .find(|r| r.what == what)
            .unwrap_or_else(|| panic!("{:?}: no row {what:?}", c.what));
        assert_eq!(row.source, c.source, "{:?}: source", c.what);
        assert!(
            row.term.contains(c.term_has),
            "{:?}: term {:?} should say {:?}",
            c.what,
            row.term,
            c.term_has
        );
        if let Some(rest) = row.source.split(practice).nth(1) {
            let key = rest.trim_end_matches(')');
            assert!(
                settings.get(key).is_some(),
                "{:?}: {key} is a [deadlines] setting",
                c.what
            );
        }
    }
    // Every row belongs to a kind, has a term and a source, and is listed once.
    for row in &table {
        assert!(
            cases.iter().any(|c| term_row(c.what) == row.what),
            "{}: a row without a kind",
            row.what
        );
        assert!(!row.term.trim().is_empty(), "{}: term", row.what);
        assert!(!row.source.trim().is_empty(), "{}: source", row.what);
        assert_eq!(
            table.iter().filter(|r| r.what == row.what).count(),
            1,
            "{}: listed once",
            row.what
        );
    }
    // The defaults are shown as set.
    let defaults = term_table(&Terms::default());
    let term = |what: &str| {
        defaults
            .iter()
            .find(|r| r.what == what)
            .map(|r| r.term.clone())
            .unwrap_or_default()
    };
    assert!(term("melden en informeren volgens de route").contains("1e werkdag"));
    assert!(term("aangifte na toestemming").contains("2e werkdag"));
    assert!(term("zaak zonder behandelstap").contains("14 dagen"));
    assert!(term("terugkoppeling vervolging aan slachtoffer").contains("30 dagen"));
}
