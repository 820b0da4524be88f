//! The keys of the case list: typing a search, moving the cursor, paging,
//! and the list's actions (open, new, sort, filters, the other screens).

use chrono::Datelike;
use crossterm::event::KeyEvent;

use super::browser::{Browser, Effect, Popup};
use super::forms::Purpose;
use crate::domain::Category;
use crate::domain::case::{Channel, VictimRole};
use crate::keymap::{Action, Section};
use crate::live::Field;
use crate::storage::{CaseQuery, CaseSort, CaseState};

/// Rows a page of the list moves.
const PAGE: usize = 20;

fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current.and_then(|c| all.iter().position(|x| *x == c)) {
        None => all.first().copied(),
        Some(i) if i + 1 < all.len() => Some(all[i + 1]),
        Some(_) => None,
    }
}

impl Browser {
    pub(super) fn search_key(&mut self, key: KeyEvent, fx: &mut Vec<Effect>) {
        match self.keymap.action(Section::Form, &key) {
            Some(Action::Submit) => {
                self.searching = false;
            }
            Some(Action::Cancel) => {
                self.searching = false;
                if !self.search.is_empty() {
                    self.search = Field::new("Zoeken", "", 80);
                    self.cursor = 0;
                    fx.push(self.relist());
                }
            }
            Some(Action::SelectNext) => self.move_cursor(1),
            Some(Action::SelectPrev) => self.move_cursor(-1),
            _ => {
                let before = self.search.value().to_string();
                self.search.key(key);
                if self.search.value() != before {
                    self.cursor = 0;
                    self.query.offset = 0;
                    fx.push(self.relist());
                }
            }
        }
    }

    pub(super) fn move_cursor(&mut self, by: isize) {
        let n = self.rows.len();
        if n == 0 {
            return;
        }
        self.cursor = self.cursor.saturating_add_signed(by).min(n - 1);
    }

    pub(super) fn list_action(&mut self, action: Action, fx: &mut Vec<Effect>) {
        let mut requery = true;
        match action {
            Action::CaseOpen => {
                requery = false;
                if let Some(row) = self.selected() {
                    fx.push(Effect::Open(row.id));
                }
            }
            Action::Roles => {
                requery = false;
                fx.push(Effect::Roles);
            }
            Action::AccessLog => {
                requery = false;
                fx.push(Effect::AccessLog);
            }
            Action::DeadlineBoard => {
                requery = false;
                fx.push(Effect::DueItems);
            }
            Action::CaseNew => {
                requery = false;
                self.open_form(Purpose::Intake);
            }
            Action::Search => {
                requery = false;
                self.searching = true;
            }
            Action::FilterStatus => {
                self.query.status = cycle(&CaseState::ALL, self.query.status);
            }
            Action::FilterCategory => {
                self.query.category = cycle(&Category::ALL, self.query.category);
            }
            Action::FilterRole => self.query.role = cycle(VictimRole::ALL, self.query.role),
            Action::FilterChannel => {
                self.query.channel = cycle(Channel::ALL, self.query.channel);
            }
            Action::FilterYear => {
                let this = self.now.year();
                let years: Vec<i32> = (0..6).map(|i| this - i).collect();
                self.query.year = cycle(&years, self.query.year);
            }
            Action::FilterClear => {
                self.query = CaseQuery {
                    sort: self.query.sort,
                    ..CaseQuery::default()
                };
                self.search = Field::new("Zoeken", "", 80);
            }
            Action::Sort => {
                self.query.sort = match self.query.sort {
                    CaseSort::Newest => CaseSort::Urgency,
                    CaseSort::Urgency => CaseSort::Oldest,
                    CaseSort::Oldest => CaseSort::Newest,
                };
            }
            Action::SelectNext => {
                requery = self.step(1);
            }
            Action::SelectPrev => {
                requery = self.step(-1);
            }
            Action::PageDown => {
                requery = self.page(1);
            }
            Action::PageUp => {
                requery = self.page(-1);
            }
            Action::Retry => {
                requery = false;
                fx.push(Effect::Retry);
            }
            Action::SwitchScreen => {
                requery = false;
                fx.push(Effect::SwitchScreen);
            }
            Action::Help => {
                requery = false;
                self.popup = Some(Popup::Help { scroll: 0 });
            }
            Action::Quit => {
                requery = false;
                fx.push(Effect::Quit);
            }
            _ => requery = false,
        }
        if requery {
            if !matches!(
                action,
                Action::SelectNext | Action::SelectPrev | Action::PageDown | Action::PageUp
            ) {
                self.cursor = 0;
                self.query.offset = 0;
            }
            fx.push(self.relist());
        }
    }

    /// Moves the cursor; past the loaded rows, loads the next or previous
    /// page. Returns whether a new page is needed.
    pub(super) fn step(&mut self, by: isize) -> bool {
        let n = self.rows.len();
        let next = self.cursor as isize + by;
        if next >= 0 && (next as usize) < n {
            self.cursor = next as usize;
            return false;
        }
        if next < 0 && self.query.offset > 0 {
            self.query.offset = self
                .query
                .offset
                .saturating_sub(u64::from(self.query.limit));
            self.cursor = self.query.limit as usize - 1;
            return true;
        }
        let end = self.query.offset + n as u64;
        if next as usize >= n && end < self.total {
            self.query.offset = end;
            self.cursor = 0;
            return true;
        }
        false
    }

    pub(super) fn page(&mut self, dir: isize) -> bool {
        let limit = u64::from(self.query.limit);
        let n = self.rows.len();
        if dir > 0 {
            if self.cursor + PAGE < n {
                self.cursor += PAGE;
                return false;
            }
            if self.query.offset + limit < self.total {
                self.query.offset += limit;
                self.cursor = 0;
                return true;
            }
            self.cursor = n.saturating_sub(1);
            false
        } else {
            if self.cursor >= PAGE {
                self.cursor -= PAGE;
                return false;
            }
            if self.query.offset > 0 {
                self.query.offset = self.query.offset.saturating_sub(limit);
                self.cursor = 0;
                return true;
            }
            self.cursor = 0;
            false
        }
    }
}
