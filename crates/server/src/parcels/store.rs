//! The courier's requests to let someone else sign for a posted card (代签收), one per
//! parcel.

use reissue_domain::parcel::{SignRequest, SignRequestState};
use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::{rfc3339, Millis};
use crate::db::Cached;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignRequestRow {
    pub app_number: String,
    pub signer: String,
    pub asked_ms: Millis,
    pub state: SignRequestState,
    pub answered_ms: Option<Millis>,
}

impl SignRequestRow {
    pub fn to_api(&self) -> SignRequest {
        SignRequest {
            signer: self.signer.clone(),
            asked_at: rfc3339(self.asked_ms),
            state: self.state,
            answered_at: self.answered_ms.map(rfc3339),
        }
    }
}

pub fn request_of(conn: &Connection, app_number: &str) -> rusqlite::Result<Option<SignRequestRow>> {
    conn.query_row_cached(
        "SELECT app_number, signer, asked_ms, state, answered_ms FROM sign_requests WHERE app_number = ?1",
        [app_number],
        |r| {
            let state: String = r.get(3)?;
            Ok(SignRequestRow {
                app_number: r.get(0)?,
                signer: r.get(1)?,
                asked_ms: r.get(2)?,
                state: SignRequestState::parse(&state).unwrap_or(SignRequestState::Lapsed),
                answered_ms: r.get(4)?,
            })
        },
    )
    .optional()
}

/// The courier asks; a parcel is asked about once.
pub fn ask(conn: &Connection, app_number: &str, signer: &str, now: Millis) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT OR IGNORE INTO sign_requests (app_number, signer, asked_ms, state) VALUES (?1, ?2, ?3, 'pending')",
        params![app_number, signer, now],
    )?;
    Ok(())
}

/// The request's end: the applicant's answer, or its lapse.
pub fn settle(
    conn: &Connection,
    app_number: &str,
    state: SignRequestState,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "UPDATE sign_requests SET state = ?2, answered_ms = ?3 WHERE app_number = ?1 AND state = 'pending'",
        params![app_number, state.as_str(), now],
    )?;
    Ok(())
}
