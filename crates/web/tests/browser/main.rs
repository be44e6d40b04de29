//! The main flows in headless Chromium (Debian's `chromium` + `chromium-driver`). Without them
//! the tests say SKIPPED loudly and pass; `.ci/run` installs both so CI runs everything.
//! Screenshots land in `target/screenshots/` for people to look at.

#![expect(
    clippy::expect_used,
    reason = "test code: a failed expectation is a failed test"
)]

mod harness;

mod admin_pages;
mod first_login;
mod notices;
mod press_kit;
mod recommendation_list;
mod review_path;
mod review_queue;
mod showcase;
mod write_article;
mod xss;
