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

pub mod dialog;
mod dialog_keys;

use std::collections::VecDeque;

use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use crate::config::{Config, FileProblem};
use crate::domain::live::{DisturbanceView, PersonView, Refusal, Target};
use crate::domain::text::{self, limits};
use crate::domain::{
    AangifteChoice, DemandBy, Event, EventBody, LiveView, NewEvent,
    event::{AlarmTarget, Setting, StreamCommand},
};
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

    /// The live actions that make sense now, most urgent first, for the key
    /// hints. Derived from the rules themselves: an action is suggested when
    /// `LiveView::permits` would let its step be logged now, the same check
    /// that refuses it on the key and at the moment of writing. Help lists
    /// all of them.
    pub fn suggested_actions(&self) -> Vec<Action> {
        /// Steps in order of urgency; each is offered when the rules permit it.
        const STEPS: [Action; 23] = [
            Action::MeetingStart,
            Action::Category1,
            Action::Category2,
            Action::Category3,
            Action::Category4,
            Action::ConversationEnd,
            Action::Suspend,
            Action::Demand,
            Action::DemandGriffier,
            Action::LeftVoluntarily,
            Action::LivestreamStop,
            Action::CallInterventionTeam,
            Action::CallPolice,
            Action::PoliceArrived,
            Action::RemovedByPolice,
            Action::AangifteDecision,
            Action::Resume,
            Action::LivestreamResume,
            Action::DisturbanceEnd,
            Action::PhysicalProtection,
            Action::PersonAdd,
            Action::DisturbanceStart,
            Action::MeetingEnd,
        ];
        let v = self.projected();
        let mut out = Vec::new();
        if self.saving.failure.is_some() {
            out.push(Action::Retry);
        }
        let category_known = self.current().is_some_and(|(d, _)| d.category.is_some());
        // With several people (or disturbances), who the steps are for is
        // the first thing to be able to change.
        if self.selectable() > 1 {
            out.push(Action::NextPerson);
        }
        out.extend(STEPS.into_iter().filter(|a| {
            // The category keys are offered while it is not known; they
            // change it too, but need no hint then.
            if a.category().is_some() && category_known {
                return false;
            }
            self.step_for(*a).is_some_and(|(body, target)| {
                match v.permits(&body, &target) {
                    Ok(()) => true,
                    // Ending asks for the category when it is missing.
                    Err(Refusal::CategoryMissing(_)) => *a == Action::DisturbanceEnd,
                    Err(_) => false,
                }
            })
        }));
        if self.current().is_some() {
            out.push(Action::Describe);
        }
        if v.open_meeting().is_some() {
            out.push(Action::Note);
            if !v.correctable().is_empty() {
                out.push(Action::Correct);
            }
        } else {
            out.extend([Action::RiskCheckConversation, Action::RiskCheckGathering]);
        }
        out.push(Action::Show112Card);
        if v.disturbances.is_empty() {
            out.push(Action::SwitchScreen);
        }
        out.extend([Action::Help, Action::Quit]);
        out
    }

    /// Whether a demand now would come within the configured interval of
    /// the previous one to the same person: more likely a key that bounced
    /// than a new demand.
    fn bounced(&self) -> bool {
        let window = i64::from(self.config.live.demand_repeat_secs);
        window > 0
            && self
                .current()
                .and_then(|(_, p)| p.demands.last())
                .is_some_and(|last| (0..window).contains(&(self.now - last.at).num_seconds()))
    }

    /// The words of a demand in this setting.
    fn demand_wording(&self) -> String {
        let wording = match self.projected().setting() {
            Setting::Gesprek => &self.config.live.conversation_demand_wording,
            _ => &self.config.live.demand_wording,
        };
        text::clean(wording, limits::NOTE)
    }

    /// The step a live action logs (with the details a dialog would still
    /// ask for left at their defaults) and whom it is for, for asking the
    /// rules about it.
    pub fn step_for(&self, action: Action) -> Option<(EventBody, Target)> {
        let target = self.current_target();
        let person = self.current_person();
        let v = self.projected();
        let body = match action {
            Action::MeetingStart => EventBody::MeetingStarted {
                meeting_type: self.config.meeting.meeting_type,
                title: String::new(),
                chair: String::new(),
                location: String::new(),
                town_hall: false,
                risk_check: None,
            },
            Action::DisturbanceStart => EventBody::DisturbanceStarted {
                number: v.next_disturbance_number(),
                category: None,
                place: String::new(),
                description: String::new(),
                opened_by: None,
            },
            Action::Category1 | Action::Category2 | Action::Category3 | Action::Category4 => {
                EventBody::DisturbanceDescribed {
                    category: action.category(),
                    place: None,
                    what: None,
                }
            }
            Action::PersonAdd => EventBody::PersonAdded {
                number: self.current().map_or(2, |(d, _)| {
                    u8::try_from(d.persons.len() + 1).unwrap_or(u8::MAX)
                }),
                who: crate::domain::event::Who::of(crate::domain::case::PerpetratorKind::Persoon),
            },
            Action::ConversationEnd => EventBody::ConversationEnded {},
            Action::Suspend => EventBody::Suspended {},
            Action::Resume => EventBody::Resumed {},
            Action::Demand | Action::DemandGriffier => {
                let number = self.current().map_or(1, |(_, p)| p.demands.len() + 1);
                EventBody::Demand {
                    number: u8::try_from(number).unwrap_or(u8::MAX),
                    by: if action == Action::Demand {
                        DemandBy::Voorzitter
                    } else {
                        DemandBy::Griffier
                    },
                    wording: self.demand_wording(),
                    person,
                }
            }
            Action::LeftVoluntarily => EventBody::LeftVoluntarily { person },
            Action::LivestreamStop => EventBody::LivestreamStopped {},
            Action::LivestreamResume => EventBody::LivestreamResumed {},
            Action::CallInterventionTeam => EventBody::InterventionTeamCalled {},
            Action::CallPolice => EventBody::PoliceCalled {},
            Action::PoliceArrived => EventBody::PoliceArrived {},
            Action::RemovedByPolice => EventBody::RemovedByPolice { person },
            Action::PhysicalProtection => EventBody::PhysicalProtection {
                confirmed_rule: true,
            },
            Action::AangifteDecision => EventBody::AangifteDecision {
                decision: AangifteChoice::Later,
                decided_by: Vec::new(),
                dissent: String::new(),
            },
            Action::DisturbanceEnd => EventBody::DisturbanceEnded {},
            Action::MeetingEnd => EventBody::MeetingEnded {},
            _ => return None,
        };
        Some((body, target))
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
    /// meeting (or a meeting it opened while none was open here) are folded
    /// in; risk checks are kept for the next session.
    fn external(&mut self, events: Vec<Event>) {
        let mut changed = false;
        for event in events {
            if matches!(event.body, EventBody::RiskCheckRecorded { .. }) {
                self.risk_checks.push(event);
                continue;
            }
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
        if matches!(body, EventBody::RiskCheckRecorded { .. }) {
            self.risk_checks.push(event);
            self.info("Risico-inschatting vastgelegd (vertrouwelijk); kies die bij het openen van het gesprek of de bijeenkomst.");
            return;
        }
        let case = event.case_id;
        self.view.append(&mut self.committed, event);
        self.project_pending();
        match body {
            EventBody::Demand { person, .. } => {
                let breach = case
                    .and_then(|c| self.view.of_case(c))
                    .and_then(|d| d.person(person))
                    .filter(|p| p.lokaalvredebreuk())
                    .map(PersonView::label);
                if let Some(who) = breach
                    && self.view.setting() != Setting::Gesprek
                {
                    self.error(format!(
                        "LOKAALVREDEBREUK ({who}): derde vordering geweigerd (art. 139 Sr). Bel de politie (112)."
                    ));
                }
            }
            EventBody::DisturbanceEnded {} => {
                self.info("Verstoring afgesloten en als zaak geregistreerd in het register.");
            }
            _ => {}
        }
    }

    /// OBS answered: the outcome is evidence of its own; the step itself
    /// was logged at the key press.
    fn stream_answered(&mut self, command: StreamCommand, ok: bool, detail: String) {
        self.stream_state = match (command, ok) {
            (StreamCommand::Stop, true) => StreamState::Off,
            (StreamCommand::Start, true) => StreamState::Live,
            _ => self.stream_state.clone(),
        };
        if !ok {
            let what = match command {
                StreamCommand::Stop => "STOP DE LIVESTREAM MET DE HAND",
                StreamCommand::Start => "Start de livestream met de hand",
            };
            self.error(format!("{what}: {detail}"));
        }
        self.record(EventBody::StreamControlled {
            command,
            ok,
            detail,
        });
    }

    fn alarm_answered(
        &mut self,
        target: AlarmTarget,
        ok: bool,
        exit_code: Option<i32>,
        detail: String,
        disturbance: u8,
    ) {
        if !ok {
            self.error(format!(
                "Alarmcommando ({}) mislukt: {detail}. Alarmeer zelf.",
                target.label()
            ));
        }
        let case_id = self.view.disturbance(disturbance).and_then(|d| d.case_id);
        let meeting_id = self.view.open_meeting().and_then(|m| m.id);
        let step = NewEvent {
            at: self.now,
            actor: self.config.profile.clone(),
            meeting_id,
            case_id,
            corrects: None,
            disturbance: Some(disturbance),
            body: EventBody::AlarmRun {
                target,
                ok,
                exit_code,
                detail,
            },
        };
        self.queue(step);
    }

    /// Records what the program itself did (an outcome, a preparation):
    /// not a step the rules of the meeting answer to.
    fn record(&mut self, body: EventBody) {
        let meeting_id = match body {
            EventBody::RiskCheckRecorded { .. } => None,
            _ => self.view.open_meeting().and_then(|m| m.id),
        };
        let mut step = NewEvent::new(self.now, self.config.profile.clone(), body);
        step.meeting_id = meeting_id;
        self.queue(step);
    }

    fn queue(&mut self, step: NewEvent) {
        self.pending.push_back(step.clone());
        self.to_send.push(step);
        self.project_pending();
    }

    /// Queues a step for the current disturbance if the rules allow it now;
    /// says why not otherwise.
    fn log(&mut self, body: EventBody, corrects: Option<u64>) -> bool {
        let mut target = self.current_target();
        target.corrects = corrects;
        self.log_for(body, target)
    }

    /// Queues a step for `target` if the rules allow it now.
    fn log_for(&mut self, body: EventBody, target: Target) -> bool {
        if let Err(refusal) = self.projected().permits(&body, &target) {
            self.warn(refusal.to_string());
            return false;
        }
        // The meeting and case as committed here; the store fills them in
        // for steps queued before those were committed, and refuses a step
        // whose meeting or disturbance another workstation has closed.
        let meeting_id = self.view.open_meeting().and_then(|m| m.id);
        let (case_id, disturbance) = match &body {
            EventBody::MeetingStarted { .. } | EventBody::DisturbanceStarted { .. } => (None, None),
            EventBody::Correction { .. } => (
                self.committed
                    .iter()
                    .find(|e| Some(e.seq) == target.corrects)
                    .and_then(|e| e.case_id),
                None,
            ),
            // A note during a disturbance belongs to its case too.
            b if b.is_disturbance_step() || matches!(b, EventBody::Note { .. }) => {
                (target.case_id, target.disturbance)
            }
            _ => (None, None),
        };
        // What follows from the step: a new disturbance or person becomes
        // current.
        match &body {
            EventBody::DisturbanceStarted { number, .. } => {
                self.selection = Some((*number, crate::domain::live::FIRST_PERSON));
            }
            EventBody::PersonAdded { number, .. } => {
                if let Some(d) = target.disturbance {
                    self.selection = Some((d, *number));
                }
            }
            _ => {}
        }
        let integration = self.integration_for(&body, target.disturbance);
        let step = NewEvent {
            at: self.now,
            actor: self.config.profile.clone(),
            meeting_id: if matches!(body, EventBody::MeetingStarted { .. }) {
                None
            } else {
                meeting_id
            },
            case_id,
            corrects: target.corrects,
            disturbance,
            body,
        };
        let before = self.current().map(|(d, p)| (d.number, p.number));
        self.queue(step);
        self.effects.extend(integration);
        if self.saving.failure.is_none() {
            self.flash = None;
        }
        // Someone left: the steps now go to whoever is still there.
        let after = self.current().map(|(d, p)| (d.number, p.number));
        if before.is_some()
            && before != after
            && let Some((d, p)) = self.current()
            && self.saving.failure.is_none()
        {
            let text = format!("Nu: {} · {}", d.label(), p.described());
            self.info(text);
        }
        true
    }

    /// What an outside system must do for a step, when configured: logging
    /// never waits for it.
    fn integration_for(&self, body: &EventBody, disturbance: Option<u8>) -> Option<Effect> {
        match body {
            EventBody::LivestreamStopped {} if self.integrations.obs => {
                Some(Effect::Stream(StreamCommand::Stop))
            }
            EventBody::LivestreamResumed {} if self.integrations.obs => {
                Some(Effect::Stream(StreamCommand::Start))
            }
            EventBody::InterventionTeamCalled {} | EventBody::PoliceCalled {}
                if self.integrations.alarm =>
            {
                let target = if matches!(body, EventBody::PoliceCalled {}) {
                    AlarmTarget::Politie
                } else {
                    AlarmTarget::Interventieteam
                };
                let number = disturbance?;
                Some(Effect::Alarm {
                    target,
                    text: self.alarm_text(target, number),
                    disturbance: number,
                })
            }
            _ => None,
        }
    }

    /// The text an alarm command gets: the 112 card's, without names.
    fn alarm_text(&self, target: AlarmTarget, disturbance: u8) -> String {
        let card = crate::domain::card::Card112::of(
            self.projected(),
            &self.config.municipality,
            &self.config.emergency.notes,
            self.projected().disturbance(disturbance),
        );
        format!(
            "{} — {}\n{}",
            target.label(),
            self.now.format("%d-%m-%Y %H:%M:%S"),
            card.text()
        )
    }

    /// Checks a step against the rules without logging it (before a form opens).
    fn allowed(&mut self, body: &EventBody, target: &Target) -> bool {
        match self.projected().permits(body, target) {
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

    fn key(&mut self, key: KeyEvent) {
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
