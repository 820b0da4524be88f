//! Who is at the keyboard: the identity the roles of `domain::access` are
//! given to. The operating-system account; `--profile` only where the
//! settings allow it (`[access] profile_is_identity`).

use crate::config::Config;

/// The identity of whoever runs the program: the operating-system account.
/// `USER`, then `LOGNAME`, then `USERNAME`; on Unix, when none is set, the
/// account name of the real uid from `/etc/passwd`.
pub fn os_identity() -> Option<String> {
    for var in ["USER", "LOGNAME", "USERNAME"] {
        if let Ok(v) = std::env::var(var) {
            let v = v.trim().to_string();
            if !v.is_empty() {
                return Some(v);
            }
        }
    }
    passwd_name()
}

#[cfg(unix)]
fn passwd_name() -> Option<String> {
    let uid = rustix::process::getuid().as_raw();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd_lookup(&passwd, uid)
}

#[cfg(not(unix))]
fn passwd_name() -> Option<String> {
    None
}

/// The account name of `uid` in a passwd file's text.
pub fn passwd_lookup(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let _password = fields.next()?;
        let id: u32 = fields.next()?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_string())
    })
}

/// The identity for this run: `--profile` when the settings make the
/// profile the identity, otherwise the operating-system account. A Dutch
/// message with what to do when neither is known.
pub fn resolve(config: &Config, profile: Option<&str>) -> Result<String, String> {
    if config.access.profile_is_identity
        && let Some(p) = profile.map(str::trim).filter(|p| !p.is_empty())
    {
        return Ok(p.to_string());
    }
    os_identity().ok_or_else(|| {
        "raadsorde weet niet wie u bent: de omgevingsvariabelen USER, LOGNAME en USERNAME zijn leeg en uw account staat niet in /etc/passwd. Zet USER op uw gebruikersnaam en probeer het opnieuw".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_passwd_lookup_finds_the_uid() {
        let passwd = "root:x:0:0:root:/root:/bin/sh\ngriffie:x:1001:1001::/home/griffie:/bin/sh\n";
        assert_eq!(passwd_lookup(passwd, 1001).as_deref(), Some("griffie"));
        assert_eq!(passwd_lookup(passwd, 0).as_deref(), Some("root"));
        assert_eq!(passwd_lookup(passwd, 7), None);
    }

    #[test]
    fn the_profile_is_the_identity_only_where_the_settings_say_so() {
        let mut config = Config::default();
        let os = resolve(&config, Some("kiosk-jan"));
        assert_ne!(os.as_deref(), Ok("kiosk-jan"));
        config.access.profile_is_identity = true;
        assert_eq!(
            resolve(&config, Some("kiosk-jan")).as_deref(),
            Ok("kiosk-jan")
        );
        // Without --profile: still the account.
        assert_eq!(resolve(&config, None), resolve(&Config::default(), None));
    }
}
