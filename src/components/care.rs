use yew::prelude::*;

use crate::state::persist;
use crate::text;

#[derive(Properties, PartialEq, Default)]
pub struct CareModeSwitchProps {
    /// The small form at the top of every page (no hint, no card).
    #[prop_or_default]
    pub compact: bool,
}

/// The 关怀版 switch: bigger text and targets, remembered across visits. On 首页 in
/// full; on every other page in the page's top bar, so someone who arrives from an
/// SMS link finds it too.
#[function_component(CareModeSwitch)]
pub fn care_mode_switch(props: &CareModeSwitchProps) -> Html {
    let care = use_state(persist::care_mode);
    let toggle = {
        let care = care.clone();
        Callback::from(move |_| {
            let on = !*care;
            persist::set_care_mode(on);
            apply_care_mode(on);
            care.set(on);
        })
    };
    let checked = if *care { "true" } else { "false" };
    if props.compact {
        return html! {
            <button type="button" role="switch" class="switch switch-compact"
                aria-checked={checked} onclick={toggle}>
                <span class="switch-label">{ text::CARE_MODE }</span>
                <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
            </button>
        };
    }
    html! {
        <div class="care-switch">
            <button type="button" role="switch" id="care-mode" class="switch"
                aria-checked={checked}
                aria-describedby="care-mode-hint" onclick={toggle}>
                <span class="switch-label">{ text::CARE_MODE }</span>
                <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
            </button>
            <p class="hint" id="care-mode-hint">{ text::CARE_MODE_HINT }</p>
        </div>
    }
}

/// Care mode is a class on `<html>`, so the CSS can scale everything in rem.
pub fn apply_care_mode(on: bool) {
    if let Some(root) = gloo::utils::document().document_element() {
        let classes = root.class_list();
        let _ = if on {
            classes.add_1("care")
        } else {
            classes.remove_1("care")
        };
    }
}
