//! Full-text search of the public articles: the query goes to this instance's index (kept
//! current from the change log), the hits come back as cards read from the database — so an
//! article unpublished a moment ago never shows even if the index were a step behind.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::showcase::pages::{PAGE_SIZE, current_directory};
use crate::showcase::views::{Card, card, parse_content};
use jinguo_search::{Fragment, SearchQuery};
use jinguo_storage::repo::showcase;
use std::collections::HashMap;

/// Longest query kept, in characters.
pub const MAX_QUERY_CHARS: usize = 60;

#[derive(Debug, Clone, Default)]
pub struct SearchForm {
    pub q: String,
    pub theme: Option<String>,
    pub province: Option<String>,
    pub page: u64,
}

pub struct Found {
    pub card: Card,
    pub title: Vec<Fragment>,
    pub snippet: Vec<Fragment>,
}

pub struct SearchResults {
    /// The query as searched (trimmed, at most [`MAX_QUERY_CHARS`]).
    pub q: String,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub hits: Vec<Found>,
    /// Whether anything was asked at all (an empty form shows no results and no "nothing found").
    pub asked: bool,
}

pub async fn search(ctx: &Ctx, form: &SearchForm) -> ServiceResult<SearchResults> {
    let directory = current_directory(ctx).await?;
    let q: String = form.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let theme = form
        .theme
        .clone()
        .filter(|t| directory.theme_label(t).is_some());
    let province = form
        .province
        .clone()
        .filter(|p| directory.province_by_code(p).is_some());
    let page = form.page.max(1);
    let asked = !q.is_empty() || theme.is_some() || province.is_some();
    if !asked {
        return Ok(SearchResults {
            q,
            total: 0,
            page: 1,
            pages: 1,
            hits: Vec::new(),
            asked,
        });
    }
    let query = SearchQuery {
        text: q.clone(),
        theme,
        province_code: province,
        offset: usize::try_from((page - 1).saturating_mul(PAGE_SIZE)).unwrap_or(usize::MAX),
        limit: usize::try_from(PAGE_SIZE).unwrap_or(12),
    };
    let ctx2 = ctx.clone();
    let found = tokio::task::spawn_blocking(move || ctx2.showcase.search.search(&query))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let ids: Vec<i64> = found.hits.iter().map(|h| h.id).collect();
    let rows: HashMap<i64, _> = showcase::get_many(&ctx.db.conn, &ids)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let hits = found
        .hits
        .into_iter()
        .filter_map(|hit| {
            let row = rows.get(&hit.id)?;
            Some(Found {
                card: card(row, &parse_content(row), &directory),
                title: hit.title,
                snippet: hit.snippet,
            })
        })
        .collect();
    let total = u64::try_from(found.total).unwrap_or(0);
    Ok(SearchResults {
        q,
        total,
        page,
        pages: total.div_ceil(PAGE_SIZE).max(1),
        hits,
        asked,
    })
}
