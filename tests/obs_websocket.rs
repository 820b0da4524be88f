//! The OBS integration against a real WebSocket server started in the test
//! that speaks enough of obs-websocket v5: Hello (with an authentication
//! challenge when it has a password), Identify/Identified, and the requests
//! obws sends (`GetVersion` on connect, then `StopStream`, `StartStream`,
//! `GetStreamStatus`). It keeps a "stream active" flag, so a test sees the
//! stream really stop.

#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use raadsorde::integrations::obs::{self, ObsSettings, StreamCommand, StreamOutcome};

use fake_obs::{FakeObs, Options};

#[path = "common/fake_obs.rs"]
mod fake_obs;

fn settings(addr: SocketAddr, timeout_ms: u64) -> ObsSettings {
    ObsSettings {
        host: addr.ip().to_string(),
        port: addr.port(),
        password_file: None,
        timeout_ms,
    }
}

/// A bound on a hang, not a speed measurement: the machine may be busy.
const MARGIN: Duration = Duration::from_secs(2);

#[tokio::test]
async fn stop_stops_the_stream() {
    let obs = FakeObs::start(Options {
        streaming: true,
        ..Options::default()
    })
    .await;
    let s = settings(obs.addr, 3000);
    assert_eq!(obs::stream_active(&s, None).await, Ok(true));

    let outcome = obs::command(&s, None, StreamCommand::Stop).await;
    assert_eq!(outcome, StreamOutcome::Done(StreamCommand::Stop));
    assert!(outcome.ok());
    assert_eq!(outcome.detail(), "OBS: stream gestopt");
    assert!(!obs.state().streaming, "the server's stream still runs");
    assert_eq!(obs::stream_active(&s, None).await, Ok(false));
    // obws asks for the version on every connect.
    assert_eq!(
        obs.state().requests,
        [
            "GetVersion",
            "GetStreamStatus",
            "GetVersion",
            "StopStream",
            "GetVersion",
            "GetStreamStatus"
        ]
    );
}

#[tokio::test]
async fn stop_when_not_streaming_is_already_in_state() {
    let obs = FakeObs::start(Options::default()).await;
    let outcome = obs::command(&settings(obs.addr, 3000), None, StreamCommand::Stop).await;
    assert_eq!(outcome, StreamOutcome::AlreadyInState(StreamCommand::Stop));
    assert!(outcome.ok());
    assert_eq!(outcome.detail(), "OBS: stream liep al niet");
}

#[tokio::test]
async fn start_starts_and_a_second_start_is_already_in_state() {
    let obs = FakeObs::start(Options::default()).await;
    let s = settings(obs.addr, 3000);
    let outcome = obs::command(&s, None, StreamCommand::Start).await;
    assert_eq!(outcome, StreamOutcome::Done(StreamCommand::Start));
    assert!(obs.state().streaming);
    let again = obs::command(&s, None, StreamCommand::Start).await;
    assert_eq!(again, StreamOutcome::AlreadyInState(StreamCommand::Start));
    assert_eq!(again.detail(), "OBS: stream liep al");
}

#[tokio::test]
async fn a_refusal_carries_obs_comment() {
    let obs = FakeObs::start(Options {
        streaming: true,
        refuse: Some((702, "Failed to stop the stream output.".into())),
        ..Options::default()
    })
    .await;
    let outcome = obs::command(&settings(obs.addr, 3000), None, StreamCommand::Stop).await;
    assert!(
        matches!(outcome, StreamOutcome::Refused { .. }),
        "{outcome:?}"
    );
    assert!(!outcome.ok());
    assert_eq!(
        outcome.detail(),
        "OBS weigerde: Failed to stop the stream output. (code 702) — stop de stream met de hand"
    );
    assert!(obs.state().streaming);
}

#[tokio::test]
async fn the_right_password_is_accepted() {
    let obs = FakeObs::start(Options {
        password: Some("geheim-wachtwoord".into()),
        streaming: true,
        ..Options::default()
    })
    .await;
    let outcome = obs::command(
        &settings(obs.addr, 3000),
        Some("geheim-wachtwoord"),
        StreamCommand::Stop,
    )
    .await;
    assert_eq!(outcome, StreamOutcome::Done(StreamCommand::Stop));
    assert_eq!(obs.state().authenticated, 1);
    assert!(!obs.state().streaming);
}

#[tokio::test]
async fn a_wrong_or_missing_password_is_said_at_once() {
    let obs = FakeObs::start(Options {
        password: Some("geheim-wachtwoord".into()),
        streaming: true,
        ..Options::default()
    })
    .await;
    let s = settings(obs.addr, 3000);
    let started = Instant::now();
    let wrong = obs::command(&s, Some("fout"), StreamCommand::Stop).await;
    assert_eq!(
        wrong,
        StreamOutcome::PasswordRejected {
            command: StreamCommand::Stop,
            password_given: true
        }
    );
    assert!(wrong.detail().contains("OBS weigerde het wachtwoord"));
    assert!(wrong.detail().contains("stop de stream met de hand"));
    let none = obs::command(&s, None, StreamCommand::Stop).await;
    assert_eq!(
        none,
        StreamOutcome::PasswordRejected {
            command: StreamCommand::Stop,
            password_given: false
        }
    );
    assert!(
        none.detail().contains("geen ingesteld"),
        "{}",
        none.detail()
    );
    // Neither waited for the timeout.
    assert!(started.elapsed() < s.timeout(), "{:?}", started.elapsed());
    assert_eq!(obs.state().refused_auth, 2);
    assert!(obs.state().streaming);
    assert!(obs.state().requests.is_empty());
    let status = obs::stream_active(&s, Some("fout")).await.unwrap_err();
    assert!(status.contains("wachtwoord"), "{status}");
}

#[tokio::test]
async fn nothing_listening_is_unreachable_quickly() {
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let s = settings(addr, 3000);
    let started = Instant::now();
    let outcome = obs::command(&s, None, StreamCommand::Stop).await;
    assert!(
        matches!(outcome, StreamOutcome::Unreachable { .. }),
        "{outcome:?}"
    );
    assert!(started.elapsed() < s.timeout(), "{:?}", started.elapsed());
    let detail = outcome.detail();
    assert!(
        detail.starts_with(&format!(
            "OBS niet bereikbaar ({addr}): verbinding geweigerd"
        )),
        "{detail}"
    );
    assert!(detail.ends_with("— stop de stream met de hand"), "{detail}");
    let status = obs::stream_active(&s, None).await.unwrap_err();
    assert!(
        status.starts_with(&format!("OBS niet bereikbaar ({addr})")),
        "{status}"
    );
}

#[tokio::test]
async fn obs_that_never_answers_times_out_within_the_timeout() {
    let obs = FakeObs::start(Options {
        streaming: true,
        delay: Some(Duration::from_secs(30)),
        ..Options::default()
    })
    .await;
    let s = settings(obs.addr, 700);
    let started = Instant::now();
    let outcome = obs::command(&s, None, StreamCommand::Stop).await;
    let elapsed = started.elapsed();
    assert_eq!(
        outcome,
        StreamOutcome::TimedOut {
            command: StreamCommand::Stop,
            after: Duration::from_millis(700)
        }
    );
    assert!(elapsed < s.timeout() + MARGIN, "{elapsed:?}");
    assert_eq!(
        outcome.detail(),
        "OBS antwoordde niet binnen 700 ms — stop de stream met de hand"
    );
    assert!(obs.state().streaming);
}

#[tokio::test]
async fn a_port_that_accepts_and_stays_silent_times_out() {
    let (addr, task) = fake_obs::mute_listener().await;
    let s = settings(addr, 500);
    let started = Instant::now();
    let outcome = obs::command(&s, None, StreamCommand::Stop).await;
    assert!(
        matches!(outcome, StreamOutcome::TimedOut { .. }),
        "{outcome:?}"
    );
    assert!(started.elapsed() < s.timeout() + MARGIN);
    let started = Instant::now();
    let status = obs::stream_active(&s, None).await.unwrap_err();
    assert_eq!(status, "OBS antwoordde niet binnen 500 ms");
    assert!(started.elapsed() < s.timeout() + MARGIN);
    task.abort();
}

#[tokio::test]
async fn an_older_obs_5_still_stops_the_stream() {
    let obs = FakeObs::start(Options {
        streaming: true,
        versions: Some(("29.1.3".into(), "5.3.0".into())),
        ..Options::default()
    })
    .await;
    let outcome = obs::command(&settings(obs.addr, 3000), None, StreamCommand::Stop).await;
    assert_eq!(outcome, StreamOutcome::Done(StreamCommand::Stop));
    assert!(!obs.state().streaming);
}

#[test]
fn the_fake_servers_authentication_is_obs_websockets() {
    // The pseudo-code example of obs-websocket's protocol description
    // (password, challenge, salt), its answer computed with Python's
    // hashlib and base64: the fake server checks obws against the
    // documented algorithm, not against obws's own code.
    let answer = fake_obs::auth_string(
        "supersecretpassword",
        "PZVbYpvAnZut2SS6JNJytDm9",
        "ztTBnnuqrqaKDzRM3xcVdbYm",
    );
    assert_eq!(answer, "zZgWipvwSGrw748kHN4gNpBC1IaeiiWX3Hjkrm849Sc=");
}
