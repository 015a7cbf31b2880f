//! Signing in with an SMS code.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{AppendHeaders, IntoResponse, Response};
use rand::Rng;
use reissue_domain::api::{
    ApiError, CaptchaAnswer, SessionInfo, SessionRequest, SmsCodeRequest, SmsCodeResponse,
    StartState,
};
use reissue_domain::session::{SessionEnd, SESSION_HEADER};
use reissue_domain::{mask, validate};
use rusqlite::Connection;

use crate::clock::{rfc3339, Millis};
use crate::http::auth::{self, Applicant};
use crate::http::client::ClientAddr;
use crate::http::cookies;
use crate::http::error::{ApiJson, ApiResult, AppError};
use crate::http::limits::{Allowances, Held};
use crate::sessions::store::CodeSends;
use crate::state::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

pub const CODE_TTL_MS: i64 = 5 * 60 * 1000;
/// Between two codes to one number asked for by one requester.
pub const COOLDOWN_MS: i64 = 60 * 1000;
/// Codes to one number one requester may have asked for within a day.
pub const DAILY_LIMIT: i64 = 10;
/// Codes to one number, whoever asked, within a day before each further one needs the
/// human check: many requesters together cannot bomb a number, nor hold its owner out.
pub const PHONE_DAILY_CEILING: i64 = 30;
use crate::clock::DAY_MS;
pub const MAX_WRONG_TRIES: i64 = 5;

fn code_hash(phone: &str, code: &str) -> String {
    auth::sha256_hex(format!("sms:{phone}:{code}"))
}

fn secs_until(from: i64, to: i64) -> u32 {
    (((to - from).max(0) + 999) / 1000) as u32
}

fn captcha_required(message: &str) -> AppError {
    AppError::new(StatusCode::FORBIDDEN, "captcha_required", message)
}

/// The number's limits against one more code from this requester: a minute since their
/// last and ten a day each (429); past the ceiling of all requesters together, the human
/// check (`Ok(true)`: ask for it), or with no human check to ask, the day's end (429).
fn number_limits(sends: &CodeSends, now: Millis, human_check: bool) -> ApiResult<bool> {
    if let Some(last) = sends.my_last_ms.filter(|last| now - last < COOLDOWN_MS) {
        return Err(AppError::too_many(
            "sms_cooldown",
            "验证码已发送，请稍后再获取",
            secs_until(now, last + COOLDOWN_MS),
        ));
    }
    if sends.mine >= DAILY_LIMIT {
        return Err(AppError::too_many(
            "sms_daily_limit",
            "今天获取验证码的次数已达上限，请明天再试，或拨打服务电话",
            secs_until(now, sends.my_first_ms.unwrap_or(now) + DAY_MS),
        ));
    }
    if sends.all < PHONE_DAILY_CEILING {
        return Ok(false);
    }
    if human_check {
        return Ok(true);
    }
    tracing::warn!("sms codes held for a number many asked codes for");
    Err(AppError::too_many(
        "sms_daily_limit",
        "这个号码今天收到的验证码太多，请明天再试，或拨打服务电话",
        secs_until(now, sends.first_ms.unwrap_or(now) + DAY_MS),
    ))
}

/// Before any code goes out: the human check when this client has sent a few already or
/// the number has had many today (whenever a captcha vendor, or the mock one, is there),
/// then this client's and everyone's allowance. `Ok(true)`: the human check was passed.
async fn hold_abuse(
    state: &AppState,
    client: ClientAddr,
    captcha: Option<&CaptchaAnswer>,
    number_needs_human: bool,
    now: Millis,
) -> ApiResult<bool> {
    let (cfg, limits) = (&state.config, &state.sign_in_limits);
    let client_needs_human = limits.needs_human(client.key(), cfg.captcha_after, now);
    let mut passed = false;
    if let Some(check) = state.human_check.as_deref() {
        if client_needs_human || number_needs_human {
            let Some(answer) = captcha else {
                return Err(captcha_required(if number_needs_human {
                    "这个号码今天收到的验证码较多，为保护号码主人，请先完成安全验证。"
                } else {
                    "为防止验证码被滥用，请先完成安全验证。"
                }));
            };
            let verdict = check
                .verify(&answer.ticket, &answer.randstr, client.ip())
                .await
                .unwrap_or_else(|e| {
                    tracing::warn!("human check not verified: {e}");
                    false
                });
            if !verdict {
                return Err(AppError::new(
                    StatusCode::FORBIDDEN,
                    "captcha_wrong",
                    "安全验证未通过或已过期，请重新完成安全验证。",
                ));
            }
            passed = true;
        }
    }
    let secs = |ms: Millis| ((ms + 999) / 1000) as u32;
    let rules = Allowances {
        per_client_hour: cfg.sms_per_client_hour,
        global_per_minute: cfg.sms_global_per_minute,
        captcha_after: cfg.captcha_after,
    };
    limits
        .take(client.key(), &rules, now)
        .map_err(|held| match held {
            Held::Busy(wait) => {
                AppError::too_many("busy", "现在获取验证码的人很多，请稍后再试", secs(wait))
            }
            Held::Client(wait) => {
                tracing::warn!("sms codes held for a client sending many");
                AppError::too_many(
                    "client_limit",
                    "获取验证码的次数太多，请稍后再试，或拨打服务电话",
                    secs(wait),
                )
            }
        })?;
    Ok(passed)
}

/// Sends a 6-digit code (mock: to the outbox table; with `--mock` also in the answer).
#[utoipa::path(post, path = "/api/v1/sms-codes", tag = "session",
    request_body = SmsCodeRequest,
    responses(
        (status = 200, description = "Code sent", body = SmsCodeResponse),
        (status = 422, description = "Not a mainland mobile number", body = ApiError),
        (status = 403, description = "`captcha_required` (this client sent several, or the number had many codes today: solve the human check and send its answer) or `captcha_wrong`", body = ApiError),
        (status = 429, description = "This requester's cooldown (60 s) or daily limit (10) for the number, this client's hourly allowance (`client_limit`), or everyone's (`busy`); see retry_after", body = ApiError)))]
pub async fn send_code(
    State(state): State<AppState>,
    client: ClientAddr,
    ApiJson(req): ApiJson<SmsCodeRequest>,
) -> ApiResult<ApiJson<SmsCodeResponse>> {
    let phone = validate::phone(&req.phone)
        .map_err(|e| AppError::invalid_field("phone", e.code, &e.message))?;
    let now = state.clock.now_ms();
    let requester = client.key().to_string();
    let human_check = state.human_check.is_some();
    // The number's own limits first: a refusal there costs no human check and none of
    // the client's allowance.
    let (p, r) = (phone.clone(), requester.clone());
    let sends = state
        .db
        .call(move |c| crate::sessions::store::code_sends(c, &p, &r, now - DAY_MS))
        .await?;
    let number_needs_human = number_limits(&sends, now, human_check)?;
    let passed = hold_abuse(
        &state,
        client,
        req.captcha.as_ref(),
        number_needs_human,
        now,
    )
    .await?;
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32));
    let (p, c) = (phone.clone(), code.clone());
    let st = state.clone();
    state
        .db
        .call(move |conn| -> ApiResult<()> {
            let tx = conn.transaction()?;
            // Again, in the transaction: another request may have sent one meanwhile.
            let sends = crate::sessions::store::code_sends(&tx, &p, &requester, now - DAY_MS)?;
            if number_limits(&sends, now, human_check)? && !passed {
                return Err(captcha_required(
                    "这个号码今天收到的验证码较多，为保护号码主人，请先完成安全验证。",
                ));
            }
            crate::sessions::store::issue_code(&tx, &p, &code_hash(&p, &c), now, now + CODE_TTL_MS)?;
            // The phone gets the code; the outbox keeps that it was sent, not the code.
            let text = |code: &str| {
                format!("【居民身份证补领】您的验证码为 {code}，5 分钟内有效。如非本人操作，请忽略本短信。")
            };
            crate::sessions::store::record_sms(&tx, &p, &requester, &text("******"), now)?;
            tx.commit()?;
            // The mock phone's screen holds the text (with its code) only where a tester
            // reads it: never in memory on a server as deployed.
            if st.config.mock || st.config.sms_screen {
                st.gateways.deliver(&p, &text(&c), now);
            }
            Ok(())
        })
        .await?;
    tracing::info!("sms code sent to {}", mask::phone(&phone));
    Ok(ApiJson(SmsCodeResponse {
        cooldown_seconds: (COOLDOWN_MS / 1000) as u32,
        phone_masked: mask::phone(&phone),
        dev_code: state.config.mock.then_some(code),
    }))
}

/// Wrong tries after which a code is burned for everyone (many requesters together).
pub const MAX_WRONG_TRIES_ALL: i64 = 20;

/// The one answer to a code that does not open anything: whether none was sent, it
/// expired, was used, burned, or is simply wrong is nobody's business but the SMS
/// reader's (a stranger learns nothing about the number).
fn code_refused() -> AppError {
    AppError::invalid_field(
        "code",
        "code_wrong",
        "验证码不正确或已失效。请核对短信里的 6 位数字，或重新获取验证码",
    )
}

/// Checks `code` against the codes sent to `phone` that still work (any of them: a code
/// someone else asked for since does not take the owner's away) and uses it up when
/// right; the number's other codes then stop working. Wrong tries count per `requester`
/// (a client's address key): after five, that requester's tries at those codes fail,
/// while the owner's still work; after twenty in all a code is burned. The outer error
/// is the database's; the inner one the applicant's, to be answered after the
/// transaction commits (a wrong try must be counted even though the request fails).
pub fn redeem_code(
    tx: &Connection,
    phone: &str,
    code: &str,
    requester: &str,
    now: Millis,
) -> rusqlite::Result<ApiResult<()>> {
    let mut open = Vec::new();
    for sent in crate::sessions::store::active_codes(tx, phone, now - CODE_TTL_MS, now)? {
        if crate::sessions::store::tries_by(tx, sent.id, requester)? < MAX_WRONG_TRIES {
            open.push(sent);
        }
    }
    if open.is_empty() {
        return Ok(Err(code_refused()));
    }
    let given = code_hash(phone, code);
    if let Some(sent) = open
        .iter()
        .find(|sent| auth::same_secret(&sent.code_hash, &given))
    {
        crate::sessions::store::use_code(tx, sent.id)?;
        crate::sessions::store::retire_codes_of(tx, phone)?;
        return Ok(Ok(()));
    }
    // A wrong guess is a wrong guess at each of them.
    for sent in &open {
        crate::sessions::store::count_try_by(tx, sent.id, requester)?;
        let all = sent.wrong_tries + 1;
        crate::sessions::store::record_wrong_try(tx, sent.id, all, all >= MAX_WRONG_TRIES_ALL)?;
    }
    Ok(Err(code_refused()))
}

/// Checks the code and opens a session (cookie `sid`).
#[utoipa::path(post, path = "/api/v1/sessions", tag = "session",
    request_body = SessionRequest,
    responses(
        (status = 201, description = "Signed in; sets the `sid` cookie", body = SessionInfo),
        (status = 422, description = "`code_wrong`, the one answer whether the code is wrong, expired, used, out of tries or was never sent", body = ApiError)))]
pub async fn create(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    uri: Uri,
    ApiJson(req): ApiJson<SessionRequest>,
) -> ApiResult<Response> {
    let phone = validate::phone(&req.phone)
        .map_err(|e| AppError::invalid_field("phone", e.code, &e.message))?;
    let code = validate::sms_code(&req.code)
        .map_err(|e| AppError::invalid_field("code", e.code, &e.message))?;
    let now = state.clock.now_ms();
    let token = auth::random_hex(32);
    let (p, t) = (phone.clone(), auth::sha256_hex(&token));
    let rules = state.config.session_rules();
    let expires = rules.ends_at(now, now);
    // Wrong tries must be stored even though the request fails: commit, then answer.
    let outcome: ApiResult<()> = state
        .db
        .call(move |conn| -> ApiResult<ApiResult<()>> {
            let tx = conn.transaction()?;
            let answer = redeem_code(&tx, &p, &code, &client.key().to_string(), now)?;
            if answer.is_ok() {
                // One session per phone: signing in again ends the others (a lost phone
                // or a shared computer keeps nothing open).
                crate::sessions::store::end_sessions_of(&tx, &p)?;
                crate::sessions::store::insert_session(&tx, &t, &p, now, expires)?;
            }
            tx.commit()?;
            Ok(answer)
        })
        .await?;
    outcome?;
    tracing::info!("signed in: {}", mask::phone(&phone));
    let secure = auth::secure_cookies(&state, &headers, &uri);
    // The cookie lives as long as the session could; the server ends it sooner when idle.
    let max_age = rules.absolute_ms / 1000;
    let name = state.config.session_cookie_name();
    let cookie = cookies::session_cookie(name, &token, max_age, secure);
    let hint = cookies::hint_cookie(true, max_age, secure);
    let end = rules.end(now, expires, now);
    Ok((
        StatusCode::CREATED,
        AppendHeaders([(SET_COOKIE, cookie), (SET_COOKIE, hint)]),
        [(SESSION_HEADER, end.to_header())],
        ApiJson(session_info(&phone, end, now)),
    )
        .into_response())
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/v1/sessions/current", tag = "session",
    responses((status = 200, body = SessionInfo), (status = 401, body = ApiError)))]
pub async fn current(State(state): State<AppState>, who: Applicant) -> ApiJson<SessionInfo> {
    ApiJson(session_info(&who.phone, who.end, state.clock.now_ms()))
}

fn session_info(phone: &str, end: SessionEnd, now: Millis) -> SessionInfo {
    SessionInfo {
        phone_masked: mask::phone(phone),
        expires_at: rfc3339(now + i64::from(end.seconds) * 1000),
        expires_in_seconds: end.seconds,
        last: end.last,
    }
}

/// More time, asked for by the applicant when the page warns that the session is about
/// to end. Any request is activity that moves the end; this one does nothing else, for
/// the page's 继续办理 button. The end never passes the absolute limit.
#[utoipa::path(post, path = "/api/v1/sessions/current/renewal", tag = "session",
    responses((status = 200, body = SessionInfo), (status = 401, body = ApiError)))]
pub async fn renew(State(state): State<AppState>, who: Applicant) -> ApiJson<SessionInfo> {
    current(State(state), who).await
}

/// What the app needs to start, answered 200 whoever asks: whether a session is open
/// and, if so, the draft. A page reloaded after its session ended learns so without a
/// 401 in the console, and the cookies of the ended session are cleared.
#[utoipa::path(get, path = "/api/v1/start", tag = "session",
    responses((status = 200, body = StartState)))]
pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    who: Result<Applicant, AppError>,
) -> ApiResult<Response> {
    let Ok(who) = who else {
        let name = state.config.session_cookie_name();
        let signed_out = StartState {
            signed_in: false,
            draft: None,
        };
        if auth::cookie_value(&headers, name).is_none() {
            return Ok(ApiJson(signed_out).into_response());
        }
        let secure = auth::secure_cookies(&state, &headers, &uri);
        let cookie = cookies::session_cookie(name, "", 0, secure);
        let hint = cookies::hint_cookie(false, 0, secure);
        return Ok((
            AppendHeaders([(SET_COOKIE, cookie), (SET_COOKIE, hint)]),
            ApiJson(signed_out),
        )
            .into_response());
    };
    let draft = crate::drafts::routes::current_draft(&state, who.phone).await?;
    Ok(ApiJson(StartState {
        signed_in: true,
        draft,
    })
    .into_response())
}

/// Signs out, on every device (在所有设备上退出).
#[utoipa::path(delete, path = "/api/v1/sessions/current", tag = "session",
    responses((status = 204, description = "Signed out; the cookie is cleared"), (status = 401, body = ApiError)))]
pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    who: Applicant,
) -> ApiResult<Response> {
    // Every device: one left signed in elsewhere (a lost phone) ends too.
    let phone = who.phone.clone();
    state
        .db
        .call(move |c| crate::sessions::store::end_sessions_of(c, &phone))
        .await?;
    let secure = auth::secure_cookies(&state, &headers, &uri);
    let name = state.config.session_cookie_name();
    let cookie = cookies::session_cookie(name, "", 0, secure);
    let hint = cookies::hint_cookie(false, 0, secure);
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([(SET_COOKIE, cookie), (SET_COOKIE, hint)]),
    )
        .into_response())
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_code))
        .routes(routes!(create))
        .routes(routes!(current, delete))
        .routes(routes!(renew))
        .routes(routes!(start))
}
