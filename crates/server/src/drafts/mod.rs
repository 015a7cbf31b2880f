//! The applicant's one current draft: its answers, its photos and its face check, and a
//! correction asked for by the officer.

pub mod routes;
pub mod store;

use crate::clock::{rfc3339, Millis};
use crate::flows;
use crate::http::auth;
use crate::http::auth::Applicant;
use crate::http::error::{ApiResult, AppError};
use crate::photos::Kept;
use crate::state::AppState;
use crate::vendors::Subject;
use axum::http::StatusCode;
use reissue_domain::api::{FlowStart, LivenessStart, PhotoMeta, PhotoSlot};
use reissue_domain::submission;
use rusqlite::Transaction;

/// Puts photo `kept` in `slot` of `phone`'s draft; the digest it replaced, if another.
pub fn set_photo(
    tx: &Transaction,
    phone: &str,
    slot: PhotoSlot,
    kept: &Kept,
    now: Millis,
) -> ApiResult<(PhotoMeta, Option<String>)> {
    let meta = PhotoMeta {
        width: kept.width,
        height: kept.height,
        bytes: kept.bytes,
        sha256: kept.sha256.clone(),
        uploaded_at: rfc3339(now),
    };
    let (_, old) = store::update_draft(tx, phone, now, |draft| {
        let old = draft.photos.get(slot).map(|m| m.sha256.clone());
        draft.photos.set(slot, Some(meta.clone()));
        Ok::<_, rusqlite::Error>(old)
    })?;
    Ok((meta, old.filter(|old| *old != kept.sha256)))
}

/// Starts the draft's face check (or a correction's, for a rejected application): the
/// face in front of the camera is the applicant's, or the guardian's for a child.
pub async fn start_liveness(
    state: &AppState,
    who: Applicant,
    request: LivenessStart,
) -> ApiResult<FlowStart> {
    let st = state.clone();
    let check = move |draft: &reissue_domain::api::Draft| -> ApiResult<()> {
        submission::may_start_face_check(draft, &st.profile)
            .map_err(|refused| AppError::refusal(StatusCode::CONFLICT, &refused))
    };
    let phone = who.phone.clone();
    let app_number = request.application.clone();
    let (draft, identity) = state
        .db
        .call(move |c| -> ApiResult<_> {
            if let Some(number) = &app_number {
                // Only a rejected application is corrected (the rule of resubmitting).
                crate::applications::store::load_own_app(c, number, &phone)?
                    .status
                    .transition(reissue_domain::Status::Resubmitted)?;
            }
            let draft = store::load_draft(c, &phone)?.unwrap_or_default();
            let identity = flows::identity_to_check(c, &phone, app_number.as_deref())?;
            Ok((draft, identity))
        })
        .await?;
    check(&draft)?;
    let flow_id = auth::random_hex(16);
    // The face in front of the camera: the guardian's, when one applies for a child.
    let face = identity.face_identity();
    let subject = Subject {
        name: face.name.clone(),
        id_number: face.id_number.clone(),
    };
    let started = state
        .liveness
        .start(&flow_id, &subject)
        .await
        .map_err(AppError::internal)?;
    let action = started.action.clone();
    let id = flow_id.clone();
    let digest = flows::identity_digest(&identity);
    state
        .tx(move |tx, now| -> ApiResult<()> {
            store::update_draft(tx, &who.phone, now, |draft| {
                check(draft)?;
                draft.liveness.attempts += 1;
                Ok::<_, AppError>(())
            })?;
            let purpose = match request.application {
                Some(number) => flows::CheckFor::Correction(number),
                None => flows::CheckFor::Draft,
            };
            let flow =
                flows::pending_liveness(id, who.phone.clone(), purpose, started, digest, now);
            crate::flows::store::insert_flow(tx, &flow)?;
            Ok(())
        })
        .await?;
    Ok(FlowStart { flow_id, action })
}
