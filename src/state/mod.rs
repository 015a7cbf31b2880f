//! All wizard state lives in one reducer ([`Wizard`]) shared through a context; pages
//! dispatch [`Action`]s and read it, and never share state any other way.
//!
//! The reducer and the step rules are plain Rust, tested natively.

pub mod persist;
mod steps;
mod wizard;

pub use steps::{as_guardian, back_step, first_missing_step, next_step, Step};
pub use wizard::{Action, Fixing, Wizard, WizardContext};

#[cfg(test)]
mod tests;
