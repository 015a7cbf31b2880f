//! The pages that are not in the first download: each chunk is a set of pages the
//! release build splits into a wasm file of its own (feature `split`,
//! `tools/build-split.sh`), fetched the first time one of them is shown or ahead of
//! time. Without the feature (`make dev`, the tests) every page is in the one bundle
//! and a chunk is "loaded" at once.
//!
//! A split point returns a plain function from route to page, so once its chunk is in,
//! every render is a synchronous call into it and Yew mounts the page as it mounts any
//! other: no component is created outside the tree.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::ApiError;
use crate::components::loading_page;
use crate::pages;
use crate::route::Route;
use crate::state::Action;
use crate::text;

/// A chunk's pages: the part of the app's switch that lives in it.
pub type Pages = fn(Route) -> Html;

/// A set of pages downloaded together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// The wizard after 业务须知: 能否在线办理 … 核对信息, 办结 and the vendors' return
    /// pages, fetched while 业务须知 is read. One chunk, not two: its steps share most
    /// of their code, and two chunks cut it into many small shared files, each
    /// compressed on its own (the whole journey downloaded 8 % more).
    Wizard,
    /// 手机验证 alone: where a signed-out visitor to 我的办件 or 消息 (an SMS's link) is
    /// sent first, so that they wait for this page's code, not the whole wizard's.
    Verify,
    /// 我的办件, an application, its 委托授权书, a 挂失回执 (beside 我的挂失), 消息.
    Mine,
    /// 挂失 and 急需用证怎么办.
    Loss,
    /// 预约窗口办理.
    Window,
    /// 物流进度查询.
    Tracking,
}

impl Chunk {
    const ALL: [Chunk; 6] = [
        Chunk::Wizard,
        Chunk::Verify,
        Chunk::Mine,
        Chunk::Loss,
        Chunk::Window,
        Chunk::Tracking,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// The chunk's name in the build: its split point's module (the macro's first
    /// argument below), in tools/chunk-pages.json (which index.html's early script reads
    /// to download a deep link's chunk) and in the map of files it prefetches from.
    pub fn name(self) -> &'static str {
        match self {
            Chunk::Wizard => "wizard",
            Chunk::Verify => "verify",
            Chunk::Mine => "mine",
            Chunk::Loss => "loss",
            Chunk::Window => "window",
            Chunk::Tracking => "tracking",
        }
    }

    /// The chunk that holds the route's page; `None` for the pages of the first
    /// download (首页, 业务须知, 页面不存在).
    pub fn of(route: &Route) -> Option<Chunk> {
        Some(match route {
            Route::Home | Route::Notice | Route::NotFound => return None,
            Route::Eligibility
            | Route::Window
            | Route::Form
            | Route::Photos
            | Route::CardPhoto
            | Route::Liveness
            | Route::LivenessReturn
            | Route::IdentityReturn
            | Route::Review
            | Route::Done { .. }
            | Route::PaymentReturn => Chunk::Wizard,
            Route::Verify => Chunk::Verify,
            Route::Applications
            | Route::Application { .. }
            | Route::Authorization { .. }
            | Route::LossReceipt { .. }
            | Route::Messages => Chunk::Mine,
            Route::LossReport | Route::Urgent => Chunk::Loss,
            Route::Appointment => Chunk::Window,
            Route::Tracking => Chunk::Tracking,
        })
    }
}

/// A chunk's download failed (the network, or a file a newer release replaced).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadFailed;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for LoadFailed {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        LoadFailed
    }
}

// The split points, one per chunk: each gives the chunk's part of the app's switch.
// With the feature on, the macro turns each into an `async fn` that downloads its
// chunk first; without it they are plain functions in the one bundle.
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(wizard, fallible))]
fn wizard_pages() -> Result<Pages, LoadFailed> {
    Ok(|route| match route {
        Route::Eligibility => html! { <pages::EligibilityPage /> },
        Route::Window => html! { <pages::EligibilityPage window=true /> },
        Route::Form => html! { <pages::FormPage /> },
        Route::Photos => html! { <pages::Photos /> },
        Route::CardPhoto => html! { <pages::CardPhoto /> },
        Route::Liveness => html! { <pages::Liveness /> },
        Route::LivenessReturn => html! { <pages::LivenessReturn /> },
        Route::IdentityReturn => html! { <pages::IdentityReturn /> },
        Route::Review => html! { <pages::Review /> },
        Route::Done { number } => html! { <pages::Done {number} /> },
        Route::PaymentReturn => html! { <pages::PaymentReturn /> },
        _ => html! { <pages::NotFound /> },
    })
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(verify, fallible))]
fn verify_pages() -> Result<Pages, LoadFailed> {
    Ok(|_| html! { <pages::Verify /> })
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(mine, fallible))]
fn mine_pages() -> Result<Pages, LoadFailed> {
    Ok(|route| match route {
        Route::Applications => html! { <pages::Applications /> },
        Route::Application { number } => html! { <pages::ApplicationPage {number} /> },
        Route::Authorization { number } => html! { <pages::AuthorizationPage {number} /> },
        Route::LossReceipt { number } => html! { <pages::LossReceiptPage {number} /> },
        Route::Messages => html! { <pages::MessagesPage /> },
        _ => html! { <pages::NotFound /> },
    })
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(loss, fallible))]
fn loss_pages() -> Result<Pages, LoadFailed> {
    Ok(|route| match route {
        Route::LossReport => html! { <pages::LossReportPage /> },
        Route::Urgent => html! { <pages::Urgent /> },
        _ => html! { <pages::NotFound /> },
    })
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(window, fallible))]
fn window_pages() -> Result<Pages, LoadFailed> {
    Ok(|_| html! { <pages::AppointmentPage /> })
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(tracking, fallible))]
fn tracking_pages() -> Result<Pages, LoadFailed> {
    Ok(|_| html! { <pages::TrackingPage /> })
}

/// Restores a correction after a reload (`app::boot`): the application's decoding,
/// which nothing else on the first pages needs.
pub type Restore = fn(String) -> Pin<Box<dyn Future<Output = Result<Option<Action>, ApiError>>>>;

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(fix, fallible))]
fn fix_restore() -> Result<Restore, LoadFailed> {
    Ok(|number| Box::pin(restore_fix(number)))
}

/// The correction saved under `number`, if that application still waits for one.
async fn restore_fix(number: String) -> Result<Option<Action>, ApiError> {
    match crate::api::application(&number).await {
        Ok(detail) if detail.status == reissue_domain::Status::Rejected => {
            Ok(Some(Action::StartFix(std::rc::Rc::new(detail))))
        }
        Ok(_) | Err(ApiError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Awaits a split point with the feature on; calls it without.
macro_rules! split_point {
    ($call:expr) => {{
        #[cfg(feature = "split")]
        let pages = $call.await;
        #[cfg(not(feature = "split"))]
        let pages = $call;
        pages
    }};
}

/// The correction's restore, downloaded first in a split build.
pub async fn fix_restorer() -> Result<Restore, LoadFailed> {
    split_point!(fix_restore())
}

async fn download(chunk: Chunk) -> Result<Pages, LoadFailed> {
    match chunk {
        Chunk::Wizard => split_point!(wizard_pages()),
        Chunk::Verify => split_point!(verify_pages()),
        Chunk::Mine => split_point!(mine_pages()),
        Chunk::Loss => split_point!(loss_pages()),
        Chunk::Window => split_point!(window_pages()),
        Chunk::Tracking => split_point!(tracking_pages()),
    }
}

thread_local! {
    /// The chunks already in, by `Chunk::index`.
    static LOADED: RefCell<[Option<Pages>; Chunk::ALL.len()]> = const { RefCell::new([None; Chunk::ALL.len()]) };
}

/// The chunk's pages if they are in: always, in a build without the feature.
fn loaded(chunk: Chunk) -> Option<Pages> {
    #[cfg(not(feature = "split"))]
    {
        // Nothing to wait for: the split points are plain calls.
        let pages = match chunk {
            Chunk::Wizard => wizard_pages(),
            Chunk::Verify => verify_pages(),
            Chunk::Mine => mine_pages(),
            Chunk::Loss => loss_pages(),
            Chunk::Window => window_pages(),
            Chunk::Tracking => tracking_pages(),
        };
        pages.ok()
    }
    #[cfg(feature = "split")]
    LOADED.with(|l| l.borrow()[chunk.index()])
}

/// Downloads the chunk (once; a failed download is tried again on the next call).
pub async fn load(chunk: Chunk) -> Result<Pages, LoadFailed> {
    if let Some(pages) = loaded(chunk) {
        return Ok(pages);
    }
    let pages = download(chunk).await?;
    LOADED.with(|l| l.borrow_mut()[chunk.index()] = Some(pages));
    Ok(pages)
}

/// Downloads the chunk's files into the browser's cache now, for a page the citizen is
/// likely to open next (index.html's early script knows the files). They are compiled
/// only when that page opens: a slow phone's CPU is left to the page being read. A
/// failure here is left for that page to show.
fn prefetch(chunk: Chunk) {
    if loaded(chunk).is_some() {
        return;
    }
    let window = gloo::utils::window();
    if let Ok(download) = js_sys::Reflect::get(&window, &"__reissuePrefetch".into()) {
        if let Some(download) = download.dyn_ref::<js_sys::Function>() {
            let _ = download.call1(&window, &chunk.name().into());
        }
    }
}

/// How long a page is on screen before the chunk it leads to is fetched: the page's own
/// requests go first, and whoever is still there after a second is reading it.
const PREFETCH_AFTER_MS: u32 = 1_000;

/// Downloads `chunk` once the page has been on screen a moment: the pages the citizen
/// will most likely open next, fetched while this one is read.
#[hook]
pub fn use_prefetch(chunk: Chunk) {
    use_effect_with(chunk, |chunk| {
        let chunk = *chunk;
        let timer =
            gloo::timers::callback::Timeout::new(PREFETCH_AFTER_MS, move || prefetch(chunk));
        // Left before then: the chunk comes when its page is opened.
        move || drop(timer)
    });
}

/// Whether the last chunk download found its file gone: the page was opened before a
/// new release replaced the files (index.html's chunk fetcher sets the flag on a 404).
fn release_replaced() -> bool {
    js_sys::Reflect::get(&gloo::utils::window(), &"__reissueChunkGone".into())
        .map(|v| v.is_truthy())
        .unwrap_or(false)
}

#[derive(Properties, PartialEq)]
pub struct LazyProps {
    pub route: Route,
}

/// The route's page from its chunk: at once when the chunk is in; otherwise 正在加载…
/// while it downloads, and if the download fails, what happened and 重试 (or, after a
/// new release, 刷新页面).
#[function_component(Lazy)]
pub fn lazy(props: &LazyProps) -> Html {
    let chunk = Chunk::of(&props.route);
    // Re-rendered when a download ends; `Some(LoadFailed)` after a failure.
    let failed = use_state(|| None::<LoadFailed>);
    let attempt = use_state(|| 0u32);
    {
        let failed = failed.clone();
        use_effect_with((chunk, *attempt), move |(chunk, _)| {
            if let Some(chunk) = chunk.filter(|c| loaded(*c).is_none()) {
                wasm_bindgen_futures::spawn_local(async move {
                    failed.set(load(chunk).await.err());
                });
            }
        });
    }
    let Some(chunk) = chunk else {
        // A page of the first download, shown without a chunk.
        return html! { <pages::NotFound /> };
    };
    if let Some(pages) = loaded(chunk) {
        return pages(props.route.clone());
    }
    if failed.is_none() {
        return loading_page();
    }
    // A file gone means a new release: only a reload brings its files. Otherwise the
    // network failed, and the download is tried again (a failure is not remembered).
    let (message, button, onclick) = if release_replaced() {
        let reload = Callback::from(|_: MouseEvent| {
            let _ = gloo::utils::window().location().reload();
        });
        (text::CHUNK_REPLACED, text::RELOAD_PAGE, reload)
    } else {
        let (failed, attempt) = (failed.clone(), attempt.clone());
        let retry = Callback::from(move |_: MouseEvent| {
            failed.set(None);
            attempt.set(*attempt + 1);
        });
        (text::CHUNK_FAILED, text::RETRY, retry)
    };
    html! {
        <main class="page">
            <div class="alert alert-error chunk-error" role="alert">
                <p>{ message }</p>
                <button type="button" class="btn btn-primary" {onclick}>{ button }</button>
            </div>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every route, one of each (the ones with a parameter with any number).
    fn every_route() -> Vec<Route> {
        let number = "SC2026000001".to_string();
        let mut routes: Vec<Route> = [
            "/",
            "/notice",
            "/eligibility",
            "/window",
            "/verify",
            "/form",
            "/photos",
            "/card-photo",
            "/liveness",
            "/liveness/return",
            "/identity/return",
            "/review",
            "/applications",
            "/payment/return",
            "/appointment",
            "/loss-report",
            "/urgent",
            "/messages",
            "/tracking",
            "/404",
        ]
        .into_iter()
        .map(Route::recognize)
        .collect();
        routes.push(Route::Done {
            number: number.clone(),
        });
        routes.push(Route::Application {
            number: number.clone(),
        });
        routes.push(Route::Authorization { number });
        routes.push(Route::LossReceipt {
            number: "GS20261128000001".to_string(),
        });
        routes
    }

    /// index.html preloads a deep link's chunk by the first segment of its path, from
    /// tools/chunk-pages.json: that file must say what `Chunk::of` says, or a reload
    /// would fetch the wrong chunk (or none) and wait for the right one after the app.
    #[test]
    fn the_deep_link_preload_map_names_each_pages_chunk() {
        let map: std::collections::HashMap<String, String> =
            serde_json::from_str(include_str!("../tools/chunk-pages.json"))
                .expect("tools/chunk-pages.json is a map of path segment to chunk");
        let routes = every_route();
        assert_eq!(
            routes.iter().filter(|r| **r == Route::NotFound).count(),
            1,
            "every path but /404 is a page"
        );
        for route in routes {
            let path = route.to_path();
            let segment = path.split('/').nth(1).unwrap_or_default();
            assert_eq!(
                map.get(segment).map(String::as_str),
                Chunk::of(&route).map(Chunk::name),
                "{path}"
            );
        }
        for chunk in Chunk::ALL {
            assert!(
                map.values().any(|c| c == chunk.name()),
                "{chunk:?} has pages in the map"
            );
        }
    }
}
