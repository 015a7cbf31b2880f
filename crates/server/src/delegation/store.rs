//! 委托领取 authorisations: at most one active per application (a unique index says so),
//! the delegate's numbers stored in full and masked on the way out.

use crate::db::Cached;
use reissue_domain::delegation::{Authorization, AuthorizationStatus, DelegateRequest};
use reissue_domain::mask;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock::{rfc3339, yyyymmdd, Millis};

#[derive(Debug, Clone, PartialEq)]
pub struct AuthorizationRow {
    pub number: String,
    pub app_number: String,
    pub delegate: DelegateRequest,
    /// The 核验码's salted digest ([`crate::secrets`]'s), never the code.
    pub code_digest: String,
    /// Wrong codes given at the counter.
    pub code_tries: i64,
    pub status: AuthorizationStatus,
    pub issued_ms: Millis,
    pub valid_until_ms: Millis,
    pub ended_ms: Option<Millis>,
}

impl AuthorizationRow {
    /// As the applicant and the printable page see it, in its state at `now`.
    pub fn to_api(&self, now: Millis) -> Authorization {
        Authorization {
            number: self.number.clone(),
            status: self.status.at(self.valid_until_ms, now),
            delegate_name: self.delegate.name.clone(),
            delegate_id_number: mask::id_number(&self.delegate.id_number),
            delegate_phone: mask::phone(&self.delegate.phone),
            code: None,
            issued_at: rfc3339(self.issued_ms),
            valid_until: rfc3339(self.valid_until_ms),
            ended_at: self.ended_ms.map(rfc3339),
        }
    }
}

const COLUMNS: &str = "number, app_number, delegate_name, delegate_id, delegate_phone, code, \
                       status, issued_ms, valid_until_ms, ended_ms, code_tries";

fn row(r: &Row) -> rusqlite::Result<AuthorizationRow> {
    let status: String = r.get(6)?;
    Ok(AuthorizationRow {
        number: r.get(0)?,
        app_number: r.get(1)?,
        delegate: DelegateRequest {
            name: r.get(2)?,
            id_number: r.get(3)?,
            phone: r.get(4)?,
        },
        code_digest: r.get(5)?,
        status: AuthorizationStatus::parse(&status).unwrap_or(AuthorizationStatus::Revoked),
        issued_ms: r.get(7)?,
        valid_until_ms: r.get(8)?,
        ended_ms: r.get(9)?,
        code_tries: r.get(10)?,
    })
}

/// The next 授权书 number of the day: `WT` + date + six digits.
pub fn next_authorization_number(conn: &Connection, now: Millis) -> rusqlite::Result<String> {
    let day = yyyymmdd(now);
    let n: i64 = conn.query_row_cached(
        "INSERT INTO app_seq (day, n) VALUES (?1, 1) ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n",
        [format!("WT{day}")],
        |r| r.get(0),
    )?;
    Ok(format!("WT{day}{n:06}"))
}

pub fn insert_authorization(conn: &Connection, a: &AuthorizationRow) -> rusqlite::Result<()> {
    conn.execute_cached(
        &format!("INSERT INTO authorizations ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
        params![
            a.number,
            a.app_number,
            a.delegate.name,
            a.delegate.id_number,
            a.delegate.phone,
            a.code_digest,
            a.status.as_str(),
            a.issued_ms,
            a.valid_until_ms,
            a.ended_ms,
            a.code_tries
        ],
    )?;
    Ok(())
}

/// How many authorisations the application was given since `since`.
pub fn authorizations_since(
    conn: &Connection,
    app_number: &str,
    since: Millis,
) -> rusqlite::Result<i64> {
    conn.query_row_cached(
        "SELECT count(*) FROM authorizations WHERE app_number = ?1 AND issued_ms > ?2",
        params![app_number, since],
        |r| r.get(0),
    )
}

/// The application's latest authorisation, in whatever state.
pub fn latest_authorization(
    conn: &Connection,
    app_number: &str,
) -> rusqlite::Result<Option<AuthorizationRow>> {
    conn.query_row_cached(
        &format!(
            "SELECT {COLUMNS} FROM authorizations WHERE app_number = ?1
             ORDER BY issued_ms DESC, number DESC LIMIT 1"
        ),
        [app_number],
        row,
    )
    .optional()
}

pub fn authorization_by_number(
    conn: &Connection,
    number: &str,
) -> rusqlite::Result<Option<AuthorizationRow>> {
    conn.query_row_cached(
        &format!("SELECT {COLUMNS} FROM authorizations WHERE number = ?1"),
        [number],
        row,
    )
    .optional()
}

/// Ends an authorisation: the caller has checked the move with the domain.
pub fn end_authorization(
    conn: &Connection,
    number: &str,
    to: AuthorizationStatus,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "UPDATE authorizations SET status = ?2, ended_ms = ?3 WHERE number = ?1",
        params![number, to.as_str(), now],
    )?;
    Ok(())
}

/// The application whose 领证凭证 this is, if any.
pub fn app_number_by_voucher(conn: &Connection, voucher: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row_cached(
        "SELECT number FROM applications WHERE voucher = ?1",
        [voucher],
        |r| r.get(0),
    )
    .optional()
}

/// Counts a wrong 核验码 given at the counter; the count so far.
pub fn count_wrong_code(conn: &Connection, number: &str) -> rusqlite::Result<i64> {
    conn.query_row_cached(
        "UPDATE authorizations SET code_tries = code_tries + 1 WHERE number = ?1 RETURNING code_tries",
        [number],
        |r| r.get(0),
    )
}

/// Codes kept as typed before they were kept as digests: digested now, at start.
pub fn digest_plain_codes(
    conn: &Connection,
    digest: impl Fn(&str) -> String,
) -> rusqlite::Result<usize> {
    let plain: Vec<(String, String)> = {
        let mut stmt =
            conn.prepare("SELECT number, code FROM authorizations WHERE length(code) = 6")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (number, code) in &plain {
        conn.execute(
            "UPDATE authorizations SET code = ?2 WHERE number = ?1",
            params![number, digest(code)],
        )?;
    }
    Ok(plain.len())
}

/// Empties the delegate's ID number and phone of authorisations that ended (or whose
/// date passed) before `before`; the name and number stay with the application's
/// record. How many were emptied.
pub fn forget_delegates(conn: &Connection, before: Millis) -> rusqlite::Result<usize> {
    conn.execute_cached(
        "UPDATE authorizations SET delegate_id = '', delegate_phone = ''
         WHERE delegate_id != ''
           AND ((status != 'active' AND ended_ms <= ?1) OR (status = 'active' AND valid_until_ms <= ?1))",
        [before],
    )
}
