//! 人脸识别，确认是本人: what the family's actions on a card ask for when the phone alone
//! is not enough. Starts a face check for the person (named by the check: typed, an
//! application's face, or a report's card) and sends the browser to the vendor; the
//! vendor comes back to /identity/return, which returns to `check.next`.

use reissue_domain::identity::IdentityCheck;
use reissue_domain::ProviderAction;
use yew::prelude::*;

use crate::api::{self, ApiError, Remote};
use crate::text;

/// Does this refusal ask for the holder's face check?
pub fn needs_face_check(e: &ApiError) -> bool {
    matches!(e, ApiError::Rejected { code, .. } if code == "identity_required")
}

#[derive(Properties, PartialEq)]
pub struct VerifyPersonProps {
    pub check: IdentityCheck,
}

#[function_component(VerifyPerson)]
pub fn verify_person(props: &VerifyPersonProps) -> Html {
    let starting = use_state(|| Remote::<()>::Idle);
    let onclick = {
        let (check, starting) = (props.check.clone(), starting.clone());
        Callback::from(move |_: MouseEvent| {
            if starting.is_pending() {
                return;
            }
            starting.set(Remote::Pending);
            let (check, starting) = (check.clone(), starting.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match start(&check).await {
                    // On its way to the vendor: the button stays busy.
                    Ok(()) => {}
                    Err(e) => starting.set(Remote::Failed(e)),
                }
            });
        })
    };
    html! {
        <div class="verify-person">
            <p class="hint">{ text::VERIFY_PERSON_WHY }</p>
            if let Some(e) = starting.error() {
                <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
            }
            <button type="button" class="btn btn-primary" {onclick}
                aria-disabled={starting.is_pending().then_some("true")}>
                { if starting.is_pending() { text::LOADING } else { text::VERIFY_PERSON_BUTTON } }
            </button>
        </div>
    }
}

/// Opens the face check and goes to the vendor.
pub async fn start(check: &IdentityCheck) -> Result<(), ApiError> {
    let flow = api::start_identity_check(check).await?;
    match flow.action {
        ProviderAction::Redirect { url } => {
            crate::providers::navigate(&url);
            Ok(())
        }
        ProviderAction::WechatJsapi { .. } => Err(ApiError::Decode),
    }
}
