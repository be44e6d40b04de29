//! Account rules: roles, usernames, password strength and the failed-login lock.

use crate::validation::{FieldErrors, FieldIssue};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A post's writer (投稿人).
    Submitter,
    /// A federation's reviewer (审核员).
    Reviewer,
    /// Manages organisations and accounts of its subtree (管理员).
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Submitter => "submitter",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "submitter" | "投稿人" | "投稿员" => Some(Role::Submitter),
            "reviewer" | "审核员" | "审核人" => Some(Role::Reviewer),
            "admin" | "管理员" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Submitter => "投稿人",
            Role::Reviewer => "审核员",
            Role::Admin => "管理员",
        }
    }

    pub const ALL: [Role; 3] = [Role::Submitter, Role::Reviewer, Role::Admin];
}

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Usernames are ASCII so they can be typed on any keyboard and exported safely.
pub fn parse_username(raw: &str) -> Result<String, FieldIssue> {
    let username = raw.trim().to_ascii_lowercase();
    if username.is_empty() {
        return Err(FieldIssue::Required);
    }
    if username.len() < 3 {
        return Err(FieldIssue::TooShort { min: 3 });
    }
    if username.len() > 40 {
        return Err(FieldIssue::TooLong { max: 40 });
    }
    let valid = username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
    if !valid {
        return Err(FieldIssue::BadUsername);
    }
    Ok(username)
}

/// A new password must be 8+ characters with at least a letter and a digit.
pub fn check_password_strength(password: &str) -> Result<(), FieldIssue> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(FieldIssue::TooShort {
            min: MIN_PASSWORD_CHARS,
        });
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(FieldIssue::TooLong {
            max: MAX_PASSWORD_CHARS,
        });
    }
    let has_letter = password.chars().any(|c| c.is_alphabetic());
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    if !(has_letter && has_digit) {
        return Err(FieldIssue::PasswordTooWeak);
    }
    Ok(())
}

/// Validates a password change form.
pub fn check_new_password(current: &str, new: &str, repeat: &str) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    if let Err(issue) = check_password_strength(new) {
        errors.add("new_password", issue);
    } else if new == current {
        errors.add("new_password", FieldIssue::PasswordUnchanged);
    }
    if new != repeat {
        errors.add("repeat_password", FieldIssue::PasswordMismatch);
    }
    errors.into_result(())
}

/// After this many consecutive failures the account is locked.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// How long a lock lasts.
pub fn lock_duration() -> Duration {
    Duration::minutes(15)
}

/// The login-failure state stored on an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginGuard {
    pub failed_logins: i32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl LoginGuard {
    pub fn is_locked(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| *until > now)
    }

    /// The state after one more wrong password.
    pub fn after_failure(&self, now: DateTime<Utc>) -> LoginGuard {
        // A lock that has run out starts a fresh count.
        let previous = if self.locked_until.is_some_and(|until| until <= now) {
            0
        } else {
            self.failed_logins
        };
        let failed_logins = previous + 1;
        let locked_until = if failed_logins >= MAX_FAILED_LOGINS {
            Some(now + lock_duration())
        } else {
            None
        };
        LoginGuard {
            failed_logins,
            locked_until,
        }
    }

    pub fn remaining_attempts(&self) -> i32 {
        (MAX_FAILED_LOGINS - self.failed_logins).max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn five_failures_lock_for_fifteen_minutes_then_the_count_restarts() {
        let now = Utc.with_ymd_and_hms(2026, 5, 1, 1, 0, 0).unwrap();
        let mut guard = LoginGuard {
            failed_logins: 0,
            locked_until: None,
        };
        for _ in 0..4 {
            guard = guard.after_failure(now);
            assert_eq!(guard.is_locked(now), None);
        }
        guard = guard.after_failure(now);
        assert_eq!(guard.is_locked(now), Some(now + Duration::minutes(15)));
        let later = now + Duration::minutes(16);
        assert_eq!(guard.is_locked(later), None);
        assert_eq!(guard.after_failure(later).failed_logins, 1);
    }

    #[test]
    fn passwords_need_length_a_letter_and_a_digit() {
        let cases = [
            ("short1", Err(FieldIssue::TooShort { min: 8 })),
            ("onlyletters", Err(FieldIssue::PasswordTooWeak)),
            ("12345678", Err(FieldIssue::PasswordTooWeak)),
            ("巾帼2020", Err(FieldIssue::TooShort { min: 8 })),
            ("巾帼文明岗网上行2020", Ok(())),
            ("Jinguo2020", Ok(())),
        ];
        for (password, expected) in cases {
            assert_eq!(check_password_strength(password), expected, "{password}");
        }
    }

    #[test]
    fn usernames_are_lowercased_ascii() {
        assert_eq!(parse_username(" CQ.Admin "), Ok("cq.admin".to_string()));
        assert_eq!(parse_username("重庆"), Err(FieldIssue::BadUsername));
        assert_eq!(parse_username("ab"), Err(FieldIssue::TooShort { min: 3 }));
    }
}
