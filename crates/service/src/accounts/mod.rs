//! Account use cases for admins: add, disable or enable, reset a password, list.

pub mod create;
pub mod list;
pub mod reset_password;
pub mod status;

pub use create::{AccountDraft, create_account};
pub use list::{AccountListing, list_accounts};
pub use reset_password::reset_password;
pub use status::{lock_of, set_account_enabled, unlock_account};
