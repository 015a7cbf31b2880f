//! 消息: the applicant's inbox and what the gateways deliver of it.

pub mod routes;
pub mod store;
