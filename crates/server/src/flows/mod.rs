//! The state machine of vendor flows: pending → passed | failed | cancelled | expired,
//! decided only by asking the vendor (never by what the browser brings back).

pub mod routes;
pub mod store;

use reissue_domain::api::{FlowState, FlowStatus, FormAnswers, LivenessSummary, ServiceProfile};
use reissue_domain::idcard;
use reissue_domain::identity::{self, Person};
use reissue_domain::lifecycle::Status;
use reissue_domain::submission;
use reissue_domain::validate::normalize_form;
use rusqlite::Connection;

use crate::applications::temporary_card;
use crate::clock::{rfc3339, Millis};
use crate::http::auth::sha256_hex;
use crate::http::error::{ApiResult, AppError};
use crate::population;
use crate::state::AppState;
use crate::vendors::{outcomes, Flow, FlowKind, Started, Verdict};
use axum::http::StatusCode;

pub const LIVENESS_TTL_MS: i64 = 30 * 60 * 1000;
pub const PAYMENT_TTL_MS: i64 = 15 * 60 * 1000;

/// Whom a face check vouches for: the normalised name and ID number of the face (the
/// guardian's, for a child) and the applicant's ID number, digested so that the flow row
/// does not hold another copy of either number.
pub fn identity_digest(form: &FormAnswers) -> String {
    let form = normalize_form(form);
    let face = form.face_identity();
    sha256_hex(format!(
        "{}\n{}\n{}",
        face.name.unwrap_or_default(),
        face.id_number.unwrap_or_default(),
        form.id_number.unwrap_or_default()
    ))
}

/// The identity a face check started now would vouch for: the draft's, or while a
/// rejected application is corrected, its answers with the correction kept so far.
pub fn identity_to_check(
    conn: &Connection,
    phone: &str,
    app_number: Option<&str>,
) -> ApiResult<FormAnswers> {
    Ok(match app_number {
        Some(number) => {
            let app = crate::applications::store::load_own_app(conn, number, phone)?;
            let correction =
                crate::drafts::store::load_correction(conn, number)?.unwrap_or_default();
            app.answers.overlaid(&correction)
        }
        None => {
            crate::drafts::store::load_draft(conn, phone)?
                .unwrap_or_default()
                .form
        }
    })
}

/// The face check that vouches for exactly this identity (for a new application, or for
/// the correction of `app_number`): when it last passed, judged for freshness by the
/// domain like any other.
pub fn face_check_for(
    conn: &Connection,
    phone: &str,
    identity: &FormAnswers,
    app_number: Option<&str>,
) -> rusqlite::Result<LivenessSummary> {
    let at = store::last_face_check(conn, phone, &identity_digest(identity), app_number)?;
    Ok(LivenessSummary {
        passed_at: at.map(rfc3339),
        ..LivenessSummary::default()
    })
}

/// What a face check is for: the draft, the correction of an application, or a person
/// alone (to act on a card).
pub enum CheckFor {
    Draft,
    Correction(String),
    Person,
}

/// A face check the vendor has just started for `phone`, vouching (once passed) for the
/// identity digested in `subject`.
pub fn pending_liveness(
    id: String,
    phone: String,
    purpose: CheckFor,
    started: Started,
    subject: String,
    now: Millis,
) -> Flow {
    let (app_number, for_identity) = match purpose {
        CheckFor::Draft => (None, false),
        CheckFor::Correction(number) => (Some(number), false),
        CheckFor::Person => (None, true),
    };
    Flow {
        id,
        kind: FlowKind::Liveness,
        phone,
        app_number,
        created_ms: now,
        expires_ms: now + LIVENESS_TTL_MS,
        status: FlowState::Pending,
        reason: None,
        vendor_token: started.vendor_token,
        vendor_outcome: None,
        vendor_outcome_ms: None,
        actions: started.actions,
        amount_fen: None,
        subject: Some(subject),
        for_identity,
    }
}

pub fn status_of(flow: &Flow) -> FlowStatus {
    flow.status.to_status(flow.reason.clone())
}

/// Loads a flow of the given kind belonging to `phone`, or 404.
pub async fn own_flow(state: &AppState, id: &str, kind: FlowKind, phone: &str) -> ApiResult<Flow> {
    let flow = settle(state, id).await?;
    match flow {
        Some(f) if f.kind == kind && f.phone == phone => Ok(f),
        _ => Err(AppError::not_found("找不到该核验或支付记录")),
    }
}

/// Brings a pending flow up to date: expires it, or asks the vendor and records the
/// verdict (idempotently: a flow is decided once).
pub async fn settle(state: &AppState, id: &str) -> ApiResult<Option<Flow>> {
    let key = id.to_string();
    let Some(flow) = state.db.call(move |c| store::load_flow(c, &key)).await? else {
        return Ok(None);
    };
    if flow.status != FlowState::Pending {
        return Ok(Some(flow));
    }
    let now = state.clock.now_ms();
    let verdict = if now >= flow.expires_ms && flow.vendor_outcome.is_none() {
        None
    } else {
        let asked = match flow.kind {
            FlowKind::Liveness => state.liveness.confirm(&flow).await,
            FlowKind::Payment => state.payment.confirm(&flow).await,
        };
        match asked {
            Ok(Verdict::Pending) => return Ok(Some(flow)),
            Ok(v) => Some(v),
            Err(e) => {
                tracing::warn!("vendor confirm failed for flow {}: {e}", flow.id);
                return Ok(Some(flow));
            }
        }
    };
    let key = id.to_string();
    let profile = state.profile.clone();
    let updated = state
        .db
        .call(move |c| apply(c, &profile, &key, verdict, now))
        .await?;
    Ok(updated)
}

fn apply(
    conn: &mut rusqlite::Connection,
    profile: &ServiceProfile,
    id: &str,
    verdict: Option<Verdict>,
    now: Millis,
) -> ApiResult<Option<Flow>> {
    let tx = conn.transaction()?;
    let Some(flow) = store::load_flow(&tx, id)? else {
        return Ok(None);
    };
    if flow.status != FlowState::Pending {
        return Ok(Some(flow));
    }
    match verdict {
        None => store::set_flow_status(&tx, id, FlowState::Expired, None, now)?,
        Some(Verdict::Pending) => {}
        Some(Verdict::Cancelled) => {
            store::set_flow_status(&tx, id, FlowState::Cancelled, None, now)?
        }
        Some(Verdict::Failed(reason)) => {
            store::set_flow_status(&tx, id, FlowState::Failed, Some(&reason), now)?
        }
        Some(Verdict::Passed { name, id_number }) => match flow.kind {
            FlowKind::Liveness => {
                // The check counts only for the identity it was started for: a name or
                // number changed while it was open on the vendor's page needs a new one
                // (for a person alone: a newer check on this phone replaced it).
                let current = match flow.for_identity {
                    true => crate::identity::store::person_of_flow(&tx, id)?
                        .map(|p| FormAnswers {
                            name: Some(p.name),
                            id_number: Some(p.id_number),
                            ..FormAnswers::default()
                        })
                        .unwrap_or_default(),
                    false => identity_to_check(&tx, &flow.phone, flow.app_number.as_deref())?,
                };
                let moved_on = flow.subject.as_deref() != Some(identity_digest(&current).as_str());
                let face = current.face_identity();
                let name_differs = matches!((&name, &face.name), (Some(a), Some(b)) if a != b);
                let id_differs = matches!((&id_number, &face.id_number),
                    (Some(a), Some(b)) if idcard::normalize(a) != idcard::normalize(b));
                if moved_on {
                    store::set_flow_status(
                        &tx,
                        id,
                        FlowState::Failed,
                        Some("开始人脸识别后，姓名或公民身份号码有改动，这次识别不能用于新的信息。请重新进行人脸识别"),
                        now,
                    )?;
                } else if name_differs || id_differs {
                    store::set_flow_status(
                        &tx,
                        id,
                        FlowState::Failed,
                        Some("人脸识别结果与填写的姓名或身份号码不一致，请核对后重试"),
                        now,
                    )?;
                } else if flow.for_identity && !population::name_is_registered(&tx, &current)? {
                    // Where the register knows the number, the name must be its own
                    // before the person counts as verified.
                    store::set_flow_status(
                        &tx,
                        id,
                        FlowState::Failed,
                        Some("姓名与公民身份号码的登记信息不一致，请核对后重试"),
                        now,
                    )?;
                } else {
                    store::set_flow_status(&tx, id, FlowState::Passed, None, now)?;
                    if !flow.for_identity {
                        crate::drafts::store::update_draft(&tx, &flow.phone, now, |draft| {
                            draft.liveness.passed_at = Some(rfc3339(now));
                            Ok::<_, rusqlite::Error>(())
                        })?;
                    }
                    // Whoever passed a face check is that person on this phone for a
                    // while: the family's actions on their card take it.
                    if let Some(person) = Person::face_of(&current) {
                        let until = now + identity::VERIFIED_FOR_MS;
                        crate::identity::store::set_verified(&tx, &flow.phone, id, &person, until)?;
                    }
                }
            }
            FlowKind::Payment => {
                store::set_flow_status(&tx, id, FlowState::Passed, None, now)?;
                if let Some(number) = &flow.app_number {
                    if let Some(mut app) = crate::applications::store::load_app(&tx, number)? {
                        let amount = flow.amount_fen.unwrap_or(app.fees.total_fen);
                        if app.paid_flow.is_some() || app.status != Status::AwaitingPayment {
                            // Paid already, or no longer owed: the money goes back.
                            store::record_refund_due(&tx, &flow, number, amount, "重复缴费", now)?;
                            tracing::warn!(flow = %flow.id, number = %number, "payment when nothing was owed: kept for refund");
                        } else {
                            app.paid_flow = Some(flow.id.clone());
                            let detail = format!("已缴纳 {}", submission::yuan(amount));
                            crate::applications::store::transition(
                                &tx,
                                &mut app,
                                Status::Paid,
                                now,
                                Some(&detail),
                            )?;
                            temporary_card::order(profile, &tx, &mut app, now)?;
                        }
                    }
                }
            }
        },
    }
    let updated = store::load_flow(&tx, id)?;
    tx.commit()?;
    if let Some(f) = &updated {
        tracing::info!(
            "flow {} ({}) is {}",
            f.id,
            f.kind.as_str(),
            f.status.as_str()
        );
    }
    Ok(updated)
}

/// Records a vendor's signed answer on its flow: a nonce used once only, an outcome of
/// the flow's kind, and for a payment the amount the server asked for. The first answer
/// of a flow wins.
pub fn record_callback(
    tx: &rusqlite::Transaction,
    callback: &crate::http::callback::VendorCallback,
    nonce: &str,
    now: Millis,
) -> ApiResult<()> {
    if !store::first_use_of_nonce(tx, nonce, now)? {
        return Err(AppError::conflict("replayed", "该回调已处理过"));
    }
    let flow = store::load_flow(tx, &callback.flow_id)?
        .ok_or_else(|| AppError::not_found("找不到该业务"))?;
    if !outcomes(flow.kind).contains(&callback.outcome.as_str()) {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_outcome",
            format!("“{}”不是这类业务的结果", callback.outcome),
        ));
    }
    if flow.kind == FlowKind::Payment
        && callback.outcome == "pay"
        && callback.amount_fen != flow.amount_fen
    {
        tracing::warn!(flow = %flow.id, "payment callback of another amount refused");
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "amount_mismatch",
            "支付金额与应缴金额不一致",
        ));
    }
    if flow.kind == FlowKind::Payment && callback.outcome == "pay" {
        store::record_payment_arrived(tx, &flow.id, now)?;
    } else {
        store::record_vendor_outcome(tx, &flow.id, flow.kind, &callback.outcome, now)?;
    }
    Ok(())
}
