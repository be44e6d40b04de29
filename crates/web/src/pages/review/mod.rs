//! The federations' review: the queue with filters and batch moves, one article with its history
//! and diff (sensitive words highlighted), and the moves with a comment.

pub mod act;
pub mod article;
pub mod diff;
pub mod highlight;
pub mod queue;
