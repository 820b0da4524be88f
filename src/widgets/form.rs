//! A generic keyboard form: text fields, choices and yes/no toggles.
//!
//! Every case-handling form (intake, measure, aftercare…) is a list of these
//! fields; `forms.rs` says which fields each has and how they become an event.

use crossterm::event::{KeyCode, KeyEvent};

use super::Field;
use crate::keymap::{Action, Keymap, Section};

#[derive(Debug, Clone)]
pub enum Input {
    Text(Field),
    /// One of a fixed list; `None` until chosen when there is no default.
    Choice {
        options: Vec<String>,
        selected: Option<usize>,
    },
    Toggle(bool),
}

#[derive(Debug, Clone)]
pub struct FormField {
    pub label: &'static str,
    pub input: Input,
    /// Shown under the field while it has focus (e.g. date examples).
    pub hint: &'static str,
}

impl FormField {
    pub fn text(label: &'static str, value: &str, max: usize) -> FormField {
        FormField {
            label,
            input: Input::Text(Field::new(label, value, max)),
            hint: "",
        }
    }

    pub fn choice(label: &'static str, options: Vec<String>, selected: Option<usize>) -> FormField {
        FormField {
            label,
            input: Input::Choice { options, selected },
            hint: "",
        }
    }

    pub fn toggle(label: &'static str, value: bool) -> FormField {
        FormField {
            label,
            input: Input::Toggle(value),
            hint: "",
        }
    }

    pub fn with_hint(mut self, hint: &'static str) -> FormField {
        self.hint = hint;
        self
    }

    /// Whether this field takes a date (its hint shows date examples).
    pub fn is_date(&self) -> bool {
        matches!(self.input, Input::Text(_)) && self.hint.contains("12-3")
    }

    /// What the field holds, to tell typing (or choosing) from the defaults.
    fn raw_text(&self) -> String {
        match &self.input {
            Input::Text(f) => f.value().to_string(),
            Input::Choice { selected, .. } => selected.map(|s| s.to_string()).unwrap_or_default(),
            Input::Toggle(v) => v.to_string(),
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Editing,
    Submit,
    Cancel,
    /// Try a failed write again now (`ctrl-r`: a capital R is still typed).
    Retry,
    /// A character did not fit; the field holds at most this many.
    Full(usize),
    /// A key that means nothing here, with a hint.
    Hint(&'static str),
}

#[derive(Debug, Clone)]
pub struct Form<P> {
    pub title: String,
    pub purpose: P,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// The texts the form opened with, to tell typing from defaults.
    initial: Vec<String>,
    /// A digit just picked an option of this choice field and moved the
    /// focus on: a Tab right after it does not move again (it would skip a
    /// field), and a second digit picks option 10–99 of the same choice
    /// instead of being typed into the next field.
    picked: Option<(usize, usize)>,
}

impl<P> Form<P> {
    pub fn new(title: impl Into<String>, purpose: P, fields: Vec<FormField>) -> Form<P> {
        let initial = fields.iter().map(FormField::raw_text).collect();
        Form {
            title: title.into(),
            purpose,
            fields,
            focus: 0,
            initial,
            picked: None,
        }
    }

    /// The cleaned text of field `i` (empty for other kinds).
    pub fn text(&self, i: usize) -> String {
        match self.fields.get(i).map(|f| &f.input) {
            Some(Input::Text(f)) => f.cleaned(),
            _ => String::new(),
        }
    }

    pub fn choice(&self, i: usize) -> Option<usize> {
        match self.fields.get(i).map(|f| &f.input) {
            Some(Input::Choice { selected, .. }) => *selected,
            _ => None,
        }
    }

    pub fn toggle(&self, i: usize) -> bool {
        matches!(
            self.fields.get(i).map(|f| &f.input),
            Some(Input::Toggle(true))
        )
    }

    /// Whether leaving would lose typed text (anything but the defaults).
    pub fn has_typed_text(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(f, initial)| f.raw_text() != *initial)
    }

    pub fn key(&mut self, key: KeyEvent, keymap: &Keymap) -> Outcome {
        let n = self.fields.len().max(1);
        if let Some((choice, first)) = self.picked.take() {
            // The digit already moved on: this Tab means "go on", done.
            if keymap.action(Section::Form, &key) == Some(Action::NextField) {
                return Outcome::Editing;
            }
            if let KeyCode::Char(c) = key.code
                && let Some(d) = c.to_digit(10)
            {
                let idx = first * 10 + d as usize;
                let next_is_text = matches!(
                    self.fields.get(self.focus).map(|f| &f.input),
                    Some(Input::Text(_))
                );
                if let Some(Input::Choice { options, selected }) =
                    self.fields.get_mut(choice).map(|f| &mut f.input)
                {
                    if (1..=options.len()).contains(&idx) {
                        *selected = Some(idx - 1);
                        return Outcome::Editing;
                    }
                    if next_is_text {
                        return Outcome::Hint(
                            "er is geen keuze met dat nummer; het cijfer is niet getypt",
                        );
                    }
                }
            }
        }
        match keymap.action(Section::Form, &key) {
            Some(Action::Submit) => return Outcome::Submit,
            Some(Action::Cancel) => return Outcome::Cancel,
            Some(Action::Retry) => return Outcome::Retry,
            Some(Action::NextField) | Some(Action::SelectNext) => {
                self.focus = (self.focus + 1) % n;
                return Outcome::Editing;
            }
            Some(Action::PrevField) | Some(Action::SelectPrev) => {
                self.focus = (self.focus + n - 1) % n;
                return Outcome::Editing;
            }
            _ => {}
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return Outcome::Editing;
        };
        match &mut field.input {
            Input::Text(f) => {
                if f.key(key) {
                    Outcome::Editing
                } else {
                    Outcome::Full(f.max)
                }
            }
            Input::Choice { options, selected } => {
                let len = options.len();
                match key.code {
                    KeyCode::Right | KeyCode::Char(' ') => {
                        *selected = Some(selected.map_or(0, |s| (s + 1) % len));
                        Outcome::Editing
                    }
                    KeyCode::Left => {
                        *selected = Some(selected.map_or(len - 1, |s| (s + len - 1) % len));
                        Outcome::Editing
                    }
                    KeyCode::Char(c) if c.is_ascii_digit() => {
                        let idx = c.to_digit(10).unwrap_or(0) as usize;
                        if (1..=len).contains(&idx) {
                            *selected = Some(idx - 1);
                            self.picked = Some((self.focus, idx));
                            self.focus = (self.focus + 1) % n;
                            Outcome::Editing
                        } else {
                            Outcome::Hint("kies met een cijfer, ← → of spatie")
                        }
                    }
                    _ => Outcome::Hint("kies met een cijfer, ← → of spatie"),
                }
            }
            Input::Toggle(v) => match key.code {
                KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => {
                    *v = !*v;
                    Outcome::Editing
                }
                KeyCode::Char('j') => {
                    *v = true;
                    Outcome::Editing
                }
                KeyCode::Char('n') => {
                    *v = false;
                    Outcome::Editing
                }
                _ => Outcome::Hint("j = ja, n = nee, spatie wisselt"),
            },
        }
    }

    /// Pastes into the focused text field; `false` if it was cut.
    pub fn paste(&mut self, text: &str) -> bool {
        match self.fields.get_mut(self.focus).map(|f| &mut f.input) {
            Some(Input::Text(f)) => f.paste(text),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn form() -> Form<()> {
        Form::new(
            "t",
            (),
            vec![
                FormField::choice("Soort", vec!["a".into(), "b".into(), "c".into()], None),
                FormField::text("Tekst", "", 5),
                FormField::toggle("Akkoord", false),
            ],
        )
    }

    #[test]
    fn digits_choose_and_move_on() {
        let km = Keymap::defaults();
        let mut f = form();
        assert_eq!(f.key(k(KeyCode::Char('2')), &km), Outcome::Editing);
        assert_eq!(f.choice(0), Some(1));
        assert_eq!(f.focus, 1);
        for c in "abcdef".chars() {
            f.key(k(KeyCode::Char(c)), &km);
        }
        assert_eq!(f.text(1), "abcde");
        assert_eq!(f.key(k(KeyCode::Char('x')), &km), Outcome::Full(5));
        f.key(k(KeyCode::Tab), &km);
        f.key(k(KeyCode::Char('j')), &km);
        assert!(f.toggle(2));
        assert_eq!(f.key(k(KeyCode::Enter), &km), Outcome::Submit);
        assert!(f.has_typed_text());
    }

    #[test]
    fn a_tab_right_after_a_digit_does_not_skip_a_field() {
        let km = Keymap::defaults();
        let mut f = form();
        f.key(k(KeyCode::Char('2')), &km);
        assert_eq!(f.focus, 1, "the digit moved on");
        f.key(k(KeyCode::Tab), &km);
        assert_eq!(f.focus, 1, "the Tab after it stays on the next field");
        f.key(k(KeyCode::Tab), &km);
        assert_eq!(f.focus, 2, "a second Tab moves on");
    }

    #[test]
    fn a_second_digit_picks_option_ten_and_up_or_is_not_typed() {
        let km = Keymap::defaults();
        let options: Vec<String> = (1..=12).map(|i| format!("optie {i}")).collect();
        let mut f = Form::new(
            "t",
            (),
            vec![
                FormField::choice("Soort", options, None),
                FormField::text("Tekst", "", 5),
            ],
        );
        f.key(k(KeyCode::Char('1')), &km);
        f.key(k(KeyCode::Char('1')), &km);
        assert_eq!(f.choice(0), Some(10), "11 is option 11");
        assert_eq!(f.text(1), "", "nothing typed into the next field");
        // With only three options, "11" picks 1 and the second 1 is not typed.
        let mut f = form();
        f.key(k(KeyCode::Char('1')), &km);
        assert!(matches!(
            f.key(k(KeyCode::Char('1')), &km),
            Outcome::Hint(_)
        ));
        assert_eq!(f.choice(0), Some(0));
        assert_eq!(f.text(1), "");
        // Any other key goes on as usual.
        f.key(k(KeyCode::Char('x')), &km);
        assert_eq!(f.text(1), "x");
    }

    #[test]
    fn choices_cycle_both_ways() {
        let km = Keymap::defaults();
        let mut f = form();
        f.key(k(KeyCode::Left), &km);
        assert_eq!(f.choice(0), Some(2));
        f.key(k(KeyCode::Right), &km);
        assert_eq!(f.choice(0), Some(0));
        assert!(matches!(
            f.key(k(KeyCode::Char('9')), &km),
            Outcome::Hint(_)
        ));
    }
}
