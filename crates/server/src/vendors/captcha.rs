//! The human check (人机验证) asked before a code goes out to a client that has sent
//! several, or to a number that has had many today. Like liveness and payment
//! ([`crate::vendors`]) it is a provider: the page shows the vendor's widget, which
//! gives a ticket and a random string; the server asks the vendor itself whether they
//! are good, with the secret only it holds, so nothing the browser says decides.
//!
//! [`MockCaptcha`] is the mock vendor (`--mock`): its slider page hands out tickets kept
//! here, good once for five minutes. [`TencentCaptcha`] has the shape of Tencent
//! Captcha's `DescribeCaptchaResult`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;

use crate::clock::{Clock, Millis};
use crate::config::Config;
use crate::vendors::BoxFuture;

/// A mock ticket is good this long, once.
const TICKET_TTL_MS: Millis = 5 * 60 * 1000;

/// A vendor that can tell whether a ticket is a solved check.
pub trait HumanCheck: Send + Sync {
    /// Whether `ticket` and `randstr` are a check the vendor saw solved, by the browser
    /// at `client_ip`. An error (the vendor unreachable, an answer not understood) is
    /// not a pass.
    fn verify<'a>(
        &'a self,
        ticket: &'a str,
        randstr: &'a str,
        client_ip: IpAddr,
    ) -> BoxFuture<'a, Result<bool, String>>;
}

/// The mock captcha vendor: its slider (`POST /mock-vendor/captcha`) issues a ticket and
/// random string, and a ticket is redeemed once, while fresh.
pub struct MockCaptcha {
    clock: Clock,
    tickets: Mutex<HashMap<String, (String, Millis)>>,
}

impl MockCaptcha {
    pub fn new(clock: Clock) -> MockCaptcha {
        MockCaptcha {
            clock,
            tickets: Mutex::default(),
        }
    }

    /// A ticket and random string for a solved slider.
    pub fn issue(&self) -> (String, String) {
        let (ticket, randstr) = (
            format!("t-{}", crate::secrets::random_hex(16)),
            crate::secrets::random_hex(4),
        );
        let now = self.clock.now_ms();
        let mut tickets = self.tickets.lock().expect("tickets lock");
        tickets.retain(|_, (_, until)| *until > now);
        tickets.insert(ticket.clone(), (randstr.clone(), now + TICKET_TTL_MS));
        (ticket, randstr)
    }

    fn redeem(&self, ticket: &str, randstr: &str) -> bool {
        let now = self.clock.now_ms();
        let mut tickets = self.tickets.lock().expect("tickets lock");
        match tickets.remove(ticket) {
            Some((r, until)) => until > now && crate::secrets::same_secret(&r, randstr),
            None => false,
        }
    }
}

impl HumanCheck for MockCaptcha {
    fn verify<'a>(
        &'a self,
        ticket: &'a str,
        randstr: &'a str,
        _client_ip: IpAddr,
    ) -> BoxFuture<'a, Result<bool, String>> {
        Box::pin(async move { Ok(self.redeem(ticket, randstr)) })
    }
}

/// Tencent Captcha (天御), asked the way its `DescribeCaptchaResult` is: the ticket,
/// the random string, the user's address, the app's id and its secret key, as JSON;
/// `Response.CaptchaCode` 1 is a pass. The server speaks plain HTTP to `url`: an egress
/// gateway on the private network adds TLS and the cloud API's request signature.
pub struct TencentCaptcha {
    url: String,
    app_id: u64,
    secret: String,
    http: reqwest::Client,
}

/// How long the vendor may take before the check counts as not passed.
const VENDOR_TIMEOUT: Duration = Duration::from_secs(5);

impl TencentCaptcha {
    pub fn new(url: &str, app_id: u64, secret: &str) -> Result<TencentCaptcha, String> {
        if !url.starts_with("http://") {
            return Err(format!(
                "--captcha-url {url}: this server calls the captcha vendor by plain http:// (it has no TLS client); give the address of the egress gateway that calls the vendor by HTTPS"
            ));
        }
        if secret.trim().is_empty() {
            return Err("--captcha-secret is empty".into());
        }
        let http = reqwest::Client::builder()
            .timeout(VENDOR_TIMEOUT)
            .build()
            .map_err(|e| format!("captcha vendor client: {e}"))?;
        Ok(TencentCaptcha {
            url: url.to_string(),
            app_id,
            secret: secret.to_string(),
            http,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VendorAnswer {
    response: VendorResponse,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VendorResponse {
    captcha_code: Option<i64>,
    captcha_msg: Option<String>,
    error: Option<VendorError>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VendorError {
    code: Option<String>,
}

impl HumanCheck for TencentCaptcha {
    fn verify<'a>(
        &'a self,
        ticket: &'a str,
        randstr: &'a str,
        client_ip: IpAddr,
    ) -> BoxFuture<'a, Result<bool, String>> {
        Box::pin(async move {
            let body = serde_json::json!({
                "CaptchaType": 9,
                "Ticket": ticket,
                "UserIp": client_ip.to_string(),
                "Randstr": randstr,
                "CaptchaAppId": self.app_id,
                "AppSecretKey": self.secret,
            });
            let res = self
                .http
                .post(&self.url)
                .json(&body)
                .send()
                .await
                .map_err(|e| format!("captcha vendor unreachable: {e}"))?;
            let status = res.status();
            if !status.is_success() {
                return Err(format!("captcha vendor answered {status}"));
            }
            let answer: VendorAnswer = res
                .json()
                .await
                .map_err(|e| format!("captcha vendor's answer not understood: {e}"))?;
            match answer.response {
                VendorResponse {
                    captcha_code: Some(code),
                    captcha_msg,
                    ..
                } => {
                    if code != 1 {
                        tracing::info!(
                            "human check refused by the vendor: {code} {}",
                            captcha_msg.unwrap_or_default()
                        );
                    }
                    Ok(code == 1)
                }
                VendorResponse { error, .. } => Err(format!(
                    "captcha vendor error {}",
                    error.and_then(|e| e.code).unwrap_or_default()
                )),
            }
        })
    }
}

/// The human check in force, and the mock vendor's tickets when it is the mock.
pub struct Provider {
    pub check: Option<Arc<dyn HumanCheck>>,
    pub mock: Option<Arc<MockCaptcha>>,
}

impl Provider {
    /// From the flags: the vendor named by `--captcha-*`, else the mock one in `--mock`.
    /// Without either, a server citizens can reach would have nothing but the
    /// allowances against a bomber: it does not start; on the loopback address
    /// (development, tests) it runs without the human check.
    pub fn from_config(config: &Config, clock: &Clock) -> Result<Provider, String> {
        match (
            &config.captcha_url,
            config.captcha_app_id,
            &config.captcha_secret,
        ) {
            (Some(url), Some(app_id), Some(secret)) => {
                let vendor = TencentCaptcha::new(url, app_id, secret)?;
                return Ok(Provider {
                    check: Some(Arc::new(vendor)),
                    mock: None,
                });
            }
            (None, None, None) => {}
            _ => {
                return Err(
                    "the captcha vendor needs all three of --captcha-url, --captcha-app-id and --captcha-secret".into(),
                )
            }
        }
        if config.mock {
            let mock = Arc::new(MockCaptcha::new(clock.clone()));
            return Ok(Provider {
                check: Some(mock.clone()),
                mock: Some(mock),
            });
        }
        if config.reachable_beyond_loopback() {
            return Err(
                "without --mock, a server citizens can reach needs the captcha vendor (--captcha-url, --captcha-app-id, --captcha-secret): without the human check, a client past its allowance can only be held, never let through, and a number's ceiling holds its owner out for the day".into(),
            );
        }
        tracing::warn!(
            "no captcha vendor (--captcha-url): sign-in codes are held by the allowances alone, with no human check; only for the loopback address"
        );
        Ok(Provider {
            check: None,
            mock: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_mock_ticket_passes_once_while_fresh() {
        let clock = Clock::new();
        let mock = MockCaptcha::new(clock.clone());
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let (t, r) = mock.issue();
        assert_eq!(mock.verify(&t, "wrong", ip).await, Ok(false));
        assert_eq!(
            mock.verify(&t, &r, ip).await,
            Ok(false),
            "a wrong try uses it up"
        );
        let (t, r) = mock.issue();
        assert_eq!(mock.verify(&t, &r, ip).await, Ok(true));
        assert_eq!(mock.verify(&t, &r, ip).await, Ok(false), "once");
        let (t, r) = mock.issue();
        clock.advance(Duration::from_millis(TICKET_TTL_MS as u64 + 1));
        assert_eq!(mock.verify(&t, &r, ip).await, Ok(false), "stale");
    }

    #[test]
    fn the_vendor_is_all_three_flags_and_plain_http() {
        let mut c = Config::for_tests("/nonexistent");
        c.captcha_url = Some("http://10.0.0.2/captcha".into());
        assert!(Provider::from_config(&c, &Clock::new()).is_err());
        c.captcha_app_id = Some(1);
        c.captcha_secret = Some("s3cret".into());
        assert!(Provider::from_config(&c, &Clock::new())
            .is_ok_and(|p| p.check.is_some() && p.mock.is_none()));
        c.captcha_url = Some("https://captcha.tencentcloudapi.com".into());
        let err = Provider::from_config(&c, &Clock::new()).err().unwrap();
        assert!(err.contains("http://"), "{err}");
    }
}
