//! Runs the whole program synchronously against a store: for tests,
//! benchmarks and scripted input. Keys are written helix-style:
//! `m<enter>v1<enter>dd`.

use chrono::{DateTime, Duration, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Input, Screen};
use crate::cases::Browser;
use crate::live::Console;
use crate::storage::Store;
use crate::storage::worker::{StoreReply, StoreRequest};

pub struct Driver {
    pub app: App,
    pub store: Store,
    /// Advanced by `tick` after every key.
    pub clock: DateTime<FixedOffset>,
    pub tick: Duration,
}

impl Driver {
    /// Starts the app (its first queries run at once).
    pub fn new(mut app: App, store: Store, clock: DateTime<FixedOffset>) -> Driver {
        let start = app.start();
        let mut d = Driver {
            app,
            store,
            clock,
            tick: Duration::seconds(1),
        };
        d.serve(start);
        d
    }

    /// The live console on screen, the register beside it.
    pub fn live(console: Console, store: Store) -> Driver {
        let clock = console.now;
        let browser = Browser::new(console.config.clone(), console.keymap.clone(), clock);
        Driver::new(App::new(console, browser, Screen::Live), store, clock)
    }

    fn serve(&mut self, mut requests: Vec<StoreRequest>) {
        while !requests.is_empty() {
            let mut next = Vec::new();
            for request in requests {
                for reply in self.store.serve(request) {
                    next.extend(self.app.update(Input::Store(reply), self.clock));
                }
            }
            requests = next;
        }
    }

    pub fn send(&mut self, input: Input) {
        let requests = self.app.update(input, self.clock);
        self.serve(requests);
    }

    pub fn key(&mut self, key: KeyEvent) {
        self.send(Input::Key(key));
        self.clock += self.tick;
    }

    /// Types a key sequence.
    pub fn keys(&mut self, keys: &str) {
        for key in parse_keys(keys) {
            self.key(key);
        }
    }

    /// Keys that arrive all at once, as a paste in a terminal without
    /// bracketed paste delivers them.
    pub fn burst(&mut self, keys: &str) {
        let inputs = parse_keys(keys).into_iter().map(Input::Key).collect();
        let requests = self.app.deliver(inputs, self.clock);
        self.serve(requests);
    }

    /// A tick of the event loop (automatic retries are due on ticks).
    pub fn tick(&mut self) {
        self.send(Input::Tick);
    }

    /// The background check of the whole register, as at start.
    pub fn check(&mut self) {
        let checked = crate::storage::worker::check(self.store.path());
        self.send(Input::Store(StoreReply::Checked(checked)));
    }

    /// Looks, as the idle store thread does, for what another process
    /// wrote, and hands it to the app.
    pub fn watch(&mut self) {
        let replies = match self.store.external() {
            Ok(events) => self.store.external_replies(events),
            Err(e) => vec![StoreReply::ReadFailed(e.to_string())],
        };
        for reply in replies {
            self.send(Input::Store(reply));
        }
    }
}

/// Parses `abc<enter><esc><tab><backtab><up><down><c-c><lt>` into key events.
pub fn parse_keys(keys: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut chars = keys.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' {
            let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
            let (code, mods) = match name.as_str() {
                "enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "backtab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
                "up" => (KeyCode::Up, KeyModifiers::NONE),
                "down" => (KeyCode::Down, KeyModifiers::NONE),
                "bs" => (KeyCode::Backspace, KeyModifiers::NONE),
                "left" => (KeyCode::Left, KeyModifiers::NONE),
                "right" => (KeyCode::Right, KeyModifiers::NONE),
                "pagedown" => (KeyCode::PageDown, KeyModifiers::NONE),
                "pageup" => (KeyCode::PageUp, KeyModifiers::NONE),
                "lt" => (KeyCode::Char('<'), KeyModifiers::NONE),
                n if n.starts_with("c-") => (
                    KeyCode::Char(n.chars().nth(2).unwrap_or('c')),
                    KeyModifiers::CONTROL,
                ),
                _ => continue,
            };
            out.push(KeyEvent::new(code, mods));
        } else {
            let mods = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            out.push(KeyEvent::new(KeyCode::Char(c), mods));
        }
    }
    out
}
