//! The cases that come from the live console: a meeting with a disturbance.

use super::*;

impl Gen {
    /// A meeting (or a conversation at the town hall) with a disturbance,
    /// logged as the live console does: the disturbance at its key press,
    /// its category and place a moment later, sometimes a second person
    /// or a group, demands and leaving or removal per person.
    pub(super) fn open_live(&mut self, b: &mut Batch<'_>, n: usize) -> Result<(), StoreError> {
        let occurred = self.occurred[n].0;
        let r = &mut self.rng;
        let category = r.weighted(&[
            (Category::VerbaleAgressie, 40),
            (Category::BedreigingIntimidatie, 25),
            (Category::EmotioneelGedrag, 25),
            (Category::FysiekGeweld, 10),
        ]);
        let meeting_type = r.weighted(&[
            (MeetingType::Raadsvergadering, 48),
            (MeetingType::Commissie, 26),
            (MeetingType::Informatieavond, 10),
            (MeetingType::Anders, 3),
            (MeetingType::Gesprek, 13),
        ]);
        let conversation = meeting_type == MeetingType::Gesprek;
        let topic = r.pick(TOPICS);
        let title = match meeting_type {
            MeetingType::Raadsvergadering => {
                format!("Raadsvergadering {}", local(occurred).format("%-d-%-m-%Y"))
            }
            MeetingType::Commissie => format!("Commissie {}", r.pick(COMMITTEES)),
            MeetingType::Informatieavond => format!("Informatieavond over {topic}"),
            MeetingType::Anders => "Bijeenkomst met inwoners".to_string(),
            MeetingType::Gesprek => format!("Gesprek over {topic}"),
        };
        let (chair, location) = if conversation {
            (
                r.pick(&["wethouder", "burgemeester"]).to_string(),
                "Spreekkamer 1, Gemeentekantoor Aalten, Hofstraat 8, Aalten".to_string(),
            )
        } else {
            ("burgemeester".to_string(), "raadzaal".to_string())
        };
        let place = if conversation {
            "spreekkamer".to_string()
        } else {
            r.pick(LIVE_PLACES).to_string()
        };
        let what = format!(
            "{} {}",
            fill(r.pick(LIVE_WHAT), topic, "de voorzitter", ""),
            r.pick(LIVE_MORE)
        );
        // A second person or a group now and then; each has their demands.
        let persons: u8 = if r.chance(0.2) { 2 } else { 1 };
        let second_kind = if r.chance(0.5) {
            PerpetratorKind::Collectief
        } else {
            PerpetratorKind::Persoon
        };
        let demands: Vec<u8> = (0..persons)
            .map(|_| {
                if conversation {
                    r.weighted(&[(1u8, 70), (2, 30)])
                } else {
                    r.weighted(&[(1u8, 30), (2, 25), (3, 45)])
                }
            })
            .collect();
        let leaves = demands[0] < 3 || r.chance(0.2);
        let decision = r.weighted(&[
            (AangifteChoice::Nee, 50),
            (AangifteChoice::Ja, 30),
            (AangifteChoice::Later, 20),
        ]);
        let griffier_demands = !conversation && r.chance(0.2);
        let protection = category == Category::FysiekGeweld && r.chance(0.3);
        let corrected_note = r.chance(0.05);
        let mut t = occurred - r.range(15, 90) * MINUTE;
        let step = |r: &mut Rng, t: &mut i64, lo: i64, hi: i64| {
            *t += r.range(lo, hi) * 1000;
            *t
        };

        let m = self.emit(
            b,
            t,
            "griffie",
            None,
            None,
            EventBody::MeetingStarted {
                meeting_type,
                title,
                chair,
                location,
                town_hall: true,
                risk_check: None,
            },
        )?;
        let mid = m.meeting_id;
        t = occurred;
        let d = self.emit(
            b,
            t,
            "griffie",
            mid,
            None,
            EventBody::DisturbanceStarted {
                number: 1,
                category: None,
                place: String::new(),
                description: String::new(),
                opened_by: None,
            },
        )?;
        let cid = d.case_id;
        self.case_ids[n] = cid;
        self.stats.cases += 1;
        self.stats.live_cases += 1;
        let at = step(&mut self.rng, &mut t, 2, 20);
        self.emit(
            b,
            at,
            "griffie",
            mid,
            cid,
            EventBody::DisturbanceDescribed {
                category: Some(category),
                place: Some(place),
                what: Some(what),
            },
        )?;
        if persons > 1 {
            let at = step(&mut self.rng, &mut t, 5, 40);
            self.emit(
                b,
                at,
                "griffie",
                mid,
                cid,
                EventBody::PersonAdded {
                    number: 2,
                    who: Who::of(second_kind),
                },
            )?;
        }
        let at = step(&mut self.rng, &mut t, 10, 40);
        if conversation {
            self.emit(b, at, "griffie", mid, cid, EventBody::ConversationEnded {})?;
        } else {
            self.emit(b, at, "griffie", mid, cid, EventBody::Suspended {})?;
            let at = step(&mut self.rng, &mut t, 5, 30);
            self.emit(b, at, "griffie", mid, cid, EventBody::LivestreamStopped {})?;
        }
        if protection {
            let at = step(&mut self.rng, &mut t, 5, 30);
            self.emit(
                b,
                at,
                "griffie",
                mid,
                cid,
                EventBody::PhysicalProtection {
                    confirmed_rule: true,
                },
            )?;
        }
        for round in 1..=3u8 {
            for (i, &wanted) in demands.iter().enumerate() {
                if round > wanted {
                    continue;
                }
                let at = step(&mut self.rng, &mut t, 30, 120);
                let by = if griffier_demands && round > 1 {
                    DemandBy::Griffier
                } else {
                    DemandBy::Voorzitter
                };
                let wording = if conversation {
                    "Ik beëindig dit gesprek en verzoek u het gebouw nu te verlaten.".to_string()
                } else {
                    DEMAND_WORDING[usize::from(round - 1)].to_string()
                };
                self.emit(
                    b,
                    at,
                    "griffie",
                    mid,
                    cid,
                    EventBody::Demand {
                        number: round,
                        by,
                        wording,
                        person: i as u8 + 1,
                    },
                )?;
            }
        }
        // The second person, if any, leaves by themselves.
        if persons > 1 {
            let at = step(&mut self.rng, &mut t, 20, 120);
            self.emit(
                b,
                at,
                "griffie",
                mid,
                cid,
                EventBody::LeftVoluntarily { person: 2 },
            )?;
        }
        if leaves {
            let at = step(&mut self.rng, &mut t, 20, 180);
            self.emit(
                b,
                at,
                "griffie",
                mid,
                cid,
                EventBody::LeftVoluntarily { person: 1 },
            )?;
        } else {
            let at = step(&mut self.rng, &mut t, 10, 60);
            self.emit(
                b,
                at,
                "griffie",
                mid,
                cid,
                EventBody::InterventionTeamCalled {},
            )?;
            let at = step(&mut self.rng, &mut t, 30, 120);
            self.emit(b, at, "griffie", mid, cid, EventBody::PoliceCalled {})?;
            let at = step(&mut self.rng, &mut t, 300, 1_500);
            self.emit(b, at, "griffie", mid, cid, EventBody::PoliceArrived {})?;
            let at = step(&mut self.rng, &mut t, 60, 600);
            self.emit(
                b,
                at,
                "griffie",
                mid,
                cid,
                EventBody::RemovedByPolice { person: 1 },
            )?;
        }
        if corrected_note {
            let at = step(&mut self.rng, &mut t, 20, 120);
            let note = self.emit(
                b,
                at,
                "griffie",
                mid,
                cid,
                EventBody::Note {
                    text: "Veroorzaker verliet de zaal via de nooduitgang.".to_string(),
                },
            )?;
            let at = step(&mut self.rng, &mut t, 20, 120);
            self.stats.events += 1;
            b.append(NewEvent {
                at: local(at),
                actor: "griffie".to_string(),
                meeting_id: mid,
                case_id: cid,
                corrects: Some(note.seq),
                disturbance: None,
                body: EventBody::Correction {
                    reason: "verkeerde uitgang genoteerd: het was de hoofdingang".to_string(),
                },
            })?;
        }
        let at = step(&mut self.rng, &mut t, 60, 600);
        self.emit(
            b,
            at,
            "griffie",
            mid,
            cid,
            EventBody::AangifteDecision {
                decision,
                decided_by: AANGIFTE_DECIDERS.iter().map(|s| s.to_string()).collect(),
                dissent: String::new(),
            },
        )?;
        let at = step(&mut self.rng, &mut t, 10, 60);
        self.emit(b, at, "griffie", mid, cid, EventBody::DisturbanceEnded {})?;
        if !conversation {
            let at = step(&mut self.rng, &mut t, 30, 300);
            self.emit(b, at, "griffie", mid, cid, EventBody::LivestreamResumed {})?;
            let at = step(&mut self.rng, &mut t, 5, 60);
            self.emit(b, at, "griffie", mid, cid, EventBody::Resumed {})?;
        }
        let at = step(&mut self.rng, &mut t, 1_800, 7_200);
        self.emit(b, at, "griffie", mid, None, EventBody::MeetingEnded {})?;

        // Afterwards: who was targeted, if anyone in particular.
        let role = if self.rng.chance(0.6) {
            let role = self.rng.weighted(&[
                (VictimRole::Burgemeester, 35),
                (VictimRole::Wethouder, 30),
                (VictimRole::Raadslid, 30),
                (VictimRole::Fractievolger, 5),
            ]);
            let victim = victim(&mut self.rng, role);
            let at = t + self.rng.range(1, 48) * HOUR;
            self.q
                .event(at, n, "griffie", EventBody::VictimRecorded { victim });
            Some(role)
        } else {
            None
        };
        let plan_role = role.unwrap_or(VictimRole::Burgemeester);
        self.plan(n, t, category, plan_role, None, "griffie");
        if decision == AangifteChoice::Ja {
            let at = t + self.rng.range(12, 48) * HOUR;
            self.q.event(
                at,
                n,
                "griffie",
                EventBody::AangifteFiled {
                    on: date(at),
                    vpt: true,
                    domicile: DOMICILE.to_string(),
                    police_reference: police_reference(&mut self.rng, at),
                },
            );
        }
        Ok(())
    }
}
