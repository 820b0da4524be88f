//! The program as a whole: the live console and the case browser, one of
//! them on screen, sharing one store. `App::update` routes input and store
//! answers to the screen they belong to; `run` is the event loop around it.

pub mod driver;

use std::io::stdout;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, Event as TermEvent, EventStream, KeyEvent,
};
use crossterm::execute;
use futures::StreamExt;
use ratatui::{DefaultTerminal, Frame};

use crate::console::{self, Console, Level};
use crate::domain::time;
use crate::register::{self, Browser};
use crate::storage::Store;
use crate::storage::worker::{Origin, StoreReply, StoreRequest, StoreThread};
use crate::ui::{self, Theme};

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
}

pub struct App {
    pub console: Console,
    pub browser: Browser,
    pub screen: Screen,
    pub quit: bool,
}

impl App {
    pub fn new(console: Console, browser: Browser, screen: Screen) -> App {
        App {
            console,
            browser,
            screen,
            quit: false,
        }
    }

    /// Requests to make when the program starts.
    pub fn start(&mut self) -> Vec<StoreRequest> {
        match self.screen {
            Screen::Live => Vec::new(),
            Screen::Cases => {
                let fx = self.browser.start();
                self.browser_effects(fx)
            }
        }
    }

    /// Handles one input at time `now`; returns the store requests to make.
    pub fn update(&mut self, input: Input, now: Time) -> Vec<StoreRequest> {
        let live = |app: &mut App, msg| {
            let fx = app.console.update(msg, now);
            app.console_effects(fx)
        };
        let cases = |app: &mut App, msg| {
            let fx = app.browser.update(msg, now);
            app.browser_effects(fx)
        };
        match input {
            Input::Key(key) => match self.screen {
                Screen::Live => live(self, console::Msg::Key(key)),
                Screen::Cases => cases(self, register::Msg::Key(key)),
            },
            Input::Paste(text) => match self.screen {
                Screen::Live => live(self, console::Msg::Paste(text)),
                Screen::Cases => cases(self, register::Msg::Paste(text)),
            },
            Input::Tick => {
                let mut out = live(self, console::Msg::Tick);
                out.extend(cases(self, register::Msg::Tick));
                out
            }
            Input::Store(reply) => match reply {
                StoreReply::Committed {
                    origin: Origin::Live,
                    event,
                } => live(self, console::Msg::Committed(event)),
                StoreReply::Failed {
                    origin: Origin::Live,
                    reason,
                } => live(self, console::Msg::Failed(reason)),
                StoreReply::CaseNumber(id, number) => {
                    live(self, console::Msg::CaseNumber(id, number))
                }
                StoreReply::Committed {
                    origin: Origin::Cases,
                    event,
                } => cases(self, register::Msg::Committed(event)),
                StoreReply::Failed {
                    origin: Origin::Cases,
                    reason,
                } => cases(self, register::Msg::Failed(reason)),
                StoreReply::Listed { seq, rows, total } => {
                    cases(self, register::Msg::Listed { seq, rows, total })
                }
                StoreReply::Loaded(loaded) => cases(self, register::Msg::Loaded(loaded)),
                StoreReply::ReadFailed(reason) => {
                    self.browser.flash = Some(console::Flash {
                        text: format!("Lezen mislukt: {reason}"),
                        level: Level::Error,
                    });
                    Vec::new()
                }
            },
        }
    }

    fn console_effects(&mut self, fx: Vec<console::Effect>) -> Vec<StoreRequest> {
        let mut out = Vec::new();
        for effect in fx {
            match effect {
                console::Effect::Append(event) => out.push(StoreRequest::Append {
                    origin: Origin::Live,
                    event,
                }),
                console::Effect::SwitchScreen => {
                    self.screen = Screen::Cases;
                    let start = self.browser.start();
                    out.extend(self.browser_effects(start));
                }
                console::Effect::Quit => self.quit = true,
            }
        }
        out
    }

    fn browser_effects(&mut self, fx: Vec<register::Effect>) -> Vec<StoreRequest> {
        let mut out = Vec::new();
        for effect in fx {
            match effect {
                register::Effect::List { seq, query } => {
                    out.push(StoreRequest::List { seq, query })
                }
                register::Effect::Load(id) => out.push(StoreRequest::Load(id)),
                register::Effect::Append(event) => out.push(StoreRequest::Append {
                    origin: Origin::Cases,
                    event,
                }),
                register::Effect::SwitchScreen => self.screen = Screen::Live,
                register::Effect::Quit => {
                    // Steps of the live console still waiting are not thrown away.
                    if self.console.pending() == 0 {
                        self.quit = true;
                    } else {
                        self.screen = Screen::Live;
                        let mut fx = Vec::new();
                        self.console
                            .live_action(crate::keymap::Action::Quit, &mut fx);
                        out.extend(self.console_effects(fx));
                    }
                }
            }
        }
        out
    }

    pub fn draw(&self, frame: &mut Frame<'_>, theme: &Theme) {
        match self.screen {
            Screen::Live => ui::draw(frame, &self.console, theme),
            Screen::Cases => ui::cases::draw(frame, &self.browser, theme),
        }
    }
}

/// Runs the program until the user quits. The terminal is restored on
/// return and, through ratatui's panic hook, on panic.
pub async fn run(store: Store, app: App, theme: Theme) -> anyhow::Result<()> {
    let mut terminal = ratatui::init();
    let _ = execute!(stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, store, app, theme).await;
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    store: Store,
    mut app: App,
    theme: Theme,
) -> anyhow::Result<()> {
    let (reply_tx, mut replies) = tokio::sync::mpsc::unbounded_channel();
    let store = StoreThread::spawn(store, reply_tx);
    let mut input = EventStream::new();
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    for request in app.start() {
        store.send(request);
    }
    loop {
        terminal.draw(|frame| app.draw(frame, &theme))?;
        let msg = tokio::select! {
            ev = input.next() => match ev {
                Some(Ok(TermEvent::Key(key))) => Input::Key(key),
                Some(Ok(TermEvent::Paste(text))) => Input::Paste(text),
                Some(Ok(_)) => Input::Tick,
                Some(Err(e)) => return Err(anyhow::anyhow!("toetsenbord lezen mislukt: {e}")),
                None => return Ok(()),
            },
            Some(reply) = replies.recv() => Input::Store(reply),
            _ = ticks.tick() => Input::Tick,
        };
        for request in app.update(msg, time::now()) {
            if let StoreRequest::Append { origin, .. } = &request {
                let origin = *origin;
                if !store.send(request) {
                    let reply = StoreReply::Failed {
                        origin,
                        reason: "de opslag is gestopt; herstart het programma".into(),
                    };
                    for r in app.update(Input::Store(reply), time::now()) {
                        store.send(r);
                    }
                }
            } else {
                store.send(request);
            }
        }
        if app.quit {
            return Ok(());
        }
    }
}
