//! 物流进度查询: the card parcels sent to a phone number; and 代签收, the courier's
//! request to let someone else sign, which the applicant answers.

pub mod routes;
pub mod signing;
pub mod store;
