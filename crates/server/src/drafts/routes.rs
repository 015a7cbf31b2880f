//! The applicant's one current draft, its photos and its liveness check.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use reissue_domain::api::{
    ApiError, Draft, DraftUpdate, FlowStart, LivenessStart, PhotoMeta, PhotoSlot,
};
use reissue_domain::{submission, validate};

use super::store;
use crate::clock::rfc3339;
use crate::http::auth::Applicant;
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError, OptionalJson};
use crate::http::upload::{JpegUpload, UploadRefused};
use crate::photos;
use crate::photos::photo_path;
use crate::population::checked_card_photo;
use crate::state::AppState;
use reissue_domain::photo::PhotoRefused;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The signed-in applicant's draft: `null` before the first save (no draft yet is a
/// state, not an error, and a browser logs every 404 in red).
#[utoipa::path(get, path = "/api/v1/drafts/current", tag = "draft",
    responses((status = 200, body = Option<Draft>, description = "The draft, or `null` when there is none yet"),
              (status = 401, body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    who: Applicant,
) -> ApiResult<ApiJson<Option<Draft>>> {
    Ok(ApiJson(current_draft(&state, who.phone).await?))
}

/// `phone`'s draft as the applicant sees it, if any.
pub async fn current_draft(state: &AppState, phone: String) -> ApiResult<Option<Draft>> {
    let max_attempts = state.profile.liveness_max_attempts;
    state
        .db
        .read(move |c| -> ApiResult<Option<Draft>> {
            let Some(mut draft) = store::load_draft(c, &phone)? else {
                return Ok(None);
            };
            with_server_answers(c, &phone, &mut draft, max_attempts)?;
            Ok(Some(draft))
        })
        .await
}

/// What the server adds to a draft as it is read: the profile's face-check limit, and
/// this phone's open loss report for the card the form names (another phone's report
/// is not told: a name and number typed prove nothing about whose card it is).
fn with_server_answers(
    conn: &rusqlite::Connection,
    phone: &str,
    draft: &mut Draft,
    max_attempts: u8,
) -> rusqlite::Result<()> {
    draft.liveness.max_attempts = max_attempts;
    let form = validate::normalize_form(&draft.form);
    draft.loss_report = match (form.id_number.as_deref(), form.name.as_deref()) {
        (Some(id), Some(name)) => crate::loss_reports::store::open_report(conn, id)?
            .filter(|r| r.request.name == name && r.phone == phone)
            .map(|r| r.to_ref()),
        _ => None,
    };
    Ok(())
}

/// Saves the draft: only the parts present change (in the form, only the fields
/// present; `""` clears one). Everything present is validated; on any problem nothing
/// is stored and 422 lists the fields.
#[utoipa::path(put, path = "/api/v1/drafts/current", tag = "draft",
    request_body = DraftUpdate,
    responses((status = 200, description = "Saved (normalised)", body = Draft),
              (status = 401, body = ApiError),
              (status = 422, description = "Field errors (a `card_photo` the register refuses too); nothing was saved", body = ApiError)))]
pub async fn put(
    State(state): State<AppState>,
    who: Applicant,
    ApiJson(update): ApiJson<DraftUpdate>,
) -> ApiResult<ApiJson<Draft>> {
    let st = state.clone();
    let draft = state
        .tx(move |tx, now| -> ApiResult<Draft> {
            let (mut draft, ()) = store::update_draft(tx, &who.phone, now, |draft| {
                submission::apply_update(draft, &update, &st.profile, &st.rules())
                    .map_err(AppError::invalid)?;
                // The register says whether the photo chosen may go on the card.
                if let Some(choice) = &update.card_photo {
                    let today = st.clock.today();
                    let checked = checked_card_photo(tx, choice, &draft.form, &st.profile, today)?;
                    draft.card_photo = Some(checked.map_err(|e| AppError::invalid(vec![e]))?);
                }
                Ok::<_, AppError>(())
            })?;
            with_server_answers(tx, &who.phone, &mut draft, st.profile.liveness_max_attempts)?;
            Ok(draft)
        })
        .await?;
    Ok(ApiJson(draft))
}

fn parse_slot(s: &str) -> ApiResult<PhotoSlot> {
    PhotoSlot::parse(s).ok_or_else(|| {
        AppError::not_found("照片位置应为 register_home（户口本首页）、register_self（本人页）、card_photo（证件照片）或 guardian_proof（监护关系证明）")
    })
}

/// Uploads a photo of the household register (`image/jpeg`, at most 2 MiB, short side
/// at least 800 px). EXIF and other metadata are stripped before it is stored.
#[utoipa::path(put, path = "/api/v1/drafts/current/photos/{slot}", tag = "draft",
    params(("slot" = PhotoSlot, Path, description = "register_home | register_self | card_photo | guardian_proof")),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "The JPEG file"),
    responses((status = 200, description = "Stored", body = PhotoMeta),
              (status = 401, body = ApiError),
              (status = 413, description = "Over 2 MiB", body = ApiError),
              (status = 415, description = "Not a JPEG (`not_jpeg`)", body = ApiError),
              (status = 422, description = "`too_small`, `truncated` or `empty`", body = ApiError)))]
pub async fn put_photo(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(slot): ApiPath<String>,
    upload: Result<JpegUpload, UploadRefused>,
) -> ApiResult<ApiJson<PhotoMeta>> {
    let slot = parse_slot(&slot)?;
    let refused = |r: PhotoRefused| photos::refusal(Some(slot), r);
    let JpegUpload(bytes) = upload.map_err(|UploadRefused(r)| refused(r))?;
    let kept = photos::keep(&state, bytes).await?.map_err(refused)?;
    let (meta, replaced) = state
        .tx(move |tx, now| super::set_photo(tx, &who.phone, slot, &kept, now))
        .await?;
    if let Some(old) = replaced {
        photos::forget_if_unused(&state, old).await?;
    }
    Ok(ApiJson(meta))
}

/// The stored (metadata-free) photo, for the applicant's own preview.
#[utoipa::path(get, path = "/api/v1/drafts/current/photos/{slot}", tag = "draft",
    params(("slot" = PhotoSlot, Path, description = "register_home | register_self | card_photo | guardian_proof")),
    responses((status = 200, description = "The JPEG", content_type = "image/jpeg", body = Vec<u8>),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_photo(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(slot): ApiPath<String>,
) -> ApiResult<Response> {
    let slot = parse_slot(&slot)?;
    let draft = state
        .db
        .call(move |c| store::load_draft(c, &who.phone))
        .await?;
    let meta = draft
        .and_then(|d| d.photos.get(slot).cloned())
        .ok_or_else(|| AppError::not_found("还没有上传这张照片"))?;
    let bytes = tokio::fs::read(photo_path(&state.photos_dir, &meta.sha256))
        .await
        .map_err(|_| AppError::not_found("还没有上传这张照片"))?;
    Ok((
        [
            (CONTENT_TYPE, "image/jpeg"),
            (CACHE_CONTROL, "private, no-store"),
        ],
        bytes,
    )
        .into_response())
}

/// Removes a photo from the draft (and the file, when nothing else uses it).
#[utoipa::path(delete, path = "/api/v1/drafts/current/photos/{slot}", tag = "draft",
    params(("slot" = PhotoSlot, Path, description = "register_home | register_self | card_photo | guardian_proof")),
    responses((status = 204, description = "Removed (or was not there)"),
              (status = 401, body = ApiError)))]
pub async fn delete_photo(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(slot): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let slot = parse_slot(&slot)?;
    let st = state.clone();
    state
        .db
        .call(move |conn| -> ApiResult<()> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            let Some(mut draft) = store::load_draft(&tx, &who.phone)? else {
                return Ok(());
            };
            let Some(old) = draft.photos.get(slot).map(|m| m.sha256.clone()) else {
                return Ok(());
            };
            draft.photos.set(slot, None);
            draft.updated_at = rfc3339(now);
            store::save_draft(&tx, &who.phone, &draft, now)?;
            tx.commit()?;
            if !crate::photos::store::photo_in_use(conn, &old)? {
                let _ = std::fs::remove_file(photo_path(&st.photos_dir, &old));
            }
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Starts a liveness check with the profile's vendor, for the draft's name and ID number
/// or, with `application`, for the correction of that rejected application. Needs the
/// separate face-capture consent; at most `liveness_max_attempts` per draft.
#[utoipa::path(post, path = "/api/v1/drafts/current/liveness", tag = "liveness",
    request_body(content = Option<LivenessStart>, description = "Optional; `{}` or no body for the draft"),
    responses((status = 201, description = "Go where `action` says; come back to /liveness/return?flow=…", body = FlowStart),
              (status = 401, body = ApiError),
              (status = 404, description = "No such application of this applicant", body = ApiError),
              (status = 409, description = "`consent_required`, `attempts_exhausted`, or the application is not being corrected", body = ApiError)))]
pub async fn start_liveness(
    State(state): State<AppState>,
    who: Applicant,
    OptionalJson(request): OptionalJson<LivenessStart>,
) -> ApiResult<(StatusCode, ApiJson<FlowStart>)> {
    let start = super::start_liveness(&state, who, request).await?;
    Ok((StatusCode::CREATED, ApiJson(start)))
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get, put))
        .routes(routes!(put_photo, get_photo, delete_photo))
        .routes(routes!(start_liveness))
}
