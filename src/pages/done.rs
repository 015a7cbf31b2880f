use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::Page;
use crate::state::WizardContext;
use crate::text;

#[derive(Properties, PartialEq)]
pub struct DoneProps {
    pub number: String,
}

/// 提交成功: the number large and copyable, and what happens next. The URL holds the
/// number, so reopening it later shows the same page.
#[function_component(Done)]
pub fn done(props: &DoneProps) -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let copied = use_state(|| false);
    let copy = {
        let (number, copied) = (props.number.clone(), copied.clone());
        Callback::from(move |_| {
            let (number, copied) = (number.clone(), copied.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // Old WeChat (X5) webviews and plain http have no async clipboard: then
                // select the number so the system's own copy menu is one tap away.
                let nav = gloo::utils::window().navigator();
                let has_clipboard = js_sys::Reflect::get(&nav, &"clipboard".into())
                    .map(|c| !c.is_undefined() && !c.is_null())
                    .unwrap_or(false);
                let ok = if has_clipboard {
                    wasm_bindgen_futures::JsFuture::from(nav.clipboard().write_text(&number))
                        .await
                        .is_ok()
                } else {
                    false
                };
                if ok {
                    copied.set(true);
                } else {
                    select_number();
                }
            });
        })
    };
    let phone = wizard
        .profile
        .as_ref()
        .map(|p| p.service_phone.clone())
        .unwrap_or_default();
    html! {
        <Page title={text::DONE_TITLE}>
            <div class="result">
                <div class="result-icon" aria-hidden="true">{ "✓" }</div>
                <p class="label">{ text::APP_NUMBER }</p>
                <p class="app-number" id="app-number">{ props.number.clone() }</p>
                <button type="button" class="btn btn-default btn-inline" onclick={copy}
                    aria-describedby="app-number">{ if *copied { text::COPIED } else { text::COPY } }</button>
                <p class="visually-hidden" role="status">{ if *copied { text::COPIED } else { "" } }</p>
            </div>
            <section class="card">
                <h2>{ "接下来" }</h2>
                <ol class="next-steps">{ for text::DONE_NEXT.iter().map(|t| html! { <li>{ *t }</li> }) }</ol>
                if !phone.is_empty() {
                    <p>{ text::SERVICE_PHONE }{ "：" }<a href={format!("tel:{phone}")} class="link">{ phone.clone() }</a></p>
                }
            </section>
            <Link<Route> to={Route::Application { number: props.number.clone() }} classes="btn btn-primary">{ text::VIEW_PROGRESS }</Link<Route>>
            <Link<Route> to={Route::Home} classes="btn btn-default">{ text::BACK_HOME }</Link<Route>>
        </Page>
    }
}

/// Selects the application number on the page, for a manual copy.
fn select_number() {
    let doc = gloo::utils::document();
    let (Some(el), Ok(Some(sel))) = (
        doc.get_element_by_id("app-number"),
        gloo::utils::window().get_selection(),
    ) else {
        return;
    };
    let _ = sel.select_all_children(&el);
}
