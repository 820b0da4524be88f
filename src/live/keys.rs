//! Keys on the live screen (keys inside a dialog are in `dialog_keys`).

use crossterm::event::{KeyCode, KeyEvent};

use super::{Console, Dialog, Effect, Question};
use crate::domain::{DemandBy, event::Setting};
use crate::keymap::{Action, Section};

impl Console {
    pub(super) fn open(&mut self, dialog: Dialog) {
        let draft = self
            .drafts
            .iter()
            .position(|d| d.same_kind(&dialog))
            .map(|i| self.drafts.remove(i));
        if draft.is_some() {
            self.info("Concept hersteld.");
        }
        self.dialog = Some(draft.unwrap_or(dialog));
    }

    pub(super) fn key(&mut self, key: KeyEvent) {
        if let Some(dialog) = self.dialog.take() {
            self.dialog_key(dialog, key);
            return;
        }
        let Some(action) = self.keymap.action(Section::Live, &key) else {
            if let KeyCode::Char(_) = key.code {
                let help = self
                    .keymap
                    .key_for(Section::Live, Action::Help)
                    .map(|k| format!(" ({k} toont alle toetsen)"))
                    .unwrap_or_default();
                self.warn(format!("Toets {} heeft geen functie{help}.", key.code));
            }
            return;
        };
        self.live_action(action);
    }

    /// Moves the current (disturbance, person) on to the next pair, of
    /// those still present (of all, when fewer than two are).
    fn next_person(&mut self) {
        let pairs_of = |present: bool| -> Vec<(u8, u8)> {
            self.projected()
                .disturbances
                .iter()
                .flat_map(|d| {
                    d.persons
                        .iter()
                        .filter(move |p| !present || !p.gone())
                        .map(move |p| (d.number, p.number))
                })
                .collect()
        };
        let mut pairs = pairs_of(true);
        if pairs.len() < 2 {
            pairs = pairs_of(false);
        }
        if pairs.len() < 2 {
            let add = self
                .keymap
                .key_for(Section::Live, Action::PersonAdd)
                .map(|k| format!(" {k} voegt iemand toe."))
                .unwrap_or_default();
            self.info(format!("Er is maar één persoon.{add}"));
            return;
        }
        let now = self.current().map(|(d, p)| (d.number, p.number));
        let i = now
            .and_then(|n| pairs.iter().position(|p| *p == n))
            .map_or(0, |i| (i + 1) % pairs.len());
        self.selection = Some(pairs[i]);
        if let Some((d, p)) = self.current() {
            let text = format!("Nu: {} · {}", d.label(), p.described());
            self.info(text);
        }
    }

    /// Runs an action of the live console.
    pub fn live_action(&mut self, action: Action) {
        let body = match action {
            // Steps that ask for details first: the rules are asked before
            // the dialog opens, with the same step the hints ask about.
            Action::MeetingStart | Action::PhysicalProtection | Action::MeetingEnd => {
                if let Some((body, target)) = self.step_for(action)
                    && self.allowed(&body, &target)
                {
                    match action {
                        Action::MeetingStart => {
                            self.open(Dialog::meeting(&self.config, &self.risk_checks, self.now))
                        }
                        Action::PhysicalProtection => {
                            self.dialog = Some(Dialog::Confirm(Question::PhysicalProtection))
                        }
                        _ => self.dialog = Some(Dialog::Confirm(Question::EndMeeting)),
                    }
                }
                None
            }
            Action::AangifteDecision => {
                if let Some((body, target)) = self.step_for(action)
                    && self.allowed(&body, &target)
                    && let Some(number) = target.disturbance
                {
                    self.dialog = Some(Dialog::Aangifte {
                        disturbance: number,
                    });
                }
                None
            }
            Action::DisturbanceEnd => {
                match self.current().map(|(d, _)| d.number) {
                    Some(number) => {
                        self.dialog = Some(Dialog::Confirm(Question::EndDisturbance(number)))
                    }
                    None => self.warn(crate::domain::Refusal::NoDisturbance.to_string()),
                }
                None
            }
            Action::CallPolice => {
                if let Some((body, _)) = self.step_for(action)
                    && self.log(body, None)
                {
                    self.dialog = Some(Dialog::Card112);
                }
                None
            }
            Action::Demand | Action::DemandGriffier if self.bounced() => {
                // Permitted at all? Then ask; else say why not at once.
                if let Some((body, target)) = self.step_for(action)
                    && self.allowed(&body, &target)
                {
                    let by = if action == Action::Demand {
                        DemandBy::Voorzitter
                    } else {
                        DemandBy::Griffier
                    };
                    self.dialog = Some(Dialog::Confirm(Question::RepeatDemand(by)));
                }
                None
            }
            Action::DisturbanceStart
            | Action::Category1
            | Action::Category2
            | Action::Category3
            | Action::Category4
            | Action::PersonAdd
            | Action::ConversationEnd
            | Action::Suspend
            | Action::Resume
            | Action::Demand
            | Action::DemandGriffier
            | Action::LeftVoluntarily
            | Action::LivestreamStop
            | Action::LivestreamResume
            | Action::CallInterventionTeam
            | Action::PoliceArrived
            | Action::RemovedByPolice => self.step_for(action).map(|(body, _)| body),
            Action::NextPerson => {
                self.next_person();
                None
            }
            Action::Describe => {
                match self.current() {
                    Some((d, p)) => {
                        let dialog = Dialog::describe(d, p);
                        self.open(dialog);
                    }
                    None => self.warn(crate::domain::Refusal::NoDisturbance.to_string()),
                }
                None
            }
            Action::RiskCheckConversation => {
                self.open(Dialog::risk_check(&self.config, Setting::Gesprek));
                None
            }
            Action::RiskCheckGathering => {
                self.open(Dialog::risk_check(&self.config, Setting::Bijeenkomst));
                None
            }
            Action::Note => {
                if self.projected().open_meeting().is_none() {
                    self.warn(crate::domain::Refusal::NoMeeting.to_string());
                } else {
                    self.open(Dialog::note());
                }
                None
            }
            Action::Correct => {
                let n = self.projected().correctable().len();
                if n == 0 {
                    self.warn(crate::domain::Refusal::NothingToCorrect.to_string());
                } else {
                    self.dialog = Some(Dialog::CorrectPick { cursor: n - 1 });
                }
                None
            }
            Action::PageUp | Action::PageDown => {
                // Scroll the timeline back and forth by ten entries.
                let rows = self.projected().timeline.len();
                self.timeline_back = if action == Action::PageUp {
                    (self.timeline_back + TIMELINE_PAGE).min(rows.saturating_sub(1))
                } else {
                    self.timeline_back.saturating_sub(TIMELINE_PAGE)
                };
                None
            }
            Action::Show112Card => {
                self.dialog = Some(Dialog::Card112);
                None
            }
            Action::Retry => {
                self.effects.push(Effect::Retry);
                None
            }
            Action::Help => {
                self.dialog = Some(Dialog::Help { scroll: 0 });
                None
            }
            Action::SwitchScreen => {
                self.effects.push(Effect::SwitchScreen);
                None
            }
            Action::DeadlineBoard => {
                self.effects.push(Effect::DeadlineBoard);
                None
            }
            Action::Quit => {
                self.effects.push(Effect::Quit);
                None
            }
            // Dialog actions mean nothing on the live screen.
            _ => None,
        };
        if let Some(body) = body {
            self.log(body, None);
        }
    }
}

/// Timeline entries one page-up or page-down moves.
const TIMELINE_PAGE: usize = 10;
