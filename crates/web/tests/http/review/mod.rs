//! Review stories: level by level from the post to national, returns and their diff, every
//! refusal, the province's quota under concurrent clicks, sensitive words and the units that
//! have not submitted yet.

mod chongqing_path;
mod helpers;
mod province_path;
mod queue_filters;
mod quota_race;
mod refusals;
mod return_and_diff;
mod sensitive_words;
mod silent_units;
