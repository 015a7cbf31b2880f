//! The officer: their accounts and sessions, their page, the admin endpoints, and the
//! moves they make on an application (also made by `--auto-review`).

pub mod accounts;
pub mod page;
pub mod review;
pub mod routes;
pub mod store;
