//! What public pages, feeds and the read API show of a published article.

use crate::showcase::directory::Directory;
use chrono::{DateTime, NaiveDate, Utc};
use jinguo_domain::clock::china_date;
use jinguo_domain::content::{ArticleContent, Block};
use jinguo_storage::repo::showcase::{Neighbour, PublicRow};

/// One article in a list: enough for a card, a feed entry's header or a search result.
#[derive(Debug, Clone)]
pub struct Card {
    pub id: i64,
    pub title: String,
    /// The opening of the first paragraph, at most [`EXCERPT_CHARS`] characters.
    pub excerpt: String,
    /// Content name of the cover image (thumbnail and full size share it).
    pub cover: Option<String>,
    pub post_name: String,
    pub work_unit: String,
    pub industry: String,
    pub province: String,
    pub province_code: String,
    pub district: String,
    /// (key, short label) of each theme.
    pub themes: Vec<(String, String)>,
    /// The China date it was published.
    pub published_on: NaiveDate,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub featured: bool,
    pub campaign_slug: String,
    pub campaign_name: String,
}

/// The whole article for its page, feeds, the read API and the publication package.
#[derive(Debug, Clone)]
pub struct PublicArticle {
    pub card: Card,
    pub content: ArticleContent,
    pub word_count: i32,
    pub older: Option<Neighbour>,
    pub newer: Option<Neighbour>,
}

impl PublicArticle {
    /// The article from its row, without neighbours (feeds, the package).
    pub(crate) fn from_row(row: &PublicRow, directory: &Directory) -> Self {
        let content = parse_content(row);
        PublicArticle {
            card: card(row, &content, directory),
            content,
            word_count: row.word_count,
            older: None,
            newer: None,
        }
    }
}

pub const EXCERPT_CHARS: usize = 90;

/// The first paragraph's opening, cut at a character boundary with an ellipsis.
pub fn excerpt(content: &ArticleContent, limit: usize) -> String {
    let first = content.blocks.iter().find_map(|b| match b {
        Block::Paragraph { text } => Some(text.as_str()),
        _ => None,
    });
    let text = first.unwrap_or("").trim();
    if text.chars().count() <= limit {
        text.to_string()
    } else {
        let cut: String = text.chars().take(limit).collect();
        format!("{cut}…")
    }
}

pub(crate) fn parse_content(row: &PublicRow) -> ArticleContent {
    serde_json::from_str(&row.content).unwrap_or_else(|err| {
        tracing::error!(article.id = row.id, error = %err, "public article content unreadable");
        ArticleContent {
            title: row.title.clone(),
            ..Default::default()
        }
    })
}

pub(crate) fn card(row: &PublicRow, content: &ArticleContent, directory: &Directory) -> Card {
    let province = directory.province_of(&row.post_path);
    let campaign = directory.campaign(row.campaign_id);
    Card {
        id: row.id,
        title: row.title.clone(),
        excerpt: excerpt(content, EXCERPT_CHARS),
        cover: row
            .cover_media
            .clone()
            .or_else(|| content.cover_image().map(str::to_string)),
        post_name: row.post_name.clone(),
        work_unit: row.work_unit.clone(),
        industry: row.industry.clone(),
        province: province.map(|p| p.name.clone()).unwrap_or_default(),
        province_code: province.map(|p| p.code.clone()).unwrap_or_default(),
        district: directory
            .district_of(&row.post_path)
            .map(|d| d.name.clone())
            .unwrap_or_default(),
        themes: content
            .themes
            .iter()
            .map(|key| {
                let label = directory.theme_label(key).unwrap_or(key).to_string();
                (key.clone(), label)
            })
            .collect(),
        published_on: china_date(row.published_at),
        published_at: row.published_at,
        updated_at: row.updated_at,
        featured: row.featured,
        campaign_slug: campaign.map(|c| c.slug.clone()).unwrap_or_default(),
        campaign_name: campaign.map(|c| c.name.clone()).unwrap_or_default(),
    }
}

/// The text the search index holds: paragraphs, subheadings and captions, one per line.
pub fn plain_text(content: &ArticleContent) -> String {
    let mut out = String::new();
    for block in &content.blocks {
        let text = match block {
            Block::Paragraph { text } | Block::Subheading { text } => text,
            Block::Image { caption, .. } => caption,
        };
        if !text.is_empty() {
            out.push_str(text);
            out.push('\n');
        }
    }
    out
}
