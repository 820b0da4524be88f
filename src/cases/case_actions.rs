//! Handling an open case: its actions, popups and forms, and sending what a
//! form holds to the store once the case file rules allow it.

use crossterm::event::KeyEvent;

use super::browser::{Browser, Effect, Popup};
use super::form::{Form, Outcome};
use super::forms::{self, Context, Purpose};
use crate::domain::access::Role;
use crate::domain::casefile::{CaseFile, CaseRefusal};
use crate::domain::{EventBody, NewEvent};
use crate::keymap::{Action, Section};
use crate::live::{Field, Level};
use crate::storage::CaseQuery;

impl Browser {
    fn context(&self) -> Context {
        let Some(open) = &self.open else {
            return Context::default();
        };
        let f = &open.file;
        Context {
            category: f.category_known().then_some(f.category),
            next_recipient: f
                .route()
                .and_then(|r| r.recipients().find(|x| f.informed_on(*x).is_none())),
            status: Some(f.status),
            entry: None,
        }
    }

    pub(super) fn open_form(&mut self, purpose: Purpose) {
        let case = self.form_case(&purpose);
        if let Some(i) = self
            .drafts
            .iter()
            .position(|(c, d)| *c == case && d.purpose == purpose)
        {
            self.form = Some(self.drafts.remove(i).1);
            self.say("Concept hersteld.", Level::Info);
            return;
        }
        let mut ctx = self.context();
        if let (Purpose::Correction(target), Some(open)) = (&purpose, &self.open) {
            ctx.entry = open
                .file
                .timeline
                .iter()
                .find(|r| r.seq == Some(*target))
                .map(|r| r.text.clone());
        }
        // A message of before (“Zaak geregistreerd.”) does not belong in a
        // new form.
        self.flash = None;
        self.form = Some(forms::open(purpose, &self.config, &ctx));
    }

    /// The case a form is typed on: none for an intake.
    fn form_case(&self, purpose: &Purpose) -> Option<u64> {
        match purpose {
            Purpose::Intake => None,
            _ => self.open.as_ref().map(|o| o.id),
        }
    }

    pub(super) fn case_action(&mut self, action: Action, fx: &mut Vec<Effect>) {
        let Some(open) = &mut self.open else {
            return;
        };
        let purpose = match action {
            Action::Back => {
                self.open = None;
                fx.push(self.relist());
                return;
            }
            Action::HandOver => {
                fx.push(Effect::HandOver(open.id));
                return;
            }
            Action::DeadlineBoard => {
                fx.push(Effect::DueItems);
                return;
            }
            Action::SelectNext => {
                open.scroll = open.scroll.saturating_sub(1);
                return;
            }
            Action::SelectPrev => {
                open.scroll = open.scroll.saturating_add(1);
                return;
            }
            Action::PerpetratorCases => {
                match open.perpetrators.first() {
                    Some((p, _)) => {
                        self.query = CaseQuery {
                            perpetrator: Some(p.id),
                            ..CaseQuery::default()
                        };
                        self.search = Field::new("Zoeken", "", 80);
                        self.open = None;
                        self.cursor = 0;
                        fx.push(self.relist());
                    }
                    None => self.say(
                        "Aan deze zaak is geen veroorzaker gekoppeld.",
                        Level::Warning,
                    ),
                }
                return;
            }
            Action::SupportLines => {
                self.popup = Some(Popup::SupportLines);
                return;
            }
            Action::Correct => {
                let n = open.file.correctable().len();
                if n == 0 {
                    self.say("Er is niets om te corrigeren.", Level::Warning);
                } else {
                    self.popup = Some(Popup::CorrectPick { cursor: n - 1 });
                }
                return;
            }
            Action::Help => {
                self.popup = Some(Popup::Help { scroll: 0 });
                return;
            }
            Action::Retry => {
                fx.push(Effect::Retry);
                return;
            }
            Action::SwitchScreen => {
                fx.push(Effect::SwitchScreen);
                return;
            }
            Action::Quit => {
                fx.push(Effect::Quit);
                return;
            }
            Action::Victim => Purpose::Victim,
            Action::Reclassify => Purpose::Reclassify,
            Action::Informed => Purpose::Informed,
            Action::Evidence => Purpose::Evidence,
            Action::PerpetratorNew => Purpose::Perpetrator,
            Action::PerpetratorLink => Purpose::LinkPerpetrator,
            Action::Measure => Purpose::Measure,
            Action::MeasureStatus => {
                let measures: Vec<(u64, String)> = open
                    .file
                    .measures
                    .iter()
                    .map(|m| (m.id, m.kind.label().to_string()))
                    .collect();
                if measures.is_empty() {
                    self.say("Deze zaak heeft nog geen maatregelen.", Level::Warning);
                    return;
                }
                Purpose::MeasureStatus(measures)
            }
            Action::AftercarePlan => Purpose::AftercarePlanned,
            Action::AftercareHeld => Purpose::AftercareHeld,
            Action::AftercareDeclined => Purpose::AftercareDeclined,
            Action::Consent => Purpose::Consent,
            Action::AangifteFiled => Purpose::Aangifte,
            Action::OmInformed => Purpose::OmInformed,
            Action::SeriousInjury => Purpose::SeriousInjury,
            Action::Arbeidsinspectie => Purpose::Arbeidsinspectie,
            Action::Damage => Purpose::Damage,
            Action::Communication => Purpose::Communication,
            Action::SecurityMeasures => Purpose::SecurityMeasures,
            Action::Status => Purpose::Status,
            Action::Note => Purpose::Note,
            _ => return,
        };
        self.open_form(purpose);
    }

    pub(super) fn popup_key(&mut self, popup: Popup, key: KeyEvent, fx: &mut Vec<Effect>) {
        let action = self.keymap.action(Section::Form, &key);
        match popup {
            Popup::Help { scroll } => match action {
                Some(Action::SelectNext) => {
                    self.popup = Some(Popup::Help {
                        scroll: scroll.saturating_add(1),
                    })
                }
                Some(Action::SelectPrev) => {
                    self.popup = Some(Popup::Help {
                        scroll: scroll.saturating_sub(1),
                    })
                }
                _ => {}
            },
            Popup::SupportLines => {}
            Popup::CorrectPick { cursor } => {
                let n = self
                    .open
                    .as_ref()
                    .map(|o| o.file.correctable().len())
                    .unwrap_or(0);
                match action {
                    Some(Action::SelectPrev) | Some(Action::PrevField) => {
                        self.popup = Some(Popup::CorrectPick {
                            cursor: cursor.saturating_sub(1),
                        })
                    }
                    Some(Action::SelectNext) | Some(Action::NextField) => {
                        self.popup = Some(Popup::CorrectPick {
                            cursor: (cursor + 1).min(n.saturating_sub(1)),
                        })
                    }
                    Some(Action::Submit) => {
                        let target = self
                            .open
                            .as_ref()
                            .and_then(|o| o.file.correctable().get(cursor).and_then(|r| r.seq));
                        if let Some(target) = target {
                            self.open_form(Purpose::Correction(target));
                        }
                    }
                    Some(Action::Cancel) => {}
                    _ => self.popup = Some(Popup::CorrectPick { cursor }),
                }
            }
            Popup::Roles { matrix, row, col } => {
                let rows = matrix.len();
                let cols = Role::ALL.len();
                match action {
                    Some(Action::SelectNext) => {
                        let row = (row + 1).min(rows.saturating_sub(1));
                        self.popup = Some(Popup::Roles { matrix, row, col });
                    }
                    Some(Action::SelectPrev) => {
                        let row = row.saturating_sub(1);
                        self.popup = Some(Popup::Roles { matrix, row, col });
                    }
                    Some(Action::NextField) => {
                        let col = (col + 1) % cols;
                        self.popup = Some(Popup::Roles { matrix, row, col });
                    }
                    Some(Action::PrevField) => {
                        let col = (col + cols - 1) % cols;
                        self.popup = Some(Popup::Roles { matrix, row, col });
                    }
                    Some(Action::Submit) => {
                        if let Some((identity, roles)) = matrix.get(row) {
                            let role = Role::ALL[col % cols];
                            fx.push(Effect::Assign {
                                identity: identity.clone(),
                                role,
                                grant: !roles.contains(&role),
                            });
                        }
                        self.popup = Some(Popup::Roles { matrix, row, col });
                    }
                    Some(Action::Cancel) => {}
                    _ => self.popup = Some(Popup::Roles { matrix, row, col }),
                }
            }
            Popup::Board { board, at, cursor } => match action {
                Some(Action::SelectNext) => {
                    let cursor = (cursor + 1).min(board.items.len().saturating_sub(1));
                    self.popup = Some(Popup::Board { board, at, cursor });
                }
                Some(Action::SelectPrev) => {
                    let cursor = cursor.saturating_sub(1);
                    self.popup = Some(Popup::Board { board, at, cursor });
                }
                Some(Action::Submit) => {
                    if let Some(item) = board.items.get(cursor) {
                        self.open = None;
                        self.focus_next = Some((item.case_id, item.section.clone()));
                        self.say(
                            format!(
                                "Termijn: {} — uiterlijk {}",
                                item.label,
                                crate::deadlines::shown_moment(item)
                            ),
                            Level::Info,
                        );
                        fx.push(Effect::Open(item.case_id));
                    }
                }
                // Any other key closes it, as the popup's footer says.
                _ => {}
            },
            Popup::AccessLog { log, view, scroll } => match action {
                Some(Action::SelectNext) => {
                    self.popup = Some(Popup::AccessLog {
                        log,
                        view,
                        scroll: scroll.saturating_add(1),
                    })
                }
                Some(Action::SelectPrev) => {
                    self.popup = Some(Popup::AccessLog {
                        log,
                        view,
                        scroll: scroll.saturating_sub(1),
                    })
                }
                Some(Action::NextField) => {
                    self.popup = Some(Popup::AccessLog {
                        log,
                        view: view.next(),
                        scroll: 0,
                    })
                }
                Some(Action::Cancel) => {}
                _ => self.popup = Some(Popup::AccessLog { log, view, scroll }),
            },
        }
    }

    pub(super) fn form_key(
        &mut self,
        mut form: Form<Purpose>,
        key: KeyEvent,
        fx: &mut Vec<Effect>,
    ) {
        match form.key(key, &self.keymap) {
            Outcome::Editing => self.form = Some(form),
            Outcome::Full(max) => {
                self.say(format!("Maximaal {max} tekens."), Level::Warning);
                self.form = Some(form);
            }
            Outcome::Hint(h) => {
                self.say(h, Level::Info);
                self.form = Some(form);
            }
            Outcome::Cancel => {
                if form.has_typed_text() {
                    let case = self.form_case(&form.purpose);
                    self.drafts
                        .retain(|(c, d)| !(*c == case && d.purpose == form.purpose));
                    self.drafts.push((case, form));
                    self.say(
                        "Formulier gesloten; wat u typte is bewaard als concept.",
                        Level::Info,
                    );
                }
            }
            Outcome::Retry => {
                fx.push(Effect::Retry);
                self.form = Some(form);
            }
            Outcome::Submit => {
                if let Err(message) = self.submit(&form, fx) {
                    self.say(message, Level::Warning);
                    // Put the cursor on the field that was wrong.
                    if let Some(field) = self.refocus.take() {
                        form.focus = field;
                    }
                    self.form = Some(form);
                }
            }
        }
    }

    /// Validates a form and, if it holds, sends its event to the store.
    fn submit(&mut self, form: &Form<Purpose>, fx: &mut Vec<Effect>) -> Result<(), String> {
        let digest = |path: &str| -> Result<String, String> {
            std::fs::read(path)
                .map(|bytes| hex::encode(crate::domain::chain::sha256(&bytes)))
                .map_err(|e| format!("bestand {path} kan niet worden gelezen: {e}"))
        };
        let (body, corrects) = match forms::build(form, self.now, &digest) {
            Ok(built) => built,
            Err(e) => {
                let label = form.fields.get(e.field).map(|f| f.label).unwrap_or("");
                self.refocus = Some(e.field);
                return Err(format!("{label}: {}", e.message));
            }
        };
        let case_id = match (&self.open, &body) {
            (_, EventBody::CaseOpened { .. }) => {
                CaseFile::permits_opening(&body, self.now).map_err(|e| {
                    self.refocus = date_field(form, &e);
                    e.to_string()
                })?;
                None
            }
            (Some(open), _) => {
                match corrects {
                    Some(target) => {
                        let reason = match &body {
                            EventBody::Correction { reason } => reason.as_str(),
                            _ => "",
                        };
                        open.file
                            .permits_correction(target, reason)
                            .map_err(|e| e.to_string())?;
                    }
                    None => open.file.permits(&body, self.now).map_err(|e| {
                        // Put the cursor on the date the refusal is about.
                        self.refocus = date_field(form, &e);
                        e.to_string()
                    })?,
                }
                Some(open.id)
            }
            (None, _) => return Err("Open eerst een zaak.".into()),
        };
        let new = NewEvent {
            at: self.now,
            actor: self.config.profile.clone(),
            meeting_id: self.open.as_ref().and_then(|o| o.file.meeting_id),
            case_id,
            corrects,
            disturbance: None,
            body,
        };
        self.sent.push_back(super::browser::Sent {
            case: case_id,
            form: form.clone(),
        });
        fx.push(Effect::Append(new));
        self.say("Opslaan…", Level::Info);
        Ok(())
    }
}

/// The field of `form` a date refusal is about: the end of a period, its
/// start, or else the form's first date.
fn date_field(form: &Form<Purpose>, refusal: &CaseRefusal) -> Option<usize> {
    let labelled = |start: &str| form.fields.iter().position(|f| f.label.starts_with(start));
    let first_date = || form.fields.iter().position(|f| f.is_date());
    match refusal {
        CaseRefusal::EndBeforeStart { .. } | CaseRefusal::BanTooLong(_) => labelled("Einde"),
        CaseRefusal::PeriodRequired(_) => labelled("Ingang"),
        CaseRefusal::BeforeIncident(what, ..) if what.contains("ingangsdatum") => {
            labelled("Ingang")
        }
        CaseRefusal::BeforeIncident(..)
        | CaseRefusal::InFuture(..)
        | CaseRefusal::OccurredInFuture(_) => first_date(),
        _ => None,
    }
}
