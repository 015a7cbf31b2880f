//! 委托领取: the applicant names a delegate to collect the card, revokes them, and the
//! office checks the delegate at the counter; the printable authorisation's QR codes.

pub mod qr;
pub mod routes;
pub mod store;

use crate::applications::store::AppRecord;
use crate::clock::{rfc3339, Millis};
use crate::state::AppState;
use reissue_domain::date::Date;
use reissue_domain::delegation::{
    check_guardian_pickup, check_request, check_voucher, may_delegate, refused_at_counter,
    AuthorizationStatus, DelegateRequest, PickupBy, COUNTER_CODE_TRIES,
};
use reissue_domain::identity::Act;
use reissue_domain::lifecycle::Status;
use reissue_domain::mask;
use reissue_domain::notify::MessageKind;
use rusqlite::Transaction;
use serde::Serialize;

use crate::http::auth::{random_digits, Holder, Officer};
use crate::http::error::{ApiResult, AppError};
use crate::identity::card;
use crate::secrets::{matches_digest, salted_digest};
use store::AuthorizationRow;

/// Names the delegate of `req` to collect application `number`'s card: the card must be
/// `who`'s, the profile must let a delegate collect it, one active authorisation at a
/// time and a few a day. The 核验码, made here, is returned this once beside the row.
pub fn authorize(
    tx: &Transaction,
    st: &AppState,
    who: &Holder,
    number: &str,
    req: DelegateRequest,
    now: Millis,
) -> ApiResult<(AuthorizationRow, String)> {
    let app = crate::applications::store::load_own_app(tx, number, &who.phone)?;
    who.holds_application(&app.answers)?;
    let rules = st.profile.delegation;
    may_delegate(rules.as_ref(), app.answers.delivery, app.status)
        .map_err(|(code, message)| AppError::conflict(code, message))?;
    let applicant_id = app.answers.id_number.clone().unwrap_or_default();
    let delegate =
        check_request(&req, &applicant_id, st.clock.today()).map_err(AppError::invalid)?;
    if let Some(a) = settle_expiry(tx, &app.number, now)? {
        if a.status == AuthorizationStatus::Active {
            return Err(AppError::conflict(
                "authorization_active",
                "已经委托了他人代领。要换人，请先撤销现在的委托",
            ));
        }
    }
    if store::authorizations_since(tx, &app.number, now - DAY_MS)? >= AUTHORIZATIONS_PER_DAY {
        return Err(AppError::too_many(
            "too_many_authorizations",
            "今天已经委托了多次，请明天再试；急需的话，可以本人领取或拨打咨询电话",
            3600,
        ));
    }
    let valid_days = rules.map_or(30, |r| r.valid_days);
    let code = random_digits(6);
    let row = AuthorizationRow {
        number: store::next_authorization_number(tx, now)?,
        app_number: app.number.clone(),
        delegate,
        code_digest: salted_digest(&code),
        code_tries: 0,
        status: AuthorizationStatus::Active,
        issued_ms: now,
        valid_until_ms: now + i64::from(valid_days) * DAY_MS,
        ended_ms: None,
    };
    store::insert_authorization(tx, &row)?;
    let detail = format!(
        "受托人 {}，授权书编号 {}，有效期至 {}",
        mask::name(&row.delegate.name),
        row.number,
        Date::in_china(row.valid_until_ms)
    );
    crate::applications::store::add_authorization_event(
        tx,
        &app,
        AuthorizationStatus::Active,
        now,
        &detail,
    )?;
    let applicant = mask::name(app.answers.name.as_deref().unwrap_or(""));
    let sms = format!(
        "【身份证补领】{applicant} 委托您代领居民身份证，授权书编号 {}。领取时请带上您本人的身份证和申请人的领证凭证，出示授权书，并向窗口说出申请人告诉您的核验码。",
        row.number
    );
    crate::sessions::store::record_notice_sms(tx, &row.delegate.phone, &sms, now)?;
    card::tell(
        tx,
        &applicant_id,
        Act::NameDelegate,
        &app.number,
        &[&app.phone],
        None,
        now,
    )?;
    Ok((row, code))
}

/// Revokes the active authorisation of application `number` (the card must be `who`'s).
pub fn revoke(
    tx: &Transaction,
    _st: &AppState,
    who: &Holder,
    number: &str,
    now: Millis,
) -> ApiResult<AuthorizationRow> {
    let app = crate::applications::store::load_own_app(tx, number, &who.phone)?;
    who.holds_application(&app.answers)?;
    let mut row = settle_expiry(tx, &app.number, now)?
        .filter(|a| a.status == AuthorizationStatus::Active)
        .ok_or_else(|| {
            AppError::conflict("no_active_authorization", "没有正在生效的委托，不用撤销")
        })?;
    store::end_authorization(tx, &row.number, AuthorizationStatus::Revoked, now)?;
    row.status = AuthorizationStatus::Revoked;
    row.ended_ms = Some(now);
    let detail = format!("授权书编号 {}", row.number);
    crate::applications::store::add_authorization_event(
        tx,
        &app,
        AuthorizationStatus::Revoked,
        now,
        &detail,
    )?;
    if let Some(card) = app.answers.id_number.as_deref() {
        card::tell(
            tx,
            card,
            Act::RevokeDelegate,
            &app.number,
            &[&app.phone],
            None,
            now,
        )?;
    }
    Ok(row)
}

/// Marks application `number`'s card handed over at the counter, to the applicant or to a
/// delegate whose authorisation and 核验码 hold. A wrong code is refused but counted
/// (the outer result commits, the inner one refuses).
pub fn hand_over(
    tx: &Transaction,
    st: &AppState,
    officer: &Officer,
    number: &str,
    by: &PickupBy,
    now: Millis,
) -> ApiResult<ApiResult<PickupCheck>> {
    let mut app = crate::applications::store::load_app(tx, number)?
        .ok_or_else(|| AppError::not_found("找不到该办件"))?;
    let detail = match &by {
        PickupBy::Applicant => "申请人本人领取".to_string(),
        PickupBy::Delegate {
            authorization,
            code,
            voucher,
        } => {
            let a = store::authorization_by_number(tx, authorization.trim())?
                .filter(|a| a.app_number == app.number)
                .ok_or_else(|| AppError::not_found("这份授权书不是这张证件的，请核对"))?;
            let status = a.status.at(a.valid_until_ms, now);
            if let Some((code, message)) = refused_at_counter(status) {
                return Err(AppError::conflict(code, message));
            }
            check_voucher(app.voucher.as_deref(), voucher)
                .map_err(|e| AppError::invalid(vec![e]))?;
            if !matches_digest(code.trim(), &a.code_digest) {
                let refused = wrong_code(tx, &app, &a, now)?;
                return Ok(Err(refused));
            }
            store::end_authorization(tx, &a.number, AuthorizationStatus::Used, now)?;
            format!(
                "由受托人 {}（身份证 {}）代领，授权书编号 {}",
                mask::name(&a.delegate.name),
                mask::id_number(&a.delegate.id_number),
                a.number
            )
        }
        PickupBy::Guardian {
            name,
            id_number,
            proof_checked,
        } => {
            let applicant_id = app.answers.id_number.clone().unwrap_or_default();
            let (name, id) = check_guardian_pickup(
                st.profile.guardian_pickup,
                name,
                id_number,
                *proof_checked,
                &applicant_id,
                st.clock.today(),
            )
            .map_err(|e| match e.code.as_str() {
                "guardian_pickup_not_offered" | "guardian_proof_required" => {
                    AppError::conflict(&e.code, &e.message)
                }
                _ => AppError::invalid(vec![e]),
            })?;
            format!(
                "由监护人 {}（身份证 {}）代领，已核验监护关系证明",
                mask::name(&name),
                mask::id_number(&id)
            )
        }
    };
    crate::applications::store::transition(tx, &mut app, Status::PickedUp, now, Some(&detail))?;
    // The applicant hears at once that someone else took their card.
    if matches!(by, PickupBy::Guardian { .. }) {
        let key = format!("{}:guardian_pickup", app.number);
        crate::messages::store::add_message(
            tx,
            &app.phone,
            MessageKind::CardActivity,
            &app.number,
            Some(&format!("您的新身份证已{detail}")),
            &key,
            now,
        )?;
    }
    if matches!(by, PickupBy::Delegate { .. }) {
        let key = format!("{}:{}", app.number, MessageKind::AuthorizationUsed.as_str());
        crate::messages::store::add_message(
            tx,
            &app.phone,
            MessageKind::AuthorizationUsed,
            &app.number,
            Some(&detail),
            &key,
            now,
        )?;
    }
    crate::applications::store::attribute_events(tx, &app.number, now, &officer.officer)?;
    let check = pickup_check(tx, st, &app, now)?;
    Ok(Ok(check))
}

/// An active authorisation whose date has passed is written down as expired, so a new
/// one may be given.
pub(crate) fn settle_expiry(
    conn: &rusqlite::Connection,
    app_number: &str,
    now: Millis,
) -> rusqlite::Result<Option<AuthorizationRow>> {
    let Some(mut latest) = store::latest_authorization(conn, app_number)? else {
        return Ok(None);
    };
    let now_status = latest.status.at(latest.valid_until_ms, now);
    if now_status != latest.status {
        store::end_authorization(conn, &latest.number, now_status, now)?;
        latest.status = now_status;
        latest.ended_ms = Some(now);
    }
    Ok(Some(latest))
}

pub(crate) fn pickup_check(
    conn: &rusqlite::Connection,
    st: &AppState,
    app: &AppRecord,
    now: Millis,
) -> rusqlite::Result<PickupCheck> {
    let delegate = store::latest_authorization(conn, &app.number)?.map(|a| {
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
        guardian_pickup: st.profile.guardian_pickup,
    })
}

/// A wrong 核验码 at the counter: counted; at [`COUNTER_CODE_TRIES`] the authorisation
/// is void (someone is guessing) and the applicant is told. The refusal to answer.
pub(crate) fn wrong_code(
    tx: &rusqlite::Connection,
    app: &AppRecord,
    a: &AuthorizationRow,
    now: Millis,
) -> ApiResult<AppError> {
    let tries = store::count_wrong_code(tx, &a.number)?;
    if tries < COUNTER_CODE_TRIES {
        let left = COUNTER_CODE_TRIES - tries;
        return Ok(AppError::invalid_field(
            "code",
            "wrong_code",
            &format!("核验码不对。请受托人向申请人确认 6 位核验码（还可以再试 {left} 次）"),
        ));
    }
    store::end_authorization(tx, &a.number, AuthorizationStatus::Revoked, now)?;
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

use crate::clock::DAY_MS;
use reissue_domain::delegation::AUTHORIZATIONS_PER_DAY;

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
    /// Whether a guardian may collect for an applicant who lacks capacity, here.
    pub guardian_pickup: bool,
}
