//! The live console as a state machine: `update(message) -> effects`.
//!
//! No terminal and no database here: the event loop (`app.rs`) turns terminal
//! input into messages, performs the effects (appending to the store,
//! stopping the livestream, running the alarm command) and feeds the
//! answers back. Tests drive it directly.
//!
//! One key per step: a step is logged the moment its key is pressed, for
//! the disturbance and person that are *current* (shown highlighted; `o`
//! cycles, a new disturbance or person becomes current). Nothing modal is
//! in the way: a dialog without text input gives way to a live key, a form
//! is drawn below the status and Esc keeps it as a draft.

mod answers;
pub mod dialog;
mod dialog_keys;
mod keys;
mod steps;

use std::collections::VecDeque;

use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyEvent, KeyEventKind};

use crate::config::{Config, FileProblem};
use crate::domain::live::{DisturbanceView, PersonView, Target};
use crate::domain::{
    Event, LiveView, NewEvent,
    event::{AlarmTarget, StreamCommand},
};
use crate::keymap::Keymap;

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
    /// What OBS Studio answered to a stop or start this console asked for.
    StreamAnswered {
        command: StreamCommand,
        ok: bool,
        detail: String,
    },
    /// The livestream's state as OBS reports it now (`Err`: not reachable).
    StreamState(Result<bool, String>),
    /// A configured alarm command finished.
    AlarmAnswered {
        target: AlarmTarget,
        ok: bool,
        exit_code: Option<i32>,
        detail: String,
        /// The disturbance it was run for.
        disturbance: u8,
    },
    /// The risk checks (§4.2) on record, newest last.
    RiskChecks(Vec<Event>),
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
    /// Show the case browser with the deadline board open.
    DeadlineBoard,
    /// Try a failed write again now.
    Retry,
    /// The user asks to quit; the app decides (and asks if anything waits).
    Quit,
    /// Ask OBS Studio to stop or start the stream; answer with
    /// `StreamAnswered`. Only when OBS is configured.
    Stream(StreamCommand),
    /// Run the configured alarm command with `text` (no names) on its
    /// stdin; answer with `AlarmAnswered`. Only when one is configured.
    Alarm {
        target: AlarmTarget,
        text: String,
        disturbance: u8,
    },
}

/// Which outside systems the program may drive (from the settings).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Integrations {
    /// OBS Studio is configured: the livestream keys stop and start it.
    pub obs: bool,
    /// An alarm command is configured for the interventieteam and police.
    pub alarm: bool,
}

/// The stream as OBS last reported it, read now and then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamState {
    Unknown,
    Live,
    Off,
    Unreachable(String),
}

pub struct Console {
    pub config: Config,
    /// Due items overdue on the cases this user may see (from the
    /// reminders): the console shows a one-line banner while any are.
    pub overdue: usize,
    pub keymap: Keymap,
    /// The current time, set by the event loop before each message.
    pub now: Time,
    /// What the program may drive besides the register.
    pub integrations: Integrations,
    /// The livestream as OBS reports it (when configured).
    pub stream_state: StreamState,
    /// Committed events of the current (or last) meeting.
    committed: Vec<Event>,
    /// This console's steps in the app's outbox, oldest first: laid over
    /// the committed view so that the rules and the screen see them.
    pending: VecDeque<NewEvent>,
    /// Steps logged in this update, for the app's outbox.
    to_send: Vec<NewEvent>,
    /// Other effects of this update.
    effects: Vec<Effect>,
    /// What the outbox holds (all screens), as the app last said.
    pub saving: SaveStatus,
    /// Steps the store refused when they were written, with why: shown
    /// in the timeline, so that none silently vanishes.
    pub refused: Vec<RefusedStep>,
    /// What is committed: the screen's status panels show only this.
    pub view: LiveView,
    /// Committed plus pending, while anything is pending; see `projected()`.
    pending_view: Option<LiveView>,
    /// The disturbance (by number) and person steps apply to.
    selection: Option<(u8, u8)>,
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
    /// The risk checks (§4.2) on record, oldest first: offered when a
    /// session opens, shown in the header of the session prepared with one.
    pub risk_checks: Vec<Event>,
}

impl Console {
    /// A console resuming from the events of the open meeting (if any).
    pub fn new(config: Config, keymap: Keymap, events: Vec<Event>, now: Time) -> Console {
        let mut c = Console {
            overdue: 0,
            config,
            keymap,
            now,
            integrations: Integrations::default(),
            stream_state: StreamState::Unknown,
            committed: events,
            pending: VecDeque::new(),
            to_send: Vec::new(),
            effects: Vec::new(),
            saving: SaveStatus::default(),
            refused: Vec::new(),
            view: LiveView::default(),
            pending_view: None,
            selection: None,
            dialog: None,
            drafts: Vec::new(),
            flash: None,
            case_numbers: Default::default(),
            timeline_back: 0,
            anchor: None,
            risk_checks: Vec::new(),
        };
        c.refresh();
        if let Some(m) = c.view.open_meeting() {
            let noun = m.setting().noun();
            c.info(format!(
                "Lopende {noun} hervat: alles wat was vastgelegd staat er weer."
            ));
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

    /// The current disturbance and person: the one selected if it is still
    /// under way, else the newest disturbance and its first person still
    /// present (or its first).
    pub fn current(&self) -> Option<(&DisturbanceView, &PersonView)> {
        let v = self.projected();
        let selected = self
            .selection
            .and_then(|(d, p)| v.disturbance(d).map(|d| (d, p)));
        let (d, p) = match selected {
            Some((d, p)) => (d, d.person(p)),
            None => (v.newest()?, None),
        };
        // Someone who has left is no longer who the steps are for.
        let person = p
            .filter(|p| !p.gone())
            .or_else(|| d.persons.iter().find(|p| !p.gone()))
            .or(p)
            .or_else(|| d.persons.first())?;
        Some((d, person))
    }

    /// The target of a step for the current disturbance.
    fn current_target(&self) -> Target {
        match self.current() {
            Some((d, _)) => self.target_of(d.number),
            None => Target::default(),
        }
    }

    /// The target of a step for disturbance `number`: its number, and its
    /// case once committed here.
    fn target_of(&self, number: u8) -> Target {
        Target {
            case_id: self.view.disturbance(number).and_then(|c| c.case_id),
            disturbance: Some(number),
            corrects: None,
        }
    }

    fn current_person(&self) -> u8 {
        self.current()
            .map_or(crate::domain::live::FIRST_PERSON, |(_, p)| p.number)
    }

    /// What the open session was prepared with (§4.2), for the header.
    pub fn risk_check_header(&self) -> Option<String> {
        let seq = self.projected().open_meeting()?.risk_check?;
        match self.risk_checks.iter().find(|e| e.seq == seq) {
            Some(e) => crate::domain::preparation::header(&e.body),
            None => Some(format!("Voorbereid (§4.2): risico-inschatting regel {seq}")),
        }
    }

    /// How many (disturbance, person) pairs `o` cycles through.
    pub fn selectable(&self) -> usize {
        self.projected()
            .disturbances
            .iter()
            .map(|d| d.persons.len())
            .sum()
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
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => self.key(key),
            Msg::Key(_) | Msg::Tick => {}
            Msg::Paste(text) => self.paste(&text),
            Msg::CaseNumber(id, number) => {
                self.case_numbers.insert(id, number);
            }
            Msg::Committed(event) => self.committed_event(event),
            Msg::Refused(reason) => self.refused_step(reason),
            Msg::External(events) => self.external(events),
            Msg::StreamAnswered {
                command,
                ok,
                detail,
            } => self.stream_answered(command, ok, detail),
            Msg::StreamState(state) => {
                self.stream_state = match state {
                    Ok(true) => StreamState::Live,
                    Ok(false) => StreamState::Off,
                    Err(e) => StreamState::Unreachable(e),
                }
            }
            Msg::AlarmAnswered {
                target,
                ok,
                exit_code,
                detail,
                disturbance,
            } => self.alarm_answered(target, ok, exit_code, detail, disturbance),
            Msg::RiskChecks(events) => self.risk_checks = events,
        }
        let mut effects: Vec<Effect> = self.to_send.drain(..).map(Effect::Append).collect();
        effects.append(&mut self.effects);
        effects
    }

    /// The meeting was closed: its chain head and receipt, for the minutes.
    pub fn anchored(&mut self, summary: crate::storage::ReceiptSummary) {
        if let Some(text) = anchor_text(&summary) {
            self.info(format!("Vergadering gesloten. Voor de notulen: {text}"));
        }
        self.anchor = Some(summary);
    }
}

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
mod tests;
