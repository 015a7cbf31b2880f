//! 没有回执？在线申请 (seed 002, where the profile offers it): on 证件照片, beside the
//! receipt number, a photo goes to the detection centre for review by hand; the receipt
//! it issues fills the number in, and a refusal says why and takes a new photo, free.

use reissue_domain::photo_order::{PhotoOrder, PhotoOrderState};
use reissue_domain::PhotoSlot;
use yew::prelude::*;

use crate::api;
use crate::components::Uploader;
use crate::hooks::{call, use_action, use_poll, WhenLost};
use crate::state::{Action, WizardContext};
use crate::text;

#[derive(Properties, PartialEq)]
pub struct OnlineReceiptProps {
    /// The receipt issued: the page's receipt number takes it.
    pub onissued: Callback<String>,
}

/// While the centre reviews, look every 5 s; after, no more.
fn next_look(order: &Option<PhotoOrder>, _round: u32) -> Option<u32> {
    order
        .as_ref()
        .filter(|o| o.state == PhotoOrderState::Reviewing)
        .map(|_| 5_000)
}

#[function_component(OnlineReceipt)]
pub fn online_receipt(props: &OnlineReceiptProps) -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let order = use_poll((), WhenLost::Show, |_| call(api::photo_order()), next_look);
    let placing = use_action::<()>();
    let current = order.done().cloned().flatten();
    // The receipt, once issued, goes into the number field (once per receipt).
    {
        let onissued = props.onissued.clone();
        let issued = current
            .as_ref()
            .filter(|o| o.state == PhotoOrderState::Issued)
            .and_then(|o| o.receipt.clone());
        use_effect_with(issued, move |issued| {
            if let Some(n) = issued {
                onissued.emit(n.clone());
            }
        });
    }
    let photo = wizard.draft.photos.card_photo.clone();
    let submit = {
        let (placing, order) = (placing.clone(), order.clone());
        Callback::from(move |_: MouseEvent| {
            let order = order.clone();
            placing.run(call(async move {
                let placed = api::place_photo_order().await?;
                order.set_done(Some(placed));
                order.reload();
                Ok(())
            }));
        })
    };
    let onstored = {
        let wizard = wizard.clone();
        Callback::from(move |meta| wizard.dispatch(Action::PhotoStored(PhotoSlot::CardPhoto, meta)))
    };
    let onremoved = {
        let wizard = wizard.clone();
        Callback::from(move |_| wizard.dispatch(Action::PhotoRemoved(PhotoSlot::CardPhoto)))
    };
    let upload = html! {
        <>
            <ul class="tips">{ for text::CAMERA_GUIDE.iter().map(|t| html! { <li>{ *t }</li> }) }</ul>
            <Uploader slot={PhotoSlot::CardPhoto} id="photo-order-photo" title={text::PHOTO_ORDER_SLOT} example={text::CAMERA_EXAMPLE} portrait=true
                stored={photo.clone()} error={None::<String>} {onstored} {onremoved} />
            if let Some(e) = placing.error() {
                <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
            }
            <button type="button" class="btn btn-primary" onclick={submit}
                aria-disabled={(placing.is_pending() || photo.is_none()).then_some("true")}>
                { if placing.is_pending() { text::LOADING } else { text::PHOTO_ORDER_SUBMIT } }
            </button>
            <p class="hint">{ text::PHOTO_ORDER_HOW }</p>
        </>
    };
    let body = match &current {
        Some(o) if o.state == PhotoOrderState::Reviewing => html! {
            <p role="status" id="photo-order-state">{ text::photo_order_reviewing(&o.number, &o.city) }</p>
        },
        Some(o) if o.state == PhotoOrderState::Issued => html! {
            <p role="status" id="photo-order-state">
                { text::photo_order_issued(o.receipt.as_deref().unwrap_or_default(), &o.city) }
            </p>
        },
        Some(o) => html! {
            <>
                <div class="alert alert-warn" role="alert" id="photo-order-state">
                    <p>{ text::PHOTO_ORDER_REFUSED }{ o.reason.clone().unwrap_or_default() }</p>
                    <p>{ text::PHOTO_ORDER_AGAIN }</p>
                </div>
                { upload }
            </>
        },
        None => upload,
    };
    html! {
        <section class="card" id="photo-order">
            <h2>{ text::PHOTO_ORDER_TITLE }</h2>
            <p>{ text::PHOTO_ORDER_INTRO }</p>
            if let Some(e) = order.error() {
                <div class="alert alert-error" role="alert">
                    <p>{ e.message() }</p>
                    <button type="button" class="btn btn-default btn-inline" onclick={order.retry()}>{ text::RETRY }</button>
                </div>
            }
            { body }
        </section>
    }
}
