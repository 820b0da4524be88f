//! Runs the console synchronously against a store: for tests, benchmarks and
//! scripted input. Keys are written helix-style: `m<enter>v1<enter>dd`.

use chrono::{DateTime, Duration, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Console, Effect, Msg};
use crate::storage::Store;

pub struct Driver {
    pub console: Console,
    pub store: Store,
    /// Advanced by `tick` after every key.
    pub clock: DateTime<FixedOffset>,
    pub tick: Duration,
    pub quit: bool,
}

impl Driver {
    pub fn new(console: Console, store: Store) -> Driver {
        let clock = console.now;
        Driver {
            console,
            store,
            clock,
            tick: Duration::seconds(1),
            quit: false,
        }
    }

    /// Delivers one message and performs its effects until none remain.
    pub fn send(&mut self, msg: Msg) {
        let mut queue = vec![msg];
        while let Some(msg) = queue.pop() {
            for effect in self.console.update(msg, self.clock) {
                match effect {
                    Effect::Append(new) => match self.store.append(new) {
                        Ok(event) => {
                            if let Some(id) = event.case_id
                                && !self.console.case_numbers.contains_key(&id)
                                && let Ok(Some(number)) = self.store.case_number(id)
                            {
                                queue.push(Msg::CaseNumber(id, number));
                            }
                            queue.push(Msg::Committed(event))
                        }
                        Err(e) => queue.push(Msg::Failed(e.to_string())),
                    },
                    Effect::Quit => self.quit = true,
                    Effect::SwitchScreen => {}
                }
            }
        }
    }

    pub fn key(&mut self, key: KeyEvent) {
        self.send(Msg::Key(key));
        self.clock += self.tick;
    }

    /// Types a key sequence.
    pub fn keys(&mut self, keys: &str) {
        for key in parse_keys(keys) {
            self.key(key);
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
