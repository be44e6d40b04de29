//! The federations' review: the queue of each level, one article with its history and diff
//! base, the moves (one, or a batch of forwards or recommendations) and the province's
//! recommendation list (order, reasons, push).

pub mod act;
pub mod article;
pub mod list;
pub mod list_edit;
pub mod queue;
pub(crate) mod reviewer;

pub use reviewer::reviewer_level;
