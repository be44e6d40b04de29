//! Builders of test uploads, shared with the image pipeline's own tests.

#[path = "../../../imaging/tests/pipeline/support.rs"]
#[allow(dead_code, reason = "only some builders are used by the HTTP stories")]
mod pipeline_support;

pub use pipeline_support::*;
