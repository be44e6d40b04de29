//! The image pipeline, driven with inputs generated in code: one module per kind of upload.

mod blur;
mod crop;
mod formats;
mod metadata;
mod orientation;
mod refusals;
mod size_limit;
mod support;
