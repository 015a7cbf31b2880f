//! Signing in with an SMS code: the codes, the sessions, and their limits.

pub mod routes;
pub mod store;
