use reissue_domain::FieldError;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::field_id;
use crate::text;

/// The message for one field, if the list has one.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub errors: Vec<FieldError>,
    /// Bumped on every failed 下一步, so focus moves here again even if the list is equal.
    #[prop_or_default]
    pub attempt: u32,
}

/// "请修改以下问题" at the top of the page: focused when it appears, each entry a link
/// that moves focus to its field.
#[function_component(ErrorSummary)]
pub fn error_summary(props: &ErrorSummaryProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((props.errors.clone(), props.attempt), move |(errors, _)| {
            if !errors.is_empty() {
                if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                    el.scroll_into_view();
                }
            }
        });
    }
    if props.errors.is_empty() {
        return html! {};
    }
    html! {
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" ref={node}>
            <h2 id="error-summary-title" class="error-summary-title">
                <span class="icon-error" aria-hidden="true">{ "!" }</span>{ text::ERROR_SUMMARY_TITLE }
            </h2>
            <ul>
                { for props.errors.iter().map(|e| {
                    let id = field_id(&e.field);
                    let href = format!("#{id}");
                    let onclick = Callback::from(move |ev: MouseEvent| {
                        ev.prevent_default();
                        focus_field(&id);
                    });
                    html! { <li><a href={href} {onclick}>{ e.message.clone() }</a></li> }
                }) }
            </ul>
        </div>
    }
}

/// Focuses a field by id. For a fieldset: its chosen radio, else its first input or select.
pub fn focus_field(id: &str) {
    let doc = gloo::utils::document();
    let Some(el) = doc.get_element_by_id(id) else {
        return;
    };
    let target = if el.tag_name() == "FIELDSET" {
        ["input:checked", "input, select"]
            .into_iter()
            .find_map(|q| el.query_selector(q).ok().flatten())
            .unwrap_or(el)
    } else {
        el
    };
    if let Ok(el) = target.dyn_into::<web_sys::HtmlElement>() {
        el.scroll_into_view();
        let _ = el.focus();
    }
}
