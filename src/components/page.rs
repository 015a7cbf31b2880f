use yew::prelude::*;

use super::CareModeSwitch;
use crate::route::Route;
use crate::router::Link;
use crate::state::{Step, WizardContext};
use crate::text;

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub title: AttrValue,
    #[prop_or_default]
    pub step: Option<Step>,
    #[prop_or_default]
    pub back: Option<Route>,
    /// Prefixes the document title with "错误：" while the page shows errors.
    #[prop_or_default]
    pub has_errors: bool,
    #[prop_or_default]
    pub children: Children,
}

/// The frame of every page: back link, step caption, the heading that takes focus when
/// the page opens (so screen readers announce the new step), and the document title.
#[function_component(Page)]
pub fn page(props: &PageProps) -> Html {
    let heading = use_node_ref();
    let wizard = use_context::<WizardContext>();
    let profile = wizard.as_ref().and_then(|w| w.profile.clone());
    let position = props.step.zip(profile.clone()).and_then(|(step, profile)| {
        let guardian = wizard
            .as_ref()
            .is_some_and(|w| crate::state::as_guardian(w, &profile, crate::clock::today()));
        step.position(&profile, guardian)
    });
    let phone = profile.map(|p| p.service_phone.clone());
    {
        let heading = heading.clone();
        use_effect_with(props.title.clone(), move |_| {
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
            gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
        });
    }
    {
        let title = props.title.clone();
        use_effect_with((title, props.has_errors), |(title, has_errors)| {
            set_title(title, *has_errors);
        });
    }
    html! {
        <main class="page">
            <div class="page-top">
                if let Some(back) = props.back.clone() {
                    <nav class="back"><Link to={back} classes="link">{ "‹ " }{ text::BACK }</Link></nav>
                }
                // On every page: the larger mode, and a person to ask.
                <div class="page-tools">
                    <CareModeSwitch compact=true />
                    if let Some(phone) = phone {
                        <a class="call" href={format!("tel:{phone}")}>
                            { text::CALL_US }<span class="visually-hidden">{ format!(" {phone}") }</span>
                        </a>
                    }
                </div>
            </div>
            if let Some((n, of)) = position {
                <p class="caption">{ text::step_caption(n, of) }</p>
            }
            <h1 class="page-title" tabindex="-1" ref={heading}>{ props.title.clone() }</h1>
            { props.children.clone() }
        </main>
    }
}

pub fn set_title(title: &str, has_errors: bool) {
    let prefix = if has_errors {
        text::ERROR_TITLE_PREFIX
    } else {
        ""
    };
    let full = if title == text::SERVICE_TITLE {
        format!("{prefix}{title}")
    } else {
        format!("{prefix}{title} - {}", text::SERVICE_TITLE)
    };
    gloo::utils::document().set_title(&full);
}
