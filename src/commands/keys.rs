//! The register key: `raadsorde versleutel`, `deel` and `sleutel`, and the
//! passphrase typed without echo.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use raadsorde::cli;
use raadsorde::exit::Exit;
use raadsorde::storage;

use crate::KeyCommand;

/// `raadsorde versleutel`.
pub(crate) fn encrypt(db: &Path) -> anyhow::Result<ExitCode> {
    super::remove_rebuilds_on_stop()?;
    eprintln!(
        "raadsorde: {} wordt gecontroleerd en omgezet naar een versleuteld register…",
        db.display()
    );
    let done = storage::convert::encrypt_in_place(db)?;
    println!(
        "{} is versleuteld: {} gebeurtenissen, voor en na gecontroleerd (kop: {}). De sleutel staat in {}. Maak nu een herstelkopie: raadsorde sleutel herstelkopie BESTAND",
        db.display(),
        done.events,
        done.head
            .map_or("leeg".to_string(), |s| format!("gebeurtenis {s}")),
        done.key_source
    );
    Ok(Exit::Ok.into())
}

/// `raadsorde deel --groep GROEP`.
pub(crate) fn share(db: &Path, group: &str) -> anyhow::Result<ExitCode> {
    let shared = storage::share::share(db, group)?;
    println!(
        "{} en de map {} horen nu bij groep {} (gid {}): het register, zijn -wal en -shm 0660, de map 2770.",
        db.display(),
        shared.dir.display(),
        shared.group,
        shared.gid
    );
    println!(
        "Geef elk account een eigen kopie van de sleutel: hier `raadsorde sleutel herstelkopie BESTAND`, op het andere account `raadsorde --db {} sleutel herstel BESTAND`; verwijder het bestand daarna. De sleutel wordt nooit leesbaar voor de groep.",
        db.display()
    );
    Ok(Exit::Ok.into())
}

/// `raadsorde sleutel …`.
pub(crate) fn key_command(action: KeyCommand) -> anyhow::Result<ExitCode> {
    use storage::key::{Settings, Source};
    use storage::recovery;
    let settings = Settings::from_env();
    match action {
        KeyCommand::Waar => {
            let found = settings.candidates()?;
            if found.is_empty() {
                println!(
                    "Er is nog geen registersleutel (gezocht in {}); die wordt gemaakt bij de eerste start.",
                    storage::cipher::looked(&settings)
                );
            }
            for f in &found {
                println!("De registersleutel staat in {}.", f.source.label());
            }
        }
        KeyCommand::Herstelkopie { file } => {
            let Some(found) = settings.candidates()?.into_iter().next() else {
                anyhow::bail!(
                    "er is geen registersleutel (gezocht in {}); start raadsorde eenmaal, of zet een sleutel terug met raadsorde sleutel herstel",
                    storage::cipher::looked(&settings)
                );
            };
            let passphrase = read_passphrase(true)?;
            let text = recovery::seal(&found.key, &passphrase)?;
            recovery::write(&file, &text)?;
            println!(
                "Herstelkopie geschreven naar {} (alleen leesbaar voor u). Bewaar het bestand en de wachtzin op verschillende plaatsen; wie beide heeft, kan het register lezen.",
                file.display()
            );
        }
        KeyCommand::Herstel { file, vervang } => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                anyhow::anyhow!(
                    "herstelkopie {}: lezen mislukt: {}",
                    file.display(),
                    storage::io_text(&e)
                )
            })?;
            let passphrase = read_passphrase(false)?;
            let key = recovery::open(&file, &text, &passphrase)?;
            let existing = settings.candidates()?;
            if existing.iter().any(|f| f.key == key) {
                println!(
                    "Deze sleutel staat hier al ({}); er is niets gewijzigd.",
                    existing[0].source.label()
                );
                return Ok(Exit::Ok.into());
            }
            if let Some(other) = existing
                .iter()
                .find(|f| matches!(f.source, Source::File(_)))
            {
                if !vervang {
                    anyhow::bail!(
                        "in {} staat al een andere registersleutel; er is niets gewijzigd. Vervangen (de oude wordt bewaard): raadsorde sleutel herstel {} --vervang",
                        other.source.label(),
                        file.display()
                    );
                }
                let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
                let old = storage::cipher::sidecar(&settings.file, &format!(".oud-{stamp}"));
                std::fs::rename(&settings.file, &old)?;
                eprintln!(
                    "raadsorde: de vorige sleutel is bewaard als {}",
                    old.display()
                );
            }
            settings.write_file(&key)?;
            println!(
                "De registersleutel is teruggezet in {} (alleen leesbaar voor u).",
                settings.file.display()
            );
        }
    }
    Ok(Exit::Ok.into())
}

/// A passphrase: typed twice without echo on a terminal (`twice`), else
/// read as lines from standard input (scripts and tests).
fn read_passphrase(twice: bool) -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        eprint!("Wachtzin (wordt niet getoond): ");
        let first = read_hidden()?;
        eprintln!();
        if twice {
            eprint!("Nogmaals: ");
            let second = read_hidden()?;
            eprintln!();
            if first != second {
                return Err(storage::recovery::RecoveryError::Mismatch.into());
            }
        }
        Ok(first)
    } else {
        let mut lines = std::io::stdin().lines();
        let mut next = || -> anyhow::Result<String> {
            Ok(lines
                .next()
                .transpose()?
                .unwrap_or_default()
                .trim_end_matches('\r')
                .to_string())
        };
        let first = next()?;
        if twice {
            let second = next()?;
            if first != second {
                return Err(storage::recovery::RecoveryError::Mismatch.into());
            }
        }
        Ok(first)
    }
}

/// A line typed without echo: raw mode, keys read until Enter; Esc or
/// Ctrl-C gives up.
pub(super) fn read_hidden() -> anyhow::Result<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    crossterm::terminal::enable_raw_mode()?;
    let result = (|| -> anyhow::Result<String> {
        let mut typed = String::new();
        loop {
            if let Event::Key(k) = read()? {
                if k.kind == KeyEventKind::Release {
                    continue;
                }
                match k.code {
                    KeyCode::Enter => return Ok(typed),
                    KeyCode::Esc => anyhow::bail!("afgebroken; er is niets bewaard"),
                    KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                        anyhow::bail!("afgebroken; er is niets bewaard")
                    }
                    KeyCode::Backspace => {
                        typed.pop();
                    }
                    KeyCode::Char(c) => typed.push(c),
                    _ => {}
                }
            }
        }
    })();
    let _ = crossterm::terminal::disable_raw_mode();
    result
}
