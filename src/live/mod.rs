//! The live console as a state machine: `update(message) -> effects`.
//!
//! No terminal and no database here: the event loop (`app.rs`) turns terminal
//! input into messages, performs the effects (appending to the store) and
//! feeds the store's answers back. Tests drive it directly.

pub mod dialog;
mod dialog_keys;

use std::collections::VecDeque;

use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use crate::config::{Config, FileProblem};
use crate::domain::text::{self, limits};
use crate::domain::{AangifteChoice, Category, DemandBy, Event, EventBody, LiveView, NewEvent};
use crate::keymap::{Action, Keymap, Section};

pub use crate::storage::worker::Checked;
pub use crate::widgets::{Field, Flash, Level, RefusedStep, SaveStatus};
pub use dialog::{Dialog, LiveForm, Question};

type Time = DateTime<FixedOffset>;

/// Input to the console.
// One message per key press or commit: size does not matter, boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    /// The store committed the oldest of this console's waiting steps.
    Committed(Event),
    /// The store refused the oldest of this console's waiting steps when it
    /// was written (a rule, against what another workstation wrote).
    Refused(String),
    /// Events another process (a second workstation) committed.
    External(Vec<Event>),
    /// The store's number for a case.
    CaseNumber(u64, String),
    Tick,
}

/// What the event loop must do.
// One message per key press or commit: size does not matter, boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Append durably, then answer with `Committed` or `Failed`.
    Append(NewEvent),
    /// Show the case browser.
    SwitchScreen,
    /// Try a failed write again now.
    Retry,
    /// The user asks to quit; the app decides (and asks if anything waits).
    Quit,
}

pub struct Console {
    pub config: Config,
    pub keymap: Keymap,
    /// The current time, set by the event loop before each message.
    pub now: Time,
    /// Committed events of the current (or last) meeting.
    committed: Vec<Event>,
    /// This console's steps in the app's outbox, oldest first: laid over
    /// the committed view so that the rules and the screen see them.
    pending: VecDeque<NewEvent>,
    /// Steps logged in this update, for the app's outbox.
    to_send: Vec<NewEvent>,
    /// What the outbox holds (all screens), as the app last said.
    pub saving: SaveStatus,
    /// Steps the store refused when they were written, with why: shown
    /// in the timeline, so that none silently vanishes.
    pub refused: Vec<RefusedStep>,
    /// What is committed: the screen's status panels show only this.
    pub view: LiveView,
    /// Committed plus pending, while anything is pending; see `projected()`.
    pending_view: Option<LiveView>,
    pub dialog: Option<Dialog>,
    drafts: Vec<Dialog>,
    pub flash: Option<Flash>,
    /// Timeline rows scrolled back from the newest (0: the newest in view).
    pub timeline_back: usize,
    /// The head of the chain and its receipt when the last meeting ended,
    /// for the minutes.
    pub anchor: Option<crate::storage::ReceiptSummary>,
    /// The store's case numbers, by case id, for display.
    pub case_numbers: std::collections::HashMap<u64, String>,
}

impl Console {
    /// A console resuming from the events of the open meeting (if any).
    pub fn new(config: Config, keymap: Keymap, events: Vec<Event>, now: Time) -> Console {
        let mut c = Console {
            config,
            keymap,
            now,
            committed: events,
            pending: VecDeque::new(),
            to_send: Vec::new(),
            saving: SaveStatus::default(),
            refused: Vec::new(),
            view: LiveView::default(),
            pending_view: None,
            dialog: None,
            drafts: Vec::new(),
            flash: None,
            case_numbers: Default::default(),
            timeline_back: 0,
            anchor: None,
        };
        c.refresh();
        if c.view.open_meeting().is_some() {
            c.info("Lopende vergadering hervat: alles wat was vastgelegd staat er weer.");
        }
        c
    }

    /// Shows problems with the settings or keymap file.
    pub fn report_problems(&mut self, problems: &[FileProblem]) {
        if let Some(p) = problems.first() {
            let more = if problems.len() > 1 {
                format!(" (en {} andere)", problems.len() - 1)
            } else {
                String::new()
            };
            // Each problem says itself what was kept or used instead.
            self.warn(format!("Instellingen: {p}{more}"));
        }
    }

    /// This console's steps not yet committed.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// The drafts that quitting would lose, by name.
    pub fn draft_names(&self) -> Vec<String> {
        self.drafts
            .iter()
            .map(|d| format!("{} (live console)", d.title()))
            .collect()
    }

    pub fn committed(&self) -> &[Event] {
        &self.committed
    }

    /// The live actions that make sense now, most urgent first, for the key
    /// hints. Derived from the rules themselves: an action is suggested when
    /// `LiveView::permits` would let its step be logged now, the same check
    /// that refuses it on the key and at the moment of writing. Help lists
    /// all of them.
    pub fn suggested_actions(&self) -> Vec<Action> {
        /// Steps in order of urgency; each is offered when the rules permit it.
        const STEPS: [Action; 17] = [
            Action::MeetingStart,
            Action::DisturbanceStart,
            Action::Suspend,
            Action::Demand,
            Action::DemandGriffier,
            Action::LeftVoluntarily,
            Action::LivestreamStop,
            Action::CallInterventionTeam,
            Action::CallPolice,
            Action::PoliceArrived,
            Action::RemovedByPolice,
            Action::PhysicalProtection,
            Action::AangifteDecision,
            Action::DisturbanceEnd,
            Action::Resume,
            Action::LivestreamResume,
            Action::MeetingEnd,
        ];
        let v = self.projected();
        let mut out = Vec::new();
        if self.saving.failure.is_some() {
            out.push(Action::Retry);
        }
        out.extend(STEPS.into_iter().filter(|a| {
            self.step_for(*a)
                .is_some_and(|body| v.permits(&body, None).is_ok())
        }));
        if v.open_meeting().is_some() {
            out.push(Action::Note);
            if !v.correctable().is_empty() {
                out.push(Action::Correct);
            }
        }
        out.push(Action::Show112Card);
        if v.disturbance.is_none() {
            out.push(Action::SwitchScreen);
        }
        out.extend([Action::Help, Action::Quit]);
        out
    }

    /// Whether a demand now would come within the configured interval of
    /// the previous one: more likely a key that bounced than a new demand.
    fn bounced(&self) -> bool {
        let window = i64::from(self.config.live.demand_repeat_secs);
        window > 0
            && self
                .projected()
                .disturbance
                .as_ref()
                .and_then(|d| d.demands.last())
                .is_some_and(|last| (0..window).contains(&(self.now - last.at).num_seconds()))
    }

    /// The step a live action logs (with the details a dialog would still
    /// ask for left at their defaults), for asking the rules about it.
    fn step_for(&self, action: Action) -> Option<EventBody> {
        Some(match action {
            Action::MeetingStart => EventBody::MeetingStarted {
                meeting_type: self.config.meeting.meeting_type,
                title: String::new(),
                chair: String::new(),
                location: String::new(),
            },
            Action::DisturbanceStart => EventBody::DisturbanceStarted {
                category: Category::EmotioneelGedrag,
                place: String::new(),
                description: String::new(),
            },
            Action::Suspend => EventBody::Suspended {},
            Action::Resume => EventBody::Resumed {},
            Action::Demand | Action::DemandGriffier => {
                let number = self
                    .projected()
                    .disturbance
                    .as_ref()
                    .map_or(1, |d| d.demands.len() + 1);
                EventBody::Demand {
                    number: u8::try_from(number).unwrap_or(u8::MAX),
                    by: if action == Action::Demand {
                        DemandBy::Voorzitter
                    } else {
                        DemandBy::Griffier
                    },
                    wording: text::clean(&self.config.live.demand_wording, limits::NOTE),
                }
            }
            Action::LeftVoluntarily => EventBody::LeftVoluntarily {},
            Action::LivestreamStop => EventBody::LivestreamStopped {},
            Action::LivestreamResume => EventBody::LivestreamResumed {},
            Action::CallInterventionTeam => EventBody::InterventionTeamCalled {},
            Action::CallPolice => EventBody::PoliceCalled {},
            Action::PoliceArrived => EventBody::PoliceArrived {},
            Action::RemovedByPolice => EventBody::RemovedByPolice {},
            Action::PhysicalProtection => EventBody::PhysicalProtection {
                confirmed_rule: true,
            },
            Action::AangifteDecision => EventBody::AangifteDecision {
                decision: AangifteChoice::Later,
                decided_by: Vec::new(),
            },
            Action::DisturbanceEnd => EventBody::DisturbanceEnded {},
            Action::MeetingEnd => EventBody::MeetingEnded {},
            _ => return None,
        })
    }

    /// Committed plus pending: what the rules check against and the
    /// timeline shows (pending rows marked).
    pub fn projected(&self) -> &LiveView {
        self.pending_view.as_ref().unwrap_or(&self.view)
    }

    /// Rebuilds everything from the committed events.
    fn refresh(&mut self) {
        self.view = LiveView::derive(&self.committed, &[]);
        self.project_pending();
    }

    /// Lays the pending steps over the committed view. Cheap: the view is
    /// derived again only when a pending step is a correction.
    fn project_pending(&mut self) {
        if self.pending.is_empty() {
            self.pending_view = None;
            return;
        }
        let mut projected = self.view.clone();
        if !self.pending.iter().all(|p| projected.push_pending(p)) {
            let pending: Vec<NewEvent> = self.pending.iter().cloned().collect();
            projected = LiveView::derive(&self.committed, &pending);
        }
        self.pending_view = Some(projected);
    }

    fn info(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            text: text.into(),
            level: Level::Info,
        });
    }

    fn warn(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            text: text.into(),
            level: Level::Warning,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            text: text.into(),
            level: Level::Error,
        });
    }

    /// Handles one message at time `now`.
    pub fn update(&mut self, msg: Msg, now: Time) -> Vec<Effect> {
        self.now = now;
        let mut effects = Vec::new();
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => self.key(key, &mut effects),
            Msg::Key(_) | Msg::Tick => {}
            Msg::Paste(text) => self.paste(&text),
            Msg::CaseNumber(id, number) => {
                self.case_numbers.insert(id, number);
            }
            Msg::Committed(event) => self.committed_event(event),
            Msg::Refused(reason) => self.refused_step(reason),
            Msg::External(events) => self.external(events),
        }
        effects.extend(self.to_send.drain(..).map(Effect::Append));
        effects
    }

    /// The meeting was closed: its chain head and receipt, for the minutes.
    pub fn anchored(&mut self, summary: crate::storage::ReceiptSummary) {
        if let Some(text) = anchor_text(&summary) {
            self.info(format!("Vergadering gesloten. Voor de notulen: {text}"));
        }
        self.anchor = Some(summary);
    }

    /// A waiting step the store refused: it leaves the projection, and the
    /// screen says which step and why.
    fn refused_step(&mut self, reason: String) {
        if let Some(step) = self.pending.pop_front() {
            let what = step.body.summary();
            self.error(format!("GEWEIGERD bij opslaan: {what}. {reason}"));
            self.refused.push(RefusedStep {
                at: step.at,
                what,
                why: reason,
            });
        }
        self.project_pending();
    }

    /// Events a second workstation committed: those of this console's
    /// meeting (or a meeting it opened while none was open here) are folded in.
    fn external(&mut self, events: Vec<Event>) {
        let mut changed = false;
        for event in events {
            let ours = self.view.meeting.as_ref().and_then(|m| m.id);
            let adopt = matches!(event.body, EventBody::MeetingStarted { .. })
                && self.view.open_meeting().is_none();
            if !adopt && (ours.is_none() || event.meeting_id != ours) {
                continue;
            }
            changed = true;
            self.view.append(&mut self.committed, event);
        }
        if changed {
            self.project_pending();
            // A warning or error stays in view; this is only news.
            if self.flash.as_ref().is_none_or(|f| f.level == Level::Info) {
                self.info("Bijgewerkt met wat een andere werkplek vastlegde.");
            }
        }
    }

    fn committed_event(&mut self, event: Event) {
        self.pending.pop_front();
        let body = event.body.clone();
        self.view.append(&mut self.committed, event);
        self.project_pending();
        match body {
            EventBody::Demand { .. } => {
                if let Some(d) = &self.view.disturbance
                    && d.lokaalvredebreuk()
                {
                    self.error(
                        "LOKAALVREDEBREUK: derde vordering geweigerd (art. 139 Sr). Bel de politie (112).",
                    );
                }
            }
            EventBody::DisturbanceEnded {} => {
                self.info("Verstoring afgesloten en als zaak geregistreerd in het register.");
            }
            _ => {}
        }
    }

    /// Queues a step if the rules allow it now; says why not otherwise.
    fn log(&mut self, body: EventBody, corrects: Option<u64>) -> bool {
        if let Err(refusal) = self.projected().permits(&body, corrects) {
            self.warn(refusal.to_string());
            return false;
        }
        // The meeting and case as committed here; the store fills them in
        // for steps queued before those were committed, and refuses a step
        // whose meeting or disturbance another workstation has closed.
        let meeting_id = self.view.open_meeting().and_then(|m| m.id);
        let case_id = match &body {
            EventBody::MeetingStarted { .. } | EventBody::DisturbanceStarted { .. } => None,
            EventBody::Correction { .. } => self
                .committed
                .iter()
                .find(|e| Some(e.seq) == corrects)
                .and_then(|e| e.case_id),
            _ => self.view.disturbance.as_ref().and_then(|d| d.case_id),
        };
        let step = NewEvent {
            at: self.now,
            actor: self.config.profile.clone(),
            meeting_id: if matches!(body, EventBody::MeetingStarted { .. }) {
                None
            } else {
                meeting_id
            },
            case_id,
            corrects,
            body,
        };
        self.pending.push_back(step.clone());
        self.to_send.push(step);
        self.project_pending();
        if self.saving.failure.is_none() {
            self.flash = None;
        }
        true
    }

    /// Checks a step against the rules without logging it (before a form opens).
    fn allowed(&mut self, body: &EventBody) -> bool {
        match self.projected().permits(body, None) {
            Ok(()) => true,
            Err(refusal) => {
                self.warn(refusal.to_string());
                false
            }
        }
    }

    fn open(&mut self, dialog: Dialog) {
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

    fn key(&mut self, key: KeyEvent, effects: &mut Vec<Effect>) {
        if let Some(dialog) = self.dialog.take() {
            self.dialog_key(dialog, key, effects);
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
        self.live_action(action, effects);
    }

    /// Runs an action of the live console.
    pub fn live_action(&mut self, action: Action, effects: &mut Vec<Effect>) {
        let body = match action {
            // Steps that ask for details first: the rules are asked before
            // the dialog opens, with the same step the hints ask about.
            Action::MeetingStart
            | Action::DisturbanceStart
            | Action::PhysicalProtection
            | Action::AangifteDecision
            | Action::DisturbanceEnd
            | Action::MeetingEnd => {
                let dialog = match action {
                    Action::MeetingStart => Dialog::meeting(&self.config),
                    Action::DisturbanceStart => Dialog::disturbance(&self.config),
                    Action::PhysicalProtection => Dialog::Confirm(Question::PhysicalProtection),
                    Action::AangifteDecision => Dialog::Aangifte,
                    Action::DisturbanceEnd => Dialog::Confirm(Question::EndDisturbance),
                    _ => Dialog::Confirm(Question::EndMeeting),
                };
                if let Some(body) = self.step_for(action)
                    && self.allowed(&body)
                {
                    match dialog {
                        d @ Dialog::Form(_) => self.open(d),
                        d => self.dialog = Some(d),
                    }
                }
                None
            }
            Action::CallPolice => {
                if self.log(EventBody::PoliceCalled {}, None) {
                    self.dialog = Some(Dialog::Card112);
                }
                None
            }
            Action::Demand | Action::DemandGriffier if self.bounced() => {
                // Permitted at all? Then ask; else say why not at once.
                if let Some(body) = self.step_for(action)
                    && self.allowed(&body)
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
            Action::Suspend
            | Action::Resume
            | Action::Demand
            | Action::DemandGriffier
            | Action::LeftVoluntarily
            | Action::LivestreamStop
            | Action::LivestreamResume
            | Action::CallInterventionTeam
            | Action::PoliceArrived
            | Action::RemovedByPolice => self.step_for(action),
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
                effects.push(Effect::Retry);
                None
            }
            Action::Help => {
                self.dialog = Some(Dialog::Help { scroll: 0 });
                None
            }
            Action::SwitchScreen => {
                effects.push(Effect::SwitchScreen);
                None
            }
            Action::Quit => {
                effects.push(Effect::Quit);
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

/// The chain head, receipt and key fingerprint, for the minutes, in Dutch.
pub fn anchor_text(summary: &crate::storage::ReceiptSummary) -> Option<String> {
    let (seq, hash) = summary.head.as_ref()?;
    let mut text = format!(
        "kop van de keten seq {seq}, hash {}",
        crate::storage::receipts::groups(hash)
    );
    if let Some(r) = &summary.latest {
        text.push_str(&format!("; ontvangstbewijs nr. {}", r.number));
    }
    if let Some(f) = &summary.fingerprint {
        text.push_str(&format!("; sleutel {f}"));
    }
    Some(text)
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
