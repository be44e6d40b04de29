//! The JSON API, driven through HTTP on SQLite and PostgreSQL: one module per user story.

#![expect(
    clippy::unwrap_used,
    reason = "a test meeting the unexpected should fail loudly"
)]

mod accounts;
mod audit;
mod dashboard;
mod docs_examples;
mod exports;
mod inbox;
mod limits;
mod notices;
mod openapi;
mod org_changes;
mod orgs;
mod recommendations;
mod review;
mod sessions;
mod settings;
mod support;
mod tokens;
mod webhooks;
