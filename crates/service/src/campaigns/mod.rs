//! Campaigns and columns: reading them, and national admins creating and editing them.

pub mod manage;
pub mod view;

pub use jinguo_storage::repo::campaigns::Campaign;
