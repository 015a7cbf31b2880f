//! Work done on a timer, outside any request: the simulated officer, the deadlines, the
//! message gateways, and forgetting personal data when its time is up.

pub mod autoreview;
pub mod deadlines;
pub mod job;
pub mod notifier;
pub mod privacy;
pub mod schedule;
