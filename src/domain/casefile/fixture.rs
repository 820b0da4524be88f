//! Builds a case's events by hand for the tests, like the store would.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::{CaseFile, CaseRefusal};
use crate::domain::case::{
    CaseStatus, Channel, MeasureKind, MeasureStatus, Recipient, Talk, Victim, VictimRole,
};
use crate::domain::category::Category;
use crate::domain::dates::amsterdam;
use crate::domain::event::{Event, EventBody};
use crate::domain::time::local_string;

type Time = DateTime<FixedOffset>;

pub const CASE: u64 = 7;

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Time {
    amsterdam(
        day(y, mo, d)
            .and_hms_opt(h, mi, 0)
            .expect("valid test time"),
    )
}

/// When the incident happened: Thursday 26 November 2026, 14:30 CET.
pub fn incident() -> Time {
    at(2026, 11, 26, 14, 30)
}

pub fn victim(role: VictimRole) -> Victim {
    Victim {
        name: "J. de Vries".into(),
        role,
        also: String::new(),
    }
}

pub fn opened(role: VictimRole, category: Category) -> EventBody {
    EventBody::CaseOpened {
        occurred_at: local_string(&incident()),
        channel: Channel::Email,
        victim: victim(role),
        what: "dreigmail na raadsvergadering".into(),
        place: "gemeentehuis".into(),
        category,
    }
}

/// A measure taken by the burgemeester.
pub fn measure(kind: MeasureKind, start: Option<NaiveDate>, end: Option<NaiveDate>) -> EventBody {
    measure_with(kind, start, end, MeasureStatus::Genomen, "burgemeester")
}

pub fn measure_with(
    kind: MeasureKind,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    status: MeasureStatus,
    decided_by: &str,
) -> EventBody {
    EventBody::MeasureRecorded {
        kind,
        decided_on: day(2026, 11, 26),
        decided_by: decided_by.into(),
        start,
        end,
        status,
        note: String::new(),
    }
}

pub fn informed(recipient: Recipient, on: NaiveDate) -> EventBody {
    EventBody::Informed { recipient, on }
}

pub fn held(talk: Talk, on: NaiveDate) -> EventBody {
    EventBody::AftercareHeld {
        talk,
        on,
        by: "griffier".into(),
        referral: false,
    }
}

pub fn status(status: CaseStatus, reason: &str) -> EventBody {
    EventBody::StatusChanged {
        status,
        reason: reason.into(),
    }
}

pub fn filed() -> EventBody {
    filed_on(day(2026, 11, 26))
}

pub fn filed_on(on: NaiveDate) -> EventBody {
    EventBody::AangifteFiled {
        on,
        vpt: true,
        domicile: "Hofstraat 1, Aalten".into(),
        police_reference: "PL0600-2026123456".into(),
    }
}

/// One case's events, checked against the rules as they are logged.
pub struct CaseScript {
    pub events: Vec<Event>,
    /// The clock: each logged event takes one minute.
    pub t: Time,
    meeting_id: Option<u64>,
}

impl CaseScript {
    fn new(t: Time, meeting_id: Option<u64>) -> CaseScript {
        CaseScript {
            events: Vec::new(),
            t,
            meeting_id,
        }
    }

    /// An intake case, entered an hour after the incident.
    pub fn intake(role: VictimRole, category: Category) -> CaseScript {
        let mut s = CaseScript::new(incident() + Duration::hours(1), None);
        s.log(opened(role, category));
        s
    }

    /// A case from the live console: the disturbance was logged at the
    /// incident, in meeting 1.
    pub fn live(category: Category) -> CaseScript {
        let mut s = CaseScript::new(incident() - Duration::minutes(1), Some(1));
        s.push(EventBody::DisturbanceStarted {
            number: 1,
            category: Some(category),
            place: "publieke tribune".into(),
            description: "roept en gooit met papier".into(),
            opened_by: None,
        });
        s
    }

    pub fn file(&self) -> CaseFile {
        CaseFile::derive(CASE, &self.events)
    }

    /// Appends without checking (live steps, or setting up a bad state).
    pub fn push_correcting(&mut self, body: EventBody, corrects: Option<u64>) -> u64 {
        self.t += Duration::minutes(1);
        let seq = self.events.last().map_or(10, |e| e.seq + 1);
        self.events.push(Event {
            seq,
            at: self.t,
            actor: "griffie".into(),
            meeting_id: self.meeting_id,
            case_id: Some(CASE),
            corrects,
            body,
        });
        seq
    }

    pub fn push(&mut self, body: EventBody) -> u64 {
        self.push_correcting(body, None)
    }

    /// Appends if the case file permits it at the script's clock.
    pub fn try_log(&mut self, body: EventBody) -> Result<u64, CaseRefusal> {
        self.file().permits(&body, self.t + Duration::minutes(1))?;
        Ok(self.push(body))
    }

    pub fn log(&mut self, body: EventBody) -> u64 {
        self.try_log(body)
            .unwrap_or_else(|e| panic!("refused: {e}"))
    }

    pub fn correct(&mut self, target: u64, reason: &str) -> u64 {
        self.file()
            .permits_correction(target, reason)
            .unwrap_or_else(|e| panic!("correction refused: {e}"));
        self.push_correcting(
            EventBody::Correction {
                reason: reason.into(),
            },
            Some(target),
        )
    }
}
