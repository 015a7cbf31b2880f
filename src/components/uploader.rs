use reissue_domain::{PhotoMeta, PhotoSlot};
use wasm_bindgen::JsCast;
use web_sys::{Blob, HtmlInputElement, Url};
use yew::prelude::*;

use crate::api::{self, ApiError, Upload};
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
}

#[derive(Clone, PartialEq)]
enum State {
    Empty,
    Uploading { progress: u32, upload: Option<Upload> },
    Failed(ApiError),
    Stored,
}

/// One WeUI uploader cell: example, 拍照 / 从相册选择, preview, progress, 重拍 / 删除.
#[function_component(Uploader)]
pub fn uploader(props: &UploaderProps) -> Html {
    let state = use_state(|| if props.stored.is_some() { State::Stored } else { State::Empty });
    // The picked file stays in memory so a failed upload retries without a re-pick.
    let picked = use_state(|| None::<Blob>);
    let preview = use_state(|| None::<String>);
    let id = format!("f-{}", props.slot.as_str());
    let camera_ref = use_node_ref();
    let album_ref = use_node_ref();

    let start = {
        let (state, slot, onstored) = (state.clone(), props.slot, props.onstored.clone());
        Callback::from(move |blob: Blob| {
            let progress_state = state.clone();
            let progress = Callback::from(move |p: u32| {
                if let State::Uploading { upload, .. } = &*progress_state {
                    progress_state.set(State::Uploading { progress: p, upload: upload.clone() });
                }
            });
            match api::upload_photo(slot, &blob, progress) {
                Ok((handle, fut)) => {
                    state.set(State::Uploading { progress: 0, upload: Some(handle) });
                    let (state, onstored) = (state.clone(), onstored.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        match fut.await {
                            Ok(meta) => {
                                state.set(State::Stored);
                                onstored.emit(meta);
                            }
                            Err(e) => state.set(State::Failed(e)),
                        }
                    });
                }
                Err(e) => state.set(State::Failed(e)),
            }
        })
    };

    let onfile = {
        let (picked, preview, start) = (picked.clone(), preview.clone(), start.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // Let the same file be chosen again after 删除.
            input.set_value("");
            if let Some(old) = &*preview {
                let _ = Url::revoke_object_url(old);
            }
            let blob: Blob = file.into();
            preview.set(Url::create_object_url_with_blob(&blob).ok());
            picked.set(Some(blob.clone()));
            start.emit(blob);
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
    let cancel = {
        let state = state.clone();
        Callback::from(move |_| {
            if let State::Uploading { upload: Some(u), .. } = &*state {
                u.cancel();
            }
            state.set(State::Empty);
        })
    };
    let remove = {
        let (state, slot, onremoved, preview) =
            (state.clone(), props.slot, props.onremoved.clone(), preview.clone());
        Callback::from(move |_| {
            let (state, onremoved, preview) = (state.clone(), onremoved.clone(), preview.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::delete_photo(slot.as_str()).await {
                    Ok(()) | Err(ApiError::NotFound(_)) => {
                        preview.set(None);
                        state.set(State::Empty);
                        onremoved.emit(());
                    }
                    Err(e) => state.set(State::Failed(e)),
                }
            });
        })
    };

    let stored = props.stored.is_some() && matches!(*state, State::Stored | State::Empty);
    let error = match &*state {
        State::Failed(e) => Some(e.message()),
        _ => props.error.clone(),
    };
    let error_id = format!("{id}-error");
    html! {
        <section class={classes!("uploader", error.is_some().then_some("field-error"))} id={id.clone()} tabindex="-1"
            aria-labelledby={format!("{id}-title")} aria-describedby={error.is_some().then(|| error_id.clone())}>
            <h2 class="uploader-title" id={format!("{id}-title")}>{ props.title.clone() }</h2>
            <p class="hint">{ props.example.clone() }</p>
            if let Some(err) = &error {
                <p class="error-message" id={error_id.clone()} role="alert">
                    <span class="visually-hidden">{ text::ERROR_ICON_LABEL }{ "：" }</span>{ err.clone() }
                </p>
            }
            if let Some(url) = &*preview {
                <img class="uploader-preview" src={url.clone()} alt={format!("{}预览", props.title)} />
            }
            {
                match &*state {
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
