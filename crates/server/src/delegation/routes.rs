//! 委托领取 and the pickup voucher: the applicant names a delegate (an authorisation with a
//! number and a 核验码, sent to the delegate by SMS) and may revoke it until the card is
//! collected; the office looks the card up by voucher or authorisation number and marks
//! who collected it.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use reissue_domain::api::ApiError;
use reissue_domain::date::Date;
use reissue_domain::delegation::{
    check_request, may_delegate, refused_at_counter, Authorization, AuthorizationStatus,
    DelegateRequest, PickupBy, COUNTER_CODE_TRIES,
};
use reissue_domain::lifecycle::Status;
use reissue_domain::mask;
use reissue_domain::notify::MessageKind;
use serde::Serialize;

use reissue_domain::identity::Act;

use crate::applications::store::AppRecord;
use crate::clock::{rfc3339, Millis};
use crate::delegation::qr;
use crate::delegation::store::AuthorizationRow;
use crate::http::auth::{random_digits, Admin, Applicant, Holder};
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError};
use crate::identity::card;
use crate::secrets::{matches_digest, salted_digest};
use crate::state::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

const DAY_MS: Millis = 86_400_000;

/// Each authorisation sends an SMS to a number the applicant types: a few a day per
/// application is every honest use (a delegate changed once or twice), and no more can
/// turn the service into a way to send texts to strangers.
const AUTHORIZATIONS_PER_DAY: i64 = 3;

/// An active authorisation whose date has passed is written down as expired, so a new
/// one may be given.
fn settle_expiry(
    conn: &rusqlite::Connection,
    app_number: &str,
    now: Millis,
) -> rusqlite::Result<Option<AuthorizationRow>> {
    let Some(mut latest) = crate::delegation::store::latest_authorization(conn, app_number)? else {
        return Ok(None);
    };
    let now_status = latest.status.at(latest.valid_until_ms, now);
    if now_status != latest.status {
        crate::delegation::store::end_authorization(conn, &latest.number, now_status, now)?;
        latest.status = now_status;
        latest.ended_ms = Some(now);
    }
    Ok(Some(latest))
}

/// Names a delegate for collecting the card at the office: a 委托授权书 valid for the
/// profile's days (and until the card is collected), sent to the delegate's phone.
#[utoipa::path(post, path = "/api/v1/applications/{number}/authorization", tag = "delegation",
    params(("number" = String, Path, description = "申请编号")),
    request_body = DelegateRequest,
    responses((status = 201, body = Authorization),
              (status = 401, body = ApiError),
              (status = 403, description = "`identity_required` (the holder's face check first) or `not_holder`", body = ApiError),
              (status = 404, body = ApiError),
              (status = 409, description = "`delegation_not_offered`, `not_pickup`, `application_over` or `authorization_active` (revoke it first)", body = ApiError),
              (status = 422, body = ApiError),
              (status = 429, description = "`too_many_authorizations`: three a day per application", body = ApiError)))]
pub async fn authorize(
    State(state): State<AppState>,
    who: Holder,
    ApiPath(number): ApiPath<String>,
    ApiJson(req): ApiJson<DelegateRequest>,
) -> ApiResult<(StatusCode, ApiJson<Authorization>)> {
    let st = state.clone();
    let given = state
        .db
        .call(move |conn| -> ApiResult<(AuthorizationRow, String)> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            let app = crate::applications::store::load_own_app(&tx, &number, &who.phone)?;
            who.holds_application(&app.answers)?;
            let rules = st.profile.delegation;
            may_delegate(rules.as_ref(), app.answers.delivery, app.status)
                .map_err(|(code, message)| AppError::conflict(code, message))?;
            let applicant_id = app.answers.id_number.clone().unwrap_or_default();
            let delegate = check_request(&req, &applicant_id, st.clock.today())
                .map_err(AppError::invalid)?;
            if let Some(a) = settle_expiry(&tx, &app.number, now)? {
                if a.status == AuthorizationStatus::Active {
                    return Err(AppError::conflict(
                        "authorization_active",
                        "已经委托了他人代领。要换人，请先撤销现在的委托",
                    ));
                }
            }
            if crate::delegation::store::authorizations_since(&tx, &app.number, now - DAY_MS)? >= AUTHORIZATIONS_PER_DAY {
                return Err(AppError::too_many(
                    "too_many_authorizations",
                    "今天已经委托了多次，请明天再试；急需的话，可以本人领取或拨打咨询电话",
                    3600,
                ));
            }
            let valid_days = rules.map_or(30, |r| r.valid_days);
            let code = random_digits(6);
            let row = AuthorizationRow {
                number: crate::delegation::store::next_authorization_number(&tx, now)?,
                app_number: app.number.clone(),
                delegate,
                code_digest: salted_digest(&code),
                code_tries: 0,
                status: AuthorizationStatus::Active,
                issued_ms: now,
                valid_until_ms: now + i64::from(valid_days) * DAY_MS,
                ended_ms: None,
            };
            crate::delegation::store::insert_authorization(&tx, &row)?;
            let detail = format!(
                "受托人 {}，授权书编号 {}，有效期至 {}",
                mask::name(&row.delegate.name),
                row.number,
                Date::in_china(row.valid_until_ms)
            );
            crate::applications::store::add_authorization_event(&tx, &app, AuthorizationStatus::Active, now, &detail)?;
            let applicant = mask::name(app.answers.name.as_deref().unwrap_or(""));
            let sms = format!(
                "【身份证补领】{applicant} 委托您代领居民身份证，授权书编号 {}。领取时请带上您本人的身份证，出示授权书，并向窗口说出申请人告诉您的核验码。",
                row.number
            );
            crate::sessions::store::record_notice_sms(&tx, &row.delegate.phone, &sms, now)?;
            card::tell(&tx, &applicant_id, Act::NameDelegate, &app.number, &[&app.phone], None, now)?;
            tx.commit()?;
            Ok((row, code))
        })
        .await?;
    let (row, code) = given;
    tracing::info!(number = %row.number, application = %row.app_number, "pickup authorisation given");
    let now = state.clock.now_ms();
    // The code, this once: the applicant tells it to the delegate.
    let answer = Authorization {
        code: Some(code),
        ..row.to_api(now)
    };
    Ok((StatusCode::CREATED, ApiJson(answer)))
}

/// Revokes the active authorisation: the delegate can no longer collect.
#[utoipa::path(post, path = "/api/v1/applications/{number}/authorization/revocation", tag = "delegation",
    params(("number" = String, Path, description = "申请编号")),
    responses((status = 200, body = Authorization),
              (status = 401, body = ApiError),
              (status = 403, description = "`identity_required` or `not_holder`", body = ApiError),
              (status = 404, body = ApiError),
              (status = 409, description = "`no_active_authorization`", body = ApiError)))]
pub async fn revoke(
    State(state): State<AppState>,
    who: Holder,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<ApiJson<Authorization>> {
    let st = state.clone();
    let row = state
        .db
        .call(move |conn| -> ApiResult<AuthorizationRow> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            let app = crate::applications::store::load_own_app(&tx, &number, &who.phone)?;
            who.holds_application(&app.answers)?;
            let mut row = settle_expiry(&tx, &app.number, now)?
                .filter(|a| a.status == AuthorizationStatus::Active)
                .ok_or_else(|| {
                    AppError::conflict("no_active_authorization", "没有正在生效的委托，不用撤销")
                })?;
            crate::delegation::store::end_authorization(
                &tx,
                &row.number,
                AuthorizationStatus::Revoked,
                now,
            )?;
            row.status = AuthorizationStatus::Revoked;
            row.ended_ms = Some(now);
            let detail = format!("授权书编号 {}", row.number);
            crate::applications::store::add_authorization_event(
                &tx,
                &app,
                AuthorizationStatus::Revoked,
                now,
                &detail,
            )?;
            if let Some(card) = app.answers.id_number.as_deref() {
                card::tell(
                    &tx,
                    card,
                    Act::RevokeDelegate,
                    &app.number,
                    &[&app.phone],
                    None,
                    now,
                )?;
            }
            tx.commit()?;
            Ok(row)
        })
        .await?;
    tracing::info!(number = %row.number, "pickup authorisation revoked");
    Ok(ApiJson(row.to_api(state.clock.now_ms())))
}

/// The QR code of the active authorisation's number (`authorization`) or of the pickup
/// voucher (`voucher`), as SVG, for the applicant's own application.
#[utoipa::path(get, path = "/api/v1/applications/{number}/qr/{what}", tag = "delegation",
    params(("number" = String, Path, description = "申请编号"),
           ("what" = String, Path, description = "`authorization` or `voucher`")),
    responses((status = 200, description = "SVG", content_type = "image/svg+xml"),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn qr_code(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath((number, what)): ApiPath<(String, String)>,
) -> ApiResult<Response> {
    let st = state.clone();
    let text = state
        .db
        .call(move |conn| -> ApiResult<Option<String>> {
            let now = st.clock.now_ms();
            let app = crate::applications::store::load_own_app(conn, &number, &who.phone)?;
            Ok(match what.as_str() {
                "authorization" => {
                    crate::delegation::store::latest_authorization(conn, &app.number)?
                        .filter(|a| {
                            a.status.at(a.valid_until_ms, now) == AuthorizationStatus::Active
                        })
                        .map(|a| a.number)
                }
                "voucher" if app.status == Status::ReadyForPickup => app.voucher,
                _ => None,
            })
        })
        .await?;
    let svg = text
        .and_then(|t| qr::svg(&t))
        .ok_or_else(|| AppError::not_found("没有可显示的二维码"))?;
    Ok((
        [
            (CONTENT_TYPE, "image/svg+xml"),
            (CACHE_CONTROL, "private, no-store"),
        ],
        svg,
    )
        .into_response())
}

/// A delegate at the counter, as the officer sees them: their numbers masked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CounterDelegate {
    pub authorization: String,
    pub status: AuthorizationStatus,
    pub status_label: String,
    pub name: String,
    pub id_number: String,
    pub valid_until: String,
}

/// What the officer needs at the counter to hand a card over.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PickupCheck {
    pub number: String,
    pub status: Status,
    pub status_label: String,
    pub applicant_name: String,
    /// Masked.
    pub applicant_id_number: String,
    pub office: Option<String>,
    /// The application's latest authorisation, in its state now.
    pub delegate: Option<CounterDelegate>,
}

fn pickup_check(
    conn: &rusqlite::Connection,
    st: &AppState,
    app: &AppRecord,
    now: Millis,
) -> rusqlite::Result<PickupCheck> {
    let delegate = crate::delegation::store::latest_authorization(conn, &app.number)?.map(|a| {
        let status = a.status.at(a.valid_until_ms, now);
        CounterDelegate {
            authorization: a.number.clone(),
            status,
            status_label: status.label().to_string(),
            name: a.delegate.name.clone(),
            id_number: mask::id_number(&a.delegate.id_number),
            valid_until: rfc3339(a.valid_until_ms),
        }
    });
    Ok(PickupCheck {
        number: app.number.clone(),
        status: app.status,
        status_label: app.status.label().to_string(),
        applicant_name: app.answers.name.clone().unwrap_or_default(),
        applicant_id_number: mask::id_number(app.answers.id_number.as_deref().unwrap_or("")),
        office: app
            .answers
            .office_id
            .as_deref()
            .and_then(|id| st.profile.offices.iter().find(|o| o.id == id))
            .map(|o| o.name.clone()),
        delegate,
    })
}

/// The counter's look-up: a 领证凭证 number or a 授权书 number (either one the person in
/// front of the officer shows, by QR code or on paper).
#[utoipa::path(get, path = "/api/v1/admin/pickups", tag = "admin",
    security(("admin_token" = [])),
    params(("q" = String, Query, description = "领证凭证号 or 授权书编号")),
    responses((status = 200, body = PickupCheck),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn admin_lookup(
    State(state): State<AppState>,
    _: Admin,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<ApiJson<PickupCheck>> {
    let q = query
        .get("q")
        .map(|q| q.trim().to_ascii_uppercase())
        .unwrap_or_default();
    let st = state.clone();
    let check = state
        .db
        .call(move |conn| -> ApiResult<PickupCheck> {
            let now = st.clock.now_ms();
            let number = match crate::delegation::store::app_number_by_voucher(conn, &q)? {
                Some(n) => Some(n),
                None => crate::delegation::store::authorization_by_number(conn, &q)?
                    .map(|a| a.app_number),
            };
            let app = match number {
                Some(n) => crate::applications::store::load_app(conn, &n)?,
                None => None,
            }
            .ok_or_else(|| AppError::not_found("没有找到，请核对领证凭证号或授权书编号"))?;
            Ok(pickup_check(conn, &st, &app, now)?)
        })
        .await?;
    Ok(ApiJson(check))
}

/// The card handed over at the counter: to the applicant, or to the delegate of an
/// authorisation in force who gave its 核验码. Refused for a revoked, used or expired
/// authorisation, and for a wrong code.
#[utoipa::path(post, path = "/api/v1/admin/applications/{number}/pickup", tag = "admin",
    security(("admin_token" = [])),
    params(("number" = String, Path, description = "申请编号")),
    request_body(content = PickupBy, description = "`{\"by\":\"applicant\"}` or `{\"by\":\"delegate\",\"authorization\":…,\"code\":…}`"),
    responses((status = 200, body = PickupCheck),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, description = "Not ready for pickup; `authorization_revoked`, `authorization_used` or `authorization_expired`", body = ApiError),
              (status = 422, description = "`code`: the 核验码 does not match (the fifth wrong one voids the authorisation: 409 `authorization_revoked`)", body = ApiError)))]
pub async fn admin_pickup(
    State(state): State<AppState>,
    officer: Admin,
    ApiPath(number): ApiPath<String>,
    ApiJson(by): ApiJson<PickupBy>,
) -> ApiResult<ApiJson<PickupCheck>> {
    let st = state.clone();
    // A wrong code is counted even though the request fails: committed, then answered.
    let outcome = state
        .db
        .call(move |conn| -> ApiResult<ApiResult<PickupCheck>> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            let mut app = crate::applications::store::load_app(&tx, &number)?
                .ok_or_else(|| AppError::not_found("找不到该办件"))?;
            let detail = match &by {
                PickupBy::Applicant => "申请人本人领取".to_string(),
                PickupBy::Delegate {
                    authorization,
                    code,
                } => {
                    let a = crate::delegation::store::authorization_by_number(
                        &tx,
                        authorization.trim(),
                    )?
                    .filter(|a| a.app_number == app.number)
                    .ok_or_else(|| AppError::not_found("这份授权书不是这张证件的，请核对"))?;
                    let status = a.status.at(a.valid_until_ms, now);
                    if let Some((code, message)) = refused_at_counter(status) {
                        return Err(AppError::conflict(code, message));
                    }
                    if !matches_digest(code.trim(), &a.code_digest) {
                        let refused = wrong_code(&tx, &app, &a, now)?;
                        tx.commit()?;
                        return Ok(Err(refused));
                    }
                    crate::delegation::store::end_authorization(
                        &tx,
                        &a.number,
                        AuthorizationStatus::Used,
                        now,
                    )?;
                    format!(
                        "由受托人 {}（身份证 {}）代领，授权书编号 {}",
                        mask::name(&a.delegate.name),
                        mask::id_number(&a.delegate.id_number),
                        a.number
                    )
                }
            };
            crate::applications::store::transition(
                &tx,
                &mut app,
                Status::PickedUp,
                now,
                Some(&detail),
            )?;
            // The applicant hears at once that someone else took their card.
            if matches!(by, PickupBy::Delegate { .. }) {
                let key = format!("{}:{}", app.number, MessageKind::AuthorizationUsed.as_str());
                crate::messages::store::add_message(
                    &tx,
                    &app.phone,
                    MessageKind::AuthorizationUsed,
                    &app.number,
                    Some(&detail),
                    &key,
                    now,
                )?;
            }
            crate::applications::store::attribute_events(&tx, &app.number, now, &officer.officer)?;
            let check = pickup_check(&tx, &st, &app, now)?;
            tx.commit()?;
            Ok(Ok(check))
        })
        .await?;
    let check = outcome?;
    tracing::info!(number = %check.number, "card handed over at the counter");
    Ok(ApiJson(check))
}

/// A wrong 核验码 at the counter: counted; at [`COUNTER_CODE_TRIES`] the authorisation
/// is void (someone is guessing) and the applicant is told. The refusal to answer.
fn wrong_code(
    tx: &rusqlite::Connection,
    app: &AppRecord,
    a: &AuthorizationRow,
    now: Millis,
) -> ApiResult<AppError> {
    let tries = crate::delegation::store::count_wrong_code(tx, &a.number)?;
    if tries < COUNTER_CODE_TRIES {
        let left = COUNTER_CODE_TRIES - tries;
        return Ok(AppError::invalid_field(
            "code",
            "wrong_code",
            &format!("核验码不对。请受托人向申请人确认 6 位核验码（还可以再试 {left} 次）"),
        ));
    }
    crate::delegation::store::end_authorization(tx, &a.number, AuthorizationStatus::Revoked, now)?;
    let detail = format!(
        "授权书编号 {} 的核验码在窗口连续输错 {COUNTER_CODE_TRIES} 次，这份委托已作废",
        a.number
    );
    crate::applications::store::add_authorization_event(
        tx,
        app,
        AuthorizationStatus::Revoked,
        now,
        &detail,
    )?;
    let key = format!("{}:code-void", a.number);
    crate::messages::store::add_message(
        tx,
        &app.phone,
        MessageKind::CardActivity,
        &app.number,
        Some(&detail),
        &key,
        now,
    )?;
    tracing::warn!(authorization = %a.number, "authorisation void: too many wrong codes at the counter");
    Ok(AppError::conflict(
        "authorization_revoked",
        "核验码输错次数过多，这份委托已作废，已通知申请人。请申请人本人来领取，或重新委托",
    ))
}

/// The delegate's full ID number, for the officer to compare with the card in the
/// delegate's hand. Each look is logged with the authorisation's number and the officer
/// (never the number itself), like the applicant's.
#[utoipa::path(get, path = "/api/v1/admin/pickups/{authorization}/id-number", tag = "admin",
    security(("admin_token" = [])),
    params(("authorization" = String, Path, description = "授权书编号")),
    responses((status = 200, body = crate::officer::routes::AdminIdNumber),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn admin_delegate_id(
    State(state): State<AppState>,
    admin: Admin,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<Response> {
    let lookup = number.trim().to_ascii_uppercase();
    let found = state
        .db
        .call(move |c| crate::delegation::store::authorization_by_number(c, &lookup))
        .await?
        .ok_or_else(|| AppError::not_found("没有找到这份授权书"))?;
    tracing::info!(officer = %admin.officer, authorization = %found.number, "officer viewed the delegate's full ID number");
    Ok((
        [(CACHE_CONTROL, "private, no-store")],
        ApiJson(crate::officer::routes::AdminIdNumber {
            id_number: found.delegate.id_number,
        }),
    )
        .into_response())
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(authorize))
        .routes(routes!(revoke))
        .routes(routes!(qr_code))
        .routes(routes!(admin_lookup))
        .routes(routes!(admin_delegate_id))
        .routes(routes!(admin_pickup))
}
