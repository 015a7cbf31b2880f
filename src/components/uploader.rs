use std::cell::RefCell;
use std::rc::Rc;

use reissue_domain::{PhotoMeta, PhotoSlot};
use wasm_bindgen::JsCast;
use web_sys::{Blob, HtmlInputElement, Url};
use yew::prelude::*;

use crate::api::{self, ApiError, Upload};
use crate::photo::{self, Prepared};
use crate::text;

#[derive(Properties, PartialEq)]
pub struct UploaderProps {
    pub slot: PhotoSlot,
    pub title: AttrValue,
    pub example: AttrValue,
    /// What the server holds for this slot.
    pub stored: Option<PhotoMeta>,
    #[prop_or_default]
    pub error: Option<String>,
    pub onstored: Callback<PhotoMeta>,
    pub onremoved: Callback<()>,
    /// Called before a picker opens: the page saves the draft first, because the
    /// webview may be killed while the camera is open.
    #[prop_or_default]
    pub onbeforepick: Callback<()>,
    /// A photo of the applicant for the card: the background must be plain. The camera
    /// opens on the rear lens as for any photo: someone else takes it (切勿自拍).
    #[prop_or_default]
    pub portrait: bool,
    /// Its element id, where the page already has the slot's own (`f-<slot>`) for
    /// another control.
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

#[derive(Clone, PartialEq)]
enum State {
    Empty,
    /// The photo is being decoded, checked and re-encoded on the phone.
    Checking,
    /// A check failed: nothing is uploaded until the user retakes the photo or, where
    /// the problem allows it, chooses 仍然上传.
    Blocked(Prepared),
    /// The file could not be read, or the pipeline did not arrive.
    Unreadable(photo::PhotoError),
    Uploading {
        progress: u32,
        upload: Option<Upload>,
    },
    Failed(ApiError),
    /// 删除 failed: the photo is still on the server; 删除 stays offered to try again
    /// (重试 would upload, which is not what the user asked for).
    DeleteFailed(ApiError),
    Stored,
}

/// The preview's object URL, revoked whenever it is replaced and when the uploader goes
/// away, so a retaken 12 MP photo does not stay pinned in memory.
#[derive(Clone, Default)]
struct PreviewUrl(Rc<RefCell<Option<String>>>);

impl PreviewUrl {
    fn replace(&self, blob: Option<&Blob>) -> Option<String> {
        let url = blob.and_then(|b| Url::create_object_url_with_blob(b).ok());
        if let Some(old) = self.0.replace(url.clone()) {
            let _ = Url::revoke_object_url(&old);
        }
        url
    }
}

/// One WeUI uploader cell: example, 拍照 / 从相册选择, preview, checks, progress,
/// 重拍 / 删除.
#[function_component(Uploader)]
pub fn uploader(props: &UploaderProps) -> Html {
    let state = use_state(|| {
        if props.stored.is_some() {
            State::Stored
        } else {
            State::Empty
        }
    });
    // The prepared JPEG stays in memory so a failed upload retries without a re-pick or
    // a second run of the pipeline.
    let picked = use_state(|| None::<Blob>);
    let preview = use_state(|| None::<String>);
    let preview_url = use_memo((), |_| PreviewUrl::default());
    // Each pick gets a number; a slow pipeline run for a photo that has since been
    // replaced must not overwrite the newer one.
    let generation = use_mut_ref(|| 0u32);
    let id = props
        .id
        .as_ref()
        .map(|i| i.to_string())
        .unwrap_or_else(|| format!("f-{}", props.slot.as_str()));
    let camera_ref = use_node_ref();
    let album_ref = use_node_ref();

    {
        let preview_url = preview_url.clone();
        use_effect_with((), move |_| {
            // The pipeline's wasm downloads while the user reads this step.
            photo::warm_up();
            move || drop(preview_url.replace(None))
        });
    }

    let start = {
        let (state, slot, onstored, generation) = (
            state.clone(),
            props.slot,
            props.onstored.clone(),
            generation.clone(),
        );
        Callback::from(move |blob: Blob| {
            // The pick this upload belongs to. A newer pick cancels it; should its answer
            // already be on its way, it must not mark the newer photo stored.
            let this_run = *generation.borrow();
            let progress_state = state.clone();
            let progress = Callback::from(move |p: u32| {
                if let State::Uploading { upload, .. } = &*progress_state {
                    progress_state.set(State::Uploading {
                        progress: p,
                        upload: upload.clone(),
                    });
                }
            });
            match api::upload_photo(slot, &blob, progress) {
                Ok((handle, fut)) => {
                    state.set(State::Uploading {
                        progress: 0,
                        upload: Some(handle),
                    });
                    let (state, onstored, generation) =
                        (state.clone(), onstored.clone(), generation.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        let result = fut.await;
                        if *generation.borrow() != this_run {
                            return;
                        }
                        match result {
                            Ok(meta) => {
                                state.set(State::Stored);
                                onstored.emit(meta);
                            }
                            // 取消 already put the slot back to empty.
                            Err(ApiError::Aborted) => {}
                            Err(e) => state.set(State::Failed(e)),
                        }
                    });
                }
                Err(e) => state.set(State::Failed(e)),
            }
        })
    };

    let onfile = {
        let portrait = props.portrait;
        let (state, picked, preview, preview_url, generation, start) = (
            state.clone(),
            picked.clone(),
            preview.clone(),
            preview_url.clone(),
            generation.clone(),
            start.clone(),
        );
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // Let the same file be chosen again after 删除 or 重拍.
            input.set_value("");
            // A photo still uploading has been replaced: stop sending it, so it does not
            // land on the server after the new one. (One the server already has stays
            // there until the new one is uploaded over it.)
            if let State::Uploading {
                upload: Some(u), ..
            } = &*state
            {
                u.cancel();
            }
            let this_run = {
                let mut g = generation.borrow_mut();
                *g += 1;
                *g
            };
            preview.set(preview_url.replace(None));
            picked.set(None);
            state.set(State::Checking);
            let (state, picked, preview, preview_url, generation, start) = (
                state.clone(),
                picked.clone(),
                preview.clone(),
                preview_url.clone(),
                generation.clone(),
                start.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = photo::prepare(&file).await;
                let result = result.map(|p| if portrait { p.as_portrait() } else { p });
                if *generation.borrow() != this_run {
                    return;
                }
                match result {
                    Ok(prepared) => {
                        // The preview shows what will be sent: upright and downscaled.
                        preview.set(preview_url.replace(Some(&prepared.blob)));
                        picked.set(Some(prepared.blob.clone()));
                        if prepared.verdict.is_ok() {
                            start.emit(prepared.blob);
                        } else {
                            state.set(State::Blocked(prepared));
                        }
                    }
                    Err(e) => state.set(State::Unreadable(e)),
                }
            });
        })
    };
    let open = |node: NodeRef| {
        let before = props.onbeforepick.clone();
        Callback::from(move |_| {
            before.emit(());
            if let Some(input) = node.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let retry = {
        let (picked, start) = (picked.clone(), start.clone());
        Callback::from(move |_| {
            if let Some(blob) = &*picked {
                start.emit(blob.clone());
            }
        })
    };
    let upload_anyway = {
        let (state, start) = (state.clone(), start.clone());
        Callback::from(move |_| {
            if let State::Blocked(p) = &*state {
                if p.verdict.may_upload_anyway() {
                    start.emit(p.blob.clone());
                }
            }
        })
    };
    let cancel = {
        let (state, preview, preview_url) = (state.clone(), preview.clone(), preview_url.clone());
        Callback::from(move |_| {
            if let State::Uploading {
                upload: Some(u), ..
            } = &*state
            {
                u.cancel();
            }
            // Nothing new was stored: show no preview of a photo the server does not have.
            preview.set(preview_url.replace(None));
            state.set(State::Empty);
        })
    };
    let remove = {
        let (state, slot, onremoved, preview, preview_url) = (
            state.clone(),
            props.slot,
            props.onremoved.clone(),
            preview.clone(),
            preview_url.clone(),
        );
        Callback::from(move |_| {
            let (state, onremoved, preview, preview_url) = (
                state.clone(),
                onremoved.clone(),
                preview.clone(),
                preview_url.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::delete_photo(slot.as_str()).await {
                    Ok(()) | Err(ApiError::NotFound(_)) => {
                        preview.set(preview_url.replace(None));
                        state.set(State::Empty);
                        onremoved.emit(());
                    }
                    Err(e) => state.set(State::DeleteFailed(e)),
                }
            });
        })
    };

    let stored = props.stored.is_some()
        && matches!(
            *state,
            State::Stored | State::Empty | State::DeleteFailed(_)
        );
    let errors: Vec<String> = match &*state {
        State::Failed(e) | State::DeleteFailed(e) => vec![e.message()],
        State::Unreadable(e) => vec![e.message().to_string()],
        State::Blocked(p) => p
            .verdict
            .problems
            .iter()
            .map(|p| p.message().to_string())
            .collect(),
        _ => props.error.clone().into_iter().collect(),
    };
    let has_error = !errors.is_empty();
    let error_id = format!("{id}-error");
    html! {
        <section class={classes!("uploader", has_error.then_some("field-error"))} id={id.clone()} tabindex="-1"
            aria-labelledby={format!("{id}-title")} aria-describedby={has_error.then(|| error_id.clone())}>
            <h2 class="uploader-title" id={format!("{id}-title")}>{ props.title.clone() }</h2>
            <p class="hint">{ props.example.clone() }</p>
            if has_error {
                <div class="error-message" id={error_id.clone()} role="alert">
                    { for errors.iter().map(|e| html! {
                        <p><span class="visually-hidden">{ text::ERROR_ICON_LABEL }{ "：" }</span>{ e.clone() }</p>
                    }) }
                </div>
            }
            if let Some(url) = &*preview {
                <img class="uploader-preview" src={url.clone()} alt={format!("{}预览", props.title)} />
            } else if let Some(meta) = &props.stored {
                // After a reload: the copy the server holds (EXIF-free, the applicant's
                // own draft only); the sha256 makes a replaced photo a new URL.
                <img class="uploader-preview" alt={format!("{}预览", props.title)}
                    src={format!("/api/v1/drafts/current/photos/{}?v={}", props.slot.as_str(), &meta.sha256[..meta.sha256.len().min(12)])} />
            }
            {
                match &*state {
                    State::Checking => html! {
                        <p class="hint photo-checking" role="status" aria-live="polite">{ text::PHOTO_CHECKING }</p>
                    },
                    State::Blocked(p) => html! {
                        <div class="photo-blocked">
                            <button type="button" class="btn btn-primary" onclick={open(camera_ref.clone())}>{ text::RETAKE }</button>
                            if p.verdict.may_upload_anyway() {
                                <p class="hint">{ text::PHOTO_UPLOAD_ANYWAY_HINT }</p>
                                <button type="button" class="btn btn-default" onclick={upload_anyway}>{ text::PHOTO_UPLOAD_ANYWAY }</button>
                            } else {
                                <p class="hint">{ text::PHOTO_CANNOT_OVERRIDE }</p>
                            }
                        </div>
                    },
                    State::Uploading { progress, .. } => html! {
                        <div class="progress-wrap">
                            <progress class="progress" max="100" value={progress.to_string()}
                                aria-label={format!("{}{}", props.title, text::UPLOADING)}></progress>
                            <span class="progress-text">{ format!("{} {}%", text::UPLOADING, progress) }</span>
                            <button type="button" class="btn btn-default btn-inline" onclick={cancel}>{ text::CANCEL }</button>
                        </div>
                    },
                    State::Failed(_) if picked.is_some() => html! {
                        <button type="button" class="btn btn-default" onclick={retry}>{ text::RETRY }</button>
                    },
                    _ => html! {},
                }
            }
            if stored {
                <p class="uploaded" role="status"><span aria-hidden="true">{ "✓ " }</span>{ text::UPLOADED }</p>
            }
            <div class="uploader-actions">
                <button type="button" class="btn btn-default btn-half" onclick={open(camera_ref.clone())}>
                    { if stored { text::RETAKE } else { text::TAKE_PHOTO } }
                </button>
                <button type="button" class="btn btn-default btn-half" onclick={open(album_ref.clone())}>{ text::FROM_ALBUM }</button>
                if stored {
                    <button type="button" class="btn btn-warn btn-inline" onclick={remove}>{ text::DELETE }</button>
                }
            </div>
            <input type="file" class="visually-hidden" accept="image/*" capture="environment" tabindex="-1"
                aria-hidden="true" ref={camera_ref} onchange={onfile.clone()} data-slot-input="camera" />
            <input type="file" class="visually-hidden" accept="image/*" tabindex="-1"
                aria-hidden="true" ref={album_ref} onchange={onfile} data-slot-input="album" />
        </section>
    }
}
