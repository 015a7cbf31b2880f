use reissue_domain::date::Date;
use reissue_domain::{Appointment, AppointmentStatus, Field, ServiceProfile};
use yew::prelude::*;

use crate::components::{
    error_for, radio_group, text_field, Page, RadioGroupProps, TextFieldProps,
};
use crate::hooks::{use_appointment, AppointmentFlow};
use crate::route::{Route, Then};
use crate::router::{use_navigator, Link};
use crate::state::WizardContext;
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
    let (today, _) = crate::clock::clock_now();
    let today = today.to_string();
    mine.iter()
        .find(|a| a.status == AppointmentStatus::Booked && a.date >= today)
}

/// 预约窗口办理: for those the rules send to a window. Signed in, the applicant sees
/// their booking (with 改约 and 取消预约) or books one: office, day, time slot with the
/// places left, and what to bring. Nothing chosen is lost on an error.
#[function_component(AppointmentPage)]
pub fn appointment_page() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let flow = use_appointment();

    let Some(profile) = wizard.profile.clone() else {
        return html! { <Page title={text::APPOINTMENT_TITLE}><p class="loading" role="status">{ text::LOADING }</p></Page> };
    };
    if !wizard.signed_in {
        let sign_in = Callback::from(move |_: MouseEvent| {
            navigator.sign_in_then(&Then::page(Route::Appointment), false)
        });
        return html! {
            <Page title={text::APPOINTMENT_TITLE} back={Route::Home}>
                <p>{ text::APPOINTMENT_INTRO }</p>
                { bring(&profile) }
                <p class="hint">{ text::APPOINTMENT_SIGN_IN }</p>
                <button type="button" class="btn btn-primary" onclick={sign_in}>{ text::APPOINTMENT_SIGN_IN_BUTTON }</button>
            </Page>
        };
    }

    let list = flow.mine.done().cloned().unwrap_or_default();
    let current = upcoming(&list).cloned();
    let failed = flow
        .mine
        .error()
        .or(flow.saving.error())
        .or(flow.days.error());
    let alert = failed.map(|e| {
        html! {
            <div class="alert alert-error" role="alert">
                <p>{ e.message() }</p>
                <button type="button" class="btn btn-default btn-inline" onclick={flow.retry()}>{ text::RETRY }</button>
            </div>
        }
    });
    // A booking to come and not being moved: show it.
    match (&current, &*flow.moving) {
        (Some(a), None) => booked(&flow, a, &profile, alert),
        _ => booking_form(&flow, &profile, &list, current.as_ref(), alert),
    }
}

/// The booking to come, with 改约 and 取消预约.
fn booked(
    flow: &AppointmentFlow,
    a: &Appointment,
    profile: &ServiceProfile,
    alert: Option<Html>,
) -> Html {
    html! {
        <Page title={text::APPOINTMENT_TITLE} back={Route::Applications}>
            { alert }
            <section class="card" id="appointment">
                <h2>{ text::APPOINTMENT_BOOKED }</h2>
                { booking(a) }
                <p class="hint">{ text::APPOINTMENT_ARRIVE }</p>
            </section>
            { bring(profile) }
            if *flow.cancelling {
                <div class="alert alert-warn" role="alertdialog" aria-labelledby="cancel-q">
                    <p id="cancel-q">{ text::APPOINTMENT_CANCEL_CONFIRM }</p>
                    <button type="button" class="btn btn-warn" onclick={flow.cancel(&a.number)}>{ text::APPOINTMENT_CANCEL }</button>
                    <button type="button" class="btn btn-default" onclick={flow.ask_cancel(false)}>{ text::APPOINTMENT_KEEP }</button>
                </div>
            } else {
                <button type="button" class="btn btn-default" onclick={flow.change(a)}>{ text::APPOINTMENT_CHANGE }</button>
                <button type="button" class="btn btn-default" onclick={flow.ask_cancel(true)}>{ text::APPOINTMENT_CANCEL }</button>
            }
            <Link to={Route::Applications} classes="btn btn-default">{ text::MINE_TITLE }</Link>
        </Page>
    }
}

/// Booking one (or moving one): who, office, day and slot, and the past bookings.
fn booking_form(
    flow: &AppointmentFlow,
    profile: &ServiceProfile,
    list: &[Appointment],
    current: Option<&Appointment>,
    alert: Option<Html>,
) -> Html {
    let (errors, saving, moving, person) = (&flow.errors, &flow.saving, &flow.moving, &flow.person);
    let (office, date, slot) = (&flow.office, &flow.date, &flow.slot);
    let offices: Vec<(String, String)> = profile
        .offices
        .iter()
        .map(|o| (o.id.clone(), format!("{}｜{}", o.name, o.address)))
        .collect();
    let day_list = flow.days.done().map(Vec::as_slice).unwrap_or_default();
    let chosen_day = day_list.iter().find(|d| Some(&d.date) == date.as_ref());
    let when = match (&**office, flow.days.is_pending(), flow.days.done()) {
        (None, _, _) => html! {},
        (Some(_), true, _) => {
            html! { <p class="loading" role="status">{ text::LOADING }</p> }
        }
        (Some(_), _, Some(d)) if d.is_empty() => {
            html! { <p class="hint">{ text::APPOINTMENT_NO_DAYS }</p> }
        }
        (Some(_), _, Some(d)) => html! {
            <>
            { radio_group(&yew::props!(RadioGroupProps {
                id: "f-date", legend: text::APPOINTMENT_DATE,
                options: d.iter().map(|x| (x.date.clone(), day_label(&x.date))).collect::<Vec<_>>(),
                value: (**date).clone().unwrap_or_default(),
                error: error_for(errors, "date"), onchange: flow.pick(date, "date", vec![slot.clone()]),
            })) }
            if let Some(day) = chosen_day {
                { radio_group(&yew::props!(RadioGroupProps {
                    id: "f-slot", legend: text::APPOINTMENT_SLOT,
                    options: day.slots.iter().map(|(s, left)| (s.clone(), text::places_left(s, *left))).collect::<Vec<_>>(),
                    value: (**slot).clone().unwrap_or_default(),
                    error: error_for(errors, "slot"), onchange: flow.pick(slot, "slot", Vec::new()),
                })) }
            }
            </>
        },
        _ => html! {},
    };
    let ended: Vec<&Appointment> = list
        .iter()
        .filter(|a| Some(&a.number) != current.map(|c| &c.number))
        .collect();
    let back = match &**moving {
        Some(_) => None,
        None => Some(Route::Home),
    };
    html! {
        <Page title={text::APPOINTMENT_TITLE} {back} has_errors={!errors.is_empty()}>
            { errors.summary() }
            { alert }
            <p>{ text::APPOINTMENT_INTRO }</p>
            <form onsubmit={flow.submit()} novalidate=true>
                if moving.is_none() {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-name", label: text::APPOINTMENT_NAME, value: person.0.clone(),
                        autocomplete: "name", maxlength: 40, error: error_for(errors, "name"),
                        oninput: flow.set_person(0, "name"),
                    })) }
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-id_number", label: text::APPOINTMENT_ID, hint: text::ID_HINT,
                        value: person.1.clone(), autocomplete: "off", maxlength: 24, literal: true,
                        error: error_for(errors, Field::IdNumber.as_str()),
                        oninput: flow.set_person(1, Field::IdNumber.as_str()),
                    })) }
                }
                { radio_group(&yew::props!(RadioGroupProps {
                    id: "f-office_id", legend: text::APPOINTMENT_OFFICE, options: offices,
                    value: (**office).clone().unwrap_or_default(),
                    error: error_for(errors, "office_id"),
                    onchange: flow.pick(office, "office_id", vec![date.clone(), slot.clone()]),
                })) }
                { when }
                { bring(profile) }
                <button type="submit" class="btn btn-primary" aria-disabled={saving.is_pending().then_some("true")}>
                    { if saving.is_pending() { text::LOADING } else if moving.is_some() { text::APPOINTMENT_MOVE } else { text::APPOINTMENT_BOOK } }
                </button>
            </form>
            if moving.is_some() {
                <button type="button" class="btn btn-default" onclick={flow.stop_moving()}>{ text::BACK }</button>
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
