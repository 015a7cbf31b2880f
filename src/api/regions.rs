//! The GB/T 2260 region tree, fetched once when a page first needs it (it is a data
//! file, not compiled into the wasm) and kept for the rest of the visit.

use std::cell::RefCell;
use std::rc::Rc;

use reissue_domain::region::Regions;

use super::{request, ApiError, Method};

thread_local! {
    static CACHE: RefCell<Option<Rc<Regions>>> = const { RefCell::new(None) };
}

/// Served by trunk from `static/data/` with the rest of the app.
const REGIONS_URL: &str = "/data/regions.json";

pub async fn regions() -> Result<Rc<Regions>, ApiError> {
    if let Some(r) = CACHE.with(|c| c.borrow().clone()) {
        return Ok(r);
    }
    let loaded: Regions = request(Method::Get, REGIONS_URL, None::<&()>, &[], true).await?;
    let loaded = Rc::new(loaded);
    CACHE.with(|c| *c.borrow_mut() = Some(loaded.clone()));
    Ok(loaded)
}
