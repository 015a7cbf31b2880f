use reissue_domain::population::receipt_number;
use reissue_domain::{
    CardPhotoChoice, DraftUpdate, FieldError, PhotoSlot, PhotoSource, ServiceProfile,
};
use yew::prelude::*;

use super::photo_order::OnlineReceipt;
use crate::api;
use crate::components::{
    checkbox, error_for, radio_group, text_field, CheckboxProps, Page, RadioGroupProps,
    TextFieldProps, Uploader,
};
use crate::hooks::{
    call, use_field_errors, use_resource, use_save, FieldErrors, UseAction, WhenLost,
};
use crate::route::Route;
use crate::router::{use_navigator, Navigator};
use crate::state::{back_step, next_step, Action, Step, WizardContext};
use crate::text;

/// The id of whichever control answers for the photo chosen (the error summary links
/// to it): the confirmation, the receipt number, or the uploader (which names itself).
const CARD_PHOTO: &str = "card_photo";
const SOURCE: &str = "photo_source";

fn label(source: PhotoSource) -> &'static str {
    match source {
        PhotoSource::OnRecord => text::SOURCE_ON_RECORD,
        PhotoSource::Receipt => text::SOURCE_RECEIPT,
        PhotoSource::Camera => text::SOURCE_CAMERA,
    }
}

fn problem(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: "required".into(),
        message: message.into(),
    }
}

/// What the applicant has chosen and typed on this page, kept across errors.
#[derive(Clone)]
struct Choice {
    chosen: UseStateHandle<Option<PhotoSource>>,
    receipt: UseStateHandle<String>,
    confirmed: UseStateHandle<bool>,
    /// A photo that did not load (a dropped connection) is asked for again, twice.
    image_try: UseStateHandle<u32>,
    errors: FieldErrors,
}

/// 证件照片: where the new card's photo comes from, among the sources the profile
/// offers: the register's photo (when it has a usable one), a studio's receipt number,
/// or the phone's camera. The register is asked here; the server checks the choice
/// again when it is saved and at submission.
#[function_component(CardPhoto)]
pub fn card_photo() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let errors = use_field_errors();
    let saved = wizard.draft.card_photo.clone();
    let choice = Choice {
        chosen: use_state(|| saved.as_ref().map(|c| c.source)),
        receipt: use_state(|| {
            saved
                .as_ref()
                .and_then(|c| c.receipt.clone())
                .unwrap_or_default()
        }),
        confirmed: use_state(|| {
            saved
                .as_ref()
                .is_some_and(|c| c.source == PhotoSource::OnRecord)
        }),
        image_try: use_state(|| 0u32),
        errors: errors.clone(),
    };
    let saving = use_save::<()>(&errors);

    let form = &wizard.draft.form;
    let who = (
        form.name.clone().unwrap_or_default(),
        form.id_number.clone().unwrap_or_default(),
    );
    // Only a profile that reuses the register's photo needs to ask for it.
    let asks = wizard
        .profile
        .as_ref()
        .is_some_and(|p| p.photo_sources.contains(&PhotoSource::OnRecord));
    let check = use_resource((who, asks), WhenLost::Show, |((name, id), asks)| {
        let (name, id) = (name.clone(), id.clone());
        asks.then(|| call(async move { api::register_check(&name, &id).await }))
    });
    let Some(profile) = wizard.profile.clone() else {
        return html! {};
    };
    // Offered when the register has a usable photo; its date is shown only once the
    // applicant is verified as the person (it is the register's detail about them).
    let offered = check.done().is_some_and(|c| c.has_photo_on_record);
    let on_record = check.done().and_then(|c| c.photo_on_record.clone());
    let sources: Vec<PhotoSource> = profile
        .photo_sources
        .iter()
        .copied()
        .filter(|s| *s != PhotoSource::OnRecord || offered)
        .collect();
    // Until the register has answered, the choice is not shown: the photo on record
    // may yet be offered, and a lone camera option must not look chosen meanwhile.
    let waiting = asks && matches!(check.get(), Ok(None));
    // One way only: it is chosen already.
    let selected = match (*choice.chosen, sources.as_slice()) {
        (Some(s), _) if sources.contains(&s) => Some(s),
        (_, [only]) => Some(*only),
        _ => None,
    };
    let onsubmit = on_next(&wizard, &navigator, &choice, &saving, selected, waiting);
    let on_source = {
        let (chosen, errors) = (choice.chosen.clone(), errors.clone());
        Callback::from(move |key: String| {
            chosen.set(
                [
                    PhotoSource::OnRecord,
                    PhotoSource::Receipt,
                    PhotoSource::Camera,
                ]
                .into_iter()
                .find(|s| s.as_str() == key),
            );
            errors.answered(SOURCE);
        })
    };
    let options: Vec<(String, String)> = sources
        .iter()
        .map(|s| (s.as_str().to_string(), label(*s).to_string()))
        .collect();
    let back = back_step(&wizard, Step::CardPhoto, crate::clock::today()).map(Route::of_step);
    html! {
        <Page title={text::CARD_PHOTO_TITLE} step={Step::CardPhoto} {back} has_errors={!errors.is_empty()}>
            { errors.summary() }
            <p>{ text::CARD_PHOTO_INTRO }</p>
            if waiting {
                <p class="loading" role="status">{ text::CHECKING_REGISTER }</p>
            }
            if let Some(e) = check.error().filter(|_| asks) {
                <div class="alert alert-error" role="alert">
                    <p>{ e.message() }</p>
                    <button type="button" class="btn btn-default btn-inline" onclick={check.retry()}>{ text::RETRY }</button>
                </div>
            }
            if check.done().is_some() && asks && !offered {
                <p class="hint" id="no-on-record">{ text::NO_ON_RECORD }</p>
            }
            if !options.is_empty() && !waiting {
                { radio_group(&yew::props!(RadioGroupProps {
                    id: "f-photo_source", legend: text::CARD_PHOTO_SOURCE, options,
                    value: selected.map(PhotoSource::as_str).unwrap_or_default(),
                    error: error_for(&errors, SOURCE), onchange: on_source,
                })) }
            }
            if !waiting { { chosen_view(selected, &choice, on_record, &profile, &wizard) } }
            <form {onsubmit} novalidate=true>
                if let Some(e) = saving.error() {
                    <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
                }
                <button type="submit" class="btn btn-primary" aria-disabled={saving.is_pending().then_some("true")}>
                    { if saving.is_pending() { text::LOADING } else { text::NEXT } }
                </button>
            </form>
        </Page>
    }
}

/// 下一步: the choice checked here (what is missing for the source chosen), then saved
/// with the draft.
fn on_next(
    wizard: &WizardContext,
    navigator: &Navigator,
    choice: &Choice,
    saving: &UseAction<()>,
    selected: Option<PhotoSource>,
    waiting: bool,
) -> Callback<SubmitEvent> {
    let (wizard, navigator, errors, saving) = (
        wizard.clone(),
        navigator.clone(),
        choice.errors.clone(),
        saving.clone(),
    );
    let (receipt, confirmed) = (choice.receipt.clone(), *choice.confirmed);
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        if saving.is_pending() || waiting {
            return;
        }
        let choice = match selected {
            None => Err(problem(SOURCE, text::CARD_PHOTO_SOURCE_MISSING)),
            Some(PhotoSource::OnRecord) if !confirmed => {
                Err(problem(CARD_PHOTO, text::ON_RECORD_MUST_CONFIRM))
            }
            Some(PhotoSource::Camera) if wizard.draft.photos.card_photo.is_none() => {
                Err(problem(CARD_PHOTO, text::CAMERA_NOT_YET))
            }
            Some(PhotoSource::Receipt) => receipt_number(&receipt).map(|n| CardPhotoChoice {
                source: PhotoSource::Receipt,
                receipt: Some(n),
            }),
            Some(source) => Ok(CardPhotoChoice {
                source,
                receipt: None,
            }),
        };
        let choice = match choice {
            Ok(c) => c,
            Err(e) => {
                errors.show(vec![e]);
                return;
            }
        };
        errors.show(Vec::new());
        let next = Route::of_step(next_step(&wizard, Step::CardPhoto, crate::clock::today()));
        let (wizard, navigator) = (wizard.clone(), navigator.clone());
        saving.run(call(async move {
            let update = DraftUpdate {
                card_photo: Some(choice),
                ..DraftUpdate::default()
            };
            let draft = api::save_draft(&update).await?;
            wizard.dispatch(Action::DraftSaved(draft));
            wizard.dispatch(Action::ReturnedToReview);
            navigator.push(&next);
            Ok(())
        }));
    })
}

/// What the chosen source asks for: the register's photo to confirm, the receipt
/// number, or the camera.
fn chosen_view(
    selected: Option<PhotoSource>,
    choice: &Choice,
    on_record: Option<String>,
    profile: &ServiceProfile,
    wizard: &WizardContext,
) -> Html {
    let errors = &choice.errors;
    match selected {
        Some(PhotoSource::OnRecord) => {
            let on_confirm = {
                let (confirmed, errors) = (choice.confirmed.clone(), errors.clone());
                Callback::from(move |v: bool| {
                    confirmed.set(v);
                    errors.answered(CARD_PHOTO);
                })
            };
            let onimageerror = {
                let image_try = choice.image_try.clone();
                Callback::from(move |_: Event| {
                    if *image_try < 2 {
                        image_try.set(*image_try + 1);
                    }
                })
            };
            html! {
                <section class="card on-record">
                    <img src={format!("/api/v1/drafts/current/photo-on-record?try={}", *choice.image_try)} alt={text::ON_RECORD_ALT}
                        width="130" height="160" onerror={onimageerror} />
                    if let Some(taken) = &on_record {
                        <p class="hint">{ text::on_record_taken(taken) }</p>
                    }
                    { checkbox(&yew::props!(CheckboxProps {
                        id: "f-card_photo", label: text::ON_RECORD_CONFIRM, checked: *choice.confirmed,
                        error: error_for(errors, CARD_PHOTO), onchange: on_confirm,
                    })) }
                </section>
            }
        }
        Some(PhotoSource::Receipt) => {
            let title = profile
                .photo_receipt_title
                .as_deref()
                .unwrap_or(text::RECEIPT_TITLE);
            let on_receipt = {
                let (receipt, errors) = (choice.receipt.clone(), errors.clone());
                Callback::from(move |v: String| {
                    receipt.set(v);
                    errors.answered(CARD_PHOTO);
                })
            };
            html! {
                <>
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-card_photo",
                    // "…采集回执" + "回执号" would say 回执 twice.
                    label: format!("{}{}", title.strip_suffix("回执").unwrap_or(title), text::RECEIPT_LABEL),
                    hint: text::RECEIPT_HINT,
                    value: (*choice.receipt).clone(),
                    maxlength: 24,
                    literal: true,
                    error: error_for(errors, CARD_PHOTO),
                    oninput: on_receipt.clone(),
                })) }
                if profile.photo_receipt_online {
                    <OnlineReceipt onissued={on_receipt} />
                }
                </>
            }
        }
        Some(PhotoSource::Camera) => {
            let onstored = {
                let (wizard, errors) = (wizard.clone(), errors.clone());
                Callback::from(move |meta| {
                    wizard.dispatch(Action::PhotoStored(PhotoSlot::CardPhoto, meta));
                    errors.answered(CARD_PHOTO);
                })
            };
            let onremoved = {
                let wizard = wizard.clone();
                Callback::from(move |_| wizard.dispatch(Action::PhotoRemoved(PhotoSlot::CardPhoto)))
            };
            html! {
                <>
                <section class="card">
                    <h2>{ text::CAMERA_GUIDE_TITLE }</h2>
                    <ul class="tips">{ for text::CAMERA_GUIDE.iter().map(|t| html! { <li>{ *t }</li> }) }</ul>
                </section>
                <Uploader slot={PhotoSlot::CardPhoto} title={text::CAMERA_SLOT} example={text::CAMERA_EXAMPLE} portrait=true
                    stored={wizard.draft.photos.card_photo.clone()} error={error_for(errors, CARD_PHOTO)}
                    {onstored} {onremoved} />
                </>
            }
        }
        None => html! {},
    }
}
