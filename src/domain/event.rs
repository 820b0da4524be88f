//! The evidence log: everything that happens is an append-only event.

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

/// The kind of meeting, conversation or gathering in which the console is
/// used (the "mode" chosen at start). Stored by its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingType {
    Raadsvergadering,
    Commissie,
    Informatieavond,
    /// Another gathering (bijeenkomst met inwoners).
    Anders,
    /// A conversation with a citizen (§5, first bullets): in the town hall
    /// or elsewhere.
    Gesprek,
}

/// The three situations of §5, each with its own flow in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Setting {
    /// A meeting of the council or a committee: the Reglement van orde,
    /// suspension, three demands, livestream.
    Vergadering,
    /// A conversation with a citizen: ended, the person told to leave the
    /// building; on refusal the interventieteam (office hours, in the town
    /// hall) or 112.
    Gesprek,
    /// Another (public) gathering, such as an information evening.
    Bijeenkomst,
}

impl Setting {
    /// The noun on screen: `vergadering`, `gesprek`, `bijeenkomst`.
    pub fn noun(self) -> &'static str {
        match self {
            Setting::Vergadering => "vergadering",
            Setting::Gesprek => "gesprek",
            Setting::Bijeenkomst => "bijeenkomst",
        }
    }

    /// The noun with a capital, at the start of a line.
    pub fn title(self) -> &'static str {
        match self {
            Setting::Vergadering => "Vergadering",
            Setting::Gesprek => "Gesprek",
            Setting::Bijeenkomst => "Bijeenkomst",
        }
    }

    /// Where the person is told to leave: the room, or the building.
    pub fn leave_what(self) -> &'static str {
        match self {
            Setting::Gesprek => "het gebouw",
            _ => "de zaal",
        }
    }
}

impl MeetingType {
    pub const ALL: [MeetingType; 5] = [
        MeetingType::Raadsvergadering,
        MeetingType::Commissie,
        MeetingType::Informatieavond,
        MeetingType::Anders,
        MeetingType::Gesprek,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MeetingType::Raadsvergadering => "raadsvergadering",
            MeetingType::Commissie => "commissie",
            MeetingType::Informatieavond => "informatieavond",
            MeetingType::Anders => "anders",
            MeetingType::Gesprek => "gesprek",
        }
    }

    /// As offered in the form that opens a session.
    pub fn choice_label(self) -> &'static str {
        match self {
            MeetingType::Raadsvergadering => "raadsvergadering",
            MeetingType::Commissie => "commissie",
            MeetingType::Informatieavond => "informatieavond",
            MeetingType::Anders => "andere bijeenkomst",
            MeetingType::Gesprek => "gesprek met een burger",
        }
    }

    /// Which flow of §5 this kind follows.
    pub fn setting(self) -> Setting {
        match self {
            MeetingType::Raadsvergadering | MeetingType::Commissie => Setting::Vergadering,
            MeetingType::Informatieavond | MeetingType::Anders => Setting::Bijeenkomst,
            MeetingType::Gesprek => Setting::Gesprek,
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

/// What the program asked OBS Studio to do with the livestream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StreamCommand {
    Stop,
    Start,
}

/// Who a configured alarm command was run for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlarmTarget {
    Interventieteam,
    Politie,
}

impl AlarmTarget {
    pub fn label(self) -> &'static str {
        match self {
            AlarmTarget::Interventieteam => "interventieteam",
            AlarmTarget::Politie => "politie (112)",
        }
    }
}

/// Who a person of a disturbance is, as far as told: stored flat in the
/// payload of `person-added` and `person-described`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Who {
    pub kind: PerpetratorKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Only if known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The register's perpetrator of the same name, found when this was
    /// written (the console shows only "bekend").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known: Option<u64>,
}

impl Who {
    /// Someone of this kind, nothing more told.
    pub fn of(kind: PerpetratorKind) -> Who {
        Who {
            kind,
            description: String::new(),
            name: String::new(),
            known: None,
        }
    }
}

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
    /// The stored payload is no JSON text at all.
    #[error("inhoud is geen geldige JSON: {0}")]
    Payload(#[source] serde_json::Error),
}

/// A stored event as the map serde's adjacently tagged `EventBody` reads:
/// `kind` first (so that serde picks the variant before it reads the data,
/// instead of buffering the data), then `data`, read straight from the
/// stored payload text.
struct Parts<'k, 'de> {
    kind: Option<&'k str>,
    data: Option<&'de str>,
}

impl<'de> serde::de::MapAccess<'de> for Parts<'_, 'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        use serde::de::IntoDeserializer;
        let key = match (self.kind, self.data) {
            (Some(_), _) => "kind",
            (None, Some(_)) => "data",
            (None, None) => return Ok(None),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::IntoDeserializer;
        if let Some(kind) = self.kind.take() {
            return seed.deserialize(kind.into_deserializer());
        }
        let data = self.data.take().unwrap_or("{}");
        let mut de = serde_json::Deserializer::from_str(data);
        let value = seed.deserialize(&mut de)?;
        de.end()?;
        Ok(value)
    }
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

    /// Rebuilds a body from its stored kind and payload text, read once
    /// (no intermediate JSON value): what every reader of the register
    /// uses. Equal to [`EventBody::from_parts`] of the parsed payload.
    pub fn from_stored(kind: &str, payload: &str) -> Result<EventBody, BodyError> {
        let parts = Parts {
            kind: Some(kind),
            data: Some(payload),
        };
        EventBody::deserialize(serde::de::value::MapAccessDeserializer::new(parts)).map_err(
            |source| {
                // A shape error may come before the text is read to its end:
                // whether the payload is JSON at all is asked apart.
                let syntax = serde_json::from_str::<serde::de::IgnoredAny>(payload).err();
                if source.is_syntax() || source.is_eof() {
                    BodyError::Payload(source)
                } else if let Some(syntax) = syntax {
                    BodyError::Payload(syntax)
                } else {
                    BodyError::Decode {
                        kind: kind.to_string(),
                        source,
                    }
                }
            },
        )
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
                town_hall: true,
                risk_check: Some(4),
            },
            EventBody::MeetingEnded {},
            EventBody::Demand {
                number: 2,
                by: DemandBy::Griffier,
                wording: "Verlaat de zaal".into(),
                person: 2,
            },
            EventBody::AangifteDecision {
                decision: AangifteChoice::Later,
                decided_by: AANGIFTE_DECIDERS.iter().map(|s| s.to_string()).collect(),
                dissent: "griffier: wel aangifte".into(),
            },
            EventBody::DisturbanceStarted {
                number: 2,
                category: None,
                place: String::new(),
                description: String::new(),
                opened_by: None,
            },
            EventBody::PersonAdded {
                number: 2,
                who: Who {
                    description: "groep bij de deur".into(),
                    ..Who::of(PerpetratorKind::Collectief)
                },
            },
            EventBody::RiskCheckRecorded {
                setting: Setting::Gesprek,
                subject: "bezwaar WOZ".into(),
                planned_at: None,
                location: "spreekkamer 1".into(),
                second_person: "J. de Vries".into(),
                intervention_team_informed: true,
                secure_room: true,
                assessment: String::new(),
                measures: String::new(),
                security: String::new(),
            },
            EventBody::Correction {
                reason: "verkeerde toets".into(),
            },
        ];
        for body in bodies {
            let (kind, payload) = body.to_parts().unwrap();
            assert_eq!(read_both(&kind, payload).unwrap(), body);
        }
    }

    /// Reads stored parts both ways, through a JSON value and straight
    /// from the text, and checks that they agree.
    fn read_both(kind: &str, payload: serde_json::Value) -> Result<EventBody, BodyError> {
        let text = crate::domain::chain::canonical_json(&payload);
        let direct = EventBody::from_stored(kind, &text);
        let via_value = EventBody::from_parts(kind, payload);
        match (&direct, &via_value) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{kind} {text}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{kind} {text}: {direct:?} against {via_value:?}"),
        }
        direct
    }

    #[test]
    fn a_stored_payload_that_is_no_json_is_named_as_such() {
        for text in ["", "{", "{\"reason\": \"x\"", "{} {}", "{}x", "nul"] {
            let err = EventBody::from_stored("correction", text).unwrap_err();
            assert!(matches!(err, BodyError::Payload(_)), "{text:?}: {err:?}");
            assert!(err.to_string().contains("geen geldige JSON"), "{err}");
        }
        // Valid JSON of the wrong shape, or an unknown kind: a decode error
        // that names the kind.
        for (kind, text) in [
            ("correction", "[1]"),
            ("correction", "{\"reason\": 5}"),
            ("correction", "{}"),
            ("iets-anders", "{}"),
        ] {
            let err = EventBody::from_stored(kind, text).unwrap_err();
            assert!(matches!(err, BodyError::Decode { .. }), "{text}: {err:?}");
            assert!(err.to_string().contains(kind), "{err}");
        }
        assert_eq!(
            EventBody::from_stored("correction", " {\"reason\": \"r\"} \n").unwrap(),
            EventBody::Correction { reason: "r".into() }
        );
    }

    #[test]
    fn payloads_of_before_still_read_with_their_old_meaning() {
        // A register written before persons and numbered disturbances: the
        // steps were the one person's, the category was given at once.
        let started = read_both(
            "disturbance-started",
            serde_json::json!({"category": "verbale-agressie", "place": "tribune", "description": "man met pet"}),
        )
        .unwrap();
        assert_eq!(
            started,
            EventBody::DisturbanceStarted {
                number: 0,
                category: Some(Category::VerbaleAgressie),
                place: "tribune".into(),
                description: "man met pet".into(),
                opened_by: None,
            }
        );
        let demand = read_both(
            "demand",
            serde_json::json!({"number": 1, "by": "voorzitter", "wording": "Verlaat de zaal"}),
        )
        .unwrap();
        assert!(matches!(demand, EventBody::Demand { person: 1, .. }));
        let left = read_both("left-voluntarily", serde_json::json!({})).unwrap();
        assert_eq!(left, EventBody::LeftVoluntarily { person: 1 });
        let meeting = read_both(
            "meeting-started",
            serde_json::json!({"meeting_type": "commissie", "title": "t", "chair": "c", "location": "l"}),
        )
        .unwrap();
        assert!(matches!(
            meeting,
            EventBody::MeetingStarted {
                town_hall: false,
                risk_check: None,
                ..
            }
        ));
        let decision = read_both(
            "aangifte-decision",
            serde_json::json!({"decision": "ja", "decided_by": ["voorzitter"]}),
        )
        .unwrap();
        assert!(
            matches!(decision, EventBody::AangifteDecision { ref dissent, .. } if dissent.is_empty())
        );
    }

    #[test]
    fn a_disturbance_logged_at_the_key_press_stores_only_what_is_known() {
        let (_, payload) = EventBody::DisturbanceStarted {
            number: 1,
            category: None,
            place: String::new(),
            description: String::new(),
            opened_by: None,
        }
        .to_parts()
        .unwrap();
        assert_eq!(payload, serde_json::json!({"number": 1}));
    }

    #[test]
    fn a_person_is_stored_flat() {
        let (_, payload) = EventBody::PersonAdded {
            number: 2,
            who: Who {
                name: "J. Jansen".into(),
                known: Some(12),
                ..Who::of(PerpetratorKind::Persoon)
            },
        }
        .to_parts()
        .unwrap();
        assert_eq!(
            payload,
            serde_json::json!({"number": 2, "kind": "persoon", "name": "J. Jansen", "known": 12})
        );
    }

    #[test]
    fn risk_checks_and_security_measures_are_confidential() {
        assert!(EventBody::SecurityMeasuresNoted { text: "x".into() }.is_confidential());
        assert!(!EventBody::PoliceCalled {}.is_confidential());
        let (kind, _) = EventBody::RiskCheckRecorded {
            setting: Setting::Bijeenkomst,
            subject: String::new(),
            planned_at: None,
            location: String::new(),
            second_person: String::new(),
            intervention_team_informed: false,
            secure_room: false,
            assessment: String::new(),
            measures: String::new(),
            security: String::new(),
        }
        .to_parts()
        .unwrap();
        assert_eq!(kind, "risk-check-recorded");
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
        let err = read_both("iets-anders", serde_json::json!({})).unwrap_err();
        assert!(err.to_string().contains("iets-anders"));
    }
}
