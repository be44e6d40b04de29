//! HTML pages in Chinese, one file per page or action.

pub mod account;
pub mod admin;
pub mod articles;
pub mod auth;
pub mod chrome;
pub mod dashboard;
pub mod exports;
pub mod flash;
pub mod home;
pub mod inbox;
pub mod media;
pub mod notices;
pub mod press;
pub mod public;
pub mod render;
pub mod review;
pub mod upload;
