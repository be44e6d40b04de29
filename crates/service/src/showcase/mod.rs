//! The public showcase (SPEC §4): what readers and the media see of published articles, the
//! full-text search over them, and this instance's link to the shared change log that keeps
//! page caches and search indexes of every instance current.

pub mod directory;
pub mod html;
pub mod live;
pub mod package;
pub mod pages;
pub mod search;
mod search_docs;
pub mod verify;
pub mod views;

pub use live::{Live, latest_public_change, rebuild_search, refresh};
pub use pages::{Facet, Feed, Home, Listing, Scope, SitemapEntries};
pub use verify::{Repairs, verify_search};
pub use views::{Card, PublicArticle};
