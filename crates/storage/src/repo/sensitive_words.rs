//! The national sensitive-word list: read by every reviewer's article page, written only with a
//! national `ManageCampaigns` permit.

use crate::entity::sensitive_word_list;
use crate::error::StorageResult;
use crate::repo::require;
use chrono::{DateTime, Utc};
use jinguo_domain::{AccountId, Action, OrgId, Permit};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

/// The list's one row.
const LIST_ID: i64 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordList {
    pub words: Vec<String>,
    pub updated_by_name: String,
    pub updated_at: DateTime<Utc>,
}

/// The list, or `None` when nobody has saved one yet.
pub async fn get<C: ConnectionTrait>(db: &C) -> StorageResult<Option<WordList>> {
    Ok(sensitive_word_list::Entity::find_by_id(LIST_ID)
        .one(db)
        .await?
        .map(|m| WordList {
            words: m
                .words
                .lines()
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
            updated_by_name: m.updated_by_name,
            updated_at: m.updated_at,
        }))
}

/// Replaces the list. The permit must be the national organisation's `ManageCampaigns`.
pub async fn save<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    national: OrgId,
    words: &[String],
    by: AccountId,
    by_name: &str,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    require(permit, Action::ManageCampaigns, national)?;
    let row = sensitive_word_list::ActiveModel {
        id: Set(LIST_ID),
        words: Set(words.join("\n")),
        updated_by: Set(Some(by.0)),
        updated_by_name: Set(by_name.chars().take(100).collect()),
        updated_at: Set(now),
    };
    sensitive_word_list::Entity::insert(row)
        .on_conflict(
            OnConflict::column(sensitive_word_list::Column::Id)
                .update_columns([
                    sensitive_word_list::Column::Words,
                    sensitive_word_list::Column::UpdatedBy,
                    sensitive_word_list::Column::UpdatedByName,
                    sensitive_word_list::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}
