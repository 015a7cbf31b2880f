//! The photo pipeline for the household-register pages: the browser decodes, orients and
//! downscales; Rust checks the pixels ([`quality`]); the browser encodes one JPEG with no
//! EXIF ([`pipeline`]). Only that JPEG is uploaded.

pub mod pipeline;
pub mod quality;

pub use pipeline::{prepare, PhotoError, Prepared, Timings};
pub use quality::{Problem, Report, Verdict, THRESHOLDS};
