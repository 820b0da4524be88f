//! A synthetic register for demonstrations and benchmarks: realistic cases
//! over several years, deterministic for a seed.
//!
//! About 15% of the cases come from the live console (a council meeting with
//! a disturbance, demands, police, the aangifte decision); the rest are
//! intake cases, reported afterwards through every channel. Cases get the
//! handling of protocol §6: the reporting route, evidence, perpetrators
//! (shared across cases, a few of them repeat offenders), measures,
//! aftercare, aangifte, notes and status changes, handled as the deadlines
//! ask (the route within the day, the talks in their terms or declined, old
//! cases closed), so that the deadline board of a demo register shows what
//! a real one would: the recent cases' open duties, a few overdue. On
//! average about thirteen events per case: 100,000 cases make about 1.3
//! million events.
//!
//! Events are appended in time order across cases, tens of thousands per
//! transaction, through the same chain and projections as the console's.
//! Nothing depends on the clock: the same seed gives the same register.

mod content;
mod handling;
mod meeting;
mod queue;
mod rng;

use content::*;
use queue::{Action, Item, Queue};
use rng::Rng;
use std::collections::BinaryHeap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

use crate::domain::case::{
    CaseStatus, Channel, MeasureKind, MeasureStatus, PerpetratorKind, Recipient, Talk, Victim,
    VictimRole,
};
use crate::domain::event::{
    AANGIFTE_DECIDERS, AangifteChoice, DemandBy, EventBody, MeetingType, Who,
};
use crate::domain::{Category, NewEvent, chain, time};
use crate::storage::{Batch, Store, StoreError};

/// What [`generate`] made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoStats {
    pub cases: usize,
    /// Of which from a meeting (the live console).
    pub live_cases: usize,
    pub perpetrators: usize,
    pub events: u64,
}

/// Events per transaction. A commit writes every page the transaction
/// changed, and the same pages (the newest events, the cases being handled,
/// the tails of the indexes) change again in the next one: at 100,000 cases
/// 4,000 events per transaction took 156 s, 20,000 took 94 s, 60,000 took
/// 71–86 s (`time raadsorde demo --cases 100000`). A case whose handling
/// spans two transactions is read back and settled in each: on 7 December,
/// run in turn, 60,000 took 72–77 s and 120,000 took 65–66 s (150,000 and
/// 300,000 bought nothing more that the spread could show). Memory stays
/// bounded by the transaction: the cases' events it has read (peak 155 MiB
/// at 60,000, 180 MiB at 120,000, 256 MiB at 300,000).
const BATCH_EVENTS: u64 = 120_000;
/// Share of perpetrator links that go to a repeat offender.
const REPEAT_SHARE: f64 = 0.35;
/// Share of cases that come from a disturbance in a meeting.
const LIVE_SHARE: f64 = 0.15;
/// Incidents happen between these days (inclusive, local time).
const FIRST_DAY: (i32, u32, u32) = (2021, 1, 4);
const LAST_DAY: (i32, u32, u32) = (2026, 10, 31);
/// Nothing is logged after this day: recent cases are still being handled.
const DATA_END: (i32, u32, u32) = (2026, 11, 30);

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// Fills `store` with `cases` synthetic cases, deterministically for `seed`.
pub fn generate(store: &mut Store, cases: usize, seed: u64) -> Result<DemoStats, StoreError> {
    store.set_page_cache(Some(BULK_CACHE_KIB))?;
    let generated = fill_register(store, cases, seed);
    store.set_page_cache(None)?;
    generated
}

/// The page cache while the demo fills a register: the cases being handled
/// are spread over the whole file. 64 MiB took the 100,000-case demo from
/// 190 s to 156 s; 256 MiB bought nothing more.
const BULK_CACHE_KIB: i64 = 64 * 1024;

fn fill_register(store: &mut Store, cases: usize, seed: u64) -> Result<DemoStats, StoreError> {
    let mut g = Gen::new(cases, seed);
    let mut more = true;
    while more {
        more = store.batch(|b| {
            let start = g.stats.events;
            while g.stats.events - start < BATCH_EVENTS {
                if !g.step(b)? {
                    return Ok(false);
                }
            }
            Ok(true)
        })?;
    }
    g.stats.perpetrators = g.perps.iter().filter(|p| p.id.is_some()).count();
    Ok(g.stats)
}

struct Perp {
    kind: PerpetratorKind,
    description: String,
    name: String,
    /// Its id once registered.
    id: Option<u64>,
}

struct Gen {
    rng: Rng,
    /// Per case: when it happened (UTC ms) and whether in a meeting; sorted.
    occurred: Vec<(i64, bool)>,
    next_case: usize,
    case_ids: Vec<Option<u64>>,
    /// Per case: the id of its newest measure.
    last_measure: Vec<Option<u64>>,
    q: Queue,
    /// The first `repeaters` are repeat offenders; then one-off perpetrators.
    perps: Vec<Perp>,
    repeaters: usize,
    stats: DemoStats,
}

fn local_ms(ymd: (i32, u32, u32), hour: u32, minute: u32) -> i64 {
    let naive = NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2)
        .and_then(|d| d.and_hms_opt(hour, minute, 0))
        .unwrap_or_default();
    Amsterdam
        .from_local_datetime(&naive)
        .earliest()
        // A time in the spring-forward gap: an hour later exists.
        .or_else(|| {
            Amsterdam
                .from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.timestamp_millis())
        .unwrap_or_default()
}

fn local(ms: i64) -> DateTime<FixedOffset> {
    time::to_local(DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default())
}

fn date(ms: i64) -> NaiveDate {
    local(ms).date_naive()
}

impl Gen {
    fn new(cases: usize, seed: u64) -> Gen {
        let mut rng = Rng::new(seed);
        let first = local_ms(FIRST_DAY, 0, 0);
        let days = ((local_ms(LAST_DAY, 0, 0) - first) / DAY).max(1);
        let mut occurred: Vec<(i64, bool)> = (0..cases)
            .map(|_| {
                // Slightly more incidents in later years.
                let day = ((rng.unit().sqrt() * days as f64) as i64).min(days);
                let live = rng.chance(LIVE_SHARE);
                let (h, m) = if live {
                    (rng.range(19, 22), rng.range(0, 59))
                } else if rng.chance(0.7) {
                    (rng.range(8, 17), rng.range(0, 59))
                } else {
                    (rng.range(0, 23), rng.range(0, 59))
                };
                let start = first + day * DAY;
                let ymd = {
                    let d = date(start + 12 * HOUR);
                    (
                        chrono::Datelike::year(&d),
                        chrono::Datelike::month(&d),
                        chrono::Datelike::day(&d),
                    )
                };
                (local_ms(ymd, h as u32, m as u32), live)
            })
            .collect();
        occurred.sort_unstable();
        let repeaters = (cases / 50).max(1);
        let perps = (0..repeaters).map(|_| new_perp(&mut rng)).collect();
        Gen {
            rng,
            occurred,
            next_case: 0,
            case_ids: vec![None; cases],
            last_measure: vec![None; cases],
            q: Queue {
                heap: BinaryHeap::new(),
                tie: 0,
                end: local_ms(DATA_END, 23, 59),
                latest: Default::default(),
            },
            perps,
            repeaters,
            stats: DemoStats::default(),
        }
    }

    /// Logs the next thing in time order; `false` when all is done.
    fn step(&mut self, b: &mut Batch<'_>) -> Result<bool, StoreError> {
        // Every case that happened before the next pending entry is queued
        // (an opening is logged at or after the incident).
        while self.next_case < self.occurred.len() {
            let (at, live) = self.occurred[self.next_case];
            if self.q.heap.peek().is_some_and(|top| top.at < at) {
                break;
            }
            let registered = if live {
                at
            } else {
                at + 30 * MINUTE + (self.rng.unit().powi(3) * 3.0 * DAY as f64) as i64
            };
            let n = self.next_case;
            self.next_case += 1;
            self.q.tie += 1;
            self.q.heap.push(Item {
                at: registered,
                tie: self.q.tie,
                action: Action::Open(n),
            });
        }
        let Some(item) = self.q.heap.pop() else {
            return Ok(false);
        };
        match item.action {
            Action::Open(n) => {
                if self.occurred[n].1 {
                    self.open_live(b, n)?;
                } else {
                    self.open_intake(b, n, item.at)?;
                }
            }
            Action::Event { case, actor, body } => {
                let case_id = self.case_ids[case];
                let measure = matches!(body, EventBody::MeasureRecorded { .. });
                let e = self.emit_if_permitted(b, item.at, actor, case_id, body)?;
                if measure && let Some(e) = e {
                    self.last_measure[case] = Some(e.seq);
                }
            }
            Action::MeasureDone { case } => {
                if let Some(measure) = self.last_measure[case] {
                    let case_id = self.case_ids[case];
                    let body = EventBody::MeasureStatusChanged {
                        measure,
                        status: MeasureStatus::Afgerond,
                    };
                    self.emit_if_permitted(b, item.at, "griffie", case_id, body)?;
                }
            }
            Action::Perpetrator { case, perp } => {
                let case_id = self.case_ids[case];
                let p = &self.perps[perp];
                let body = match p.id {
                    Some(id) => EventBody::PerpetratorLinked { perpetrator: id },
                    None => EventBody::PerpetratorRegistered {
                        kind: p.kind,
                        description: p.description.clone(),
                        name: p.name.clone(),
                    },
                };
                let e = self.emit_if_permitted(b, item.at, "griffie", case_id, body)?;
                if self.perps[perp].id.is_none()
                    && let Some(e) = e
                {
                    self.perps[perp].id = Some(e.seq);
                }
            }
        }
        Ok(true)
    }

    /// A scheduled step of case handling: the history is made up, so now
    /// and then a step comes when the rules no longer allow it (a talk
    /// after the case was closed); like a user, the demo is refused then
    /// and goes on.
    fn emit_if_permitted(
        &mut self,
        b: &mut Batch<'_>,
        at: i64,
        actor: &str,
        case_id: Option<u64>,
        body: EventBody,
    ) -> Result<Option<crate::domain::Event>, StoreError> {
        let e = b.append_permitted(NewEvent {
            at: local(at),
            actor: actor.to_string(),
            meeting_id: None,
            case_id,
            corrects: None,
            disturbance: None,
            body,
        })?;
        if e.is_some() {
            self.stats.events += 1;
        }
        Ok(e)
    }

    fn emit(
        &mut self,
        b: &mut Batch<'_>,
        at: i64,
        actor: &str,
        meeting_id: Option<u64>,
        case_id: Option<u64>,
        body: EventBody,
    ) -> Result<crate::domain::Event, StoreError> {
        self.stats.events += 1;
        b.append(NewEvent {
            at: local(at),
            actor: actor.to_string(),
            meeting_id,
            case_id,
            corrects: None,
            disturbance: None,
            body,
        })
    }

    fn open_intake(
        &mut self,
        b: &mut Batch<'_>,
        n: usize,
        registered: i64,
    ) -> Result<(), StoreError> {
        let occurred = self.occurred[n].0;
        let r = &mut self.rng;
        let channel = r.weighted(&[
            (Channel::Persoonlijk, 30),
            (Channel::Email, 20),
            (Channel::SocialeMedia, 25),
            (Channel::Telefoon, 10),
            (Channel::Schriftelijk, 10),
            (Channel::Anders, 5),
        ]);
        let role = r.weighted(&[
            (VictimRole::Raadslid, 40),
            (VictimRole::Wethouder, 18),
            (VictimRole::Burgemeester, 12),
            (VictimRole::Fractievolger, 12),
            (VictimRole::Ambtenaar, 18),
        ]);
        let category = r.weighted(&[
            (Category::VerbaleAgressie, 35),
            (Category::BedreigingIntimidatie, 30),
            (Category::EmotioneelGedrag, 25),
            (Category::FysiekGeweld, 10),
        ]);
        let victim = victim(r, role);
        let what = what_happened(r, category, role, channel);
        let place = place(r, channel).to_string();
        let actor = actor_for(role);
        let e = self.emit(
            b,
            registered,
            actor,
            None,
            None,
            EventBody::CaseOpened {
                occurred_at: time::local_string(&local(occurred)),
                channel,
                victim: victim.clone(),
                what,
                place,
                category,
            },
        )?;
        self.case_ids[n] = e.case_id;
        self.stats.cases += 1;
        self.plan(n, registered, category, role, Some(channel), actor);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        assert_ne!(Rng::new(8).next(), xs[0]);
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
            assert!((3..=5).contains(&r.range(3, 5)));
        }
    }

    #[test]
    fn incidents_fall_within_the_years() {
        let g = Gen::new(500, 3);
        let first = local_ms(FIRST_DAY, 0, 0);
        let last = local_ms(LAST_DAY, 23, 59);
        assert!(g.occurred.iter().all(|(t, _)| (first..=last).contains(t)));
        assert!(g.occurred.windows(2).all(|w| w[0] <= w[1]));
        let live = g.occurred.iter().filter(|(_, l)| *l).count();
        assert!((30..=120).contains(&live), "{live}");
    }
}
