//! Processed images and where their originals are kept.

use crate::entity::media;
use crate::error::StorageResult;
use chrono::{DateTime, Utc};
use jinguo_domain::{AccountId, OrgId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, Statement,
};

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

/// Records an image and its uploader. The same processed image uploaded twice is one row
/// (content addressed), owned by every organisation that uploaded it. Safe when two requests
/// record the same image at once: the second finds the first's row.
pub async fn insert_or_get<C: ConnectionTrait>(
    db: &C,
    new: &NewMedia<'_>,
    now: DateTime<Utc>,
) -> StorageResult<Media> {
    let row = match get_by_name(db, new.content_name).await? {
        Some(existing) => existing,
        None => match insert(db, new, now).await {
            Ok(row) => row,
            Err(crate::StorageError::Conflict(_)) => get_by_name(db, new.content_name)
                .await?
                .ok_or(crate::StorageError::NotFound)?,
            Err(other) => return Err(other),
        },
    };
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO media_uploads (media_id, org_id, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (media_id, org_id) DO NOTHING",
        [
            row.id.into(),
            new.org_id.0.into(),
            new.uploaded_by.0.into(),
            now.into(),
        ],
    ))
    .await?;
    Ok(row)
}

/// The organisations that uploaded an image (its first uploader first).
pub async fn uploaders<C: ConnectionTrait>(db: &C, media_id: i64) -> StorageResult<Vec<OrgId>> {
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT org_id FROM media_uploads WHERE media_id = $1 ORDER BY created_at, org_id",
            [media_id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| Ok(OrgId(r.try_get::<i64>("", "org_id")?)))
        .collect()
}

/// Which of `names` the organisation uploaded itself (one query, for an article's image check
/// on every autosave).
pub async fn names_uploaded_by<C: ConnectionTrait>(
    db: &C,
    org: OrgId,
    names: &[&str],
) -> StorageResult<Vec<String>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (0..names.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT DISTINCT m.content_name FROM media m \
         JOIN media_uploads u ON u.media_id = m.id \
         WHERE u.org_id = $1 AND m.content_name IN ({})",
        marks.join(", ")
    );
    let mut values: Vec<sea_orm::Value> = vec![org.0.into()];
    values.extend(names.iter().map(|n| (*n).into()));
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?;
    rows.iter()
        .map(|r| Ok(r.try_get::<String>("", "content_name")?))
        .collect()
}

async fn insert<C: ConnectionTrait>(
    db: &C,
    new: &NewMedia<'_>,
    now: DateTime<Utc>,
) -> StorageResult<Media> {
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
