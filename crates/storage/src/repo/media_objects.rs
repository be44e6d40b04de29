//! Which stored objects the database names: the files of every media row (processed image,
//! thumbnail, original) and of every notice attachment. Backups copy exactly these; the sweep
//! removes objects that are not among them.

use crate::entity::{media, notice_attachment};
use crate::error::StorageResult;
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};

/// Object names by what they are (an image's thumbnail has the image's name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamedObjects {
    /// `<content name>.jpg`, stored as an image and as a thumbnail.
    pub images: Vec<String>,
    pub originals: Vec<String>,
    pub attachments: Vec<String>,
}

impl NamedObjects {
    /// How many objects these are (each image counts twice: image and thumbnail).
    pub fn count(&self) -> u64 {
        (self.images.len() * 2 + self.originals.len() + self.attachments.len()) as u64
    }
}

pub async fn named_objects<C: ConnectionTrait>(db: &C) -> StorageResult<NamedObjects> {
    let media: Vec<(String, String)> = media::Entity::find()
        .select_only()
        .column(media::Column::ContentName)
        .column(media::Column::OriginalKey)
        .into_tuple()
        .all(db)
        .await?;
    let mut attachments: Vec<String> = notice_attachment::Entity::find()
        .select_only()
        .column(notice_attachment::Column::StoredName)
        .into_tuple()
        .all(db)
        .await?;
    attachments.sort();
    attachments.dedup();
    let (mut images, mut originals): (Vec<String>, Vec<String>) = media
        .into_iter()
        .map(|(content, original)| (format!("{content}.jpg"), original))
        .unzip();
    images.sort();
    images.dedup();
    originals.sort();
    originals.dedup();
    Ok(NamedObjects {
        images,
        originals,
        attachments,
    })
}
