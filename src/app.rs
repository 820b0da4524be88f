//! The event loop: terminal input, store replies and clock ticks in;
//! effects out. Nothing else.

use std::io::stdout;
use std::time::Duration;

use crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, Event as TermEvent, EventStream,
};
use crossterm::execute;
use futures::StreamExt;
use ratatui::DefaultTerminal;

use crate::console::{Console, Effect, Msg};
use crate::domain::time;
use crate::storage::Store;
use crate::storage::worker::{StoreReply, StoreThread};
use crate::ui::{self, Theme};

/// Runs the live console until the user quits. The terminal is restored on
/// return and, through ratatui's panic hook, on panic.
pub async fn run(store: Store, console: Console, theme: Theme) -> anyhow::Result<()> {
    let mut terminal = ratatui::init();
    let _ = execute!(stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, store, console, theme).await;
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    store: Store,
    mut console: Console,
    theme: Theme,
) -> anyhow::Result<()> {
    let (reply_tx, mut replies) = tokio::sync::mpsc::unbounded_channel();
    let store = StoreThread::spawn(store, reply_tx);
    let mut input = EventStream::new();
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        terminal.draw(|frame| ui::draw(frame, &console, &theme))?;
        let msg = tokio::select! {
            ev = input.next() => match ev {
                Some(Ok(TermEvent::Key(key))) => Msg::Key(key),
                Some(Ok(TermEvent::Paste(text))) => Msg::Paste(text),
                Some(Ok(_)) => Msg::Tick,
                Some(Err(e)) => return Err(anyhow::anyhow!("toetsenbord lezen mislukt: {e}")),
                None => return Ok(()),
            },
            Some(reply) = replies.recv() => match reply {
                StoreReply::Committed(event) => Msg::Committed(event),
                StoreReply::Failed(reason) => Msg::Failed(reason),
                StoreReply::CaseNumber(id, number) => Msg::CaseNumber(id, number),
            },
            _ = ticks.tick() => Msg::Tick,
        };
        let mut queue = vec![msg];
        while let Some(msg) = queue.pop() {
            for effect in console.update(msg, time::now()) {
                match effect {
                    Effect::Append(new) => {
                        if !store.send(new) {
                            queue.push(Msg::Failed(
                                "de opslag is gestopt; herstart het programma".into(),
                            ));
                        }
                    }
                    Effect::Quit => return Ok(()),
                }
            }
        }
    }
}
