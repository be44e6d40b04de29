//! The federations' review: the queue with filters and batch moves, one article with its history
//! and diff (sensitive words highlighted), the moves with a comment, and the province's
//! recommendation list (推荐名单).

pub mod act;
pub mod article;
pub mod diff;
pub mod highlight;
pub mod list;
pub mod list_actions;
pub mod queue;
