//! The evidence log: everything that happens is an append-only event.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::case::{
    CaseStatus, Cents, Channel, MeasureKind, MeasureStatus, PerpetratorKind, Recipient, Talk,
    Victim,
};
use super::category::Category;

/// The kind of meeting in which the console is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingType {
    Raadsvergadering,
    Commissie,
    Informatieavond,
    Anders,
}

impl MeetingType {
    pub const ALL: [MeetingType; 4] = [
        MeetingType::Raadsvergadering,
        MeetingType::Commissie,
        MeetingType::Informatieavond,
        MeetingType::Anders,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MeetingType::Raadsvergadering => "raadsvergadering",
            MeetingType::Commissie => "commissie",
            MeetingType::Informatieavond => "informatieavond",
            MeetingType::Anders => "anders",
        }
    }

    /// The next type, for cycling through them in a form.
    pub fn next(self) -> MeetingType {
        let idx = Self::ALL.iter().position(|t| *t == self).unwrap_or(0);
        Self::ALL[(idx + 1) % Self::ALL.len()]
    }

    pub fn parse(s: &str) -> Option<MeetingType> {
        Self::ALL.into_iter().find(|t| t.label() == s)
    }
}

/// Who made a demand to leave (vordering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DemandBy {
    Voorzitter,
    /// The griffier, with the chair's consent.
    Griffier,
}

impl DemandBy {
    pub fn label(self) -> &'static str {
        match self {
            DemandBy::Voorzitter => "voorzitter",
            DemandBy::Griffier => "griffier (met instemming voorzitter)",
        }
    }
}

/// The decision on filing an aangifte of the disturbance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AangifteChoice {
    Ja,
    Nee,
    Later,
}

impl AangifteChoice {
    pub fn label(self) -> &'static str {
        match self {
            AangifteChoice::Ja => "aangifte: ja",
            AangifteChoice::Nee => "aangifte: nee",
            AangifteChoice::Later => "aangifte: besluit later",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            AangifteChoice::Ja => "ja",
            AangifteChoice::Nee => "nee",
            AangifteChoice::Later => "later beslissen",
        }
    }
}

/// Who decide on the aangifte together, per protocol §5.
pub const AANGIFTE_DECIDERS: [&str; 3] = ["voorzitter", "griffier", "aangewezen ambtenaar OOV"];

/// What happened. The serde tag is the event's kind as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "kebab-case")]
pub enum EventBody {
    MeetingStarted {
        meeting_type: MeetingType,
        title: String,
        chair: String,
        location: String,
    },
    MeetingEnded {},
    DisturbanceStarted {
        category: Category,
        place: String,
        description: String,
    },
    DisturbanceEnded {},
    Suspended {},
    Resumed {},
    Demand {
        number: u8,
        by: DemandBy,
        wording: String,
    },
    LeftVoluntarily {},
    LivestreamStopped {},
    LivestreamResumed {},
    InterventionTeamCalled {},
    PoliceCalled {},
    PoliceArrived {},
    RemovedByPolice {},
    PhysicalProtection {
        confirmed_rule: bool,
    },
    AangifteDecision {
        decision: AangifteChoice,
        decided_by: Vec<String>,
    },
    Note {
        text: String,
    },
    Correction {
        reason: String,
    },

    // The case after the fact (§6). All carry the case id in the header.
    /// A case entered outside a meeting (intake).
    CaseOpened {
        /// When it happened (RFC 3339 with offset).
        occurred_at: String,
        channel: Channel,
        victim: Victim,
        what: String,
        place: String,
        category: Category,
    },
    /// The victim of a case from the live console, recorded afterwards.
    VictimRecorded {
        victim: Victim,
    },
    Reclassified {
        category: Category,
        reason: String,
    },
    /// Someone on the reporting route was informed (§6.1).
    Informed {
        recipient: Recipient,
        on: NaiveDate,
    },
    /// Online evidence (§6.1): what was kept, with its digest at registration.
    EvidenceAdded {
        platform: String,
        account: String,
        urls: Vec<String>,
        /// When the message was sent (RFC 3339), if known.
        message_at: Option<String>,
        /// The kept file (screenshot) and its SHA-256, hex, taken at registration.
        file_path: String,
        file_sha256: String,
        norm_communicated: bool,
        reported_to_platform: bool,
    },
    /// A perpetrator entered in the register; the event's seq is its id.
    PerpetratorRegistered {
        kind: PerpetratorKind,
        description: String,
        /// Only if known.
        name: String,
    },
    /// A registered perpetrator is linked to this case.
    PerpetratorLinked {
        perpetrator: u64,
    },
    /// A measure (§6.2); the event's seq is its id.
    MeasureRecorded {
        kind: MeasureKind,
        decided_on: NaiveDate,
        decided_by: String,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
        status: MeasureStatus,
        note: String,
    },
    MeasureStatusChanged {
        measure: u64,
        status: MeasureStatus,
    },
    /// An aftercare talk planned (§6.3).
    AftercarePlanned {
        talk: Talk,
        on: NaiveDate,
        by: String,
    },
    /// An aftercare talk held, possibly with a referral to professional help.
    AftercareHeld {
        talk: Talk,
        on: NaiveDate,
        by: String,
        referral: bool,
    },
    /// The victim's consent to an aangifte (§6.4).
    ConsentRecorded {
        consent: bool,
    },
    AangifteFiled {
        on: NaiveDate,
        vpt: bool,
        /// The municipality's address, never the victim's home.
        domicile: String,
        police_reference: String,
    },
    OmInformed {
        on: NaiveDate,
    },
    /// Physical or mental injury, hospital admission, permanent damage or death.
    SeriousInjury {},
    ArbeidsinspectieNotified {
        on: NaiveDate,
    },
    DamageRecorded {
        description: String,
        amount: Cents,
        paid_to_victim: Cents,
        recovered: Cents,
    },
    /// Communication (§7).
    CommunicationSet {
        may_inform_others: bool,
        spokesperson: String,
    },
    /// Security measures: confidential, never in an export for others.
    SecurityMeasuresNoted {
        text: String,
    },
    StatusChanged {
        status: CaseStatus,
        reason: String,
    },

    // The register itself.
    /// A logged retention purge: the payloads of these events were erased
    /// (their digests stay, so the chain still verifies). A payload that is
    /// `NULL` without a purge event naming it is tampering.
    PayloadPurged {
        seqs: Vec<u64>,
        reason: String,
    },
    /// The append-only guards (triggers) of the events table were missing or
    /// altered when the register was opened, and were put back.
    SchemaRestored {
        guards: Vec<String>,
    },
    /// The chain changed version here: the events before this one were
    /// chained with the formula of version `from`, this one and every event
    /// after it with that of version `to` (see `domain::chain`). Written
    /// once, at the first read-write open of an older register.
    ChainUpgraded {
        from: u8,
        to: u8,
    },

    /// A stored event that could not be read back (a damaged register):
    /// shown as unreadable so the screens go on; never written.
    #[serde(skip)]
    Unreadable {
        seq: u64,
        reason: String,
    },
}

/// Errors turning stored parts back into an event body.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("onbekende of beschadigde gebeurtenis '{kind}': {source}")]
    Decode {
        kind: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("gebeurtenis kon niet worden omgezet: {0}")]
    Encode(#[source] serde_json::Error),
}

impl EventBody {
    /// Splits the body into its kind and its payload, as stored.
    pub fn to_parts(&self) -> Result<(String, serde_json::Value), BodyError> {
        let value = serde_json::to_value(self).map_err(BodyError::Encode)?;
        let serde_json::Value::Object(mut map) = value else {
            return Err(BodyError::Encode(serde::ser::Error::custom("geen object")));
        };
        let kind = match map.remove("kind") {
            Some(serde_json::Value::String(k)) => k,
            _ => return Err(BodyError::Encode(serde::ser::Error::custom("geen soort"))),
        };
        let data = map
            .remove("data")
            .unwrap_or(serde_json::Value::Object(Default::default()));
        Ok((kind, data))
    }

    /// Rebuilds a body from its stored kind and payload.
    pub fn from_parts(kind: &str, payload: serde_json::Value) -> Result<EventBody, BodyError> {
        let value = serde_json::json!({ "kind": kind, "data": payload });
        serde_json::from_value(value).map_err(|source| BodyError::Decode {
            kind: kind.to_string(),
            source,
        })
    }

    /// Whether this event opens or closes a meeting or a disturbance. Such an
    /// entry can be corrected (its text struck through with a reason), but its
    /// effect stays: a meeting started by mistake is ended, not undone.
    /// Whether this is a step of the live console (§5): it is checked
    /// against the open meeting, not against a case file.
    pub fn is_live_step(&self) -> bool {
        matches!(
            self,
            EventBody::MeetingStarted { .. }
                | EventBody::MeetingEnded {}
                | EventBody::DisturbanceStarted { .. }
                | EventBody::DisturbanceEnded {}
                | EventBody::Suspended {}
                | EventBody::Resumed {}
                | EventBody::Demand { .. }
                | EventBody::LeftVoluntarily {}
                | EventBody::LivestreamStopped {}
                | EventBody::LivestreamResumed {}
                | EventBody::InterventionTeamCalled {}
                | EventBody::PoliceCalled {}
                | EventBody::PoliceArrived {}
                | EventBody::RemovedByPolice {}
                | EventBody::PhysicalProtection { .. }
                | EventBody::AangifteDecision { .. }
        )
    }

    pub fn is_structural(&self) -> bool {
        matches!(
            self,
            EventBody::MeetingStarted { .. }
                | EventBody::MeetingEnded {}
                | EventBody::DisturbanceStarted { .. }
                | EventBody::DisturbanceEnded {}
        )
    }
}

/// An event to be appended: everything but its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// When the key was pressed (Europe/Amsterdam, with offset).
    pub at: DateTime<FixedOffset>,
    /// The profile name of who logged it.
    pub actor: String,
    /// The meeting it belongs to (the seq of its `meeting-started`); the store
    /// fills it in for `meeting-started` itself.
    pub meeting_id: Option<u64>,
    /// The case it belongs to; the store opens a case for `disturbance-started`.
    pub case_id: Option<u64>,
    /// The event this one corrects.
    pub corrects: Option<u64>,
    pub body: EventBody,
}

/// An event as committed to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub seq: u64,
    pub at: DateTime<FixedOffset>,
    pub actor: String,
    pub meeting_id: Option<u64>,
    pub case_id: Option<u64>,
    pub corrects: Option<u64>,
    pub body: EventBody,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_round_trip_for_every_shape() {
        let bodies = vec![
            EventBody::MeetingStarted {
                meeting_type: MeetingType::Commissie,
                title: "Commissie Bestuur".into(),
                chair: "Özdemir".into(),
                location: "raadzaal".into(),
            },
            EventBody::MeetingEnded {},
            EventBody::Demand {
                number: 2,
                by: DemandBy::Griffier,
                wording: "Verlaat de zaal".into(),
            },
            EventBody::AangifteDecision {
                decision: AangifteChoice::Later,
                decided_by: AANGIFTE_DECIDERS.iter().map(|s| s.to_string()).collect(),
            },
            EventBody::Correction {
                reason: "verkeerde toets".into(),
            },
        ];
        for body in bodies {
            let (kind, payload) = body.to_parts().unwrap();
            assert_eq!(EventBody::from_parts(&kind, payload).unwrap(), body);
        }
    }

    #[test]
    fn kinds_are_kebab_case() {
        let (kind, payload) = EventBody::InterventionTeamCalled {}.to_parts().unwrap();
        assert_eq!(kind, "intervention-team-called");
        assert_eq!(payload, serde_json::json!({}));
    }

    #[test]
    fn the_register_kinds_are_stored_as_named_and_described_in_dutch() {
        let purge = EventBody::PayloadPurged {
            seqs: vec![2, 7],
            reason: "bewaartermijn verstreken".into(),
        };
        let (kind, payload) = purge.to_parts().unwrap();
        assert_eq!(kind, "payload-purged");
        assert_eq!(
            payload,
            serde_json::json!({"seqs": [2, 7], "reason": "bewaartermijn verstreken"})
        );
        assert_eq!(EventBody::from_parts(&kind, payload).unwrap(), purge);
        assert_eq!(
            purge.summary(),
            "Bewaartermijn: inhoud gewist van gebeurtenis 2, 7 (bewaartermijn verstreken)"
        );
        let restored = EventBody::SchemaRestored {
            guards: vec!["trigger events_no_delete ontbreekt".into()],
        };
        let (kind, payload) = restored.to_parts().unwrap();
        assert_eq!(kind, "schema-restored");
        assert_eq!(EventBody::from_parts(&kind, payload).unwrap(), restored);
        assert!(restored.summary().contains("events_no_delete ontbreekt"));
    }

    #[test]
    fn the_chain_marker_is_stored_as_named() {
        let marker = EventBody::ChainUpgraded { from: 1, to: 2 };
        let (kind, payload) = marker.to_parts().unwrap();
        assert_eq!(kind, "chain-upgraded");
        assert_eq!(payload, serde_json::json!({"from": 1, "to": 2}));
        assert_eq!(EventBody::from_parts(&kind, payload).unwrap(), marker);
        assert!(
            marker.summary().contains("versie 2"),
            "{}",
            marker.summary()
        );
    }

    #[test]
    fn unknown_kind_is_a_clear_error() {
        let err = EventBody::from_parts("iets-anders", serde_json::json!({})).unwrap_err();
        assert!(err.to_string().contains("iets-anders"));
    }
}
