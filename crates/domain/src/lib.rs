//! Pure rules of the 巾帼文明岗 news release system: ids, the organisation tree, roles, the access
//! policy, account rules and the clock. No database, web or async runtime in here.

pub mod access;
pub mod account;
pub mod article;
pub mod block_diff;
pub mod campaign;
pub mod chase;
pub mod clock;
pub mod content;
pub mod ids;
pub mod limits;
pub mod login_throttle;
pub mod org;
pub mod password_policy;
pub mod press;
pub mod recommendation;
pub mod review;
pub mod sensitive;
pub mod validation;
pub mod webhook;
pub mod word_count;

pub use access::{Action, Actor, Denied, Permit, authorize};
pub use clock::{Clock, FixedClock, SystemClock, china_date};
pub use ids::{AccountId, OrgId};
