use reissue_domain::notify::Inbox;
use yew::prelude::*;

use crate::api::{self, ApiError, Remote};
use crate::components::Page;
use crate::route::Route;
use crate::router::{use_navigator, Link};
use crate::text;

/// 消息: what the service told the applicant, newest first; each one opens the page it
/// is about (marked read on the way) at the action it asks for.
#[function_component(MessagesPage)]
pub fn messages_page() -> Html {
    let navigator = use_navigator().expect("router");
    let inbox = use_state(|| Remote::<Inbox>::Pending);
    let attempt = use_state(|| 0u32);
    {
        let (inbox, navigator) = (inbox.clone(), navigator.clone());
        use_effect_with(*attempt, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match api::messages().await {
                    Ok(i) => inbox.set(Remote::Done(i)),
                    Err(ApiError::Unauthenticated(_)) => {
                        navigator.replace_with_query(&Route::Verify, &[("next", "/messages")])
                    }
                    Err(e) => inbox.set(Remote::Failed(e)),
                }
            });
        });
    }
    let body = match &*inbox {
        Remote::Done(i) if i.messages.is_empty() => html! { <p>{ text::MESSAGES_EMPTY }</p> },
        Remote::Done(i) => html! {
            <ul class="messages" id="messages">
                { for i.messages.iter().map(|m| {
                    let open = {
                        let (navigator, id, link) = (navigator.clone(), m.id, m.link.clone());
                        Callback::from(move |e: MouseEvent| {
                            e.prevent_default();
                            // Read once opened; the page opens whether or not that is heard.
                            wasm_bindgen_futures::spawn_local(async move {
                                let _ = api::mark_read(id).await;
                            });
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
                            <p class="hint">{ super::format_time(&m.created_at) }</p>
                            <p>{ m.body.clone() }</p>
                            <a href={m.link.clone()} class="btn btn-default" onclick={open}>
                                { m.action.clone().unwrap_or_else(|| text::MESSAGES_OPEN.to_string()) }
                            </a>
                        </li>
                    }
                }) }
            </ul>
        },
        Remote::Failed(e) => {
            let retry = {
                let attempt = attempt.clone();
                Callback::from(move |_| attempt.set(*attempt + 1))
            };
            html! {
                <div class="alert alert-error" role="alert"><p>{ e.message() }</p>
                    <button type="button" class="btn btn-primary" onclick={retry}>{ text::RETRY }</button></div>
            }
        }
        _ => html! { <p class="loading" role="status">{ text::LOADING }</p> },
    };
    html! {
        <Page title={text::MESSAGES_TITLE} back={Route::Applications}>{ body }</Page>
    }
}

/// "消息（N 条未读）", for 首页 and 我的办件: shown only to someone signed in.
#[function_component(MessagesLink)]
pub fn messages_link() -> Html {
    let unread = use_state(|| None::<u32>);
    {
        let unread = unread.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(i) = api::messages().await {
                    unread.set(Some(i.unread));
                }
            });
        });
    }
    match *unread {
        Some(n) => html! {
            <Link to={Route::Messages} classes="btn btn-default messages-link">{ text::messages_link(n) }</Link>
        },
        None => html! {},
    }
}
