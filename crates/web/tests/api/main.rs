//! The JSON API, driven through HTTP on SQLite and PostgreSQL: one module per user story.

mod accounts;
mod audit;
mod openapi;
mod orgs;
mod sessions;
mod support;
mod tokens;
