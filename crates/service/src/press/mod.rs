//! 宣推 (issue 16 §3): national issues press kits — one share link per batch of published
//! articles — that journalists open without an account until it expires or is revoked; each
//! article gives a press photo (never the original), the text as .docx and as plain text, and
//! the press contacts of its post and its province federation. Every download is counted.

pub mod contact;
pub mod files;
pub mod issue;
pub mod open;

/// Prefix of a link's token, so a leaked one is recognisable.
pub const TOKEN_PREFIX: &str = "jgp_";
