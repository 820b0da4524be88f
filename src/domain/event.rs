//! The evidence log: everything that happens is an append-only event.
//! [`EventBody`] says what happened, with the values of `event/values.rs`;
//! `event/stored.rs` turns it into the kind and payload the register
//! stores, and back.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::access::{AccessKind, PersonLink, Role};
use super::case::{
    CaseStatus, Cents, Channel, MeasureKind, MeasureStatus, PerpetratorKind, Recipient, Talk,
    Victim,
};
use super::category::Category;
use super::live::FIRST_PERSON;

mod stored;
mod values;

pub use stored::BodyError;
pub use values::{
    AANGIFTE_DECIDERS, AangifteChoice, AlarmTarget, DemandBy, MeetingType, Setting, StreamCommand,
    Who,
};

fn first_person() -> u8 {
    FIRST_PERSON
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// What happened. The serde tag is the event's kind as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "kebab-case")]
pub enum EventBody {
    /// A meeting, conversation or gathering opened in the live console.
    MeetingStarted {
        meeting_type: MeetingType,
        title: String,
        chair: String,
        /// As read out on the 112 card: room, building, address.
        location: String,
        /// The location is the town hall (the municipal office), where the
        /// interventieteam is at hand during office hours.
        #[serde(default, skip_serializing_if = "is_false")]
        town_hall: bool,
        /// The risk check (§4.2) this session was prepared with: the seq
        /// of its `risk-check-recorded`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        risk_check: Option<u64>,
    },
    MeetingEnded {},
    /// The office holder ended the conversation (§5, first bullet).
    ConversationEnded {},
    /// A disturbance, logged at the key press, before anything else is
    /// known: the category, the place and the people are added with
    /// `disturbance-described` and `person-*` (or, in registers of before,
    /// given here). It opens a case; its first person is person 1.
    DisturbanceStarted {
        /// Its number within the meeting, from 1; 0 in registers of before
        /// (then: the next).
        #[serde(default)]
        number: u8,
        /// Not yet known when logged at the key press.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Category>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        place: String,
        /// Registers of before: the description of the person.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        description: String,
        /// The identity (operating-system account) that logged it: the
        /// chair's aide sees the case until it is handed over. Filled in
        /// by the store from who is writing; absent in registers of before.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opened_by: Option<String>,
    },
    /// Details of a disturbance added or changed from the console: only
    /// the fields given change.
    DisturbanceDescribed {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Category>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
        /// What happened.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        what: Option<String>,
    },
    /// Another person or group disturbing in the same disturbance.
    PersonAdded {
        /// Its number within the disturbance (person 1 came with it).
        number: u8,
        #[serde(flatten)]
        who: Who,
    },
    /// A person of a disturbance described (again): replaces what was said.
    PersonDescribed {
        person: u8,
        #[serde(flatten)]
        who: Who,
    },
    DisturbanceEnded {},
    Suspended {},
    Resumed {},
    Demand {
        /// The demand's number for its person: 1, 2 or 3.
        number: u8,
        by: DemandBy,
        wording: String,
        /// Which person of the disturbance it was made to.
        #[serde(default = "first_person")]
        person: u8,
    },
    LeftVoluntarily {
        #[serde(default = "first_person")]
        person: u8,
    },
    LivestreamStopped {},
    LivestreamResumed {},
    InterventionTeamCalled {},
    PoliceCalled {},
    PoliceArrived {},
    RemovedByPolice {
        #[serde(default = "first_person")]
        person: u8,
    },
    PhysicalProtection {
        confirmed_rule: bool,
    },
    AangifteDecision {
        decision: AangifteChoice,
        decided_by: Vec<String>,
        /// A decider who disagreed, and why, if any.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        dissent: String,
    },
    /// What OBS Studio answered when the program stopped or started the
    /// livestream itself (the step was logged at the key press already).
    StreamControlled {
        command: StreamCommand,
        ok: bool,
        detail: String,
    },
    /// A configured alarm command ran (SMS gateway, chat webhook): its
    /// exit status. What it was given carries no names.
    AlarmRun {
        target: AlarmTarget,
        ok: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        exit_code: Option<i32>,
        detail: String,
    },
    /// A risk check before a conversation or gathering (§4.2). CONFIDENTIAL
    /// (§7: security measures are never communicated): never in an export
    /// for others.
    RiskCheckRecorded {
        setting: Setting,
        /// What the session is about, without names.
        subject: String,
        /// When it is planned (RFC 3339), if known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        planned_at: Option<String>,
        location: String,
        /// A conversation: the second person from the organisation.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        second_person: String,
        #[serde(default, skip_serializing_if = "is_false")]
        intervention_team_informed: bool,
        /// In the secure zone (a room with an alarm button).
        #[serde(default, skip_serializing_if = "is_false")]
        secure_room: bool,
        /// A gathering: the burgemeester's assessment, the measures and the
        /// security.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        assessment: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        measures: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        security: String,
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
    /// The victim declined an aftercare talk (§6.3): not left overdue.
    AftercareDeclined {
        talk: Talk,
        on: NaiveDate,
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
    /// Physical or mental injury, hospital admission, permanent damage or
    /// death. `known_at` (RFC 3339): when the injury became known, if that
    /// was not when it was recorded; the Arbeidsinspectie term runs from the
    /// incident or from that moment, whichever is later.
    SeriousInjury {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        known_at: Option<String>,
    },
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
    /// The register was put back from a backup (`raadsorde restore`): the
    /// backup `from`, whose chain verified with `head_seq` events (its head
    /// hash `head`, hex), replaced the register; the file it replaced was
    /// kept as `replaced` (empty when there was none), with its head then.
    Restored {
        from: String,
        head_seq: u64,
        head: String,
        replaced: String,
        replaced_head_seq: Option<u64>,
        /// Refused without `--force` (older head, or not a continuation of
        /// the register it replaced), done with it.
        forced: bool,
    },
    /// The chain changed version here: the events before this one were
    /// chained with the formula of version `from`, this one and every event
    /// after it with that of version `to` (see `domain::chain`). Written
    /// once, at the first read-write open of an older register.
    ChainUpgraded {
        from: u8,
        to: u8,
    },

    // Who may see what (domain::access).
    /// A role given to an identity (an operating-system account), by an
    /// admin; the first identity of a register gets every role from
    /// `raadsorde` itself.
    RoleGranted {
        identity: String,
        role: Role,
        by: String,
    },
    /// A role taken from an identity, by an admin.
    RoleRevoked {
        identity: String,
        role: Role,
        by: String,
    },
    /// An identity is a person in the register: the victim of a case, or
    /// a registered perpetrator. Such cases are hidden from that identity.
    IdentityLinked {
        identity: String,
        link: PersonLink,
        by: String,
    },
    /// The chair's aide handed a case from the live console over: from now
    /// on only the roles on its route see it.
    CaseHandedOver {
        by: String,
    },
    /// Access log: a case opened on screen, an export, a report or a
    /// dossier; by whom (identity), what, and which case or scope. Not a
    /// case event (the case is in the payload), so it never changes a case.
    AccessLogged {
        identity: String,
        what: AccessKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        case: Option<u64>,
        /// What was covered, in words (a person, "hele register", a year).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        scope: String,
        /// The SHA-256 (hex) of the document written, where one was (a
        /// dossier): the file can be tied to this record later.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        sha256: String,
    },

    /// A stored event that could not be read back (a damaged register):
    /// shown as unreadable so the screens go on; never written.
    #[serde(skip)]
    Unreadable {
        seq: u64,
        reason: String,
    },
}

impl EventBody {
    /// Whether this is a step of the live console (§5): it is checked
    /// against the open meeting, not against a case file.
    pub fn is_live_step(&self) -> bool {
        matches!(
            self,
            EventBody::MeetingStarted { .. }
                | EventBody::MeetingEnded {}
                | EventBody::ConversationEnded {}
                | EventBody::DisturbanceStarted { .. }
                | EventBody::DisturbanceDescribed { .. }
                | EventBody::PersonAdded { .. }
                | EventBody::PersonDescribed { .. }
                | EventBody::DisturbanceEnded {}
                | EventBody::Suspended {}
                | EventBody::Resumed {}
                | EventBody::Demand { .. }
                | EventBody::LeftVoluntarily { .. }
                | EventBody::LivestreamStopped {}
                | EventBody::LivestreamResumed {}
                | EventBody::InterventionTeamCalled {}
                | EventBody::PoliceCalled {}
                | EventBody::PoliceArrived {}
                | EventBody::RemovedByPolice { .. }
                | EventBody::PhysicalProtection { .. }
                | EventBody::AangifteDecision { .. }
        )
    }

    /// Whether this event belongs to one disturbance of the open meeting
    /// (and so to its case).
    pub fn is_disturbance_step(&self) -> bool {
        self.is_live_step()
            && !matches!(
                self,
                EventBody::MeetingStarted { .. }
                    | EventBody::MeetingEnded {}
                    | EventBody::ConversationEnded {}
                    | EventBody::DisturbanceStarted { .. }
                    | EventBody::Suspended {}
                    | EventBody::Resumed {}
                    | EventBody::LivestreamStopped {}
                    | EventBody::LivestreamResumed {}
            )
    }

    /// Whether the content is confidential (§7: security measures are
    /// never communicated): no export meant for others may carry it.
    pub fn is_confidential(&self) -> bool {
        matches!(
            self,
            EventBody::SecurityMeasuresNoted { .. } | EventBody::RiskCheckRecorded { .. }
        )
    }

    /// Whether this event opens or closes a meeting or a disturbance. Such an
    /// entry can be corrected (its text struck through with a reason), but its
    /// effect stays: a meeting started by mistake is ended, not undone.
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
    /// Not stored: which disturbance of the meeting (its number) a step
    /// belongs to, for a step queued before that disturbance's case was
    /// committed. The store turns it into `case_id`.
    pub disturbance: Option<u8>,
    pub body: EventBody,
}

impl NewEvent {
    /// A step at `at` by `actor`, not yet tied to a meeting or case.
    pub fn new(at: DateTime<FixedOffset>, actor: impl Into<String>, body: EventBody) -> NewEvent {
        NewEvent {
            at,
            actor: actor.into(),
            meeting_id: None,
            case_id: None,
            corrects: None,
            disturbance: None,
            body,
        }
    }
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
#[path = "event_tests.rs"]
mod tests;
