//! Officers by name. Each has a password of their own, kept as a salted PBKDF2-SHA256
//! hash (`reissue-server officer add NAME`, the password from `REISSUE_OFFICER_PASSWORD`
//! or standard input); signing in gives a token that the officer page keeps in memory
//! only, good for thirty minutes unused and eight hours at most, until 退出登录. Five wrong passwords for a name from one client lock that name
//! out there for fifteen minutes, and twenty from one client for any names lock the
//! client out: someone else's wrong guesses never lock an officer out of their own
//! desk. The shared `--admin-token` stays for scripts and the mock, logged as `shared`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use crate::clock::Millis;
use crate::db::Db;
use crate::secrets::{hex, random_hex, same_secret};

const ITERATIONS: u32 = 100_000;
/// An officer's session lasts a working day at most…
pub const SESSION_MS: Millis = 8 * 3600 * 1000;
/// …and ends after this long unused (a desk left for lunch is not signed in).
pub const IDLE_MS: Millis = 30 * 60 * 1000;

/// When a session opened at `created` ends if used at `now`.
pub fn session_ends_at(created: Millis, now: Millis) -> Millis {
    (now + IDLE_MS).min(created + SESSION_MS)
}
const LOCK_MS: Millis = 15 * 60 * 1000;
/// Wrong passwords for one name from one client before that is locked.
const MAX_FAILURES: u32 = 5;
/// Wrong passwords from one client, for any names, before the client is locked.
const MAX_FAILURES_PER_CLIENT: u32 = 20;

/// `pbkdf2-sha256$ITERATIONS$SALT$HASH`, hex.
pub fn hash_password(password: &str) -> String {
    let salt = random_hex(16);
    format!(
        "pbkdf2-sha256${ITERATIONS}${salt}${}",
        derive(password, &salt, ITERATIONS)
    )
}

fn derive(password: &str, salt: &str, iterations: u32) -> String {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), salt.as_bytes(), iterations, &mut out);
    hex(&out)
}

/// Checks `password` against the stored hash. With no hash (no such officer) it is
/// checked against a made-up one all the same, so the answer takes as long whether the
/// name exists or not.
pub fn verify_password_of(password: &str, stored: Option<&str>) -> bool {
    static NOBODY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    match stored {
        Some(hash) => verify_password(password, hash),
        None => {
            let nobody = NOBODY.get_or_init(|| hash_password(&random_hex(16)));
            verify_password(password, nobody);
            false
        }
    }
}

fn verify_password(password: &str, stored: &str) -> bool {
    let mut parts = stored.split('$');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("pbkdf2-sha256"), Some(n), Some(salt), Some(hash)) => n
            .parse()
            .is_ok_and(|n| same_secret(&derive(password, salt, n), hash)),
        _ => false,
    }
}

/// Adds an officer (or sets a new password, ending their sessions): the work of
/// `reissue-server officer add`.
pub fn add(db: &Db, name: &str, password: &str, now: Millis) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 64 || name.contains(char::is_whitespace) {
        return Err("an officer's name is 1 to 64 characters, no spaces".into());
    }
    if password.chars().count() < 12 {
        return Err("an officer's password is at least 12 characters".into());
    }
    let (name, hash) = (name.to_string(), hash_password(password));
    db.call_sync(move |c| crate::officer::store::put_officer(c, &name, &hash, now))
        .map_err(|e| format!("saving the officer: {e}"))
}

/// What a wrong password counts against, and after how many it locks: the name at
/// this client (its address key), and the client whatever the name. Never the name
/// alone: anyone could lock an officer out by guessing wrong in their name.
pub fn failure_keys(name: &str, client: IpAddr) -> [(String, u32); 2] {
    [
        (format!("name:{name}@{client}"), MAX_FAILURES),
        (format!("addr:{client}"), MAX_FAILURES_PER_CLIENT),
    ]
}

/// Wrong bearer tokens from one client before it must wait: a token is 64 hex digits,
/// so only someone guessing gets it wrong more than a few times.
const MAX_WRONG_TOKENS: u32 = 5;

/// What a wrong bearer token counts against: the client.
pub fn token_keys(client: IpAddr) -> [(String, u32); 1] {
    [(format!("token:{client}"), MAX_WRONG_TOKENS)]
}

/// Wrong passwords by key ([`failure_keys`]): (count, first at).
#[derive(Default)]
pub struct Failures(Mutex<HashMap<String, (u32, Millis)>>);

impl Failures {
    /// Milliseconds until `keys` may try again, if any of them is locked.
    pub fn locked(&self, keys: &[(String, u32)], now: Millis) -> Option<Millis> {
        let map = self.0.lock().expect("failures lock");
        keys.iter()
            .filter_map(|(k, max)| map.get(k).map(|e| (e, *max)))
            .filter(|((n, first), max)| *n >= *max && now < first + LOCK_MS)
            .map(|((_, first), _)| first + LOCK_MS - now)
            .max()
    }

    pub fn failed(&self, keys: &[(String, u32)], now: Millis) {
        let mut map = self.0.lock().expect("failures lock");
        for (k, _) in keys {
            let e = map.entry(k.clone()).or_insert((0, now));
            if now >= e.1 + LOCK_MS {
                *e = (0, now);
            }
            e.0 += 1;
        }
        // Names and addresses tried once and never again would stay forever: forget
        // those whose window has passed, so the map stays small.
        if map.len() > 10_000 {
            map.retain(|_, (_, first)| now < *first + LOCK_MS);
        }
    }

    pub fn succeeded(&self, keys: &[(String, u32)]) {
        let mut map = self.0.lock().expect("failures lock");
        for (k, _) in keys {
            map.remove(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let h = hash_password("correct horse battery");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert_ne!(h, hash_password("correct horse battery"), "salted");
        assert!(!verify_password("x", "plain text"));
        assert!(verify_password_of("correct horse battery", Some(&h)));
        assert!(!verify_password_of("correct horse battery", None));
    }

    #[test]
    fn wrong_passwords_lock_a_name_at_one_client_and_a_client_guessing_many_names() {
        let f = Failures::default();
        let (a, b): (IpAddr, IpAddr) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        for _ in 0..MAX_FAILURES {
            f.failed(&failure_keys("alice", a), 0);
        }
        assert!(f.locked(&failure_keys("alice", a), 0).is_some());
        assert_eq!(f.locked(&failure_keys("alice", b), 0), None, "her own desk");
        assert_eq!(f.locked(&failure_keys("bob", a), 0), None);
        for i in 0..MAX_FAILURES_PER_CLIENT {
            f.failed(&failure_keys(&format!("name{i}"), b), 0);
        }
        assert!(
            f.locked(&failure_keys("alice", b), 0).is_some(),
            "guessing names"
        );
        assert_eq!(
            f.locked(&failure_keys("alice", a), LOCK_MS),
            None,
            "fifteen minutes"
        );
    }
}
