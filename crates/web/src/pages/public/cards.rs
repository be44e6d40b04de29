//! Articles as the public templates show them in lists.

use crate::pages::articles::blocks::{image_url, thumb_url};
use jinguo_domain::campaign::chinese_date;
use jinguo_service::showcase::Card;

#[derive(Debug, Clone)]
pub struct CardView {
    pub id: i64,
    pub href: String,
    pub title: String,
    pub excerpt: String,
    pub thumb: Option<String>,
    pub image: Option<String>,
    pub post_name: String,
    pub work_unit: String,
    pub place: String,
    pub province_code: String,
    pub themes: Vec<(String, String)>,
    pub date: String,
    pub iso_date: String,
    pub featured: bool,
}

impl CardView {
    pub fn from(card: &Card) -> Self {
        let place = match (card.province.as_str(), card.district.as_str()) {
            ("", "") => String::new(),
            (p, "") => p.to_string(),
            (p, d) => format!("{p} · {d}"),
        };
        CardView {
            id: card.id,
            href: format!("/news/{}", card.id),
            title: card.title.clone(),
            excerpt: card.excerpt.clone(),
            thumb: card.cover.as_deref().map(thumb_url),
            image: card.cover.as_deref().map(image_url),
            post_name: card.post_name.clone(),
            work_unit: card.work_unit.clone(),
            place,
            province_code: card.province_code.clone(),
            themes: card.themes.clone(),
            date: chinese_date(card.published_on),
            iso_date: card.published_on.to_string(),
            featured: card.featured,
        }
    }

    pub fn list(cards: &[Card]) -> Vec<CardView> {
        cards.iter().map(CardView::from).collect()
    }
}

/// Links to the pages of a list: previous, next and a window of numbers.
#[derive(Debug, Clone)]
pub struct Paging {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    /// The list's path, e.g. `/themes/rural`; `?page=N` is appended. For search the query
    /// string without `page`, ending in `&`.
    pub path: String,
}

impl Paging {
    pub fn href(&self, page: u64) -> String {
        if self.path.contains('?') {
            format!("{}page={page}", self.path)
        } else if page <= 1 {
            self.path.clone()
        } else {
            format!("{}?page={page}", self.path)
        }
    }

    pub fn numbers(&self) -> Vec<u64> {
        let from = self.page.saturating_sub(2).max(1);
        let to = (self.page + 2).min(self.pages);
        (from..=to).collect()
    }

    pub fn has_prev(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages
    }
}
