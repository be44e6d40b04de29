//! User stories through HTTP, each on SQLite and (when configured) PostgreSQL.
#![expect(
    clippy::unwrap_used,
    reason = "test code: a failed unwrap is a failed test"
)]

mod accounts;
mod article_photos;
mod audit;
mod authz_matrix;
mod campaigns;
mod concurrency;
mod csrf;
mod dashboard;
mod docx;
mod export_scale;
mod images;
mod import;
mod inbox;
mod limits;
mod login;
mod notices;
mod orgs;
mod press;
mod review;
mod scope;
mod security_auth;
mod security_content;
mod security_headers;
mod shared_media;
mod showcase;
mod slow_clients;
mod smoke;
mod submit_article;
mod support;
mod webhooks;
mod workbench;
