//! The public showcase's reads: the front page, lists by campaign, theme, province and industry,
//! one article with its neighbours, feeds and the sitemap. Only published and featured articles
//! exist here (every query of `repo::showcase` starts from that filter); nothing needs a login.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::showcase::directory::{self, CampaignInfo, Directory};
use crate::showcase::live;
use crate::showcase::views::{Card, PublicArticle, card, parse_content};
use jinguo_storage::repo::showcase::{self, PublicFilter};
use std::sync::Arc;

/// Articles per list page.
pub const PAGE_SIZE: u64 = 12;
/// Entries per feed.
pub const FEED_SIZE: u64 = 30;

/// The directory for this instance's current generation (refreshing first if it never has).
pub async fn current_directory(ctx: &Ctx) -> ServiceResult<Arc<Directory>> {
    let mut generation = ctx.showcase.generation();
    if generation < 0 {
        generation = live::refresh(ctx).await?;
    }
    directory::load(ctx, generation).await
}

/// A count shown next to a link: a province, a theme, an industry.
#[derive(Debug, Clone)]
pub struct Facet {
    /// The URL key: province code, theme key, industry name.
    pub key: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone)]
pub struct ThemeShelf {
    pub theme: Facet,
    pub cards: Vec<Card>,
}

#[derive(Debug, Clone)]
pub struct Home {
    pub campaign: Option<CampaignInfo>,
    pub featured: Vec<Card>,
    pub latest: Vec<Card>,
    pub themes: Vec<ThemeShelf>,
    /// Every province, with how many of its articles are public (zeros included, in code order).
    pub provinces: Vec<Facet>,
    pub industries: Vec<Facet>,
    pub total: u64,
    /// Campaigns that have ended, newest first, for the archive links.
    pub archives: Vec<CampaignInfo>,
}

/// A page of cards. Totals come from the directory's counts, not a `COUNT(*)` per page.
async fn cards(
    ctx: &Ctx,
    directory: &Directory,
    filter: &PublicFilter<'_>,
    offset: u64,
    limit: u64,
) -> ServiceResult<Vec<Card>> {
    let rows = showcase::page(&ctx.db.conn, filter, offset, limit).await?;
    Ok(rows
        .iter()
        .map(|row| card(row, &parse_content(row), directory))
        .collect())
}

pub async fn home(ctx: &Ctx) -> ServiceResult<Home> {
    let directory = current_directory(ctx).await?;
    let today = ctx.clock.today_in_china();
    let campaign = directory.current_campaign(today).cloned();
    let featured = cards(
        ctx,
        &directory,
        &PublicFilter {
            featured_only: true,
            ..Default::default()
        },
        0,
        5,
    )
    .await?;
    let latest = cards(ctx, &directory, &PublicFilter::default(), 0, 9).await?;
    let total = directory.counts.total;
    let theme_counts = theme_facets(&directory);
    let mut themes = Vec::new();
    for facet in theme_counts {
        let cards = cards(
            ctx,
            &directory,
            &PublicFilter {
                theme: Some(&facet.key),
                ..Default::default()
            },
            0,
            3,
        )
        .await?;
        themes.push(ThemeShelf {
            theme: facet,
            cards,
        });
    }
    let mut archives: Vec<CampaignInfo> = directory
        .campaigns
        .iter()
        .filter(|c| c.is_archived(today))
        .cloned()
        .collect();
    archives.sort_by_key(|c| std::cmp::Reverse(c.display().map(|w| w.closes)));
    Ok(Home {
        campaign,
        featured,
        latest,
        themes,
        provinces: province_facets(&directory),
        industries: industry_facets(&directory),
        total,
        archives,
    })
}

pub fn theme_facets(directory: &Directory) -> Vec<Facet> {
    directory
        .themes()
        .iter()
        .map(|(key, label)| Facet {
            key: key.clone(),
            label: label.clone(),
            count: directory.counts.by_theme.get(key).copied().unwrap_or(0),
        })
        .collect()
}

pub fn province_facets(directory: &Directory) -> Vec<Facet> {
    directory
        .provinces
        .iter()
        .map(|p| Facet {
            key: p.code.clone(),
            label: p.name.clone(),
            count: directory
                .counts
                .by_province
                .get(&p.id)
                .copied()
                .unwrap_or(0),
        })
        .collect()
}

pub fn industry_facets(directory: &Directory) -> Vec<Facet> {
    let mut facets: Vec<Facet> = directory
        .counts
        .by_industry
        .iter()
        .map(|(name, count)| Facet {
            key: name.clone(),
            label: name.clone(),
            count: *count,
        })
        .collect();
    facets.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    facets
}

/// Which articles a list page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Featured,
    Theme(String),
    /// A province by its code.
    Province(String),
    Industry(String),
    /// A campaign (or column) by its slug.
    Campaign(String),
}

#[derive(Debug, Clone)]
pub struct Listing {
    pub title: String,
    /// A line under the title (a campaign's description, a province's count …).
    pub subtitle: String,
    pub cards: Vec<Card>,
    pub total: u64,
    /// 1-based.
    pub page: u64,
    pub pages: u64,
}

/// A page of a list; an unknown theme, province, industry or campaign is `NotFound`.
pub async fn list(ctx: &Ctx, scope: &Scope, page: u64) -> ServiceResult<Listing> {
    let directory = current_directory(ctx).await?;
    let page = page.max(1);
    let (filter, title, subtitle) = resolve(&directory, scope)?;
    let offset = (page - 1).saturating_mul(PAGE_SIZE);
    let total = known_total(&directory, scope);
    let cards = if offset < total {
        cards(ctx, &directory, &filter, offset, PAGE_SIZE).await?
    } else {
        Vec::new()
    };
    if total == 0 && matches!(scope, Scope::Industry(_)) {
        return Err(ServiceError::NotFound);
    }
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    if page > pages {
        return Err(ServiceError::NotFound);
    }
    Ok(Listing {
        title,
        subtitle,
        cards,
        total,
        page,
        pages,
    })
}

/// How many articles a scope holds, from the counts taken for this generation.
fn known_total(directory: &Directory, scope: &Scope) -> u64 {
    let counts = &directory.counts;
    match scope {
        Scope::All => counts.total,
        Scope::Featured => counts.featured,
        Scope::Theme(key) => counts.by_theme.get(key).copied().unwrap_or(0),
        Scope::Province(code) => directory
            .province_by_code(code)
            .and_then(|p| counts.by_province.get(&p.id).copied())
            .unwrap_or(0),
        Scope::Industry(name) => counts
            .by_industry
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| *c)
            .unwrap_or(0),
        Scope::Campaign(slug) => directory
            .campaign_by_slug(slug)
            .and_then(|c| counts.by_campaign.get(&c.id).copied())
            .unwrap_or(0),
    }
}

fn resolve<'a>(
    directory: &'a Directory,
    scope: &'a Scope,
) -> ServiceResult<(PublicFilter<'a>, String, String)> {
    Ok(match scope {
        Scope::All => (PublicFilter::default(), "全部稿件".into(), String::new()),
        Scope::Featured => (
            PublicFilter {
                featured_only: true,
                ..Default::default()
            },
            "优秀展示".into(),
            "全国妇联从各地推荐稿件中择优展示".into(),
        ),
        Scope::Theme(key) => {
            let label = directory.theme_label(key).ok_or(ServiceError::NotFound)?;
            let full = directory
                .campaigns
                .iter()
                .find_map(|c| c.rules.theme(key).map(|t| t.name.clone()))
                .unwrap_or_default();
            (
                PublicFilter {
                    theme: Some(key),
                    ..Default::default()
                },
                label.to_string(),
                full,
            )
        }
        Scope::Province(code) => {
            let province = directory
                .province_by_code(code)
                .ok_or(ServiceError::NotFound)?;
            (
                PublicFilter {
                    under_path: Some(&province.path),
                    ..Default::default()
                },
                province.name.clone(),
                String::new(),
            )
        }
        Scope::Industry(name) => (
            PublicFilter {
                industry: Some(name),
                ..Default::default()
            },
            name.clone(),
            "各行各业巾帼文明岗".into(),
        ),
        Scope::Campaign(slug) => {
            let campaign = directory
                .campaign_by_slug(slug)
                .ok_or(ServiceError::NotFound)?;
            (
                PublicFilter {
                    campaign_id: Some(campaign.id),
                    ..Default::default()
                },
                campaign.name.clone(),
                campaign.description.clone(),
            )
        }
    })
}

/// One public article with the ones before and after it in its campaign.
pub async fn article(ctx: &Ctx, id: i64) -> ServiceResult<PublicArticle> {
    let directory = current_directory(ctx).await?;
    let row = showcase::get(&ctx.db.conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (older, newer) = showcase::neighbours(&ctx.db.conn, &row).await?;
    Ok(PublicArticle {
        older,
        newer,
        ..PublicArticle::from_row(&row, &directory)
    })
}

/// A feed: its title and the latest articles in full.
#[derive(Debug, Clone)]
pub struct Feed {
    pub title: String,
    pub description: String,
    pub articles: Vec<PublicArticle>,
}

pub async fn feed(ctx: &Ctx, scope: &Scope) -> ServiceResult<Feed> {
    let directory = current_directory(ctx).await?;
    let (filter, title, subtitle) = resolve(&directory, scope)?;
    let rows = showcase::page(&ctx.db.conn, &filter, 0, FEED_SIZE).await?;
    let articles = rows
        .iter()
        .map(|row| PublicArticle::from_row(row, &directory))
        .collect();
    Ok(Feed {
        title: format!("{title} - 巾帼文明岗网上行"),
        description: if subtitle.is_empty() {
            "树时代文明，展巾帼风采：各行各业巾帼文明岗的岗位新姿和精神面貌".into()
        } else {
            subtitle
        },
        articles,
    })
}

/// Everything the sitemap lists.
#[derive(Debug, Clone)]
pub struct SitemapEntries {
    pub articles: Vec<(i64, chrono::DateTime<chrono::Utc>)>,
    pub themes: Vec<String>,
    pub provinces: Vec<String>,
    pub campaigns: Vec<String>,
}

pub async fn sitemap(ctx: &Ctx) -> ServiceResult<SitemapEntries> {
    let directory = current_directory(ctx).await?;
    Ok(SitemapEntries {
        articles: showcase::all_ids(&ctx.db.conn).await?,
        themes: directory.themes().iter().map(|(k, _)| k.clone()).collect(),
        provinces: directory.provinces.iter().map(|p| p.code.clone()).collect(),
        campaigns: directory.campaigns.iter().map(|c| c.slug.clone()).collect(),
    })
}
