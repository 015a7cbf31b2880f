use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::text;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// The element id; the error summary links here.
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub value: AttrValue,
    #[prop_or_default]
    pub error: Option<String>,
    pub oninput: Callback<String>,
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub maxlength: Option<u32>,
    #[prop_or_default]
    pub readonly: bool,
    /// For numbers people copy from paper: no spellcheck, no autocorrect.
    #[prop_or_default]
    pub literal: bool,
}

/// A labelled text input with its hint and inline error, wired for screen readers. A
/// plain function called with `props!`, like the select: it holds no state.
pub fn text_field(props: &TextFieldProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let describedby = described_by(
        props.hint.is_some(),
        props.error.is_some(),
        &hint_id,
        &error_id,
    );
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                cb.emit(input.value());
            }
        })
    };
    let spell = if props.literal { Some("false") } else { None };
    let autocorrect = if props.literal { Some("off") } else { None };
    html! {
        <div class={classes!("field", props.error.is_some().then_some("field-error"))}>
            <label class="label" for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id.clone()}>{ hint.clone() }</p>
            }
            if let Some(err) = &props.error {
                <p class="error-message" id={error_id.clone()}>
                    <span class="visually-hidden">{ text::ERROR_ICON_LABEL }{ "：" }</span>{ err.clone() }
                </p>
            }
            <input
                class="input"
                id={props.id.clone()}
                name={props.id.clone()}
                type={props.input_type.clone()}
                value={props.value.clone()}
                inputmode={props.inputmode.clone()}
                autocomplete={props.autocomplete.clone()}
                maxlength={props.maxlength.map(|m| m.to_string())}
                spellcheck={spell}
                autocorrect={autocorrect}
                autocapitalize={autocorrect}
                readonly={props.readonly}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={describedby}
                {oninput}
            />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// (value, label) pairs.
    pub options: Vec<(String, String)>,
    pub value: AttrValue,
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub disabled: bool,
}

/// A labelled native select (the phone's own picker) with its hint and inline error. A
/// plain function called with `props!`: it holds no state, and each component is code
/// every phone downloads.
pub fn select_field(props: &SelectFieldProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let describedby = described_by(
        props.hint.is_some(),
        props.error.is_some(),
        &hint_id,
        &error_id,
    );
    let onchange = {
        let cb = props.onchange.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                cb.emit(sel.value());
            }
        })
    };
    html! {
        <div class={classes!("field", props.error.is_some().then_some("field-error"))}>
            <label class="label" for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id.clone()}>{ hint.clone() }</p>
            }
            if let Some(err) = &props.error {
                <p class="error-message" id={error_id.clone()}>
                    <span class="visually-hidden">{ text::ERROR_ICON_LABEL }{ "：" }</span>{ err.clone() }
                </p>
            }
            <select
                class="select"
                id={props.id.clone()}
                name={props.id.clone()}
                disabled={props.disabled}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={describedby}
                {onchange}
            >
                <option value="" selected={props.value.is_empty()}>{ text::CHOOSE }</option>
                { for props.options.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={*v == *props.value}>{ l.clone() }</option>
                }) }
            </select>
        </div>
    }
}

fn described_by(hint: bool, error: bool, hint_id: &str, error_id: &str) -> Option<String> {
    let ids: Vec<&str> = [(hint, hint_id), (error, error_id)]
        .into_iter()
        .filter_map(|(on, id)| on.then_some(id))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}
