//! The mock photo-detection centre (检测中心) behind the online 相片回执: it reviews
//! each order "by hand" in [`REVIEW_MS`] and issues the receipt, unless an operator
//! decided first (`POST /api/v1/admin/photo-orders/{number}/decision`, which is how a
//! refusal with a reason is shown and tested).

use reissue_domain::photo_order::REVIEW_MS;

use crate::state::AppState;

/// One pass: every order under review longer than [`REVIEW_MS`] is issued. How many.
pub async fn tick(state: &AppState) -> usize {
    let st = state.clone();
    let result = state
        .db
        .call(move |conn| -> rusqlite::Result<usize> {
            let now = st.clock.now_ms();
            let mut issued = 0;
            for o in crate::photo_orders::store::reviewing_since(conn, now - REVIEW_MS)? {
                let tx = conn.transaction()?;
                match crate::photo_orders::decide(&tx, &st, &o.number, true, None, now) {
                    Ok(_) => {
                        tx.commit()?;
                        issued += 1;
                    }
                    Err(e) => tracing::warn!(order = %o.number, "photo centre: skipped: {}", e.body.message),
                }
            }
            Ok(issued)
        })
        .await;
    result.unwrap_or_else(|e| {
        tracing::error!("photo centre: pass failed: {e}");
        0
    })
}
