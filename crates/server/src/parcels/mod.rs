//! 物流进度查询: the card parcels sent to a phone number.

pub mod routes;
