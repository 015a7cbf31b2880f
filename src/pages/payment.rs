use reissue_domain::FlowStatus;
use yew::prelude::*;

use crate::api::ApiError;
use crate::components::Page;
use crate::providers::{self, Payment};
use crate::route::Route;
use crate::router::{use_navigator, Link};
use crate::text;

/// Where the payment vendor sends the user back. Only the flow id is read; the server
/// says whether the fee was paid.
#[function_component(PaymentReturn)]
pub fn payment_return() -> Html {
    let outcome = use_state(|| None::<Result<FlowStatus, ApiError>>);
    let attempt = use_state(|| 0u32);
    let navigator = use_navigator().expect("router");
    // Read once, on the first render; retries reuse it.
    let hint = use_state(providers::take_return);
    {
        let (outcome, hint, navigator) = (outcome.clone(), hint.clone(), navigator.clone());
        use_effect_with(*attempt, move |_| {
            outcome.set(None);
            let flow = hint.flow_id.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = match &flow {
                    // Every provider confirms the same way: the server's verdict.
                    Some(f) => Payment::Mock.confirm(f).await,
                    None => Err(ApiError::NotFound(text::RETURN_LOST.into())),
                };
                if let (Err(ApiError::Unauthenticated(_)), Some(f)) = (&result, &flow) {
                    // Back hours later, signed out: verify the phone, then come back here.
                    let here = format!("/payment/return?flow={f}");
                    navigator.replace_with_query(&Route::Verify, &[("next", here)]);
                    return;
                }
                outcome.set(Some(result));
            });
        });
    }
    let message = match &*outcome {
        None => text::PAYMENT_CHECKING.to_string(),
        Some(Ok(status)) => text::payment_message(status).to_string(),
        Some(Err(ApiError::NotFound(_))) => text::RETURN_LOST.to_string(),
        Some(Err(e)) => e.message(),
    };
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    html! {
        <Page title={text::PAYMENT_RESULT}>
            <p role="status" class={classes!(outcome.is_none().then_some("loading"))}>{ message }</p>
            if matches!(&*outcome, Some(Ok(FlowStatus::Passed))) {
                <p>{ text::PAYMENT_RECEIPT_WHERE }</p>
            }
            if matches!(&*outcome, Some(Err(e)) if e.is_transient()) {
                <button type="button" class="btn btn-primary" onclick={retry}>{ text::RETRY }</button>
            }
            <Link to={Route::Applications} classes="btn btn-default">{ text::MINE_TITLE }</Link>
        </Page>
    }
}
