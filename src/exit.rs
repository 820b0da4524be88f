//! The exit codes of every command, in one place: `main` returns them, the
//! help text (`--help`, the man page) and the README list them.

use std::process::ExitCode;

/// How a command ended. The numbers are stable: scripts test them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Done.
    Ok = 0,
    /// Could not do it; the message on standard error says why.
    Failed = 1,
    /// Wrong use of the command line.
    Usage = 2,
    /// Something is overdue (`deadlines`).
    Overdue = 3,
    /// The register is damaged or was tampered with (`verify`).
    Damaged = 4,
}

impl Exit {
    pub const ALL: [Exit; 5] = [
        Exit::Ok,
        Exit::Failed,
        Exit::Usage,
        Exit::Overdue,
        Exit::Damaged,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    /// What the code means, in Dutch, as listed in `--help`.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Ok => "gelukt",
            Exit::Failed => "niet gelukt; de melding zegt waarom",
            Exit::Usage => "verkeerd gebruik van de opdrachtregel",
            Exit::Overdue => "er is iets te laat (deadlines)",
            Exit::Damaged => "het register is beschadigd of er is mee geknoeid (verify)",
        }
    }

    /// The table of exit codes, as shown at the end of `--help`.
    pub fn table() -> String {
        let mut out = String::from("Afsluitcodes:\n");
        for e in Exit::ALL {
            out.push_str(&format!("  {}  {}\n", e.code(), e.meaning()));
        }
        out.push_str(
            "Een afgebroken pijp (de lezer stopt eerder, zoals `| head`) eindigt stil met 1.",
        );
        out
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e.code())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn codes_are_the_documented_numbers() {
        let codes: Vec<u8> = Exit::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes, [0, 1, 2, 3, 4]);
    }

    /// The README carries the same table as `--help`.
    #[test]
    fn readme_lists_every_code_with_its_meaning() {
        let readme = include_str!("../README.md");
        for e in Exit::ALL {
            let row = format!("| {} | {} |", e.code(), e.meaning());
            assert!(readme.contains(&row), "README lacks the row {row:?}");
        }
    }
}
