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

mod fake_obs {
    use std::net::SocketAddr;
    use std::sync::{Arc, Mutex, MutexGuard};
    use std::time::Duration;

    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use futures::{SinkExt as _, StreamExt as _};
    use serde_json::{Value, json};
    use sha2::{Digest as _, Sha256};
    use tokio::net::{TcpListener, TcpStream};
    use tokio::task::JoinHandle;
    use tokio_websockets::{CloseCode, Message, ServerBuilder, WebSocketStream};

    /// How the fake OBS behaves.
    #[derive(Clone, Default)]
    pub struct Options {
        /// The obs-websocket password; `None`: no authentication.
        pub password: Option<String>,
        /// Whether the stream runs at the start.
        pub streaming: bool,
        /// Answer StopStream/StartStream with a failure of this code and
        /// comment.
        pub refuse: Option<(u16, String)>,
        /// Wait this long before answering StopStream/StartStream.
        pub delay: Option<Duration>,
        /// The versions GetVersion reports (default 31.0.2 / 5.5.6).
        pub versions: Option<(String, String)>,
    }

    /// What the fake OBS saw and holds.
    #[derive(Default, Debug)]
    pub struct State {
        pub streaming: bool,
        /// Every request type, in order, over all connections.
        pub requests: Vec<String>,
        /// Identify messages whose authentication was right.
        pub authenticated: usize,
        /// Identify messages refused for their authentication.
        pub refused_auth: usize,
    }

    pub struct FakeObs {
        pub addr: SocketAddr,
        state: Arc<Mutex<State>>,
        task: JoinHandle<()>,
    }

    impl Drop for FakeObs {
        fn drop(&mut self) {
            self.task.abort();
        }
    }

    impl FakeObs {
        pub async fn start(options: Options) -> FakeObs {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let state = Arc::new(Mutex::new(State {
                streaming: options.streaming,
                ..State::default()
            }));
            let shared = Arc::clone(&state);
            let task = tokio::spawn(async move {
                while let Ok((tcp, _)) = listener.accept().await {
                    let state = Arc::clone(&shared);
                    let options = options.clone();
                    tokio::spawn(async move {
                        let _ = session(tcp, &options, &state).await;
                    });
                }
            });
            FakeObs { addr, state, task }
        }

        pub fn state(&self) -> MutexGuard<'_, State> {
            self.state.lock().unwrap()
        }
    }

    type Ws = WebSocketStream<TcpStream>;

    async fn send(ws: &mut Ws, op: u8, d: Value) -> Result<(), tokio_websockets::Error> {
        ws.send(Message::text(json!({ "op": op, "d": d }).to_string()))
            .await
    }

    /// The next text message as JSON; `None` when the connection ends.
    async fn receive(ws: &mut Ws) -> Option<Value> {
        loop {
            let msg = ws.next().await?.ok()?;
            if msg.is_close() {
                return None;
            }
            if let Some(text) = msg.as_text() {
                return serde_json::from_str(text).ok();
            }
        }
    }

    /// obs-websocket v5's authentication string.
    pub fn auth_string(password: &str, salt: &str, challenge: &str) -> String {
        let secret = STANDARD.encode(Sha256::digest(format!("{password}{salt}")));
        STANDARD.encode(Sha256::digest(format!("{secret}{challenge}")))
    }

    async fn session(
        tcp: TcpStream,
        options: &Options,
        state: &Mutex<State>,
    ) -> Result<(), tokio_websockets::Error> {
        let (_, mut ws) = ServerBuilder::new().accept(tcp).await?;
        let (salt, challenge) = ("c2FsdHNhbHQ=", "Y2hhbGxlbmdl");
        let mut hello = json!({ "obsWebSocketVersion": "5.5.6", "rpcVersion": 1 });
        if options.password.is_some() {
            hello["authentication"] = json!({ "challenge": challenge, "salt": salt });
        }
        send(&mut ws, 0, hello).await?;

        let Some(identify) = receive(&mut ws).await else {
            return Ok(());
        };
        assert_eq!(identify["op"], 1, "first client message: {identify}");
        assert_eq!(identify["d"]["rpcVersion"], 1, "{identify}");
        if let Some(password) = &options.password {
            let expected = auth_string(password, salt, challenge);
            if identify["d"]["authentication"].as_str() != Some(expected.as_str()) {
                state.lock().unwrap().refused_auth += 1;
                let code = CloseCode::try_from(4009).unwrap();
                ws.send(Message::close(Some(code), "Authentication failed."))
                    .await?;
                return Ok(());
            }
            state.lock().unwrap().authenticated += 1;
        }
        send(&mut ws, 2, json!({ "negotiatedRpcVersion": 1 })).await?;

        while let Some(message) = receive(&mut ws).await {
            if message["op"] != 6 {
                continue;
            }
            let d = &message["d"];
            let kind = d["requestType"].as_str().unwrap_or_default().to_string();
            let id = d["requestId"].clone();
            state.lock().unwrap().requests.push(kind.clone());
            let (status, data) = answer(&kind, options, state).await;
            let mut response = json!({
                "requestType": kind,
                "requestId": id,
                "requestStatus": status,
            });
            if let Some(data) = data {
                response["responseData"] = data;
            }
            send(&mut ws, 7, response).await?;
        }
        Ok(())
    }

    fn success() -> Value {
        json!({ "result": true, "code": 100 })
    }

    fn failure(code: u16, comment: Option<&str>) -> Value {
        match comment {
            Some(c) => json!({ "result": false, "code": code, "comment": c }),
            None => json!({ "result": false, "code": code }),
        }
    }

    async fn answer(kind: &str, options: &Options, state: &Mutex<State>) -> (Value, Option<Value>) {
        match kind {
            "GetVersion" => {
                let (studio, websocket) = options
                    .versions
                    .clone()
                    .unwrap_or(("31.0.2".into(), "5.5.6".into()));
                let data = json!({
                    "obsVersion": studio,
                    "obsWebSocketVersion": websocket,
                    "rpcVersion": 1,
                    "availableRequests": ["GetVersion", "GetStreamStatus", "StartStream", "StopStream"],
                    "supportedImageFormats": ["png"],
                    "platform": "ubuntu",
                    "platformDescription": "Ubuntu 24.04",
                });
                (success(), Some(data))
            }
            "GetStreamStatus" => {
                let active = state.lock().unwrap().streaming;
                let data = json!({
                    "outputActive": active,
                    "outputReconnecting": false,
                    "outputTimecode": "00:12:34.567",
                    "outputDuration": 754_567,
                    "outputCongestion": 0.0,
                    "outputBytes": 123_456_789u64,
                    "outputSkippedFrames": 0,
                    "outputTotalFrames": 45_274,
                });
                (success(), Some(data))
            }
            "StopStream" | "StartStream" => {
                if let Some(delay) = options.delay {
                    tokio::time::sleep(delay).await;
                }
                if let Some((code, comment)) = &options.refuse {
                    return (failure(*code, Some(comment)), None);
                }
                let start = kind == "StartStream";
                let mut state = state.lock().unwrap();
                match (start, state.streaming) {
                    (false, false) => (failure(501, None), None),
                    (true, true) => (failure(500, None), None),
                    _ => {
                        state.streaming = start;
                        (success(), None)
                    }
                }
            }
            other => (
                failure(
                    204,
                    Some(&format!("Your request type `{other}` is not valid.")),
                ),
                None,
            ),
        }
    }

    /// A port where something accepts connections and never says a word.
    pub async fn mute_listener() -> (SocketAddr, JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((tcp, _)) = listener.accept().await {
                held.push(tcp);
            }
        });
        (addr, task)
    }
}

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
