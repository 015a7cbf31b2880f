//! Liveness-check and payment vendors. The server holds every secret and confirms every
//! result with the vendor itself; whatever comes back through the browser is a hint at
//! most. A real vendor (Tencent FaceID H5, Alibaba 实人认证, WeChat Pay JSAPI) is one
//! more implementation of these traits.
//!
//! Both kinds keep the vendor's answer in our own `flows` table. The `Mock` vendors'
//! pages (`/mock-vendor/...`, mounted only with `--mock`) record the tester's choice
//! there; the real vendors' answer arrives as a callback signed with the key shared
//! with them ([`verify_signature`]), and nothing else can write it. `confirm` reads it
//! back.

pub mod captcha;
pub mod ems;
pub mod mock;
pub mod photo_centre;

use reissue_domain::flow::FlowState;
use std::future::Future;
use std::pin::Pin;

use rand::seq::SliceRandom;
use reissue_domain::api::{LivenessProvider, PaymentProvider, ProviderAction};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    Liveness,
    Payment,
}

impl FlowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FlowKind::Liveness => "liveness",
            FlowKind::Payment => "payment",
        }
    }

    pub fn parse(s: &str) -> Option<FlowKind> {
        match s {
            "liveness" => Some(FlowKind::Liveness),
            "payment" => Some(FlowKind::Payment),
            _ => None,
        }
    }
}

/// A flow as stored.
#[derive(Debug, Clone)]
pub struct Flow {
    pub id: String,
    pub kind: FlowKind,
    pub phone: String,
    pub app_number: Option<String>,
    pub created_ms: i64,
    pub expires_ms: i64,
    /// pending | passed | failed | cancelled | expired
    pub status: FlowState,
    pub reason: Option<String>,
    pub vendor_token: Option<String>,
    /// Mock vendors only: what the tester chose on the vendor page.
    pub vendor_outcome: Option<String>,
    pub vendor_outcome_ms: Option<i64>,
    /// Liveness: the actions asked for, e.g. ["眨眼", "张嘴", "点头"].
    pub actions: Vec<String>,
    /// Payment: the amount the server decided.
    pub amount_fen: Option<u32>,
    /// Liveness: whom it vouches for ([`crate::flows::identity_digest`]).
    pub subject: Option<String>,
    /// Liveness: a face check for a person alone (to act on a card), not for the draft
    /// or a correction; its person waits in `verifications`.
    pub for_identity: bool,
}

/// Who the check is about, passed to vendors that compare faces with the national
/// photo (Tencent DetectAuth takes Name/IdCard).
#[derive(Debug, Clone, Default)]
pub struct Subject {
    pub name: Option<String>,
    pub id_number: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Started {
    pub action: ProviderAction,
    /// The vendor's handle (BizToken, CertifyId, prepay_id), kept server-side only.
    pub vendor_token: Option<String>,
    pub actions: Vec<String>,
}

/// The vendor's answer when asked about a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Pending,
    /// Liveness passed (with the identity the vendor verified, when it returns one) or
    /// payment received.
    Passed {
        name: Option<String>,
        id_number: Option<String>,
    },
    Failed(String),
    Cancelled,
}

pub trait LivenessVendor: Send + Sync {
    fn provider(&self) -> LivenessProvider;
    fn start<'a>(
        &'a self,
        flow_id: &'a str,
        subject: &'a Subject,
    ) -> BoxFuture<'a, Result<Started, String>>;
    fn confirm<'a>(&'a self, flow: &'a Flow) -> BoxFuture<'a, Result<Verdict, String>>;
}

pub trait PaymentVendor: Send + Sync {
    fn provider(&self) -> PaymentProvider;
    fn start<'a>(
        &'a self,
        flow_id: &'a str,
        amount_fen: u32,
        description: &'a str,
    ) -> BoxFuture<'a, Result<Started, String>>;
    /// Where to send the browser again for a payment already open.
    fn resume(&self, flow: &Flow) -> ProviderAction;
    fn confirm<'a>(&'a self, flow: &'a Flow) -> BoxFuture<'a, Result<Verdict, String>>;
}

pub const LIVENESS_ACTIONS: [&str; 3] = ["眨眼", "点头", "张嘴"];

/// The mock liveness vendor: a page on this server asks for the actions.
#[derive(Debug, Default)]
pub struct MockLiveness;

impl LivenessVendor for MockLiveness {
    fn provider(&self) -> LivenessProvider {
        LivenessProvider::Mock
    }

    fn start<'a>(
        &'a self,
        flow_id: &'a str,
        _subject: &'a Subject,
    ) -> BoxFuture<'a, Result<Started, String>> {
        Box::pin(async move {
            let mut actions: Vec<String> = LIVENESS_ACTIONS.iter().map(|s| s.to_string()).collect();
            actions.shuffle(&mut rand::thread_rng());
            Ok(Started {
                action: ProviderAction::Redirect {
                    url: format!("/mock-vendor/liveness/{flow_id}"),
                },
                vendor_token: Some(format!("mock-biztoken-{flow_id}")),
                actions,
            })
        })
    }

    fn confirm<'a>(&'a self, flow: &'a Flow) -> BoxFuture<'a, Result<Verdict, String>> {
        Box::pin(async move { Ok(recorded_verdict(flow)) })
    }
}

/// The mock payment vendor: a page on this server shows the amount.
#[derive(Debug, Default)]
pub struct MockPayment;

impl PaymentVendor for MockPayment {
    fn provider(&self) -> PaymentProvider {
        PaymentProvider::Mock
    }

    fn resume(&self, flow: &Flow) -> ProviderAction {
        ProviderAction::Redirect {
            url: format!("/mock-vendor/payment/{}", flow.id),
        }
    }

    fn start<'a>(
        &'a self,
        flow_id: &'a str,
        _amount_fen: u32,
        _description: &'a str,
    ) -> BoxFuture<'a, Result<Started, String>> {
        Box::pin(async move {
            Ok(Started {
                action: ProviderAction::Redirect {
                    url: format!("/mock-vendor/payment/{flow_id}"),
                },
                vendor_token: Some(format!("mock-prepay-{flow_id}")),
                actions: Vec::new(),
            })
        })
    }

    fn confirm<'a>(&'a self, flow: &'a Flow) -> BoxFuture<'a, Result<Verdict, String>> {
        Box::pin(async move { Ok(recorded_verdict(flow)) })
    }
}

/// The outcomes a vendor may report for a kind of flow.
pub fn outcomes(kind: FlowKind) -> &'static [&'static str] {
    match kind {
        FlowKind::Liveness => &["pass", "fail", "cancel"],
        FlowKind::Payment => &["pay", "cancel"],
    }
}

/// What the vendor's recorded answer means.
fn recorded_verdict(flow: &Flow) -> Verdict {
    match flow.vendor_outcome.as_deref() {
        Some("pass") | Some("pay") => Verdict::Passed {
            name: None,
            id_number: None,
        },
        Some("fail") => {
            Verdict::Failed("未检测到要求的动作，请在光线充足处正对镜头，按提示重新完成".into())
        }
        Some("cancel") => Verdict::Cancelled,
        _ => Verdict::Pending,
    }
}

/// A real liveness vendor's H5 check (Tencent FaceID, Alibaba 实人认证): the browser is
/// sent to the vendor's page with the flow id; the vendor's answer comes back as a signed
/// callback. Registering the check with the vendor's API (the one request this build has
/// no network for) goes in `start`.
#[derive(Debug)]
pub struct SignedLiveness {
    pub page: String,
}

impl LivenessVendor for SignedLiveness {
    fn provider(&self) -> LivenessProvider {
        LivenessProvider::RedirectVendor
    }

    fn start<'a>(
        &'a self,
        flow_id: &'a str,
        _subject: &'a Subject,
    ) -> BoxFuture<'a, Result<Started, String>> {
        Box::pin(async move {
            Ok(Started {
                action: ProviderAction::Redirect {
                    url: format!("{}/liveness?flow={flow_id}", self.page),
                },
                vendor_token: None,
                actions: Vec::new(),
            })
        })
    }

    fn confirm<'a>(&'a self, flow: &'a Flow) -> BoxFuture<'a, Result<Verdict, String>> {
        Box::pin(async move { Ok(recorded_verdict(flow)) })
    }
}

/// A real payment vendor's cashier (WeChat Pay, UnionPay): as [`SignedLiveness`], the
/// paid amount in the signed callback checked against the server's.
#[derive(Debug)]
pub struct SignedPayment {
    pub page: String,
}

impl SignedPayment {
    fn cashier(&self, flow_id: &str, amount_fen: u32) -> ProviderAction {
        ProviderAction::Redirect {
            url: format!("{}/pay?flow={flow_id}&amount_fen={amount_fen}", self.page),
        }
    }
}

impl PaymentVendor for SignedPayment {
    fn provider(&self) -> PaymentProvider {
        PaymentProvider::WechatJsapi
    }

    fn resume(&self, flow: &Flow) -> ProviderAction {
        self.cashier(&flow.id, flow.amount_fen.unwrap_or(0))
    }

    fn start<'a>(
        &'a self,
        flow_id: &'a str,
        amount_fen: u32,
        _description: &'a str,
    ) -> BoxFuture<'a, Result<Started, String>> {
        Box::pin(async move {
            Ok(Started {
                action: self.cashier(flow_id, amount_fen),
                vendor_token: None,
                actions: Vec::new(),
            })
        })
    }

    fn confirm<'a>(&'a self, flow: &'a Flow) -> BoxFuture<'a, Result<Verdict, String>> {
        Box::pin(async move { Ok(recorded_verdict(flow)) })
    }
}

/// How far a callback's timestamp may be from the server's clock.
pub const CALLBACK_WINDOW_MS: i64 = 5 * 60 * 1000;

/// Why a callback is not the vendor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The signature is not the vendor key's over this timestamp, nonce and body.
    Signature,
    /// Older or newer than [`CALLBACK_WINDOW_MS`] (a recorded callback sent again later).
    Stale,
}

/// Checks a callback the way WeChat Pay v3 signs its notifications: HMAC-SHA256 with
/// the shared key over `timestamp\nnonce\nbody\n`, hex; the timestamp (seconds) within
/// the window. The nonce's uniqueness is the store's to check.
pub fn verify_signature(
    key: &str,
    timestamp: &str,
    nonce: &str,
    body: &[u8],
    signature: &str,
    now_ms: i64,
) -> Result<(), Refused> {
    use hmac::{Hmac, Mac};
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).map_err(|_| Refused::Signature)?;
    mac.update(timestamp.as_bytes());
    mac.update(b"\n");
    mac.update(nonce.as_bytes());
    mac.update(b"\n");
    mac.update(body);
    mac.update(b"\n");
    let expected = crate::secrets::hex(&mac.finalize().into_bytes());
    if !crate::secrets::same_secret(&expected, &signature.to_ascii_lowercase()) {
        return Err(Refused::Signature);
    }
    let at_ms = timestamp
        .parse::<i64>()
        .map_err(|_| Refused::Stale)?
        .saturating_mul(1000);
    if (now_ms - at_ms).abs() > CALLBACK_WINDOW_MS {
        return Err(Refused::Stale);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_key_body_and_time_only() {
        use hmac::{Hmac, Mac};
        let sign = |key: &str, ts: &str, body: &str| {
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
            mac.update(format!("{ts}\nn1\n{body}\n").as_bytes());
            crate::secrets::hex(&mac.finalize().into_bytes())
        };
        let now = 1_800_000_000_000;
        let ts = "1800000000";
        let good = sign("k", ts, "{}");
        assert_eq!(verify_signature("k", ts, "n1", b"{}", &good, now), Ok(()));
        let upper = good.to_ascii_uppercase();
        assert_eq!(verify_signature("k", ts, "n1", b"{}", &upper, now), Ok(()));
        let other = b"{\"x\":1}";
        assert_eq!(
            verify_signature("k", ts, "n1", other, &good, now),
            Err(Refused::Signature)
        );
        assert_eq!(
            verify_signature("k2", ts, "n1", b"{}", &good, now),
            Err(Refused::Signature)
        );
        assert_eq!(
            verify_signature("k", ts, "n2", b"{}", &good, now),
            Err(Refused::Signature)
        );
        let later = now + CALLBACK_WINDOW_MS + 1000;
        assert_eq!(
            verify_signature("k", ts, "n1", b"{}", &good, later),
            Err(Refused::Stale)
        );
    }
}
