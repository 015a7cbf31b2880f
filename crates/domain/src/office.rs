//! An office where cards are applied for and collected (办证中心): one of a profile's list.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Office {
    pub id: String,
    pub name: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
}
