//! The GB/T 2260 region tree, fetched once when a page first needs it (it is a data
//! file, not compiled into the wasm) and kept for the rest of the visit.

use std::cell::RefCell;
use std::rc::Rc;

use reissue_domain::region::Regions;

use super::{request, ApiError, Method};

thread_local! {
    static CACHE: RefCell<Option<Rc<Regions>>> = const { RefCell::new(None) };
}

/// Served from `static/data/`. A release build names the file by its content hash in a
/// `<meta name="reissue-regions">` (tools/boot-html.mjs), so it is cached for a year.
const REGIONS_URL: &str = "/data/regions.json";

fn regions_url() -> String {
    gloo::utils::document()
        .query_selector(r#"meta[name="reissue-regions"]"#)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_else(|| REGIONS_URL.to_string())
}

pub async fn regions() -> Result<Rc<Regions>, ApiError> {
    if let Some(r) = CACHE.with(|c| c.borrow().clone()) {
        return Ok(r);
    }
    let loaded: Regions = request(Method::Get, &regions_url(), None::<&()>, &[], true).await?;
    let loaded = Rc::new(loaded);
    CACHE.with(|c| *c.borrow_mut() = Some(loaded.clone()));
    Ok(loaded)
}
