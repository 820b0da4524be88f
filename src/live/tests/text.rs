//! Typing text (notes, corrections, drafts, pastes), and live keys pressed
//! in a field, a question or a card.

use super::*;

#[test]
fn notes_and_corrections() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1dd");
    // Correct the second demand (the newest entry is preselected).
    d.keys("c<enter>per ongeluk<enter>");
    assert_eq!(demands(&d), 1);
    let corrected = d
        .app
        .console
        .view
        .timeline
        .iter()
        .find(|r| r.corrected.is_some())
        .unwrap()
        .clone();
    assert!(corrected.text.starts_with("Vordering 2"));
    d.keys("nSpandoek op de tribune<enter>");
    let last = d.app.console.committed().last().unwrap();
    assert_eq!(
        last.body,
        EventBody::Note {
            text: "Spandoek op de tribune".into()
        }
    );
    // The correction is linked to the case of the corrected entry.
    let committed = d.app.console.committed();
    let correction = committed
        .iter()
        .find(|e| matches!(e.body, EventBody::Correction { .. }))
        .unwrap();
    let target = committed
        .iter()
        .find(|e| Some(e.seq) == correction.corrects)
        .unwrap();
    assert!(matches!(target.body, EventBody::Demand { number: 2, .. }));
    assert_eq!(correction.case_id, target.case_id);
}

#[test]
fn correction_picker_moves_with_arrows() {
    let (mut d, _dir) = start();
    d.keys("m<enter>nA<enter>nB<enter>c<up><up><enter>titel klopt niet<enter>");
    let last = d.app.console.committed().last().unwrap();
    assert_eq!(last.corrects, Some(1));
}

#[test]
fn esc_keeps_typed_text_as_a_draft_and_gives_the_live_keys_back_at_once() {
    let (mut d, _dir) = start();
    d.keys("m<enter>nhalve not, ddd");
    // In a text field letters are text: no demand was logged.
    assert_eq!(kinds(&d), ["meeting-started"]);
    d.keys("<esc>");
    assert!(d.app.console.dialog.is_none());
    // The next key is a live step again.
    d.keys("s");
    assert!(d.app.console.view.suspended_since.is_some());
    d.keys("n");
    match &d.app.console.dialog {
        Some(Dialog::Form(form)) if form.purpose == LiveForm::Note => {
            assert_eq!(form.text(0), "halve not, ddd")
        }
        other => panic!("expected the note draft, got {other:?}"),
    }
}

#[test]
fn a_huge_paste_into_a_note_is_capped() {
    let (mut d, _dir) = start();
    d.keys("m<enter>n");
    d.send(crate::app::Input::Paste("x\u{1b}[2J".repeat(200_000)));
    match &d.app.console.dialog {
        Some(Dialog::Form(form)) if form.purpose == LiveForm::Note => {
            assert_eq!(form.text(0).chars().count(), limits::NOTE)
        }
        other => panic!("{other:?}"),
    }
    assert!(flash(&d).contains("ingekort"));
}

#[test]
fn a_burst_of_keys_outside_a_text_field_is_held_and_asked_about() {
    let (mut d, _dir) = start();
    d.keys("m<enter>");
    let before = kinds(&d).len();
    // A paste in a terminal without bracketed paste: "q" in it must not quit.
    d.burst("sdlq v2 dd");
    assert!(d.app.held_keys.is_some(), "held");
    assert_eq!(kinds(&d).len(), before, "nothing run");
    assert!(!d.app.quit);
    d.keys("<esc>");
    assert!(d.app.held_keys.is_none());
    assert_eq!(kinds(&d).len(), before, "thrown away");
    // Said yes to, the keys run one by one.
    d.burst("slllll");
    d.keys("j");
    assert!(d.app.console.view.suspended_since.is_some());
    assert!(d.app.console.view.livestream_down_since.is_some());
    // In a text field a burst is text.
    d.keys("n");
    d.burst("een geplakte zin");
    assert!(d.app.held_keys.is_none());
    match &d.app.console.dialog {
        Some(Dialog::Form(form)) => assert_eq!(form.text(0), "een geplakte zin"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_live_key_on_the_112_card_or_help_closes_it_and_logs_its_step() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v1p");
    assert!(matches!(d.app.console.dialog, Some(Dialog::Card112)));
    // The police arrive while the card is still open.
    d.keys("t");
    assert!(d.app.console.dialog.is_none());
    assert!(
        dist(&d).police_arrived_at.is_some(),
        "t logged, not swallowed"
    );
    d.keys("?s");
    assert!(d.app.console.dialog.is_none());
    assert!(
        d.app.console.view.suspended_since.is_some(),
        "s logged from help"
    );
    // Enter or Esc only close.
    d.keys("k<enter>");
    assert!(d.app.console.dialog.is_none());
}

#[test]
fn a_live_key_in_a_question_or_the_aangifte_choice_is_not_swallowed() {
    let (mut d, _dir) = start();
    d.keys("m<enter>v2s");
    // The aangifte dialog is open when the chair reopens the meeting.
    d.keys("a");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Aangifte { disturbance: 1 })
    ));
    d.keys("h");
    assert!(d.app.console.dialog.is_none(), "the choice closed");
    assert!(
        d.app.console.view.suspended_since.is_none(),
        "h logged the resumption"
    );
    // A question: a live key closes it unanswered and runs its step.
    d.keys("V");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Confirm(Question::EndDisturbance(_)))
    ));
    d.keys("l");
    assert!(
        d.app.console.view.livestream_down_since.is_some(),
        "l logged"
    );
    assert!(d.app.console.view.newest().is_some(), "not ended");
    // The question's own step again does not run past it.
    d.keys("VV");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Confirm(Question::EndDisturbance(_)))
    ));
    d.keys("j");
    assert!(d.app.console.view.newest().is_none());
    // The aangifte choice has keys of its own that clash with none.
    d.keys("v2ax");
    assert_eq!(dist(&d).aangifte.map(|(c, _)| c), Some(AangifteChoice::Nee));
    d.keys("va");
    assert!(matches!(
        d.app.console.dialog,
        Some(Dialog::Aangifte { disturbance: 3 })
    ));
    d.keys("2");
    assert_eq!(
        dist(&d).category,
        Some(Category::BedreigingIntimidatie),
        "a category key is a live step: it closes the choice"
    );
}
