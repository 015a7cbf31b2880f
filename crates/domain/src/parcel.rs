//! A posted card's parcel as the courier reports it: where it is (收寄 → 运输中 → 派送中 →
//! 已签收, or 已退回 when it could not be delivered) and each scan, for the applicant's page and for 物流进度查询, where anyone
//! who can read an SMS to the recipient's phone sees the parcels sent to it.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Where a parcel is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ParcelStage {
    /// 已收寄: the courier has it.
    Accepted,
    /// 运输中: between the sorting centres.
    InTransit,
    /// 派送中: with the postman.
    OutForDelivery,
    /// 已签收: handed over (to whom, the event says).
    Delivered,
    /// 已退回: not delivered (未妥投), back at the office for collection.
    Returned,
}

impl ParcelStage {
    pub fn label(self) -> &'static str {
        match self {
            ParcelStage::Accepted => "已收寄",
            ParcelStage::InTransit => "运输中",
            ParcelStage::OutForDelivery => "派送中",
            ParcelStage::Delivered => "已签收",
            ParcelStage::Returned => "已退回",
        }
    }
}

/// One scan of the parcel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LogisticsEvent {
    pub at: String,
    pub stage: ParcelStage,
    pub description: String,
}

/// A card's parcel, newest scan first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Logistics {
    pub carrier: String,
    pub tracking_number: String,
    /// Where it is now (the newest scan's stage).
    pub stage: ParcelStage,
    /// The recipient's name, masked (张*三).
    pub recipient: String,
    pub events: Vec<LogisticsEvent>,
}

/// `POST /api/v1/parcels/lookup`: the recipient's phone and the SMS code sent to it
/// (`POST /api/v1/sms-codes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ParcelLookup {
    pub phone: String,
    pub code: String,
}

/// Every card parcel sent to that phone, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Parcels {
    pub phone_masked: String,
    pub parcels: Vec<Logistics>,
}
