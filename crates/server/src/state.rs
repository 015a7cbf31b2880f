//! Everything a handler needs, shared behind an `Arc`.

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

use rusqlite::Transaction;

use reissue_domain::api::{LivenessProvider, PaymentProvider, ServiceProfile};
use reissue_domain::region::Regions;
use reissue_domain::validate::FormRules;

use crate::clock::{Clock, Millis};
use crate::config::Config;
use crate::db::Db;
use crate::http::error::ApiResult;
use crate::http::faults::Faults;
use crate::http::security::Csp;
use crate::vendors::{
    LivenessVendor, MockLiveness, MockPayment, PaymentVendor, SignedLiveness, SignedPayment,
};

/// The GB/T 2260 tree shipped with the front-end, embedded.
const REGIONS_JSON: &str = include_str!("../../../static/data/regions.json");

pub struct Inner {
    pub config: Config,
    pub admin_token: String,
    pub db: Db,
    pub clock: Clock,
    pub profile: ServiceProfile,
    pub regions: Regions,
    pub photos_dir: PathBuf,
    pub liveness: Box<dyn LivenessVendor>,
    pub payment: Box<dyn PaymentVendor>,
    pub faults: Arc<Faults>,
    pub csp: Arc<Csp>,
    /// The mock SMS and WeChat gateways' switch (down: every send fails).
    pub gateways: crate::http::faults::MockGateways,
    /// Codes per client and for everyone.
    pub sign_in_limits: crate::http::limits::SignInLimits,
    /// The human check asked for past those allowances (none: only on the loopback
    /// address without --mock, where the allowances alone hold).
    pub human_check: Option<Arc<dyn crate::vendors::captcha::HumanCheck>>,
    /// The mock captcha vendor's tickets, for its slider page (--mock).
    pub mock_captcha: Option<Arc<crate::vendors::captcha::MockCaptcha>>,
    /// Officers' wrong passwords, by name at a client and by client.
    pub officer_failures: crate::officer::accounts::Failures,
    /// Requests at once, and how long each may take.
    pub capacity: Arc<crate::http::capacity::Capacity>,
    /// Uploaded pictures decoded at once.
    pub decodes: crate::photos::decodes::Decodes,
}

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(config: Config) -> Result<AppState, String> {
        AppState::with_clock(config, Clock::new())
    }

    /// Opens (and migrates) the data directory. The clock is shared with the caller so
    /// tests can move time forward.
    pub fn with_clock(config: Config, clock: Clock) -> Result<AppState, String> {
        let admin_token = config.effective_admin_token()?;
        let profile = crate::profile::load(&config.profile, config.mock)?;
        if config.mock && !config.listen.ip().is_loopback() && !config.mock_public {
            return Err(format!(
                "--mock answers every SMS code in the response, so anyone who can reach {} could sign in as anyone: listen on 127.0.0.1, or add --mock-public for a demo on a network you trust",
                config.listen
            ));
        }
        // The mock vendors let anyone mark their own check passed or their fee paid:
        // only where mock mode says so. The real ones need the key they sign with.
        let mock_only = |what: &str| {
            format!(
                "profile {}: the {what} provider is the mock one, which lets anyone mark their own result: start with --mock (development and tests), or name a real provider",
                profile.id
            )
        };
        let signed = || -> Result<String, String> {
            match (&config.vendor_key, &config.vendor_url) {
                (Some(k), Some(url)) if k.len() >= 16 => Ok(url.trim_end_matches('/').to_string()),
                (Some(_), Some(_)) => Err("--vendor-key must be at least 16 characters".into()),
                _ => Err(format!(
                    "profile {}: the real vendors need --vendor-key (their callbacks' signing key) and --vendor-url",
                    profile.id
                )),
            }
        };
        let liveness: Box<dyn LivenessVendor> = match profile.liveness_provider {
            LivenessProvider::Mock if config.mock => Box::new(MockLiveness),
            LivenessProvider::Mock => return Err(mock_only("liveness")),
            LivenessProvider::RedirectVendor => Box::new(SignedLiveness { page: signed()? }),
        };
        let payment: Box<dyn PaymentVendor> = match profile.payment_provider {
            PaymentProvider::Mock if config.mock => Box::new(MockPayment),
            PaymentProvider::Mock => return Err(mock_only("payment")),
            PaymentProvider::WechatJsapi => Box::new(SignedPayment { page: signed()? }),
        };
        let captcha = crate::vendors::captcha::Provider::from_config(&config, &clock)?;
        let regions: Regions =
            serde_json::from_str(REGIONS_JSON).map_err(|e| format!("regions.json: {e}"))?;
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| format!("data dir {}: {e}", config.data_dir.display()))?;
        let photos_dir = config.data_dir.join("photos");
        std::fs::create_dir_all(&photos_dir)
            .map_err(|e| format!("photos dir {}: {e}", photos_dir.display()))?;
        let max_decodes = config.max_decodes;
        let db = Db::open(&config.data_dir.join("reissue.sqlite3"))?;
        db.call_sync(|c| crate::population::seed::seed(c, clock.today()))
            .map_err(|e| format!("seeding the mock register: {e}"))?;
        // 核验码 kept as typed by an older version: digested before anyone asks.
        db.call_sync(|c| {
            crate::delegation::store::digest_plain_codes(c, crate::secrets::salted_digest)
        })
        .map_err(|e| format!("digesting old 核验码: {e}"))?;
        let faults = Faults::from_config(&config);
        if faults.settings().active() {
            tracing::warn!("fault injection on: {}", faults.settings().describe());
        }
        let csp = Csp::new(&config.dist);
        let capacity = Arc::new(crate::http::capacity::Capacity::new(
            config.max_concurrent,
            config.request_timeout_secs,
        ));
        Ok(AppState(Arc::new(Inner {
            config,
            admin_token,
            db,
            clock,
            profile,
            regions,
            photos_dir,
            liveness,
            payment,
            faults: Arc::new(faults),
            csp: Arc::new(csp),
            gateways: crate::http::faults::MockGateways::default(),
            sign_in_limits: crate::http::limits::SignInLimits::default(),
            human_check: captcha.check,
            mock_captcha: captcha.mock,
            officer_failures: crate::officer::accounts::Failures::default(),
            capacity,
            decodes: match max_decodes {
                0 => crate::photos::decodes::Decodes::per_core(),
                n => crate::photos::decodes::Decodes::new(n as usize),
            },
        })))
    }

    pub fn rules(&self) -> FormRules<'_> {
        FormRules::for_profile(&self.profile, self.clock.today(), Some(&self.regions))
    }
}

impl AppState {
    /// Runs `f` in one write transaction at the clock's now: committed when `f` returns
    /// `Ok`, rolled back when it refuses, so a refusal never leaves half an action behind.
    pub async fn tx<R, F>(&self, f: F) -> ApiResult<R>
    where
        R: Send + 'static,
        F: FnOnce(&Transaction, Millis) -> ApiResult<R> + Send + 'static,
    {
        let state = self.clone();
        self.db
            .call(move |conn| {
                let now = state.clock.now_ms();
                let tx = conn.transaction()?;
                let out = f(&tx, now)?;
                tx.commit()?;
                Ok(out)
            })
            .await
    }
}
