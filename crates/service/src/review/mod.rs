//! The federations' review: the queue of each level, one article with its history and diff
//! base, and the moves (one, or a batch of forwards or recommendations).

pub mod act;
pub mod article;
pub mod queue;
mod reviewer;

pub use reviewer::reviewer_level;
