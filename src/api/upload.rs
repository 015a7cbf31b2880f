//! Photo upload through `XMLHttpRequest`: unlike fetch it reports upload progress.

use std::cell::RefCell;
use std::rc::Rc;

use futures_channel::oneshot;
use gloo::events::EventListener;
use reissue_domain::session::SESSION_HEADER;
use reissue_domain::{ApiError as WireError, PhotoMeta, PhotoSlot};
use web_sys::{Blob, XmlHttpRequest};
use yew::Callback;

use super::ApiError;

/// An upload in flight; dropping it does not stop it, [`Upload::cancel`] does.
#[derive(Clone)]
pub struct Upload {
    xhr: XmlHttpRequest,
}

impl PartialEq for Upload {
    fn eq(&self, other: &Self) -> bool {
        self.xhr == other.xhr
    }
}

impl Upload {
    pub fn cancel(&self) {
        let _ = self.xhr.abort();
    }
}

/// Starts the upload; `progress` gets 0..=100. Resolves with the server's verdict.
pub fn upload_photo(
    slot: PhotoSlot,
    body: &Blob,
    progress: Callback<u32>,
) -> Result<
    (
        Upload,
        impl std::future::Future<Output = Result<PhotoMeta, ApiError>>,
    ),
    ApiError,
> {
    let xhr = XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    let url = format!("/api/v1/drafts/current/photos/{}", slot.as_str());
    xhr.open("PUT", &url).map_err(|_| ApiError::Network)?;
    let _ = xhr.set_request_header("Content-Type", "image/jpeg");
    let _ = xhr.set_request_header("Accept", "application/json");
    xhr.set_timeout(120_000);

    let (tx, rx) = oneshot::channel::<Result<PhotoMeta, ApiError>>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let listeners = Rc::new(RefCell::new(Vec::<EventListener>::new()));

    if let Ok(upload) = xhr.upload() {
        listeners
            .borrow_mut()
            .push(EventListener::new(&upload, "progress", move |e| {
                let e: &web_sys::ProgressEvent = wasm_bindgen::JsCast::unchecked_ref(e);
                if e.length_computable() && e.total() > 0.0 {
                    progress.emit(((e.loaded() / e.total()) * 100.0).round() as u32);
                }
            }));
    }
    let finish = {
        let tx = tx.clone();
        move |result: Result<PhotoMeta, ApiError>| {
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(result);
            }
        }
    };
    {
        let xhr2 = xhr.clone();
        let finish = finish.clone();
        listeners
            .borrow_mut()
            .push(EventListener::new(&xhr, "load", move |_| {
                finish(decode(&xhr2));
            }));
    }
    for ev in ["error", "timeout"] {
        let finish = finish.clone();
        listeners
            .borrow_mut()
            .push(EventListener::new(&xhr, ev, move |_| {
                finish(Err(ApiError::Network))
            }));
    }
    {
        // The user pressed 取消: not a network problem, nothing to report.
        let finish = finish.clone();
        listeners
            .borrow_mut()
            .push(EventListener::new(&xhr, "abort", move |_| {
                finish(Err(ApiError::Aborted))
            }));
    }
    xhr.send_with_opt_blob(Some(body))
        .map_err(|_| ApiError::Network)?;
    let handle = Upload { xhr };
    let fut = async move {
        let result = rx.await.unwrap_or(Err(ApiError::Network));
        drop(listeners);
        match &result {
            Ok(_) => crate::api::offline::report_ok(),
            Err(e) => crate::api::offline::report(e),
        }
        result
    };
    Ok((handle, fut))
}

fn decode(xhr: &XmlHttpRequest) -> Result<PhotoMeta, ApiError> {
    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    super::client::note_session_end(
        status,
        xhr.get_response_header(SESSION_HEADER).ok().flatten(),
    );
    if (200..300).contains(&status) {
        return super::json::from_str(&text).map_err(|_| ApiError::Decode);
    }
    if status == 0 {
        return Err(ApiError::Network);
    }
    let wire: Option<WireError> = super::json::from_str(&text).ok();
    Err(super::client::classify(status, wire))
}
