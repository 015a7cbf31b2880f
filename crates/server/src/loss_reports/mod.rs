//! 挂失 and 解挂: a lost or stolen card reported (recorded at once, with a 挂失回执
//! number), a phone's reports listed, one withdrawn while no new card has been made.

pub mod routes;
pub mod store;
