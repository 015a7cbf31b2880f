//! The photo pipeline for the household-register pages, as its own wasm: the browser
//! decodes, orients and downscales; Rust checks the pixels ([`quality`]); the browser
//! encodes one JPEG with no EXIF ([`pipeline`]). Only that JPEG is uploaded.
//!
//! trunk builds it as a worker beside the app (index.html), so none of it is in what
//! every phone downloads first: the app starts the worker at the upload step and talks
//! to it with messages ([`worker`]).

pub mod pipeline;
pub mod quality;
pub mod worker;

pub use pipeline::{prepare, PhotoError, Prepared, Timings};
pub use quality::{Problem, Report, Verdict, THRESHOLDS};
