//! Loss reports (挂失): one row per report, one open per ID number (a unique index says
//! so, whatever the handlers do).

use crate::db::Cached;
use reissue_domain::api::{LossReportRef, Reason};
use reissue_domain::loss_report::{LossReportRequest, ReportStatus};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock::{rfc3339, yyyymmdd, Millis};

/// A report as stored (the ID number in full: the handlers mask it).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub number: String,
    pub phone: String,
    pub request: LossReportRequest,
    pub status: ReportStatus,
    pub reported_ms: Millis,
    pub ended_ms: Option<Millis>,
}

const COLUMNS: &str = "number, phone, id_number, name, kind, lost_on, place, description, \
                       police_receipt, status, reported_ms, ended_ms";

fn row(r: &Row) -> rusqlite::Result<ReportRow> {
    let kind: String = r.get(4)?;
    let status: String = r.get(9)?;
    Ok(ReportRow {
        number: r.get(0)?,
        phone: r.get(1)?,
        request: LossReportRequest {
            id_number: r.get(2)?,
            name: r.get(3)?,
            kind: Reason::parse(&kind),
            lost_on: r.get(5)?,
            place: r.get(6)?,
            description: r.get(7)?,
            police_receipt: r.get(8)?,
            // Only reports the reporter promised are ever stored.
            promised: true,
        },
        status: ReportStatus::parse(&status).unwrap_or(ReportStatus::Reported),
        reported_ms: r.get(10)?,
        ended_ms: r.get(11)?,
    })
}

impl ReportRow {
    /// How an application names it.
    pub fn to_ref(&self) -> LossReportRef {
        LossReportRef {
            number: self.number.clone(),
            status: self.status,
            reported_at: rfc3339(self.reported_ms),
        }
    }
}

/// The next 挂失回执 number of the day: `GS` + date + six digits.
pub fn next_report_number(conn: &Connection, now: Millis) -> rusqlite::Result<String> {
    let day = yyyymmdd(now);
    let n: i64 = conn.query_row_cached(
        "INSERT INTO app_seq (day, n) VALUES (?1, 1) ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n",
        [format!("GS{day}")],
        |r| r.get(0),
    )?;
    Ok(format!("GS{day}{n:06}"))
}

pub fn insert_report(conn: &Connection, r: &ReportRow) -> rusqlite::Result<()> {
    let q = &r.request;
    conn.execute_cached(
        &format!("INSERT INTO loss_reports ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        params![
            r.number,
            r.phone,
            q.id_number,
            q.name,
            q.kind.map(Reason::as_str).unwrap_or("lost"),
            q.lost_on,
            q.place,
            q.description,
            q.police_receipt,
            r.status.as_str(),
            r.reported_ms,
            r.ended_ms
        ],
    )?;
    Ok(())
}

/// The open report for a card, whoever made it.
pub fn open_report(conn: &Connection, id_number: &str) -> rusqlite::Result<Option<ReportRow>> {
    conn.query_row_cached(
        &format!("SELECT {COLUMNS} FROM loss_reports WHERE id_number = ?1 AND status = 'reported'"),
        [id_number],
        row,
    )
    .optional()
}

/// A report by its number, whoever made it.
pub fn report_by_number(conn: &Connection, number: &str) -> rusqlite::Result<Option<ReportRow>> {
    conn.query_row_cached(
        &format!("SELECT {COLUMNS} FROM loss_reports WHERE number = ?1"),
        [number],
        row,
    )
    .optional()
}

/// One applicant's reports, newest first.
pub fn reports_of(conn: &Connection, phone: &str) -> rusqlite::Result<Vec<ReportRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM loss_reports WHERE phone = ?1 ORDER BY reported_ms DESC, number DESC"
    ))?;
    let rows = stmt.query_map([phone], row)?;
    rows.collect()
}

/// One report of this applicant (another's number reads as none).
pub fn report_of(
    conn: &Connection,
    phone: &str,
    number: &str,
) -> rusqlite::Result<Option<ReportRow>> {
    conn.query_row_cached(
        &format!("SELECT {COLUMNS} FROM loss_reports WHERE phone = ?1 AND number = ?2"),
        params![phone, number],
        row,
    )
    .optional()
}

/// Every report, newest first, or those whose number or full ID number is `query`.
pub fn all_reports(conn: &Connection, query: Option<&str>) -> rusqlite::Result<Vec<ReportRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM loss_reports WHERE ?1 IS NULL OR number = ?1 OR id_number = ?1
         ORDER BY reported_ms DESC, number DESC LIMIT 200"
    ))?;
    let rows = stmt.query_map([query], row)?;
    rows.collect()
}

/// Ends a report (解挂, or void): the caller has checked the move with the domain.
pub fn end_report(
    conn: &Connection,
    number: &str,
    to: ReportStatus,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "UPDATE loss_reports SET status = ?2, ended_ms = ?3 WHERE number = ?1",
        params![number, to.as_str(), now],
    )?;
    Ok(())
}

/// Makes the open report for a card void (a new card is being made). Returns its number.
pub fn void_open_report(
    conn: &Connection,
    id_number: &str,
    now: Millis,
) -> rusqlite::Result<Option<String>> {
    let open = open_report(conn, id_number)?;
    if let Some(r) = &open {
        end_report(conn, &r.number, ReportStatus::Void, now)?;
        tracing::info!(number = %r.number, "loss report void: a new card is being made");
    }
    Ok(open.map(|r| r.number))
}

/// Deletes the reports that ended (withdrawn, void) before `before`.
pub fn prune_ended_reports(conn: &Connection, before: Millis) -> rusqlite::Result<usize> {
    conn.execute_cached(
        "DELETE FROM loss_reports WHERE status != 'reported' AND ended_ms <= ?1",
        [before],
    )
}
