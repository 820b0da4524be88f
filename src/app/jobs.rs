//! Work for outside systems, run beside the screens: stopping or starting
//! the livestream in OBS Studio, running the configured alarm command,
//! reading the stream's state. Logging never waits for any of it: the step
//! is logged at the key press, and the answer, when it comes, is recorded
//! as an event of its own.

use crate::domain::event::{AlarmTarget, StreamCommand};
use crate::integrations::alarm::{self, AlarmSettings};
use crate::integrations::obs::{self, ObsSettings};
use crate::live;

/// What an outside system must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// Stop or start the livestream in OBS Studio.
    Stream(StreamCommand),
    /// Run the alarm command with `text` (no names) on its stdin.
    Alarm {
        target: AlarmTarget,
        text: String,
        disturbance: u8,
    },
    /// Read whether the stream is live.
    StreamState,
}

/// What it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobDone {
    Stream {
        command: StreamCommand,
        ok: bool,
        detail: String,
    },
    Alarm {
        target: AlarmTarget,
        ok: bool,
        exit_code: Option<i32>,
        detail: String,
        disturbance: u8,
    },
    StreamState(Result<bool, String>),
}

impl JobDone {
    /// The answer as a message to the live console.
    pub fn into_msg(self) -> live::Msg {
        match self {
            JobDone::Stream {
                command,
                ok,
                detail,
            } => live::Msg::StreamAnswered {
                command,
                ok,
                detail,
            },
            JobDone::Alarm {
                target,
                ok,
                exit_code,
                detail,
                disturbance,
            } => live::Msg::AlarmAnswered {
                target,
                ok,
                exit_code,
                detail,
                disturbance,
            },
            JobDone::StreamState(state) => live::Msg::StreamState(state),
        }
    }
}

/// Runs jobs with the settings of the outside systems.
#[derive(Debug, Clone, Default)]
pub struct Runner {
    /// OBS and its password, when configured.
    pub obs: Option<(ObsSettings, Option<String>)>,
    pub alarm: Option<AlarmSettings>,
}

impl Runner {
    /// Does one job; bounded in time by the settings (OBS's timeout, the
    /// alarm command's time limit), so it always answers.
    pub async fn run(&self, job: Job) -> JobDone {
        match job {
            Job::Stream(command) => match &self.obs {
                Some((settings, password)) => {
                    let outcome = obs::command(settings, password.as_deref(), command).await;
                    JobDone::Stream {
                        command,
                        ok: outcome.ok(),
                        detail: outcome.detail(),
                    }
                }
                None => JobDone::Stream {
                    command,
                    ok: false,
                    detail: "OBS is niet ingesteld".into(),
                },
            },
            Job::StreamState => match &self.obs {
                Some((settings, password)) => {
                    JobDone::StreamState(obs::stream_active(settings, password.as_deref()).await)
                }
                None => JobDone::StreamState(Err("OBS is niet ingesteld".into())),
            },
            Job::Alarm {
                target,
                text,
                disturbance,
            } => {
                let outcome = match &self.alarm {
                    Some(settings) => alarm::run(settings, &text).await,
                    None => alarm::run(&AlarmSettings::default(), &text).await,
                };
                JobDone::Alarm {
                    target,
                    ok: outcome.ok(),
                    exit_code: outcome.exit_code,
                    detail: outcome.detail(),
                    disturbance,
                }
            }
        }
    }
}
