//! Liveness-check and payment vendors. The server holds every secret and confirms every
//! result with the vendor itself; whatever comes back through the browser is a hint at
//! most. A real vendor (Tencent FaceID H5, Alibaba 实人认证, WeChat Pay JSAPI) is one
//! more implementation of these traits.
//!
//! The `Mock` vendors keep their "vendor-side" state in our own `flows` table: the mock
//! vendor pages (`/mock-vendor/...`) record the tester's choice there, and `confirm`
//! reads it back the way a real implementation would query the vendor's API.

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
    pub status: String,
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
        Box::pin(async move {
            Ok(match flow.vendor_outcome.as_deref() {
                Some("pass") => Verdict::Passed {
                    name: None,
                    id_number: None,
                },
                Some("fail") => Verdict::Failed(
                    "未检测到要求的动作，请在光线充足处正对镜头，按提示重新完成".into(),
                ),
                Some("cancel") => Verdict::Cancelled,
                _ => Verdict::Pending,
            })
        })
    }
}

/// The mock payment vendor: a page on this server shows the amount.
#[derive(Debug, Default)]
pub struct MockPayment;

impl PaymentVendor for MockPayment {
    fn provider(&self) -> PaymentProvider {
        PaymentProvider::Mock
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
        Box::pin(async move {
            Ok(match flow.vendor_outcome.as_deref() {
                Some("pay") => Verdict::Passed {
                    name: None,
                    id_number: None,
                },
                Some("cancel") => Verdict::Cancelled,
                _ => Verdict::Pending,
            })
        })
    }
}
