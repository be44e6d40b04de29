//! Accounts: credentials, role, lock state.

use crate::entity::account;
use crate::error::StorageResult;
use crate::repo::require;
use chrono::{DateTime, Utc};
use jinguo_domain::account::{LoginGuard, Role};
use jinguo_domain::org::OrgPath;
use jinguo_domain::{AccountId, Action, OrgId, Permit};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub org_id: OrgId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub must_change_password: bool,
    pub disabled: bool,
    pub guard: LoginGuard,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// When the current password was set (the account's creation when not recorded).
    pub password_changed_at: DateTime<Utc>,
}

fn to_account(m: account::Model) -> Account {
    Account {
        id: AccountId(m.id),
        org_id: OrgId(m.org_id),
        role: Role::parse(&m.role).unwrap_or(Role::Submitter),
        guard: LoginGuard {
            failed_logins: m.failed_logins,
            locked_until: m.locked_until,
        },
        username: m.username,
        display_name: m.display_name,
        password_hash: m.password_hash,
        must_change_password: m.must_change_password,
        disabled: m.disabled,
        created_at: m.created_at,
        last_login_at: m.last_login_at,
        password_changed_at: m.password_changed_at.unwrap_or(m.created_at),
    }
}

/// Fields of a new account; the password is already hashed.
pub struct NewAccount<'a> {
    pub org_id: OrgId,
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub must_change_password: bool,
}

fn new_model(new: &NewAccount<'_>, now: DateTime<Utc>) -> account::ActiveModel {
    account::ActiveModel {
        org_id: Set(new.org_id.0),
        username: Set(new.username.to_string()),
        display_name: Set(new.display_name.to_string()),
        role: Set(new.role.as_str().to_string()),
        password_hash: Set(new.password_hash.to_string()),
        must_change_password: Set(new.must_change_password),
        disabled: Set(false),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now),
        last_login_at: Set(None),
        password_changed_at: Set(Some(now)),
        ..Default::default()
    }
}

/// Adds an account; the permit must be `ManageAccounts` on the account's organisation.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    new: &NewAccount<'_>,
    now: DateTime<Utc>,
) -> StorageResult<Account> {
    require(permit, Action::ManageAccounts, new.org_id)?;
    insert_unchecked(db, new, now).await
}

/// Adds an account without a permit: only for setup by the operator (`jinguo user add`, demo),
/// who acts outside the tree.
pub async fn insert_by_operator<C: ConnectionTrait>(
    db: &C,
    new: &NewAccount<'_>,
    now: DateTime<Utc>,
) -> StorageResult<Account> {
    insert_unchecked(db, new, now).await
}

async fn insert_unchecked<C: ConnectionTrait>(
    db: &C,
    new: &NewAccount<'_>,
    now: DateTime<Utc>,
) -> StorageResult<Account> {
    Ok(to_account(new_model(new, now).insert(db).await?))
}

/// Inserts many accounts in few statements (bulk import); permit `ImportBelow` on `root`.
pub async fn insert_bulk<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    root: OrgId,
    rows: &[NewAccount<'_>],
    now: DateTime<Utc>,
) -> StorageResult<usize> {
    require(permit, Action::ImportBelow, root)?;
    for chunk in rows.chunks(400) {
        let models: Vec<_> = chunk.iter().map(|r| new_model(r, now)).collect();
        account::Entity::insert_many(models)
            .exec_without_returning(db)
            .await?;
    }
    Ok(rows.len())
}

pub async fn get<C: ConnectionTrait>(db: &C, id: AccountId) -> StorageResult<Option<Account>> {
    Ok(account::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(to_account))
}

pub async fn get_by_username<C: ConnectionTrait>(
    db: &C,
    username: &str,
) -> StorageResult<Option<Account>> {
    Ok(account::Entity::find()
        .filter(account::Column::Username.eq(username))
        .one(db)
        .await?
        .map(to_account))
}

pub async fn existing_usernames<C: ConnectionTrait>(
    db: &C,
    names: &[String],
) -> StorageResult<Vec<String>> {
    let mut found = Vec::new();
    for chunk in names.chunks(500) {
        let rows = account::Entity::find()
            .filter(account::Column::Username.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        found.extend(rows.into_iter().map(|r| r.username));
    }
    Ok(found)
}

pub async fn list_by_org<C: ConnectionTrait>(db: &C, org: OrgId) -> StorageResult<Vec<Account>> {
    Ok(account::Entity::find()
        .filter(account::Column::OrgId.eq(org.0))
        .order_by_asc(account::Column::Username)
        .all(db)
        .await?
        .into_iter()
        .map(to_account)
        .collect())
}

/// Accounts anywhere in a subtree, with the path of their organisation, newest first.
pub async fn list_in_subtree<C: ConnectionTrait>(
    db: &C,
    root: &OrgPath,
    query: &str,
    limit: u64,
    offset: u64,
) -> StorageResult<(Vec<Account>, u64)> {
    let backend = db.get_database_backend();
    let escaped = query
        .trim()
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let like = format!("%{escaped}%");
    let sql_where = "FROM accounts a JOIN organisations o ON o.id = a.org_id \
                     WHERE o.path LIKE $1 AND (LOWER(a.username) LIKE $2 ESCAPE '\\' \
                     OR a.display_name LIKE $2 ESCAPE '\\' OR o.name LIKE $2 ESCAPE '\\')";
    let prefix = format!("{}%", root.as_str());
    let total_row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT COUNT(*) AS n {sql_where}"),
            [prefix.clone().into(), like.clone().into()],
        ))
        .await?;
    let total: i64 = match total_row {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    let ids: Vec<i64> = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT a.id AS id {sql_where} ORDER BY o.path, a.username, a.id LIMIT $3 OFFSET $4"
            ),
            [
                prefix.into(),
                like.into(),
                (limit as i64).into(),
                (offset as i64).into(),
            ],
        ))
        .await?
        .into_iter()
        .map(|row| row.try_get::<i64>("", "id"))
        .collect::<Result<_, _>>()?;
    let mut accounts: Vec<Account> = account::Entity::find()
        .filter(account::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(to_account)
        .collect();
    accounts.sort_by_key(|a| ids.iter().position(|id| *id == a.id.0));
    Ok((accounts, total.max(0) as u64))
}

pub async fn count<C: ConnectionTrait>(db: &C) -> StorageResult<u64> {
    Ok(account::Entity::find().count(db).await?)
}

/// Claims one password check for a login attempt, atomically: the count of failures (and of
/// checks still in flight) goes up by one, restarting at one when an old lock has run out, but
/// never past `max`. Concurrent attempts each get their own number, so however many wrong
/// passwords arrive together at most `max` are checked against the hash; `None` means the
/// account is locked or `max` checks are in flight (the caller waits for them to resolve).
/// A right password clears the count (`record_login_success`); a wrong one that finds the
/// count at `max` sets the lock (`lock_if_exhausted`).
pub async fn claim_login_attempt<C: ConnectionTrait>(
    db: &C,
    id: AccountId,
    now: DateTime<Utc>,
    max: i32,
) -> StorageResult<Option<LoginGuard>> {
    // In an UPDATE every column on the right-hand side is the old value, on both backends.
    let expired = "locked_until IS NOT NULL AND locked_until <= $2";
    let next = format!("CASE WHEN {expired} THEN 1 ELSE failed_logins + 1 END");
    let sql = format!(
        "UPDATE accounts SET failed_logins = {next}, \
         locked_until = CASE WHEN {expired} THEN NULL ELSE locked_until END \
         WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2) AND {next} <= $3 \
         RETURNING failed_logins, locked_until"
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [id.0.into(), now.into(), max.into()],
        ))
        .await?;
    match row {
        Some(row) => Ok(Some(LoginGuard {
            failed_logins: row.try_get("", "failed_logins")?,
            locked_until: row.try_get("", "locked_until")?,
        })),
        None => Ok(None),
    }
}

/// Locks the account until `until` if its count has reached `max` and it is not locked yet;
/// the lock in force afterwards, if any.
pub async fn lock_if_exhausted<C: ConnectionTrait>(
    db: &C,
    id: AccountId,
    now: DateTime<Utc>,
    max: i32,
    until: DateTime<Utc>,
) -> StorageResult<Option<DateTime<Utc>>> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "UPDATE accounts SET locked_until = $4 WHERE id = $1 AND failed_logins >= $3 \
         AND (locked_until IS NULL OR locked_until <= $2)",
        [id.0.into(), now.into(), max.into(), until.into()],
    ))
    .await?;
    Ok(get(db, id).await?.and_then(|a| a.guard.is_locked(now)))
}

/// Gives back a claimed attempt without counting it as a failure (a right password on an
/// account that may not sign in for another reason).
pub async fn clear_login_failures<C: ConnectionTrait>(db: &C, id: AccountId) -> StorageResult<()> {
    account::Entity::update_many()
        .col_expr(account::Column::FailedLogins, Expr::value(0))
        .col_expr(
            account::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(account::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn record_login_success<C: ConnectionTrait>(
    db: &C,
    id: AccountId,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    account::Entity::update_many()
        .col_expr(account::Column::FailedLogins, Expr::value(0))
        .col_expr(
            account::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(account::Column::LastLoginAt, Expr::value(Some(now)))
        .filter(account::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// The account holder changes their own password (no permit: they prove it with the old one).
pub async fn set_own_password<C: ConnectionTrait>(
    db: &C,
    id: AccountId,
    hash: &str,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(hash))
        .col_expr(account::Column::MustChangePassword, Expr::value(false))
        .col_expr(account::Column::PasswordChangedAt, Expr::value(Some(now)))
        .filter(account::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// An admin resets a password: the holder must choose a new one at the next login, and any
/// lock is lifted.
pub async fn reset_password<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    target: &Account,
    hash: &str,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    require(permit, Action::ManageAccounts, target.org_id)?;
    account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(hash))
        .col_expr(account::Column::MustChangePassword, Expr::value(true))
        .col_expr(account::Column::PasswordChangedAt, Expr::value(Some(now)))
        .col_expr(account::Column::FailedLogins, Expr::value(0))
        .col_expr(
            account::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(account::Column::Id.eq(target.id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_disabled<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    target: &Account,
    disabled: bool,
) -> StorageResult<()> {
    require(permit, Action::ManageAccounts, target.org_id)?;
    account::Entity::update_many()
        .col_expr(account::Column::Disabled, Expr::value(disabled))
        .filter(account::Column::Id.eq(target.id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Disables every account of a merged organisation (its federation no longer exists).
pub async fn disable_all_in_org<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    org: OrgId,
) -> StorageResult<u64> {
    require(permit, Action::MergeOrg, org)?;
    Ok(account::Entity::update_many()
        .col_expr(account::Column::Disabled, Expr::value(true))
        .filter(account::Column::OrgId.eq(org.0))
        .exec(db)
        .await?
        .rows_affected)
}

/// Account ids of an organisation, for ending their sessions.
pub async fn ids_in_org<C: ConnectionTrait>(db: &C, org: OrgId) -> StorageResult<Vec<AccountId>> {
    Ok(account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .filter(account::Column::OrgId.eq(org.0))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .map(AccountId)
        .collect())
}

/// Remembers a password hash the account no longer uses (so it cannot be chosen again soon),
/// keeping only the newest `keep`.
pub async fn push_password_history<C: ConnectionTrait>(
    db: &C,
    id: AccountId,
    old_hash: &str,
    now: DateTime<Utc>,
    keep: usize,
) -> StorageResult<()> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        "INSERT INTO password_history (account_id, password_hash, created_at) VALUES ($1, $2, $3)",
        [id.0.into(), old_hash.into(), now.into()],
    ))
    .await?;
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        "DELETE FROM password_history WHERE account_id = $1 AND id NOT IN \
         (SELECT id FROM password_history WHERE account_id = $1 ORDER BY id DESC LIMIT $2)",
        [id.0.into(), (keep as i64).into()],
    ))
    .await?;
    Ok(())
}

/// The hashes of the account's previous passwords, newest first, at most `limit`.
pub async fn recent_password_hashes<C: ConnectionTrait>(
    db: &C,
    id: AccountId,
    limit: usize,
) -> StorageResult<Vec<String>> {
    db.query_all_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT password_hash FROM password_history WHERE account_id = $1 \
         ORDER BY id DESC LIMIT $2",
        [id.0.into(), (limit as i64).into()],
    ))
    .await?
    .into_iter()
    .map(|row| {
        row.try_get::<String>("", "password_hash")
            .map_err(Into::into)
    })
    .collect()
}

/// The password is due for a change (the rotation rule): the holder must choose a new one
/// before doing anything else.
pub async fn require_password_change<C: ConnectionTrait>(
    db: &C,
    id: AccountId,
) -> StorageResult<()> {
    account::Entity::update_many()
        .col_expr(account::Column::MustChangePassword, Expr::value(true))
        .filter(account::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// The operator created the account with a password its holder chose (`jinguo user add
/// --no-password-change`): no change is forced at the first login.
pub async fn waive_password_change<C: ConnectionTrait>(db: &C, id: AccountId) -> StorageResult<()> {
    account::Entity::update_many()
        .col_expr(account::Column::MustChangePassword, Expr::value(false))
        .filter(account::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}
