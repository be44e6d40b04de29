//! The image pipeline, driven with inputs generated in code: one module per kind of upload.

// clippy.toml allows unwrap inside #[test] functions only; the builders here are test code too.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a failed step should fail the test at once"
)]

mod blur;
mod crop;
mod formats;
mod malformed_exif;
mod metadata;
mod orientation;
mod refusals;
mod size_limit;
mod support;
