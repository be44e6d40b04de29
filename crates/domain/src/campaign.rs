//! Campaigns (活动) and ordinary columns (栏目): themes, phase windows as inclusive China dates,
//! who may take part, quotas and content limits. A column without windows or quotas is an
//! always-open news column with the same editor and review.

use crate::org::{HonourLevel, PostProfile};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// One of a campaign's themes; an article picks one or more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Theme {
    /// Stable key used in URLs and stored articles, e.g. `guard`.
    pub key: String,
    /// The theme as people read it, e.g. 疫情防控和复工复产“守护岗”.
    pub name: String,
}

/// The three phases of the notice. They overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// 网络征集: posts submit and revise.
    Collection,
    /// 省级推荐: federations review and recommend.
    Recommendation,
    /// 作品展示: national re-reviews and publishes; the public reads.
    Display,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Collection => "征集阶段",
            Phase::Recommendation => "省级推荐阶段",
            Phase::Display => "作品展示阶段",
        }
    }
}

/// An inclusive window of China dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Window {
    /// The first day, inclusive (China date).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "2026-06-01"))]
    pub opens: NaiveDate,
    /// The last day, inclusive (China date).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "2026-07-31"))]
    pub closes: NaiveDate,
}

impl Window {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.opens <= day && day <= self.closes
    }
}

/// Why an action is outside its window, with the dates to name in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WindowClosed {
    #[error("{phase:?} opens on {opens}")]
    NotYetOpen { phase: Phase, opens: NaiveDate },
    #[error("{phase:?} closed on {closes}")]
    Closed { phase: Phase, closes: NaiveDate },
}

/// Who may take part. The notice: national-level posts only, not military or classified ones,
/// not revoked ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Eligibility {
    pub national_level_only: bool,
    pub exclude_military_or_classified: bool,
    pub exclude_revoked: bool,
}

impl Default for Eligibility {
    fn default() -> Self {
        Eligibility {
            national_level_only: true,
            exclude_military_or_classified: true,
            exclude_revoked: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Ineligible {
    #[error("only national-level posts take part; this one is {level:?}")]
    NotNationalLevel { level: HonourLevel },
    #[error("military, military-related or classified posts do not take part")]
    MilitaryOrClassified,
    #[error("the post's title has been revoked")]
    Revoked,
    #[error("only posts submit articles")]
    NotAPost,
}

/// Quotas of a campaign. The maximum is enforced; minimums are shown as progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quotas {
    pub provincial_min: u32,
    pub provincial_max: u32,
    pub district_min: u32,
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas {
            provincial_min: 30,
            provincial_max: 50,
            district_min: 1,
        }
    }
}

/// Content limits: text ≤ 2000 字; images JPG ≤ 1 MB at 750×445 (the image pipeline's job).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContentRules {
    pub max_words: usize,
    pub max_title_chars: usize,
}

impl Default for ContentRules {
    fn default() -> Self {
        ContentRules {
            max_words: 2000,
            max_title_chars: 60,
        }
    }
}

/// Every rule of a campaign or column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignRules {
    pub themes: Vec<Theme>,
    pub collection: Option<Window>,
    pub recommendation: Option<Window>,
    pub display: Option<Window>,
    pub eligibility: Eligibility,
    pub quotas: Option<Quotas>,
    pub content: ContentRules,
    /// Days before the collection window closes on which units still below their quota get a
    /// reminder in their inbox (站内消息). Absent from rules stored before reminders existed.
    #[serde(default = "default_reminder_days")]
    pub reminder_days: Vec<u32>,
}

/// Seven days and one day before the collection window closes.
pub fn default_reminder_days() -> Vec<u32> {
    vec![7, 1]
}

impl CampaignRules {
    /// The notice's four themes.
    pub fn notice_themes() -> Vec<Theme> {
        [
            ("guard", "疫情防控和复工复产“守护岗”"),
            ("innovation", "创业创新巾帼行动"),
            ("rural", "乡村振兴巾帼行动"),
            ("poverty", "巾帼脱贫行动"),
        ]
        .into_iter()
        .map(|(key, name)| Theme {
            key: key.into(),
            name: name.into(),
        })
        .collect()
    }

    /// The notice's rules with its phases moved to `year` (the 2020 campaign is `year = 2020`).
    pub fn notice_defaults(year: i32) -> CampaignRules {
        let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).unwrap_or_default();
        CampaignRules {
            themes: Self::notice_themes(),
            collection: Some(Window {
                opens: day(5, 1),
                closes: day(8, 31),
            }),
            recommendation: Some(Window {
                opens: day(6, 1),
                closes: day(9, 15),
            }),
            display: Some(Window {
                opens: day(6, 15),
                closes: day(10, 31),
            }),
            eligibility: Eligibility::default(),
            quotas: Some(Quotas::default()),
            content: ContentRules::default(),
            reminder_days: default_reminder_days(),
        }
    }

    /// An ordinary, always-open column: any post, no windows, no quotas.
    pub fn ordinary_column(themes: Vec<Theme>) -> CampaignRules {
        CampaignRules {
            themes,
            collection: None,
            recommendation: None,
            display: None,
            eligibility: Eligibility {
                national_level_only: false,
                exclude_military_or_classified: true,
                exclude_revoked: true,
            },
            quotas: None,
            content: ContentRules::default(),
            reminder_days: default_reminder_days(),
        }
    }

    pub fn window(&self, phase: Phase) -> Option<&Window> {
        match phase {
            Phase::Collection => self.collection.as_ref(),
            Phase::Recommendation => self.recommendation.as_ref(),
            Phase::Display => self.display.as_ref(),
        }
    }

    /// Is `day` inside the phase's window? A phase without a window is always open.
    pub fn check_window(&self, phase: Phase, day: NaiveDate) -> Result<(), WindowClosed> {
        match self.window(phase) {
            None => Ok(()),
            Some(w) if day < w.opens => Err(WindowClosed::NotYetOpen {
                phase,
                opens: w.opens,
            }),
            Some(w) if day > w.closes => Err(WindowClosed::Closed {
                phase,
                closes: w.closes,
            }),
            Some(_) => Ok(()),
        }
    }

    /// May this post take part?
    pub fn check_eligible(&self, post: Option<&PostProfile>) -> Result<(), Ineligible> {
        let Some(post) = post else {
            return Err(Ineligible::NotAPost);
        };
        if self.eligibility.exclude_revoked && post.revoked {
            return Err(Ineligible::Revoked);
        }
        if self.eligibility.exclude_military_or_classified && post.military_or_classified {
            return Err(Ineligible::MilitaryOrClassified);
        }
        if self.eligibility.national_level_only && post.honour_level != HonourLevel::National {
            return Err(Ineligible::NotNationalLevel {
                level: post.honour_level,
            });
        }
        Ok(())
    }

    pub fn theme(&self, key: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.key == key)
    }

    /// The reminders due on `day`: each configured number of days before the collection window
    /// closes that falls on `day` inside the window, once each. None without quotas or window.
    pub fn reminders_due(&self, day: NaiveDate) -> Vec<u32> {
        let (Some(window), Some(_)) = (self.collection, self.quotas) else {
            return Vec::new();
        };
        if !window.contains(day) {
            return Vec::new();
        }
        let mut due: Vec<u32> = self
            .reminder_days
            .iter()
            .copied()
            .filter(|&d| window.closes - chrono::Duration::days(i64::from(d)) == day)
            .collect();
        due.sort_unstable();
        due.dedup();
        due
    }

    /// A campaign is over (an archive) once its last window has closed.
    pub fn is_archived(&self, day: NaiveDate) -> bool {
        let last = [self.collection, self.recommendation, self.display]
            .into_iter()
            .flatten()
            .map(|w| w.closes)
            .max();
        last.is_some_and(|closes| day > closes)
    }
}

/// `2020年8月31日`
pub fn chinese_date(day: NaiveDate) -> String {
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn post(level: HonourLevel, military: bool, revoked: bool) -> PostProfile {
        PostProfile {
            work_unit: "医院".into(),
            industry: "医疗卫生".into(),
            honour_level: level,
            year_named: Some(2018),
            contact_person: String::new(),
            contact_phone: String::new(),
            military_or_classified: military,
            revoked,
        }
    }

    #[test]
    fn reminders_fall_seven_and_one_days_before_collection_closes() {
        let rules = CampaignRules::notice_defaults(2020);
        assert_eq!(rules.reminders_due(day(2020, 8, 24)), vec![7]);
        assert_eq!(rules.reminders_due(day(2020, 8, 30)), vec![1]);
        for other in [
            day(2020, 8, 23),
            day(2020, 8, 25),
            day(2020, 8, 31),
            day(2020, 9, 1),
        ] {
            assert!(rules.reminders_due(other).is_empty(), "{other}");
        }
        let column = CampaignRules::ordinary_column(CampaignRules::notice_themes());
        assert!(column.reminders_due(day(2020, 8, 24)).is_empty());
        let old: CampaignRules = serde_json::from_str(
            &serde_json::to_string(&rules)
                .unwrap()
                .replace(",\"reminder_days\":[7,1]", ""),
        )
        .unwrap();
        assert_eq!(old.reminder_days, vec![7, 1]);
    }

    #[test]
    fn windows_are_inclusive_on_both_ends() {
        let rules = CampaignRules::notice_defaults(2020);
        let cases = [
            (
                day(2020, 4, 30),
                Err(WindowClosed::NotYetOpen {
                    phase: Phase::Collection,
                    opens: day(2020, 5, 1),
                }),
            ),
            (day(2020, 5, 1), Ok(())),
            (day(2020, 8, 31), Ok(())),
            (
                day(2020, 9, 1),
                Err(WindowClosed::Closed {
                    phase: Phase::Collection,
                    closes: day(2020, 8, 31),
                }),
            ),
        ];
        for (today, expected) in cases {
            assert_eq!(
                rules.check_window(Phase::Collection, today),
                expected,
                "{today}"
            );
        }
        assert_eq!(
            rules.check_window(Phase::Recommendation, day(2020, 9, 15)),
            Ok(())
        );
        assert!(
            rules
                .check_window(Phase::Display, day(2020, 11, 1))
                .is_err()
        );
    }

    #[test]
    fn only_national_level_civilian_live_posts_take_part() {
        let rules = CampaignRules::notice_defaults(2020);
        let cases = [
            (Some(post(HonourLevel::National, false, false)), Ok(())),
            (
                Some(post(HonourLevel::Provincial, false, false)),
                Err(Ineligible::NotNationalLevel {
                    level: HonourLevel::Provincial,
                }),
            ),
            (
                Some(post(HonourLevel::National, true, false)),
                Err(Ineligible::MilitaryOrClassified),
            ),
            (
                Some(post(HonourLevel::National, false, true)),
                Err(Ineligible::Revoked),
            ),
            (None, Err(Ineligible::NotAPost)),
        ];
        for (p, expected) in cases {
            assert_eq!(rules.check_eligible(p.as_ref()), expected);
        }
    }

    #[test]
    fn an_ordinary_column_is_always_open_to_any_live_post() {
        let rules = CampaignRules::ordinary_column(vec![Theme {
            key: "news".into(),
            name: "岗位动态".into(),
        }]);
        assert_eq!(
            rules.check_window(Phase::Collection, day(1999, 1, 1)),
            Ok(())
        );
        assert_eq!(
            rules.check_eligible(Some(&post(HonourLevel::City, false, false))),
            Ok(())
        );
        assert!(!rules.is_archived(day(2099, 1, 1)));
    }

    #[test]
    fn the_2020_campaign_is_an_archive_after_october() {
        let rules = CampaignRules::notice_defaults(2020);
        assert!(!rules.is_archived(day(2020, 10, 31)));
        assert!(rules.is_archived(day(2020, 11, 1)));
        assert_eq!(chinese_date(day(2020, 8, 31)), "2020年8月31日");
    }
}
