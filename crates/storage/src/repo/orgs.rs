//! Organisations, their post profiles and their name history.

use crate::entity::{org_name, organisation, post_profile};
use crate::error::{StorageError, StorageResult};
use crate::repo::require;
use chrono::{DateTime, Utc};
use jinguo_domain::org::{HonourLevel, OrgFields, OrgKind, OrgPath, OrgStatus, PostProfile};
use jinguo_domain::{Action, OrgId, Permit};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement,
};
use std::collections::HashMap;

/// An organisation as the rest of the system sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub id: OrgId,
    pub code: String,
    pub name: String,
    pub federation_name: String,
    pub kind: OrgKind,
    pub parent_id: Option<OrgId>,
    pub path: OrgPath,
    pub depth: i32,
    pub status: OrgStatus,
    pub merged_into: Option<OrgId>,
    pub post: Option<PostProfile>,
    pub updated_at: DateTime<Utc>,
}

fn to_org(model: organisation::Model, profile: Option<post_profile::Model>) -> Org {
    Org {
        id: OrgId(model.id),
        kind: OrgKind::parse(&model.kind).unwrap_or(OrgKind::District),
        parent_id: model.parent_id.map(OrgId),
        path: OrgPath::from_stored(model.path),
        depth: model.depth,
        status: OrgStatus::parse(&model.status).unwrap_or(OrgStatus::Disabled),
        merged_into: model.merged_into_id.map(OrgId),
        post: profile.map(to_profile),
        code: model.code,
        name: model.name,
        federation_name: model.federation_name,
        updated_at: model.updated_at,
    }
}

fn to_profile(p: post_profile::Model) -> PostProfile {
    PostProfile {
        work_unit: p.work_unit,
        industry: p.industry,
        honour_level: HonourLevel::parse(&p.honour_level).unwrap_or(HonourLevel::District),
        year_named: p.year_named,
        contact_person: p.contact_person,
        contact_phone: p.contact_phone,
        military_or_classified: p.military_or_classified,
        revoked: p.revoked,
    }
}

pub(crate) fn profile_model(org_id: i64, p: &PostProfile) -> post_profile::ActiveModel {
    post_profile::ActiveModel {
        org_id: Set(org_id),
        work_unit: Set(p.work_unit.clone()),
        industry: Set(p.industry.clone()),
        honour_level: Set(p.honour_level.as_str().to_string()),
        year_named: Set(p.year_named),
        contact_person: Set(p.contact_person.clone()),
        contact_phone: Set(p.contact_phone.clone()),
        military_or_classified: Set(p.military_or_classified),
        revoked: Set(p.revoked),
    }
}

pub async fn get<C: ConnectionTrait>(db: &C, id: OrgId) -> StorageResult<Option<Org>> {
    let Some(model) = organisation::Entity::find_by_id(id.0).one(db).await? else {
        return Ok(None);
    };
    let profile = if model.kind == OrgKind::Post.as_str() {
        post_profile::Entity::find_by_id(id.0).one(db).await?
    } else {
        None
    };
    Ok(Some(to_org(model, profile)))
}

pub async fn get_by_code<C: ConnectionTrait>(db: &C, code: &str) -> StorageResult<Option<Org>> {
    let Some(model) = organisation::Entity::find()
        .filter(organisation::Column::Code.eq(code))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let profile = post_profile::Entity::find_by_id(model.id).one(db).await?;
    Ok(Some(to_org(model, profile)))
}

pub async fn children<C: ConnectionTrait>(db: &C, parent: OrgId) -> StorageResult<Vec<Org>> {
    let models = organisation::Entity::find()
        .filter(organisation::Column::ParentId.eq(parent.0))
        .order_by_asc(organisation::Column::Kind)
        .order_by_asc(organisation::Column::Code)
        .order_by_asc(organisation::Column::Id)
        .all(db)
        .await?;
    with_profiles(db, models).await
}

/// Counts of direct children per parent, for tree pages.
pub async fn child_counts<C: ConnectionTrait>(
    db: &C,
    parents: &[OrgId],
) -> StorageResult<HashMap<OrgId, u64>> {
    let mut counts = HashMap::new();
    if parents.is_empty() {
        return Ok(counts);
    }
    let ids: Vec<i64> = parents.iter().map(|p| p.0).collect();
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            format!(
                "SELECT parent_id, COUNT(*) AS n FROM organisations WHERE parent_id IN ({}) GROUP BY parent_id",
                placeholders(ids.len())
            ),
            ids.into_iter().map(Into::into).collect::<Vec<sea_orm::Value>>(),
        ))
        .await?;
    for row in rows {
        let parent: i64 = row.try_get("", "parent_id")?;
        let n: i64 = row.try_get("", "n")?;
        counts.insert(OrgId(parent), u64::try_from(n).unwrap_or(0));
    }
    Ok(counts)
}

pub(crate) fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every organisation in a subtree (root included), ordered by path, optionally filtered.
pub async fn search_subtree<C: ConnectionTrait>(
    db: &C,
    root: &OrgPath,
    query: &str,
    kind: Option<OrgKind>,
    limit: u64,
    offset: u64,
) -> StorageResult<(Vec<Org>, u64)> {
    let mut select =
        organisation::Entity::find().filter(organisation::Column::Path.starts_with(root.as_str()));
    let query = query.trim();
    if !query.is_empty() {
        select = select.filter(
            organisation::Column::Name
                .contains(query)
                .or(organisation::Column::Code.contains(query)),
        );
    }
    if let Some(kind) = kind {
        select = select.filter(organisation::Column::Kind.eq(kind.as_str()));
    }
    let total = select.clone().count(db).await?;
    let models = select
        .order_by_asc(organisation::Column::Path)
        .order_by_asc(organisation::Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    Ok((with_profiles(db, models).await?, total))
}

async fn with_profiles<C: ConnectionTrait>(
    db: &C,
    models: Vec<organisation::Model>,
) -> StorageResult<Vec<Org>> {
    let post_ids: Vec<i64> = models
        .iter()
        .filter(|m| m.kind == OrgKind::Post.as_str())
        .map(|m| m.id)
        .collect();
    let mut profiles: HashMap<i64, post_profile::Model> = HashMap::new();
    for chunk in post_ids.chunks(500) {
        for p in post_profile::Entity::find()
            .filter(post_profile::Column::OrgId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            profiles.insert(p.org_id, p);
        }
    }
    Ok(models
        .into_iter()
        .map(|m| {
            let profile = profiles.remove(&m.id);
            to_org(m, profile)
        })
        .collect())
}

/// Organisations by id, for labelling lists (no permit: reads are filtered by the caller's subtree).
pub async fn by_ids<C: ConnectionTrait>(
    db: &C,
    ids: &[OrgId],
) -> StorageResult<HashMap<OrgId, Org>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let models = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(chunk.iter().map(|i| i.0).collect::<Vec<_>>()))
            .all(db)
            .await?;
        for org in with_profiles(db, models).await? {
            out.insert(org.id, org);
        }
    }
    Ok(out)
}

/// The root of the tree (全国), if the database has one.
pub async fn root<C: ConnectionTrait>(db: &C) -> StorageResult<Option<Org>> {
    let model = organisation::Entity::find()
        .filter(organisation::Column::ParentId.is_null())
        .order_by_asc(organisation::Column::Id)
        .one(db)
        .await?;
    Ok(model.map(|m| to_org(m, None)))
}

pub async fn count<C: ConnectionTrait>(db: &C) -> StorageResult<u64> {
    Ok(organisation::Entity::find().count(db).await?)
}

/// Inserts the root organisation. Only used when the database is empty (setup, demo, import).
pub async fn insert_root<C: ConnectionTrait>(
    db: &C,
    fields: &OrgFields,
    now: DateTime<Utc>,
) -> StorageResult<Org> {
    insert_row(db, None, fields, now).await
}

/// Inserts an organisation under `parent`. The permit must be `CreateChildOrg` on the parent.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    parent: &Org,
    fields: &OrgFields,
    now: DateTime<Utc>,
) -> StorageResult<Org> {
    require(permit, Action::CreateChildOrg, parent.id)?;
    insert_row(db, Some(parent), fields, now).await
}

async fn insert_row<C: ConnectionTrait>(
    db: &C,
    parent: Option<&Org>,
    fields: &OrgFields,
    now: DateTime<Utc>,
) -> StorageResult<Org> {
    let model = organisation::ActiveModel {
        code: Set(fields.code.clone()),
        name: Set(fields.name.clone()),
        federation_name: Set(fields.federation_name.clone()),
        kind: Set(fields.kind.as_str().to_string()),
        parent_id: Set(parent.map(|p| p.id.0)),
        path: Set(String::new()),
        depth: Set(parent.map_or(0, |p| p.depth + 1)),
        status: Set(OrgStatus::Active.as_str().to_string()),
        merged_into_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let id = OrgId(model.id);
    let path = match parent {
        Some(p) => p.path.child(id),
        None => OrgPath::root(id),
    };
    let mut active: organisation::ActiveModel = model.into();
    active.path = Set(path.as_str().to_string());
    let model = active.update(db).await?;
    if let Some(profile) = &fields.post {
        profile_model(id.0, profile).insert(db).await?;
    }
    org_name::ActiveModel {
        org_id: Set(id.0),
        name: Set(fields.name.clone()),
        valid_from: Set(now),
        valid_until: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(to_org(model, None)).map(|mut org| {
        org.post = fields.post.clone();
        org
    })
}

/// Updates name, federation name and post profile. The code and kind never change.
pub async fn update<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    org: &Org,
    fields: &OrgFields,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    require(permit, Action::EditOrg, org.id)?;
    let changed = organisation::Entity::update_many()
        .col_expr(organisation::Column::Name, Expr::value(fields.name.clone()))
        .col_expr(
            organisation::Column::FederationName,
            Expr::value(fields.federation_name.clone()),
        )
        .col_expr(organisation::Column::UpdatedAt, Expr::value(now))
        .filter(organisation::Column::Id.eq(org.id.0))
        // Only the version the caller read: a concurrent edit committed meanwhile wins, and
        // this one becomes a conflict instead of silently overwriting it.
        .filter(organisation::Column::UpdatedAt.eq(org.updated_at))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Err(StorageError::Conflict(
            "the organisation changed meanwhile".into(),
        ));
    }
    if fields.name != org.name {
        record_rename(db, org.id, &fields.name, now).await?;
    }
    if let Some(profile) = &fields.post {
        post_profile::Entity::delete_by_id(org.id.0)
            .exec(db)
            .await?;
        profile_model(org.id.0, profile).insert(db).await?;
    }
    Ok(())
}

async fn record_rename<C: ConnectionTrait>(
    db: &C,
    org: OrgId,
    name: &str,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    org_name::Entity::update_many()
        .col_expr(org_name::Column::ValidUntil, Expr::value(Some(now)))
        .filter(org_name::Column::OrgId.eq(org.0))
        .filter(org_name::Column::ValidUntil.is_null())
        .exec(db)
        .await?;
    org_name::ActiveModel {
        org_id: Set(org.0),
        name: Set(name.to_string()),
        valid_from: Set(now),
        valid_until: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn set_status<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    org: OrgId,
    status: OrgStatus,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    require(permit, Action::EditOrg, org)?;
    organisation::Entity::update_many()
        .col_expr(organisation::Column::Status, Expr::value(status.as_str()))
        .col_expr(organisation::Column::UpdatedAt, Expr::value(now))
        .filter(organisation::Column::Id.eq(org.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Moves everything below `from` under `into`, rewrites the paths of the moved subtrees and
/// retires `from`. Needs `MergeOrg` permits on both sides; runs inside the caller's transaction.
pub async fn merge<C: ConnectionTrait>(
    db: &C,
    from_permit: &Permit,
    into_permit: &Permit,
    from: &Org,
    into: &Org,
    now: DateTime<Utc>,
) -> StorageResult<u64> {
    require(from_permit, Action::MergeOrg, from.id)?;
    require(into_permit, Action::MergeOrg, into.id)?;
    let backend = db.get_database_backend();
    let moved = organisation::Entity::update_many()
        .col_expr(organisation::Column::ParentId, Expr::value(into.id.0))
        .col_expr(organisation::Column::UpdatedAt, Expr::value(now))
        .filter(organisation::Column::ParentId.eq(from.id.0))
        .exec(db)
        .await?
        .rows_affected;
    // Descendants of `from` keep their suffix below `from` and gain `into`'s path as prefix.
    let old_prefix = from.path.as_str().to_string();
    let new_prefix = into.path.as_str().to_string();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        "UPDATE organisations SET path = $1 || SUBSTR(path, $2), depth = depth + $3 \
         WHERE path LIKE $4 AND id <> $5",
        [
            new_prefix.clone().into(),
            (i32::try_from(old_prefix.len()).unwrap_or(i32::MAX - 1) + 1).into(),
            (into.depth - from.depth).into(),
            format!("{old_prefix}%").into(),
            from.id.0.into(),
        ],
    ))
    .await?;
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::Status,
            Expr::value(OrgStatus::Merged.as_str()),
        )
        .col_expr(
            organisation::Column::MergedIntoId,
            Expr::value(Some(into.id.0)),
        )
        .col_expr(organisation::Column::UpdatedAt, Expr::value(now))
        .filter(organisation::Column::Id.eq(from.id.0))
        .exec(db)
        .await?;
    Ok(moved)
}

/// The name an organisation had at a given moment (history keeps old names after renames).
pub async fn name_at<C: ConnectionTrait>(
    db: &C,
    org: OrgId,
    at: DateTime<Utc>,
) -> StorageResult<Option<String>> {
    let row = org_name::Entity::find()
        .filter(org_name::Column::OrgId.eq(org.0))
        .filter(org_name::Column::ValidFrom.lte(at))
        .order_by_desc(org_name::Column::ValidFrom)
        .order_by_desc(org_name::Column::Id)
        .one(db)
        .await?;
    Ok(row.map(|r| r.name))
}

/// Every name an organisation has had, oldest first.
pub async fn name_history<C: ConnectionTrait>(
    db: &C,
    org: OrgId,
) -> StorageResult<Vec<org_name::Model>> {
    Ok(org_name::Entity::find()
        .filter(org_name::Column::OrgId.eq(org.0))
        .order_by_asc(org_name::Column::ValidFrom)
        .order_by_asc(org_name::Column::Id)
        .all(db)
        .await?)
}

/// Every active post with its profile, in path order: the posts a reminder may go to.
pub async fn active_posts<C: ConnectionTrait>(db: &C) -> StorageResult<Vec<Org>> {
    let models = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(OrgKind::Post.as_str()))
        .filter(organisation::Column::Status.eq(OrgStatus::Active.as_str()))
        .order_by_asc(organisation::Column::Path)
        .all(db)
        .await?;
    with_profiles(db, models).await
}

/// Active organisations of a kind, as (id, path) in path order: the units a reminder may go to.
pub async fn active_of_kind<C: ConnectionTrait>(
    db: &C,
    kind: OrgKind,
) -> StorageResult<Vec<(OrgId, OrgPath)>> {
    let rows: Vec<(i64, String)> = organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::Path)
        .filter(organisation::Column::Kind.eq(kind.as_str()))
        .filter(organisation::Column::Status.eq(OrgStatus::Active.as_str()))
        .order_by_asc(organisation::Column::Path)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, path)| (OrgId(id), OrgPath::from_stored(path)))
        .collect())
}
