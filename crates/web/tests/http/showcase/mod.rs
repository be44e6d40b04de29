//! The public showcase: pages, search, feeds, sitemap, the read API, the publication package and
//! the page cache — and that nothing but published articles ever shows there.

mod cache;
mod feeds_and_api;
mod helpers;
mod not_found;
mod pages;
mod privacy;
mod search;
mod site_identity;
mod xss;
