//! Importing accounts: rows checked in memory against the organisations and usernames already
//! stored, passwords hashed in parallel off the async threads, then one insert transaction.

use super::columns::{
    ACCOUNT_COLUMNS, ColumnMap, DISPLAY_NAME, ORG_CODE, PASSWORD, ROLE, USERNAME, header_of,
};
use super::read::{Row, Sheet};
use super::{ImportKind, ImportMode, ImportReport, RowError};
use crate::accounts::AccountDraft;
use crate::accounts::create::validate_draft;
use crate::actor::SignedIn;
use crate::audit::{self, RequestMeta, codes};
use crate::auth::password;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::account::{Role, parse_username};
use jinguo_domain::org::{OrgKind, OrgStatus};
use jinguo_domain::validation::FieldIssue;
use jinguo_domain::{OrgId, Permit};
use jinguo_storage::StorageError;
use jinguo_storage::repo::accounts::{self, NewAccount};
use jinguo_storage::repo::org_bulk::{self, OrgKey};
use jinguo_storage::repo::orgs;
use std::collections::{HashMap, HashSet};

/// The stored column's width; an organisation's name (up to 100 characters) may be longer.
const MAX_DISPLAY_NAME_CHARS: usize = 80;

/// An account row that passed every check.
struct Valid<'s> {
    org_id: OrgId,
    username: String,
    display_name: &'s str,
    role: Role,
    password: &'s str,
}

#[expect(
    clippy::too_many_arguments,
    reason = "the import's steps share one context"
)]
pub(super) async fn import_accounts(
    ctx: &Ctx,
    who: &SignedIn,
    permit: &Permit,
    sheet: &Sheet,
    map: &ColumnMap,
    mode: ImportMode,
    file_name: &str,
    meta: &RequestMeta,
) -> ServiceResult<ImportReport> {
    let db = &ctx.db.conn;
    let stored = org_bulk::all_keys(db).await?;
    let usernames: Vec<String> = sheet
        .rows
        .iter()
        .filter_map(|row| parse_username(map.cell(row, &USERNAME)).ok())
        .collect();
    let taken: HashSet<String> = accounts::existing_usernames(db, &usernames)
        .await?
        .into_iter()
        .collect();
    let valid = check(sheet, map, who, &stored, &taken)
        .map_err(|errors| ImportReport::refused(ImportKind::Accounts, sheet.rows.len(), errors))?;
    if mode == ImportMode::DryRun {
        // Nothing hashed: the passwords were checked, and a dry run writes nothing.
        return Ok(ImportReport {
            kind: ImportKind::Accounts,
            mode,
            rows_read: sheet.rows.len(),
            inserted: valid.len(),
            skipped: 0,
            errors: Vec::new(),
        });
    }

    // An empty 姓名 defaults to the organisation's name, as when an admin adds one account.
    let unnamed: Vec<OrgId> = valid
        .iter()
        .filter(|v| v.display_name.is_empty())
        .map(|v| v.org_id)
        .collect();
    let org_names: HashMap<OrgId, String> = if unnamed.is_empty() {
        HashMap::new()
    } else {
        let mut ids = unnamed;
        ids.sort_unstable();
        ids.dedup();
        orgs::by_ids(db, &ids)
            .await?
            .into_iter()
            .map(|(id, org)| (id, org.name.chars().take(MAX_DISPLAY_NAME_CHARS).collect()))
            .collect()
    };
    let hashes = hash_all(valid.iter().map(|v| v.password.to_string()).collect()).await?;
    let rows: Vec<NewAccount<'_>> = valid
        .iter()
        .zip(&hashes)
        .map(|(v, hash)| NewAccount {
            org_id: v.org_id,
            username: &v.username,
            display_name: if v.display_name.is_empty() {
                org_names
                    .get(&v.org_id)
                    .map_or(v.username.as_str(), String::as_str)
            } else {
                v.display_name
            },
            role: v.role,
            password_hash: hash,
            must_change_password: true,
        })
        .collect();

    let txn = ctx.db.begin_write().await?;
    let inserted = match accounts::insert_bulk(&txn, permit, who.org.id, &rows, ctx.now()).await {
        Ok(n) => n,
        // A username taken since the check: the unique index refuses the whole batch.
        Err(StorageError::Conflict(detail)) => return Err(ServiceError::Conflict(detail)),
        Err(other) => return Err(other.into()),
    };
    let detail = format!("accounts: {} rows", rows.len());
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        codes::IMPORT,
        file_name,
        &detail,
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(ImportReport {
        kind: ImportKind::Accounts,
        mode,
        rows_read: sheet.rows.len(),
        inserted,
        skipped: 0,
        errors: Vec::new(),
    })
}

/// Every check, in memory: a refusal lists every problem found.
fn check<'s>(
    sheet: &'s Sheet,
    map: &ColumnMap,
    who: &SignedIn,
    stored: &HashMap<String, OrgKey>,
    taken: &HashSet<String>,
) -> Result<Vec<Valid<'s>>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut valid = Vec::with_capacity(sheet.rows.len());
    let mut seen: HashSet<String> = HashSet::with_capacity(sheet.rows.len());
    for row in &sheet.rows {
        let before = errors.len();
        let org = find_org(row, map, who, stored, &mut errors);
        let draft = AccountDraft {
            username: map.cell(row, &USERNAME).to_string(),
            display_name: map.cell(row, &DISPLAY_NAME).to_string(),
            role: map.cell(row, &ROLE).to_string(),
            password: map.cell(row, &PASSWORD).to_string(),
        };
        // Without a known organisation the role cannot be fitted; the other fields still can.
        let kind = org.map_or(OrgKind::Post, |key| key.kind);
        let checked = validate_draft(&draft, kind).map_err(|problems| {
            for problem in problems.0 {
                if org.is_none()
                    && problem.field == ROLE.key
                    && problem.issue == FieldIssue::NotAllowedHere
                {
                    continue;
                }
                errors.push(RowError {
                    row: row.number,
                    column: header_of(ACCOUNT_COLUMNS, &problem.field),
                    issue: problem.issue,
                });
            }
        });
        if let Ok(username) = parse_username(&draft.username) {
            let duplicate = taken.contains(&username) || !seen.insert(username.clone());
            if duplicate {
                errors.push(RowError::new(
                    row.number,
                    USERNAME.header,
                    FieldIssue::DuplicateUsername { username },
                ));
            }
        }
        if let (Ok((username, role)), Some(org), true) = (checked, org, errors.len() == before) {
            valid.push(Valid {
                org_id: org.id,
                username,
                display_name: map.cell(row, &DISPLAY_NAME),
                role,
                password: map.cell(row, &PASSWORD),
            });
        }
    }
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(errors)
    }
}

/// The row's organisation if it exists within the importer's subtree and is active. One
/// outside the subtree reads as unknown, so nothing leaks about it.
fn find_org<'k>(
    row: &Row,
    map: &ColumnMap,
    who: &SignedIn,
    stored: &'k HashMap<String, OrgKey>,
    errors: &mut Vec<RowError>,
) -> Option<&'k OrgKey> {
    let code = map.cell(row, &ORG_CODE);
    if code.is_empty() {
        errors.push(RowError::new(
            row.number,
            ORG_CODE.header,
            FieldIssue::Required,
        ));
        return None;
    }
    match stored.get(code) {
        Some(key) if key.path.is_within(&who.org.path) => {
            if key.status == OrgStatus::Active {
                Some(key)
            } else {
                errors.push(RowError::new(
                    row.number,
                    ORG_CODE.header,
                    FieldIssue::NotAllowedHere,
                ));
                None
            }
        }
        _ => {
            errors.push(RowError::new(
                row.number,
                ORG_CODE.header,
                FieldIssue::UnknownOrg {
                    code: code.to_string(),
                },
            ));
            None
        }
    }
}

/// Hashes passwords on blocking threads, one chunk per core; the order is kept.
async fn hash_all(passwords: Vec<String>) -> ServiceResult<Vec<String>> {
    if passwords.is_empty() {
        return Ok(Vec::new());
    }
    let workers = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .clamp(1, 8);
    let chunk = passwords.len().div_ceil(workers);
    let tasks: Vec<_> = passwords
        .chunks(chunk)
        .map(<[String]>::to_vec)
        .map(|chunk| {
            tokio::task::spawn_blocking(move || {
                chunk
                    .iter()
                    .map(|p| password::hash_blocking(p))
                    .collect::<ServiceResult<Vec<String>>>()
            })
        })
        .collect();
    let mut hashes = Vec::with_capacity(passwords.len());
    for task in tasks {
        hashes.extend(
            task.await
                .map_err(|e| ServiceError::Internal(e.to_string()))??,
        );
    }
    Ok(hashes)
}
