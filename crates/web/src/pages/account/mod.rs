//! The signed-in person's own account: password and API tokens.

pub mod password;
pub mod tokens;
