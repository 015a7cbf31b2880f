use yew::prelude::*;

use crate::app::apply_care_mode;
use crate::state::persist;
use crate::text;

/// The 关怀版 switch: bigger text and targets, remembered across visits.
#[function_component(CareModeSwitch)]
pub fn care_mode_switch() -> Html {
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
    html! {
        <div class="care-switch">
            <button type="button" role="switch" id="care-mode" class="switch"
                aria-checked={if *care { "true" } else { "false" }}
                aria-describedby="care-mode-hint" onclick={toggle}>
                <span class="switch-label">{ text::CARE_MODE }</span>
                <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
            </button>
            <p class="hint" id="care-mode-hint">{ text::CARE_MODE_HINT }</p>
        </div>
    }
}
