//! HTML pages in Chinese, one file per page or action.

pub mod account;
pub mod admin;
pub mod auth;
pub mod chrome;
pub mod home;
pub mod render;
