//! Components and browser APIs in a real headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use idcard_reissue::components::{CareModeSwitch, ErrorSummary, TextField};
use idcard_reissue::state::persist;
use reissue_domain::FieldError;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn root() -> Element {
    let doc = gloo::utils::document();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

fn active_id() -> String {
    gloo::utils::document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
struct FieldHostProps {
    error: Option<String>,
}

/// A controlled field as pages use it: state above, value and callback down.
#[function_component(FieldHost)]
fn field_host(props: &FieldHostProps) -> Html {
    let value = use_state(String::new);
    let oninput = {
        let value = value.clone();
        Callback::from(move |v| value.set(v))
    };
    html! {
        <>
            <TextField id="f-id_number" label="公民身份号码" hint="18位" value={(*value).clone()}
                error={props.error.clone()} literal=true {oninput} />
            <p id="echo">{ (*value).clone() }</p>
        </>
    }
}

#[wasm_bindgen_test]
async fn the_field_is_labelled_described_and_controlled() {
    let r = root();
    yew::Renderer::<FieldHost>::with_root_and_props(
        r.clone(),
        FieldHostProps {
            error: Some("请输入18位公民身份号码".into()),
        },
    )
    .render();
    yew::scheduler::flush().await;

    let input: HtmlInputElement = r
        .query_selector("input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let label = r.query_selector("label").unwrap().unwrap();
    assert_eq!(label.get_attribute("for").as_deref(), Some("f-id_number"));
    assert_eq!(input.id(), "f-id_number");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input.get_attribute("aria-describedby").unwrap();
    for id in described.split(' ') {
        assert!(
            r.query_selector(&format!("#{id}")).unwrap().is_some(),
            "{id} exists"
        );
    }
    assert!(described.contains("f-id_number-error"));
    assert_eq!(input.get_attribute("spellcheck").as_deref(), Some("false"));
    let error_text = r
        .query_selector("#f-id_number-error")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(error_text.contains("请输入18位公民身份号码"));

    // Typing goes up through the callback and comes back as the value.
    input.set_value("51010719900517123x");
    let ev = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&ev).unwrap();
    yew::scheduler::flush().await;
    let echo = r
        .query_selector("#echo")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(echo, "51010719900517123x");
    r.remove();
}

#[derive(Properties, PartialEq)]
struct SummaryHostProps {
    errors: Vec<FieldError>,
}

#[function_component(SummaryHost)]
fn summary_host(props: &SummaryHostProps) -> Html {
    html! {
        <>
            <ErrorSummary errors={props.errors.clone()} attempt={1} />
            <input id="f-name" />
            <input id="f-id_number" />
        </>
    }
}

#[wasm_bindgen_test]
async fn the_error_summary_takes_focus_and_links_to_fields() {
    let r = root();
    let errors = vec![
        FieldError {
            field: "name".into(),
            code: "required".into(),
            message: "请输入姓名".into(),
        },
        FieldError {
            field: "id_number".into(),
            code: "wrong_check_char".into(),
            message: "公民身份号码有误".into(),
        },
    ];
    yew::Renderer::<SummaryHost>::with_root_and_props(r.clone(), SummaryHostProps { errors })
        .render();
    yew::scheduler::flush().await;

    let summary = r.query_selector(".error-summary").unwrap().unwrap();
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    assert!(summary.text_content().unwrap().contains("请修改以下问题"));
    let focused = gloo::utils::document().active_element().unwrap();
    assert!(
        focused.class_list().contains("error-summary"),
        "the summary has focus"
    );

    let links = r.query_selector_all(".error-summary a").unwrap();
    assert_eq!(links.length(), 2);
    let second: HtmlElement = links.item(1).unwrap().dyn_into().unwrap();
    assert_eq!(
        second.get_attribute("href").as_deref(),
        Some("#f-id_number")
    );
    second.click();
    assert_eq!(
        active_id(),
        "f-id_number",
        "the link moves focus to its field"
    );
    r.remove();
}

#[wasm_bindgen_test]
async fn the_care_mode_switch_is_remembered_across_a_remount() {
    persist::set_care_mode(false);
    idcard_reissue::app::apply_care_mode(false);
    let r = root();
    let handle = yew::Renderer::<CareModeSwitch>::with_root(r.clone()).render();
    yew::scheduler::flush().await;

    let switch: HtmlElement = r
        .query_selector("[role=switch]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(
        switch.get_attribute("aria-checked").as_deref(),
        Some("false")
    );
    switch.click();
    yew::scheduler::flush().await;
    assert_eq!(
        switch.get_attribute("aria-checked").as_deref(),
        Some("true")
    );
    let html_el = gloo::utils::document().document_element().unwrap();
    assert!(
        html_el.class_list().contains("care"),
        "<html> has the care class"
    );

    // Unmount, mount again: the choice comes back from localStorage.
    handle.destroy();
    let r2 = root();
    yew::Renderer::<CareModeSwitch>::with_root(r2.clone()).render();
    yew::scheduler::flush().await;
    let switch: HtmlElement = r2
        .query_selector("[role=switch]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(
        switch.get_attribute("aria-checked").as_deref(),
        Some("true")
    );
    assert!(persist::care_mode());

    switch.click();
    yew::scheduler::flush().await;
    assert!(!persist::care_mode());
    assert!(!html_el.class_list().contains("care"));
    r.remove();
    r2.remove();
}

#[wasm_bindgen_test]
fn the_submit_key_is_stable_until_cleared_and_nothing_personal_is_stored() {
    persist::clear_submit_key();
    let a = persist::submit_key();
    assert_eq!(a.len(), 32);
    assert_eq!(persist::submit_key(), a, "a retry reuses the key");
    persist::clear_submit_key();
    assert_ne!(persist::submit_key(), a, "a new draft gets a new key");
    // Only the harmless keys are ever written.
    let storage = gloo::utils::window().local_storage().unwrap().unwrap();
    for i in 0..storage.length().unwrap() {
        let key = storage.key(i).unwrap().unwrap();
        let value = storage.get_item(&key).unwrap().unwrap_or_default();
        assert!(
            value.chars().filter(|c| c.is_ascii_digit()).count() < 15,
            "{key} holds no ID number"
        );
    }
}
