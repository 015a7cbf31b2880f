use yew::prelude::*;

use crate::text;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What is copied.
    pub value: AttrValue,
    /// The element showing it: selected instead when the clipboard is not available.
    pub target: AttrValue,
}

/// 复制 for a number people paste elsewhere (application number, EMS waybill).
#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let copied = use_state(|| false);
    let onclick = {
        let (value, target, copied) = (props.value.clone(), props.target.clone(), copied.clone());
        Callback::from(move |_| {
            let (value, target, copied) = (value.clone(), target.clone(), copied.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // Old WeChat (X5) webviews and plain http have no async clipboard: then
                // select the number so the system's own copy menu is one tap away.
                let nav = gloo::utils::window().navigator();
                let has_clipboard = js_sys::Reflect::get(&nav, &"clipboard".into())
                    .map(|c| !c.is_undefined() && !c.is_null())
                    .unwrap_or(false);
                let ok = has_clipboard
                    && wasm_bindgen_futures::JsFuture::from(nav.clipboard().write_text(&value))
                        .await
                        .is_ok();
                if ok {
                    copied.set(true);
                } else {
                    select(&target);
                }
            });
        })
    };
    html! {
        <>
            <button type="button" class="btn btn-default btn-inline" {onclick}
                aria-describedby={props.target.clone()}>{ if *copied { text::COPIED } else { text::COPY } }</button>
            <span class="visually-hidden" role="status">{ if *copied { text::COPIED } else { "" } }</span>
        </>
    }
}

/// Selects the element's text, for a manual copy.
fn select(id: &str) {
    let doc = gloo::utils::document();
    let (Some(el), Ok(Some(sel))) = (
        doc.get_element_by_id(id),
        gloo::utils::window().get_selection(),
    ) else {
        return;
    };
    let _ = sel.select_all_children(&el);
}
