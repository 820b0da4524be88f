//! The case browser as a state machine, like the live console: keys and
//! store answers in, effects out. No terminal and no database here.

use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::form::Form;
use super::forms::Purpose;
use crate::config::Config;
use crate::domain::access::Role;
use crate::domain::casefile::{CaseFile, Repeat, incident_order};
use crate::domain::{Event, NewEvent};
use crate::keymap::{Action, Keymap, Section};
use crate::live::{Field, Flash, Level, SaveStatus};
use crate::storage::worker::LoadedCase;
use crate::storage::{AccessLogView, CaseListRow, CaseQuery, CaseTotal, PerpetratorRow};

type Time = DateTime<FixedOffset>;

/// The open case file.
#[derive(Debug, Clone)]
pub struct OpenCase {
    pub id: u64,
    pub number: String,
    pub file: CaseFile,
    /// Linked perpetrators with first/repeated incident.
    pub perpetrators: Vec<(PerpetratorRow, Repeat)>,
    /// Timeline lines scrolled up from the newest.
    pub scroll: u16,
    /// The section to show first (opened from the deadline board).
    pub focus: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help {
        scroll: u16,
    },
    SupportLines,
    /// Choosing the entry to correct (index into the correctable rows).
    CorrectPick {
        cursor: usize,
    },
    /// Who has which role (action `roles`): identities × roles; an admin
    /// grants or revokes the role under the cursor.
    Roles {
        matrix: Vec<(String, Vec<Role>)>,
        row: usize,
        col: usize,
    },
    /// The deadline board (action `deadline-board`): every due item of the
    /// cases the user may see, most urgent first; Enter opens the case.
    Board {
        board: crate::storage::DueBoard,
        at: DateTime<FixedOffset>,
        cursor: usize,
    },
    /// The access log (action `access-log`), for the privacy officer.
    AccessLog {
        log: AccessLogView,
        view: AccessLogMode,
        scroll: u16,
    },
}

/// Which part of the access log is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccessLogMode {
    /// Every access, newest first.
    #[default]
    All,
    /// How often each identity looked.
    PerIdentity,
    /// How often each case was looked at.
    PerCase,
}

impl AccessLogMode {
    pub fn next(self) -> AccessLogMode {
        match self {
            AccessLogMode::All => AccessLogMode::PerIdentity,
            AccessLogMode::PerIdentity => AccessLogMode::PerCase,
            AccessLogMode::PerCase => AccessLogMode::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AccessLogMode::All => "alle inzage, nieuwste eerst",
            AccessLogMode::PerIdentity => "per gebruiker",
            AccessLogMode::PerCase => "per zaak",
        }
    }
}

/// Input to the browser.
#[derive(Debug, Clone)]
// One message per key or store answer: size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Listed {
        seq: u64,
        rows: Vec<CaseListRow>,
        total: CaseTotal,
    },
    /// The exact number of matches of list `seq`, after a capped one.
    Counted {
        seq: u64,
        total: u64,
    },
    Loaded(LoadedCase),
    /// The matrix of roles, or why it cannot be shown.
    Roles(Result<Vec<(String, Vec<Role>)>, String>),
    /// The access log, or why it cannot be shown.
    AccessLog(Result<AccessLogView, String>),
    /// The due items for the board, or why they cannot be shown.
    DueItems(Result<crate::storage::DueBoard, String>),
    /// A role was granted or revoked (`Ok`: what), or refused (why).
    Assigned(Result<String, String>),
    /// The open case was handed over (`Ok`: what), or refused (why).
    HandedOver(Result<String, String>),
    /// The store committed the oldest of this screen's waiting writes.
    Committed(Event),
    /// The store refused the oldest of this screen's waiting writes when it
    /// was written (a rule, against what another workstation wrote).
    Refused(String),
    /// Events another process (a second workstation) committed.
    External(Vec<Event>),
    Tick,
}

/// What the event loop must do for the browser.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Effect {
    /// Run the query; answer with `Listed` carrying the same `seq`.
    List {
        seq: u64,
        query: CaseQuery,
    },
    /// Load a case again (it is on screen already); answer with `Loaded`.
    Load(u64),
    /// Open a case on screen: the store checks that it may be seen, logs
    /// the view in the access log, and answers with `Loaded`.
    Open(u64),
    /// Ask for the matrix of roles; answered with `Roles`.
    Roles,
    /// Ask for the access log; answered with `AccessLog`.
    AccessLog,
    /// Ask for the due items; answered with `DueItems`.
    DueItems,
    /// Hand a live case over to the roles on its route (the chair's aide);
    /// answered with `HandedOver`.
    HandOver(u64),
    /// Grant (or revoke) a role; answered with `Assigned` and `Roles`.
    Assign {
        identity: String,
        role: Role,
        grant: bool,
    },
    /// Append durably (through the app's outbox); answered with
    /// `Committed` or `Refused`.
    Append(NewEvent),
    SwitchScreen,
    /// Try a failed write again now.
    Retry,
    /// The user asks to quit; the app decides (and asks if anything waits).
    Quit,
}

/// A form whose event waits in the outbox: kept whole until the store has
/// committed it, so that a refusal gives it back as typed.
#[derive(Debug, Clone)]
pub(super) struct Sent {
    /// The case it was typed on; `None` for an intake.
    pub case: Option<u64>,
    pub form: Form<Purpose>,
}

pub struct Browser {
    pub config: Config,
    /// A case asked to open from the deadline board, with its section.
    pub focus_next: Option<(u64, String)>,
    pub keymap: Keymap,
    pub now: Time,
    pub query: CaseQuery,
    pub search: Field,
    /// Typing goes to the search field.
    pub searching: bool,
    pub rows: Vec<CaseListRow>,
    /// How many cases match: exact, or (while `total_exact` is false) at
    /// least this many, the exact number still being counted.
    pub total: u64,
    pub total_exact: bool,
    /// Index into `rows`.
    pub cursor: usize,
    /// The sequence number of the newest query asked for.
    pub(super) asked: u64,
    pub loading: bool,
    pub open: Option<OpenCase>,
    pub form: Option<Form<Purpose>>,
    /// Forms left with Esc, each with the case it was typed on (`None`:
    /// an intake): a draft comes back only on its own case and form.
    pub(super) drafts: Vec<(Option<u64>, Form<Purpose>)>,
    pub popup: Option<Popup>,
    pub flash: Option<Flash>,
    /// Forms whose events wait in the outbox, oldest first.
    pub(super) sent: std::collections::VecDeque<Sent>,
    /// What the outbox holds (all screens), as the app last said.
    pub saving: SaveStatus,
    /// The field a failed submit points at.
    pub(super) refocus: Option<usize>,
    /// Who is looking (the identity the store acts for), shown in the
    /// header; `None` where no identity is set (tests, scripts).
    pub identity: Option<String>,
}

impl Browser {
    pub fn new(config: Config, keymap: Keymap, now: Time) -> Browser {
        Browser {
            config,
            focus_next: None,
            keymap,
            now,
            query: CaseQuery::default(),
            search: Field::new("Zoeken", "", 80),
            searching: false,
            rows: Vec::new(),
            total: 0,
            total_exact: true,
            cursor: 0,
            asked: 0,
            loading: false,
            open: None,
            form: None,
            drafts: Vec::new(),
            popup: None,
            flash: None,
            sent: Default::default(),
            saving: SaveStatus::default(),
            refocus: None,
            identity: None,
        }
    }

    /// Who is looking, and what their roles mean for this screen: said at
    /// once when they see no case at all.
    pub fn set_viewer(&mut self, identity: &str, roles: &[Role]) {
        use crate::domain::access;
        self.identity = Some(identity.to_string());
        let sees_cases =
            access::roles_mask(roles) != 0 || roles.contains(&Role::Voorzittersassistent);
        if sees_cases {
            return;
        }
        let key = |a: Action| {
            self.keymap
                .key_for(Section::Cases, a)
                .map(|k| k.to_string())
                .unwrap_or_else(|| a.name())
        };
        let text = if roles.is_empty() {
            format!(
                "U ({identity}) hebt nog geen rol in dit register en ziet dus geen zaken. Vraag de beheerder van raadsorde om een rol."
            )
        } else {
            format!(
                "Uw rol ziet geen zaakinhoud; {} toont het toegangslogboek, {} de gebruikers en rollen.",
                key(Action::AccessLog),
                key(Action::Roles)
            )
        };
        self.say(text, Level::Warning);
    }

    /// The first query, when the browser is shown.
    pub fn start(&mut self) -> Vec<Effect> {
        vec![self.relist()]
    }

    pub(super) fn relist(&mut self) -> Effect {
        self.asked += 1;
        self.loading = true;
        self.query.text = self.search.cleaned();
        Effect::List {
            seq: self.asked,
            query: self.query.clone(),
        }
    }

    pub(super) fn say(&mut self, text: impl Into<String>, level: Level) {
        self.flash = Some(Flash {
            text: text.into(),
            level,
        });
    }

    pub fn selected(&self) -> Option<&CaseListRow> {
        self.rows.get(self.cursor)
    }

    pub fn update(&mut self, msg: Msg, now: Time) -> Vec<Effect> {
        self.now = now;
        let mut fx = Vec::new();
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => self.key(key, &mut fx),
            Msg::Key(_) | Msg::Tick => {}
            Msg::Paste(text) => {
                if let Some(form) = &mut self.form {
                    if !form.paste(&text) {
                        self.say("Geplakte tekst ingekort.", Level::Warning);
                    }
                } else if self.searching {
                    self.search.paste(&text);
                    fx.push(self.relist());
                }
            }
            Msg::Listed { seq, rows, total } => {
                if seq == self.asked {
                    self.loading = false;
                    self.rows = rows;
                    self.total = total.at_least();
                    self.total_exact = total.is_exact();
                    self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
                }
            }
            Msg::Counted { seq, total } => {
                if seq == self.asked {
                    self.total = total;
                    self.total_exact = true;
                }
            }
            Msg::Loaded(loaded) => self.loaded(loaded),
            Msg::Committed(event) => {
                let sent = self.sent.pop_front();
                let intake = sent.as_ref().is_some_and(|s| s.case.is_none());
                let case = event.case_id;
                if intake {
                    self.say("Zaak geregistreerd.", Level::Info);
                } else {
                    self.say("Vastgelegd.", Level::Info);
                }
                // The case shown follows the save: a new case opens, the
                // open case shows its new entry.
                let shown = self.open.as_ref().map(|o| o.id);
                if let Some(id) = case {
                    if intake {
                        // A new case opens on screen: a view like any other.
                        fx.push(Effect::Open(id));
                    } else if shown == Some(id) {
                        fx.push(Effect::Load(id));
                    }
                }
                fx.push(self.relist());
            }
            Msg::Roles(Ok(matrix)) => {
                let (row, col) = match &self.popup {
                    Some(Popup::Roles { row, col, .. }) => (*row, *col),
                    _ => (0, 0),
                };
                let row = row.min(matrix.len().saturating_sub(1));
                self.popup = Some(Popup::Roles { matrix, row, col });
            }
            Msg::AccessLog(Ok(log)) => {
                self.popup = Some(Popup::AccessLog {
                    log,
                    view: AccessLogMode::All,
                    scroll: 0,
                });
            }
            Msg::DueItems(Ok(board)) => {
                self.popup = Some(Popup::Board {
                    board,
                    at: now,
                    cursor: 0,
                });
            }
            Msg::Roles(Err(reason)) | Msg::AccessLog(Err(reason)) | Msg::DueItems(Err(reason)) => {
                self.say(reason, Level::Error);
            }
            Msg::Assigned(Ok(what)) => self.say(what, Level::Info),
            Msg::HandedOver(Ok(what)) => {
                // It may be out of this viewer's sight now: back to the list.
                self.open = None;
                self.say(what, Level::Info);
                fx.push(self.relist());
            }
            Msg::HandedOver(Err(reason)) => self.say(reason, Level::Error),
            Msg::Assigned(Err(reason)) => self.say(reason, Level::Error),
            Msg::Refused(reason) => self.refused(reason),
            Msg::External(events) => {
                let shown = self.open.as_ref().map(|o| o.id);
                if let Some(id) = shown
                    && events.iter().any(|e| e.case_id == Some(id))
                {
                    fx.push(Effect::Load(id));
                }
                if self.form.is_none() && self.flash.as_ref().is_none_or(|f| f.level == Level::Info)
                {
                    self.say(
                        "Bijgewerkt met wat een andere werkplek vastlegde.",
                        Level::Info,
                    );
                }
                fx.push(self.relist());
            }
        }
        fx
    }

    /// The section whose keys apply now.
    pub fn section(&self) -> Section {
        if self.form.is_some() || self.searching {
            Section::Form
        } else if self.open.is_some() {
            Section::Case
        } else {
            Section::Cases
        }
    }

    /// The drafts that quitting would lose, by name.
    pub fn draft_names(&self) -> Vec<String> {
        self.drafts
            .iter()
            .map(|(case, form)| match case {
                Some(id) => format!("{} (zaak #{id})", form.title),
                None => form.title.clone(),
            })
            .chain(
                self.form
                    .iter()
                    .filter(|f| f.has_typed_text())
                    .map(|f| format!("{} (open formulier)", f.title)),
            )
            .collect()
    }

    /// A form the store refused when it was written: it comes back as typed,
    /// with why, on its own case; on another case it is kept as a draft there.
    fn refused(&mut self, reason: String) {
        let Some(sent) = self.sent.pop_front() else {
            return;
        };
        let shown = self.open.as_ref().map(|o| o.id);
        let text = format!("GEWEIGERD bij opslaan: {reason}");
        if self.form.is_none() && (sent.case == shown || sent.case.is_none()) {
            self.form = Some(sent.form);
        } else {
            self.drafts
                .retain(|(c, d)| !(*c == sent.case && d.purpose == sent.form.purpose));
            self.drafts.push((sent.case, sent.form));
        }
        self.say(text, Level::Error);
    }

    fn loaded(&mut self, loaded: LoadedCase) {
        let file = CaseFile::derive(loaded.id, &loaded.events);
        let perpetrators = loaded
            .perpetrators
            .into_iter()
            .map(|(row, cases)| {
                let repeat = incident_order(&cases, loaded.id);
                (row, repeat)
            })
            .collect();
        let scroll = match &self.open {
            Some(o) if o.id == loaded.id => o.scroll,
            _ => 0,
        };
        let focus = match (&self.focus_next, &self.open) {
            (Some((id, section)), _) if *id == loaded.id => Some(section.clone()),
            (_, Some(o)) if o.id == loaded.id => o.focus.clone(),
            _ => None,
        };
        self.focus_next = None;
        self.open = Some(OpenCase {
            id: loaded.id,
            number: loaded.number,
            file,
            perpetrators,
            scroll,
            focus,
        });
    }

    fn key(&mut self, key: KeyEvent, fx: &mut Vec<Effect>) {
        if let Some(form) = self.form.take() {
            self.form_key(form, key, fx);
            return;
        }
        if let Some(popup) = self.popup.take() {
            self.popup_key(popup, key, fx);
            return;
        }
        if self.searching {
            self.search_key(key, fx);
            return;
        }
        if self.open.is_some() {
            match self.keymap.action(Section::Case, &key) {
                Some(a) => self.case_action(a, fx),
                None => self.unbound(key, Section::Case),
            }
        } else {
            match self.keymap.action(Section::Cases, &key) {
                Some(a) => self.list_action(a, fx),
                None => self.unbound(key, Section::Cases),
            }
        }
    }

    fn unbound(&mut self, key: KeyEvent, section: Section) {
        if let KeyCode::Char(c) = key.code {
            let help = self
                .keymap
                .key_for(section, Action::Help)
                .map(|k| format!(" ({k} toont alle toetsen)"))
                .unwrap_or_default();
            self.say(
                format!("Toets {c} heeft hier geen functie{help}."),
                Level::Warning,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A capped count shows as a lower bound until the exact number of the
    /// same query arrives; an exact number of an older query is ignored.
    #[test]
    fn a_capped_count_waits_for_the_exact_number_of_its_own_query() {
        let now = crate::domain::time::now();
        let mut b = Browser::new(Config::default(), Keymap::defaults(), now);
        let Effect::List { seq: old, .. } = b.relist() else {
            panic!("relist asks for a list");
        };
        let Effect::List { seq, .. } = b.relist() else {
            panic!("relist asks for a list");
        };
        b.update(
            Msg::Listed {
                seq,
                rows: Vec::new(),
                total: CaseTotal::MoreThan(1_000),
            },
            now,
        );
        assert_eq!((b.total, b.total_exact), (1_000, false));
        b.update(Msg::Counted { seq: old, total: 7 }, now);
        assert_eq!((b.total, b.total_exact), (1_000, false), "an older query");
        b.update(Msg::Counted { seq, total: 92_804 }, now);
        assert_eq!((b.total, b.total_exact), (92_804, true));
        // The next list starts over.
        let Effect::List { seq, .. } = b.relist() else {
            panic!("relist asks for a list");
        };
        b.update(
            Msg::Listed {
                seq,
                rows: Vec::new(),
                total: CaseTotal::Exact(3),
            },
            now,
        );
        assert_eq!((b.total, b.total_exact), (3, true));
    }
}
