//! Version 1 of the JSON API: one file per area.

pub mod me;

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new().route("/me", get(me::get_me))
}
