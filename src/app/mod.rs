//! The program as a whole: the live console and the case browser, one of
//! them on screen, sharing one store. `App::update` routes input and store
//! answers to the screen they belong to; `run` is the event loop around it.

pub mod driver;
mod event_loop;
pub mod fallback;
pub mod figures;
pub mod jobs;
pub mod outbox;

pub use event_loop::{Ended, run};

use chrono::{DateTime, FixedOffset};
use crossterm::event::KeyEvent;
use ratatui::Frame;

use crate::cases::{self, Browser};
use crate::keymap::{Action, Section};
use crate::live::{self, Console, Level, SaveStatus};
use crate::notify;
use crate::storage::worker::{Origin, StoreReply, StoreRequest};
use crate::ui::{self, Theme};
use fallback::Fallback;
use outbox::{Outbox, Waiting};

type Time = DateTime<FixedOffset>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Live,
    Cases,
}

/// Input to the program.
#[derive(Debug, Clone)]
// One message per key press or store answer: size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Input {
    Key(KeyEvent),
    Paste(String),
    Tick,
    Store(StoreReply),
    /// An outside system answered (OBS, the alarm command).
    Job(jobs::JobDone),
    /// Reminders fired, and whether the desktop showed them.
    Reminded(notify::Delivered),
}

pub struct App {
    pub console: Console,
    pub browser: Browser,
    pub screen: Screen,
    /// Every screen's writes, in order, until committed.
    pub outbox: Outbox,
    /// The user asked to quit while something waits: asking before losing it.
    pub quit_prompt: bool,
    /// Keys that arrived all at once outside a text field (a paste in a
    /// terminal without bracketed paste): held until the user says whether
    /// they are keys.
    pub held_keys: Option<Vec<KeyEvent>>,
    /// Quit as soon as the outbox is empty (everything saved).
    quit_when_saved: bool,
    pub quit: bool,
    /// Work for outside systems (OBS, the alarm command) that the event
    /// loop runs beside the screens; answers come back as `Input::Job`.
    pub jobs: Vec<jobs::Job>,
    /// Stream and alarm jobs asked for and not yet answered: their outcome
    /// is still to be recorded, so quitting waits for them (each is bounded
    /// in time by its settings).
    pub jobs_unanswered: usize,
    /// Where waiting writes are kept while the register cannot be written.
    fallback: Option<Fallback>,
    /// How many waiting writes the fallback file holds now, if it exists.
    fallback_holds: Option<usize>,
    /// Reminders of due steps (off unless `with_reminders`): when to ask
    /// the store again, and the newest list for the scheduler.
    pub reminders: notify::Refresh,
    /// A reminder's banner kept back while an error is on the status line.
    held_banner: Option<live::Flash>,
}

impl App {
    pub fn new(console: Console, browser: Browser, screen: Screen) -> App {
        App {
            console,
            browser,
            screen,
            outbox: Outbox::default(),
            quit_prompt: false,
            held_keys: None,
            quit_when_saved: false,
            quit: false,
            jobs: Vec::new(),
            jobs_unanswered: 0,
            fallback: None,
            fallback_holds: None,
            reminders: notify::Refresh::default(),
            held_banner: None,
        }
    }

    /// Reminds of due steps while running (`crate::notify`): the event
    /// loop starts the scheduler and hands it what the store computes.
    pub fn with_reminders(mut self) -> App {
        self.reminders = notify::Refresh::enabled();
        self
    }

    /// Keeps waiting writes in `fallback` while the register cannot be
    /// written (and when quitting with writes waiting).
    pub fn with_fallback(mut self, fallback: Fallback) -> App {
        self.fallback = Some(fallback);
        self
    }

    /// Waiting writes of an earlier run, read back from the fallback file:
    /// they are written first, in order, and the screen says so.
    pub fn recover(&mut self, waiting: Vec<Waiting>, from: &std::path::Path) {
        if waiting.is_empty() {
            return;
        }
        let n = waiting.len();
        for w in waiting {
            self.outbox.push(Origin::Recovered, w.event);
        }
        self.fallback_holds = Some(n);
        self.tell_both(
            format!(
                "Bij de vorige sessie waren {n} stap(pen) NIET opgeslagen; ze stonden in het noodbestand {} en worden nu alsnog vastgelegd, met hun oorspronkelijke tijd.",
                from.display()
            ),
            Level::Warning,
        );
    }

    /// A message on the status line of both screens: what holds for the
    /// program as a whole (a recovery, a damaged register, a warning of the
    /// open).
    pub fn tell_both(&mut self, text: impl Into<String>, level: Level) {
        let flash = Some(live::Flash {
            text: text.into(),
            level,
        });
        self.console.flash = flash.clone();
        self.browser.flash = flash;
    }

    /// Requests to make when the program starts.
    pub fn start(&mut self) -> Vec<StoreRequest> {
        let mut out = match self.screen {
            Screen::Live => Vec::new(),
            Screen::Cases => {
                let fx = self.browser.start();
                self.browser_effects(fx, self.console.now)
            }
        };
        out.extend(self.ask_reminders(self.console.now));
        out
    }

    /// The reminders, asked for when the register changed since (at most
    /// once per tick).
    fn ask_reminders(&mut self, now: Time) -> Option<StoreRequest> {
        self.reminders.ask().then(|| StoreRequest::Reminders {
            now: now.with_timezone(&chrono::Utc),
        })
    }

    /// Reminders fired: their message on the status line of both screens,
    /// whether or not the desktop showed them; kept back while an error is
    /// on the screen shown, until it is gone.
    fn remind(&mut self, delivered: &notify::Delivered) {
        let Some((text, critical)) = delivered.banner() else {
            return;
        };
        let level = if critical {
            Level::Warning
        } else {
            Level::Info
        };
        self.held_banner = Some(live::Flash { text, level });
        self.show_held_banner();
        // An item may have become overdue: count again.
        self.reminders.changed();
    }

    fn show_held_banner(&mut self) {
        let shown = match self.screen {
            Screen::Live => &self.console.flash,
            Screen::Cases => &self.browser.flash,
        };
        if shown.as_ref().is_some_and(|f| f.level == Level::Error) {
            return;
        }
        if let Some(banner) = self.held_banner.take() {
            self.tell_both(banner.text, banner.level);
        }
    }

    /// Handles one input at time `now`; returns the store requests to make.
    pub fn update(&mut self, input: Input, now: Time) -> Vec<StoreRequest> {
        let mut out = match input {
            Input::Key(key) if self.held_keys.is_some() => self.held_keys_key(key, now),
            Input::Key(key) if self.quit_prompt => {
                self.quit_prompt_key(key, now);
                Vec::new()
            }
            Input::Key(key) => match self.screen {
                Screen::Live => self.live(live::Msg::Key(key), now),
                Screen::Cases => self.cases(cases::Msg::Key(key), now),
            },
            Input::Paste(text) => match self.screen {
                Screen::Live => self.live(live::Msg::Paste(text), now),
                Screen::Cases => self.cases(cases::Msg::Paste(text), now),
            },
            Input::Tick => {
                let mut out = self.live(live::Msg::Tick, now);
                out.extend(self.cases(cases::Msg::Tick, now));
                out.extend(self.ask_reminders(now));
                self.show_held_banner();
                out
            }
            Input::Store(reply) => self.store_reply(reply, now),
            Input::Job(done) => {
                if !matches!(done, jobs::JobDone::StreamState(_)) {
                    self.jobs_unanswered = self.jobs_unanswered.saturating_sub(1);
                }
                self.live(done.into_msg(), now)
            }
            Input::Reminded(delivered) => {
                self.remind(&delivered);
                Vec::new()
            }
        };
        out.extend(self.outbox.next(now));
        self.keep_in_fallback();
        self.show_saving(now);
        if self.quit_when_saved && self.outbox.is_empty() && self.jobs_unanswered == 0 {
            self.quit = true;
        }
        out
    }

    fn live(&mut self, msg: live::Msg, now: Time) -> Vec<StoreRequest> {
        let fx = self.console.update(msg, now);
        self.console_effects(fx, now)
    }

    fn cases(&mut self, msg: cases::Msg, now: Time) -> Vec<StoreRequest> {
        let fx = self.browser.update(msg, now);
        self.browser_effects(fx, now)
    }

    fn store_reply(&mut self, reply: StoreReply, now: Time) -> Vec<StoreRequest> {
        match reply {
            StoreReply::Committed { origin, event } => {
                self.outbox.committed();
                self.reminders.changed();
                match origin {
                    Origin::Live => self.live(live::Msg::Committed(event), now),
                    Origin::Cases => self.cases(cases::Msg::Committed(event), now),
                    // Neither screen waits for it: both take it in as news.
                    Origin::Recovered => {
                        let mut out = self.live(live::Msg::External(vec![event.clone()]), now);
                        out.extend(self.cases(cases::Msg::External(vec![event]), now));
                        out
                    }
                }
            }
            StoreReply::Failed { reason, .. } => {
                self.outbox.failed(reason.clone(), now);
                self.say_failure(&reason);
                if self.quit_when_saved {
                    // Waiting for the save is waiting in vain now: ask.
                    self.quit_when_saved = false;
                    self.quit_prompt = true;
                }
                Vec::new()
            }
            StoreReply::Refused { origin, reason } => {
                self.outbox.refused_head(reason.clone());
                match origin {
                    Origin::Live => self.live(live::Msg::Refused(reason), now),
                    Origin::Cases => self.cases(cases::Msg::Refused(reason), now),
                    Origin::Recovered => {
                        self.say(
                            format!("GEWEIGERD bij opslaan (uit het noodbestand): {reason}"),
                            Level::Error,
                        );
                        Vec::new()
                    }
                }
            }
            StoreReply::External(events) => {
                self.reminders.changed();
                let mut out = self.live(live::Msg::External(events.clone()), now);
                out.extend(self.cases(cases::Msg::External(events), now));
                out
            }
            StoreReply::Anchored(summary) => {
                self.console.anchored(summary);
                Vec::new()
            }
            StoreReply::Checked(checked) => {
                self.checked(checked);
                Vec::new()
            }
            StoreReply::CaseNumber(id, number) => self.live(live::Msg::CaseNumber(id, number), now),
            StoreReply::Listed { seq, rows, total } => {
                self.cases(cases::Msg::Listed { seq, rows, total }, now)
            }
            StoreReply::Counted { seq, total } => {
                self.cases(cases::Msg::Counted { seq, total }, now)
            }
            StoreReply::Loaded(loaded) => self.cases(cases::Msg::Loaded(loaded), now),
            StoreReply::Roles(matrix) => self.cases(cases::Msg::Roles(matrix), now),
            StoreReply::AccessLog(log) => self.cases(cases::Msg::AccessLog(log), now),
            StoreReply::DueItems(items) => self.cases(cases::Msg::DueItems(items), now),
            StoreReply::Assigned(done) => self.cases(cases::Msg::Assigned(done), now),
            StoreReply::HandedOver(done) => self.cases(cases::Msg::HandedOver(done), now),
            StoreReply::Reminders(result) => {
                if let Ok(list) = &result {
                    // One reminder per item for the moment passed last:
                    // the critical ones are the items overdue now.
                    let now_utc = now.with_timezone(&chrono::Utc);
                    self.console.overdue = list
                        .iter()
                        .filter(|r| r.critical && r.at <= now_utc)
                        .count();
                }
                self.reminders.answered(result);
                Vec::new()
            }
            StoreReply::ReadFailed(reason) => {
                // A case out of this viewer's sight is refused, not failed.
                let text = if reason.starts_with("Geweigerd:") {
                    reason
                } else {
                    format!("Lezen mislukt: {reason}")
                };
                self.browser.flash = Some(live::Flash {
                    text,
                    level: Level::Error,
                });
                Vec::new()
            }
        }
    }

    /// The background check at start: a register whose history does not
    /// hold is written to no more (what is typed waits, in the fallback
    /// file); other problems are warned about.
    fn checked(&mut self, checked: live::Checked) {
        if let Some(broken) = checked.broken {
            let kept = match &self.fallback {
                Some(f) => format!(
                    " Wat u nu vastlegt, wordt bewaard in het noodbestand {}.",
                    f.path().display()
                ),
                None => String::new(),
            };
            let text = format!(
                "HET REGISTER IS BESCHADIGD: {broken}. Er wordt niets meer in vastgelegd (alleen lezen).{kept} Wat te doen: sluit af, controleer met `raadsorde verify` en neem een reservekopie of de ontvangstbewijzen erbij."
            );
            tracing::error!("{text}");
            self.outbox.hold(text.clone());
            self.tell_both(text, Level::Error);
        } else if let Some(first) = checked.warnings.first() {
            tracing::warn!("{}", checked.warnings.join("; "));
            self.tell_both(
                format!("Controle van het register: {first}"),
                Level::Warning,
            );
        }
    }

    /// A message on the status line of the screen that is shown.
    fn say(&mut self, text: impl Into<String>, level: Level) {
        let flash = Some(live::Flash {
            text: text.into(),
            level,
        });
        match self.screen {
            Screen::Live => self.console.flash = flash,
            Screen::Cases => self.browser.flash = flash,
        }
    }

    /// A failed write, said on the screen that is shown, with the key that
    /// retries there.
    fn say_failure(&mut self, reason: &str) {
        let (keymap, section) = match self.screen {
            Screen::Live => (&self.console.keymap, Section::Live),
            Screen::Cases => (&self.browser.keymap, self.browser.section()),
        };
        let key = keymap
            .key_for(section, Action::Retry)
            .map(|k| format!(" {k} probeert het nu."))
            .unwrap_or_default();
        self.say(
            format!(
                "NIET OPGESLAGEN: {reason}. Wat wacht blijft bewaard en wordt vanzelf opnieuw geprobeerd.{key}"
            ),
            Level::Error,
        );
    }

    /// At the end: whatever still waits is kept in the fallback file.
    pub fn keep_waiting(&mut self) {
        self.quit = true;
        self.keep_in_fallback();
    }

    /// While a write fails, every waiting write is kept in the fallback
    /// file; once nothing waits, the file goes.
    fn keep_in_fallback(&mut self) {
        let Some(fallback) = &self.fallback else {
            return;
        };
        let result = if self.outbox.is_empty() {
            if self.fallback_holds.take().is_some() {
                fallback.clear()
            } else {
                Ok(())
            }
        } else if (self.outbox.failure().is_some() || self.outbox.held().is_some() || self.quit)
            && self.fallback_holds != Some(self.outbox.len())
        {
            self.fallback_holds = Some(self.outbox.len());
            fallback.save(self.outbox.waiting())
        } else {
            Ok(())
        };
        if let Err(e) = result {
            tracing::error!("{e}");
            self.say(format!("Ook het noodbestand faalt: {e}"), Level::Error);
        }
    }

    /// The fallback file, if one is kept.
    pub fn fallback(&self) -> Option<&Fallback> {
        self.fallback.as_ref()
    }

    /// Tells both screens what waits, so each can show it.
    fn show_saving(&mut self, now: Time) {
        let status = SaveStatus {
            waiting: self.outbox.len(),
            failure: self.outbox.failure().map(|f| f.reason.clone()),
            retry_in: self
                .outbox
                .failure()
                .map(|f| (f.retry_at - now).num_seconds().max(0)),
            refused: self.outbox.refused().len(),
            held: self.outbox.held().map(str::to_string),
        };
        self.console.saving = status.clone();
        self.browser.saving = status;
    }

    fn retry(&mut self, now: Time) {
        let text = if self.outbox.retry_now(now) {
            "Opnieuw proberen op te slaan…"
        } else {
            "Er is niets dat opnieuw moet worden opgeslagen."
        };
        self.say(text, Level::Info);
    }

    /// What would be lost by quitting now, in Dutch; empty if nothing.
    pub fn unsaved(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.outbox.is_empty() {
            out.push(format!(
                "{} wijziging(en) NIET opgeslagen (wachten op de database).",
                self.outbox.len()
            ));
        }
        for d in &self.console.view.disturbances {
            out.push(format!(
                "Er loopt nog een verstoring ({}, gemeld om {}); die is nog niet afgesloten. Bij een herstart gaat de console verder waar hij was.",
                d.label(),
                d.started_at.format("%H:%M:%S")
            ));
        }
        for draft in self
            .console
            .draft_names()
            .into_iter()
            .chain(self.browser.draft_names())
        {
            out.push(format!("Concept: {draft}"));
        }
        out
    }

    /// What quitting now does with what waits, in Dutch.
    pub fn quit_consequence(&self) -> String {
        match &self.fallback {
            Some(f) if !self.outbox.is_empty() => format!(
                "Wat wacht, wordt bewaard in het noodbestand {} en bij de volgende start alsnog vastgelegd; concepten gaan verloren. Toch afsluiten?",
                f.path().display()
            ),
            _ => "Bij afsluiten gaat dit verloren. Toch afsluiten?".to_string(),
        }
    }

    /// The one quit rule, for every screen: quit at once when nothing
    /// waits; wait for a save under way; ask when a save failed or a draft
    /// would be lost.
    fn request_quit(&mut self) {
        let drafts = self.console.draft_names().len() + self.browser.draft_names().len();
        // Work under way that quitting would leave: drafts, a disturbance.
        let open = drafts > 0 || !self.console.view.disturbances.is_empty();
        if self.outbox.is_empty() && self.jobs_unanswered == 0 && !open {
            self.quit = true;
        } else if !open && self.outbox.failure().is_none() && self.outbox.held().is_none() {
            self.quit_when_saved = true;
            self.say("Afsluiten zodra alles is opgeslagen…", Level::Info);
        } else {
            self.quit_prompt = true;
        }
    }

    /// Inputs that arrived together, within a few milliseconds: faster than
    /// anyone types. Outside a text field such a burst of keys is not run
    /// but held, and the user is asked (see `held_keys`).
    pub fn deliver(&mut self, inputs: Vec<Input>, now: Time) -> Vec<StoreRequest> {
        let keys = inputs
            .iter()
            .filter(
                |i| matches!(i, Input::Key(k) if k.kind != crossterm::event::KeyEventKind::Release),
            )
            .count();
        if keys >= BURST_KEYS && !self.typing() && self.held_keys.is_none() && !self.quit_prompt {
            let held: Vec<KeyEvent> = inputs
                .into_iter()
                .filter_map(|i| match i {
                    Input::Key(k) => Some(k),
                    _ => None,
                })
                .collect();
            tracing::warn!("{} keys at once held", held.len());
            self.held_keys = Some(held);
            return Vec::new();
        }
        inputs
            .into_iter()
            .flat_map(|i| self.update(i, now))
            .collect()
    }

    /// Whether typing goes to a text field now (where a paste is text).
    pub fn typing(&self) -> bool {
        match self.screen {
            Screen::Live => matches!(self.console.dialog, Some(live::Dialog::Form(_))),
            Screen::Cases => self.browser.form.is_some() || self.browser.searching,
        }
    }

    fn held_keys_key(&mut self, key: KeyEvent, now: Time) -> Vec<StoreRequest> {
        if key.kind == crossterm::event::KeyEventKind::Release {
            return Vec::new();
        }
        match self.console.keymap.action(Section::Confirm, &key) {
            Some(Action::Confirm) => {
                let keys = self.held_keys.take().unwrap_or_default();
                keys.into_iter()
                    .flat_map(|k| self.update(Input::Key(k), now))
                    .collect()
            }
            Some(Action::Deny) | Some(Action::Cancel) => {
                let n = self.held_keys.take().map_or(0, |k| k.len());
                self.say(
                    format!("{n} toetsen die tegelijk binnenkwamen zijn niet uitgevoerd."),
                    Level::Info,
                );
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn quit_prompt_key(&mut self, key: KeyEvent, now: Time) {
        if key.kind == crossterm::event::KeyEventKind::Release {
            return;
        }
        match self.console.keymap.action(Section::Confirm, &key) {
            Some(Action::Confirm) => {
                self.quit = true;
                // What waits is kept for the next start, not thrown away.
                self.keep_in_fallback();
            }
            Some(Action::Deny) | Some(Action::Cancel) => self.quit_prompt = false,
            Some(Action::Retry) => {
                self.quit_prompt = false;
                self.retry(now);
            }
            _ => {}
        }
    }

    fn console_effects(&mut self, fx: Vec<live::Effect>, now: Time) -> Vec<StoreRequest> {
        let mut out = Vec::new();
        for effect in fx {
            match effect {
                live::Effect::Append(event) => self.outbox.push(Origin::Live, event),
                live::Effect::SwitchScreen => {
                    self.screen = Screen::Cases;
                    let start = self.browser.start();
                    out.extend(self.browser_effects(start, now));
                }
                live::Effect::DeadlineBoard => {
                    self.screen = Screen::Cases;
                    let mut start = self.browser.start();
                    start.push(cases::Effect::DueItems);
                    out.extend(self.browser_effects(start, now));
                }
                live::Effect::Retry => self.retry(now),
                live::Effect::Quit => self.request_quit(),
                live::Effect::Stream(command) => {
                    self.jobs_unanswered += 1;
                    self.jobs.push(jobs::Job::Stream(command));
                }
                live::Effect::Alarm {
                    target,
                    text,
                    disturbance,
                } => {
                    self.jobs_unanswered += 1;
                    self.jobs.push(jobs::Job::Alarm {
                        target,
                        text,
                        disturbance,
                    });
                }
            }
        }
        out
    }

    fn browser_effects(&mut self, fx: Vec<cases::Effect>, now: Time) -> Vec<StoreRequest> {
        let mut out = Vec::new();
        for effect in fx {
            match effect {
                cases::Effect::List { seq, query } => out.push(StoreRequest::List { seq, query }),
                cases::Effect::Load(id) => out.push(StoreRequest::Load(id)),
                cases::Effect::Open(id) => out.push(StoreRequest::Open { id, at: now }),
                cases::Effect::Roles => out.push(StoreRequest::Roles),
                cases::Effect::HandOver(id) => out.push(StoreRequest::HandOver { id, at: now }),
                cases::Effect::AccessLog => out.push(StoreRequest::AccessLog),
                cases::Effect::DueItems => out.push(StoreRequest::DueItems { at: now }),
                cases::Effect::Assign {
                    identity,
                    role,
                    grant,
                } => out.push(StoreRequest::Assign {
                    identity,
                    role,
                    grant,
                }),
                cases::Effect::Append(event) => self.outbox.push(Origin::Cases, event),
                cases::Effect::SwitchScreen => self.screen = Screen::Live,
                cases::Effect::Retry => self.retry(now),
                cases::Effect::Quit => self.request_quit(),
            }
        }
        out
    }

    pub fn draw(&self, frame: &mut Frame<'_>, theme: &Theme) {
        match self.screen {
            Screen::Live => ui::draw(frame, &self.console, theme),
            Screen::Cases => ui::cases::draw(frame, &self.browser, theme),
        }
        if let Some(keys) = &self.held_keys {
            ui::burst_prompt(frame, keys, &self.console.keymap, theme);
        }
        if self.quit_prompt {
            ui::quit_prompt(
                frame,
                &self.unsaved(),
                &self.quit_consequence(),
                &self.console.keymap,
                theme,
            );
        }
    }
}

/// Keys that arrive together (within `event_loop::BURST_WINDOW`) from
/// this many on are a paste, not typing, when no text field has the focus.
const BURST_KEYS: usize = 6;
