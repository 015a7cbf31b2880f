use yew::prelude::*;

use crate::components::Page;
use crate::route::Route;
use crate::router::Link;
use crate::text;

#[function_component(NotFound)]
pub fn not_found() -> Html {
    html! {
        <Page title={text::NOT_FOUND_TITLE}>
            <p>{ text::NOT_FOUND_BODY }</p>
            <Link to={Route::Home} classes="btn btn-primary">{ text::BACK_HOME }</Link>
        </Page>
    }
}
