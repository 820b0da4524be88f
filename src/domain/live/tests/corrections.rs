//! Corrections: a corrected step no longer counts and stays visible; a
//! correction is not doubled or corrected; a structural entry keeps its
//! effect.

use super::*;

#[test]
fn a_corrected_demand_no_longer_counts_and_stays_visible() {
    let mut s = Script::new();
    s.meeting();
    s.disturbance();
    s.demand().unwrap();
    let wrong = s.demand().unwrap();
    s.correct(wrong, "toets per ongeluk").unwrap();
    let v = s.view();
    assert_eq!(s.current().persons[0].demands.len(), 1);
    let row = v.timeline.iter().find(|r| r.seq == Some(wrong)).unwrap();
    assert_eq!(row.corrected.as_deref(), Some("toets per ongeluk"));
    assert!(row.text.starts_with("Vordering 2"));
    let last = v.timeline.last().unwrap();
    assert!(last.is_correction);
    assert!(last.text.contains("toets per ongeluk"));
    // The next demand is number 2 again.
    s.demand().unwrap();
    assert_eq!(s.current().persons[0].demands.last().unwrap().number, 2);
}

#[test]
fn corrections_cannot_be_doubled_or_corrected() {
    let mut s = Script::new();
    s.meeting();
    let note = s.log(EventBody::Note {
        text: "spandoek".into(),
    });
    let reason = || EventBody::Correction {
        reason: "typfout".into(),
    };
    let corr = s.try_log(reason(), Some(note)).unwrap();
    assert_eq!(
        s.try_log(reason(), Some(note)),
        Err(Refusal::AlreadyCorrected(note))
    );
    assert_eq!(
        s.try_log(reason(), Some(corr)),
        Err(Refusal::CorrectionOfCorrection)
    );
    assert_eq!(
        s.try_log(reason(), Some(999)),
        Err(Refusal::UnknownEntry(999))
    );
    assert_eq!(s.try_log(reason(), None), Err(Refusal::NothingToCorrect));
}

#[test]
fn correcting_a_structural_entry_keeps_its_effect() {
    let mut s = Script::new();
    s.meeting();
    s.correct(1, "titel is Commissie Bestuur").unwrap();
    let v = s.view();
    assert!(v.open_meeting().is_some());
    assert!(v.timeline[0].corrected.is_some());
}
