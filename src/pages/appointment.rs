use reissue_domain::appointment::check_person;
use reissue_domain::date::Date;
use reissue_domain::{
    Appointment, AppointmentRequest, AppointmentStatus, DayAvailability, FieldError, ServiceProfile,
};
use yew::prelude::*;

use crate::api::{self, ApiError, Remote};
use crate::components::{
    error_for, radio_group, text_field, Page, RadioGroupProps, TextFieldProps,
};
use crate::hooks::use_field_errors;
use crate::route::Route;
use crate::router::{use_navigator, Link};
use crate::state::{Action, WizardContext};
use crate::text;

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// "2026-12-07（周一）".
fn day_label(date: &str) -> String {
    match Date::parse_iso(date) {
        Some(d) => format!("{date}（{}）", WEEKDAYS[usize::from(d.weekday())]),
        None => date.to_string(),
    }
}

/// The booking still to come, if any (the server allows one at a time).
fn upcoming(mine: &[Appointment]) -> Option<&Appointment> {
    let (today, _) = super::clock_now();
    let today = today.to_string();
    mine.iter()
        .find(|a| a.status == AppointmentStatus::Booked && a.date >= today)
}

fn required(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: "required".into(),
        message: message.into(),
    }
}

/// 预约窗口办理: for those the rules send to a window. Signed in, the applicant sees
/// their booking (with 改约 and 取消预约) or books one: office, day, time slot with the
/// places left, and what to bring. Nothing chosen is lost on an error.
#[function_component(AppointmentPage)]
pub fn appointment_page() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let errors = use_field_errors();
    let mine = use_state(|| Remote::<Vec<Appointment>>::Idle);
    let moving = use_state(|| None::<String>);
    let office = use_state(|| None::<String>);
    let days = use_state(|| Remote::<Vec<DayAvailability>>::Idle);
    let date = use_state(|| None::<String>);
    let slot = use_state(|| None::<String>);
    let saving = use_state(|| Remote::<()>::Idle);
    let cancelling = use_state(|| false);
    let reload = use_state(|| 0u32);
    // Whose booking: a place at the window is a person's. The reissue's answers, when
    // this visitor gave them, carry over.
    let person = use_state(|| {
        (
            wizard.form.name.clone().unwrap_or_default(),
            wizard.form.id_number.clone().unwrap_or_default(),
        )
    });

    {
        let mine = mine.clone();
        use_effect_with((wizard.signed_in, *reload), move |(signed_in, _)| {
            if *signed_in {
                mine.set(Remote::Pending);
                wasm_bindgen_futures::spawn_local(async move {
                    mine.set(match api::appointments().await {
                        Ok(list) => Remote::Done(list),
                        Err(e) => Remote::Failed(e),
                    });
                });
            }
        });
    }
    {
        let days = days.clone();
        use_effect_with(((*office).clone(), *reload), move |(office, _)| {
            if let Some(office) = office.clone() {
                days.set(Remote::Pending);
                wasm_bindgen_futures::spawn_local(async move {
                    days.set(match api::availability(&office).await {
                        Ok(d) => Remote::Done(d),
                        Err(e) => Remote::Failed(e),
                    });
                });
            }
        });
    }

    let Some(profile) = wizard.profile.clone() else {
        return html! { <Page title={text::APPOINTMENT_TITLE}><p class="loading" role="status">{ text::LOADING }</p></Page> };
    };
    if !wizard.signed_in {
        let sign_in = {
            let navigator = navigator.clone();
            Callback::from(move |_: MouseEvent| {
                navigator.push_with_query(&Route::Verify, &[("next", "/appointment")])
            })
        };
        return html! {
            <Page title={text::APPOINTMENT_TITLE} back={Route::Home}>
                <p>{ text::APPOINTMENT_INTRO }</p>
                { bring(&profile) }
                <p class="hint">{ text::APPOINTMENT_SIGN_IN }</p>
                <button type="button" class="btn btn-primary" onclick={sign_in}>{ text::APPOINTMENT_SIGN_IN_BUTTON }</button>
            </Page>
        };
    }

    let list = match &*mine {
        Remote::Done(list) => list.clone(),
        _ => Vec::new(),
    };
    let current = upcoming(&list).cloned();
    let failed = mine.error().or(saving.error()).or(days.error()).cloned();
    let alert = failed.map(|e| {
        let retry = {
            let (reload, saving) = (reload.clone(), saving.clone());
            Callback::from(move |_: MouseEvent| {
                saving.set(Remote::Idle);
                reload.set(*reload + 1);
            })
        };
        html! {
            <div class="alert alert-error" role="alert">
                <p>{ e.message() }</p>
                <button type="button" class="btn btn-default btn-inline" onclick={retry}>{ text::RETRY }</button>
            </div>
        }
    });
    let after = |result: Result<Appointment, ApiError>,
                 saving: &UseStateHandle<Remote<()>>,
                 mine: &UseStateHandle<Remote<Vec<Appointment>>>,
                 wizard: &WizardContext| {
        match result {
            Ok(a) => {
                let mut list = match &**mine {
                    Remote::Done(l) => l.clone(),
                    _ => Vec::new(),
                };
                list.retain(|x| x.number != a.number);
                list.insert(0, a);
                mine.set(Remote::Done(list));
                saving.set(Remote::Idle);
            }
            Err(ApiError::Unauthenticated(m)) => {
                wizard.dispatch(Action::SessionLost);
                saving.set(Remote::Failed(ApiError::Unauthenticated(m)));
            }
            Err(e) => saving.set(Remote::Failed(e)),
        }
    };

    // A booking to come and not being moved: show it.
    if let (Some(a), None) = (&current, &*moving) {
        let change = {
            let (moving, office, date, slot) =
                (moving.clone(), office.clone(), date.clone(), slot.clone());
            let a = a.clone();
            Callback::from(move |_: MouseEvent| {
                office.set(Some(a.office.id.clone()));
                date.set(Some(a.date.clone()));
                slot.set(None);
                moving.set(Some(a.number.clone()));
            })
        };
        let ask_cancel = {
            let cancelling = cancelling.clone();
            Callback::from(move |_: MouseEvent| cancelling.set(true))
        };
        let keep = {
            let cancelling = cancelling.clone();
            Callback::from(move |_: MouseEvent| cancelling.set(false))
        };
        let cancel = {
            let (number, saving, mine, cancelling, wizard) = (
                a.number.clone(),
                saving.clone(),
                mine.clone(),
                cancelling.clone(),
                wizard.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                if saving.is_pending() {
                    return;
                }
                saving.set(Remote::Pending);
                let (number, saving, mine, cancelling, wizard) = (
                    number.clone(),
                    saving.clone(),
                    mine.clone(),
                    cancelling.clone(),
                    wizard.clone(),
                );
                wasm_bindgen_futures::spawn_local(async move {
                    let result = api::cancel_appointment(&number).await;
                    cancelling.set(false);
                    after(result, &saving, &mine, &wizard);
                });
            })
        };
        return html! {
            <Page title={text::APPOINTMENT_TITLE} back={Route::Applications}>
                { alert }
                <section class="card" id="appointment">
                    <h2>{ text::APPOINTMENT_BOOKED }</h2>
                    { booking(a) }
                    <p class="hint">{ text::APPOINTMENT_ARRIVE }</p>
                </section>
                { bring(&profile) }
                if *cancelling {
                    <div class="alert alert-warn" role="alertdialog" aria-labelledby="cancel-q">
                        <p id="cancel-q">{ text::APPOINTMENT_CANCEL_CONFIRM }</p>
                        <button type="button" class="btn btn-warn" onclick={cancel}>{ text::APPOINTMENT_CANCEL }</button>
                        <button type="button" class="btn btn-default" onclick={keep}>{ text::APPOINTMENT_KEEP }</button>
                    </div>
                } else {
                    <button type="button" class="btn btn-default" onclick={change}>{ text::APPOINTMENT_CHANGE }</button>
                    <button type="button" class="btn btn-default" onclick={ask_cancel}>{ text::APPOINTMENT_CANCEL }</button>
                }
                <Link to={Route::Applications} classes="btn btn-default">{ text::MINE_TITLE }</Link>
            </Page>
        };
    }

    let onsubmit = {
        let (office, date, slot) = ((*office).clone(), (*date).clone(), (*slot).clone());
        let (name, id_number) = (*person).clone();
        let (errors, saving, mine, moving, wizard) = (
            errors.clone(),
            saving.clone(),
            mine.clone(),
            moving.clone(),
            wizard.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if saving.is_pending() {
                return;
            }
            let body = AppointmentRequest {
                office_id: office.clone().unwrap_or_default(),
                date: date.clone().unwrap_or_default(),
                slot: slot.clone().unwrap_or_default(),
                name: name.clone(),
                id_number: id_number.clone(),
            };
            let mut missing = Vec::new();
            if moving.is_none() {
                let (today, _) = super::clock_now();
                missing.extend(check_person(&body, today).err().unwrap_or_default());
            }
            if office.is_none() {
                missing.push(required("office_id", text::APPOINTMENT_CHOOSE_OFFICE_FIRST));
            }
            if date.is_none() {
                missing.push(required("date", "请选择日期"));
            }
            if slot.is_none() {
                missing.push(required("slot", "请选择时间段"));
            }
            if !missing.is_empty() {
                errors.show(missing);
                return;
            }
            errors.show(Vec::new());
            saving.set(Remote::Pending);
            let (errors, saving, mine, moving, wizard) = (
                errors.clone(),
                saving.clone(),
                mine.clone(),
                moving.clone(),
                wizard.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::book(&body, moving.as_deref()).await;
                match result {
                    Err(ApiError::Validation { fields, .. }) if !fields.is_empty() => {
                        errors.replace(fields);
                        saving.set(Remote::Idle);
                    }
                    result => {
                        if result.is_ok() {
                            moving.set(None);
                        }
                        after(result, &saving, &mine, &wizard);
                    }
                }
            });
        })
    };
    let pick = |state: &UseStateHandle<Option<String>>,
                field: &'static str,
                clears: Vec<UseStateHandle<Option<String>>>| {
        let (state, errors) = (state.clone(), errors.clone());
        Callback::from(move |v: String| {
            state.set(Some(v));
            for c in &clears {
                c.set(None);
            }
            errors.answered(field);
        })
    };
    let offices: Vec<(String, String)> = profile
        .offices
        .iter()
        .map(|o| (o.id.clone(), format!("{}｜{}", o.name, o.address)))
        .collect();
    let day_list = match &*days {
        Remote::Done(d) => d.clone(),
        _ => Vec::new(),
    };
    let chosen_day = day_list.iter().find(|d| Some(&d.date) == date.as_ref());
    let when = match (&*office, &*days) {
        (None, _) => html! {},
        (Some(_), Remote::Pending) => {
            html! { <p class="loading" role="status">{ text::LOADING }</p> }
        }
        (Some(_), Remote::Done(d)) if d.is_empty() => {
            html! { <p class="hint">{ text::APPOINTMENT_NO_DAYS }</p> }
        }
        (Some(_), Remote::Done(d)) => html! {
            <>
            { radio_group(&yew::props!(RadioGroupProps {
                id: "f-date", legend: text::APPOINTMENT_DATE,
                options: d.iter().map(|x| (x.date.clone(), day_label(&x.date))).collect::<Vec<_>>(),
                value: (*date).clone().unwrap_or_default(),
                error: error_for(&errors, "date"), onchange: pick(&date, "date", vec![slot.clone()]),
            })) }
            if let Some(day) = chosen_day {
                { radio_group(&yew::props!(RadioGroupProps {
                    id: "f-slot", legend: text::APPOINTMENT_SLOT,
                    options: day.slots.iter().map(|(s, left)| (s.clone(), text::places_left(s, *left))).collect::<Vec<_>>(),
                    value: (*slot).clone().unwrap_or_default(),
                    error: error_for(&errors, "slot"), onchange: pick(&slot, "slot", Vec::new()),
                })) }
            }
            </>
        },
        _ => html! {},
    };
    let ended: Vec<&Appointment> = list
        .iter()
        .filter(|a| Some(&a.number) != current.as_ref().map(|c| &c.number))
        .collect();
    let back = match &*moving {
        Some(_) => None,
        None => Some(Route::Home),
    };
    let stop_moving = {
        let moving = moving.clone();
        Callback::from(move |_: MouseEvent| moving.set(None))
    };
    html! {
        <Page title={text::APPOINTMENT_TITLE} {back} has_errors={!errors.is_empty()}>
            { errors.summary() }
            { alert }
            <p>{ text::APPOINTMENT_INTRO }</p>
            <form {onsubmit} novalidate=true>
                if moving.is_none() {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-name", label: text::APPOINTMENT_NAME, value: person.0.clone(),
                        autocomplete: "name", maxlength: 40, error: error_for(&errors, "name"),
                        oninput: {
                            let (person, errors) = (person.clone(), errors.clone());
                            Callback::from(move |v: String| {
                                errors.answered("name");
                                person.set((v, person.1.clone()));
                            })
                        },
                    })) }
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-id_number", label: text::APPOINTMENT_ID, hint: text::ID_HINT,
                        value: person.1.clone(), autocomplete: "off", maxlength: 24, literal: true,
                        error: error_for(&errors, "id_number"),
                        oninput: {
                            let (person, errors) = (person.clone(), errors.clone());
                            Callback::from(move |v: String| {
                                errors.answered("id_number");
                                person.set((person.0.clone(), v));
                            })
                        },
                    })) }
                }
                { radio_group(&yew::props!(RadioGroupProps {
                    id: "f-office_id", legend: text::APPOINTMENT_OFFICE, options: offices,
                    value: (*office).clone().unwrap_or_default(),
                    error: error_for(&errors, "office_id"),
                    onchange: pick(&office, "office_id", vec![date.clone(), slot.clone()]),
                })) }
                { when }
                { bring(&profile) }
                <button type="submit" class="btn btn-primary" aria-disabled={saving.is_pending().then_some("true")}>
                    { if saving.is_pending() { text::LOADING } else if moving.is_some() { text::APPOINTMENT_MOVE } else { text::APPOINTMENT_BOOK } }
                </button>
            </form>
            if moving.is_some() {
                <button type="button" class="btn btn-default" onclick={stop_moving}>{ text::BACK }</button>
            }
            if !ended.is_empty() {
                <section class="card">
                    <h2>{ text::APPOINTMENT_MINE }</h2>
                    { for ended.into_iter().map(booking) }
                </section>
            }
        </Page>
    }
}

/// One booking: its number, where and when (and 已取消 when it is).
fn booking(a: &Appointment) -> Html {
    html! {
        <dl class="summary appointment" data-number={a.number.clone()}>
            <div><dt>{ text::APPOINTMENT_NUMBER }</dt><dd class="number">{ a.number.clone() }</dd></div>
            if !a.name.is_empty() {
                <div><dt>{ text::APPOINTMENT_WHO }</dt><dd>{ a.name.clone() }{ " " }<span class="nowrap">{ a.id_number.clone() }</span></dd></div>
            }
            <div><dt>{ text::APPOINTMENT_OFFICE }</dt><dd>{ a.office.name.clone() }<br />{ a.office.address.clone() }</dd></div>
            <div><dt>{ text::APPOINTMENT_WHEN }</dt><dd>{ format!("{} {}", day_label(&a.date), a.slot) }
                if a.status == AppointmentStatus::Cancelled { { "（" }{ text::APPOINTMENT_CANCELLED }{ "）" } }
            </dd></div>
        </dl>
    }
}

/// What to bring to the window, as the profile lists it.
fn bring(profile: &ServiceProfile) -> Html {
    html! {
        <section class="card">
            <h2>{ text::WINDOW_BRING }</h2>
            <ul class="tips">{ for profile.appointments.bring.iter().map(|i| html! { <li>{ i.clone() }</li> }) }</ul>
        </section>
    }
}
