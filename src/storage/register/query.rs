//! What the case list is asked (state, origin, sort, filters, search, a
//! page) and what it answers: a row per case, and the perpetrator register.

use crate::domain::Category;
use crate::domain::case::{CaseStatus, Channel, PerpetratorKind, VictimRole};

/// Where a case stands, as the register stores it: [`CaseStatus`] plus
/// `live` for a disturbance that has not ended yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseState {
    /// A disturbance in a meeting that is still going on.
    Live,
    Open,
    InBehandeling,
    Afgesloten,
}

impl CaseState {
    pub const ALL: [CaseState; 4] = [
        CaseState::Live,
        CaseState::Open,
        CaseState::InBehandeling,
        CaseState::Afgesloten,
    ];

    /// The stored name (`cases.status`).
    pub fn key(self) -> &'static str {
        match self {
            CaseState::Live => "live",
            CaseState::Open => "open",
            CaseState::InBehandeling => "in-behandeling",
            CaseState::Afgesloten => "afgesloten",
        }
    }

    /// The Dutch label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            CaseState::Live => "live",
            CaseState::Open => "open",
            CaseState::InBehandeling => "in behandeling",
            CaseState::Afgesloten => "afgesloten",
        }
    }

    pub fn from_key(key: &str) -> Option<CaseState> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl From<CaseStatus> for CaseState {
    fn from(status: CaseStatus) -> CaseState {
        match status {
            CaseStatus::Open => CaseState::Open,
            CaseStatus::InBehandeling => CaseState::InBehandeling,
            CaseStatus::Afgesloten => CaseState::Afgesloten,
        }
    }
}

/// Where a case came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseOrigin {
    /// Opened by a disturbance logged in the live console.
    Live,
    /// Entered afterwards (intake).
    Intake,
}

impl CaseOrigin {
    pub fn key(self) -> &'static str {
        match self {
            CaseOrigin::Live => "live",
            CaseOrigin::Intake => "intake",
        }
    }

    /// The Dutch label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            CaseOrigin::Live => "vergadering",
            CaseOrigin::Intake => "melding",
        }
    }

    pub(super) fn from_key(key: &str) -> Option<CaseOrigin> {
        [CaseOrigin::Live, CaseOrigin::Intake]
            .into_iter()
            .find(|o| o.key() == key)
    }
}

/// The order of the case list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseSort {
    /// Most recent occurrence first.
    #[default]
    Newest,
    /// Oldest occurrence first.
    Oldest,
    /// Earliest due next step first, cases without a due step last, then
    /// newest first.
    Urgency,
}

/// What the case list shows: every filter that is set must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseQuery {
    /// What the user typed in the search field. Every word must match the
    /// start of a word in the case's text (what happened, place, victim,
    /// notes, perpetrators), case and diacritics ignored. Empty: no search.
    pub text: String,
    pub status: Option<CaseState>,
    pub category: Option<Category>,
    /// The victim's role.
    pub role: Option<VictimRole>,
    pub channel: Option<Channel>,
    /// The year in which the incident happened (local time).
    pub year: Option<i32>,
    /// Only cases linked to this perpetrator (its id).
    pub perpetrator: Option<u64>,
    pub sort: CaseSort,
    /// Rows per page.
    pub limit: u32,
    /// Rows to skip.
    pub offset: u64,
}

impl Default for CaseQuery {
    /// Everything, newest first, 50 at a time.
    fn default() -> CaseQuery {
        CaseQuery {
            text: String::new(),
            status: None,
            category: None,
            role: None,
            channel: None,
            year: None,
            perpetrator: None,
            sort: CaseSort::Newest,
            limit: 50,
            offset: 0,
        }
    }
}

/// One line of the case list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseListRow {
    pub id: u64,
    /// E.g. `2026-0007`.
    pub number: String,
    /// When it happened: RFC 3339, Europe/Amsterdam, with offset.
    pub occurred_at: String,
    pub category: Option<Category>,
    /// `None` until the victim is recorded (live cases).
    pub victim_role: Option<VictimRole>,
    pub status: CaseState,
    /// `None` for cases from the live console.
    pub channel: Option<Channel>,
    pub origin: CaseOrigin,
    /// The next open step, from the case-file rules (not filled yet).
    pub next_step: Option<String>,
    /// When that step is due: RFC 3339 UTC.
    pub next_due_utc: Option<String>,
}

/// A perpetrator in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerpetratorRow {
    /// The seq of its `perpetrator-registered` event.
    pub id: u64,
    pub kind: PerpetratorKind,
    pub description: String,
    /// Empty when not known.
    pub name: String,
    /// When it was registered: RFC 3339, local.
    pub registered_at: String,
    /// Number of cases it is linked to.
    pub cases: u64,
}
