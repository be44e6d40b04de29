//! sea-orm entities, one per table. Repositories in `crate::repo` are the only users.

pub mod account;
pub mod api_token;
pub mod audit_event;
pub mod org_name;
pub mod organisation;
pub mod post_profile;
pub mod session;
