//! 预约窗口办理 for its page: the bookings, the days an office offers, what is chosen,
//! and booking, moving and cancelling.

use reissue_domain::appointment::check_person;
use reissue_domain::{Appointment, AppointmentRequest, DayAvailability, FieldError};
use yew::prelude::*;

use super::WhenLost;
use super::{call, use_field_errors, use_resource, use_save, FieldErrors, Resource, UseAction};
use crate::api;
use crate::state::WizardContext;
use crate::text;

#[derive(Clone, PartialEq)]
pub struct AppointmentFlow {
    pub errors: FieldErrors,
    /// This applicant's bookings, once signed in.
    pub mine: Resource<Vec<Appointment>>,
    /// The days the chosen office offers, with the places left.
    pub days: Resource<Vec<DayAvailability>>,
    /// The booking being moved (改约), by number.
    pub moving: UseStateHandle<Option<String>>,
    pub office: UseStateHandle<Option<String>>,
    pub date: UseStateHandle<Option<String>>,
    pub slot: UseStateHandle<Option<String>>,
    pub saving: UseAction<()>,
    /// 取消预约 asked, waiting for the answer.
    pub cancelling: UseStateHandle<bool>,
    /// Whose booking: a place at the window is a person's.
    pub person: UseStateHandle<(String, String)>,
}

#[hook]
pub fn use_appointment() -> AppointmentFlow {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let errors = use_field_errors();
    let mine = use_resource(wizard.signed_in, WhenLost::Show, |signed_in| {
        signed_in.then(|| call(api::appointments()))
    });
    let office = use_state(|| None::<String>);
    // Asked again with the bookings (重试 asks both).
    let days = use_resource(((*office).clone(), mine.round()), WhenLost::Show, |key| {
        key.0
            .clone()
            .map(|office| call(async move { api::availability(&office).await }))
    });
    AppointmentFlow {
        saving: use_save(&errors),
        errors,
        mine,
        days,
        moving: use_state(|| None),
        office,
        date: use_state(|| None),
        slot: use_state(|| None),
        cancelling: use_state(|| false),
        // The reissue's answers, when this visitor gave them, carry over.
        person: use_state(|| {
            (
                wizard.form.name.clone().unwrap_or_default(),
                wizard.form.id_number.clone().unwrap_or_default(),
            )
        }),
    }
}

fn required(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: "required".into(),
        message: message.into(),
    }
}

impl AppointmentFlow {
    /// 重试: the failure goes, and the bookings and days are asked again.
    pub fn retry(&self) -> Callback<MouseEvent> {
        let (saving, mine) = (self.saving.clone(), self.mine.clone());
        Callback::from(move |_| {
            saving.reset();
            mine.reload();
        })
    }

    /// The booking as the server answered it, in place of the one it replaces.
    fn keep(&self, a: Appointment) {
        let mut list = self.mine.done().cloned().unwrap_or_default();
        list.retain(|x| x.number != a.number);
        list.insert(0, a);
        self.mine.set_done(list);
    }

    /// 改约: the booking's office and day chosen again, the slot to choose.
    pub fn change(&self, a: &Appointment) -> Callback<MouseEvent> {
        let (this, a) = (self.clone(), a.clone());
        Callback::from(move |_| {
            this.office.set(Some(a.office.id.clone()));
            this.date.set(Some(a.date.clone()));
            this.slot.set(None);
            this.moving.set(Some(a.number.clone()));
        })
    }

    /// Asks (or stops asking) before cancelling; or stops moving.
    pub fn ask_cancel(&self, ask: bool) -> Callback<MouseEvent> {
        let cancelling = self.cancelling.clone();
        Callback::from(move |_| cancelling.set(ask))
    }

    pub fn stop_moving(&self) -> Callback<MouseEvent> {
        let moving = self.moving.clone();
        Callback::from(move |_| moving.set(None))
    }

    /// 取消预约, after the question.
    pub fn cancel(&self, number: &str) -> Callback<MouseEvent> {
        let (this, number) = (self.clone(), number.to_string());
        Callback::from(move |_| {
            let (this2, number) = (this.clone(), number.clone());
            this.saving.run(call(async move {
                let result = api::cancel_appointment(&number).await;
                this2.cancelling.set(false);
                this2.keep(result?);
                Ok(())
            }));
        })
    }

    /// A choice (office, day, slot): the ones that depend on it are cleared.
    pub fn pick(
        &self,
        state: &UseStateHandle<Option<String>>,
        field: &'static str,
        clears: Vec<UseStateHandle<Option<String>>>,
    ) -> Callback<String> {
        let (state, errors) = (state.clone(), self.errors.clone());
        Callback::from(move |v: String| {
            state.set(Some(v));
            for c in &clears {
                c.set(None);
            }
            errors.answered(field);
        })
    }

    /// One of the person's answers (0: name, 1: ID number).
    pub fn set_person(&self, which: usize, field: &'static str) -> Callback<String> {
        let (person, errors) = (self.person.clone(), self.errors.clone());
        Callback::from(move |v: String| {
            errors.answered(field);
            let mut p = (*person).clone();
            match which {
                0 => p.0 = v,
                _ => p.1 = v,
            }
            person.set(p);
        })
    }

    /// 预约 (or 确认改约): what is missing first, then the booking.
    pub fn submit(&self) -> Callback<SubmitEvent> {
        let this = self.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if this.saving.is_pending() {
                return;
            }
            let (office, date, slot) = (&*this.office, &*this.date, &*this.slot);
            let body = AppointmentRequest {
                office_id: office.clone().unwrap_or_default(),
                date: date.clone().unwrap_or_default(),
                slot: slot.clone().unwrap_or_default(),
                name: this.person.0.clone(),
                id_number: this.person.1.clone(),
            };
            let mut missing = Vec::new();
            if this.moving.is_none() {
                let (today, _) = crate::clock::clock_now();
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
                this.errors.show(missing);
                return;
            }
            this.errors.show(Vec::new());
            let this2 = this.clone();
            this.saving.run(call(async move {
                let a = api::book(&body, this2.moving.as_deref()).await?;
                this2.moving.set(None);
                this2.keep(a);
                Ok(())
            }));
        })
    }
}
