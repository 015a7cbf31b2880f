use yew::prelude::*;

use crate::api;
use crate::components::Page;
use crate::hooks::{call, send_and_forget, use_resource, WhenLost};
use crate::route::{Route, Then};
use crate::router::{use_navigator, Link};
use crate::text;

/// 消息: what the service told the applicant, newest first; each one opens the page it
/// is about (marked read on the way) at the action it asks for.
#[function_component(MessagesPage)]
pub fn messages_page() -> Html {
    let navigator = use_navigator().expect("router");
    let lost = WhenLost::SignIn(navigator.clone(), Then::page(Route::Messages));
    let inbox = use_resource((), lost, |_| Some(call(api::messages())));
    let body = match inbox.get() {
        Ok(Some(i)) if i.messages.is_empty() => html! { <p>{ text::MESSAGES_EMPTY }</p> },
        Ok(Some(i)) => html! {
            <ul class="messages" id="messages">
                { for i.messages.iter().map(|m| {
                    let open = {
                        let (navigator, id, link) = (navigator.clone(), m.id, m.link.clone());
                        Callback::from(move |e: MouseEvent| {
                            e.prevent_default();
                            // Read once opened; the page opens whether or not that is heard.
                            send_and_forget(api::mark_read(id));
                            navigator.push(&Route::recognize(&link));
                        })
                    };
                    html! {
                        <li class={classes!("card", "message", (!m.read).then_some("unread"))} data-kind={m.kind.as_str()}>
                            <h2>
                                if !m.read {
                                    <span class="badge badge-wait">{ text::MESSAGES_UNREAD }</span>{ " " }
                                }
                                { m.title.clone() }
                            </h2>
                            <p class="hint">{ crate::clock::format_time(&m.created_at) }</p>
                            <p>{ m.body.clone() }</p>
                            <a href={m.link.clone()} class="btn btn-default" onclick={open}>
                                { m.action.clone().unwrap_or_else(|| text::MESSAGES_OPEN.to_string()) }
                            </a>
                        </li>
                    }
                }) }
            </ul>
        },
        Err(e) => html! {
            <div class="alert alert-error" role="alert"><p>{ e.message() }</p>
                <button type="button" class="btn btn-primary" onclick={inbox.retry()}>{ text::RETRY }</button></div>
        },
        _ => html! { <p class="loading" role="status">{ text::LOADING }</p> },
    };
    html! {
        <Page title={text::MESSAGES_TITLE} back={Route::Applications}>{ body }</Page>
    }
}

/// "消息（N 条未读）", for 首页 and 我的办件: shown only to someone signed in.
#[function_component(MessagesLink)]
pub fn messages_link() -> Html {
    let count = use_resource((), WhenLost::Show, |_| Some(call(api::unread_messages())));
    match count.done().map(|c| c.unread) {
        Some(n) => html! {
            <Link to={Route::Messages} classes="btn btn-default messages-link">{ text::messages_link(n) }</Link>
        },
        None => html! {},
    }
}
