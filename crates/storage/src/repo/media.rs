//! Processed images and where their originals are kept.

use crate::entity::media;
use crate::error::StorageResult;
use chrono::{DateTime, Utc};
use jinguo_domain::{AccountId, OrgId};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

pub type Media = media::Model;

pub struct NewMedia<'a> {
    pub content_name: &'a str,
    pub org_id: OrgId,
    pub uploaded_by: AccountId,
    pub original_key: &'a str,
    pub original_format: &'a str,
    pub original_bytes: i64,
    pub source_width: i32,
    pub source_height: i32,
    pub width: i32,
    pub height: i32,
    pub bytes: i64,
    pub blur_score: f64,
    pub blurry: bool,
}

/// Records an image. The same processed image uploaded twice is one row (content addressed).
pub async fn insert_or_get<C: ConnectionTrait>(
    db: &C,
    new: &NewMedia<'_>,
    now: DateTime<Utc>,
) -> StorageResult<Media> {
    if let Some(existing) = get_by_name(db, new.content_name).await? {
        return Ok(existing);
    }
    Ok(media::ActiveModel {
        content_name: Set(new.content_name.to_string()),
        org_id: Set(new.org_id.0),
        uploaded_by: Set(new.uploaded_by.0),
        original_key: Set(new.original_key.to_string()),
        original_format: Set(new.original_format.to_string()),
        original_bytes: Set(new.original_bytes),
        source_width: Set(new.source_width),
        source_height: Set(new.source_height),
        width: Set(new.width),
        height: Set(new.height),
        bytes: Set(new.bytes),
        blur_score: Set(new.blur_score),
        blurry: Set(new.blurry),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub async fn get_by_name<C: ConnectionTrait>(
    db: &C,
    content_name: &str,
) -> StorageResult<Option<Media>> {
    Ok(media::Entity::find()
        .filter(media::Column::ContentName.eq(content_name))
        .one(db)
        .await?)
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> StorageResult<Option<Media>> {
    Ok(media::Entity::find_by_id(id).one(db).await?)
}
