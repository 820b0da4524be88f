//! The event loop: terminal input (on a thread of its own), store replies,
//! ticks and stop signals, around `App::update`; the terminal is restored
//! on return, on a signal and (ratatui's hook) on panic.

use std::io::stdout;
use std::time::Duration;

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event as TermEvent};
use crossterm::execute;
use ratatui::DefaultTerminal;

use super::jobs::{Job, JobDone, Runner};
use super::{App, Input};
use crate::domain::time;
use crate::signals::Signals;
use crate::storage::Store;
use crate::storage::worker::{Origin, StoreReply, StoreRequest, StoreThread};
use crate::ui::Theme;

/// How the program ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    /// The signal that stopped it, if one did.
    pub signal: Option<&'static str>,
    /// Writes still waiting at the end (kept in the fallback file).
    pub waiting: usize,
    pub fallback: Option<std::path::PathBuf>,
}

/// How long after a key the loop waits for more of the same burst.
pub(super) const BURST_WINDOW: Duration = Duration::from_millis(4);

/// How long a stop by signal waits for writes under way.
const DRAIN_ON_SIGNAL: Duration = Duration::from_secs(3);

/// How often the stream's state is read from OBS, when configured.
const STREAM_STATE_EVERY: Duration = Duration::from_secs(5);

/// Runs the program until the user quits or a signal stops it. The
/// terminal is restored on return, on a signal (SIGTERM, SIGINT, SIGHUP,
/// SIGQUIT) and, through ratatui's panic hook, on panic.
pub async fn run(store: Store, app: App, theme: Theme, runner: Runner) -> anyhow::Result<Ended> {
    let signals = Signals::new()?;
    let mut terminal = ratatui::init();
    let _ = execute!(stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, store, app, theme, signals, runner).await;
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

/// The terminal's input, read on a thread of its own with crossterm's
/// blocking `read`. Crossterm reads with `poll(2)` on the terminal
/// (feature `use-dev-tty`): its default epoll source read 1 KiB of a burst
/// and left the rest unread until the next key arrived.
pub(super) fn terminal_input() -> tokio::sync::mpsc::UnboundedReceiver<std::io::Result<TermEvent>> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let spawned = std::thread::Builder::new()
        .name("raadsorde-input".into())
        .spawn(move || {
            loop {
                let ev = crossterm::event::read();
                let failed = ev.is_err();
                if tx.send(ev).is_err() || failed {
                    return;
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!("input thread: {e}");
    }
    rx
}

/// A terminal event as input to the program; resizes and focus changes
/// are none (the next frame is drawn at the new size anyway).
fn as_input(ev: std::io::Result<TermEvent>) -> anyhow::Result<Option<Input>> {
    match ev {
        Ok(TermEvent::Key(key)) => Ok(Some(Input::Key(key))),
        Ok(TermEvent::Paste(text)) => Ok(Some(Input::Paste(text))),
        Ok(_) => Ok(None),
        Err(e) => Err(anyhow::anyhow!("toetsenbord lezen mislukt: {e}")),
    }
}

fn send_all(app: &mut App, store: &StoreThread, requests: Vec<StoreRequest>) {
    for request in requests {
        if !store.send(request) {
            let reply = StoreReply::Failed {
                origin: Origin::Live,
                reason: "de opslag is gestopt; herstart het programma".into(),
            };
            let _ = app.update(Input::Store(reply), time::now());
            break;
        }
    }
}

/// Starts the jobs the app asked for, each in a task of its own: the
/// screens never wait for an outside system.
fn spawn_jobs(
    app: &mut App,
    runner: &std::sync::Arc<Runner>,
    done: &tokio::sync::mpsc::UnboundedSender<JobDone>,
) {
    for job in app.jobs.drain(..) {
        let runner = runner.clone();
        let done = done.clone();
        tokio::spawn(async move {
            let _ = done.send(runner.run(job).await);
        });
    }
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    store: Store,
    mut app: App,
    theme: Theme,
    mut signals: Signals,
    runner: Runner,
) -> anyhow::Result<Ended> {
    let runner = std::sync::Arc::new(runner);
    let (job_tx, mut job_done) = tokio::sync::mpsc::unbounded_channel::<JobDone>();
    let mut stream_state = tokio::time::interval(STREAM_STATE_EVERY);
    stream_state.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut reading_state = false;
    let (reply_tx, mut replies) = tokio::sync::mpsc::unbounded_channel();
    let check_tx = reply_tx.clone();
    let store_path = store.path().to_path_buf();
    let store = StoreThread::spawn(store, reply_tx);
    let mut input = terminal_input();
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // The whole register is checked once, beside the screens; stopped
    // and waited for when the loop ends (dropped with it).
    let _check = crate::storage::worker::BackgroundCheck::spawn(store_path, move |c| {
        let _ = check_tx.send(StoreReply::Checked(c));
    });
    // Reminders of due steps: a scheduler and a sender beside the screens.
    let mut notifier = app
        .reminders
        .is_enabled()
        .then(crate::notify::Notifier::start);
    let start = app.start();
    send_all(&mut app, &store, start);
    let mut signal = None;
    loop {
        terminal.draw(|frame| app.draw(frame, &theme))?;
        let msg = tokio::select! {
            ev = input.recv() => match ev {
                Some(ev) => as_input(ev)?.unwrap_or(Input::Tick),
                None => break,
            },
            Some(reply) = replies.recv() => Input::Store(reply),
            Some(done) = job_done.recv() => {
                if matches!(done, JobDone::StreamState(_)) {
                    reading_state = false;
                }
                Input::Job(done)
            }
            Some(done) = async {
                match notifier.as_mut() {
                    Some(n) => n.delivered.recv().await,
                    None => std::future::pending().await,
                }
            } => Input::Reminded(done),
            _ = ticks.tick() => Input::Tick,
            _ = stream_state.tick(), if runner.obs.is_some() && !reading_state => {
                reading_state = true;
                app.jobs.push(Job::StreamState);
                spawn_jobs(&mut app, &runner, &job_tx);
                continue;
            }
            name = signals.next() => {
                tracing::warn!("stopped by {name}");
                signal = Some(name);
                break;
            }
        };
        // Everything the terminal delivers together is taken together: a
        // burst (a paste without bracketed paste) is read whole, before the
        // next frame, and outside a text field it is held (`deliver`).
        let mut batch = vec![msg];
        if matches!(batch[0], Input::Key(_)) {
            let until = tokio::time::Instant::now() + BURST_WINDOW;
            while let Ok(Some(ev)) = tokio::time::timeout_at(until, input.recv()).await {
                batch.extend(as_input(ev)?);
            }
        }
        while let Ok(ev) = input.try_recv() {
            batch.extend(as_input(ev)?);
        }
        let requests = app.deliver(batch, time::now());
        send_all(&mut app, &store, requests);
        spawn_jobs(&mut app, &runner, &job_tx);
        if let (Some(n), Some(list)) = (&notifier, app.reminders.take_fresh()) {
            n.update(list);
        }
        if app.quit {
            break;
        }
    }
    if signal.is_some() && !app.outbox.is_empty() {
        // Finish what is under way, briefly; keep the rest.
        let deadline = tokio::time::Instant::now() + DRAIN_ON_SIGNAL;
        while !app.outbox.is_empty() {
            let msg = tokio::select! {
                Some(reply) = replies.recv() => Input::Store(reply),
                _ = tokio::time::sleep(Duration::from_millis(100)) => Input::Tick,
                _ = tokio::time::sleep_until(deadline) => break,
            };
            let requests = app.update(msg, time::now());
            send_all(&mut app, &store, requests);
        }
    }
    app.quit = true;
    app.keep_waiting();
    Ok(Ended {
        signal,
        waiting: app.outbox.len(),
        fallback: app
            .fallback()
            .filter(|_| !app.outbox.is_empty())
            .map(|f| f.path().to_path_buf()),
    })
}
