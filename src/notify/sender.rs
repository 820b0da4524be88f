//! Showing fired reminders: as desktop notifications (notify-rust over the
//! D-Bus session bus, under a time limit) and, always, in the program's own
//! banner. Where no notification service answers (no session bus, no
//! server, no answer in time) nothing fails: the banner says so, and the
//! log says why, once per run.

use std::future::Future;
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use super::Reminder;

/// How long one desktop notification may take.
pub const DESKTOP_TIMEOUT: Duration = Duration::from_secs(3);

/// At most this many notifications of their own per batch; the rest of a
/// batch (many deadlines passed at once, as at the first start) is one
/// notification that counts them.
pub const MAX_SHOWN: usize = 3;

/// A notification service on the desktop.
pub trait Desktop: Send + 'static {
    /// Shows one notification; `Err` says why it could not.
    fn show(
        &self,
        summary: &str,
        body: &str,
        critical: bool,
    ) -> impl Future<Output = Result<(), String>> + Send;
}

/// The freedesktop notification service through notify-rust (zbus, pure
/// Rust: no libdbus), at the session bus of `DBUS_SESSION_BUS_ADDRESS`.
#[derive(Debug, Clone)]
pub struct NotifyRust {
    pub timeout: Duration,
}

impl Default for NotifyRust {
    fn default() -> NotifyRust {
        NotifyRust {
            timeout: DESKTOP_TIMEOUT,
        }
    }
}

impl Desktop for NotifyRust {
    #[cfg(all(unix, not(target_os = "macos")))]
    async fn show(&self, summary: &str, body: &str, critical: bool) -> Result<(), String> {
        use notify_rust::{Notification, Urgency};
        let mut n = Notification::new();
        n.appname("raadsorde")
            .summary(summary)
            .body(body)
            .urgency(if critical {
                Urgency::Critical
            } else {
                Urgency::Normal
            });
        let outcome = match tokio::time::timeout(self.timeout, n.show_async()).await {
            Ok(Ok(_handle)) => return Ok(()),
            Ok(Err(e)) => e.to_string(),
            Err(_) => format!(
                "no answer from the notification service within {} s",
                self.timeout.as_secs()
            ),
        };
        // Which bus was tried: where to look.
        let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS")
            .unwrap_or_else(|_| "(DBUS_SESSION_BUS_ADDRESS not set)".into());
        Err(format!("session bus {bus}: {outcome}"))
    }

    #[cfg(not(all(unix, not(target_os = "macos"))))]
    async fn show(&self, _summary: &str, _body: &str, _critical: bool) -> Result<(), String> {
        Err("desktop notifications go through D-Bus, which this system does not have".into())
    }
}

/// What became of one batch of fired reminders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub reminders: Vec<Reminder>,
    /// Whether the desktop showed them; why not.
    pub desktop: Result<(), String>,
    /// This failure was the first of the run (and was logged).
    pub first_failure: bool,
}

impl Delivered {
    /// The program's own banner: the first reminder's message, how many
    /// more, and whether the desktop was left out; whether it is critical.
    /// `None` for an empty batch.
    pub fn banner(&self) -> Option<(String, bool)> {
        let first = self.reminders.first()?;
        let mut text = first.banner();
        let more = self.reminders.len() - 1;
        if more > 0 {
            text.push_str(&format!(" (en nog {more})"));
        }
        if self.desktop.is_err() {
            text.push_str(" (geen bureaubladmelding)");
        }
        Some((text, self.reminders.iter().any(|r| r.critical)))
    }
}

/// The notifications for one batch: (summary, body, critical).
pub fn notifications(batch: &[Reminder]) -> Vec<(String, String, bool)> {
    let mut out: Vec<(String, String, bool)> = batch
        .iter()
        .take(MAX_SHOWN)
        .map(|r| (r.summary.clone(), r.body.clone(), r.critical))
        .collect();
    let rest = &batch[batch.len().min(MAX_SHOWN)..];
    if !rest.is_empty() {
        out.push((
            format!("Nog {} termijnen", rest.len()),
            "Zie het register, gesorteerd op urgentie.".into(),
            rest.iter().any(|r| r.critical),
        ));
    }
    out
}

/// Shows batches on a desktop, logging the first failure of the run only.
pub struct Sender<D: Desktop> {
    desktop: D,
    failure_logged: bool,
}

impl<D: Desktop> Sender<D> {
    pub fn new(desktop: D) -> Sender<D> {
        Sender {
            desktop,
            failure_logged: false,
        }
    }

    /// Shows one batch; stops at the first failure (the rest would wait
    /// for the same missing service).
    pub async fn deliver(&mut self, batch: Vec<Reminder>) -> Delivered {
        let mut desktop = Ok(());
        for (summary, body, critical) in notifications(&batch) {
            if let Err(e) = self.desktop.show(&summary, &body, critical).await {
                desktop = Err(e);
                break;
            }
        }
        let first_failure = match &desktop {
            Err(e) if !self.failure_logged => {
                tracing::warn!(
                    "desktop notifications unavailable, reminders are shown in the program's own banner only: {e}"
                );
                self.failure_logged = true;
                true
            }
            _ => false,
        };
        Delivered {
            reminders: batch,
            desktop,
            first_failure,
        }
    }

    /// Delivers every batch from `fired` until it closes.
    pub async fn run(
        mut self,
        mut fired: UnboundedReceiver<Vec<Reminder>>,
        delivered: UnboundedSender<Delivered>,
    ) {
        while let Some(batch) = fired.recv().await {
            let done = self.deliver(batch).await;
            if delivered.send(done).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use chrono::TimeZone;

    use super::*;

    /// A desktop that records what it was asked to show, or fails.
    #[derive(Clone, Default)]
    struct Fake {
        shown: Arc<Mutex<Vec<(String, String, bool)>>>,
        fails: bool,
    }

    impl Desktop for Fake {
        async fn show(&self, summary: &str, body: &str, critical: bool) -> Result<(), String> {
            self.shown
                .lock()
                .unwrap()
                .push((summary.into(), body.into(), critical));
            if self.fails {
                Err("no session bus".into())
            } else {
                Ok(())
            }
        }
    }

    fn reminder(n: u32, critical: bool) -> Reminder {
        Reminder {
            key: format!("{n}:due"),
            case_ref: format!("2026-{n:04}"),
            at: chrono::Utc.with_ymd_and_hms(2026, 3, 1, 19, 0, 0).unwrap(),
            summary: format!("Termijn verstreken: zaak 2026-{n:04}"),
            body: "melden aan griffier; termijn 01-03-2026 20:00".into(),
            critical,
        }
    }

    #[tokio::test]
    async fn a_batch_is_shown_with_its_urgency_and_many_are_counted_in_one() {
        let fake = Fake::default();
        let mut sender = Sender::new(fake.clone());
        let done = sender.deliver(vec![reminder(1, true)]).await;
        assert_eq!(done.desktop, Ok(()));
        assert!(!done.first_failure);
        let (banner, critical) = done.banner().unwrap();
        assert_eq!(
            banner,
            "Termijn verstreken: zaak 2026-0001 — melden aan griffier; termijn 01-03-2026 20:00"
        );
        assert!(critical);

        let batch: Vec<Reminder> = (2..=6).map(|n| reminder(n, n == 6)).collect();
        let done = sender.deliver(batch).await;
        assert!(done.banner().unwrap().0.ends_with("(en nog 4)"));
        let shown = fake.shown.lock().unwrap().clone();
        assert_eq!(shown.len(), 1 + MAX_SHOWN + 1);
        assert!(shown[0].2);
        assert_eq!(shown[1].0, "Termijn verstreken: zaak 2026-0002");
        assert!(!shown[1].2);
        let last = shown.last().unwrap();
        assert_eq!(last.0, "Nog 2 termijnen");
        assert!(last.2, "the rest holds a critical one");
    }

    #[tokio::test]
    async fn without_a_desktop_the_banner_says_so_and_the_failure_counts_once() {
        let fake = Fake {
            fails: true,
            ..Fake::default()
        };
        let mut sender = Sender::new(fake.clone());
        let first = sender
            .deliver(vec![reminder(1, true), reminder(2, true)])
            .await;
        assert_eq!(first.desktop, Err("no session bus".into()));
        assert!(first.first_failure);
        assert_eq!(
            fake.shown.lock().unwrap().len(),
            1,
            "stopped at the failure"
        );
        let (banner, _) = first.banner().unwrap();
        assert!(
            banner.starts_with("Termijn verstreken: zaak 2026-0001"),
            "{banner}"
        );
        assert!(banner.contains("(en nog 1)"), "{banner}");
        assert!(
            banner.ends_with("(en nog 1) (geen bureaubladmelding)"),
            "{banner}"
        );

        let second = sender.deliver(vec![reminder(3, false)]).await;
        assert!(second.desktop.is_err());
        assert!(!second.first_failure, "logged once per run");
        assert!(second.banner().unwrap().0.contains("2026-0003"));
    }
}
