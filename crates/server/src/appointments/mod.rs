//! 预约窗口办理: the places an office has left and an applicant's bookings.

pub mod routes;
pub mod store;
