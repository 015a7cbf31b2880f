use std::rc::Rc;

use reissue_domain::region::Regions;
use reissue_domain::submission::{fees_for, liveness_fresh};
use reissue_domain::{
    mask, DeliveryMethod, Field, FieldError, FormAnswers, PhotoSlot, PhotoSource, Reason, Relation,
    ServiceProfile, TemporaryCard,
};
use yew::prelude::*;

use crate::api;
use crate::components::{
    checkbox, error_for, field_id, grouped, CheckboxProps, FaceWarning, Page, ID_GROUPS,
    PHONE_GROUPS,
};
use crate::hooks::{call, use_field_errors, use_resource, use_submission, WhenLost};
use crate::route::Route;
use crate::router::{use_navigator, Navigator};
use crate::state::{Action, Step, WizardContext};
use crate::text;

/// 核对信息: every answer grouped, each with its own 修改 (the photos and the liveness
/// check, one for the group); then the promise and submit.
#[function_component(Review)]
pub fn review() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let promise = use_state(|| false);
    let errors = use_field_errors();
    let submission = use_submission(&errors);
    let submitting = &submission.state;
    let region_names = use_resource((), WhenLost::Show, |_| Some(call(api::regions())));
    let Some(profile) = wizard.profile.clone() else {
        return html! {};
    };
    let form = if wizard.fixing.is_some() {
        wizard.form.clone()
    } else {
        wizard.draft.form.clone()
    };
    let ctx = Rows {
        wizard: &wizard,
        navigator: &navigator,
        regions: region_names.done(),
    };
    let onsubmit = {
        let (promise, errors, submission) = (promise.clone(), errors.clone(), submission.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if submission.state.is_pending() {
                return;
            }
            if !*promise {
                errors.show(vec![FieldError {
                    field: "promise".into(),
                    code: "required".into(),
                    message: text::PROMISE_NEEDED.into(),
                }]);
                return;
            }
            errors.clear();
            submission.start();
        })
    };
    let fixing = wizard.fixing.clone();
    let today = crate::clock::today();
    let guardian = crate::state::as_guardian(&wizard, &profile, today);
    let back = Step::Review
        .previous(&profile, guardian)
        .map(Route::of_step);
    let fees = fees_for(&profile, &form);
    let ems = form.delivery == Some(DeliveryMethod::Ems);
    html! {
        <Page title={text::REVIEW_TITLE} step={Step::Review} {back} has_errors={!errors.is_empty()}>
            <FaceWarning />
            if let Some(f) = &fixing {
                <div class="alert alert-warn" role="note">
                    <p><strong>{ text::REJECT_REASON }{ "：" }</strong>{ f.reason.clone() }</p>
                </div>
            }
            { errors.summary() }
            { applicant(&ctx, &form) }
            if fixing.is_none() {
                { loss_report(&wizard, &navigator) }
            }
            { delivery(&ctx, &form, &profile) }
            if fixing.is_none() {
                { materials(&ctx, &form, &profile) }
            }
            <section class="card">
                <h2>{ text::FEES }</h2>
                <dl class="summary">
                    { row(text::CARD_FEE, text::yuan(fees.card_fee_fen)) }
                    if ems { { row(text::EMS_FEE, text::yuan(fees.ems_fee_fen)) } }
                    if fees.temporary_card_fee_fen > 0 { { row(text::TEMP_CARD_FEE, text::yuan(fees.temporary_card_fee_fen)) } }
                    { row(text::TOTAL, text::yuan(fees.total_fen)) }
                </dl>
                <p class="hint">{ text::FEE_PAY_LATER }</p>
            </section>
            <form {onsubmit} novalidate=true>
                { checkbox(&yew::props!(CheckboxProps {
                    id: "f-promise", label: text::PROMISE, checked: *promise,
                    error: error_for(&errors, "promise"),
                    onchange: {
                        let (promise, errors) = (promise.clone(), errors.clone());
                        Callback::from(move |on| {
                            if on {
                                errors.answered("promise");
                            }
                            promise.set(on)
                        })
                    },
                })) }
                if let Some(e) = submitting.error() {
                    <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
                }
                <button type="submit" class="btn btn-primary" aria-disabled={submitting.is_pending().then_some("true")}>
                    { if submitting.is_pending() { text::SUBMITTING } else if fixing.is_some() { text::RESUBMIT } else { text::SUBMIT } }
                </button>
            </form>
        </Page>
    }
}

/// What the rows of the summary need: the wizard, the way to each step, region names.
struct Rows<'a> {
    wizard: &'a WizardContext,
    navigator: &'a Navigator,
    regions: Option<&'a Rc<Regions>>,
}

impl Rows<'_> {
    fn edit(&self, step: Step, field: Option<Field>) -> Callback<MouseEvent> {
        let (wizard, navigator) = (self.wizard.clone(), self.navigator.clone());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            wizard.dispatch(Action::EditFromReview { field });
            navigator.push(&Route::of_step(step));
        })
    }

    fn change_link(&self, step: Step, what: &str) -> Html {
        html! {
            <a href={Route::of_step(step).to_path()} class="link change" onclick={self.edit(step, None)}>
                { text::CHANGE }<span class="visually-hidden">{ what.to_string() }</span>
            </a>
        }
    }

    /// One answer of 填写信息, with its own 修改: the form opens at that field, so nobody
    /// has to find it again in a long page (GOV.UK's check-answers pattern). While
    /// correcting, only what the officer asked about can change.
    fn answer(&self, field: Field, value: Html) -> Html {
        let label = field.label();
        let changeable = self
            .wizard
            .fixing
            .as_ref()
            .is_none_or(|f| f.may_change(field));
        html! {
            <div class="row">
                <dt>{ label }</dt>
                <dd>{ value }</dd>
                if changeable {
                    <dd class="row-action">
                        <a href={format!("{}#{}", Route::Form.to_path(), field_id(field.as_str()))} class="link change"
                            onclick={self.edit(Step::Form, Some(field))}>
                            { text::CHANGE }<span class="visually-hidden">{ label }</span>
                        </a>
                    </dd>
                }
            </div>
        }
    }

    fn region(&self, code: &Option<String>) -> String {
        let code = code.clone().unwrap_or_default();
        self.regions
            .and_then(|r| r.full_name(&code))
            .unwrap_or(code)
    }
}

fn row(label: &str, value: String) -> Html {
    html! {
        <div class="row"><dt>{ label.to_string() }</dt><dd>{ value }</dd></div>
    }
}

/// Who applies (and the guardian, and the police receipt when the card was stolen).
fn applicant(ctx: &Rows, form: &FormAnswers) -> Html {
    // The applicant's own answers in full, so a typo in any digit is seen now rather
    // than coming back as a rejection days later. While correcting, the server holds
    // the number and sends it only masked.
    let id_number = match form.id_number.as_deref() {
        Some(id) if !id.contains('*') => grouped(id, ID_GROUPS),
        Some(masked) => html! { { mask::id_number(masked) } },
        None => html! {},
    };
    html! {
    <section class="card">
        <h2>{ text::GROUP_APPLICANT }</h2>
        <dl class="summary">
            { ctx.answer(Field::Name, html! { form.name.clone().unwrap_or_default() }) }
            { ctx.answer(Field::IdNumber, id_number) }
            { ctx.answer(Field::HukouRegion, html! { ctx.region(&form.hukou_region) }) }
            { ctx.answer(Field::Reason, html! { form.reason.map(text::reason).unwrap_or_default().to_string() }) }
            if form.guardian_name.is_some() {
                { ctx.answer(Field::GuardianName, html! { form.guardian_name.clone().unwrap_or_default() }) }
                { ctx.answer(Field::GuardianIdNumber, match form.guardian_id_number.as_deref() {
                    Some(id) if !id.contains('*') => grouped(id, ID_GROUPS),
                    Some(masked) => html! { { masked.to_string() } },
                    None => html! {},
                }) }
                { ctx.answer(Field::GuardianRelation, html! { form.guardian_relation.map(Relation::label).unwrap_or_default() }) }
            }
            if form.reason == Some(Reason::Stolen) {
                { ctx.answer(Field::PoliceReceipt, html! { form.police_receipt.clone().unwrap_or_else(|| text::NOT_GIVEN.to_string()) }) }
            }
        </dl>
    </section>
    }
}

/// The 挂失 this application names, or 挂失 first, in one tap: the report page takes the
/// name, number and reason from the wizard and comes back here.
fn loss_report(wizard: &WizardContext, navigator: &Navigator) -> Html {
    let at_station = wizard.profile.as_deref().map_or(Ok(()), |p| {
        reissue_domain::loss_report::report_online(&p.loss_report)
    });
    let report_first = {
        let navigator = navigator.clone();
        Callback::from(move |_: MouseEvent| {
            navigator.push_with_query(&Route::LossReport, &[("from", "review")])
        })
    };
    html! {
        <section class="card" id="loss-report-link">
            <h2>{ text::LOSS_FOR_APP }</h2>
            if let Some(r) = &wizard.draft.loss_report {
                <dl class="summary">
                    { row(text::LOSS_NUMBER, r.number.clone()) }
                    { row(text::LOSS_STATUS, r.status.label().to_string()) }
                </dl>
            } else if let Err(at_station) = at_station {
                // A province that takes 挂失 only in person: where, not a button.
                <p>{ at_station.message }</p>
            } else {
                <p>{ text::LOSS_NOT_YET }</p>
                <button type="button" class="btn btn-default" onclick={report_first}>{ text::LOSS_REPORT_FIRST }</button>
            }
        </section>
    }
}

/// EMS and its address, or the office where the card is collected.
fn delivery(ctx: &Rows, form: &FormAnswers, profile: &ServiceProfile) -> Html {
    let ems = form.delivery == Some(DeliveryMethod::Ems);
    let temporary_card = match form.temporary_card {
        Some(TemporaryCard::Wanted) => text::TEMP_CARD_WANTED,
        _ => text::TEMP_CARD_NOT_WANTED,
    };
    let office = profile
        .offices
        .iter()
        .find(|o| Some(&o.id) == form.office_id.as_ref());
    html! {
    <section class="card">
        <h2>{ text::GROUP_DELIVERY }</h2>
        <dl class="summary">
            if ems {
                { ctx.answer(Field::Delivery, html! { text::EMS.to_string() }) }
                { ctx.answer(Field::RecipientName, html! { form.recipient_name.clone().unwrap_or_default() }) }
                { ctx.answer(Field::RecipientPhone, grouped(form.recipient_phone.as_deref().unwrap_or(""), PHONE_GROUPS)) }
                { ctx.answer(Field::AddressRegion, html! { ctx.region(&form.address_region) }) }
                { ctx.answer(Field::AddressDetail, html! { form.address_detail.clone().unwrap_or_default() }) }
                { ctx.answer(Field::Postcode, html! { form.postcode.clone().unwrap_or_else(|| text::NOT_GIVEN.to_string()) }) }
                { ctx.answer(Field::OtherSigner, html! { form.other_signer.clone().unwrap_or_else(|| text::NOT_GIVEN.to_string()) }) }
            } else {
                { ctx.answer(Field::Delivery, html! { text::PICKUP.to_string() }) }
                { ctx.answer(Field::OfficeId, html! { office.map(|o| format!("{}（{}）", o.name, o.address)).unwrap_or_default() }) }
                if profile.temporary_card.is_some() && form.temporary_card.is_some() {
                    { ctx.answer(Field::TemporaryCard, html! { temporary_card }) }
                }
            }
        </dl>
    </section>
    }
}

/// The photos, the face check and the card photo, each group with its 修改.
fn materials(ctx: &Rows, form: &FormAnswers, profile: &ServiceProfile) -> Html {
    let wizard = ctx.wizard;
    let today = crate::clock::today();
    let steps = Step::journey(profile, crate::state::as_guardian(wizard, profile, today));
    let (has_photos, has_card_photo, has_liveness) = (
        steps.contains(&Step::Photos),
        steps.contains(&Step::CardPhoto),
        steps.contains(&Step::Liveness),
    );
    let card_photo = match &wizard.draft.card_photo {
        Some(c) if c.source == PhotoSource::OnRecord => text::SOURCE_ON_RECORD.to_string(),
        Some(c) if c.source == PhotoSource::Camera => text::SOURCE_CAMERA.to_string(),
        Some(c) => format!(
            "{}{}",
            text::RECEIPT_LABEL,
            c.receipt.clone().unwrap_or_default()
        ),
        None => String::new(),
    };
    let materials_step = if has_photos {
        Step::Photos
    } else {
        Step::Liveness
    };
    // Said as it stands now: a pass older than 30 minutes no longer counts.
    let liveness_state = match &wizard.draft.liveness.passed_at {
        Some(_) if liveness_fresh(&wizard.draft.liveness, crate::clock::clock_now().1) => {
            text::LIVENESS_DONE
        }
        Some(_) => text::FACE_CHECK_ENDED,
        None => "",
    };
    let photos_done = PhotoSlot::REGISTER
        .iter()
        .all(|s| wizard.draft.photos.get(*s).is_some());
    html! {
        <>
            if has_photos || has_liveness {
                <section class="card">
                    <div class="card-head"><h2>{ text::GROUP_MATERIALS }</h2>{ ctx.change_link(materials_step, text::GROUP_MATERIALS) }</div>
                    <dl class="summary">
                        if has_photos {
                            { row(text::SLOT_HOME, if photos_done { text::PHOTO_DONE } else { "" }.to_string()) }
                            { row(text::SLOT_SELF, if photos_done { text::PHOTO_DONE } else { "" }.to_string()) }
                            if form.guardian_name.is_some() {
                                { row(text::SLOT_GUARDIAN, if wizard.draft.photos.guardian_proof.is_some() { text::PHOTO_DONE } else { "" }.to_string()) }
                            }
                        }
                        if has_liveness {
                            { row(text::LIVENESS_TITLE, liveness_state.to_string()) }
                        }
                    </dl>
                </section>
            }
            if has_card_photo {
                <section class="card" id="card-photo">
                    <div class="card-head"><h2>{ text::CARD_PHOTO_TITLE }</h2>{ ctx.change_link(Step::CardPhoto, text::CARD_PHOTO_TITLE) }</div>
                    <dl class="summary">{ row(text::CARD_PHOTO_SOURCE, card_photo) }</dl>
                </section>
            }
        </>
    }
}
