use std::path::PathBuf;

/// What the store was doing when something went wrong: the first word of
/// the message ("openen mislukt", "lezen mislukt", "opslaan mislukt").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Open,
    Read,
    Save,
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Action::Open => "openen",
            Action::Read => "lezen",
            Action::Save => "opslaan",
        }
    }
}

/// What went wrong in the store, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path} kon niet worden geopend: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("map {path} kon niet worden aangemaakt: {}", io_text(source))]
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
    /// A schema version this program does not know (negative, or an old
    /// one it cannot read without migrating, which a read-only open cannot).
    #[error(
        "database {path} heeft schemaversie {found}, die dit programma niet kent (het kent 1 tot en met {known}); controleer of dit een register van raadsorde is"
    )]
    UnknownSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// The tables do not match the schema version the file claims.
    #[error(
        "database {path} zegt schemaversie {found} te hebben, maar de tabellen passen daar niet bij (bijwerken naar versie {step} lukte niet: {reason}); de versie is waarschijnlijk buiten raadsorde om gewijzigd: gebruik een reservekopie, of controleer het bestand met raadsorde verify"
    )]
    SchemaMismatch {
        path: PathBuf,
        found: i64,
        step: i64,
        reason: String,
    },
    /// The path does not exist; nothing was created.
    #[error(
        "database {path} bestaat niet (er is niets aangemaakt); controleer het pad (--db of RAADSORDE_DB)"
    )]
    NotFound { path: PathBuf },
    /// A zero-byte file: not a register (yet), and certainly not an intact one.
    #[error(
        "{path} is leeg (0 bytes) en is geen register; controleer of u het goede bestand hebt (--db), of gebruik een reservekopie"
    )]
    EmptyFile { path: PathBuf },
    /// A file that is not a register of this program.
    #[error("{path} is geen register van raadsorde: {reason}; controleer het pad (--db)")]
    NotARegister { path: PathBuf, reason: String },
    /// An unencrypted register, made by an older raadsorde.
    #[error(
        "database {path} is niet versleuteld (gemaakt door een oudere raadsorde); zet het om met: raadsorde versleutel --db {path} (het register wordt voor en na gecontroleerd; het oude bestand verdwijnt pas als het nieuwe klopt)"
    )]
    Unencrypted { path: PathBuf },
    /// An encrypted file, and no key anywhere.
    #[error(
        "database {path} is versleuteld, maar er is geen registersleutel gevonden (gezocht in {looked}); zet de sleutel terug met raadsorde sleutel herstel HERSTELKOPIE, of geef hem met RAADSORDE_REGISTERSLEUTEL; er is niets geschreven"
    )]
    NoKey { path: PathBuf, looked: String },
    /// No key opens it: a wrong key, or not a register at all.
    #[error(
        "database {path} kan niet worden geopend met de registersleutel uit {tried}: de sleutel hoort niet bij dit register, of het bestand is geen register van raadsorde (of het begin ervan is beschadigd); controleer het pad (--db), en is het het goede register, zet dan de goede sleutel terug met raadsorde sleutel herstel HERSTELKOPIE; er is niets geschreven"
    )]
    WrongKey { path: PathBuf, tried: String },
    /// The key could not be read or kept.
    #[error(transparent)]
    Key(#[from] super::key::KeyError),
    /// A file system error, with the path it concerns.
    #[error("{path}: {} mislukt: {}", action.verb(), io_text(source))]
    Io {
        path: PathBuf,
        action: Action,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Sqlite(String),
    /// A database error with what the store was doing.
    #[error("{} mislukt: {reason}", action.verb())]
    Failed { action: Action, reason: String },
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
    /// A head receipt could not be written or read, or the register does
    /// not hold the newest receipt's head; the message says why and what
    /// to do.
    #[error("{0}")]
    Receipt(String),
    /// A backup or restore refused or failed; the whole message, in Dutch,
    /// with the paths and what to do.
    #[error("{0}")]
    Backup(String),
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

    /// Says what the store was doing: a database error becomes
    /// "{action} mislukt: …"; other errors already say what happened.
    pub fn during(self, action: Action) -> StoreError {
        match self {
            StoreError::Sqlite(reason) => StoreError::Failed { action, reason },
            other => other,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(reason(&e))
    }
}

/// A Dutch description of a SQLite failure, naming the likely cause and
/// what to do, for a save (the most common case; see [`describe_as`]).
pub fn describe(e: &rusqlite::Error) -> String {
    describe_as(Action::Save, e)
}

/// A Dutch description of a SQLite failure during `action`.
pub fn describe_as(action: Action, e: &rusqlite::Error) -> String {
    format!("{} mislukt: {}", action.verb(), reason(e))
}

/// What went wrong and what to do, without the action. SQLite's own
/// (English) text is left out where the code says enough.
fn reason(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    match e {
        rusqlite::Error::SqliteFailure(f, msg) => {
            let known = match f.code {
                C::DiskFull => Some("de schijf is vol; maak ruimte vrij en probeer het opnieuw"),
                C::DatabaseBusy | C::DatabaseLocked => Some(
                    "de database is vergrendeld door een ander proces; wacht even of sluit het andere programma en probeer het opnieuw",
                ),
                C::ReadOnly => Some(
                    "de database is alleen-lezen; controleer de schrijfrechten op het bestand en zijn map",
                ),
                C::CannotOpen => Some(
                    "het bestand kan niet worden geopend; controleer of het pad bestaat en toegankelijk is",
                ),
                C::PermissionDenied => {
                    Some("geen toegang tot het bestand; controleer de rechten op het bestand")
                }
                C::DatabaseCorrupt | C::NotADatabase => Some(
                    "het bestand is geen (geldige) database; controleer het pad of gebruik een reservekopie (raadsorde verify meldt wat beschadigd is)",
                ),
                C::SystemIoFailure => Some(
                    "lees- of schrijffout op de schijf; controleer de schijf en probeer het opnieuw",
                ),
                _ => None,
            };
            match (known, f.code, msg.as_deref()) {
                (Some(what), _, _) => what.to_string(),
                // A refusal by a trigger of this program is already Dutch.
                (None, C::ConstraintViolation, Some(m)) if is_ours(m) => {
                    format!("de database weigert deze wijziging: {m}")
                }
                (None, C::ConstraintViolation, _) => {
                    "de database weigert deze wijziging (een regel van het register)".to_string()
                }
                // SQLite's own words are kept for whoever has to look into it.
                (None, _, Some(m)) => format!(
                    "databasefout (SQLite-code {}: {m}); noteer deze melding en neem contact op met beheer",
                    f.extended_code
                ),
                (None, _, None) => format!(
                    "databasefout (SQLite-code {}); noteer deze melding en neem contact op met beheer",
                    f.extended_code
                ),
            }
        }
        rusqlite::Error::Utf8Error(..) | rusqlite::Error::FromSqlConversionFailure(..) => {
            "een waarde in de database is onleesbaar (beschadigd?); voer raadsorde verify uit"
                .to_string()
        }
        other => {
            format!("databasefout ({other}); noteer deze melding en neem contact op met beheer")
        }
    }
}

/// Whether a SQLite message is one of this program's own (Dutch) refusals.
fn is_ours(msg: &str) -> bool {
    msg.contains("gebeurtenissen")
}

/// A Dutch description of an operating-system error, with what to do.
pub fn io_text(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "bestaat niet; controleer het pad",
        K::PermissionDenied => "geen toegang; controleer de rechten op het bestand en zijn map",
        K::AlreadyExists => {
            "er bestaat al een bestand met die naam (geen map); kies een ander pad of verplaats dat bestand"
        }
        K::NotADirectory => "een deel van het pad is een bestand, geen map; kies een ander pad",
        K::IsADirectory => "dit is een map, geen bestand; geef het pad van een bestand",
        K::ReadOnlyFilesystem => "het bestandssysteem is alleen-lezen; kies een schrijfbare plek",
        K::StorageFull => "de schijf is vol; maak ruimte vrij en probeer het opnieuw",
        K::QuotaExceeded => "de schijfruimte (quota) is op; maak ruimte vrij",
        K::FileTooLarge => "het bestand is te groot voor dit bestandssysteem",
        K::InvalidFilename => "de naam is ongeldig; kies een andere naam",
        K::Interrupted | K::WouldBlock | K::TimedOut => "onderbroken; probeer het opnieuw",
        K::BrokenPipe => "de uitvoer is gesloten (pijp afgebroken)",
        K::ResourceBusy => "het bestand is in gebruik; sluit het andere programma",
        _ => "besturingssysteemfout",
    };
    match e.raw_os_error() {
        Some(code) => format!("{what} (foutcode {code})"),
        None => what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: std::ffi::c_int, msg: &str) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(msg.into()))
    }

    #[test]
    fn the_message_says_what_the_store_was_doing() {
        let e = || {
            sqlite(
                rusqlite::ffi::SQLITE_CANTOPEN,
                "unable to open database file",
            )
        };
        assert!(describe_as(Action::Open, &e()).starts_with("openen mislukt: "));
        let read = StoreError::from(e()).during(Action::Read).to_string();
        assert!(read.starts_with("lezen mislukt: "), "{read}");
        assert!(!read.contains("opslaan"), "{read}");
        let save = StoreError::from(sqlite(
            rusqlite::ffi::SQLITE_FULL,
            "database or disk is full",
        ))
        .during(Action::Save)
        .to_string();
        assert!(
            save.starts_with("opslaan mislukt: de schijf is vol"),
            "{save}"
        );
        // SQLite's English text is left out where the code says enough.
        assert!(!save.contains("disk is full"), "{save}");
        // Other errors keep what they say.
        let refused = StoreError::Invalid("x".into())
            .during(Action::Save)
            .to_string();
        assert_eq!(refused, "niet opgeslagen: x");
    }

    #[test]
    fn os_errors_are_dutch_and_say_what_to_do() {
        use std::io::{Error, ErrorKind};
        for (kind, expected) in [
            (ErrorKind::NotFound, "bestaat niet"),
            (
                ErrorKind::AlreadyExists,
                "er bestaat al een bestand met die naam",
            ),
            (ErrorKind::PermissionDenied, "geen toegang"),
            (ErrorKind::StorageFull, "de schijf is vol"),
        ] {
            let text = io_text(&Error::from(kind));
            assert!(text.contains(expected), "{kind:?}: {text}");
        }
        let text = io_text(&Error::from_raw_os_error(17));
        assert!(text.contains("bestaat al een bestand"), "{text}");
        assert!(text.contains("foutcode 17"), "{text}");
        assert!(!text.contains("File exists"), "{text}");
    }
}
