//! All the SQL, one module per resource. Rows become domain values here and nowhere
//! else; handlers and jobs call these functions inside their transaction.

mod applications;
mod appointments;
mod authorizations;
mod drafts;
mod flows;
mod identity;
mod loss_reports;
mod messages;
mod officers;
mod photos;
mod register;
mod sessions;

pub use applications::*;
pub use appointments::*;
pub use authorizations::*;
pub use drafts::*;
pub use flows::*;
pub use identity::*;
pub use loss_reports::*;
pub use messages::*;
pub use officers::*;
pub use photos::*;
pub use register::*;
pub use sessions::*;

/// Every statement goes through the connection's cache of compiled statements: parsed
/// and planned once, then reused. Compiling the SQL anew for every call took about a
/// twentieth of the server's CPU under load (`make bench-load`).
pub(crate) trait Cached {
    fn execute_cached<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;
    fn query_row_cached<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>;
}

impl Cached for rusqlite::Connection {
    fn execute_cached<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn query_row_cached<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

pub(super) fn json<T: serde::de::DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(super) fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialisable value")
}
