//! Administration pages of one's subtree: organisations, accounts, import, audit log.

pub mod account_actions;
pub mod account_new;
pub mod accounts;
pub mod audit;
pub mod campaigns;
pub mod import;
pub mod org_detail;
pub mod org_form;
pub mod org_merge;
pub mod org_status;
pub mod orgs;
pub mod pager;
pub mod sensitive_words;
pub mod webhook_delivery;
pub mod webhooks;
