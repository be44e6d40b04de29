//! 宣推 (issue 16 §3): the rules of a press kit — how long its share link lives (China dates),
//! whether it still opens, and what national may type when issuing one.

use crate::clock::{china_date, china_day_start};
use crate::limits::{MAX_PRESS_KIT_NOTE_CHARS, MAX_PRESS_KIT_TITLE_CHARS};
use crate::validation::{FieldErrors, FieldIssue, check_one_line};
use chrono::{DateTime, Days, NaiveDate, Utc};

/// A link lives this many China days unless national says otherwise.
pub const DEFAULT_LIFETIME_DAYS: u32 = 30;
/// The longest a link may live: a media push is a matter of weeks, and a forgotten link should
/// not open forever.
pub const MAX_LIFETIME_DAYS: u32 = 90;
/// A federation's press contact: the person and the phone, as in a post's profile.
pub const MAX_CONTACT_PERSON_CHARS: usize = 40;
pub const MAX_CONTACT_PHONE_CHARS: usize = 40;

/// Whether a kit's link opens now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KitState {
    Live,
    /// Past its last day (the link answers “已过期”).
    Expired,
    /// Revoked by national (the link answers “已撤销”), whatever its date.
    Revoked,
}

impl KitState {
    pub fn of(revoked: bool, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> KitState {
        if revoked {
            KitState::Revoked
        } else if now >= expires_at {
            KitState::Expired
        } else {
            KitState::Live
        }
    }
}

/// When a link issued at `now` for `days` China days stops opening: the start of the China day
/// after its last one. The day of issue is the first day, so a link issued on 12月7日 for 30
/// days opens through 1月5日 (China), and one for 1 day through the day it was issued.
pub fn expires_at(now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let first_day = china_date(now);
    china_day_start(first_day + Days::new(u64::from(days)))
}

/// The last China day a link opens (what the pages print as 有效期至).
pub fn last_day(expires_at: DateTime<Utc>) -> NaiveDate {
    china_date(expires_at - chrono::Duration::seconds(1))
}

/// What national typed when issuing a kit, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KitFields {
    pub title: String,
    pub note: String,
    pub days: u32,
}

/// Checks the issuing form: a one-line title (the batch's name, “第一批 中国妇女报”), an
/// optional note for the journalists, and a lifetime of 1 to [`MAX_LIFETIME_DAYS`] days
/// (empty: [`DEFAULT_LIFETIME_DAYS`]).
pub fn check_kit(title: &str, note: &str, days: &str) -> Result<KitFields, FieldErrors> {
    let mut errors = FieldErrors::default();
    let title = title.trim().to_string();
    if title.is_empty() {
        errors.add("title", FieldIssue::Required);
    } else if title.chars().count() > MAX_PRESS_KIT_TITLE_CHARS {
        errors.add(
            "title",
            FieldIssue::TooLong {
                max: MAX_PRESS_KIT_TITLE_CHARS,
            },
        );
    } else if let Err(issue) = check_one_line(&title) {
        errors.add("title", issue);
    }
    let note = note.trim().replace("\r\n", "\n");
    if note.chars().count() > MAX_PRESS_KIT_NOTE_CHARS {
        errors.add(
            "note",
            FieldIssue::TooLong {
                max: MAX_PRESS_KIT_NOTE_CHARS,
            },
        );
    }
    let days = days.trim();
    let days = if days.is_empty() {
        DEFAULT_LIFETIME_DAYS
    } else {
        match days.parse::<u32>() {
            Ok(n) if (1..=MAX_LIFETIME_DAYS).contains(&n) => n,
            _ => {
                errors.add(
                    "days",
                    FieldIssue::OutOfRange {
                        min: 1,
                        max: i64::from(MAX_LIFETIME_DAYS),
                    },
                );
                0
            }
        }
    };
    if errors.is_empty() {
        Ok(KitFields { title, note, days })
    } else {
        Err(errors)
    }
}

/// Checks a federation's press contact: both empty (none recorded) or a person and a phone.
pub fn check_contact(person: &str, phone: &str) -> Result<(String, String), FieldErrors> {
    let mut errors = FieldErrors::default();
    let person = person.trim().to_string();
    let phone = phone.trim().to_string();
    if person.chars().count() > MAX_CONTACT_PERSON_CHARS {
        errors.add(
            "person",
            FieldIssue::TooLong {
                max: MAX_CONTACT_PERSON_CHARS,
            },
        );
    } else if let Err(issue) = check_one_line(&person) {
        errors.add("person", issue);
    } else if person.is_empty() && !phone.is_empty() {
        errors.add("person", FieldIssue::Required);
    }
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+'))
    {
        errors.add("phone", FieldIssue::BadPhone);
    } else if phone.len() > MAX_CONTACT_PHONE_CHARS {
        errors.add(
            "phone",
            FieldIssue::TooLong {
                max: MAX_CONTACT_PHONE_CHARS,
            },
        );
    } else if phone.is_empty() && !person.is_empty() {
        errors.add("phone", FieldIssue::Required);
    }
    if errors.is_empty() {
        Ok((person, phone))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap()
    }

    #[test]
    fn a_link_opens_through_its_last_china_day() {
        // 2026-12-07 23:30 China is 15:30 UTC; 30 days from 12-07: through 2027-01-05 China.
        let issued = utc(2026, 12, 7, 15, 30);
        let ends = expires_at(issued, 30);
        assert_eq!(ends, utc(2027, 1, 5, 16, 0), "2027-01-06 00:00 China");
        assert_eq!(last_day(ends), NaiveDate::from_ymd_opt(2027, 1, 5).unwrap());
        assert_eq!(
            last_day(expires_at(issued, 1)),
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
        );
        // 00:30 China on 12-08 is still 12-07 UTC: the China date counts (from 12-08).
        let after_midnight = utc(2026, 12, 7, 16, 30);
        assert_eq!(
            last_day(expires_at(after_midnight, 30)),
            NaiveDate::from_ymd_opt(2027, 1, 6).unwrap()
        );
    }

    #[test]
    fn the_state_table_holds() {
        let ends = utc(2027, 1, 6, 16, 0);
        let cases = [
            (false, utc(2027, 1, 6, 15, 59), KitState::Live),
            (false, ends, KitState::Expired),
            (false, utc(2027, 3, 1, 0, 0), KitState::Expired),
            (true, utc(2026, 12, 8, 0, 0), KitState::Revoked),
            (true, utc(2027, 3, 1, 0, 0), KitState::Revoked),
        ];
        for (revoked, now, expected) in cases {
            assert_eq!(KitState::of(revoked, ends, now), expected, "{now}");
        }
    }

    #[test]
    fn the_issuing_form_is_checked() {
        let ok = check_kit(" 第一批 中国妇女报 ", "", "").unwrap();
        assert_eq!(ok.title, "第一批 中国妇女报");
        assert_eq!(ok.days, DEFAULT_LIFETIME_DAYS);
        assert_eq!(check_kit("t", "请于月底前刊发", "7").unwrap().days, 7);
        let cases: [(&str, &str, &str, &str); 6] = [
            ("", "", "", "title"),
            ("a\nb", "", "", "title"),
            (&"字".repeat(MAX_PRESS_KIT_TITLE_CHARS + 1), "", "", "title"),
            ("t", "", "0", "days"),
            ("t", "", "91", "days"),
            ("t", "", "三十", "days"),
        ];
        for (title, note, days, field) in cases {
            let errors = check_kit(title, note, days).unwrap_err();
            assert!(errors.has(field), "{title:?} {days:?}: {errors:?}");
        }
        let long_note = "字".repeat(MAX_PRESS_KIT_NOTE_CHARS + 1);
        assert!(check_kit("t", &long_note, "").unwrap_err().has("note"));
    }

    #[test]
    fn a_contact_is_both_or_neither() {
        assert_eq!(check_contact("", ""), Ok((String::new(), String::new())));
        assert_eq!(
            check_contact(" 王宣 ", "023-6375 1234"),
            Ok(("王宣".into(), "023-6375 1234".into()))
        );
        assert!(check_contact("王宣", "").unwrap_err().has("phone"));
        assert!(check_contact("", "123").unwrap_err().has("person"));
        assert!(check_contact("王宣", "电话").unwrap_err().has("phone"));
    }
}
