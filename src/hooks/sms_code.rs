//! A phone number and the SMS code sent to it: the number, 获取验证码 with its
//! 60-second countdown (or the server's wait after a refusal), where the code went, and
//! the code typed. Signing in and 物流进度查询 both ask for them this way.

use gloo::timers::callback::Interval;
use reissue_domain::{validate, CaptchaAnswer, FieldError};
use yew::prelude::*;

use super::FieldErrors;
use crate::api::{self, ApiError, Remote};
use crate::components::{error_for, text_field, TextFieldProps};
use crate::text;

pub fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: "invalid".into(),
        message: message.into(),
    }
}

/// A 422's field errors, or its message on `field` when the server named none.
pub fn on_field(field: &str, fields: Vec<FieldError>, message: String) -> Vec<FieldError> {
    if fields.is_empty() {
        vec![field_error(field, message)]
    } else {
        fields
    }
}

#[derive(Clone, PartialEq)]
pub struct SmsCode {
    pub phone: UseStateHandle<String>,
    pub code: UseStateHandle<String>,
    countdown: UseStateHandle<u32>,
    sent_to: UseStateHandle<Option<String>>,
    dev_code: UseStateHandle<Option<String>>,
    sending: UseStateHandle<Remote<()>>,
    /// The server asked for the human check before another code, or refused its answer:
    /// what it said (the slider shows with it).
    human_check: UseStateHandle<Option<String>>,
    slider: UseStateHandle<u32>,
    errors: FieldErrors,
}

#[hook]
pub fn use_sms_code(errors: &FieldErrors) -> SmsCode {
    let countdown = use_state(|| 0u32);
    // Ticks the countdown down to zero.
    {
        let countdown = countdown.clone();
        use_effect_with(*countdown > 0, move |running| {
            let timer = running.then(|| {
                let countdown = countdown.clone();
                Interval::new(1000, move || countdown.set((*countdown).saturating_sub(1)))
            });
            move || drop(timer)
        });
    }
    SmsCode {
        phone: use_state(String::new),
        code: use_state(String::new),
        countdown,
        sent_to: use_state(|| None),
        dev_code: use_state(|| None),
        sending: use_state(|| Remote::Idle),
        human_check: use_state(|| None),
        slider: use_state(|| 0),
        errors: errors.clone(),
    }
}

impl SmsCode {
    /// 获取验证码: checks the number, asks the server to send the code.
    fn get_code(&self) -> Callback<MouseEvent> {
        let this = self.clone();
        Callback::from(move |_| {
            if *this.countdown > 0 || this.sending.is_pending() {
                return;
            }
            this.send(None);
        })
    }

    /// Sends the code to the number typed (with the human check's answer, once solved).
    fn send(&self, captcha: Option<CaptchaAnswer>) {
        let normalized = match validate::phone(&self.phone) {
            Ok(p) => p,
            Err(e) => {
                self.errors.show(vec![field_error("phone", e.message)]);
                return;
            }
        };
        self.errors.show(Vec::new());
        self.sending.set(Remote::Pending);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match api::send_sms_code(&normalized, captcha).await {
                Ok(r) => {
                    this.countdown.set(r.cooldown_seconds);
                    this.sent_to.set(Some(r.phone_masked));
                    this.dev_code.set(r.dev_code);
                    this.human_check.set(None);
                    this.sending.set(Remote::Idle);
                }
                Err(ApiError::RateLimited {
                    message,
                    retry_after,
                }) => {
                    this.countdown.set(retry_after);
                    this.sending.set(Remote::Failed(ApiError::RateLimited {
                        message,
                        retry_after,
                    }));
                }
                Err(ApiError::Validation { fields, message }) => {
                    this.sending.set(Remote::Idle);
                    this.errors.replace(on_field("phone", fields, message));
                }
                Err(ApiError::Rejected { code, message, .. }) if is_human_check(&code) => {
                    // The slider's box says why (or that the answer was refused).
                    this.slider.set(0);
                    this.human_check.set(Some(message));
                    this.sending.set(Remote::Idle);
                }
                Err(e) => this.sending.set(Remote::Failed(e)),
            }
        });
    }

    /// The slider let go: at the far end it is solved, and the code is asked for again
    /// with the vendor's answer; anywhere else it springs back.
    fn slider_released(&self) -> Callback<Event> {
        let this = self.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .and_then(|i| i.value().parse::<u32>().ok())
                .unwrap_or(0);
            if value < 100 {
                this.slider.set(0);
                return;
            }
            this.slider.set(100);
            this.sending.set(Remote::Pending);
            let this = this.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match api::solve_mock_captcha().await {
                    Ok(answer) => this.send(Some(answer)),
                    Err(e) => {
                        this.slider.set(0);
                        this.sending.set(Remote::Failed(e));
                    }
                }
            });
        })
    }

    /// The number and the code as typed, checked; the problems shown when not.
    pub fn checked(&self) -> Option<(String, String)> {
        let mut errs = Vec::new();
        let p =
            validate::phone(&self.phone).map_err(|e| errs.push(field_error("phone", e.message)));
        let c = if self.sent_to.is_none() && errs.is_empty() {
            errs.push(field_error("code", text::CODE_NEEDED_FIRST));
            Err(())
        } else {
            validate::sms_code(&self.code).map_err(|e| errs.push(field_error("code", e.message)))
        };
        match (p, c) {
            (Ok(p), Ok(c)) => {
                self.errors.show(Vec::new());
                Some((p, c))
            }
            _ => {
                self.errors.show(errs);
                None
            }
        }
    }

    /// Why the code could not be sent, if it could not.
    pub fn failure(&self) -> Option<ApiError> {
        self.sending.error().cloned()
    }

    /// The number, 获取验证码 and the code, with what the page says of the number.
    pub fn fields(&self, phone_label: &'static str, phone_hint: &'static str) -> Html {
        let on_phone = typed(&self.phone, &self.errors, "phone");
        let on_code = typed(&self.code, &self.errors, "code");
        let code_button = if *self.countdown > 0 {
            text::code_countdown(*self.countdown)
        } else if self.sending.is_pending() {
            text::LOADING.to_string()
        } else {
            text::GET_CODE.to_string()
        };
        let waiting = *self.countdown > 0 || self.sending.is_pending();
        html! {
            <>
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-phone",
                    label: phone_label,
                    hint: phone_hint,
                    value: (*self.phone).clone(),
                    input_type: "tel",
                    autocomplete: "tel",
                    error: error_for(&self.errors, "phone"),
                    oninput: on_phone,
                })) }
                <button type="button" class="btn btn-default" onclick={self.get_code()}
                    aria-disabled={waiting.then_some("true")}>{ code_button }</button>
                if let Some(why) = &*self.human_check {
                    <div class="human-check" role="group" aria-labelledby="human-check-why">
                        <p id="human-check-why">{ why.clone() }</p>
                        <label for="f-captcha">{ text::HUMAN_CHECK_LABEL }</label>
                        <input id="f-captcha" type="range" min="0" max="100" step="1"
                            value={self.slider.to_string()}
                            oninput={let s = self.slider.clone(); Callback::from(move |e: InputEvent| {
                                if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                                    s.set(i.value().parse().unwrap_or(0));
                                }
                            })}
                            onchange={self.slider_released()} />
                        <p class="hint">{ text::HUMAN_CHECK_HINT }</p>
                    </div>
                }
                if let Some(to) = &*self.sent_to {
                    <p class="hint" role="status">{ text::code_sent(to) }</p>
                }
                if let Some(dev) = &*self.dev_code {
                    <p class="test-banner dev-code" role="status">{ text::dev_code(dev) }</p>
                }
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-code",
                    label: text::CODE_LABEL,
                    hint: text::CODE_HINT,
                    value: (*self.code).clone(),
                    inputmode: "numeric",
                    autocomplete: "one-time-code",
                    maxlength: 6,
                    literal: true,
                    error: error_for(&self.errors, "code"),
                    oninput: on_code,
                })) }
            </>
        }
    }
}

/// Did the server ask for (or refuse) the human check?
fn is_human_check(code: &str) -> bool {
    matches!(code, "captcha_required" | "captcha_wrong")
}

/// A typed answer kept in `value`, its message taken down at once.
fn typed(
    value: &UseStateHandle<String>,
    errors: &FieldErrors,
    field: &'static str,
) -> Callback<String> {
    let (value, errors) = (value.clone(), errors.clone());
    Callback::from(move |v: String| {
        if !v.trim().is_empty() {
            errors.answered(field);
        }
        value.set(v)
    })
}
