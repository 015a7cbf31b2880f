//! Submitted applications: submit, read, resubmit, correct, cancel, pay, track; the
//! temporary card made beside one.

pub mod routes;
pub mod store;
pub mod temporary_card;
