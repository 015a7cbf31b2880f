use yew::prelude::*;

use crate::components::{grouped, CopyButton, Page, APP_NUMBER_GROUPS};
use crate::lazy::{use_prefetch, Chunk};
use crate::route::Route;
use crate::router::Link;
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
    // 查看办理进度 is the next tap: 我的办件's pages, downloaded meanwhile.
    use_prefetch(Chunk::Mine);
    let days = wizard
        .profile
        .as_ref()
        .map(|p| p.working_days)
        .unwrap_or_default();
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
                <p class="app-number" id="app-number">{ grouped(&props.number, APP_NUMBER_GROUPS) }</p>
                <CopyButton value={props.number.clone()} target="app-number" />
            </div>
            <section class="card">
                <h2>{ "接下来" }</h2>
                <ol class="next-steps">{ for text::done_next(&days).iter().map(|t| html! { <li>{ t.clone() }</li> }) }</ol>
                if !phone.is_empty() {
                    <p>{ text::SERVICE_PHONE }{ "：" }<a href={format!("tel:{phone}")} class="link">{ phone.clone() }</a></p>
                }
            </section>
            <p><Link to={Route::Urgent} classes="link">{ text::URGENT_LINK }</Link></p>
            <Link to={Route::Application { number: props.number.clone() }} classes="btn btn-primary">{ text::VIEW_PROGRESS }</Link>
            <Link to={Route::Home} classes="btn btn-default">{ text::BACK_HOME }</Link>
        </Page>
    }
}
