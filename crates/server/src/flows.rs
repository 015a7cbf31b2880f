//! The state machine of vendor flows: pending → passed | failed | cancelled | expired,
//! decided only by asking the vendor (never by what the browser brings back).

use reissue_domain::api::FlowStatus;
use reissue_domain::idcard;
use reissue_domain::lifecycle::Status;

use crate::clock::{rfc3339, Millis};
use crate::error::{ApiResult, AppError};
use crate::state::AppState;
use crate::store;
use crate::vendors::{Flow, FlowKind, Verdict};

pub const LIVENESS_TTL_MS: i64 = 30 * 60 * 1000;
pub const PAYMENT_TTL_MS: i64 = 15 * 60 * 1000;
/// A passed liveness check counts for a submission this long.
pub const LIVENESS_VALID_MS: i64 = 30 * 60 * 1000;

pub fn status_of(flow: &Flow) -> FlowStatus {
    match flow.status.as_str() {
        "passed" => FlowStatus::Passed,
        "failed" => FlowStatus::Failed {
            reason: flow.reason.clone().unwrap_or_default(),
        },
        "cancelled" => FlowStatus::Cancelled,
        "expired" => FlowStatus::Expired,
        _ => FlowStatus::Pending,
    }
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
    if flow.status != "pending" {
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
    let st = state.clone();
    let key = id.to_string();
    let updated = state
        .db
        .call(move |c| apply(&st, c, &key, verdict, now))
        .await?;
    Ok(updated)
}

fn apply(
    state: &AppState,
    conn: &mut rusqlite::Connection,
    id: &str,
    verdict: Option<Verdict>,
    now: Millis,
) -> ApiResult<Option<Flow>> {
    let tx = conn.transaction()?;
    let Some(flow) = store::load_flow(&tx, id)? else {
        return Ok(None);
    };
    if flow.status != "pending" {
        return Ok(Some(flow));
    }
    match verdict {
        None => store::set_flow_status(&tx, id, "expired", None, now)?,
        Some(Verdict::Pending) => {}
        Some(Verdict::Cancelled) => store::set_flow_status(&tx, id, "cancelled", None, now)?,
        Some(Verdict::Failed(reason)) => {
            store::set_flow_status(&tx, id, "failed", Some(&reason), now)?
        }
        Some(Verdict::Passed { name, id_number }) => match flow.kind {
            FlowKind::Liveness => {
                let mut draft = store::load_draft(&tx, &flow.phone)?.unwrap_or_default();
                let name_differs =
                    matches!((&name, &draft.form.name), (Some(a), Some(b)) if a != b);
                let id_differs = matches!((&id_number, &draft.form.id_number),
                    (Some(a), Some(b)) if idcard::normalize(a) != idcard::normalize(b));
                if name_differs || id_differs {
                    store::set_flow_status(
                        &tx,
                        id,
                        "failed",
                        Some("人脸识别结果与填写的姓名或身份号码不一致，请核对后重试"),
                        now,
                    )?;
                } else {
                    store::set_flow_status(&tx, id, "passed", None, now)?;
                    draft.liveness.passed_at = Some(rfc3339(now));
                    draft.liveness.max_attempts = state.profile.liveness_max_attempts;
                    draft.updated_at = rfc3339(now);
                    store::save_draft(&tx, &flow.phone, &draft, now)?;
                }
            }
            FlowKind::Payment => {
                store::set_flow_status(&tx, id, "passed", None, now)?;
                if let Some(number) = &flow.app_number {
                    if let Some(mut app) = store::load_app(&tx, number)? {
                        if app.paid_flow.is_none() && app.status == Status::AwaitingPayment {
                            app.paid_flow = Some(flow.id.clone());
                            let detail = format!(
                                "已缴纳 {}",
                                store::yuan(flow.amount_fen.unwrap_or(app.fees.total_fen))
                            );
                            store::transition(&tx, &mut app, Status::Paid, now, Some(&detail))?;
                        }
                    }
                }
            }
        },
    }
    let updated = store::load_flow(&tx, id)?;
    tx.commit()?;
    if let Some(f) = &updated {
        tracing::info!("flow {} ({}) is {}", f.id, f.kind.as_str(), f.status);
    }
    Ok(updated)
}
