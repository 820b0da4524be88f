//! Aangifte: consent, the aangifte, the OM; a later decision asks again.

use super::*;

#[test]
fn consent_then_aangifte_then_om() {
    let mut s = CaseScript::live(Category::FysiekGeweld);
    s.push(EventBody::AangifteDecision {
        decision: crate::domain::event::AangifteChoice::Ja,
        decided_by: vec![],
        dissent: String::new(),
    });
    s.log(EventBody::VictimRecorded {
        victim: victim(VictimRole::Raadslid),
    });
    s.log(informed(Recipient::Griffier, day(2026, 11, 26)));
    s.log(informed(Recipient::Burgemeester, day(2026, 11, 26)));
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("toestemming slachtoffer vragen")
    );
    s.log(EventBody::ConsentRecorded { consent: true });
    // Consent on Thursday: the end of the second working day, Monday 30-11.
    let steps = s.file().open_steps(soon());
    let aangifte = steps
        .iter()
        .find(|s| s.text.starts_with("aangifte doen"))
        .unwrap_or_else(|| panic!("no aangifte step in {steps:?}"));
    assert_eq!(
        aangifte.text,
        "aangifte doen (VPT), uiterlijk 30-11 einde dag"
    );
    assert_eq!(aangifte.late_after, Some(at(2026, 12, 1, 0, 0)));
    assert!(!steps.iter().any(|s| s.text.contains("toestemming")));
    let late = s
        .file()
        .open_steps(at(2026, 12, 1, 0, 0) + Duration::seconds(1));
    assert!(
        late.iter().any(|s| s.text == "aangifte doen — TE LAAT"),
        "{late:?}"
    );
    s.log(filed());
    let steps = texts(&s.file(), soon());
    assert_eq!(steps[0], "OM informeren");
    s.log(EventBody::OmInformed {
        on: day(2026, 11, 26),
    });
    assert!(
        !texts(&s.file(), soon())
            .iter()
            .any(|t| t.contains("OM") || t.contains("aangifte"))
    );
}

#[test]
fn an_aangifte_measure_asks_for_consent_and_a_no_ends_it() {
    let mut s = reported();
    s.log(measure_with(
        MeasureKind::Aangifte,
        None,
        None,
        MeasureStatus::Voorgenomen,
        "burgemeester",
    ));
    assert_eq!(
        next(&s.file(), soon()).as_deref(),
        Some("toestemming slachtoffer vragen")
    );
    s.log(EventBody::ConsentRecorded { consent: false });
    assert!(
        !texts(&s.file(), soon())
            .iter()
            .any(|t| t.contains("aangifte") || t.contains("toestemming"))
    );
}

#[test]
fn a_later_decision_asks_for_a_decision() {
    let mut s = CaseScript::live(Category::BedreigingIntimidatie);
    s.push(EventBody::AangifteDecision {
        decision: crate::domain::event::AangifteChoice::Later,
        decided_by: vec![],
        dissent: String::new(),
    });
    assert!(texts(&s.file(), soon()).contains(&"besluiten over aangifte".to_string()));
}
