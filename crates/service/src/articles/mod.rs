//! A post's articles: start a draft, autosave it, submit, withdraw, revise after a return,
//! and read them back with their history.

pub mod draft;
pub mod from_docx;
mod images;
pub mod submit;
pub mod view;

pub use jinguo_storage::repo::articles::{Article, ArticleEvent, Revision};
