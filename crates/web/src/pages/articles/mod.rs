//! A post's articles: the list, the editor, preview, submit and withdraw, the history.

pub mod actions;
pub mod blocks;
pub mod detail;
pub mod editor;
pub mod list;
pub mod new;
pub mod preview;
pub mod uploads;
