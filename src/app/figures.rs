//! The figures screen (`report`, `trends`, `presidium` with `--format
//! scherm`): one table with its bar chart at a time, the keys of the
//! keymap's `[cijfers]` section. The terminal is restored on return, on a
//! stop signal and (ratatui's hook) on panic.

use crossterm::event::{Event as TermEvent, KeyEventKind};

use super::event_loop::terminal_input;
use crate::domain::figures::Figures;
use crate::keymap::{Action, Keymap, Section};
use crate::signals::Signals;
use crate::ui::Theme;

/// Which table is shown after `action`, of `count`; `None`: close.
pub fn step(table: usize, count: usize, action: Action) -> Option<usize> {
    let last = count.saturating_sub(1);
    match action {
        Action::SelectNext | Action::PageDown => Some((table + 1).min(last)),
        Action::SelectPrev | Action::PageUp => Some(table.saturating_sub(1)),
        Action::Quit => None,
        _ => Some(table),
    }
}

/// Shows `figures` until the user closes the screen.
pub fn show(figures: &Figures, keymap: &Keymap) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut signals = Signals::new()?;
        let mut input = terminal_input();
        let theme = Theme::from_env();
        let mut terminal = ratatui::init();
        let mut table = 0usize;
        let result: anyhow::Result<()> = loop {
            if let Err(e) = terminal.draw(|f| {
                crate::ui::figures::draw(f, figures, table, keymap, &theme);
            }) {
                break Err(e.into());
            }
            tokio::select! {
                ev = input.recv() => match ev {
                    Some(Ok(TermEvent::Key(key))) if key.kind != KeyEventKind::Release => {
                        if let Some(action) = keymap.action(Section::Figures, &key) {
                            match step(table, figures.tables.len(), action) {
                                Some(t) => table = t,
                                None => break Ok(()),
                            }
                        }
                    }
                    Some(Ok(_)) => {}
                    Some(Err(e)) => break Err(e.into()),
                    None => break Ok(()),
                },
                _ = signals.next() => break Ok(()),
            }
        };
        ratatui::restore();
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_move_between_tables_and_stop_at_the_ends() {
        assert_eq!(step(0, 3, Action::SelectNext), Some(1));
        assert_eq!(step(2, 3, Action::SelectNext), Some(2));
        assert_eq!(step(0, 3, Action::PageUp), Some(0));
        assert_eq!(step(2, 3, Action::SelectPrev), Some(1));
        assert_eq!(step(1, 3, Action::Quit), None);
        assert_eq!(step(0, 0, Action::SelectNext), Some(0));
    }
}
