//! Vendor flows as they travel (a face check, a payment): how one starts, what the
//! browser is told to do, and its status.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// What the browser must do to run a vendor flow. The result never comes from here:
/// the server confirms it with the vendor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    try_from = "flat::ProviderActionWire"
)]
pub enum ProviderAction {
    /// Navigate to the vendor's page; it comes back to the return route.
    Redirect { url: String },
    /// Call `WeixinJSBridge.invoke('getBrandWCPayRequest', params, cb)`.
    WechatJsapi { params: WechatPayParams },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[allow(non_snake_case)]
pub struct WechatPayParams {
    pub appId: String,
    pub timeStamp: String,
    pub nonceStr: String,
    pub package: String,
    pub signType: String,
    pub paySign: String,
}

/// `POST /api/v1/drafts/current/liveness` (the body is optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LivenessStart {
    /// While correcting this rejected application: the check vouches for its answers
    /// with the correction kept so far, not for the draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FlowStart {
    /// Opaque; the return route carries only this.
    pub flow_id: String,
    pub action: ProviderAction,
}

/// A liveness or payment flow as the server decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(
    tag = "status",
    rename_all = "snake_case",
    try_from = "flat::FlowStatusWire"
)]
pub enum FlowStatus {
    Pending,
    Passed,
    Failed { reason: String },
    Cancelled,
    Expired,
}

impl FlowStatus {
    pub fn is_final(&self) -> bool {
        !matches!(self, FlowStatus::Pending)
    }
}

/// Where a vendor flow is, as the server keeps it: pending until the vendor's verdict
/// (or the clock) moves it once, to one of the others, for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowState {
    Pending,
    Passed,
    Failed,
    Cancelled,
    Expired,
}

impl FlowState {
    pub const ALL: [FlowState; 5] = [
        FlowState::Pending,
        FlowState::Passed,
        FlowState::Failed,
        FlowState::Cancelled,
        FlowState::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FlowState::Pending => "pending",
            FlowState::Passed => "passed",
            FlowState::Failed => "failed",
            FlowState::Cancelled => "cancelled",
            FlowState::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<FlowState> {
        FlowState::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// What the browser is told, with the failure's reason.
    pub fn to_status(self, reason: Option<String>) -> FlowStatus {
        match self {
            FlowState::Pending => FlowStatus::Pending,
            FlowState::Passed => FlowStatus::Passed,
            FlowState::Failed => FlowStatus::Failed {
                reason: reason.unwrap_or_default(),
            },
            FlowState::Cancelled => FlowStatus::Cancelled,
            FlowState::Expired => FlowStatus::Expired,
        }
    }
}

/// The tagged enums the browser reads, decoded from the same JSON as one flat object.
/// serde reads an internally tagged enum by first buffering the whole value in its
/// generic `Content` tree, and that decoder (numbers, floats, maps of anything) is
/// several KB of every phone's download; a flat struct with a plain enum tag is not.
/// Writing is unchanged: the derived, tagged form.
mod flat {
    use serde::Deserialize;

    use super::{FlowStatus, ProviderAction, WechatPayParams};

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum FlowState {
        Pending,
        Passed,
        Failed,
        Cancelled,
        Expired,
    }

    #[derive(Deserialize)]
    pub struct FlowStatusWire {
        status: FlowState,
        #[serde(default)]
        reason: Option<String>,
    }

    impl TryFrom<FlowStatusWire> for FlowStatus {
        type Error = &'static str;
        fn try_from(w: FlowStatusWire) -> Result<Self, Self::Error> {
            Ok(match w.status {
                FlowState::Pending => FlowStatus::Pending,
                FlowState::Passed => FlowStatus::Passed,
                FlowState::Failed => FlowStatus::Failed {
                    reason: w.reason.ok_or("missing field `reason`")?,
                },
                FlowState::Cancelled => FlowStatus::Cancelled,
                FlowState::Expired => FlowStatus::Expired,
            })
        }
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum ActionKind {
        Redirect,
        WechatJsapi,
    }

    #[derive(Deserialize)]
    pub struct ProviderActionWire {
        kind: ActionKind,
        #[serde(default)]
        url: Option<String>,
        #[serde(default)]
        params: Option<WechatPayParams>,
    }

    impl TryFrom<ProviderActionWire> for ProviderAction {
        type Error = &'static str;
        fn try_from(w: ProviderActionWire) -> Result<Self, Self::Error> {
            Ok(match w.kind {
                ActionKind::Redirect => ProviderAction::Redirect {
                    url: w.url.ok_or("missing field `url`")?,
                },
                ActionKind::WechatJsapi => ProviderAction::WechatJsapi {
                    params: w.params.ok_or("missing field `params`")?,
                },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flow_state_reads_back_what_it_writes() {
        for f in FlowState::ALL {
            assert_eq!(FlowState::parse(f.as_str()), Some(f));
        }
        assert_eq!(FlowState::parse("paid"), None);
    }

    #[test]
    fn the_flat_readers_take_exactly_what_the_tagged_writers_write() {
        let statuses = [
            FlowStatus::Pending,
            FlowStatus::Passed,
            FlowStatus::Failed {
                reason: "光线太暗".into(),
            },
            FlowStatus::Cancelled,
            FlowStatus::Expired,
        ];
        for s in statuses {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(
                serde_json::from_str::<FlowStatus>(&json).unwrap(),
                s,
                "{json}"
            );
        }
        let actions = [
            ProviderAction::Redirect {
                url: "/mock-vendor/liveness/f1".into(),
            },
            ProviderAction::WechatJsapi {
                params: WechatPayParams {
                    appId: "wx1".into(),
                    timeStamp: "1".into(),
                    nonceStr: "n".into(),
                    package: "prepay_id=p".into(),
                    signType: "RSA".into(),
                    paySign: "s".into(),
                },
            },
        ];
        for a in actions {
            let json = serde_json::to_string(&a).unwrap();
            assert!(json.contains(r#""kind":"#), "{json}");
            assert_eq!(serde_json::from_str::<ProviderAction>(&json).unwrap(), a);
        }
        // A variant without its data is refused, as the tagged reader refused it.
        assert!(serde_json::from_str::<FlowStatus>(r#"{"status":"failed"}"#).is_err());
        assert!(serde_json::from_str::<ProviderAction>(r#"{"kind":"redirect"}"#).is_err());
        assert!(serde_json::from_str::<FlowStatus>(r#"{"status":"gone"}"#).is_err());
    }
}
