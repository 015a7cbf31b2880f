//! The applicant's one current draft: its answers, its photos and its face check, and a
//! correction asked for by the officer.

pub mod routes;
pub mod store;
