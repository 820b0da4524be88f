//! The handling of a case after it was registered (protocol §6).

use super::*;

impl Gen {
    /// Schedules the handling of a case (§6) after it was registered at `t0`.
    pub(super) fn plan(
        &mut self,
        n: usize,
        t0: i64,
        category: Category,
        role: VictimRole,
        channel: Option<Channel>,
        actor: &'static str,
    ) {
        let live = channel.is_none();
        let crossing = category.crosses_norm();
        let serious = matches!(
            category,
            Category::FysiekGeweld | Category::BedreigingIntimidatie
        );

        // Reporting route (§6.1), and the Commissaris van de Koning for a
        // burgemeester (§6.4): a normoverschrijdend case is nearly always
        // reported within the day, as the deadlines ask.
        let mut recipients: Vec<Recipient> =
            crate::domain::casefile::route(role).recipients().collect();
        if role == VictimRole::Burgemeester && crossing {
            recipients.push(Recipient::CommissarisVanDeKoning);
        }
        for (i, recipient) in recipients.into_iter().enumerate() {
            if self.rng.chance(if crossing { 0.97 } else { 0.3 }) {
                let at = t0 + (i as i64 + 1) * self.rng.range(10, 600) * MINUTE;
                let body = EventBody::Informed {
                    recipient,
                    on: date(at),
                };
                self.q.event(at, n, actor, body);
            }
        }

        // Online evidence.
        if matches!(channel, Some(Channel::SocialeMedia | Channel::Email)) && self.rng.chance(0.6) {
            let items = if self.rng.chance(0.2) { 2 } else { 1 };
            for i in 0..items {
                let at = t0 + self.rng.range(5, 240) * MINUTE;
                let body = evidence(&mut self.rng, channel, n, i, t0);
                self.q.event(at, n, actor, body);
            }
        }

        // Perpetrators: most appear once, a few repeat offenders often.
        let p_perp = match (live, crossing) {
            (true, _) => 0.55,
            (false, true) => 0.7,
            (false, false) => 0.3,
        };
        if self.rng.chance(p_perp) {
            let links = if self.rng.chance(0.1) { 2 } else { 1 };
            for _ in 0..links {
                let perp = if self.rng.chance(REPEAT_SHARE) {
                    // One of the repeat offenders; the first ones more often.
                    let u = self.rng.unit().powf(1.5);
                    ((u * self.repeaters as f64) as usize).min(self.repeaters - 1)
                } else {
                    let p = new_perp(&mut self.rng);
                    self.perps.push(p);
                    self.perps.len() - 1
                };
                let at = t0 + self.rng.range(20, 48 * 60) * MINUTE;
                self.q.schedule(at, Action::Perpetrator { case: n, perp });
            }
        }

        // Occasionally re-classified (§3: persisting behaviour).
        if self.rng.chance(0.05) {
            let (category, reason) = if category == Category::EmotioneelGedrag {
                (
                    Category::VerbaleAgressie,
                    "gedrag hield aan na aanspreken; nu gericht op de persoon",
                )
            } else {
                (
                    Category::BedreigingIntimidatie,
                    "bij nader inzien bedreigend: herhaalde berichten na waarschuwing",
                )
            };
            let at = t0 + self.rng.range(1, 14) * DAY;
            self.q.event(
                at,
                n,
                actor,
                EventBody::Reclassified {
                    category,
                    reason: reason.to_string(),
                },
            );
        }

        // Notes at any time.
        let notes = self.rng.weighted(&[(0u32, 45), (1, 40), (2, 12), (3, 3)]);
        for _ in 0..notes {
            let at = t0 + self.rng.range(30, 40 * 24 * 60) * MINUTE;
            let text = fill(
                self.rng.pick(NOTES),
                self.rng.pick(TOPICS),
                "het slachtoffer",
                self.rng.pick(PLATFORMS),
            );
            self.q.event(at, n, actor, EventBody::Note { text });
        }

        if !crossing && !self.rng.chance(0.15) {
            // Emotional behaviour: registered, no further handling.
            let at = self.q.after_all(n, t0 + self.rng.range(1, 10) * DAY);
            self.q.event(
                at,
                n,
                actor,
                EventBody::StatusChanged {
                    status: CaseStatus::Afgesloten,
                    reason: "geen normoverschrijding (emotioneel gedrag); geregistreerd"
                        .to_string(),
                },
            );
            return;
        }

        if self.rng.chance(0.75) {
            let started = t0 + self.rng.range(2, 72) * HOUR;
            self.q.event(
                started,
                n,
                actor,
                EventBody::StatusChanged {
                    status: CaseStatus::InBehandeling,
                    reason: "melding ontvangen en route gevolgd".to_string(),
                },
            );
        }

        // Aftercare (§6.3): three talks, each held in its term, or now and
        // then declined by the victim.
        if crossing || self.rng.chance(0.2) {
            let by = self
                .rng
                .pick(&["griffier", "gemeentesecretaris", "burgemeester"]);
            let talks = [
                (Talk::Eerste, self.rng.range(2, 20) * HOUR),
                (Talk::Tweede, self.rng.range(2, 3) * DAY),
                (Talk::Derde, self.rng.range(28, 42) * DAY),
            ];
            for (talk, after) in talks {
                let planned = t0 + after / 4 + self.rng.range(10, 120) * MINUTE;
                let held = t0 + after;
                // The first two are mostly held at once, without planning;
                // the third is planned.
                if talk == Talk::Derde || self.rng.chance(0.2) {
                    self.q.event(
                        planned,
                        n,
                        actor,
                        EventBody::AftercarePlanned {
                            talk,
                            on: date(held),
                            by: by.to_string(),
                        },
                    );
                }
                if !self.rng.chance(0.93) {
                    if self.rng.chance(0.7) {
                        let on = t0 + after / 2;
                        self.q.event(
                            on,
                            n,
                            actor,
                            EventBody::AftercareDeclined { talk, on: date(on) },
                        );
                    }
                } else {
                    let referral = talk == Talk::Derde && self.rng.chance(0.15);
                    self.q.event(
                        held,
                        n,
                        actor,
                        EventBody::AftercareHeld {
                            talk,
                            on: date(held),
                            by: by.to_string(),
                            referral,
                        },
                    );
                }
            }
        }

        // Measures (§6.2).
        let measures = self.rng.weighted(&[(0u32, 45), (1, 40), (2, 15)]);
        for _ in 0..measures {
            let kind = measure_kind(&mut self.rng, category, live);
            let decided = t0 + self.rng.range(1, 10) * DAY;
            let on = date(decided);
            let (start, end) = match kind {
                MeasureKind::Toegangsverbod | MeasureKind::BeperkingDienstverlening => {
                    let months = self.rng.range(1, 6) as u32;
                    (Some(on), on.checked_add_months(chrono::Months::new(months)))
                }
                MeasureKind::Vergaderverbod => {
                    let months = self.rng.range(1, 3) as u32;
                    (Some(on), on.checked_add_months(chrono::Months::new(months)))
                }
                _ => (None, None),
            };
            let decided_by = match kind {
                MeasureKind::Toegangsverbod | MeasureKind::Vergaderverbod => "burgemeester",
                _ => self
                    .rng
                    .pick(&["burgemeester", "gemeentesecretaris", "griffier"]),
            };
            let status = if self.rng.chance(0.3) {
                MeasureStatus::Voorgenomen
            } else {
                MeasureStatus::Genomen
            };
            let note = self.rng.pick(MEASURE_NOTES).to_string();
            self.q.event(
                decided,
                n,
                actor,
                EventBody::MeasureRecorded {
                    kind,
                    decided_on: on,
                    decided_by: decided_by.to_string(),
                    start,
                    end,
                    status,
                    note,
                },
            );
            // Its id is its seq, known once logged: the change of status
            // applies to the newest measure of the case by then.
            if status == MeasureStatus::Genomen && self.rng.chance(0.5) {
                let at = decided + self.rng.range(7, 120) * DAY;
                self.q.schedule(at, Action::MeasureDone { case: n });
            }
        }

        // Aangifte (§6.4), with the victim's consent.
        if serious && !live && self.rng.chance(0.45) {
            let at = t0 + self.rng.range(2, 48) * HOUR;
            let consent = self.rng.chance(0.85);
            self.q
                .event(at, n, actor, EventBody::ConsentRecorded { consent });
            if consent {
                let filed = at + self.rng.range(2, 40) * HOUR;
                self.q.event(
                    filed,
                    n,
                    actor,
                    EventBody::AangifteFiled {
                        on: date(filed),
                        vpt: true,
                        domicile: DOMICILE.to_string(),
                        police_reference: police_reference(&mut self.rng, filed),
                    },
                );
                if self.rng.chance(0.7) {
                    let om = filed + self.rng.range(1, 10) * DAY;
                    self.q
                        .event(om, n, actor, EventBody::OmInformed { on: date(om) });
                }
            }
        }
        if category == Category::FysiekGeweld {
            if self.rng.chance(0.08) {
                let at = t0 + self.rng.range(1, 6) * HOUR;
                self.q
                    .event(at, n, actor, EventBody::SeriousInjury { known_at: None });
                let at = at + self.rng.range(1, 20) * HOUR;
                self.q.event(
                    at,
                    n,
                    actor,
                    EventBody::ArbeidsinspectieNotified { on: date(at) },
                );
            }
            if self.rng.chance(0.25) {
                let amount = self.rng.range(40, 2_500) * 100;
                let recovered = if self.rng.chance(0.4) { amount } else { 0 };
                let at = t0 + self.rng.range(3, 30) * DAY;
                self.q.event(
                    at,
                    n,
                    actor,
                    EventBody::DamageRecorded {
                        description: self.rng.pick(DAMAGES).to_string(),
                        amount,
                        paid_to_victim: amount,
                        recovered,
                    },
                );
            }
        }
        if self.rng.chance(0.25) {
            let at = t0 + self.rng.range(1, 5) * DAY;
            self.q.event(
                at,
                n,
                actor,
                EventBody::CommunicationSet {
                    may_inform_others: self.rng.chance(0.6),
                    spokesperson: "burgemeester".to_string(),
                },
            );
        }
        if category == Category::BedreigingIntimidatie && self.rng.chance(0.06) {
            let at = t0 + self.rng.range(4, 72) * HOUR;
            self.q.event(
                at,
                n,
                actor,
                EventBody::SecurityMeasuresNoted {
                    text: self.rng.pick(SECURITY).to_string(),
                },
            );
        }

        // Closing, now and then reopened: nearly every case older than half
        // a year is closed; recent ones are still being handled.
        let old = t0 < self.q.end - 180 * DAY;
        if !self.rng.chance(if old { 0.995 } else { 0.85 }) {
            // Still being handled: most have a recent note.
            if !old && self.rng.chance(0.85) {
                let at = self.q.end - self.rng.range(0, 4) * DAY;
                let text = "Contact gehad met het slachtoffer; afhandeling loopt.".to_string();
                self.q.event(at, n, actor, EventBody::Note { text });
            }
        } else {
            let closed = self.q.after_all(n, t0 + self.rng.range(14, 90) * DAY);
            self.q.event(
                closed,
                n,
                actor,
                EventBody::StatusChanged {
                    status: CaseStatus::Afgesloten,
                    reason: self.rng.pick(CLOSING).to_string(),
                },
            );
            if self.rng.chance(0.04) {
                let reopened = closed + self.rng.range(3, 60) * DAY;
                self.q.event(
                    reopened,
                    n,
                    actor,
                    EventBody::StatusChanged {
                        status: CaseStatus::Open,
                        reason: "heropend: nieuw voorval met dezelfde veroorzaker".to_string(),
                    },
                );
                let at = reopened + self.rng.range(1, 10) * DAY;
                let text = "Na heropening opnieuw contact met het slachtoffer gehad.".to_string();
                self.q.event(at, n, actor, EventBody::Note { text });
                if self.rng.chance(0.9) {
                    let again = at + self.rng.range(3, 40) * DAY;
                    self.q.event(
                        again,
                        n,
                        actor,
                        EventBody::StatusChanged {
                            status: CaseStatus::Afgesloten,
                            reason: "na heropening afgehandeld".to_string(),
                        },
                    );
                }
            }
        }
    }
}
