//! Components and browser APIs in a real headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use idcard_reissue::components::{text_field, CareModeSwitch, ErrorSummary, TextFieldProps};
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
            { text_field(&yew::props!(TextFieldProps {
                id: "f-id_number",
                label: "公民身份号码",
                hint: "18位",
                value: (*value).clone(),
                error: props.error.clone(),
                literal: true,
                oninput: oninput,
            })) }
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
    idcard_reissue::components::apply_care_mode(false);
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

/// A page's questions of every kind, wired as the pages wire them: each answer tells the
/// page's errors that the question is answered.
#[function_component(AnswersHost)]
fn answers_host() -> Html {
    use idcard_reissue::components::{
        checkbox, error_for, radio_group, select_field, CheckboxProps, RadioGroupProps,
        RegionSelect, SelectFieldProps,
    };
    use idcard_reissue::hooks::use_field_errors;
    use reissue_domain::region::{City, District, Province, Regions};

    let errors = use_field_errors();
    {
        let errors = errors.clone();
        use_effect_with((), move |_| {
            let e = |field: &str| FieldError {
                field: field.into(),
                code: "required".into(),
                message: format!("请回答 {field}"),
            };
            errors.show(
                ["name", "reason", "agree", "office_id", "hukou_region"]
                    .map(e)
                    .to_vec(),
            );
        });
    }
    let regions = std::rc::Rc::new(Regions {
        source: String::new(),
        provinces: vec![Province {
            code: "51".into(),
            name: "四川省".into(),
            cities: vec![City {
                code: "5101".into(),
                name: "成都市".into(),
                districts: vec![District {
                    code: "510104".into(),
                    name: "锦江区".into(),
                }],
            }],
        }],
    });
    let answered = |field: &'static str| {
        let errors = errors.clone();
        Callback::from(move |v: String| {
            if !v.is_empty() {
                errors.answered(field)
            }
        })
    };
    let on_region = {
        let answered = answered("hukou_region");
        Callback::from(move |v: Option<String>| answered.emit(v.unwrap_or_default()))
    };
    let on_agree = {
        let answered = answered("agree");
        Callback::from(move |on: bool| answered.emit(if on { "on".into() } else { String::new() }))
    };
    let options = vec![("lost".to_string(), "丢失".to_string())];
    html! {
        <>
            { errors.summary() }
            { text_field(&yew::props!(TextFieldProps {
                id: "f-name",
                label: "姓名",
                value: "",
                error: error_for(&errors, "name"),
                oninput: answered("name"),
            })) }
            { radio_group(&yew::props!(RadioGroupProps {
                id: "f-reason", legend: "补领原因", options: options.clone(), value: "",
                error: error_for(&errors, "reason"), onchange: answered("reason"),
            })) }
            { checkbox(&yew::props!(CheckboxProps {
                id: "f-agree", label: "我已阅读并同意", checked: false,
                error: error_for(&errors, "agree"), onchange: on_agree,
            })) }
            { select_field(&yew::props!(SelectFieldProps {
                id: "f-office_id", label: "办证中心", options: options, value: "",
                error: error_for(&errors, "office_id"), onchange: answered("office_id"),
            })) }
            <RegionSelect field="hukou_region" label="户籍所在地" value={None::<String>} regions={regions}
                error={error_for(&errors, "hukou_region")} onchange={on_region} />
        </>
    }
}

fn messages(r: &Element) -> u32 {
    r.query_selector_all(".error-message").unwrap().length()
}

fn summary_lines(r: &Element) -> u32 {
    r.query_selector_all(".error-summary li").unwrap().length()
}

fn fire(el: &Element, kind: &str) {
    el.dispatch_event(
        &web_sys::Event::new_with_event_init_dict(kind, &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .unwrap(),
    )
    .unwrap();
}

#[wasm_bindgen_test]
async fn every_kind_of_question_loses_its_error_when_answered() {
    let r = root();
    yew::Renderer::<AnswersHost>::with_root(r.clone()).render();
    yew::scheduler::flush().await;
    yew::scheduler::flush().await;
    assert_eq!((messages(&r), summary_lines(&r)), (5, 5));
    let el = |q: &str| r.query_selector(q).unwrap().unwrap();

    let name: HtmlInputElement = el("#f-name").dyn_into().unwrap();
    name.set_value("张伟");
    fire(&name, "input");
    yew::scheduler::flush().await;
    assert_eq!((messages(&r), summary_lines(&r)), (4, 4), "text");
    assert!(r.query_selector("#f-name-error").unwrap().is_none());

    let radio: HtmlInputElement = el("#f-reason-0").dyn_into().unwrap();
    radio.set_checked(true);
    fire(&radio, "change");
    yew::scheduler::flush().await;
    assert_eq!((messages(&r), summary_lines(&r)), (3, 3), "radio");

    let agree: HtmlInputElement = el("#f-agree").dyn_into().unwrap();
    agree.set_checked(true);
    fire(&agree, "change");
    yew::scheduler::flush().await;
    assert_eq!((messages(&r), summary_lines(&r)), (2, 2), "checkbox");

    let office: web_sys::HtmlSelectElement = el("#f-office_id").dyn_into().unwrap();
    office.set_value("lost");
    fire(&office, "change");
    yew::scheduler::flush().await;
    assert_eq!((messages(&r), summary_lines(&r)), (1, 1), "select");

    // Province and city chosen: the district is still missing, so the message stays
    // (it moves to the select still to choose); the district answers it.
    for (id, value) in [("#f-hukou_region", "51"), ("#f-hukou_region", "5101")] {
        let select: web_sys::HtmlSelectElement = el(id).dyn_into().unwrap();
        select.set_value(value);
        fire(&select, "change");
        yew::scheduler::flush().await;
        assert_eq!(messages(&r), 1, "region incomplete after {value}");
    }
    let district: web_sys::HtmlSelectElement = el("#f-hukou_region").dyn_into().unwrap();
    district.set_value("510104");
    fire(&district, "change");
    yew::scheduler::flush().await;
    assert_eq!((messages(&r), summary_lines(&r)), (0, 0), "region");
    assert!(r.query_selector(".error-summary").unwrap().is_none());
    r.remove();
}
