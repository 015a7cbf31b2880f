//! Back from a face check started outside the wizard (挂失, 解挂, 撤回, 委托): the
//! server's verdict, then the page that asked for it, where the action goes on.

use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::Page;
use crate::hooks::{call, use_resource, WhenLost};
use crate::providers::{self, verdict, Verdict};
use crate::route::{Route, Then};
use crate::router::use_navigator;
use crate::text;

/// Where the vendor sends the user back; the URL carries only the flow id, and the
/// verdict comes from the server.
#[function_component(IdentityReturn)]
pub fn identity_return() -> Html {
    let navigator = use_navigator().expect("router");
    // A check that did not pass: the vendor's reason, and the page that asked for it.
    let outcome = {
        let navigator = navigator.clone();
        use_resource((), WhenLost::Show, move |_| {
            let hint = providers::take_return();
            Some(call(async move {
                // Not passed: the page that asked, to try again from there.
                let refuse = |reason: String| async move {
                    let next = api::identity().await.map(|me| me.next).unwrap_or_default();
                    Ok(Some((reason, next)))
                };
                let Some(flow) = hint.flow_id else {
                    return refuse(String::new()).await;
                };
                match providers::Liveness::Mock
                    .confirm(&flow)
                    .await
                    .map(|s| verdict(&s))
                {
                    Ok(Verdict::Passed) => {}
                    Ok(Verdict::Failed(reason)) => return refuse(reason).await,
                    Ok(Verdict::Cancelled | Verdict::Expired) | Err(ApiError::NotFound(_)) => {
                        return refuse(String::new()).await
                    }
                    Err(ApiError::Unauthenticated(_)) => {
                        let here = Then::with(Route::IdentityReturn, "flow", flow);
                        navigator.sign_in_then(&here, true);
                        return Ok(None);
                    }
                    Err(e) => return Err(e),
                }
                // Back to the page that asked (the server keeps only our own).
                navigator.go_to_path(&api::identity().await?.next, true);
                Ok(None)
            }))
        })
    };
    html! {
        <Page title={text::VERIFY_PERSON_BUTTON}>
            if let Ok(Some(Some((reason, next)))) = outcome.get() {
                <div class="alert alert-error" role="alert">
                    <p>{ text::IDENTITY_FAILED }</p>
                    if !reason.is_empty() { <p>{ reason.clone() }</p> }
                </div>
                <button type="button" class="btn btn-primary" onclick={
                    let (navigator, next) = (navigator.clone(), next.clone());
                    Callback::from(move |_: MouseEvent| match next.is_empty() {
                        true => navigator.replace(&Route::Applications),
                        false => navigator.go_to_path(&next, true),
                    })
                }>{ text::IDENTITY_BACK }</button>
            } else if let Some(e) = outcome.error() {
                <div class="alert alert-error" role="alert"><p>{ e.message() }</p>
                    <button type="button" class="btn btn-primary" onclick={outcome.retry()}>{ text::RETRY }</button>
                </div>
            } else {
                <p class="loading" role="status">{ text::LIVENESS_CHECKING }</p>
            }
        </Page>
    }
}
