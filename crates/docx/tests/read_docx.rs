//! Reads .docx files built in code: what a post writes in Word or WPS, and what an attacker
//! uploads instead. One test binary; the modules live in `read_docx/`.

// clippy.toml allows unwrap inside #[test] functions only; the builders here are test code too.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a failed step should fail the test at once"
)]

#[path = "read_docx/bombs.rs"]
mod bombs;
#[path = "read_docx/builder.rs"]
mod builder;
#[path = "read_docx/pictures.rs"]
mod pictures;
#[path = "read_docx/refusals.rs"]
mod refusals;
#[path = "read_docx/structure.rs"]
mod structure;
#[path = "read_docx/text.rs"]
mod text;
#[path = "read_docx/zip_guard.rs"]
mod zip_guard;
