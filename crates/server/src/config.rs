//! Command-line flags and environment.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// The mock backend of 身份证丢失补领: the API under /api/v1, the mock vendors, the
/// officer page and the built front-end, on one origin.
#[derive(Debug, Clone, Parser)]
#[command(name = "reissue-server", version, about)]
pub struct Config {
    /// Instead of serving: look after the officers.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address to listen on (port 0 picks a free port; the real one is printed).
    #[arg(long, env = "REISSUE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Where the SQLite database and the photos live.
    #[arg(long, env = "REISSUE_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// The built front-end (trunk's output), served for every non-API GET.
    #[arg(long, env = "REISSUE_DIST", default_value = "./dist")]
    pub dist: PathBuf,

    /// Service profile: `sichuan`, `shanghai` or `guangdong` (built in), or a path to a ServiceProfile JSON file.
    #[arg(long, env = "REISSUE_PROFILE", default_value = "sichuan")]
    pub profile: String,

    /// Mock mode: SMS codes are returned in the response (`dev_code`), the UI shows a
    /// test banner, and the admin token defaults to `dev-admin-token`.
    #[arg(long, env = "REISSUE_MOCK")]
    pub mock: bool,

    /// The address citizens use (`https://…` behind a proxy that ends TLS): with https,
    /// cookies are always `Secure` and host-only (`__Host-sid`), whatever the proxy's
    /// headers say, and every answer carries HSTS.
    #[arg(long, env = "REISSUE_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,

    /// Allows --mock on an address other than the loopback one. Mock mode answers every
    /// SMS code in the response, so anyone who can reach it signs in as anyone: only for
    /// a demo on a network you trust.
    #[arg(long, env = "REISSUE_MOCK_PUBLIC")]
    pub mock_public: bool,

    /// A proxy in front of the server (an address or a block, `10.0.0.0/8`; repeatable,
    /// or comma-separated in the environment). From these peers the client is the
    /// right-most address in `X-Forwarded-For` that is not itself one of them; from any
    /// other, `X-Forwarded-For` is ignored. The per-client limits count by that client.
    #[arg(
        long = "trusted-proxy",
        env = "REISSUE_TRUSTED_PROXY",
        value_name = "CIDR",
        value_delimiter = ','
    )]
    pub trusted_proxy: Vec<crate::net::Cidr>,

    /// Where the captcha vendor checks a human check's ticket (Tencent Captcha's
    /// DescribeCaptchaResult shape, as JSON over plain http:// to an egress gateway).
    /// Required without --mock unless the server is on the loopback address only.
    #[arg(long, env = "REISSUE_CAPTCHA_URL", value_name = "URL")]
    pub captcha_url: Option<String>,

    /// The captcha app's id (CaptchaAppId), with --captcha-url.
    #[arg(long, env = "REISSUE_CAPTCHA_APP_ID", value_name = "ID")]
    pub captcha_app_id: Option<u64>,

    /// The captcha app's secret key (AppSecretKey), with --captcha-url.
    #[arg(long, env = "REISSUE_CAPTCHA_SECRET", hide_env_values = true)]
    pub captcha_secret: Option<String>,

    /// The key the real liveness and payment vendors sign their callbacks with
    /// (HMAC-SHA256); required by a profile that names them.
    #[arg(long, env = "REISSUE_VENDOR_KEY", hide_env_values = true)]
    pub vendor_key: Option<String>,

    /// Where the real vendors' pages are (the browser is sent there to check the face or
    /// to pay).
    #[arg(long, env = "REISSUE_VENDOR_URL", value_name = "URL")]
    pub vendor_url: Option<String>,

    /// SMS codes one client address may have sent in an hour (to any numbers: a client
    /// sending to many is bombing them).
    #[arg(
        long,
        env = "REISSUE_SMS_PER_CLIENT_HOUR",
        value_name = "N",
        default_value_t = 20
    )]
    pub sms_per_client_hour: u32,

    /// SMS codes all clients together may have sent in a minute.
    #[arg(
        long,
        env = "REISSUE_SMS_GLOBAL_PER_MINUTE",
        value_name = "N",
        default_value_t = 300
    )]
    pub sms_global_per_minute: u32,

    /// After N codes from one client within the hour, each further one needs the human
    /// check (the captcha vendor's, or the mock one's slider; 0: never).
    #[arg(
        long,
        env = "REISSUE_CAPTCHA_AFTER",
        value_name = "N",
        default_value_t = 3
    )]
    pub captcha_after: u32,

    /// A session with no request for MINUTES ends (the page warns five minutes before).
    #[arg(long, env = "REISSUE_SESSION_IDLE_MINUTES", value_name = "MINUTES", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    pub session_idle_minutes: u32,

    /// A session ends MINUTES after signing in, however busy (signing in again is a new
    /// one).
    #[arg(long, env = "REISSUE_SESSION_MAX_MINUTES", value_name = "MINUTES", default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..))]
    pub session_max_minutes: u32,

    /// The mock phones' screens (the last SMS each number got, ten minutes, in memory)
    /// without --mock too: for tests of a server as deployed, which read a code there.
    /// A deployment leaves it off, so no SMS text is kept in memory at all.
    #[arg(long, env = "REISSUE_SMS_SCREEN", hide = true)]
    pub sms_screen: bool,

    /// Uploaded pictures decoded at once (0: one per core); more wait their turn.
    #[arg(
        long,
        env = "REISSUE_MAX_DECODES",
        value_name = "N",
        default_value_t = 0
    )]
    pub max_decodes: u32,

    /// Requests handled at once; more are answered 503 with Retry-After (the app retries).
    #[arg(long, env = "REISSUE_MAX_CONCURRENT", value_name = "N", default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_concurrent: u32,

    /// A request not answered within SECONDS (a slow client's upload included) is
    /// answered 503.
    #[arg(long, env = "REISSUE_REQUEST_TIMEOUT", value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout_secs: u64,

    /// Bearer token of the officer endpoints. Required unless --mock.
    #[arg(long, env = "REISSUE_ADMIN_TOKEN")]
    pub admin_token: Option<String>,

    /// Simulated officer: approve submitted applications after SECONDS and advance paid
    /// ones through production and delivery, one step per SECONDS.
    #[arg(long, env = "REISSUE_AUTO_REVIEW", value_name = "SECONDS")]
    pub auto_review: Option<u64>,

    /// How often the clock's work runs, in seconds: payment reminders and closing, the
    /// mock courier's progress, the notifier's sends (SMS, WeChat); 0: never by itself
    /// (tests call each pass).
    #[arg(
        long,
        env = "REISSUE_NOTIFY_EVERY",
        value_name = "SECONDS",
        default_value_t = 2
    )]
    pub notify_every: u64,

    /// Photos of applications completed or cancelled more than DAYS ago are deleted (a
    /// background task checks every hour; the database records when).
    #[arg(
        long,
        env = "REISSUE_PHOTO_RETENTION_DAYS",
        value_name = "DAYS",
        default_value_t = 30
    )]
    pub photo_retention_days: u32,

    /// Drafts nobody changed for DAYS are deleted, with their photos (an applicant who
    /// left and never came back leaves nothing behind).
    #[arg(
        long,
        env = "REISSUE_DRAFT_RETENTION_DAYS",
        value_name = "DAYS",
        default_value_t = 30
    )]
    pub draft_retention_days: u32,

    /// What the SMS and WeChat gateways sent is kept DAYS for support questions (at least
    /// 1: the daily limit of codes counts the last day's sends).
    #[arg(
        long,
        env = "REISSUE_OUTBOX_RETENTION_DAYS",
        value_name = "DAYS",
        default_value_t = 7,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub outbox_retention_days: u32,

    /// Fault injection: added latency of every /api/v1 request (not /health, not
    /// /admin), in milliseconds.
    #[arg(
        long,
        env = "REISSUE_FAULT_LATENCY_MS",
        value_name = "MS",
        default_value_t = 0
    )]
    pub fault_latency_ms: u64,

    /// Fault injection: up to this many more milliseconds of latency, at random.
    #[arg(
        long,
        env = "REISSUE_FAULT_JITTER_MS",
        value_name = "MS",
        default_value_t = 0
    )]
    pub fault_jitter_ms: u64,

    /// Fault injection: share (0.0–1.0) of /api/v1 requests answered 500 or 503 before
    /// the handler runs (nothing is written).
    #[arg(long, env = "REISSUE_FAULT_ERROR_RATE", value_name = "SHARE", default_value_t = 0.0, value_parser = parse_share)]
    pub fault_error_rate: f64,

    /// Fault injection: share (0.0–1.0) of /api/v1 responses cut off after the handler
    /// ran (its effect is committed); the client sees a network error.
    #[arg(long, env = "REISSUE_FAULT_DROP_RATE", value_name = "SHARE", default_value_t = 0.0, value_parser = parse_share)]
    pub fault_drop_rate: f64,

    /// Fault injection: photo uploads longer than BYTES fail after BYTES were read (the
    /// connection is dropped; nothing is stored).
    #[arg(long, env = "REISSUE_FAULT_UPLOAD_CUT_BYTES", value_name = "BYTES")]
    pub fault_upload_cut_bytes: Option<u64>,

    /// Seed of the fault-injection random numbers (the same seed and the same order of
    /// requests give the same faults).
    #[arg(long, env = "REISSUE_FAULT_SEED", value_name = "SEED")]
    pub fault_seed: Option<u64>,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// The officers who review applications.
    #[command(subcommand)]
    Officer(OfficerCommand),
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum OfficerCommand {
    /// Adds an officer, or gives one a new password (ending their sessions). The password
    /// comes from REISSUE_OFFICER_PASSWORD, or else the first line of standard input; at
    /// least 12 characters.
    Add { name: String },
}

fn parse_share(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number between 0.0 and 1.0"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0.0 and 1.0"))
    }
}

impl Config {
    /// A config for tests and embedding: mock mode, everything under `data_dir`.
    pub fn for_tests(data_dir: impl Into<PathBuf>) -> Config {
        let data_dir = data_dir.into();
        Config {
            command: None,
            listen: "127.0.0.1:0".parse().expect("literal address"),
            dist: data_dir.join("dist"),
            data_dir,
            profile: "sichuan".into(),
            mock: true,
            public_url: None,
            mock_public: false,
            trusted_proxy: Vec::new(),
            captcha_url: None,
            captcha_app_id: None,
            captcha_secret: None,
            vendor_key: None,
            vendor_url: None,
            admin_token: None,
            session_idle_minutes: 30,
            session_max_minutes: 120,
            // Every test signs in from 127.0.0.1: the limits of one client are the
            // tests' own to set where they are the subject.
            max_concurrent: 512,
            max_decodes: 0,
            sms_screen: true,
            request_timeout_secs: 30,
            sms_per_client_hour: 100_000,
            sms_global_per_minute: 100_000,
            captcha_after: 0,
            auto_review: None,
            notify_every: 0,
            photo_retention_days: 30,
            draft_retention_days: 30,
            outbox_retention_days: 7,
            fault_latency_ms: 0,
            fault_jitter_ms: 0,
            fault_error_rate: 0.0,
            fault_drop_rate: 0.0,
            fault_upload_cut_bytes: None,
            fault_seed: None,
        }
    }

    /// Is the public address https (so the cookies and HSTS say so)?
    pub fn https_only(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// Can citizens reach this server from elsewhere than this machine: it listens on
    /// another address than the loopback one, its public address is another host, or
    /// proxies stand in front of it?
    pub fn reachable_beyond_loopback(&self) -> bool {
        let public_elsewhere = self
            .public_url
            .as_deref()
            .and_then(crate::net::Origin::parse)
            .is_some_and(|o| !o.is_loopback());
        !self.listen.ip().is_loopback() || public_elsewhere || !self.trusted_proxy.is_empty()
    }

    /// The session cookie's name: host-only on a public https address.
    pub fn session_cookie_name(&self) -> &'static str {
        crate::http::cookies::session_cookie_name(self.https_only())
    }

    /// How long sessions last.
    pub fn session_rules(&self) -> reissue_domain::session::SessionRules {
        let ms = |minutes: u32| i64::from(minutes) * 60 * 1000;
        reissue_domain::session::SessionRules {
            idle_ms: ms(self.session_idle_minutes),
            absolute_ms: ms(self.session_max_minutes),
        }
    }

    /// The admin token in force, or an error message when none is configured.
    pub fn effective_admin_token(&self) -> Result<String, String> {
        match (&self.admin_token, self.mock) {
            (Some(t), _) if t.len() >= 8 => Ok(t.clone()),
            (Some(_), _) => Err("--admin-token must be at least 8 characters".into()),
            (None, true) => Ok("dev-admin-token".into()),
            (None, false) => Err(
                "--admin-token (or REISSUE_ADMIN_TOKEN) is required unless --mock is given".into(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn trusted_proxies_are_repeated_or_listed_and_checked() {
        let c = Config::try_parse_from([
            "reissue-server",
            "--trusted-proxy",
            "10.0.0.0/8,192.168.0.0/16",
            "--trusted-proxy",
            "::1",
        ])
        .unwrap();
        let shown: Vec<String> = c.trusted_proxy.iter().map(|c| c.to_string()).collect();
        assert_eq!(shown, ["10.0.0.0/8", "192.168.0.0/16", "::1/128"]);
        assert!(
            Config::try_parse_from(["reissue-server", "--trusted-proxy", "10.0.0.0/40"]).is_err()
        );
    }

    #[test]
    fn the_captcha_secret_never_shows_in_the_help() {
        let cmd = Config::command();
        let secret = cmd
            .get_arguments()
            .find(|a| a.get_id() == "captcha_secret")
            .unwrap();
        assert!(secret.is_hide_env_values_set());
    }

    #[test]
    fn reachable_is_any_address_but_this_machine_s() {
        let mut c = Config::for_tests("/nonexistent");
        assert!(!c.reachable_beyond_loopback());
        c.public_url = Some("http://localhost:8080".into());
        assert!(!c.reachable_beyond_loopback());
        c.public_url = Some("https://id.example.gov.cn".into());
        assert!(c.reachable_beyond_loopback());
        c.public_url = None;
        c.listen = "[::]:8080".parse().unwrap();
        assert!(c.reachable_beyond_loopback());
    }
}
