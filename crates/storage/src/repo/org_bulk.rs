//! Bulk import of organisations: every stored code in one read (to validate a file in memory)
//! and many rows written level by level in few statements.

use crate::entity::{org_name, organisation, post_profile};
use crate::error::{StorageError, StorageResult};
use crate::repo::orgs::profile_model;
use crate::repo::require;
use chrono::{DateTime, Utc};
use jinguo_domain::org::{OrgFields, OrgKind, OrgPath, OrgStatus};
use jinguo_domain::{Action, OrgId, Permit};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, Statement};
use std::collections::HashMap;

/// What bulk import needs to know about an existing organisation.
#[derive(Debug, Clone)]
pub struct OrgKey {
    pub id: OrgId,
    pub path: OrgPath,
    pub kind: OrgKind,
    pub depth: i32,
    pub status: OrgStatus,
}

/// Every code in the database with its key, for validating an import in memory.
pub async fn all_keys<C: ConnectionTrait>(db: &C) -> StorageResult<HashMap<String, OrgKey>> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id, code, path, kind, depth, status FROM organisations".to_string(),
        ))
        .await?;
    let mut keys = HashMap::with_capacity(rows.len());
    for row in rows {
        let code: String = row.try_get("", "code")?;
        let kind: String = row.try_get("", "kind")?;
        let status: String = row.try_get("", "status")?;
        keys.insert(
            code,
            OrgKey {
                id: OrgId(row.try_get("", "id")?),
                path: OrgPath::from_stored(row.try_get("", "path")?),
                kind: OrgKind::parse(&kind).unwrap_or(OrgKind::District),
                depth: row.try_get("", "depth")?,
                status: OrgStatus::parse(&status).unwrap_or(OrgStatus::Disabled),
            },
        );
    }
    Ok(keys)
}

/// One row of a bulk insert: validated fields and the code of its parent.
pub struct BulkOrg<'a> {
    pub fields: &'a OrgFields,
    pub parent_code: &'a str,
}

/// Inserts many organisations whose parents exist (or come earlier in `rows`), in few
/// statements: rows go in by depth level, and each level's paths are set by one UPDATE.
/// `permits` must hold an `ImportBelow` permit for the import's root, under which every parent
/// lies (checked by the caller against the same subtree).
pub async fn insert_bulk<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    root: OrgId,
    rows_by_level: &[Vec<BulkOrg<'_>>],
    now: DateTime<Utc>,
) -> StorageResult<usize> {
    require(permit, Action::ImportBelow, root)?;
    let backend = db.get_database_backend();
    let mut inserted = 0;
    for level in rows_by_level {
        let mut keys = all_keys_for(db, level.iter().map(|r| r.parent_code)).await?;
        for chunk in level.chunks(400) {
            let mut models = Vec::with_capacity(chunk.len());
            for row in chunk {
                let parent = keys.get(row.parent_code).ok_or(StorageError::NotFound)?;
                models.push(organisation::ActiveModel {
                    code: Set(row.fields.code.clone()),
                    name: Set(row.fields.name.clone()),
                    federation_name: Set(row.fields.federation_name.clone()),
                    kind: Set(row.fields.kind.as_str().to_string()),
                    parent_id: Set(Some(parent.id.0)),
                    path: Set(String::new()),
                    depth: Set(parent.depth + 1),
                    status: Set(OrgStatus::Active.as_str().to_string()),
                    merged_into_id: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                });
            }
            organisation::Entity::insert_many(models)
                .exec_without_returning(db)
                .await?;
        }
        db.execute_raw(Statement::from_string(
            backend,
            "UPDATE organisations SET path = \
             (SELECT p.path FROM organisations p WHERE p.id = organisations.parent_id) \
             || CAST(id AS TEXT) || '/' WHERE path = ''"
                .to_string(),
        ))
        .await?;
        keys = all_keys_for(db, level.iter().map(|r| r.fields.code.as_str())).await?;
        for chunk in level.chunks(400) {
            let mut profiles = Vec::new();
            let mut names = Vec::with_capacity(chunk.len());
            for row in chunk {
                let id = keys
                    .get(&row.fields.code)
                    .ok_or(StorageError::NotFound)?
                    .id
                    .0;
                if let Some(profile) = &row.fields.post {
                    profiles.push(profile_model(id, profile));
                }
                names.push(org_name::ActiveModel {
                    org_id: Set(id),
                    name: Set(row.fields.name.clone()),
                    valid_from: Set(now),
                    valid_until: Set(None),
                    ..Default::default()
                });
            }
            if !profiles.is_empty() {
                post_profile::Entity::insert_many(profiles)
                    .exec_without_returning(db)
                    .await?;
            }
            org_name::Entity::insert_many(names)
                .exec_without_returning(db)
                .await?;
        }
        inserted += level.len();
    }
    Ok(inserted)
}

async fn all_keys_for<'a, C: ConnectionTrait>(
    db: &C,
    codes: impl Iterator<Item = &'a str>,
) -> StorageResult<HashMap<String, OrgKey>> {
    let mut wanted: Vec<String> = codes.map(str::to_string).collect();
    wanted.sort();
    wanted.dedup();
    let mut out = HashMap::with_capacity(wanted.len());
    for chunk in wanted.chunks(500) {
        let models = organisation::Entity::find()
            .filter(organisation::Column::Code.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        for m in models {
            out.insert(
                m.code.clone(),
                OrgKey {
                    id: OrgId(m.id),
                    path: OrgPath::from_stored(m.path),
                    kind: OrgKind::parse(&m.kind).unwrap_or(OrgKind::District),
                    depth: m.depth,
                    status: OrgStatus::parse(&m.status).unwrap_or(OrgStatus::Disabled),
                },
            );
        }
    }
    Ok(out)
}
