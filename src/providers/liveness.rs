use reissue_domain::{FlowStatus, LivenessProvider, ProviderAction, ServiceProfile};

use crate::api::{self, ApiError};

/// The liveness check the profile names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liveness {
    /// Our mock vendor page on the mock server.
    Mock,
    /// A certified vendor's H5 page (Tencent FaceID, Alibaba 实人认证): navigate to the
    /// URL the server got from the vendor; the vendor comes back to /liveness/return.
    RedirectVendor,
}

impl Liveness {
    /// The profile's choice; before the profile has loaded (a return page right after
    /// a reload) only `confirm` is used, which is the same for every provider.
    pub fn from_profile(p: Option<&ServiceProfile>) -> Self {
        match p.map(|p| p.liveness_provider) {
            Some(LivenessProvider::RedirectVendor) => Liveness::RedirectVendor,
            Some(LivenessProvider::Mock) | None => Liveness::Mock,
        }
    }

    /// Opens a flow on the server (for the correction of `application`, when one is
    /// being corrected) and performs its action. Returns only if the page stays (an
    /// error); on success the browser is on its way to the vendor.
    pub async fn start(self, application: Option<&str>) -> Result<(), ApiError> {
        let flow = api::start_liveness(application).await?;
        match (self, flow.action) {
            (_, ProviderAction::Redirect { url }) => {
                super::navigate(&url);
                Ok(())
            }
            // No liveness vendor uses a bridge; a server that says so is misconfigured.
            (_, ProviderAction::WechatJsapi { .. }) => Err(ApiError::Decode),
        }
    }

    /// The server's verdict (it asked the vendor itself).
    pub async fn confirm(self, flow_id: &str) -> Result<FlowStatus, ApiError> {
        api::poll_until_final(|| api::liveness_status(flow_id)).await
    }
}
