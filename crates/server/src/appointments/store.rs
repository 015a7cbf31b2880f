//! Window appointments: one row per booking, cancelled ones kept (the applicant sees
//! them in 我的办件 as cancelled).

use crate::db::Cached;
use reissue_domain::api::{AppointmentRequest, AppointmentStatus};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock::{yyyymmdd, Millis};

/// A booking as stored (the office by id; the handler fills in the rest).
#[derive(Debug, Clone, PartialEq)]
pub struct AppointmentRow {
    pub number: String,
    pub phone: String,
    pub request: AppointmentRequest,
    pub status: AppointmentStatus,
    pub booked_ms: Millis,
}

const COLUMNS: &str = "number, phone, office_id, day, slot, status, booked_ms, \
                       coalesce(name, ''), coalesce(id_number, '')";

fn row(r: &Row) -> rusqlite::Result<AppointmentRow> {
    let status: String = r.get(5)?;
    Ok(AppointmentRow {
        number: r.get(0)?,
        phone: r.get(1)?,
        request: AppointmentRequest {
            office_id: r.get(2)?,
            date: r.get(3)?,
            slot: r.get(4)?,
            name: r.get(7)?,
            id_number: r.get(8)?,
        },
        status: match status.as_str() {
            "booked" => AppointmentStatus::Booked,
            _ => AppointmentStatus::Cancelled,
        },
        booked_ms: r.get(6)?,
    })
}

fn status_key(s: AppointmentStatus) -> &'static str {
    match s {
        AppointmentStatus::Booked => "booked",
        AppointmentStatus::Cancelled => "cancelled",
    }
}

/// The next booking number of the day: `YY` + date + six digits.
pub fn next_appointment_number(conn: &Connection, now: Millis) -> rusqlite::Result<String> {
    let day = yyyymmdd(now);
    let n: i64 = conn.query_row_cached(
        "INSERT INTO app_seq (day, n) VALUES (?1, 1) ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n",
        [format!("YY{day}")],
        |r| r.get(0),
    )?;
    Ok(format!("YY{day}{n:06}"))
}

/// Places taken in one office's slot on one day (`except`: a booking being moved).
pub fn places_taken(
    conn: &Connection,
    req: &AppointmentRequest,
    except: Option<&str>,
) -> rusqlite::Result<u32> {
    conn.query_row_cached(
        "SELECT COUNT(*) FROM appointments
         WHERE office_id = ?1 AND day = ?2 AND slot = ?3 AND status = 'booked'
           AND number IS NOT ?4",
        params![req.office_id, req.date, req.slot, except],
        |r| r.get(0),
    )
}

/// Places taken per slot at one office on the given days: `(day, slot, taken)`.
pub fn places_taken_by_slot(
    conn: &Connection,
    office_id: &str,
    days: &[String],
) -> rusqlite::Result<Vec<(String, String, u32)>> {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT day, slot, COUNT(*) FROM appointments
         WHERE office_id = ?1 AND day BETWEEN ?2 AND ?3 AND status = 'booked'
         GROUP BY day, slot",
    )?;
    let rows = stmt.query_map(params![office_id, first, last], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    rows.collect()
}

pub fn insert_appointment(conn: &Connection, a: &AppointmentRow) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO appointments (number, phone, office_id, day, slot, status, booked_ms, updated_ms, name, id_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
        params![
            a.number,
            a.phone,
            a.request.office_id,
            a.request.date,
            a.request.slot,
            status_key(a.status),
            a.booked_ms,
            a.request.name,
            a.request.id_number
        ],
    )?;
    Ok(())
}

/// Moves a booking to another time, or cancels it.
pub fn update_appointment(
    conn: &Connection,
    a: &AppointmentRow,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "UPDATE appointments SET office_id = ?2, day = ?3, slot = ?4, status = ?5, updated_ms = ?6,
           changes = changes + 1
         WHERE number = ?1",
        params![
            a.number,
            a.request.office_id,
            a.request.date,
            a.request.slot,
            status_key(a.status),
            now
        ],
    )?;
    Ok(())
}

/// One applicant's bookings, newest first.
pub fn appointments_of(conn: &Connection, phone: &str) -> rusqlite::Result<Vec<AppointmentRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM appointments WHERE phone = ?1 ORDER BY booked_ms DESC, number DESC"
    ))?;
    let rows = stmt.query_map([phone], row)?;
    rows.collect()
}

/// One booking of this applicant (another's number reads as none).
pub fn appointment_of(
    conn: &Connection,
    phone: &str,
    number: &str,
) -> rusqlite::Result<Option<AppointmentRow>> {
    conn.query_row_cached(
        &format!("SELECT {COLUMNS} FROM appointments WHERE phone = ?1 AND number = ?2"),
        params![phone, number],
        row,
    )
    .optional()
}

/// A booking still to come for this person (ID number), on another phone than `phone`.
pub fn upcoming_booking_of_person_elsewhere(
    conn: &Connection,
    id_number: &str,
    phone: &str,
    today: &str,
) -> rusqlite::Result<bool> {
    conn.query_row_cached(
        "SELECT EXISTS (SELECT 1 FROM appointments
           WHERE id_number = ?1 AND phone != ?2 AND status = 'booked' AND day >= ?3)",
        params![id_number, phone, today],
        |r| r.get(0),
    )
}

/// Books and moves this phone made since `since` (a move counts when it was made).
pub fn booking_changes_since(
    conn: &Connection,
    phone: &str,
    since: Millis,
) -> rusqlite::Result<u32> {
    conn.query_row_cached(
        "SELECT count(*) FROM appointments WHERE phone = ?1 AND booked_ms >= ?2",
        params![phone, since],
        |r| r.get::<_, u32>(0),
    )
    .and_then(|booked| {
        conn.query_row_cached(
            "SELECT coalesce(sum(changes), 0) FROM appointments WHERE phone = ?1 AND updated_ms >= ?2",
            params![phone, since],
            |r| r.get::<_, u32>(0),
        )
        .map(|moved| booked + moved)
    })
}

/// Deletes bookings whose day was before `before_day`, and cancelled ones cancelled
/// before `before`.
pub fn prune_appointments(
    conn: &Connection,
    before_day: &str,
    before: Millis,
) -> rusqlite::Result<usize> {
    conn.execute_cached(
        "DELETE FROM appointments
         WHERE day < ?1 OR (status = 'cancelled' AND updated_ms <= ?2)",
        params![before_day, before],
    )
}
