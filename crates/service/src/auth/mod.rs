//! Signing in and out, sessions, password changes and API tokens.

pub mod credentials;
pub mod login;
pub mod new_password;
pub mod password;
pub mod session;
pub mod sweep;
pub mod tokens;

pub use login::{NewSession, login};
pub use session::{SessionInfo, logout, resolve_session};
