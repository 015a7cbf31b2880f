//! Back from a face check started outside the wizard (挂失, 解挂, 撤回, 委托): the
//! server's verdict, then the page that asked for it, where the action goes on.

use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::Page;
use crate::providers::{self, verdict, Verdict};
use crate::route::Route;
use crate::router::use_navigator;
use crate::text;

/// Where the vendor sends the user back; the URL carries only the flow id, and the
/// verdict comes from the server.
#[function_component(IdentityReturn)]
pub fn identity_return() -> Html {
    let navigator = use_navigator().expect("router");
    let failure = use_state(|| None::<ApiError>);
    // The vendor's reason for a check that did not pass.
    let refused = use_state(|| None::<String>);
    let attempt = use_state(|| 0u32);
    {
        let (failure, refused) = (failure.clone(), refused.clone());
        use_effect_with(*attempt, move |_| {
            let hint = providers::take_return();
            wasm_bindgen_futures::spawn_local(async move {
                let Some(flow) = hint.flow_id else {
                    return refused.set(Some(String::new()));
                };
                match providers::Liveness::Mock
                    .confirm(&flow)
                    .await
                    .map(|s| verdict(&s))
                {
                    Ok(Verdict::Passed) => {}
                    Ok(Verdict::Failed(reason)) => return refused.set(Some(reason)),
                    Ok(Verdict::Cancelled | Verdict::Expired) | Err(ApiError::NotFound(_)) => {
                        return refused.set(Some(String::new()))
                    }
                    Err(ApiError::Unauthenticated(_)) => {
                        let here = format!("/identity/return?flow={flow}");
                        return navigator.replace_with_query(&Route::Verify, &[("next", here)]);
                    }
                    Err(e) => return failure.set(Some(e)),
                }
                match api::identity().await {
                    Ok(me) => go_to(&navigator, &me.next),
                    Err(e) => failure.set(Some(e)),
                }
            });
        });
    }
    let retry = {
        let (attempt, failure) = (attempt.clone(), failure.clone());
        Callback::from(move |_| {
            failure.set(None);
            attempt.set(*attempt + 1);
        })
    };
    html! {
        <Page title={text::VERIFY_PERSON_BUTTON}>
            if let Some(reason) = &*refused {
                <div class="alert alert-error" role="alert">
                    <p>{ text::IDENTITY_FAILED }</p>
                    if !reason.is_empty() { <p>{ reason.clone() }</p> }
                </div>
                <a href="/applications" class="btn btn-default">{ text::MINE_TITLE }</a>
                <a href="/loss-report" class="btn btn-primary">{ text::IDENTITY_BACK }</a>
            } else if let Some(e) = &*failure {
                <div class="alert alert-error" role="alert"><p>{ e.message() }</p>
                    <button type="button" class="btn btn-primary" onclick={retry}>{ text::RETRY }</button>
                </div>
            } else {
                <p class="loading" role="status">{ text::LIVENESS_CHECKING }</p>
            }
        </Page>
    }
}

/// To the page the face check was started from (the server keeps only our own).
fn go_to(navigator: &crate::router::Navigator, next: &str) {
    let (path, query) = next.split_once('?').unwrap_or((next, ""));
    let pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .collect();
    match Route::recognize(path) {
        Route::NotFound => navigator.replace(&Route::Applications),
        route => navigator.replace_with_query(&route, &pairs),
    }
}
