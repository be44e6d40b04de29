//! The small, slowly changing facts every public page needs — campaigns with their themes, and
//! the federations that name an article's province and district — loaded once per change-log
//! generation instead of joined into every query.

use crate::context::Ctx;
use crate::error::ServiceResult;
use chrono::NaiveDate;
use jinguo_domain::campaign::{CampaignRules, Window};
use jinguo_storage::repo::campaigns;
use jinguo_storage::repo::showcase::{self, CountBy, Federation};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct CampaignInfo {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub rules: CampaignRules,
}

impl CampaignInfo {
    pub fn display(&self) -> Option<&Window> {
        self.rules.display.as_ref()
    }

    /// A campaign with phases whose last window has closed.
    pub fn is_archived(&self, today: NaiveDate) -> bool {
        self.rules.is_archived(today)
    }

    /// An ordinary always-open column (岗位动态) rather than a campaign with phases.
    pub fn is_column(&self) -> bool {
        self.rules.display.is_none() && self.rules.collection.is_none()
    }
}

#[derive(Debug)]
pub struct Directory {
    pub generation: i64,
    pub campaigns: Vec<CampaignInfo>,
    /// Provinces (and 兵团) in code order.
    pub provinces: Vec<Federation>,
    by_id: HashMap<i64, Federation>,
    /// Theme key → the short label people use (守护岗, 乡村振兴 …), over all campaigns.
    theme_labels: Vec<(String, String)>,
    /// Public article counts, taken once per generation for the facets every page shows.
    pub counts: Counts,
}

#[derive(Debug, Default)]
pub struct Counts {
    pub total: u64,
    pub featured: u64,
    /// Campaign id → count.
    pub by_campaign: BTreeMap<i64, u64>,
    pub by_theme: BTreeMap<String, u64>,
    /// Province id → count.
    pub by_province: BTreeMap<i64, u64>,
    pub by_industry: Vec<(String, u64)>,
}

/// The short names the notice's themes go by on the public pages.
fn short_theme_label(key: &str, name: &str) -> String {
    match key {
        "guard" => "守护岗".into(),
        "innovation" => "创业创新".into(),
        "rural" => "乡村振兴".into(),
        "poverty" => "巾帼脱贫".into(),
        _ => name.into(),
    }
}

impl Directory {
    pub fn campaign(&self, id: i64) -> Option<&CampaignInfo> {
        self.campaigns.iter().find(|c| c.id == id)
    }

    pub fn campaign_by_slug(&self, slug: &str) -> Option<&CampaignInfo> {
        self.campaigns.iter().find(|c| c.slug == slug)
    }

    /// The campaign the front page is about: the one whose display window includes today, else
    /// the latest that has one.
    pub fn current_campaign(&self, today: NaiveDate) -> Option<&CampaignInfo> {
        let with_display = || self.campaigns.iter().filter(|c| c.display().is_some());
        with_display()
            .find(|c| c.display().is_some_and(|w| w.contains(today)))
            .or_else(|| with_display().max_by_key(|c| c.display().map(|w| w.closes)))
    }

    pub fn province_by_code(&self, code: &str) -> Option<&Federation> {
        self.provinces.iter().find(|p| p.code == code)
    }

    /// The province a post belongs to: the second id of its path (`/全国/省/…`).
    pub fn province_of(&self, post_path: &str) -> Option<&Federation> {
        let id: i64 = post_path
            .split('/')
            .filter(|s| !s.is_empty())
            .nth(1)?
            .parse()
            .ok()?;
        self.by_id.get(&id).filter(|f| f.kind == "provincial")
    }

    /// The district-level federation between the province and the post, if there is one.
    pub fn district_of(&self, post_path: &str) -> Option<&Federation> {
        let ids: Vec<&str> = post_path.split('/').filter(|s| !s.is_empty()).collect();
        // 全国 / 省 / 区县 / … / 岗: the third id, when it is not the post itself.
        if ids.len() < 4 {
            return None;
        }
        let id: i64 = ids[2].parse().ok()?;
        self.by_id.get(&id)
    }

    pub fn themes(&self) -> &[(String, String)] {
        &self.theme_labels
    }

    pub fn theme_label(&self, key: &str) -> Option<&str> {
        self.theme_labels
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, label)| label.as_str())
    }
}

/// Loads the directory for `generation`, or returns the one this instance already holds.
pub async fn load(ctx: &Ctx, generation: i64) -> ServiceResult<Arc<Directory>> {
    if let Some(found) = ctx.showcase.cached_directory(generation) {
        return Ok(found);
    }
    let _one_at_a_time = ctx.showcase.loading_directory.lock().await;
    if let Some(found) = ctx.showcase.cached_directory(generation) {
        return Ok(found);
    }
    let campaigns: Vec<CampaignInfo> = campaigns::list(&ctx.db.conn)
        .await?
        .into_iter()
        .map(|c| CampaignInfo {
            id: c.id,
            slug: c.slug,
            name: c.name,
            description: c.description,
            rules: c.rules,
        })
        .collect();
    let federations = showcase::federations(&ctx.db.conn).await?;
    let provinces = federations
        .iter()
        .filter(|f| f.kind == "provincial")
        .cloned()
        .collect();
    let mut theme_labels: Vec<(String, String)> = Vec::new();
    for c in &campaigns {
        for t in &c.rules.themes {
            if !theme_labels.iter().any(|(k, _)| *k == t.key) {
                theme_labels.push((t.key.clone(), short_theme_label(&t.key, &t.name)));
            }
        }
    }
    let mut directory = Directory {
        generation,
        campaigns,
        provinces,
        by_id: federations.into_iter().map(|f| (f.id, f)).collect(),
        theme_labels,
        counts: Counts::default(),
    };
    for (keys, n) in showcase::counts(&ctx.db.conn, None, CountBy::Themes).await? {
        for key in keys.split(',').filter(|k| !k.is_empty()) {
            *directory
                .counts
                .by_theme
                .entry(key.to_string())
                .or_default() += n;
        }
    }
    for (path, n) in showcase::counts(&ctx.db.conn, None, CountBy::PostPath).await? {
        if let Some(province) = directory.province_of(&path) {
            let id = province.id;
            *directory.counts.by_province.entry(id).or_default() += n;
        }
    }
    for (status, n) in showcase::counts(&ctx.db.conn, None, CountBy::Status).await? {
        directory.counts.total += n;
        if status == "featured" {
            directory.counts.featured += n;
        }
    }
    for (campaign, n) in showcase::counts(&ctx.db.conn, None, CountBy::Campaign).await? {
        if let Ok(id) = campaign.parse::<i64>() {
            directory.counts.by_campaign.insert(id, n);
        }
    }
    directory.counts.by_industry = showcase::counts(&ctx.db.conn, None, CountBy::Industry)
        .await?
        .into_iter()
        .filter(|(name, _)| !name.is_empty())
        .collect();
    let directory = Arc::new(directory);
    if generation == ctx.showcase.generation() {
        ctx.showcase.keep_directory(directory.clone());
    }
    Ok(directory)
}
