//! Reminders while the program runs: a desktop notification at each due
//! moment of the register, for the identity the program runs as.
//!
//! - [`source`] says what is due and when ([`Reminder`]s, computed on the
//!   store thread from the register, with the case list's role filter);
//! - [`scheduler`] sleeps until the next due moment (a tokio timer, not a
//!   poll), fires each reminder once and only once per run, recomputes when
//!   the register changes and checks the wall clock at least every minute
//!   (tokio's timers stop while a laptop sleeps);
//! - [`sender`] shows them on the desktop (notify-rust over D-Bus) under a
//!   time limit; where no notification service answers, the program's own
//!   banner shows the same message and the log says why, once;
//! - [`Refresh`] is the app's side: when to ask the store again.
//!
//! Notifications show on lock screens: a reminder carries the case number
//! and the step, never a victim's or perpetrator's name.

#[cfg(test)]
mod app_tests;
#[cfg(test)]
mod fixture;
pub mod scheduler;
pub mod sender;
pub mod source;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

pub use scheduler::{Clock, Scheduler, WallClock};
pub use sender::{Delivered, Desktop, NotifyRust, Sender};
pub use source::reminders;

/// One thing to be reminded of, at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// Stable id of this due item, e.g. `42:2026-03-12T13:00:00.000Z`:
    /// each key fires once per run.
    pub key: String,
    /// The case reference as the list shows it (`2026-0042`), never a name.
    pub case_ref: String,
    /// When to fire.
    pub at: DateTime<Utc>,
    /// Dutch, e.g. `Termijn verstreken: zaak 2026-0042`.
    pub summary: String,
    /// Dutch: the step and its date only.
    pub body: String,
    /// Overdue: shown as critical.
    pub critical: bool,
}

impl Reminder {
    /// The one-line form for the program's own banner.
    pub fn banner(&self) -> String {
        format!("{} — {}", self.summary, self.body)
    }
}

/// The scheduler and the sender, each in a tokio task of its own; dropping
/// this stops both.
pub struct Notifier {
    updates: UnboundedSender<Vec<Reminder>>,
    /// What became of each batch fired, for the banner.
    pub delivered: UnboundedReceiver<Delivered>,
}

impl Notifier {
    /// On the wall clock, to the desktop's notification service. Call
    /// inside a tokio runtime.
    pub fn start() -> Notifier {
        Notifier::start_with(WallClock, NotifyRust::default())
    }

    pub fn start_with<C: Clock, D: Desktop>(clock: C, desktop: D) -> Notifier {
        let (updates, updates_rx) = unbounded_channel();
        let (fired_tx, fired_rx) = unbounded_channel();
        let (delivered_tx, delivered) = unbounded_channel();
        tokio::spawn(Scheduler::new(clock).run(updates_rx, fired_tx));
        tokio::spawn(Sender::new(desktop).run(fired_rx, delivered_tx));
        Notifier { updates, delivered }
    }

    /// The register changed: the reminders from now on.
    pub fn update(&self, reminders: Vec<Reminder>) {
        let _ = self.updates.send(reminders);
    }
}

/// The longest step text a notification carries.
const MAX_STEP_CHARS: usize = 120;

/// Parenthesised parts a step line may keep: fixed wording of the rules.
/// Any other part in parentheses is dropped, because the only free text a
/// step line can hold is there (who holds a planned aftercare talk).
const FIXED_PARTS: &[&str] = &["(VPT)"];

/// A step line made fit for a lock screen: parenthesised parts other than
/// the fixed ones dropped, control characters removed, spaces collapsed,
/// at most [`MAX_STEP_CHARS`] characters.
pub fn sanitize_step(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match after.find(')') {
            Some(close) => {
                let part = &after[..=close];
                if FIXED_PARTS.contains(&part) {
                    out.push_str(part);
                }
                rest = &after[close + 1..];
            }
            // An unclosed parenthesis: everything after it goes.
            None => rest = "",
        }
    }
    out.push_str(rest);
    let words: Vec<&str> = out
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    // "… gepland op 12-03 (naam)," leaves "12-03 ,": no space before a comma.
    let joined = joined.replace(" ,", ",");
    if joined.chars().count() > MAX_STEP_CHARS {
        let cut: String = joined.chars().take(MAX_STEP_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        joined
    }
}

/// The app's side of the reminders: whether they are on, whether the
/// register changed since they were last computed, and the newest list for
/// the scheduler. Asking the store again is done at most once per tick,
/// so that a burst of commits costs one query.
#[derive(Debug, Default)]
pub struct Refresh {
    enabled: bool,
    /// The register changed since the last list was asked for.
    stale: bool,
    /// A list was asked for and not answered yet.
    pending: bool,
    /// The newest list, not yet handed to the scheduler.
    fresh: Option<Vec<Reminder>>,
    /// A failed computation was logged already.
    failure_logged: bool,
}

impl Refresh {
    /// Reminders on: the first list is asked for at start.
    pub fn enabled() -> Refresh {
        Refresh {
            enabled: true,
            stale: true,
            ..Refresh::default()
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The register changed (a commit here or on another workstation).
    pub fn changed(&mut self) {
        if self.enabled {
            self.stale = true;
        }
    }

    /// Whether to ask the store for the reminders now (at start and on a
    /// tick); marks the question as asked.
    pub fn ask(&mut self) -> bool {
        if self.enabled && self.stale && !self.pending {
            self.stale = false;
            self.pending = true;
            true
        } else {
            false
        }
    }

    /// The store's answer.
    pub fn answered(&mut self, result: Result<Vec<Reminder>, String>) {
        self.pending = false;
        match result {
            Ok(list) => self.fresh = Some(list),
            Err(e) => {
                if !self.failure_logged {
                    tracing::warn!("reminders could not be computed: {e}");
                    self.failure_logged = true;
                }
            }
        }
    }

    /// The newest list for the scheduler, once.
    pub fn take_fresh(&mut self) -> Option<Vec<Reminder>> {
        self.fresh.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_line_keeps_its_fixed_wording_and_drops_free_text_in_parentheses() {
        assert_eq!(
            sanitize_step("aangifte doen (VPT), uiterlijk 12-03 14:00"),
            "aangifte doen (VPT), uiterlijk 12-03 14:00"
        );
        assert_eq!(
            sanitize_step("1e nazorggesprek gepland op 12-03 (Jan de Vries)"),
            "1e nazorggesprek gepland op 12-03"
        );
        assert_eq!(
            sanitize_step("a (Piet), b (Klaas) c"),
            "a, b c",
            "every free part goes"
        );
        assert_eq!(sanitize_step("melden (Ans"), "melden");
        assert_eq!(
            sanitize_step("melden\u{1b}[2J aan\n griffier"),
            "melden [2J aan griffier"
        );
        let long = "x".repeat(500);
        assert_eq!(sanitize_step(&long).chars().count(), MAX_STEP_CHARS);
    }

    #[test]
    fn the_store_is_asked_at_start_and_after_a_change_once_at_a_time() {
        let mut off = Refresh::default();
        off.changed();
        assert!(!off.ask(), "off: never asked");

        let mut r = Refresh::enabled();
        assert!(r.ask(), "asked at start");
        assert!(!r.ask(), "not again before the answer");
        r.changed();
        r.changed();
        assert!(!r.ask(), "one question under way at a time");
        r.answered(Ok(Vec::new()));
        assert_eq!(r.take_fresh(), Some(Vec::new()));
        assert_eq!(r.take_fresh(), None);
        assert!(r.ask(), "the changes meanwhile: asked again");
        r.answered(Err("kapot".into()));
        assert_eq!(r.take_fresh(), None);
        assert!(!r.ask(), "nothing changed since");
    }
}
