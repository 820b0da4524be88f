//! A one-line text field with a visible length cap.

use crossterm::event::{Event as TermEvent, KeyEvent};
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

use crate::domain::text;

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub input: Input,
    pub max: usize,
}

impl Field {
    pub fn new(label: &'static str, value: &str, max: usize) -> Field {
        let value = text::clean(value, max);
        Field {
            label,
            input: Input::new(value),
            max,
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// The cleaned value to store.
    pub fn cleaned(&self) -> String {
        text::clean(self.input.value(), self.max)
    }

    pub fn len(&self) -> usize {
        self.input.value().chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.input.value().is_empty()
    }

    /// Handles a key; returns `false` when a character was refused because
    /// the field is full.
    pub fn key(&mut self, key: KeyEvent) -> bool {
        match to_input_request(&TermEvent::Key(key)) {
            Some(InputRequest::InsertChar(c)) => self.insert(c),
            Some(req) => {
                self.input.handle(req);
                true
            }
            None => true,
        }
    }

    fn insert(&mut self, c: char) -> bool {
        if c.is_control() {
            return true;
        }
        if self.len() >= self.max {
            return false;
        }
        self.input.handle(InputRequest::InsertChar(c));
        true
    }

    /// Inserts pasted text, without control characters, up to the cap.
    /// Returns `false` if some of it did not fit.
    pub fn paste(&mut self, pasted: &str) -> bool {
        let room = self.max.saturating_sub(self.len());
        let mut inserted = 0;
        for c in pasted.chars() {
            let c = match c {
                '\n' | '\r' | '\t' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            if inserted == room {
                return false;
            }
            self.input.handle(InputRequest::InsertChar(c));
            inserted += 1;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn refuses_characters_past_the_cap() {
        let mut f = Field::new("x", "", 3);
        assert!(f.key(key('a')));
        assert!(f.key(key('b')));
        assert!(f.key(key('c')));
        assert!(!f.key(key('d')));
        assert_eq!(f.value(), "abc");
    }

    #[test]
    fn a_huge_paste_is_cut_at_the_cap() {
        let mut f = Field::new("x", "ab", 10);
        let fitted = f.paste(&"é\u{1b}\n".repeat(1_000_000));
        assert!(!fitted);
        assert_eq!(f.len(), 10);
        assert!(!f.value().contains('\u{1b}'));
    }

    #[test]
    fn backspace_edits() {
        let mut f = Field::new("x", "Özdemir", 20);
        f.key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        assert_eq!(f.value(), "Özdemi");
    }
}
