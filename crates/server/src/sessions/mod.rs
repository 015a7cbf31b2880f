//! Signing in with an SMS code: the codes, the sessions, and their limits.

pub mod routes;
pub mod store;

use crate::clock::{Millis, DAY_MS};
use crate::http::auth;
use crate::http::client::ClientAddr;
use crate::http::error::{ApiResult, AppError};
use crate::http::limits::{Allowances, Held};
use crate::state::AppState;
use axum::http::StatusCode;
use rand::Rng;
use reissue_domain::api::{CaptchaAnswer, SessionRequest, SmsCodeRequest, SmsCodeResponse};
use reissue_domain::{mask, validate};
use rusqlite::Connection;
use store::CodeSends;

/// Sends a sign-in code to the phone of `req`: within the number's and the client's
/// limits, after a human check where those ask for one.
pub async fn send_code(
    state: &AppState,
    client: ClientAddr,
    req: SmsCodeRequest,
) -> ApiResult<SmsCodeResponse> {
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
        .call(move |c| store::code_sends(c, &p, &r, now - DAY_MS))
        .await?;
    let number_needs_human = number_limits(&sends, now, human_check)?;
    let passed = hold_abuse(state, client, req.captcha.as_ref(), number_needs_human, now).await?;
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32));
    let (p, c) = (phone.clone(), code.clone());
    let st = state.clone();
    state
        .db
        .call(move |conn| -> ApiResult<()> {
            let tx = conn.transaction()?;
            // Again, in the transaction: another request may have sent one meanwhile.
            let sends = store::code_sends(&tx, &p, &requester, now - DAY_MS)?;
            if number_limits(&sends, now, human_check)? && !passed {
                return Err(captcha_required(
                    "这个号码今天收到的验证码较多，为保护号码主人，请先完成安全验证。",
                ));
            }
            store::issue_code(&tx, &p, &code_hash(&p, &c), now, now + CODE_TTL_MS)?;
            // The phone gets the code; the outbox keeps that it was sent, not the code.
            let text = |code: &str| {
                format!("【居民身份证补领】您的验证码为 {code}，5 分钟内有效。如非本人操作，请忽略本短信。")
            };
            store::record_sms(&tx, &p, &requester, &text("******"), now)?;
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
    Ok(SmsCodeResponse {
        cooldown_seconds: (COOLDOWN_MS / 1000) as u32,
        phone_masked: mask::phone(&phone),
        dev_code: state.config.mock.then_some(code),
    })
}

/// Redeems `req`'s code for a session of its phone: one session per phone (signing in
/// again ends the others). A wrong try is stored although the request fails. The phone,
/// the new session's token and when it ends at the latest.
pub async fn sign_in(
    state: &AppState,
    client: ClientAddr,
    req: SessionRequest,
    now: Millis,
) -> ApiResult<(String, String, Millis)> {
    let phone = validate::phone(&req.phone)
        .map_err(|e| AppError::invalid_field("phone", e.code, &e.message))?;
    let code = validate::sms_code(&req.code)
        .map_err(|e| AppError::invalid_field("code", e.code, &e.message))?;
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
                store::end_sessions_of(&tx, &p)?;
                store::insert_session(&tx, &t, &p, now, expires)?;
            }
            tx.commit()?;
            Ok(answer)
        })
        .await?;
    outcome?;
    Ok((phone, token, expires))
}

pub(crate) fn code_hash(phone: &str, code: &str) -> String {
    auth::sha256_hex(format!("sms:{phone}:{code}"))
}

pub(crate) fn captcha_required(message: &str) -> AppError {
    AppError::new(StatusCode::FORBIDDEN, "captcha_required", message)
}

/// The number's limits against one more code from this requester: a minute since their
/// last and ten a day each (429); past the ceiling of all requesters together, the human
/// check (`Ok(true)`: ask for it), or with no human check to ask, the day's end (429).
pub(crate) fn number_limits(sends: &CodeSends, now: Millis, human_check: bool) -> ApiResult<bool> {
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
pub(crate) async fn hold_abuse(
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
    for sent in store::active_codes(tx, phone, now - CODE_TTL_MS, now)? {
        if store::tries_by(tx, sent.id, requester)? < MAX_WRONG_TRIES {
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
        store::use_code(tx, sent.id)?;
        store::retire_codes_of(tx, phone)?;
        return Ok(Ok(()));
    }
    // A wrong guess is a wrong guess at each of them.
    for sent in &open {
        store::count_try_by(tx, sent.id, requester)?;
        let all = sent.wrong_tries + 1;
        store::record_wrong_try(tx, sent.id, all, all >= MAX_WRONG_TRIES_ALL)?;
    }
    Ok(Err(code_refused()))
}

pub const CODE_TTL_MS: i64 = 5 * 60 * 1000;

/// Between two codes to one number asked for by one requester.
pub const COOLDOWN_MS: i64 = 60 * 1000;

pub(crate) fn secs_until(from: i64, to: i64) -> u32 {
    (((to - from).max(0) + 999) / 1000) as u32
}

/// Codes to one number one requester may have asked for within a day.
pub const DAILY_LIMIT: i64 = 10;

/// Codes to one number, whoever asked, within a day before each further one needs the
/// human check: many requesters together cannot bomb a number, nor hold its owner out.
pub const PHONE_DAILY_CEILING: i64 = 30;

pub const MAX_WRONG_TRIES: i64 = 5;

/// Wrong tries after which a code is burned for everyone (many requesters together).
pub const MAX_WRONG_TRIES_ALL: i64 = 20;

/// The one answer to a code that does not open anything: whether none was sent, it
/// expired, was used, burned, or is simply wrong is nobody's business but the SMS
/// reader's (a stranger learns nothing about the number).
pub(crate) fn code_refused() -> AppError {
    AppError::invalid_field(
        "code",
        "code_wrong",
        "验证码不正确或已失效。请核对短信里的 6 位数字，或重新获取验证码",
    )
}
