//! Review stories: level by level from the post to national, returns and their diff, every
//! refusal, the province's quota under concurrent clicks, its recommendation list (order,
//! reasons, push, recall), sensitive words and the units that have not submitted yet.

mod chase_rule;
mod chongqing_path;
pub(crate) mod helpers;
mod list_arrange;
pub(crate) mod list_helpers;
mod list_order_and_push;
mod list_recall_and_access;
mod national_queue;
mod province_path;
mod queue_filters;
mod quota_race;
mod refusals;
mod return_and_diff;
mod sensitive_words;
mod silent_units;
