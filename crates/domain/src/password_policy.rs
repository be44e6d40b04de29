//! What a new password must be beyond length and a letter and a digit (`account`): not one of
//! the 10,000 most common passwords, not containing the username or the organisation code, not
//! one of the account's last five; and when an account's password is due for a change.
//! Existing passwords are never re-checked: the policy applies when a password is set.

use chrono::{DateTime, Duration, Utc};

/// How many of an account's passwords (the current one included) may not be chosen again.
pub const REMEMBERED_PASSWORDS: usize = 5;

/// Why a password that is long enough is still refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRefused {
    #[error("among the most common passwords")]
    Common,
    #[error("contains the username")]
    ContainsUsername,
    #[error("contains the organisation code")]
    ContainsOrgCode,
    #[error("one of the account's last passwords")]
    RecentlyUsed { remembered: usize },
}

/// Who the password is for, to refuse passwords made of their own names.
#[derive(Debug, Clone, Copy)]
pub struct PasswordOwner<'a> {
    pub username: &'a str,
    pub org_code: &'a str,
}

/// The rules that need no history (the caller checks `REMEMBERED_PASSWORDS` with argon2).
pub fn check_password_policy(
    password: &str,
    owner: PasswordOwner<'_>,
) -> Result<(), PasswordRefused> {
    let lower = password.to_lowercase();
    if is_common(&lower) {
        return Err(PasswordRefused::Common);
    }
    let username = owner.username.trim().to_lowercase();
    if username.chars().count() >= 3 && lower.contains(&username) {
        return Err(PasswordRefused::ContainsUsername);
    }
    // Organisation codes are short (CN, 50, 500103): even two characters count, as `CN` or
    // `50` inside a password is exactly the guess an attacker tries first.
    let code = owner.org_code.trim().to_lowercase();
    if code.chars().count() >= 2 && lower.contains(&code) {
        return Err(PasswordRefused::ContainsOrgCode);
    }
    Ok(())
}

/// Lowercase, and also with common decorations taken off (`password1!` is `password`).
fn is_common(lower: &str) -> bool {
    let list = common_passwords();
    if list.contains(lower) {
        return true;
    }
    let stripped = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    stripped.len() >= 4 && stripped != lower && list.contains(stripped)
}

fn common_passwords() -> &'static std::collections::HashSet<&'static str> {
    static LIST: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../data/common_passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// When a password set at `changed_at` must be changed, with changes required every `max_age_days`
/// (0: never).
pub fn password_change_due(
    changed_at: DateTime<Utc>,
    max_age_days: u32,
    now: DateTime<Utc>,
) -> bool {
    max_age_days > 0 && now - changed_at >= Duration::days(i64::from(max_age_days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const OWNER: PasswordOwner<'static> = PasswordOwner {
        username: "cq_admin",
        org_code: "50",
    };

    #[test]
    fn the_list_holds_ten_thousand_passwords() {
        assert_eq!(common_passwords().len(), 10_000);
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        let cases = [
            ("password1", Err(PasswordRefused::Common)),
            ("Password1", Err(PasswordRefused::Common)),
            ("PASSWORD123", Err(PasswordRefused::Common)),
            ("abc12345", Err(PasswordRefused::Common)),
            ("qwerty123!", Err(PasswordRefused::Common)),
            ("iloveyou2", Err(PasswordRefused::Common)),
            ("cq_admin2026", Err(PasswordRefused::ContainsUsername)),
            ("XCQ_ADMIN9x", Err(PasswordRefused::ContainsUsername)),
            ("Chongqing50x", Err(PasswordRefused::ContainsOrgCode)),
            ("Jinguo@2020", Ok(())),
            ("Jinguo@2020new", Ok(())),
            ("Gangwei2026", Ok(())),
            ("巾帼文明岗网上行2026", Ok(())),
        ];
        for (password, expected) in cases {
            assert_eq!(
                check_password_policy(password, OWNER),
                expected,
                "{password}"
            );
        }
    }

    #[test]
    fn short_usernames_and_codes_are_compared_from_their_length() {
        let national = PasswordOwner {
            username: "qg_admin",
            org_code: "CN",
        };
        assert_eq!(
            check_password_policy("Zhongguo-cn-7", national),
            Err(PasswordRefused::ContainsOrgCode)
        );
        assert_eq!(check_password_policy("Zhonghua-7x", national), Ok(()));
        let one_char = PasswordOwner {
            username: "qg_admin",
            org_code: "5",
        };
        assert_eq!(check_password_policy("Tianjin5x9", one_char), Ok(()));
    }

    #[test]
    fn a_change_is_due_only_when_required_and_old_enough() {
        let set = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let cases = [
            (0, 400, false),
            (90, 89, false),
            (90, 90, true),
            (90, 365, true),
            (30, 29, false),
        ];
        for (max_age, days_later, due) in cases {
            let now = set + Duration::days(days_later);
            assert_eq!(
                password_change_due(set, max_age, now),
                due,
                "{max_age} {days_later}"
            );
        }
    }
}
