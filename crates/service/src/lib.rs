//! Use cases: one function per user action. The only place a transaction begins; every read and
//! write of protected data goes through `jinguo_domain::authorize` here.

pub mod accounts;
pub mod actor;
pub mod articles;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod campaigns;
pub mod context;
pub mod cpu;
pub mod demo;
pub mod demo_notices;
pub mod demo_showcase;
pub mod error;
pub mod import;
pub mod inbox;
pub mod media;
pub mod notices;
pub mod orgs;
pub mod permissions;
pub mod press;
pub mod review;
pub mod secrets;
pub mod sensitive_words;
pub mod showcase;
pub mod stats;
pub mod webhooks;
pub mod workbench;

pub use context::Ctx;
pub use error::{ServiceError, ServiceResult};
pub use jinguo_docx::{ContainerError, DocxError};
pub use jinguo_imaging::{CropChoice, ImageRefused};
pub use jinguo_storage::repo::accounts::Account;
pub use jinguo_storage::repo::orgs::Org;
