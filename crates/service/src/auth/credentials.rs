//! Ending what proves an account's identity when its password or status changes: API tokens,
//! browser sessions and known devices. Run inside the caller's write transaction.

use crate::error::ServiceResult;
use crate::secrets::token_hash;
use chrono::{DateTime, Utc};
use jinguo_domain::AccountId;
use jinguo_storage::ConnectionTrait;
use jinguo_storage::repo::{sessions, tokens};

/// Which browser session survives.
#[derive(Debug, Clone, Copy)]
pub enum Keep<'a> {
    /// None: an admin reset the password or disabled the account.
    Nothing,
    /// The owner changed her own password from this session (its cookie value): the other
    /// sessions end, this one stays so she is not signed out by her own change.
    Session(&'a str),
}

/// Revokes every API token, ends the sessions (but `keep`) and forgets the known devices.
pub async fn end_all<C: ConnectionTrait>(
    db: &C,
    account: AccountId,
    keep: Keep<'_>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    tokens::revoke_all_for_account(db, account, now).await?;
    match keep {
        Keep::Nothing => {
            sessions::delete_for_account(db, account).await?;
        }
        Keep::Session(token) => {
            sessions::delete_other_sessions(db, account, &token_hash(token)).await?;
        }
    }
    sessions::forget_known_devices(db, account, None).await?;
    Ok(())
}
