use reissue_domain::FlowStatus;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiError};
use crate::app::Route;
use crate::components::Page;
use crate::text;

/// Where the payment vendor sends the user back. Only the flow id is read; the server
/// says whether the fee was paid.
#[function_component(PaymentReturn)]
pub fn payment_return() -> Html {
    let outcome = use_state(|| None::<Result<FlowStatus, ApiError>>);
    let attempt = use_state(|| 0u32);
    let flow = use_state(|| super::query_param("flow"));
    {
        let (outcome, flow) = (outcome.clone(), flow.clone());
        use_effect_with(*attempt, move |_| {
            super::liveness::strip_vendor_params(flow.as_deref());
            outcome.set(None);
            let flow = (*flow).clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = match flow {
                    Some(f) => api::poll_until_final(|| api::payment_status(&f)).await,
                    None => Err(ApiError::NotFound(text::RETURN_LOST.into())),
                };
                outcome.set(Some(result));
            });
        });
    }
    let message = match &*outcome {
        None => text::PAYMENT_CHECKING.to_string(),
        Some(Ok(FlowStatus::Passed)) => text::PAYMENT_DONE.to_string(),
        Some(Ok(FlowStatus::Cancelled)) => text::PAYMENT_CANCELLED.to_string(),
        Some(Ok(FlowStatus::Expired)) | Some(Ok(FlowStatus::Pending)) => text::PAYMENT_EXPIRED.to_string(),
        Some(Ok(FlowStatus::Failed { .. })) => text::PAYMENT_FAILED.to_string(),
        Some(Err(e)) => e.message(),
    };
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    html! {
        <Page title={text::PAY}>
            <p role="status" class={classes!(outcome.is_none().then_some("loading"))}>{ message }</p>
            if matches!(&*outcome, Some(Err(e)) if e.is_transient()) {
                <button type="button" class="btn btn-primary" onclick={retry}>{ text::RETRY }</button>
            }
            <Link<Route> to={Route::Applications} classes="btn btn-default">{ text::MINE_TITLE }</Link<Route>>
        </Page>
    }
}
