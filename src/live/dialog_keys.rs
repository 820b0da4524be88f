//! Keys inside the live console's dialogs: forms, questions, the
//! correction picker, and pasting into a text field.
//!
//! A dialog without text input never swallows a live step: a key bound to
//! one closes the dialog and logs the step (its own keys are chosen so
//! that none is also a live key). In a form letters are text; Esc keeps
//! what was typed as a draft and gives the live keys back at once.

use crossterm::event::KeyEvent;

use super::dialog::{DECISIONS, LOCATION, LiveForm, PERSON_KINDS, RISK_CHECK};
use super::{Console, Dialog, Effect, Question};
use crate::domain::event::{AANGIFTE_DECIDERS, Setting};
use crate::domain::live::Target;
use crate::domain::preparation;
use crate::domain::{AangifteChoice, DemandBy, EventBody, MeetingType};
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

    pub(super) fn dialog_key(&mut self, dialog: Dialog, key: KeyEvent) {
        // Retrying a failed write works in every dialog, text fields too
        // (there on a key that is not typed, `ctrl-r` by default).
        if self.keymap.action(Section::Form, &key) == Some(Action::Retry) {
            self.effects.push(Effect::Retry);
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
                _ => self.after_closing(key),
            },
            // Any key closes the card, and a live step's key logs that step:
            // the room does not wait for a dialog (`p`, then `t` when the
            // police arrive, logs both).
            Dialog::Card112 => self.after_closing(key),
            Dialog::Confirm(q) => self.question_key(q, key),
            Dialog::Aangifte { disturbance } => self.aangifte_key(disturbance, key),
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

    fn question_key(&mut self, q: Question, key: KeyEvent) {
        match self.keymap.action(Section::Confirm, &key) {
            Some(Action::Confirm) => self.answer(q),
            Some(Action::Deny) | Some(Action::Cancel) => {}
            _ => {
                let live = self.keymap.action(Section::Live, &key);
                // Ending a disturbance: a category key answers both (the
                // category, then the end), one key.
                if let (Question::EndDisturbance(number), Some(c)) =
                    (q, live.and_then(Action::category))
                {
                    self.end_with_category(number, c);
                } else if self.is_live_step_key(&key) && !asks_about(q, &self.keymap, &key) {
                    // A live step's key is not lost behind the question:
                    // the question closes unanswered and the step is logged.
                    self.after_closing(key)
                } else {
                    self.dialog = Some(Dialog::Confirm(q))
                }
            }
        }
    }

    fn aangifte_key(&mut self, disturbance: u8, key: KeyEvent) {
        let choice = match self.keymap.action(Section::Aangifte, &key) {
            Some(Action::AangifteJa) => AangifteChoice::Ja,
            Some(Action::AangifteNee) => AangifteChoice::Nee,
            Some(Action::AangifteLater) => AangifteChoice::Later,
            Some(Action::AangifteDissent) => {
                let deciders = self.aangifte_deciders();
                self.open(Dialog::aangifte_dissent(disturbance, &deciders));
                return;
            }
            Some(Action::Cancel) => return,
            _ if self.is_live_step_key(&key) => {
                self.after_closing(key);
                return;
            }
            _ => {
                self.dialog = Some(Dialog::Aangifte { disturbance });
                return;
            }
        };
        let target = self.target_of(disturbance);
        self.log_for(
            EventBody::AangifteDecision {
                decision: choice,
                decided_by: self.aangifte_deciders(),
                dissent: String::new(),
            },
            target,
        );
    }

    /// Sets the category of disturbance `number` (when it differs) and
    /// ends it: one key in the question that ends it.
    fn end_with_category(&mut self, number: u8, category: crate::domain::Category) {
        let target = self.target_of(number);
        let known = self
            .projected()
            .disturbance(number)
            .and_then(|d| d.category);
        if known != Some(category) {
            let described = self.log_for(
                EventBody::DisturbanceDescribed {
                    category: Some(category),
                    place: None,
                    what: None,
                },
                target,
            );
            if !described {
                return;
            }
        }
        self.log_for(EventBody::DisturbanceEnded {}, target);
    }

    /// A key that closed a dialog without text input: when it is bound to a
    /// live step, that step is logged too (never lost behind the dialog).
    /// Quit, help and the card itself only close.
    fn after_closing(&mut self, key: KeyEvent) {
        match self.keymap.action(Section::Live, &key) {
            None | Some(Action::Quit | Action::Help | Action::Show112Card) => {}
            Some(action) => self.live_action(action),
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
        let [voorzitter, griffier, oov] = AANGIFTE_DECIDERS;
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
            Question::EndDisturbance(number) => {
                let target = self.target_of(number);
                if !self.log_for(EventBody::DisturbanceEnded {}, target) {
                    // The category is missing: the question stays, and a
                    // category key answers it.
                    if self.projected().disturbance(number).is_some() {
                        self.dialog = Some(Dialog::Confirm(q));
                    }
                }
            }
            Question::EndMeeting => {
                self.log(EventBody::MeetingEnded {}, None);
            }
            Question::RepeatDemand(by) => {
                let action = match by {
                    DemandBy::Voorzitter => Action::Demand,
                    DemandBy::Griffier => Action::DemandGriffier,
                };
                if let Some((body, _)) = self.step_for(action) {
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
            LiveForm::Meeting => self.submit_meeting(form),
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
                // A correction names its entry; its case is the entry's.
                let t = Target {
                    corrects: Some(target),
                    ..Target::default()
                };
                self.log_for(EventBody::Correction { reason }, t)
            }
            LiveForm::Describe {
                disturbance,
                person,
            } => self.submit_describe(form, disturbance, person),
            LiveForm::AangifteDissent { disturbance } => {
                let Some(decision) = form.choice(0).and_then(|i| DECISIONS.get(i).copied()) else {
                    self.warn("Kies het besluit (1 ja, 2 nee, 3 later).");
                    return false;
                };
                let deciders = self.aangifte_deciders();
                let Some(who) = form.choice(1).and_then(|i| deciders.get(i).cloned()) else {
                    self.warn("Kies wie het niet met het besluit eens is.");
                    return false;
                };
                let why = form.text(2);
                let dissent = if why.is_empty() {
                    who
                } else {
                    format!("{who} — {why}")
                };
                let target = self.target_of(disturbance);
                self.log_for(
                    EventBody::AangifteDecision {
                        decision,
                        decided_by: deciders,
                        dissent,
                    },
                    target,
                )
            }
            LiveForm::RiskCheck(setting) => self.submit_risk_check(form, setting),
        }
    }

    fn submit_meeting(&mut self, form: &Form<LiveForm>) -> bool {
        let meeting_type = form
            .choice(0)
            .and_then(|i| MeetingType::ALL.get(i).copied())
            .unwrap_or(self.config.meeting.meeting_type);
        let [mut title, chair] = [1, 2].map(|i| form.text(i));
        if title.is_empty() {
            self.warn("Geef de vergadering of het gesprek een titel.");
            return false;
        }
        // The default title is a meeting's: a conversation left at it is
        // called what it is.
        if meeting_type.setting() != self.config.meeting.meeting_type.setting()
            && title == self.config.meeting.title
        {
            title = match meeting_type.setting() {
                Setting::Gesprek => "Gesprek met een burger".into(),
                Setting::Bijeenkomst => "Bijeenkomst".into(),
                Setting::Vergadering => title,
            };
        }
        let known = self.config.known_locations();
        let location_field = form.fields.iter().position(|f| f.label == LOCATION);
        let chosen = location_field.and_then(|i| form.choice(i));
        let (location, town_hall) = match chosen.and_then(|i| known.get(i).map(|l| (i, l))) {
            // The first known location is the municipal office.
            Some((i, place)) => (place.describe(), i == 0 || place.town_hall),
            None => {
                // "anders": the address must be typed, so that the
                // 112 card never reads out a place not chosen.
                let typed = form.text(4);
                if typed.is_empty() {
                    self.warn(
                        "Typ het adres en de ruimte (bij anders): dat leest de 112-kaart voor.",
                    );
                    return false;
                }
                (typed, false)
            }
        };
        let risk_check = match form.fields.iter().position(|f| f.label == RISK_CHECK) {
            Some(i) => match form.choice(i) {
                Some(0) | None => None,
                Some(n) => {
                    let offered = super::dialog::offered_risk_checks(&self.risk_checks, self.now);
                    let Some((seq, _)) = offered.get(n - 1) else {
                        return false;
                    };
                    let setting = self
                        .risk_checks
                        .iter()
                        .find(|e| e.seq == *seq)
                        .and_then(|e| match &e.body {
                            EventBody::RiskCheckRecorded { setting, .. } => Some(*setting),
                            _ => None,
                        });
                    if let Some(s) = setting
                        && let Err(refusal) = preparation::fits(s, meeting_type)
                    {
                        self.warn(refusal.to_string());
                        return false;
                    }
                    Some(*seq)
                }
            },
            None => None,
        };
        self.log(
            EventBody::MeetingStarted {
                meeting_type,
                title,
                chair,
                location,
                town_hall,
                risk_check,
            },
            None,
        )
    }

    fn submit_describe(&mut self, form: &Form<LiveForm>, disturbance: u8, person: u8) -> bool {
        let Some(d) = self.projected().disturbance(disturbance).cloned() else {
            self.warn("Die verstoring is intussen afgesloten.");
            return true;
        };
        let [place, what] = [0, 1].map(|i| form.text(i));
        let kind = form
            .choice(2)
            .and_then(|i| PERSON_KINDS.get(i).copied())
            .unwrap_or(crate::domain::case::PerpetratorKind::Persoon);
        let [description, name] = [3, 4].map(|i| form.text(i));
        let target = self.target_of(disturbance);
        let mut logged = false;
        if place != d.place || what != d.what {
            let body = EventBody::DisturbanceDescribed {
                category: None,
                place: (place != d.place).then_some(place),
                what: (what != d.what).then_some(what),
            };
            if !self.log_for(body, target) {
                return false;
            }
            logged = true;
        }
        let changed = d
            .person(person)
            .is_some_and(|p| p.kind != kind || p.description != description || p.name != name);
        if changed {
            let body = EventBody::PersonDescribed {
                person,
                who: crate::domain::event::Who {
                    kind,
                    description,
                    name,
                    known: None,
                },
            };
            if !self.log_for(body, target) {
                return logged;
            }
            logged = true;
        }
        if !logged {
            self.info("Niets gewijzigd.");
        }
        true
    }

    fn submit_risk_check(&mut self, form: &Form<LiveForm>, setting: Setting) -> bool {
        let planned_text = form.text(1);
        let planned_at = if planned_text.is_empty() {
            None
        } else {
            match crate::domain::dates::parse_planned(&planned_text, self.now) {
                Ok(t) => Some(crate::domain::time::local_string(&t)),
                Err(e) => {
                    self.warn(format!("Gepland op: {e}"));
                    return false;
                }
            }
        };
        let (second_person, intervention_team_informed, secure_room) = match setting {
            Setting::Gesprek => (form.text(4), form.toggle(5), form.toggle(3)),
            _ => (String::new(), false, false),
        };
        let (assessment, measures, security) = match setting {
            Setting::Gesprek => (String::new(), String::new(), String::new()),
            _ => (form.text(3), form.text(4), form.text(5)),
        };
        let body = EventBody::RiskCheckRecorded {
            setting,
            subject: form.text(0),
            planned_at,
            location: form.text(2),
            second_person,
            intervention_team_informed,
            secure_room,
            assessment,
            measures,
            security,
        };
        if let Err(refusal) = preparation::permits_risk_check(&body) {
            self.warn(refusal.to_string());
            return false;
        }
        self.record(body);
        true
    }
}

/// Whether `key` is the step question `q` is asking about (pressed again:
/// a bounce, or impatience), which must not run past the question.
fn asks_about(q: Question, keymap: &crate::keymap::Keymap, key: &KeyEvent) -> bool {
    let asked: &[Action] = match q {
        Question::PhysicalProtection => &[Action::PhysicalProtection],
        Question::EndDisturbance(_) => &[Action::DisturbanceEnd],
        Question::EndMeeting => &[Action::MeetingEnd],
        Question::RepeatDemand(_) => &[Action::Demand, Action::DemandGriffier],
    };
    keymap
        .action(Section::Live, key)
        .is_some_and(|a| asked.contains(&a))
}
