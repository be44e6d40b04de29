//! Review stories: level by level from the post to national, returns and their diff, every
//! refusal, and the province's quota under concurrent clicks.

mod chongqing_path;
pub(crate) mod helpers;
mod province_path;
mod queue_filters;
mod quota_race;
mod refusals;
mod return_and_diff;
