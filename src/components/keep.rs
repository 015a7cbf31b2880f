//! How a citizen keeps a paper the service gives them (the 委托授权书, a 挂失回执): a
//! print button where the browser prints, a screenshot where it cannot.

use yew::prelude::*;

use crate::text;

/// WeChat's built-in browser has no print dialog: `window.print()` there does nothing,
/// and a button that does nothing is worse than none.
fn can_print() -> bool {
    let agent = gloo::utils::window()
        .navigator()
        .user_agent()
        .unwrap_or_default();
    !agent.contains("MicroMessenger")
}

/// 打印 and, everywhere, how to keep it on the phone instead.
#[function_component(KeepCopy)]
pub fn keep_copy() -> Html {
    let print = Callback::from(|_: MouseEvent| {
        let _ = gloo::utils::window().print();
    });
    html! {
        <div class="keep-copy no-print">
            if can_print() {
                <button type="button" class="btn btn-default" onclick={print}>{ text::KEEP_PRINT }</button>
                <p class="hint">{ text::KEEP_OR_SCREENSHOT }</p>
            } else {
                <p class="hint">{ text::KEEP_SCREENSHOT }</p>
            }
        </div>
    }
}
