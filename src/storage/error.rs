use std::path::PathBuf;

/// What went wrong in the store, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path} kon niet worden geopend: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("map {path} kon niet worden aangemaakt: {source}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "database {path} heeft schemaversie {found}, nieuwer dan dit programma kent ({known}); gebruik een nieuwere raadsorde"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "database {path} staat op een netwerkschijf ({kind}). Daar werkt de vergrendeling van SQLite niet betrouwbaar, en twee werkplekken kunnen dan de bewijsketen beschadigen. Zet het register op een schijf van deze computer (bijvoorbeeld met --db); twee werkplekken zijn twee terminals of SSH-sessies op dezelfde computer."
    )]
    NetworkFilesystem { path: PathBuf, kind: String },
    #[error("{0}")]
    Sqlite(String),
    #[error("opgeslagen gebeurtenis {seq} is onleesbaar: {reason}")]
    Corrupt { seq: u64, reason: String },
    #[error(transparent)]
    Body(#[from] crate::domain::event::BodyError),
    /// The event was refused before anything was written; nothing is stored.
    #[error("niet opgeslagen: {0}")]
    Invalid(String),
    /// A domain rule refused the event, checked against what is committed;
    /// the message says why (and what was logged last). Nothing is stored.
    #[error("{0}")]
    Refused(String),
    /// A projection (case register) holds a value this program cannot read.
    #[error("register onleesbaar: {0}")]
    Projection(String),
}

impl StoreError {
    /// Whether the event was refused (by a rule, or as invalid) rather than
    /// failing to be written: a refusal is final, a failure is retried.
    pub fn is_refusal(&self) -> bool {
        matches!(self, StoreError::Refused(_) | StoreError::Invalid(_))
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(describe(&e))
    }
}

/// A Dutch description of a SQLite failure, naming the likely cause.
pub fn describe(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    if let rusqlite::Error::SqliteFailure(f, msg) = e {
        let detail = msg.as_deref().unwrap_or("");
        let what = match f.code {
            C::DiskFull => "de schijf is vol",
            C::DatabaseBusy | C::DatabaseLocked => {
                "de database is vergrendeld door een ander proces"
            }
            C::ReadOnly => "de database is alleen-lezen",
            C::CannotOpen => "het bestand kan niet worden geopend",
            C::PermissionDenied => "geen toegang tot het bestand",
            C::DatabaseCorrupt | C::NotADatabase => "het bestand is geen (geldige) database",
            C::SystemIoFailure => "schrijffout op de schijf",
            C::ConstraintViolation => "de database weigert deze wijziging",
            _ => "databasefout",
        };
        if detail.is_empty() {
            format!("opslaan mislukt: {what}")
        } else {
            format!("opslaan mislukt: {what} ({detail})")
        }
    } else {
        format!("databasefout: {e}")
    }
}
