use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::text;

#[derive(Properties, PartialEq)]
pub struct RadioGroupProps {
    /// The fieldset's id; the error summary links here.
    pub id: AttrValue,
    pub legend: AttrValue,
    /// Said under the legend, before the choices.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// (value, label) pairs.
    pub options: Vec<(String, String)>,
    pub value: AttrValue,
    #[prop_or_default]
    pub error: Option<String>,
    pub onchange: Callback<String>,
}

/// Big tappable radio cells in a fieldset with a legend. A plain function (called with
/// `props!`), not a component: it holds no state, and each component is code every
/// phone downloads.
pub fn radio_group(props: &RadioGroupProps) -> Html {
    let error_id = format!("{}-error", props.id);
    let hint_id = format!("{}-hint", props.id);
    let described: Vec<&str> = [
        props.hint.is_some().then_some(hint_id.as_str()),
        props.error.is_some().then_some(error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        <fieldset
            class={classes!("field", "fieldset", props.error.is_some().then_some("field-error"))}
            id={props.id.clone()}
            aria-describedby={(!described.is_empty()).then(|| described.join(" "))}
        >
            <legend class="label">{ props.legend.clone() }</legend>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id.clone()}>{ hint.clone() }</p>
            }
            if let Some(err) = &props.error {
                <p class="error-message" id={error_id.clone()}>
                    <span class="visually-hidden">{ text::ERROR_ICON_LABEL }{ "：" }</span>{ err.clone() }
                </p>
            }
            { for props.options.iter().enumerate().map(|(i, (v, l))| {
                let input_id = format!("{}-{i}", props.id);
                let cb = props.onchange.clone();
                let value = v.clone();
                let onchange = Callback::from(move |_| cb.emit(value.clone()));
                html! {
                    <div class="radio">
                        <input type="radio" id={input_id.clone()} name={props.id.clone()} value={v.clone()}
                            checked={*v == *props.value} {onchange} />
                        <label for={input_id}>{ l.clone() }</label>
                    </div>
                }
            }) }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckboxProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub checked: bool,
    #[prop_or_default]
    pub error: Option<String>,
    pub onchange: Callback<bool>,
}

/// A big tappable checkbox with its inline error. A plain function, like [`radio_group`].
pub fn checkbox(props: &CheckboxProps) -> Html {
    let error_id = format!("{}-error", props.id);
    let onchange = {
        let cb = props.onchange.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                cb.emit(input.checked());
            }
        })
    };
    html! {
        <div class={classes!("field", props.error.is_some().then_some("field-error"))}>
            if let Some(err) = &props.error {
                <p class="error-message" id={error_id.clone()}>
                    <span class="visually-hidden">{ text::ERROR_ICON_LABEL }{ "：" }</span>{ err.clone() }
                </p>
            }
            <div class="checkbox">
                <input type="checkbox" id={props.id.clone()} checked={props.checked}
                    aria-invalid={props.error.is_some().then_some("true")}
                    aria-describedby={props.error.is_some().then(|| error_id.clone())}
                    {onchange} />
                <label for={props.id.clone()}>{ props.label.clone() }</label>
            </div>
        </div>
    }
}
