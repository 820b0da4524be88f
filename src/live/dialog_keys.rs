//! Keys inside the live console's dialogs: forms, questions, the
//! correction picker, and pasting into a text field.

use crossterm::event::KeyEvent;

use super::dialog::LiveForm;
use super::{Console, Dialog, Effect, Question};
use crate::domain::{AangifteChoice, Category, DemandBy, EventBody, MeetingType};
use crate::keymap::{Action, Section};
use crate::widgets::{Form, Outcome};

impl Console {
    pub(super) fn paste(&mut self, text: &str) {
        match &mut self.dialog {
            Some(Dialog::Form(form)) => {
                if !form.paste(text) {
                    self.warn("Geplakte tekst ingekort: het veld is vol.");
                }
            }
            _ => self.warn("Plakken kan alleen in een tekstveld."),
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
                // Any other key closes, and a live step's key logs it.
                _ => self.after_closing(key, effects),
            },
            // Any key closes the card, and a live step's key logs that step:
            // the room does not wait for a dialog (`p`, then `t` when the
            // police arrive, logs both).
            Dialog::Card112 => self.after_closing(key, effects),
            Dialog::Confirm(q) => match self.keymap.action(Section::Confirm, &key) {
                Some(Action::Confirm) => self.answer(q),
                Some(Action::Deny) | Some(Action::Cancel) => {}
                // A live step's key is not lost behind the question: the
                // question closes unanswered and the step is logged.
                _ if self.is_live_step_key(&key) && !asks_about(q, &self.keymap, &key) => {
                    self.after_closing(key, effects)
                }
                _ => self.dialog = Some(Dialog::Confirm(q)),
            },
            Dialog::Aangifte => {
                let choice = match self.keymap.action(Section::Aangifte, &key) {
                    Some(Action::AangifteJa) => Some(AangifteChoice::Ja),
                    Some(Action::AangifteNee) => Some(AangifteChoice::Nee),
                    Some(Action::AangifteLater) => Some(AangifteChoice::Later),
                    Some(Action::Cancel) => return,
                    _ if self.is_live_step_key(&key) => {
                        self.after_closing(key, effects);
                        return;
                    }
                    _ => {
                        self.dialog = Some(Dialog::Aangifte);
                        return;
                    }
                };
                if let Some(decision) = choice {
                    self.log(
                        EventBody::AangifteDecision {
                            decision,
                            decided_by: self.aangifte_deciders(),
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
                            let text = row.text.clone();
                            self.open(Dialog::correction(target, &text));
                        }
                    }
                    Some(Action::Cancel) => {}
                    _ => self.dialog = Some(Dialog::CorrectPick { cursor }),
                }
            }
            Dialog::Form(form) => self.form_key(form, key),
        }
    }

    /// A key that closed a dialog without text input: when it is bound to a
    /// live step, that step is logged too (never lost behind the dialog).
    /// Quit, help and the card itself only close.
    fn after_closing(&mut self, key: KeyEvent, effects: &mut Vec<Effect>) {
        match self.keymap.action(Section::Live, &key) {
            None | Some(Action::Quit | Action::Help | Action::Show112Card) => {}
            Some(action) => self.live_action(action, effects),
        }
    }

    /// Whether `key` is bound to a live action other than quit, help or
    /// the 112 card.
    fn is_live_step_key(&self, key: &KeyEvent) -> bool {
        !matches!(
            self.keymap.action(Section::Live, key),
            None | Some(Action::Quit | Action::Help | Action::Show112Card)
        )
    }

    /// Who decide on the aangifte, by name: the chair of this meeting, the
    /// griffier and the OOV official from the settings (§5).
    pub(crate) fn aangifte_deciders(&self) -> Vec<String> {
        let chair = self
            .projected()
            .open_meeting()
            .map(|m| m.chair.clone())
            .unwrap_or_default();
        let [voorzitter, griffier, oov] = crate::domain::event::AANGIFTE_DECIDERS;
        // "role: name", or the role alone where no name is set.
        let who = |role: &str, name: &str| {
            if name.is_empty() || name == role {
                role.to_string()
            } else {
                format!("{role}: {name}")
            }
        };
        vec![
            who(voorzitter, &chair),
            who(griffier, &self.config.live.griffier),
            who(oov, &self.config.live.oov_official),
        ]
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
            Question::RepeatDemand(by) => {
                let action = match by {
                    DemandBy::Voorzitter => Action::Demand,
                    DemandBy::Griffier => Action::DemandGriffier,
                };
                if let Some(body) = self.step_for(action) {
                    self.log(body, None);
                }
            }
        }
    }

    fn form_key(&mut self, mut form: Form<LiveForm>, key: KeyEvent) {
        match form.key(key, &self.keymap) {
            Outcome::Editing => {}
            Outcome::Full(max) => self.warn(format!("Maximaal {max} tekens.")),
            Outcome::Hint(h) => self.info(h),
            // Caught before the form, in `dialog_key`.
            Outcome::Retry => {}
            Outcome::Cancel => {
                let dialog = Dialog::Form(form);
                if dialog.has_typed_text() {
                    self.drafts.retain(|d| !d.same_kind(&dialog));
                    self.drafts.push(dialog);
                    self.info("Formulier gesloten; wat u typte is bewaard als concept.");
                }
                return;
            }
            Outcome::Submit => {
                if self.submit(&form) {
                    return;
                }
            }
        }
        self.dialog = Some(Dialog::Form(form));
    }

    /// Logs what a form holds; `false` keeps the form open.
    fn submit(&mut self, form: &Form<LiveForm>) -> bool {
        match form.purpose {
            LiveForm::Meeting => {
                let meeting_type = form
                    .choice(0)
                    .and_then(|i| MeetingType::ALL.get(i).copied())
                    .unwrap_or(self.config.meeting.meeting_type);
                let [title, chair] = [1, 2].map(|i| form.text(i));
                if title.is_empty() {
                    self.warn("Geef de vergadering een titel.");
                    return false;
                }
                let known = self.config.known_locations();
                let location = match form.choice(3).and_then(|i| known.get(i)) {
                    Some(place) => place.describe(),
                    None => {
                        // "anders": the address must be typed, so that the
                        // 112 card never reads out a place not chosen.
                        let typed = form.text(4);
                        if typed.is_empty() {
                            self.warn("Typ het adres en de ruimte van de vergadering (bij anders): dat leest de 112-kaart voor.");
                            return false;
                        }
                        typed
                    }
                };
                self.log(
                    EventBody::MeetingStarted {
                        meeting_type,
                        title,
                        chair,
                        location,
                    },
                    None,
                )
            }
            LiveForm::Disturbance => {
                let Some(category) = form.choice(0).and_then(|i| Category::ALL.get(i).copied())
                else {
                    self.warn("Kies eerst de categorie (1-4).");
                    return false;
                };
                self.log(
                    EventBody::DisturbanceStarted {
                        category,
                        place: form.text(1),
                        description: form.text(2),
                    },
                    None,
                )
            }
            LiveForm::Note => {
                let text = form.text(0);
                if text.is_empty() {
                    self.warn("Een lege notitie wordt niet vastgelegd.");
                    return false;
                }
                self.log(EventBody::Note { text }, None)
            }
            LiveForm::Correction { target } => {
                let reason = form.text(0);
                if reason.is_empty() {
                    self.warn("Geef de reden van de correctie.");
                    return false;
                }
                self.log(EventBody::Correction { reason }, Some(target))
            }
        }
    }
}

/// Whether `key` is the step question `q` is asking about (pressed again:
/// a bounce, or impatience), which must not run past the question.
fn asks_about(q: Question, keymap: &crate::keymap::Keymap, key: &KeyEvent) -> bool {
    let asked: &[Action] = match q {
        Question::PhysicalProtection => &[Action::PhysicalProtection],
        Question::EndDisturbance => &[Action::DisturbanceEnd],
        Question::EndMeeting => &[Action::MeetingEnd],
        Question::RepeatDemand(_) => &[Action::Demand, Action::DemandGriffier],
    };
    keymap
        .action(Section::Live, key)
        .is_some_and(|a| asked.contains(&a))
}
