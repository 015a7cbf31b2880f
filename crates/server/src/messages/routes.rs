//! 消息: the applicant's inbox (each message written by the domain's words, linking to
//! its application), marking read; and the mock gateways' outbox for the officer.

use axum::extract::State;
use axum::http::StatusCode;
use reissue_domain::api::ApiError;
use reissue_domain::mask;
use reissue_domain::notify::{self, Inbox, Message, Unread};
use serde::Serialize;

use super::store;
use crate::clock::rfc3339;
use crate::http::auth::{Applicant, Officer};
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError};
use crate::state::AppState;
use store::MessageRow;
use utoipa_axum::{router::OpenApiRouter, routes};

fn to_api(m: &MessageRow, service_phone: &str) -> Message {
    let w = notify::wording(m.kind, &m.app_number, m.detail.as_deref(), service_phone);
    Message {
        id: m.id,
        kind: m.kind,
        title: m.kind.title().to_string(),
        body: w.body,
        application: m.app_number.clone(),
        link: m.kind.link(&m.app_number),
        action: m.kind.action().map(str::to_string),
        created_at: rfc3339(m.created_ms),
        read: m.read,
    }
}

/// The applicant's messages, newest first (the latest 100), with the unread count.
#[utoipa::path(get, path = "/api/v1/messages", tag = "messages",
    responses((status = 200, body = Inbox), (status = 401, body = ApiError)))]
pub async fn list(State(state): State<AppState>, who: Applicant) -> ApiResult<ApiJson<Inbox>> {
    let rows = state
        .db
        .read(move |c| store::messages_of(c, &who.phone))
        .await?;
    let messages: Vec<Message> = rows
        .iter()
        .map(|m| to_api(m, &state.profile.service_phone))
        .collect();
    let unread = messages.iter().filter(|m| !m.read).count() as u32;
    Ok(ApiJson(Inbox { unread, messages }))
}

/// How many of the applicant's messages are unread (the count beside 消息 on 首页).
#[utoipa::path(get, path = "/api/v1/messages/unread", tag = "messages",
    responses((status = 200, body = Unread), (status = 401, body = ApiError)))]
pub async fn unread(State(state): State<AppState>, who: Applicant) -> ApiResult<ApiJson<Unread>> {
    let unread = state
        .db
        .read(move |c| store::unread_of(c, &who.phone))
        .await?;
    Ok(ApiJson(Unread { unread }))
}

/// Marks a message read (again: no change).
#[utoipa::path(post, path = "/api/v1/messages/{id}/read", tag = "messages",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn read(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let now = state.clock.now_ms();
    let found = state
        .db
        .call(move |c| store::mark_read(c, &who.phone, id, now))
        .await?;
    match found {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(AppError::not_found("找不到这条消息")),
    }
}

/// One send as the mock gateway recorded it (phone numbers masked).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutboxEntry {
    pub channel: String,
    pub to: String,
    pub content: String,
    pub sent_at: String,
}

/// What the mock SMS and WeChat gateways sent, newest first (the latest 200).
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin",
    security(("admin_token" = [])),
    responses((status = 200, body = Vec<OutboxEntry>), (status = 401, body = ApiError)))]
pub async fn outbox(
    State(state): State<AppState>,
    _: Officer,
) -> ApiResult<ApiJson<Vec<OutboxEntry>>> {
    let rows = state.db.call(|c| store::outbox(c, 200)).await?;
    Ok(ApiJson(
        rows.into_iter()
            .map(|(channel, to, content, at)| OutboxEntry {
                to: if channel == "sms" {
                    mask::phone(&to)
                } else {
                    to
                },
                channel,
                content,
                sent_at: rfc3339(at),
            })
            .collect(),
    ))
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(unread))
        .routes(routes!(read))
        .routes(routes!(outbox))
}
