//! Styles, in one place. Without colour (`NO_COLOR`) only bold, reverse and
//! the like are used, so the screen still reads.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub label: Style,
    pub dim: Style,
    pub ok: Style,
    pub alert: Style,
    /// The lokaalvredebreuk banner: impossible to miss.
    pub banner: Style,
    pub pending: Style,
    pub corrected: Style,
    pub key: Style,
    pub selected: Style,
    pub info: Style,
    pub warning: Style,
    pub error: Style,
}

impl Theme {
    /// The style of a status-line message of this level.
    pub fn level(&self, level: crate::live::Level) -> Style {
        match level {
            crate::live::Level::Info => self.info,
            crate::live::Level::Warning => self.warning,
            crate::live::Level::Error => self.error,
        }
    }

    /// Reads `NO_COLOR` (https://no-color.org): set and not empty means no colour.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color {
            Theme::monochrome()
        } else {
            Theme::colour()
        }
    }

    pub fn colour() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            base: Style::new(),
            title: bold.fg(Color::Cyan),
            label: Style::new().fg(Color::Gray),
            dim: Style::new().fg(Color::DarkGray),
            ok: Style::new().fg(Color::Green),
            alert: bold.fg(Color::Yellow),
            banner: bold.fg(Color::White).bg(Color::Red),
            pending: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::ITALIC),
            corrected: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::CROSSED_OUT),
            key: bold.fg(Color::Cyan),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            info: Style::new().fg(Color::Green),
            warning: bold.fg(Color::Yellow),
            error: bold.fg(Color::White).bg(Color::Red),
        }
    }

    pub fn monochrome() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            base: Style::new(),
            title: bold,
            label: Style::new(),
            dim: Style::new().add_modifier(Modifier::DIM),
            ok: Style::new(),
            alert: bold,
            banner: bold.add_modifier(Modifier::REVERSED),
            pending: Style::new().add_modifier(Modifier::ITALIC),
            corrected: Style::new().add_modifier(Modifier::CROSSED_OUT),
            key: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            info: Style::new(),
            warning: bold,
            error: bold.add_modifier(Modifier::REVERSED),
        }
    }
}
