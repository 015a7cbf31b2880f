//! One pass of a background job over applications (the simulated officer, the payment
//! deadlines, the mock courier): the ones it finds due, each moved in a transaction of
//! its own, committed when the step did something and rolled back, with a warning, when
//! the step refused; one refusal never stops the others.

use rusqlite::Connection;

use crate::applications::store::AppRecord;
use crate::clock::Millis;
use crate::http::error::ApiResult;
use crate::state::AppState;

/// Runs `step` on each application `due` finds; returns how many it changed.
pub async fn over_applications<D, S>(state: &AppState, job: &'static str, due: D, step: S) -> usize
where
    D: FnOnce(&AppState, &Connection, Millis) -> rusqlite::Result<Vec<AppRecord>> + Send + 'static,
    S: Fn(&AppState, &Connection, &mut AppRecord, Millis) -> ApiResult<bool> + Send + 'static,
{
    let st = state.clone();
    let result = state
        .db
        .call(move |conn| -> rusqlite::Result<usize> {
            let now = st.clock.now_ms();
            let mut changed = 0;
            for mut app in due(&st, conn, now)? {
                let tx = conn.transaction()?;
                match step(&st, &tx, &mut app, now) {
                    Ok(did) => {
                        tx.commit()?;
                        changed += usize::from(did);
                    }
                    Err(e) => {
                        tracing::warn!(number = %app.number, "{job}: skipped: {}", e.body.message)
                    }
                }
            }
            Ok(changed)
        })
        .await;
    result.unwrap_or_else(|e| {
        tracing::error!("{job}: pass failed: {e}");
        0
    })
}
