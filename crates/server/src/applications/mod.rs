//! Submitted applications: submit, read, resubmit, correct, cancel, pay, track; the
//! temporary card made beside one.

pub mod routes;
pub mod store;
pub mod temporary_card;

use crate::clock::Millis;
use crate::flows;
use crate::http::auth;
use crate::http::auth::Applicant;
use crate::http::error::{ApiResult, AppError};
use crate::jobs::deadlines;
use crate::population::{checked_card_photo, verdict_for};
use crate::state::AppState;
use crate::vendors::{Flow, FlowKind};
use reissue_domain::api::{ApplicationDetail, FlowStart, Reason, Resubmission};
use reissue_domain::flow::FlowState;
use reissue_domain::lifecycle::Status;
use reissue_domain::payment::EXPIRED_DETAIL;
use reissue_domain::{submission, validate, Field};
use rusqlite::Transaction;
use store::AppRecord;

/// Resubmits rejected application `number` with the corrections in `req` (and the
/// draft's photos and face check where those were asked for).
pub fn resubmit(
    tx: &Transaction,
    st: &AppState,
    who: &Applicant,
    number: &str,
    req: Resubmission,
    now: Millis,
) -> ApiResult<ApplicationDetail> {
    let mut app = store::load_own_app(tx, number, &who.phone)?;
    app.status.transition(Status::Resubmitted)?;
    let asked = app.asked_to_fix();
    let draft = crate::drafts::store::load_draft(tx, &who.phone)?;
    let (fix, mut errors) = submission::correct(
        &asked,
        &app.answers,
        &app.photos,
        &req.form,
        draft.as_ref().map(|d| &d.photos),
        &st.rules(),
    );
    if fix.needs_face_check {
        let check = flows::face_check_for(tx, &who.phone, &fix.answers, Some(number))?;
        if !submission::liveness_fresh(&check, now) {
            errors.push(submission::required(Field::Liveness));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    app.fees = submission::fees_for(&st.profile, &fix.answers);
    app.answers = fix.answers;
    app.photos = fix.photos;
    app.rejection = None;
    store::transition(tx, &mut app, Status::Resubmitted, now, None)?;
    if !fix.taken_from_draft.is_empty() {
        crate::drafts::store::update_draft(tx, &who.phone, now, |d| {
            for slot in &fix.taken_from_draft {
                d.photos.set(*slot, None);
            }
            Ok::<_, rusqlite::Error>(())
        })?;
    }
    let detail = store::detail(tx, &app, &st.profile, now)?;
    Ok(detail)
}

/// Submits `who`'s draft under idempotency `key`: the application made with that key
/// already (false), or a new one (true) once every check passes again here.
pub fn submit(
    tx: &Transaction,
    st: &AppState,
    who: &Applicant,
    key: &str,
    now: Millis,
) -> ApiResult<(bool, AppRecord)> {
    if let Some(app) = store::app_by_idempotency_key(tx, &who.phone, key)? {
        return Ok((false, app));
    }
    let mut draft = crate::drafts::store::load_draft(tx, &who.phone)?
        .ok_or_else(|| AppError::not_found("没有可提交的申请，请先填写"))?;
    let profile = &st.profile;
    // Freshness is judged on the check that vouches for this very name and number,
    // not on the draft's copy of the last one that passed.
    draft.liveness = flows::face_check_for(tx, &who.phone, &draft.form, None)?;
    let mut errors = submission::missing_before_submit(&draft, profile, &st.rules(), now);
    // The register decides, whatever the page was told earlier: it may have
    // changed since, and a page can be bypassed.
    let today = st.clock.today();
    let verdict = verdict_for(tx, &draft.form, profile, today)?;
    errors.extend(verdict.to_check(profile).reasons);
    let card_photo = match &draft.card_photo {
        Some(choice) if errors.is_empty() => {
            match checked_card_photo(tx, choice, &draft.form, profile, today)? {
                Ok(checked) => Some(checked),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        }
        _ => None,
    };
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let mut answers = validate::normalize_form(&draft.form);
    // The old card's loss report goes with the application, and a stolen card's
    // police receipt given there need not be typed twice: this phone's report
    // only (the person behind it was verified for the card; a report filed
    // elsewhere is nobody's to take by number).
    let report = match answers.id_number.as_deref() {
        Some(id) => {
            crate::loss_reports::store::open_report(tx, id)?.filter(|r| r.phone == who.phone)
        }
        None => None,
    };
    if answers.reason == Some(Reason::Stolen) && answers.police_receipt.is_none() {
        answers.police_receipt = report
            .as_ref()
            .and_then(|r| r.request.police_receipt.clone());
    }
    let app = AppRecord {
        number: store::next_number(tx, now)?,
        phone: who.phone.clone(),
        status: Status::Submitted,
        fees: submission::fees_for(profile, &answers),
        answers,
        photos: draft.photos.clone(),
        card_photo,
        loss_report: report.map(|r| r.number),
        temporary_card: None,
        voucher: None,
        rejection: None,
        tracking_number: None,
        paid_flow: None,
        submitted_ms: now,
        updated_ms: now,
        status_ms: now,
    };
    store::insert_app(tx, &app, key)?;
    store::add_event(tx, &app.number, now, Status::Submitted, None)?;
    crate::drafts::store::delete_draft(tx, &who.phone)?;
    tracing::info!(number = %app.number, "application submitted");
    Ok((true, app))
}

/// Opens a payment of application `number`'s fee with the profile's vendor, or resumes
/// the one already open: only an application awaiting payment, before its deadline.
pub async fn start_payment(
    state: &AppState,
    who: Applicant,
    number: String,
) -> ApiResult<FlowStart> {
    let (phone, n, now) = (who.phone.clone(), number.clone(), state.clock.now_ms());
    // The application, and the payment already open for it (one at a time: another tab
    // or a second tap resumes it).
    let (app, open) = state
        .db
        .call(move |c| -> ApiResult<_> {
            let app = store::load_own_app(c, &n, &phone)?;
            Ok((app, crate::flows::store::open_payment(c, &n, now)?))
        })
        .await?;
    if app.paid_flow.is_some() {
        return Err(AppError::conflict(
            "already_paid",
            "该办件已缴费，无需重复支付",
        ));
    }
    if app.status != Status::AwaitingPayment {
        return Err(AppError::conflict(
            "not_payable",
            format!("办件当前状态为“{}”，现在不需要缴费", app.status.label()),
        ));
    }
    if deadlines::past_due(&state.profile.payment, &app, now) {
        return Err(AppError::conflict("payment_expired", EXPIRED_DETAIL));
    }
    if let Some(flow) = open {
        let action = state.payment.resume(&flow);
        return Ok(FlowStart {
            flow_id: flow.id,
            action,
        });
    }
    let amount = app.fees.total_fen;
    let flow_id = auth::random_hex(16);
    let description = format!("居民身份证补领 {}", app.number);
    let started = state
        .payment
        .start(&flow_id, amount, &description)
        .await
        .map_err(AppError::internal)?;
    let st = state.clone();
    let action = started.action.clone();
    let id = flow_id.clone();
    state
        .db
        .call(move |conn| -> ApiResult<()> {
            let now = st.clock.now_ms();
            crate::flows::store::insert_flow(
                conn,
                &Flow {
                    id,
                    kind: FlowKind::Payment,
                    phone: who.phone.clone(),
                    app_number: Some(number),
                    created_ms: now,
                    expires_ms: now + flows::PAYMENT_TTL_MS,
                    status: FlowState::Pending,
                    reason: None,
                    vendor_token: started.vendor_token,
                    vendor_outcome: None,
                    vendor_outcome_ms: None,
                    actions: Vec::new(),
                    amount_fen: Some(amount),
                    subject: None,
                    for_identity: false,
                },
            )?;
            Ok(())
        })
        .await?;
    Ok(FlowStart { flow_id, action })
}
