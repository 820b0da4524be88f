//! The signals that ask the program to stop (SIGTERM, SIGINT, SIGHUP,
//! SIGQUIT): awaited by the event loops of the screens, which restore the
//! terminal and keep what is waiting, and by [`exit_on_stop`] for the
//! commands without a screen that must clean up before they end.

/// The stop signals: name and number (the exit status of a process a
/// signal ends is 128 plus its number).
#[cfg(unix)]
const STOP: [(&str, i32); 4] = [
    ("SIGTERM", 15),
    ("SIGINT", 2),
    ("SIGHUP", 1),
    ("SIGQUIT", 3),
];

/// The stop signals, caught from [`Signals::new`] on (inside a Tokio
/// runtime) instead of ending the process.
pub struct Signals {
    #[cfg(unix)]
    streams: Vec<(&'static str, tokio::signal::unix::Signal)>,
}

impl Signals {
    #[cfg(unix)]
    pub fn new() -> anyhow::Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        let mut streams = Vec::new();
        for (name, number) in STOP {
            let s = signal(SignalKind::from_raw(number))
                .map_err(|e| anyhow::anyhow!("signaal {name} kan niet worden opgevangen: {e}"))?;
            streams.push((name, s));
        }
        Ok(Signals { streams })
    }

    #[cfg(not(unix))]
    pub fn new() -> anyhow::Result<Signals> {
        Ok(Signals {})
    }

    /// The next stop signal, by name.
    pub async fn next(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            let waits = self.streams.iter_mut().map(|(name, s)| {
                Box::pin(async move {
                    s.recv().await;
                    *name
                })
            });
            futures::future::select_all(waits).await.0
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "ctrl-c"
        }
    }
}

/// The exit status of a process ended by the signal `name`: 128 plus its
/// number, as shells report it (130 for SIGINT).
pub fn exit_status(name: &str) -> i32 {
    #[cfg(unix)]
    let number = STOP.iter().find(|(n, _)| *n == name).map_or(2, |(_, n)| *n);
    #[cfg(not(unix))]
    let number = 2;
    128 + number
}

/// For a command without a screen: from now on a stop signal runs
/// `clean_up` (with the signal's name) on a thread of its own and then
/// ends the process with [`exit_status`], while the command's own work is
/// left where it was, as the signal would have left it. Returns once the
/// signals are caught.
pub fn exit_on_stop(clean_up: impl FnOnce(&'static str) + Send + 'static) -> anyhow::Result<()> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("raadsorde-signalen".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(r) => r,
                Err(e) => {
                    let _ = ready_tx.send(Err(anyhow::Error::from(e)));
                    return;
                }
            };
            runtime.block_on(async move {
                let mut signals = match Signals::new() {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let _ = ready_tx.send(Ok(()));
                let name = signals.next().await;
                clean_up(name);
                end_now(exit_status(name));
            });
        })?;
    ready_rx
        .recv()
        .map_err(|_| anyhow::anyhow!("de signalen konden niet worden opgevangen"))?
}

/// Ends the process at once with `status`, from a thread while the
/// command's own thread may still be at work, as the signal would have
/// ended it: without the handlers that `exit` runs. Those include
/// SQLCipher's clean-up (`sqlcipher_extra_shutdown`, a destructor of the
/// binary), which frees the crypto provider a page being decrypted on the
/// other thread still uses (a SIGSEGV instead of the status, seen about
/// once in sixty stopped checks under load; the core showed the other
/// thread in `sqlite3Codec` while this one ran the destructors). Standard
/// error is unbuffered and standard output writes whole lines, so what
/// was said is not lost.
fn end_now(status: i32) -> ! {
    #[cfg(unix)]
    signal_hook::low_level::exit(status);
    #[cfg(not(unix))]
    std::process::exit(status);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_ends_with_128_plus_its_number() {
        assert_eq!(exit_status("SIGINT"), 130);
        #[cfg(unix)]
        {
            assert_eq!(exit_status("SIGTERM"), 143);
            assert_eq!(exit_status("SIGHUP"), 129);
            assert_eq!(exit_status("SIGQUIT"), 131);
        }
    }
}
