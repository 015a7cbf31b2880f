//! The pure domain of 身份证丢失补领: request/response types, validators and the
//! application lifecycle. No browser or server dependency, so the front-end (wasm) and
//! the mock server (native) run the very same checks.

pub mod api;
pub mod application;
pub mod appointment;
pub mod date;
pub mod delegation;
pub mod draft;
pub mod eligibility;
pub mod error;
pub mod field;
pub mod flow;
pub mod idcard;
pub mod identity;
pub mod lifecycle;
pub mod loss_report;
pub mod mask;
pub mod notify;
pub mod office;
pub mod parcel;
pub mod payment;
pub mod photo;
pub mod photo_order;
pub mod population;
pub mod profile;
pub mod progress;
pub mod region;
pub mod rejection;
pub mod retention;
pub mod session;
pub mod submission;
pub mod temporary_card;
pub mod validate;

pub use api::*;
pub use field::Field;
pub use lifecycle::Status;
