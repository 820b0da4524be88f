use chrono::Duration;

use super::*;
use crate::domain::case::{CaseStatus, MeasureStatus, VictimRole};
use crate::domain::casefile::fixture::*;
use crate::domain::category::Category;
use crate::domain::event::EventBody;

fn find(f: &CaseFile, what: DeadlineKind) -> Deadline {
    f.deadlines()
        .into_iter()
        .find(|d| d.what == what)
        .unwrap_or_else(|| panic!("no deadline {what:?}"))
}

fn crossing() -> CaseScript {
    CaseScript::intake(VictimRole::Raadslid, Category::FysiekGeweld)
}

#[test]
fn aftercare_talks_count_from_the_incident() {
    let f = crossing().file();
    let first = find(&f, DeadlineKind::Talk(Talk::Eerste));
    assert_eq!(first.due, at(2026, 11, 27, 14, 30));
    assert_eq!(first.late_after, first.due);
    assert_eq!(first.window_start, None);
    let second = find(&f, DeadlineKind::Talk(Talk::Tweede));
    assert_eq!(second.due, at(2026, 11, 29, 14, 30));
    let third = find(&f, DeadlineKind::Talk(Talk::Derde));
    assert_eq!(third.window_start, Some(at(2026, 12, 24, 14, 30)));
    assert_eq!(third.due, at(2027, 1, 7, 14, 30));
}

#[test]
fn the_first_talk_is_late_after_24_hours() {
    let mut s = crossing();
    let f = s.file();
    let d = find(&f, DeadlineKind::Talk(Talk::Eerste));
    let h = |n| incident() + Duration::hours(n);
    assert_eq!(f.state_at(&d, h(2)), DeadlineState::Open);
    assert_eq!(f.state_at(&d, h(16)), DeadlineState::DueSoon);
    assert_eq!(f.state_at(&d, h(24)), DeadlineState::DueSoon);
    assert_eq!(
        f.state_at(&d, h(24) + Duration::seconds(1)),
        DeadlineState::Overdue
    );
    s.log(held(Talk::Eerste, day(2026, 11, 26)));
    let f = s.file();
    let d = find(&f, DeadlineKind::Talk(Talk::Eerste));
    assert_eq!(d.done, Some(day(2026, 11, 26)));
    assert_eq!(f.state_at(&d, h(48)), DeadlineState::Done);
}

#[test]
fn the_second_talk_is_late_after_three_days() {
    let f = crossing().file();
    let d = find(&f, DeadlineKind::Talk(Talk::Tweede));
    let base = incident();
    assert_eq!(d.state_at(base + Duration::days(1)), DeadlineState::Open);
    assert_eq!(
        d.state_at(base + Duration::hours(60)),
        DeadlineState::DueSoon
    );
    assert_eq!(d.state_at(base + Duration::days(3)), DeadlineState::DueSoon);
    assert_eq!(
        d.state_at(base + Duration::days(3) + Duration::minutes(1)),
        DeadlineState::Overdue
    );
}

#[test]
fn the_third_talk_has_a_window_of_four_to_six_weeks() {
    let mut s = crossing();
    let d = find(&s.file(), DeadlineKind::Talk(Talk::Derde));
    let base = incident();
    assert_eq!(d.state_at(base + Duration::weeks(3)), DeadlineState::Open);
    assert_eq!(
        d.state_at(base + Duration::weeks(4)),
        DeadlineState::DueSoon
    );
    assert_eq!(
        d.state_at(base + Duration::weeks(6)),
        DeadlineState::DueSoon
    );
    assert_eq!(
        d.state_at(base + Duration::weeks(6) + Duration::minutes(1)),
        DeadlineState::Overdue
    );
    // Held sooner ("of eerder"): done all the same.
    s.log(held(Talk::Derde, day(2026, 11, 26)));
    let d = find(&s.file(), DeadlineKind::Talk(Talk::Derde));
    assert_eq!(d.state_at(base + Duration::weeks(7)), DeadlineState::Done);
}

#[test]
fn days_keep_the_clock_time_across_summer_time() {
    let mut f = crossing().file();
    f.occurred_at = at(2026, 3, 27, 10, 0); // Friday, winter time
    let first = find(&f, DeadlineKind::Talk(Talk::Eerste));
    assert_eq!(first.due.to_rfc3339(), "2026-03-28T10:00:00+01:00");
    let second = find(&f, DeadlineKind::Talk(Talk::Tweede));
    assert_eq!(second.due.to_rfc3339(), "2026-03-30T10:00:00+02:00");
}

#[test]
fn emotional_behaviour_has_no_aftercare_deadlines() {
    let f = CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag).file();
    assert!(f.deadlines().is_empty());
}

#[test]
fn arbeidsinspectie_is_due_at_once_and_late_after_24_hours() {
    let mut s = crossing();
    s.log(EventBody::SeriousInjury {});
    let recorded = s.t;
    let f = s.file();
    let d = find(&f, DeadlineKind::Arbeidsinspectie);
    assert_eq!(d.due, recorded);
    assert_eq!(d.late_after, recorded + Duration::hours(24));
    assert_eq!(f.deadlines()[0].what, DeadlineKind::Arbeidsinspectie);
    assert_eq!(d.state_at(recorded), DeadlineState::DueSoon);
    assert_eq!(
        d.state_at(recorded + Duration::hours(24)),
        DeadlineState::DueSoon
    );
    assert_eq!(
        d.state_at(recorded + Duration::hours(24) + Duration::seconds(1)),
        DeadlineState::Overdue
    );
    s.log(EventBody::ArbeidsinspectieNotified {
        on: day(2026, 11, 26),
    });
    let d = find(&s.file(), DeadlineKind::Arbeidsinspectie);
    assert_eq!(
        d.state_at(recorded + Duration::days(3)),
        DeadlineState::Done
    );
}

#[test]
fn arbeidsinspectie_counts_whatever_the_category() {
    let mut s = CaseScript::intake(VictimRole::Raadslid, Category::EmotioneelGedrag);
    s.log(EventBody::SeriousInjury {});
    let kinds: Vec<_> = s.file().deadlines().iter().map(|d| d.what).collect();
    assert_eq!(kinds, vec![DeadlineKind::Arbeidsinspectie]);
}

#[test]
fn aangifte_advice_is_two_working_days_once_consented() {
    let mut s = crossing();
    let has_aangifte = |f: &CaseFile| {
        f.deadlines()
            .iter()
            .any(|d| d.what == DeadlineKind::Aangifte)
    };
    assert!(!has_aangifte(&s.file()));
    s.log(EventBody::ConsentRecorded { consent: true });
    // Thursday 14:30 + two working days: Monday 14:30.
    let d = find(&s.file(), DeadlineKind::Aangifte);
    assert_eq!(d.due, at(2026, 11, 30, 14, 30));
    assert_eq!(d.state_at(at(2026, 11, 29, 15, 0)), DeadlineState::DueSoon);
    assert_eq!(d.state_at(at(2026, 11, 30, 15, 0)), DeadlineState::Overdue);
    s.log(filed());
    let d = find(&s.file(), DeadlineKind::Aangifte);
    assert_eq!(d.done, Some(day(2026, 11, 26)));
}

#[test]
fn working_days_skip_the_weekend() {
    let friday = at(2026, 11, 27, 9, 0);
    assert_eq!(working_days_later(friday, 1), at(2026, 11, 30, 9, 0));
    assert_eq!(working_days_later(friday, 2), at(2026, 12, 1, 9, 0));
    let saturday = at(2026, 11, 28, 9, 0);
    assert_eq!(working_days_later(saturday, 2), at(2026, 12, 1, 9, 0));
}

#[test]
fn no_aangifte_deadline_when_the_victim_says_no() {
    let mut s = crossing();
    s.log(EventBody::ConsentRecorded { consent: false });
    assert!(
        s.file()
            .deadlines()
            .iter()
            .all(|d| d.what != DeadlineKind::Aangifte)
    );
}

#[test]
fn a_ban_ends_when_its_last_day_is_over() {
    let mut s = crossing();
    let id = s.log(measure(
        MeasureKind::Vergaderverbod,
        Some(day(2026, 12, 1)),
        Some(day(2027, 2, 28)),
    ));
    s.log(measure(MeasureKind::MondelingeWaarschuwing, None, None));
    let f = s.file();
    let ends: Vec<_> = f
        .deadlines()
        .into_iter()
        .filter(|d| matches!(d.what, DeadlineKind::MeasureEnds { .. }))
        .collect();
    assert_eq!(ends.len(), 1, "only measures with an end date");
    let d = &ends[0];
    assert_eq!(
        d.what,
        DeadlineKind::MeasureEnds {
            measure: id,
            kind: MeasureKind::Vergaderverbod,
            end: day(2027, 2, 28)
        }
    );
    assert_eq!(d.due, at(2027, 3, 1, 0, 0));
    assert_eq!(d.state_at(at(2027, 2, 1, 12, 0)), DeadlineState::Open);
    assert_eq!(d.state_at(at(2027, 2, 22, 12, 0)), DeadlineState::DueSoon);
    assert_eq!(d.state_at(at(2027, 2, 28, 23, 59)), DeadlineState::DueSoon);
    assert_eq!(d.state_at(at(2027, 3, 1, 0, 1)), DeadlineState::Overdue);
    s.log(EventBody::MeasureStatusChanged {
        measure: id,
        status: MeasureStatus::Afgerond,
    });
    let f = s.file();
    let d = find(
        &f,
        DeadlineKind::MeasureEnds {
            measure: id,
            kind: MeasureKind::Vergaderverbod,
            end: day(2027, 2, 28),
        },
    );
    assert_eq!(d.done, Some(day(2026, 11, 26)));
}

#[test]
fn deadlines_stay_listed_on_a_closed_case() {
    let mut s = crossing();
    s.log(status(CaseStatus::Afgesloten, "afgehandeld"));
    assert_eq!(s.file().deadlines().len(), 3);
}

#[test]
fn labels() {
    assert_eq!(
        DeadlineKind::Talk(Talk::Tweede).label(),
        "tweede nazorggesprek"
    );
    assert_eq!(
        DeadlineKind::Arbeidsinspectie.label(),
        "melding Arbeidsinspectie"
    );
    let end = DeadlineKind::MeasureEnds {
        measure: 12,
        kind: MeasureKind::Toegangsverbod,
        end: day(2027, 1, 1),
    };
    assert_eq!(end.label(), "einde toegangsverbod #12");
    assert_eq!(DeadlineState::Overdue.label(), "te laat");
}
