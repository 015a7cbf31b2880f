use reissue_domain::FlowStatus;
use yew::prelude::*;

use crate::api::ApiError;
use crate::components::Page;
use crate::hooks::{call, use_resource, WhenLost};
use crate::providers::{self, Payment};
use crate::route::{Route, Then};
use crate::router::{use_navigator, Link};
use crate::text;

/// Where the payment vendor sends the user back. Only the flow id is read; the server
/// says whether the fee was paid.
#[function_component(PaymentReturn)]
pub fn payment_return() -> Html {
    let navigator = use_navigator().expect("router");
    // Read once, on the first render; retries reuse it.
    let flow = use_state(|| providers::take_return().flow_id)
        .as_ref()
        .cloned();
    // Back hours later, signed out: verify the phone, then come back here.
    let here = Then::with(
        Route::PaymentReturn,
        "flow",
        flow.clone().unwrap_or_default(),
    );
    let outcome = use_resource((), WhenLost::SignIn(navigator, here), move |_| {
        Some(call(async move {
            match &flow {
                // Every provider confirms the same way: the server's verdict.
                Some(f) => Payment::Mock.confirm(f).await,
                None => Err(ApiError::NotFound(text::RETURN_LOST.into())),
            }
        }))
    });
    let checking = matches!(outcome.get(), Ok(None));
    let message = match outcome.get() {
        Ok(None) => text::PAYMENT_CHECKING.to_string(),
        Ok(Some(status)) => text::payment_message(status).to_string(),
        Err(ApiError::NotFound(_)) => text::RETURN_LOST.to_string(),
        Err(e) => e.message(),
    };
    html! {
        <Page title={text::PAYMENT_RESULT}>
            <p role="status" class={classes!(checking.then_some("loading"))}>{ message }</p>
            if outcome.done() == Some(&FlowStatus::Passed) {
                <p>{ text::PAYMENT_RECEIPT_WHERE }</p>
            }
            if outcome.error().is_some_and(ApiError::is_transient) {
                <button type="button" class="btn btn-primary" onclick={outcome.retry()}>{ text::RETRY }</button>
            }
            <Link to={Route::Applications} classes="btn btn-default">{ text::MINE_TITLE }</Link>
        </Page>
    }
}
