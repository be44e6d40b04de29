//! The hourly clean-up of sign-in state: expired sessions, login throttle buckets a day past
//! their last attempt (unless still locked), and known devices past their lifetime.

use crate::auth::login::KNOWN_DEVICE_DAYS;
use crate::context::Ctx;
use crate::error::ServiceResult;
use chrono::Duration;
use jinguo_storage::repo::{login_throttles, sessions};

/// How many rows one sweep removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub throttles: u64,
    pub devices: u64,
}

/// Idempotent and safe on several instances at once (plain deletes by age).
pub async fn sweep_sign_in_state(ctx: &Ctx) -> ServiceResult<Swept> {
    let now = ctx.now();
    let db = &ctx.db.conn;
    Ok(Swept {
        sessions: sessions::delete_expired(db, now).await?,
        throttles: login_throttles::delete_stale(db, now - Duration::days(1), now).await?,
        devices: sessions::delete_unseen_devices(db, now - Duration::days(KNOWN_DEVICE_DAYS))
            .await?,
    })
}
