//! The HTTP face of the system: HTML pages (Chinese) and the JSON API under `/api/v1`, both
//! over the same service layer. `error.rs` is the only place errors become status codes.

pub mod api;
pub mod assets;
pub mod auth;
pub mod client_addr;
pub mod csrf;
pub mod error;
pub mod messages;
pub mod metrics;
pub mod page_cache;
pub mod pages;
pub mod request_log;
pub mod router;
pub mod serve;
pub mod state;

pub use router::router;
pub use state::{AppState, SiteIdentity, WebSettings};
