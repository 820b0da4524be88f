//! Keys inside the live console's dialogs: forms, questions, the
//! correction picker, and pasting into a text field.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Console, Dialog, Effect, Field, Question};
use crate::domain::event::AANGIFTE_DECIDERS;
use crate::domain::text::limits;
use crate::domain::{AangifteChoice, Category, EventBody};
use crate::keymap::{Action, Section};

impl Console {
    pub(super) fn paste(&mut self, text: &str) {
        let field = match &mut self.dialog {
            Some(Dialog::Meeting { fields, focus, .. })
            | Some(Dialog::Disturbance { fields, focus, .. }) => {
                focus.checked_sub(1).and_then(|i| fields.get_mut(i))
            }
            Some(Dialog::Note { field }) | Some(Dialog::CorrectReason { field, .. }) => Some(field),
            _ => None,
        };
        match field {
            Some(f) => {
                let max = f.max;
                if !f.paste(text) {
                    self.warn(format!("Geplakte tekst ingekort tot {max} tekens."));
                }
            }
            None => self.warn("Plakken kan alleen in een tekstveld."),
        }
    }

    pub(super) fn dialog_key(&mut self, dialog: Dialog, key: KeyEvent, effects: &mut Vec<Effect>) {
        // Retrying a failed write works in every dialog, text fields too
        // (there on a key that is not typed, `ctrl-r` by default).
        if self.keymap.action(Section::Form, &key) == Some(Action::Retry) {
            effects.push(Effect::Retry);
            self.dialog = Some(dialog);
            return;
        }
        match dialog {
            Dialog::Help { scroll } => match self.keymap.action(Section::Form, &key) {
                Some(Action::SelectNext) => {
                    self.dialog = Some(Dialog::Help {
                        scroll: scroll.saturating_add(1),
                    })
                }
                Some(Action::SelectPrev) => {
                    self.dialog = Some(Dialog::Help {
                        scroll: scroll.saturating_sub(1),
                    })
                }
                // Any other key closes; live keys are not run by accident.
                _ => {}
            },
            Dialog::Card112 => {
                // Any key closes; live keys are not run by accident.
            }
            Dialog::Confirm(q) => match self.keymap.action(Section::Confirm, &key) {
                Some(Action::Confirm) => self.answer(q),
                Some(Action::Deny) | Some(Action::Cancel) => {}
                _ => self.dialog = Some(Dialog::Confirm(q)),
            },
            Dialog::Aangifte => {
                let choice = match self.keymap.action(Section::Aangifte, &key) {
                    Some(Action::AangifteJa) => Some(AangifteChoice::Ja),
                    Some(Action::AangifteNee) => Some(AangifteChoice::Nee),
                    Some(Action::AangifteLater) => Some(AangifteChoice::Later),
                    Some(Action::Cancel) => return,
                    _ => {
                        self.dialog = Some(Dialog::Aangifte);
                        return;
                    }
                };
                if let Some(decision) = choice {
                    self.log(
                        EventBody::AangifteDecision {
                            decision,
                            decided_by: AANGIFTE_DECIDERS.iter().map(|s| s.to_string()).collect(),
                        },
                        None,
                    );
                }
            }
            Dialog::CorrectPick { cursor } => {
                let rows = self.projected().correctable();
                let n = rows.len();
                match self.keymap.action(Section::Form, &key) {
                    Some(Action::SelectPrev) | Some(Action::PrevField) => {
                        self.dialog = Some(Dialog::CorrectPick {
                            cursor: cursor.saturating_sub(1),
                        })
                    }
                    Some(Action::SelectNext) | Some(Action::NextField) => {
                        self.dialog = Some(Dialog::CorrectPick {
                            cursor: (cursor + 1).min(n.saturating_sub(1)),
                        })
                    }
                    Some(Action::Submit) => {
                        if let Some(row) = rows.get(cursor) {
                            let target = row.seq.unwrap_or_default();
                            let target_text = row.text.clone();
                            self.open(Dialog::CorrectReason {
                                target,
                                target_text,
                                field: Field::new("Reden van de correctie", "", limits::REASON),
                            });
                        }
                    }
                    Some(Action::Cancel) => {}
                    _ => self.dialog = Some(Dialog::CorrectPick { cursor }),
                }
            }
            form => self.form_key(form, key),
        }
    }

    fn answer(&mut self, q: Question) {
        match q {
            Question::PhysicalProtection => {
                self.log(
                    EventBody::PhysicalProtection {
                        confirmed_rule: true,
                    },
                    None,
                );
            }
            Question::EndDisturbance => {
                self.log(EventBody::DisturbanceEnded {}, None);
            }
            Question::EndMeeting => {
                self.log(EventBody::MeetingEnded {}, None);
            }
        }
    }

    fn form_key(&mut self, mut form: Dialog, key: KeyEvent) {
        let action = self.keymap.action(Section::Form, &key);
        match action {
            Some(Action::Cancel) => {
                if form.has_typed_text() {
                    self.drafts.retain(|d| !d.same_kind(&form));
                    self.drafts.push(form);
                    self.info("Formulier gesloten; wat u typte is bewaard als concept.");
                }
                return;
            }
            Some(Action::Submit) => {
                if !self.submit(&form) {
                    self.dialog = Some(form);
                }
                return;
            }
            _ => {}
        }
        // `Some(max)` when a typed character did not fit.
        let mut full = None;
        match &mut form {
            Dialog::Meeting {
                meeting_type,
                fields,
                focus,
            } => {
                let moved = move_focus(focus, fields.len() + 1, action);
                if !moved && *focus == 0 {
                    if matches!(
                        key.code,
                        KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right
                    ) {
                        *meeting_type = meeting_type.next();
                    }
                } else if !moved && let Some(f) = fields.get_mut(*focus - 1) {
                    full = refused(f, key);
                }
            }
            Dialog::Disturbance {
                category,
                fields,
                focus,
            } => {
                let moved = move_focus(focus, fields.len() + 1, action);
                if !moved && *focus == 0 {
                    if let KeyCode::Char(c) = key.code {
                        match Category::from_digit(c) {
                            Some(cat) => {
                                *category = Some(cat);
                                *focus = 1;
                            }
                            None => self.warn("Kies de categorie met 1, 2, 3 of 4."),
                        }
                    }
                } else if !moved && let Some(f) = fields.get_mut(*focus - 1) {
                    full = refused(f, key);
                }
            }
            Dialog::Note { field } | Dialog::CorrectReason { field, .. } => {
                full = refused(field, key);
            }
            _ => {}
        }
        if let Some(max) = full {
            self.warn(format!("Maximaal {max} tekens."));
        }
        self.dialog = Some(form);
    }

    /// Logs what a form holds; `false` keeps the form open.
    fn submit(&mut self, form: &Dialog) -> bool {
        match form {
            Dialog::Meeting {
                meeting_type,
                fields,
                ..
            } => {
                let [title, chair, location] = [0, 1, 2].map(|i| fields[i].cleaned());
                if title.is_empty() {
                    self.warn("Geef de vergadering een titel.");
                    return false;
                }
                self.log(
                    EventBody::MeetingStarted {
                        meeting_type: *meeting_type,
                        title,
                        chair,
                        location,
                    },
                    None,
                );
                true
            }
            Dialog::Disturbance {
                category, fields, ..
            } => {
                let Some(category) = category else {
                    self.warn("Kies eerst de categorie (1-4).");
                    return false;
                };
                self.log(
                    EventBody::DisturbanceStarted {
                        category: *category,
                        place: fields[0].cleaned(),
                        description: fields[1].cleaned(),
                    },
                    None,
                );
                true
            }
            Dialog::Note { field } => {
                let text = field.cleaned();
                if text.is_empty() {
                    self.warn("Een lege notitie wordt niet vastgelegd.");
                    return false;
                }
                self.log(EventBody::Note { text }, None);
                true
            }
            Dialog::CorrectReason { target, field, .. } => {
                let reason = field.cleaned();
                if reason.is_empty() {
                    self.warn("Geef de reden van de correctie.");
                    return false;
                }
                self.log(EventBody::Correction { reason }, Some(*target));
                true
            }
            _ => true,
        }
    }
}

/// Types a key into a field; `Some(max)` when a character did not fit.
fn refused(field: &mut Field, key: KeyEvent) -> Option<usize> {
    if field.key(key) {
        None
    } else {
        Some(field.max)
    }
}

/// Moves the focus of a form with `n` stops for a next/previous action;
/// `false` if the action is not one of those.
fn move_focus(focus: &mut usize, n: usize, action: Option<Action>) -> bool {
    match action {
        Some(Action::NextField) | Some(Action::SelectNext) => *focus = (*focus + 1) % n,
        Some(Action::PrevField) | Some(Action::SelectPrev) => *focus = (*focus + n - 1) % n,
        _ => return false,
    }
    true
}
