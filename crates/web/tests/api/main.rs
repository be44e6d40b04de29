//! The JSON API, driven through HTTP on SQLite and PostgreSQL: one module per user story.

#![expect(
    clippy::unwrap_used,
    reason = "a test meeting the unexpected should fail loudly"
)]

mod accounts;
mod audit;
mod dashboard;
mod limits;
mod openapi;
mod org_changes;
mod orgs;
mod review;
mod sessions;
mod support;
mod tokens;
