//! A fake OBS Studio for tests: a WebSocket server that speaks enough of
//! obs-websocket v5 (Hello with an authentication challenge when it has a
//! password, Identify/Identified, `GetVersion`, `StopStream`, `StartStream`,
//! `GetStreamStatus`) and keeps a "stream active" flag.
#![allow(dead_code)]

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

    /// The state, to read from another thread.
    pub fn shared(&self) -> Arc<Mutex<State>> {
        Arc::clone(&self.state)
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
