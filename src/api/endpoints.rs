//! One typed function per endpoint of `/api/v1` (the contract is `reissue_domain::api`).

use reissue_domain::identity::{IdentityCheck, VerifiedIdentity};
use reissue_domain::loss_report::{LossReport, LossReportRequest, Withdrawal};
use reissue_domain::notify::{Inbox, Unread};
use reissue_domain::photo_order::PhotoOrder;
use reissue_domain::{
    ApplicationDetail, ApplicationSummary, Appointment, AppointmentRequest, Authorization,
    CaptchaAnswer, DayAvailability, DelegateRequest, Draft, DraftUpdate, FlowStart, FlowStatus,
    Health, LivenessStart, Logistics, ParcelLookup, Parcels, RegisterCheck, RegisterQuery,
    Resubmission, ServiceProfile, SessionInfo, SessionRequest, SmsCodeRequest, SmsCodeResponse,
    StartState, SubmitResponse,
};

use super::client::{may_be_signed_in, not_signed_in, session_changed, set_signed_in_here};
use super::{request, ApiError, Method};

const NO_BODY: Option<&()> = None;

pub async fn health() -> Result<Health, ApiError> {
    request(Method::Get, "/api/v1/health", NO_BODY, &[], true).await
}

pub async fn service() -> Result<ServiceProfile, ApiError> {
    request(Method::Get, "/api/v1/service", NO_BODY, &[], true).await
}

pub async fn send_sms_code(
    phone: &str,
    captcha: Option<CaptchaAnswer>,
) -> Result<SmsCodeResponse, ApiError> {
    let body = SmsCodeRequest {
        phone: phone.to_string(),
        captcha,
    };
    // Not retried: a retry could send a second SMS and trip the cooldown.
    request(Method::Post, "/api/v1/sms-codes", Some(&body), &[], false).await
}

/// The mock captcha vendor's answer for a solved slider (mock mode only; a real vendor's
/// SDK gives the same two strings).
pub async fn solve_mock_captcha() -> Result<CaptchaAnswer, ApiError> {
    #[derive(serde::Serialize)]
    struct Solved {
        solved: bool,
    }
    request(
        Method::Post,
        "/mock-vendor/captcha",
        Some(&Solved { solved: true }),
        &[],
        false,
    )
    .await
}

pub async fn sign_in(phone: &str, code: &str) -> Result<SessionInfo, ApiError> {
    let body = SessionRequest {
        phone: phone.to_string(),
        code: code.to_string(),
    };
    let session: SessionInfo =
        request(Method::Post, "/api/v1/sessions", Some(&body), &[], false).await?;
    session_changed(true);
    Ok(session)
}

/// Who is signed in, and for how long still.
pub async fn session() -> Result<SessionInfo, ApiError> {
    request(Method::Get, "/api/v1/sessions/current", NO_BODY, &[], true).await
}

/// More time, asked for when the page warns: like any request, it moves the end (never
/// past the absolute one), and the answer says where to.
pub async fn renew_session() -> Result<SessionInfo, ApiError> {
    let session: SessionInfo = request(
        Method::Post,
        "/api/v1/sessions/current/renewal",
        NO_BODY,
        &[],
        false,
    )
    .await?;
    set_signed_in_here(true);
    Ok(session)
}

pub async fn sign_out() -> Result<(), ApiError> {
    session_changed(false);
    request(
        Method::Delete,
        "/api/v1/sessions/current",
        NO_BODY,
        &[],
        true,
    )
    .await
}

/// `Ok(None)` when signed in without a draft yet.
pub async fn draft() -> Result<Option<Draft>, ApiError> {
    if !may_be_signed_in() {
        return Err(not_signed_in());
    }
    request(Method::Get, "/api/v1/drafts/current", NO_BODY, &[], true).await
}

/// Whether a session is open and, if so, the draft: what the app needs to start. The
/// server answers 200 either way (and clears an ended session's cookies), so a page
/// reloaded after its session ended logs nothing in red.
pub async fn start() -> Result<StartState, ApiError> {
    if !may_be_signed_in() {
        return Ok(StartState {
            signed_in: false,
            draft: None,
        });
    }
    let start: StartState = request(Method::Get, "/api/v1/start", NO_BODY, &[], true).await?;
    set_signed_in_here(start.signed_in);
    Ok(start)
}

pub async fn save_draft(update: &DraftUpdate) -> Result<Draft, ApiError> {
    request(
        Method::Put,
        "/api/v1/drafts/current",
        Some(update),
        &[],
        true,
    )
    .await
}

pub async fn delete_photo(slot: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/drafts/current/photos/{slot}");
    request(Method::Delete, &path, NO_BODY, &[], true).await
}

/// Starts a face check for the draft, or for the correction of `application`.
pub async fn start_liveness(application: Option<&str>) -> Result<FlowStart, ApiError> {
    let body = LivenessStart {
        application: application.map(str::to_string),
    };
    request(
        Method::Post,
        "/api/v1/drafts/current/liveness",
        Some(&body),
        &[],
        false,
    )
    .await
}

/// A face check for a person alone (to act on a card): the vendor comes back to
/// /identity/return.
pub async fn start_identity_check(body: &IdentityCheck) -> Result<FlowStart, ApiError> {
    request(
        Method::Post,
        "/api/v1/identity/liveness",
        Some(body),
        &[],
        false,
    )
    .await
}

/// Whom this session is verified as.
pub async fn identity() -> Result<VerifiedIdentity, ApiError> {
    if !may_be_signed_in() {
        return Err(not_signed_in());
    }
    request(Method::Get, "/api/v1/identity", NO_BODY, &[], true).await
}

pub async fn liveness_status(flow_id: &str) -> Result<FlowStatus, ApiError> {
    let path = format!("/api/v1/liveness/{}", encode(flow_id));
    request(Method::Get, &path, NO_BODY, &[], true).await
}

/// Submits the current draft. The key makes a retry safe: the server answers a repeated
/// key with the application it already created.
pub async fn submit(idempotency_key: &str) -> Result<SubmitResponse, ApiError> {
    let headers = [("Idempotency-Key", idempotency_key)];
    request(
        Method::Post,
        "/api/v1/applications",
        NO_BODY,
        &headers,
        true,
    )
    .await
}

pub async fn applications() -> Result<Vec<ApplicationSummary>, ApiError> {
    if !may_be_signed_in() {
        return Err(not_signed_in());
    }
    request(Method::Get, "/api/v1/applications", NO_BODY, &[], true).await
}

pub async fn application(number: &str) -> Result<ApplicationDetail, ApiError> {
    if !may_be_signed_in() {
        return Err(not_signed_in());
    }
    let path = format!("/api/v1/applications/{}", encode(number));
    request(Method::Get, &path, NO_BODY, &[], true).await
}

pub async fn resubmit(number: &str, body: &Resubmission) -> Result<ApplicationDetail, ApiError> {
    let path = format!("/api/v1/applications/{}/resubmission", encode(number));
    request(Method::Post, &path, Some(body), &[], false).await
}

/// Keeps the corrections of a rejected application until it is resubmitted.
pub async fn save_correction(
    number: &str,
    body: &Resubmission,
) -> Result<ApplicationDetail, ApiError> {
    let path = format!("/api/v1/applications/{}/correction", encode(number));
    request(Method::Put, &path, Some(body), &[], true).await
}

pub async fn cancel(number: &str) -> Result<ApplicationDetail, ApiError> {
    let path = format!("/api/v1/applications/{}/cancellation", encode(number));
    request(Method::Post, &path, NO_BODY, &[], false).await
}

/// 代签收: the applicant's answer to the courier's request.
pub async fn answer_sign_request(
    number: &str,
    approve: bool,
) -> Result<ApplicationDetail, ApiError> {
    let path = format!("/api/v1/applications/{}/sign-request", encode(number));
    let body = reissue_domain::parcel::SignAnswer { approve };
    request(Method::Post, &path, Some(&body), &[], false).await
}

pub async fn start_payment(number: &str) -> Result<FlowStart, ApiError> {
    let path = format!("/api/v1/applications/{}/payment", encode(number));
    request(Method::Post, &path, NO_BODY, &[], false).await
}

pub async fn payment_status(flow_id: &str) -> Result<FlowStatus, ApiError> {
    let path = format!("/api/v1/payments/{}", encode(flow_id));
    request(Method::Get, &path, NO_BODY, &[], true).await
}

pub async fn logistics(number: &str) -> Result<Logistics, ApiError> {
    let path = format!("/api/v1/applications/{}/logistics", encode(number));
    request(Method::Get, &path, NO_BODY, &[], true).await
}

/// 物流进度查询: the parcels sent to `phone`, with the code sent to it (used up).
pub async fn parcels(phone: &str, code: &str) -> Result<Parcels, ApiError> {
    let body = ParcelLookup {
        phone: phone.to_string(),
        code: code.to_string(),
    };
    // Not retried: the code is used up by the first answer.
    request(
        Method::Post,
        "/api/v1/parcels/lookup",
        Some(&body),
        &[],
        false,
    )
    .await
}

/// The latest photo-receipt order for the card the draft names; `None` before any.
pub async fn photo_order() -> Result<Option<PhotoOrder>, ApiError> {
    match request(
        Method::Get,
        "/api/v1/photo-orders/current",
        NO_BODY,
        &[],
        true,
    )
    .await
    {
        Ok(o) => Ok(Some(o)),
        Err(ApiError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Sends the draft's 证件照片 to the detection centre for a receipt.
pub async fn place_photo_order() -> Result<PhotoOrder, ApiError> {
    request(Method::Post, "/api/v1/photo-orders", NO_BODY, &[], false).await
}

/// May this person apply online? The register's answer, asked as soon as the name and
/// ID number are typed.
pub async fn register_check(name: &str, id_number: &str) -> Result<RegisterCheck, ApiError> {
    let body = RegisterQuery {
        name: name.to_string(),
        id_number: id_number.to_string(),
    };
    request(
        Method::Post,
        "/api/v1/register/check",
        Some(&body),
        &[],
        true,
    )
    .await
}

/// The days and places left at one office.
pub async fn availability(office_id: &str) -> Result<Vec<DayAvailability>, ApiError> {
    let path = format!(
        "/api/v1/appointments/availability?office_id={}",
        encode(office_id)
    );
    request(Method::Get, &path, NO_BODY, &[], true).await
}

pub async fn appointments() -> Result<Vec<Appointment>, ApiError> {
    if !may_be_signed_in() {
        return Err(not_signed_in());
    }
    request(Method::Get, "/api/v1/appointments", NO_BODY, &[], true).await
}

/// Books a time, or moves the booking `moving` to it.
pub async fn book(
    body: &AppointmentRequest,
    moving: Option<&str>,
) -> Result<Appointment, ApiError> {
    match moving {
        Some(number) => {
            let path = format!("/api/v1/appointments/{}", encode(number));
            request(Method::Put, &path, Some(body), &[], true).await
        }
        None => request(Method::Post, "/api/v1/appointments", Some(body), &[], false).await,
    }
}

pub async fn cancel_appointment(number: &str) -> Result<Appointment, ApiError> {
    let path = format!("/api/v1/appointments/{}/cancellation", encode(number));
    request(Method::Post, &path, NO_BODY, &[], true).await
}

/// 挂失: recorded at once.
pub async fn report_loss(body: &LossReportRequest) -> Result<LossReport, ApiError> {
    request(Method::Post, "/api/v1/loss-reports", Some(body), &[], false).await
}

pub async fn loss_reports() -> Result<Vec<LossReport>, ApiError> {
    if !may_be_signed_in() {
        return Err(not_signed_in());
    }
    request(Method::Get, "/api/v1/loss-reports", NO_BODY, &[], true).await
}

/// 解挂; `cancel_application` answers the server's question about an open application.
pub async fn withdraw_report(
    number: &str,
    cancel_application: Option<bool>,
) -> Result<LossReport, ApiError> {
    let path = format!("/api/v1/loss-reports/{}/withdrawal", encode(number));
    let body = Withdrawal { cancel_application };
    request(Method::Post, &path, Some(&body), &[], true).await
}

/// 委托领取: a new authorisation for the application's card.
pub async fn authorize(number: &str, body: &DelegateRequest) -> Result<Authorization, ApiError> {
    let path = format!("/api/v1/applications/{}/authorization", encode(number));
    request(Method::Post, &path, Some(body), &[], false).await
}

pub async fn revoke_authorization(number: &str) -> Result<Authorization, ApiError> {
    let path = format!(
        "/api/v1/applications/{}/authorization/revocation",
        encode(number)
    );
    request(Method::Post, &path, NO_BODY, &[], true).await
}

/// The address of an application's QR code (`authorization` or `voucher`), for an `<img>`.
pub fn qr_url(number: &str, what: &str) -> String {
    format!("/api/v1/applications/{}/qr/{what}", encode(number))
}

/// How many messages are unread, for 首页 and 我的办件 (the inbox is not downloaded).
pub async fn unread_messages() -> Result<Unread, ApiError> {
    if !may_be_signed_in() {
        return Err(not_signed_in());
    }
    request(Method::Get, "/api/v1/messages/unread", NO_BODY, &[], true).await
}

/// 消息: the inbox, with the unread count.
pub async fn messages() -> Result<Inbox, ApiError> {
    if !may_be_signed_in() {
        return Err(not_signed_in());
    }
    request(Method::Get, "/api/v1/messages", NO_BODY, &[], true).await
}

pub async fn mark_read(id: i64) -> Result<(), ApiError> {
    let path = format!("/api/v1/messages/{id}/read");
    request(Method::Post, &path, NO_BODY, &[], true).await
}

/// Path segments come from URLs the user can edit: never let one add a path.
fn encode(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}
