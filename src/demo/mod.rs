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
//! Events are appended in time order across cases, a few thousand per
//! transaction, through the same chain and projections as the console's.
//! Nothing depends on the clock: the same seed gives the same register.

mod content;

use content::*;
use std::cmp::Ordering;
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

/// Events per transaction.
const BATCH_EVENTS: usize = 4_000;
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
    let mut g = Gen::new(cases, seed);
    let mut more = true;
    while more {
        more = store.batch(|b| {
            let start = g.stats.events;
            while g.stats.events - start < BATCH_EVENTS as u64 {
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

/// xorshift64*, seeded through splitmix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[0, n)`; 0 when `n` is 0.
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// Uniform in `[lo, hi]`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo).max(0) as u64 + 1) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut r = self.below(total);
        for (item, w) in items {
            if r < u64::from(*w) {
                return *item;
            }
            r -= u64::from(*w);
        }
        items[items.len() - 1].0
    }
}

/// Something to log at a time.
enum Action {
    /// Open case `n` (the index into `Gen::occurred`).
    Open(usize),
    Event {
        case: usize,
        actor: &'static str,
        body: EventBody,
    },
    /// Link a perpetrator of the pool, registering it at its first case.
    Perpetrator { case: usize, perp: usize },
    /// The newest measure of the case is completed.
    MeasureDone { case: usize },
}

struct Item {
    at: i64,
    tie: u64,
    action: Action,
}

impl PartialEq for Item {
    fn eq(&self, other: &Item) -> bool {
        (self.at, self.tie) == (other.at, other.tie)
    }
}
impl Eq for Item {}
impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Item) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Item {
    /// Reversed: the heap yields the earliest first.
    fn cmp(&self, other: &Item) -> Ordering {
        (other.at, other.tie).cmp(&(self.at, self.tie))
    }
}

struct Perp {
    kind: PerpetratorKind,
    description: String,
    name: String,
    /// Its id once registered.
    id: Option<u64>,
}

/// Entries waiting for their time, earliest first.
struct Queue {
    heap: BinaryHeap<Item>,
    tie: u64,
    /// Entries after this are dropped: not yet happened.
    end: i64,
    /// Per case: the time of its latest event so far.
    latest: std::collections::HashMap<usize, i64>,
}

impl Queue {
    fn schedule(&mut self, at: i64, action: Action) {
        if at <= self.end {
            self.tie += 1;
            self.heap.push(Item {
                at,
                tie: self.tie,
                action,
            });
        }
    }

    fn event(&mut self, at: i64, case: usize, actor: &'static str, body: EventBody) {
        let latest = self.latest.entry(case).or_insert(at);
        *latest = (*latest).max(at);
        self.schedule(at, Action::Event { case, actor, body });
    }

    /// `at`, or just after the case's latest event if that is later: a case
    /// is closed only after everything done on it (the rules refuse
    /// handling of a closed case).
    fn after_all(&self, case: usize, at: i64) -> i64 {
        self.latest
            .get(&case)
            .map_or(at, |latest| at.max(latest + MINUTE))
    }
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

    /// A meeting (or a conversation at the town hall) with a disturbance,
    /// logged as the live console does: the disturbance at its key press,
    /// its category and place a moment later, sometimes a second person
    /// or a group, demands and leaving or removal per person.
    fn open_live(&mut self, b: &mut Batch<'_>, n: usize) -> Result<(), StoreError> {
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

    /// Schedules the handling of a case (§6) after it was registered at `t0`.
    fn plan(
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
