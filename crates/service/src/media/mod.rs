//! Images: upload through the pipeline, re-crop from the kept original, and read them back.

pub mod spool;
pub mod store;
pub mod sweep;
pub mod upload;

pub use jinguo_storage::repo::media::Media;
pub use spool::{SpoolError, SpoolWriter, Spooled};
pub use upload::{Uploaded, read_original, recrop_image, upload_image, upload_image_bytes};
