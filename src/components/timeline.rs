use reissue_domain::TimelineEvent;
use yew::prelude::*;

/// WeUI's vertical steps: newest first, each with its date. A plain function: it has no
/// state of its own.
pub fn timeline(events: &[TimelineEvent]) -> Html {
    html! {
        <ol class="timeline">
            { for events.iter().rev().enumerate().map(|(i, e)| html! {
                <li class={classes!("timeline-item", (i == 0).then_some("timeline-current"))}>
                    <p class="timeline-title">{ e.title.clone() }</p>
                    <p class="timeline-at"><time datetime={e.at.clone()}>{ crate::clock::format_time(&e.at) }</time></p>
                    if let Some(d) = &e.detail { <p class="timeline-detail">{ d.clone() }</p> }
                </li>
            }) }
        </ol>
    }
}
