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

use yew::prelude::*;

use crate::pages;
use crate::route::Route;
use crate::text;

/// A chunk's pages: the part of the app's switch that lives in it.
pub type Pages = fn(Route) -> Html;

/// A set of pages downloaded together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// 物流进度查询.
    Tracking,
    /// 消息 (the unread count on 首页 stays in the first download).
    Messages,
}

impl Chunk {
    const ALL: [Chunk; 2] = [Chunk::Tracking, Chunk::Messages];

    fn index(self) -> usize {
        self as usize
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

// The split points. With the feature on, the macro turns each into an `async fn` that
// downloads its chunk first; without it they are plain functions in the one bundle.
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(tracking, fallible))]
fn tracking_pages() -> Result<Pages, LoadFailed> {
    Ok(|_| html! { <pages::TrackingPage /> })
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(messages, fallible))]
fn messages_pages() -> Result<Pages, LoadFailed> {
    Ok(|_| html! { <pages::MessagesPage /> })
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

async fn download(chunk: Chunk) -> Result<Pages, LoadFailed> {
    match chunk {
        Chunk::Tracking => split_point!(tracking_pages()),
        Chunk::Messages => split_point!(messages_pages()),
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
            Chunk::Tracking => tracking_pages(),
            Chunk::Messages => messages_pages(),
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

/// Starts downloading the chunk now, for a page the citizen is likely to open next;
/// a failure here is left for the page itself to show.
pub fn prefetch(chunk: Chunk) {
    if loaded(chunk).is_none() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = load(chunk).await;
        });
    }
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
    pub chunk: Chunk,
    pub route: Route,
}

/// The route's page from its chunk: at once when the chunk is in; otherwise 正在加载…
/// while it downloads, and if the download fails, what happened and 重试 (or, after a
/// new release, 刷新页面).
#[function_component(Lazy)]
pub fn lazy(props: &LazyProps) -> Html {
    let chunk = props.chunk;
    // Re-rendered when a download ends; `Some(LoadFailed)` after a failure.
    let failed = use_state(|| None::<LoadFailed>);
    let attempt = use_state(|| 0u32);
    {
        let failed = failed.clone();
        use_effect_with((chunk, *attempt), move |(chunk, _)| {
            let chunk = *chunk;
            if loaded(chunk).is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    failed.set(load(chunk).await.err());
                });
            }
        });
    }
    if let Some(pages) = loaded(chunk) {
        return pages(props.route.clone());
    }
    match *failed {
        None => html! {
            <main class="page" aria-busy="true"><p class="shell-status" role="status">{ text::LOADING }</p></main>
        },
        Some(LoadFailed) if release_replaced() => {
            let reload = Callback::from(|_| {
                let _ = gloo::utils::window().location().reload();
            });
            html! {
                <main class="page">
                    <div class="alert alert-error chunk-error" role="alert">
                        <p>{ text::CHUNK_REPLACED }</p>
                        <button type="button" class="btn btn-primary" onclick={reload}>{ text::RELOAD_PAGE }</button>
                    </div>
                </main>
            }
        }
        Some(LoadFailed) => {
            let retry = {
                let (failed, attempt) = (failed.clone(), attempt.clone());
                Callback::from(move |_| {
                    failed.set(None);
                    attempt.set(*attempt + 1);
                })
            };
            html! {
                <main class="page">
                    <div class="alert alert-error chunk-error" role="alert">
                        <p>{ text::CHUNK_FAILED }</p>
                        <button type="button" class="btn btn-primary" onclick={retry}>{ text::RETRY }</button>
                    </div>
                </main>
            }
        }
    }
}
