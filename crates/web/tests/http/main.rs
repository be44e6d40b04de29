//! User stories through HTTP, each on SQLite and (when configured) PostgreSQL.

mod accounts;
mod audit;
mod csrf;
mod login;
mod orgs;
mod scope;
mod smoke;
mod support;
