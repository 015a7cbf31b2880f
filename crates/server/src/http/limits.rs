//! Sign-in abuse, held in memory: how many codes one client and all clients together
//! may have sent (leaky buckets on the server's clock), and when a client must pass the
//! human check first ([`crate::vendors::captcha`]). A client is its [`crate::http::client::ClientAddr`]
//! key. The per-number limits (a minute between codes and ten a day for each requester,
//! a ceiling for everyone) are the database's (`routes::sessions`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use crate::clock::Millis;

const HOUR_MS: Millis = 3_600_000;
const MINUTE_MS: Millis = 60_000;

/// How much of an allowance is used, leaking back at a steady rate.
#[derive(Debug, Clone, Copy, Default)]
struct Bucket {
    used: f64,
    at_ms: Millis,
}

impl Bucket {
    fn level(&self, now: Millis, capacity: u32, period: Millis) -> f64 {
        let leaked = (now - self.at_ms).max(0) as f64 * f64::from(capacity) / period as f64;
        (self.used - leaked).max(0.0)
    }

    /// Takes one; when the allowance is used up, the milliseconds until one is back.
    fn take(&mut self, now: Millis, capacity: u32, period: Millis) -> Result<(), Millis> {
        let used = self.level(now, capacity, period);
        if used + 1.0 > f64::from(capacity) {
            let per_one = period as f64 / f64::from(capacity.max(1));
            return Err(((used + 1.0 - f64::from(capacity)) * per_one).ceil() as Millis);
        }
        *self = Bucket {
            used: used + 1.0,
            at_ms: now,
        };
        Ok(())
    }
}

/// The allowances, from the flags.
#[derive(Debug, Clone, Copy)]
pub struct Allowances {
    pub per_client_hour: u32,
    pub global_per_minute: u32,
    /// Sends within the hour before the human check (0: never asked).
    pub captcha_after: u32,
}

/// Why a code is not sent now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// All clients together are at the ceiling: wait this long.
    Busy(Millis),
    /// This client has sent its hour's allowance: wait this long.
    Client(Millis),
}

/// One client's sends: against its hourly allowance, and against the few it may send
/// within the hour before the human check (each its own rate).
#[derive(Debug, Clone, Copy, Default)]
struct Client {
    sends: Bucket,
    recent: Bucket,
}

#[derive(Default)]
pub struct SignInLimits {
    clients: Mutex<HashMap<IpAddr, Client>>,
    global: Mutex<Bucket>,
}

impl SignInLimits {
    /// Has `client` sent `after` codes or more within the hour (so the next one needs
    /// the human check)? Never with `after` 0.
    pub fn needs_human(&self, client: IpAddr, after: u32, now: Millis) -> bool {
        if after == 0 {
            return false;
        }
        let clients = self.clients.lock().expect("limits lock");
        clients
            .get(&client)
            .is_some_and(|c| c.recent.level(now, after, HOUR_MS) > f64::from(after) - 1.0)
    }

    /// Counts one code for `client` and for everyone, or says why not.
    pub fn take(&self, client: IpAddr, rules: &Allowances, now: Millis) -> Result<(), Held> {
        let mut global = self.global.lock().expect("limits lock");
        let mut clients = self.clients.lock().expect("limits lock");
        // Check both before taking from either: a refusal costs nothing.
        let mut g = *global;
        g.take(now, rules.global_per_minute, MINUTE_MS)
            .map_err(Held::Busy)?;
        let mut c = clients.get(&client).copied().unwrap_or_default();
        c.sends
            .take(now, rules.per_client_hour, HOUR_MS)
            .map_err(Held::Client)?;
        // The human check's count never refuses by itself; it only says when to ask.
        let after = rules.captcha_after.max(1);
        c.recent = Bucket {
            used: c.recent.level(now, after, HOUR_MS) + 1.0,
            at_ms: now,
        };
        *global = g;
        clients.insert(client, c);
        // Forget clients whose allowance is whole again, so the map stays small.
        if clients.len() > 10_000 {
            clients.retain(|_, c| {
                c.sends.level(now, rules.per_client_hour, HOUR_MS) > 0.0
                    || c.recent.level(now, after, HOUR_MS) > 0.0
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_allowance_is_used_up_and_comes_back_with_time() {
        let mut b = Bucket::default();
        for _ in 0..3 {
            assert!(b.take(0, 3, HOUR_MS).is_ok());
        }
        let wait = b.take(0, 3, HOUR_MS).unwrap_err();
        assert_eq!(wait, HOUR_MS / 3);
        assert!(b.take(HOUR_MS / 3, 3, HOUR_MS).is_ok());
        assert!(b.take(HOUR_MS / 3, 3, HOUR_MS).is_err());
    }
}
