//! How each event changes a case file: its opening, its classification,
//! and every later step of its handling, applied in order by
//! [`CaseFile::derive`](super::CaseFile::derive).

use chrono::DateTime;

use super::{
    AangifteFiling, CaseFile, CaseNote, Classification, Communication, Damage, EvidenceItem,
    Measure, Origin, StatusEntry, TalkHeld, TalkPlan, Time,
};
use crate::domain::category::Category;
use crate::domain::event::{Event, EventBody};

impl CaseFile {
    /// Opens the file; a live disturbance may not have its category yet.
    pub(super) fn open(
        &mut self,
        origin: Origin,
        event: &Event,
        occurred_at: Time,
        category: Option<Category>,
    ) {
        self.origin = origin;
        self.meeting_id = event.meeting_id;
        self.occurred_at = occurred_at;
        self.classifications.clear();
        if let Some(category) = category {
            self.classify(category, event.at, String::new());
        }
    }

    /// A classification, the first or a new one.
    pub(super) fn classify(&mut self, category: Category, at: Time, reason: String) {
        self.category = category;
        self.classifications.push(Classification {
            category,
            at,
            reason,
        });
    }

    /// Whether the category is known (a live disturbance gets it from the
    /// console before it goes to the register).
    pub fn category_known(&self) -> bool {
        !self.classifications.is_empty()
    }

    pub(super) fn apply(&mut self, event: &Event) {
        let at = event.at;
        match &event.body {
            EventBody::CaseOpened {
                occurred_at,
                channel,
                victim,
                what,
                place,
                category,
            } => {
                let occurred = DateTime::parse_from_rfc3339(occurred_at).unwrap_or(at);
                self.open(Origin::Intake, event, occurred, Some(*category));
                self.channel = Some(*channel);
                self.victim = Some(victim.clone());
                self.what = what.clone();
                self.place = place.clone();
            }
            EventBody::DisturbanceStarted {
                category,
                place,
                description,
                ..
            } => {
                self.open(Origin::Live, event, at, *category);
                self.what = description.clone();
                self.place = place.clone();
            }
            EventBody::DisturbanceDescribed {
                category,
                place,
                what,
            } => {
                match category {
                    Some(c) if !self.category_known() => self.classify(*c, at, String::new()),
                    Some(c) if *c != self.category => {
                        self.classify(*c, at, "gewijzigd in de live console".into())
                    }
                    _ => {}
                }
                if let Some(p) = place {
                    self.place = p.clone();
                }
                if let Some(w) = what {
                    self.what = w.clone();
                }
            }
            EventBody::VictimRecorded { victim } => self.victim = Some(victim.clone()),
            EventBody::Reclassified { category, reason } => {
                self.classify(*category, at, reason.clone());
            }
            EventBody::Informed { recipient, on } => self.informed.push((*recipient, *on)),
            EventBody::EvidenceAdded { .. } => self.add_evidence(event),
            EventBody::PerpetratorLinked { perpetrator }
                if !self.perpetrators.contains(perpetrator) =>
            {
                self.perpetrators.push(*perpetrator);
            }
            EventBody::MeasureRecorded {
                kind,
                decided_on,
                decided_by,
                start,
                end,
                status,
                note,
            } => self.measures.push(Measure {
                id: event.seq,
                kind: *kind,
                decided_on: *decided_on,
                decided_by: decided_by.clone(),
                start: *start,
                end: *end,
                status: *status,
                status_since: at,
                note: note.clone(),
            }),
            EventBody::MeasureStatusChanged { measure, status } => {
                if let Some(m) = self.measures.iter_mut().find(|m| m.id == *measure) {
                    m.status = *status;
                    m.status_since = at;
                }
            }
            EventBody::AftercarePlanned { talk, on, by } => {
                self.talk_mut(*talk).planned = Some(TalkPlan {
                    on: *on,
                    by: by.clone(),
                });
            }
            EventBody::AftercareHeld {
                talk,
                on,
                by,
                referral,
            } => {
                self.talk_mut(*talk).held = Some(TalkHeld {
                    on: *on,
                    by: by.clone(),
                    referral: *referral,
                });
            }
            EventBody::AftercareDeclined { talk, on } => {
                self.talk_mut(*talk).declined = Some(*on);
            }
            EventBody::ConsentRecorded { consent } => {
                self.consent = Some(*consent);
                self.consent_at = Some(at);
            }
            EventBody::AangifteFiled {
                on,
                vpt,
                domicile,
                police_reference,
            } => {
                self.aangifte = Some(AangifteFiling {
                    seq: event.seq,
                    on: *on,
                    vpt: *vpt,
                    domicile: domicile.clone(),
                    police_reference: police_reference.clone(),
                });
            }
            EventBody::AangifteDecision { decision, .. } => {
                self.aangifte_decision = Some((*decision, at));
            }
            EventBody::OmInformed { on } => self.om_informed = Some(*on),
            EventBody::SeriousInjury { known_at } if self.serious_injury.is_none() => {
                self.serious_injury = Some(at);
                self.injury_known = known_at
                    .as_deref()
                    .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                    .or(Some(at));
            }
            EventBody::ArbeidsinspectieNotified { on } => {
                self.arbeidsinspectie_notified = Some(*on);
            }
            EventBody::DamageRecorded {
                description,
                amount,
                paid_to_victim,
                recovered,
            } => self.damages.push(Damage {
                seq: event.seq,
                description: description.clone(),
                amount: *amount,
                paid_to_victim: *paid_to_victim,
                recovered: *recovered,
            }),
            EventBody::CommunicationSet {
                may_inform_others,
                spokesperson,
            } => {
                self.communication = Some(Communication {
                    may_inform_others: *may_inform_others,
                    spokesperson: spokesperson.clone(),
                });
            }
            EventBody::SecurityMeasuresNoted { text } => {
                self.security_measures = Some(text.clone());
            }
            EventBody::StatusChanged { status, reason } => {
                self.status = *status;
                self.status_history.push(StatusEntry {
                    status: *status,
                    at,
                    reason: reason.clone(),
                });
            }
            EventBody::Note { text } => self.notes.push(CaseNote {
                seq: event.seq,
                at,
                text: text.clone(),
            }),
            // The other live steps and the meeting itself are on the timeline only.
            _ => {}
        }
    }

    pub(super) fn add_evidence(&mut self, event: &Event) {
        if let EventBody::EvidenceAdded {
            platform,
            account,
            urls,
            message_at,
            file_path,
            file_sha256,
            norm_communicated,
            reported_to_platform,
        } = &event.body
        {
            self.evidence.push(EvidenceItem {
                seq: event.seq,
                platform: platform.clone(),
                account: account.clone(),
                urls: urls.clone(),
                message_at: message_at.clone(),
                file_path: file_path.clone(),
                file_sha256: file_sha256.clone(),
                norm_communicated: *norm_communicated,
                reported_to_platform: *reported_to_platform,
            });
        }
    }
}
