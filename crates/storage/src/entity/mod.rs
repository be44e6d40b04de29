//! sea-orm entities, one per table. Repositories in `crate::repo` are the only users.

pub mod account;
pub mod api_token;
pub mod article;
pub mod article_event;
pub mod article_revision;
pub mod audit_event;
pub mod campaign;
pub mod job_run;
pub mod media;
pub mod message;
pub mod message_read;
pub mod notice;
pub mod notice_attachment;
pub mod notice_recipient;
pub mod org_name;
pub mod organisation;
pub mod post_profile;
pub mod recommendation;
pub mod sensitive_word_list;
pub mod session;
pub mod webhook_attempt;
pub mod webhook_delivery;
pub mod webhook_event;
pub mod webhook_subscription;
