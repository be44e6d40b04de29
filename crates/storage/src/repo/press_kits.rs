//! Press kits (宣推): the share links national issues, their articles in order with download
//! counters, and each federation's press contact. Only a hash of a link's token is stored.

use crate::entity::{press_contact, press_kit, press_kit_item};
use crate::error::StorageResult;
use crate::repo::require;
use chrono::{DateTime, Utc};
use jinguo_domain::{AccountId, Action, OrgId, Permit};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PressKit {
    pub id: i64,
    pub title: String,
    pub note: String,
    pub issuer: OrgId,
    pub issued_by: AccountId,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One article of a kit and how often its files were downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KitItem {
    pub article_id: i64,
    pub position: i32,
    pub photo_downloads: u64,
    pub docx_downloads: u64,
    pub text_downloads: u64,
}

impl KitItem {
    pub fn downloads(&self) -> u64 {
        self.photo_downloads + self.docx_downloads + self.text_downloads
    }
}

/// Which file of an article a journalist took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KitFile {
    Photo,
    Docx,
    Text,
}

impl KitFile {
    fn column(self) -> press_kit_item::Column {
        match self {
            KitFile::Photo => press_kit_item::Column::PhotoDownloads,
            KitFile::Docx => press_kit_item::Column::DocxDownloads,
            KitFile::Text => press_kit_item::Column::TextDownloads,
        }
    }
}

/// A federation's press contact (宣传联络人).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PressContact {
    pub org: OrgId,
    pub person: String,
    pub phone: String,
}

fn to_kit(m: press_kit::Model) -> PressKit {
    PressKit {
        id: m.id,
        title: m.title,
        note: m.note,
        issuer: OrgId(m.issuer_org_id),
        issued_by: AccountId(m.issued_by),
        created_at: m.created_at,
        expires_at: m.expires_at,
        revoked_at: m.revoked_at,
    }
}

fn to_item(m: press_kit_item::Model) -> KitItem {
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    KitItem {
        article_id: m.article_id,
        position: m.position,
        photo_downloads: count(m.photo_downloads),
        docx_downloads: count(m.docx_downloads),
        text_downloads: count(m.text_downloads),
    }
}

/// What a new kit holds.
pub struct NewKit<'a> {
    pub token_hash: &'a str,
    pub title: &'a str,
    pub note: &'a str,
    pub issued_by: AccountId,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// In the order journalists see them.
    pub articles: &'a [i64],
}

/// Stores a kit issued by the permit's organisation, with its articles.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    new: &NewKit<'_>,
) -> StorageResult<PressKit> {
    require(permit, Action::IssuePressKits, permit.org())?;
    let kit = press_kit::ActiveModel {
        token_hash: Set(new.token_hash.to_string()),
        title: Set(new.title.to_string()),
        note: Set(new.note.to_string()),
        issuer_org_id: Set(permit.org().0),
        issued_by: Set(new.issued_by.0),
        created_at: Set(new.now),
        expires_at: Set(new.expires_at),
        revoked_at: Set(None),
        revoked_by: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let items = new
        .articles
        .iter()
        .enumerate()
        .map(|(i, &article)| press_kit_item::ActiveModel {
            kit_id: Set(kit.id),
            article_id: Set(article),
            position: Set(i32::try_from(i + 1).unwrap_or(i32::MAX)),
            photo_downloads: Set(0),
            docx_downloads: Set(0),
            text_downloads: Set(0),
        })
        .collect::<Vec<_>>();
    for chunk in items.chunks(200) {
        press_kit_item::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    Ok(to_kit(kit))
}

/// The kits an organisation issued, newest first, each with its items.
pub async fn list_issued<C: ConnectionTrait>(
    db: &C,
    issuer: OrgId,
) -> StorageResult<Vec<(PressKit, Vec<KitItem>)>> {
    let kits = press_kit::Entity::find()
        .filter(press_kit::Column::IssuerOrgId.eq(issuer.0))
        .order_by_desc(press_kit::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = kits.iter().map(|k| k.id).collect();
    let mut items: Vec<press_kit_item::Model> = Vec::new();
    for chunk in ids.chunks(500) {
        items.extend(
            press_kit_item::Entity::find()
                .filter(press_kit_item::Column::KitId.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    Ok(kits
        .into_iter()
        .map(|kit| {
            let mut own: Vec<KitItem> = items
                .iter()
                .filter(|i| i.kit_id == kit.id)
                .cloned()
                .map(to_item)
                .collect();
            own.sort_by_key(|i| i.position);
            (to_kit(kit), own)
        })
        .collect())
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> StorageResult<Option<PressKit>> {
    Ok(press_kit::Entity::find_by_id(id).one(db).await?.map(to_kit))
}

/// A kit by its link's token hash, whatever its state (the page says 已过期 or 已撤销).
pub async fn find_by_hash<C: ConnectionTrait>(
    db: &C,
    token_hash: &str,
) -> StorageResult<Option<PressKit>> {
    Ok(press_kit::Entity::find()
        .filter(press_kit::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
        .map(to_kit))
}

/// A kit's articles in order.
pub async fn items<C: ConnectionTrait>(db: &C, kit: i64) -> StorageResult<Vec<KitItem>> {
    Ok(press_kit_item::Entity::find()
        .filter(press_kit_item::Column::KitId.eq(kit))
        .order_by_asc(press_kit_item::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(to_item)
        .collect())
}

/// Revokes a live kit the permit's organisation issued; false when there is none to revoke.
pub async fn revoke<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    id: i64,
    by: AccountId,
    now: DateTime<Utc>,
) -> StorageResult<bool> {
    require(permit, Action::IssuePressKits, permit.org())?;
    let result = press_kit::Entity::update_many()
        .col_expr(press_kit::Column::RevokedAt, Expr::value(Some(now)))
        .col_expr(press_kit::Column::RevokedBy, Expr::value(Some(by.0)))
        .filter(press_kit::Column::Id.eq(id))
        .filter(press_kit::Column::IssuerOrgId.eq(permit.org().0))
        .filter(press_kit::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Counts one download of an article's file; false when the article is not in the kit. One
/// statement, so simultaneous downloads on any instance all count.
pub async fn count_download<C: ConnectionTrait>(
    db: &C,
    kit: i64,
    article: i64,
    file: KitFile,
) -> StorageResult<bool> {
    let column = file.column();
    let result = press_kit_item::Entity::update_many()
        .col_expr(column, Expr::col(column).add(1))
        .filter(press_kit_item::Column::KitId.eq(kit))
        .filter(press_kit_item::Column::ArticleId.eq(article))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The press contacts recorded for these organisations (those without one are left out).
pub async fn contacts<C: ConnectionTrait>(
    db: &C,
    orgs: &[OrgId],
) -> StorageResult<Vec<PressContact>> {
    let ids: Vec<i64> = orgs.iter().map(|o| o.0).collect();
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        out.extend(
            press_contact::Entity::find()
                .filter(press_contact::Column::OrgId.is_in(chunk.to_vec()))
                .all(db)
                .await?
                .into_iter()
                .map(|m| PressContact {
                    org: OrgId(m.org_id),
                    person: m.person,
                    phone: m.phone,
                }),
        );
    }
    Ok(out)
}

/// Records (or, with both empty, removes) the permit's organisation's press contact.
pub async fn set_contact<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    person: &str,
    phone: &str,
    by: AccountId,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    require(permit, Action::EditPressContact, permit.org())?;
    if person.is_empty() && phone.is_empty() {
        press_contact::Entity::delete_by_id(permit.org().0)
            .exec(db)
            .await?;
        return Ok(());
    }
    press_contact::Entity::insert(press_contact::ActiveModel {
        org_id: Set(permit.org().0),
        person: Set(person.to_string()),
        phone: Set(phone.to_string()),
        updated_at: Set(now),
        updated_by: Set(by.0),
    })
    .on_conflict(
        OnConflict::column(press_contact::Column::OrgId)
            .update_columns([
                press_contact::Column::Person,
                press_contact::Column::Phone,
                press_contact::Column::UpdatedAt,
                press_contact::Column::UpdatedBy,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}
