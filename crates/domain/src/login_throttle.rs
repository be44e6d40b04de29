//! Login throttling, per username, per known device and per client address: a few free
//! failures, then a growing delay before the next attempt is even checked, then a temporary
//! lock. Buckets are keyed by the username as typed, whether or not such an account exists,
//! so unknown, existing and locked accounts behave (and answer) alike.

use chrono::{DateTime, Duration, Utc};

/// The thresholds of one kind of bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures answered without any delay.
    pub free_failures: i32,
    /// The failure that locks the bucket.
    pub lock_at: i32,
    /// The delay after the first failure past the free ones; doubles with each further one.
    pub first_delay_secs: i64,
    /// The longest delay.
    pub max_delay_secs: i64,
    /// How long a lock lasts (unless lifted earlier). Failures are also forgotten after this
    /// long without an attempt.
    pub lock_secs: i64,
}

/// Attempts on one username from browsers it has not signed in from before.
pub const ACCOUNT: ThrottlePolicy = ThrottlePolicy {
    free_failures: 3,
    lock_at: 5,
    first_delay_secs: 2,
    max_delay_secs: 30,
    lock_secs: 15 * 60,
};

/// Attempts on an account from a browser that signed in to it before (its own bucket, so a
/// stranger's failures never lock the account's owner out of her own computer).
pub const DEVICE: ThrottlePolicy = ACCOUNT;

/// Attempts from one client address, whatever the username (password spraying). Generous: a
/// whole federation office may share one address.
pub const ADDRESS: ThrottlePolicy = ThrottlePolicy {
    free_failures: 20,
    lock_at: 60,
    first_delay_secs: 1,
    max_delay_secs: 60,
    lock_secs: 15 * 60,
};

/// What a bucket does after its `failures`th failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// The next attempt may come at once.
    Free,
    /// No attempt is checked before then.
    Delay(DateTime<Utc>),
    /// Locked until then (this failure set the lock).
    Lock(DateTime<Utc>),
}

impl ThrottlePolicy {
    pub fn after_failure(&self, failures: i32, now: DateTime<Utc>) -> AfterFailure {
        if failures >= self.lock_at {
            return AfterFailure::Lock(now + self.lock());
        }
        if failures <= self.free_failures {
            return AfterFailure::Free;
        }
        let doublings = (failures - self.free_failures - 1).clamp(0, 30) as u32;
        let secs = self
            .first_delay_secs
            .saturating_mul(1_i64 << doublings)
            .min(self.max_delay_secs);
        AfterFailure::Delay(now + Duration::seconds(secs))
    }

    pub fn lock(&self) -> Duration {
        Duration::seconds(self.lock_secs)
    }

    /// Failures older than this (no attempt since) are forgotten.
    pub fn forget_before(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - self.lock()
    }
}

/// The bucket keys of an attempt (the storage key names the kind, so kinds never collide).
pub fn username_key(username: &str) -> String {
    format!("u:{}", username.trim().to_lowercase())
}

pub fn device_key(device_hash: &str) -> String {
    format!("d:{device_hash}")
}

pub fn address_key(address: &str) -> String {
    format!("a:{address}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn failures_are_free_then_delayed_then_locked() {
        let now = Utc.with_ymd_and_hms(2026, 6, 1, 4, 0, 0).unwrap();
        let s = Duration::seconds;
        let cases = [
            (&ACCOUNT, 1, AfterFailure::Free),
            (&ACCOUNT, 3, AfterFailure::Free),
            (&ACCOUNT, 4, AfterFailure::Delay(now + s(2))),
            (&ACCOUNT, 5, AfterFailure::Lock(now + Duration::minutes(15))),
            (&ACCOUNT, 9, AfterFailure::Lock(now + Duration::minutes(15))),
            (&ADDRESS, 20, AfterFailure::Free),
            (&ADDRESS, 21, AfterFailure::Delay(now + s(1))),
            (&ADDRESS, 22, AfterFailure::Delay(now + s(2))),
            (&ADDRESS, 25, AfterFailure::Delay(now + s(16))),
            (&ADDRESS, 27, AfterFailure::Delay(now + s(60))),
            (&ADDRESS, 59, AfterFailure::Delay(now + s(60))),
            (
                &ADDRESS,
                60,
                AfterFailure::Lock(now + Duration::minutes(15)),
            ),
        ];
        for (policy, failures, expected) in cases {
            assert_eq!(policy.after_failure(failures, now), expected, "{failures}");
        }
    }

    #[test]
    fn keys_name_their_kind_and_ignore_case() {
        assert_eq!(username_key(" CQ_Admin "), "u:cq_admin");
        assert_eq!(device_key("ab"), "d:ab");
        assert_eq!(address_key("10.0.0.1"), "a:10.0.0.1");
    }
}
