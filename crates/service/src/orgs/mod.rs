//! Organisation use cases: browse my subtree, add, edit, disable, merge.

pub mod create;
pub mod edit;
pub mod merge;
pub mod root;
pub mod status;
pub mod view;

pub use create::create_org;
pub use edit::edit_org;
pub use merge::merge_org;
pub use status::set_org_enabled;
pub use view::{OrgDetail, OrgListing, get_org, list_children, search_orgs};
