use reissue_domain::TimelineEvent;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub events: Vec<TimelineEvent>,
}

/// WeUI's vertical steps: newest first, each with its date.
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    html! {
        <ol class="timeline">
            { for props.events.iter().rev().enumerate().map(|(i, e)| html! {
                <li class={classes!("timeline-item", (i == 0).then_some("timeline-current"))}>
                    <p class="timeline-title">{ e.title.clone() }</p>
                    <p class="timeline-at"><time datetime={e.at.clone()}>{ crate::pages::format_time(&e.at) }</time></p>
                    if let Some(d) = &e.detail { <p class="timeline-detail">{ d.clone() }</p> }
                </li>
            }) }
        </ol>
    }
}
