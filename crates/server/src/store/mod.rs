//! All the SQL, one module per resource. Rows become domain values here and nowhere
//! else; handlers and jobs call these functions inside their transaction.

mod applications;
mod appointments;
mod authorizations;
mod drafts;
mod flows;
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
pub use loss_reports::*;
pub use messages::*;
pub use officers::*;
pub use photos::*;
pub use register::*;
pub use sessions::*;

pub(super) fn json<T: serde::de::DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(super) fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialisable value")
}
