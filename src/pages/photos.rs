use reissue_domain::{FieldError, PhotoSlot};
use yew::prelude::*;

use crate::components::{error_for, Page, Uploader};
use crate::hooks::use_field_errors;
use crate::route::Route;
use crate::router::use_navigator;
use crate::state::{back_step, next_step, Action, Step, WizardContext};
use crate::text;

/// 上传户口本: the two household-register pages where the province asks for them, and
/// for a child the proof that the one applying is their guardian.
#[function_component(Photos)]
pub fn photos() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let errors = use_field_errors();
    // The 户口本 where the province asks everyone for it; the proof of guardianship of a
    // guardian, even where it asks nobody for a 户口本 (then the page is that alone).
    let register = wizard
        .profile
        .as_deref()
        .is_some_and(|p| p.register_upload_required);
    let slots: Vec<PhotoSlot> = PhotoSlot::REGISTER
        .into_iter()
        .filter(|_| register)
        .chain(super::form::guardian_applies_to(&wizard).then_some(PhotoSlot::GuardianProof))
        .collect();
    let (title, intro) = match register {
        true => (text::PHOTOS_TITLE, text::PHOTOS_INTRO),
        false => (text::GUARDIAN_PROOF_TITLE, text::GUARDIAN_PROOF_INTRO),
    };

    let onnext = {
        let (wizard, errors, slots) = (wizard.clone(), errors.clone(), slots.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let missing: Vec<FieldError> = slots
                .iter()
                .copied()
                .filter(|s| wizard.draft.photos.get(*s).is_none())
                .map(|s| FieldError {
                    field: s.as_str().into(),
                    code: "required".into(),
                    message: format!("{}：{}", slot_title(s), text::PHOTO_MISSING),
                })
                .collect();
            if !missing.is_empty() {
                errors.show(missing);
                return;
            }
            errors.clear();
            let next = Route::of_step(next_step(&wizard, Step::Photos, crate::clock::today()));
            wizard.dispatch(Action::ReturnedToReview);
            navigator.push(&next);
        })
    };
    let slot_view = |slot: PhotoSlot, example: &'static str| {
        let onstored = {
            let wizard = wizard.clone();
            let errors = errors.clone();
            Callback::from(move |meta| {
                wizard.dispatch(Action::PhotoStored(slot, meta));
                errors.answered(slot.as_str());
            })
        };
        let onremoved = {
            let wizard = wizard.clone();
            Callback::from(move |_| wizard.dispatch(Action::PhotoRemoved(slot)))
        };
        let (picture, alt) = match slot {
            PhotoSlot::RegisterHome => ("register-home.svg", text::SLOT_HOME_PICTURE),
            PhotoSlot::GuardianProof => ("register-self.svg", text::SLOT_GUARDIAN_PICTURE),
            _ => ("register-self.svg", text::SLOT_SELF_PICTURE),
        };
        html! {
            <>
            // The real page, drawn with what to check marked on it.
            <figure class="page-example">
                <img src={format!("/examples/{picture}")} {alt} width="320" height="210" loading="lazy" />
            </figure>
            <Uploader {slot} title={slot_title(slot)} example={example}
                stored={wizard.draft.photos.get(slot).cloned()} error={error_for(&errors, slot.as_str())}
                {onstored} {onremoved} />
            </>
        }
    };
    let back = back_step(&wizard, Step::Photos, crate::clock::today()).map(Route::of_step);
    html! {
        <Page {title} step={Step::Photos} {back} has_errors={!errors.is_empty()}>
            { errors.summary() }
            <p>{ intro }</p>
            { examples() }
            if register {
                { slot_view(PhotoSlot::RegisterHome, text::SLOT_HOME_EXAMPLE) }
                { slot_view(PhotoSlot::RegisterSelf, text::SLOT_SELF_EXAMPLE) }
            }
            if slots.contains(&PhotoSlot::GuardianProof) {
                { slot_view(PhotoSlot::GuardianProof, text::SLOT_GUARDIAN_EXAMPLE) }
            }
            // What to do without the 户口本 at hand: for the 户口本's pages only.
            if register {
                <details class="expander" id="photo-help">
                    <summary>{ text::PHOTO_HELP_TITLE }</summary>
                    <ul>{ for text::PHOTO_HELP.iter().map(|t| html! { <li>{ *t }</li> }) }</ul>
                </details>
            }
            <form onsubmit={onnext} novalidate=true>
                <button type="submit" class="btn btn-primary">{ text::NEXT }</button>
            </form>
        </Page>
    }
}

/// The pictures under static/examples/: right or wrong, and the caption.
const EXAMPLES: [(&str, bool, &str); 4] = [
    ("good.svg", true, text::EXAMPLE_GOOD),
    ("cropped.svg", false, text::EXAMPLE_CROPPED),
    ("blurry.svg", false, text::EXAMPLE_BLURRY),
    ("glare.svg", false, text::EXAMPLE_GLARE),
];

/// What a usable photo looks like and the three usual mistakes, as pictures: easier
/// than words for many. Each caption says right or wrong in words too, not only by ✓/✗
/// or colour.
fn examples() -> Html {
    html! {
        <section class="photo-examples" aria-labelledby="photo-examples-title">
            <h2 class="visually-hidden" id="photo-examples-title">{ text::PHOTO_EXAMPLES }</h2>
            <ul>
                { for EXAMPLES.iter().map(|(file, right, caption)| html! {
                    <li class={if *right { "example-right" } else { "example-wrong" }}>
                        <img src={format!("/examples/{file}")} alt="" width="160" height="120" />
                        <span>
                            <span aria-hidden="true">{ if *right { "✓ " } else { "✗ " } }</span>
                            <span class="visually-hidden">{ if *right { text::EXAMPLE_RIGHT } else { text::EXAMPLE_WRONG } }{ "：" }</span>
                            { *caption }
                        </span>
                    </li>
                }) }
            </ul>
        </section>
    }
}

pub fn slot_title(slot: PhotoSlot) -> &'static str {
    match slot {
        PhotoSlot::RegisterHome => text::SLOT_HOME,
        PhotoSlot::RegisterSelf => text::SLOT_SELF,
        PhotoSlot::CardPhoto => text::CAMERA_SLOT,
        PhotoSlot::GuardianProof => text::SLOT_GUARDIAN,
    }
}
