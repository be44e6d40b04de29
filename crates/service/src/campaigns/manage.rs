//! National admins create and edit campaigns and columns on the settings page.

use crate::actor::{SignedIn, permit_for};
use crate::audit::{self, RequestMeta};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use chrono::NaiveDate;
use jinguo_domain::Action;
use jinguo_domain::campaign::{CampaignRules, ContentRules, Eligibility, Quotas, Theme, Window};
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_storage::StorageError;
use jinguo_storage::repo::campaigns::{self, Campaign, CampaignFields};
use jinguo_storage::repo::public_changes::{self, ChangeKind};
use serde::{Deserialize, Serialize};

/// The settings form as typed: dates as text, themes one per line (`key<TAB>名称` or `key 名称`
/// for a theme with its key, `名称` alone for a new one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignForm {
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// One theme per line: `key 名称`, e.g. `guard 疫情防控和复工复产“守护岗”`.
    #[serde(default)]
    pub themes: String,
    #[serde(default)]
    pub collection_opens: String,
    #[serde(default)]
    pub collection_closes: String,
    #[serde(default)]
    pub recommendation_opens: String,
    #[serde(default)]
    pub recommendation_closes: String,
    #[serde(default)]
    pub display_opens: String,
    #[serde(default)]
    pub display_closes: String,
    #[serde(default)]
    pub national_level_only: bool,
    #[serde(default)]
    pub exclude_military_or_classified: bool,
    #[serde(default)]
    pub exclude_revoked: bool,
    #[serde(default)]
    pub has_quotas: bool,
    #[serde(default)]
    pub provincial_min: String,
    #[serde(default)]
    pub provincial_max: String,
    #[serde(default)]
    pub district_min: String,
    #[serde(default)]
    pub max_words: String,
    #[serde(default)]
    pub sort_order: String,
    /// The version of the campaign the form was opened on (empty for a new one).
    #[serde(default)]
    pub version: String,
}

impl CampaignForm {
    pub fn from_campaign(c: &Campaign) -> CampaignForm {
        let date = |w: Option<Window>, open: bool| {
            w.map(|w| if open { w.opens } else { w.closes })
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        let r = &c.rules;
        CampaignForm {
            slug: c.slug.clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            themes: r
                .themes
                .iter()
                .map(|t| format!("{}\t{}", t.key, t.name))
                .collect::<Vec<_>>()
                .join("\n"),
            collection_opens: date(r.collection, true),
            collection_closes: date(r.collection, false),
            recommendation_opens: date(r.recommendation, true),
            recommendation_closes: date(r.recommendation, false),
            display_opens: date(r.display, true),
            display_closes: date(r.display, false),
            national_level_only: r.eligibility.national_level_only,
            exclude_military_or_classified: r.eligibility.exclude_military_or_classified,
            exclude_revoked: r.eligibility.exclude_revoked,
            has_quotas: r.quotas.is_some(),
            provincial_min: r
                .quotas
                .map(|q| q.provincial_min.to_string())
                .unwrap_or_default(),
            provincial_max: r
                .quotas
                .map(|q| q.provincial_max.to_string())
                .unwrap_or_default(),
            district_min: r
                .quotas
                .map(|q| q.district_min.to_string())
                .unwrap_or_default(),
            max_words: r.content.max_words.to_string(),
            sort_order: c.sort_order.to_string(),
            version: version_of(c),
        }
    }

    /// The notice's defaults for a new campaign in `year`.
    pub fn notice_defaults(year: i32) -> CampaignForm {
        let rules = CampaignRules::notice_defaults(year);
        let campaign = Campaign {
            id: 0,
            slug: format!("wangshangxing-{year}"),
            name: format!("{year}年“巾帼文明岗网上行”"),
            description: "树时代文明，展巾帼风采".into(),
            rules,
            sort_order: 0,
            updated_at: chrono::DateTime::<chrono::Utc>::default(),
        };
        CampaignForm {
            version: String::new(),
            ..CampaignForm::from_campaign(&campaign)
        }
    }

    /// Validates every field and reports all problems at once.
    pub fn parse(&self) -> Result<(CampaignRules, i32), FieldErrors> {
        let mut errors = FieldErrors::default();
        // An empty 网址标识 is generated when saved (`generated_slug`).
        let slug = self.slug.trim();
        if !slug.is_empty() && slug.len() > 40
            || !slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            errors.add("slug", FieldIssue::BadSlug);
        }
        if self.name.trim().is_empty() {
            errors.add("name", FieldIssue::Required);
        } else if self.name.trim().chars().count() > 100 {
            errors.add("name", FieldIssue::TooLong { max: 100 });
        } else if let Err(issue) = jinguo_domain::validation::check_one_line(self.name.trim()) {
            errors.add("name", issue);
        }
        let mut themes = Vec::new();
        for line in self.themes.lines().map(str::trim).filter(|l| !l.is_empty()) {
            // “key<TAB>名称” (the page's rows, the API) or “key 名称” keeps a theme's key; a
            // name alone is a new theme, whose key is made from the name (nobody is asked for
            // an English key).
            let (key, name) = match line.split_once('\t') {
                Some((key, name)) => (key.trim().to_ascii_lowercase(), name.trim()),
                None => match line.split_once(char::is_whitespace) {
                    Some((first, rest)) if is_theme_key(first) && !rest.trim().is_empty() => {
                        (first.to_ascii_lowercase(), rest.trim())
                    }
                    _ => (generated_theme_key(line), line),
                },
            };
            let line = line.replace('\t', " ");
            if !is_theme_key(&key)
                || name.trim().is_empty()
                || name.trim().chars().count() > 40
                || jinguo_domain::validation::check_one_line(name.trim()).is_err()
            {
                errors.add(
                    "themes",
                    FieldIssue::BadThemeLine {
                        line: line.to_string(),
                    },
                );
            } else if themes.iter().any(|t: &Theme| t.key == key) {
                errors.add("themes", FieldIssue::DuplicateCode { code: key });
            } else {
                themes.push(Theme {
                    key,
                    name: name.trim().to_string(),
                });
            }
        }
        if themes.is_empty() && !errors.has("themes") {
            errors.add("themes", FieldIssue::ChooseAtLeastOne);
        }
        let collection = window(
            &self.collection_opens,
            &self.collection_closes,
            "collection",
            &mut errors,
        );
        let recommendation = window(
            &self.recommendation_opens,
            &self.recommendation_closes,
            "recommendation",
            &mut errors,
        );
        let display = window(
            &self.display_opens,
            &self.display_closes,
            "display",
            &mut errors,
        );
        let quotas = if self.has_quotas {
            let min = number(
                &self.provincial_min,
                "provincial_min",
                0,
                10_000,
                &mut errors,
            );
            let max = number(
                &self.provincial_max,
                "provincial_max",
                1,
                10_000,
                &mut errors,
            );
            let district = number(&self.district_min, "district_min", 0, 10_000, &mut errors);
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                errors.add(
                    "provincial_max",
                    FieldIssue::OutOfRange {
                        min: min.into(),
                        max: 10_000,
                    },
                );
            }
            Some(Quotas {
                provincial_min: min.unwrap_or(0),
                provincial_max: max.unwrap_or(0),
                district_min: district.unwrap_or(0),
            })
        } else {
            None
        };
        // A campaign cannot allow more than a draft may hold at all.
        let max_words = number(
            &self.max_words,
            "max_words",
            100,
            jinguo_domain::limits::MAX_ARTICLE_TEXT_CHARS as u32,
            &mut errors,
        )
        .unwrap_or(2000);
        let sort_order = if self.sort_order.trim().is_empty() {
            0
        } else {
            number(&self.sort_order, "sort_order", 0, 1000, &mut errors).unwrap_or(0)
        };
        let rules = CampaignRules {
            themes,
            collection,
            recommendation,
            display,
            eligibility: Eligibility {
                national_level_only: self.national_level_only,
                exclude_military_or_classified: self.exclude_military_or_classified,
                exclude_revoked: self.exclude_revoked,
            },
            quotas,
            content: ContentRules {
                max_words: max_words as usize,
                ..ContentRules::default()
            },
            reminder_days: jinguo_domain::campaign::default_reminder_days(),
        };
        errors.into_result((rules, sort_order as i32))
    }
}

fn date(text: &str, field: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => Some(day),
        Err(_) => {
            errors.add(field, FieldIssue::BadDate);
            None
        }
    }
}

/// Both dates or neither; a window that closes before it opens is refused.
fn window(opens: &str, closes: &str, phase: &str, errors: &mut FieldErrors) -> Option<Window> {
    let open_field = format!("{phase}_opens");
    let close_field = format!("{phase}_closes");
    let opens = date(opens, &open_field, errors);
    let closes = date(closes, &close_field, errors);
    match (opens, closes) {
        (Some(opens), Some(closes)) if closes < opens => {
            errors.add(&close_field, FieldIssue::ClosesBeforeOpens);
            None
        }
        (Some(opens), Some(closes)) => Some(Window { opens, closes }),
        (Some(_), None) => {
            errors.add(&close_field, FieldIssue::Required);
            None
        }
        (None, Some(_)) => {
            errors.add(&open_field, FieldIssue::Required);
            None
        }
        (None, None) => None,
    }
}

/// A stored theme key: ASCII letters, digits and “-”.
fn is_theme_key(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 40
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The key of a new theme, made from its name: the same name always gets the same key, so a
/// theme taken out and put back finds its articles again. FNV-1a, 32 bits, as hex.
pub fn generated_theme_key(name: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in name.trim().as_bytes() {
        hash ^= u32::from(*byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("t-{hash:08x}")
}

/// A 网址标识 for a campaign saved without one: `campaign-<year>` (the year its collection
/// opens, else this year), then `-2`, `-3` … until it is free.
async fn generated_slug<C: jinguo_storage::ConnectionTrait>(
    db: &C,
    rules: &CampaignRules,
    today: chrono::NaiveDate,
) -> ServiceResult<String> {
    use chrono::Datelike;
    let year = rules.collection.map_or(today.year(), |w| w.opens.year());
    let base = format!("campaign-{year}");
    let mut slug = base.clone();
    let mut n = 1;
    while campaigns::get_by_slug(db, &slug).await?.is_some() {
        n += 1;
        slug = format!("{base}-{n}");
    }
    Ok(slug)
}

fn number(text: &str, field: &str, min: u32, max: u32, errors: &mut FieldErrors) -> Option<u32> {
    match text.trim().parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            errors.add(
                field,
                FieldIssue::OutOfRange {
                    min: min.into(),
                    max: max.into(),
                },
            );
            None
        }
    }
}

/// An opaque version string for optimistic concurrency on the edit form: a hash of what the
/// form shows and of the save time, so any other save since the form was opened changes it
/// (even two saves within one tick of the clock). The update itself also requires the save
/// time it read, which keeps PostgreSQL's concurrent transactions honest.
pub fn version_of(campaign: &Campaign) -> String {
    use blake2::{Blake2b512, Digest};
    let mut hash = Blake2b512::new();
    hash.update(campaign.slug.as_bytes());
    hash.update(b"\0");
    hash.update(campaign.name.as_bytes());
    hash.update(b"\0");
    hash.update(campaign.description.as_bytes());
    hash.update(b"\0");
    hash.update(serde_json::to_vec(&campaign.rules).unwrap_or_default());
    hash.update(campaign.sort_order.to_le_bytes());
    hash.update(campaign.updated_at.timestamp_micros().to_le_bytes());
    hash.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Creates (`id = None`) or updates a campaign. National admins only. An edit names the
/// version it was opened on; a campaign saved by someone else meanwhile is a conflict.
pub async fn save_campaign(
    ctx: &Ctx,
    who: &SignedIn,
    id: Option<i64>,
    form: &CampaignForm,
    meta: &RequestMeta,
) -> ServiceResult<Campaign> {
    let permit = permit_for(&who.actor, Action::ManageCampaigns, &who.org)?;
    let (mut rules, sort_order) = form.parse()?;
    let txn = ctx.db.begin_write().await?;
    let stored = match id {
        Some(id) => Some(
            campaigns::get(&txn, id)
                .await?
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    if let Some(stored) = &stored {
        // Saved by someone else since this form was opened: refuse rather than overwrite.
        if !form.version.is_empty() && form.version != version_of(stored) {
            return Err(ServiceError::Conflict(
                "the campaign changed meanwhile".into(),
            ));
        }
        // The form has no field for the reminder days: an edit keeps the stored ones.
        rules.reminder_days = stored.rules.reminder_days.clone();
    }
    let slug = match (form.slug.trim(), &stored) {
        ("", Some(stored)) => stored.slug.clone(),
        ("", None) => generated_slug(&txn, &rules, ctx.clock.today_in_china()).await?,
        (typed, _) => typed.to_string(),
    };
    let fields = CampaignFields {
        slug: &slug,
        name: form.name.trim(),
        description: form.description.trim(),
        rules: &rules,
        sort_order,
    };
    let saved = match &stored {
        None => campaigns::insert(&txn, &permit, who.org.id, &fields, ctx.now())
            .await
            .map(|c| c.id),
        Some(stored) => {
            match campaigns::update(&txn, &permit, who.org.id, stored, &fields, ctx.now()).await {
                Ok(true) => Ok(stored.id),
                Ok(false) => {
                    return Err(ServiceError::Conflict(
                        "the campaign changed meanwhile".into(),
                    ));
                }
                Err(err) => Err(err),
            }
        }
    };
    let id = match saved {
        Ok(id) => id,
        Err(StorageError::Conflict(_)) => {
            return Err(FieldErrors::single(
                "slug",
                FieldIssue::DuplicateCode {
                    code: fields.slug.to_string(),
                },
            )
            .into());
        }
        Err(other) => return Err(ServiceError::from(other)),
    };
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        audit::codes::CAMPAIGN_SAVED,
        fields.name,
        fields.slug,
        meta,
    )
    .await?;
    let campaign = campaigns::get(&txn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // Public pages name organisations and campaigns: tell every instance's page cache.
    public_changes::record_change(&txn, ChangeKind::Campaign, None, ctx.now()).await?;
    txn.commit().await?;
    Ok(campaign)
}
