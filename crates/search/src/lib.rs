//! Full-text Chinese search of published articles (tantivy + jieba).
//!
//! [`SearchIndex`] owns one tantivy index (on disk or in memory) with a single writer behind a
//! mutex and a manually reloaded reader, so searches run concurrently from any thread through
//! `&self`. Every commit records the caller's change sequence number in the commit payload, so
//! after a restart the caller catches up from [`SearchIndex::applied_seq`], and every document
//! carries the caller's stamp, so the caller can check the index against its source
//! ([`SearchIndex::stamps`]) and repair what a lost change left behind.
//!
//! Results come back as plain-text [`Fragment`]s; the web layer escapes them and wraps the
//! highlighted ones in `<mark>`. Nothing here produces HTML.

mod fragments;
mod index;
mod schema;
mod search;
mod tokenizer;

pub use index::SearchIndex;
pub use schema::SCHEMA_VERSION;
pub use tokenizer::{TOKENIZER_NAME, index_tokens, query_words};

/// One published article as the index sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleDoc {
    pub id: i64,
    pub title: String,
    /// Paragraphs, subheadings and captions joined by '\n'.
    pub body: String,
    /// 岗位名称, e.g. 急诊科护理组.
    pub post_name: String,
    /// 所在单位, e.g. 重庆医科大学附属第一医院.
    pub work_unit: String,
    /// Where the post is: its province and district names, e.g. `重庆市 渝中区`, so a search
    /// for a place finds the articles from there, not only those that name it.
    pub places: String,
    /// The province org code, e.g. "50".
    pub province_code: String,
    /// Theme keys, e.g. ["shouhu", "xiangcun"].
    pub themes: Vec<String>,
    /// Campaign slug.
    pub campaign: String,
    pub published_on: chrono::NaiveDate,
    /// The caller's fingerprint of what this document was made from (opaque here): listed back
    /// by [`SearchIndex::stamps`], so the caller can find documents that went stale or missing.
    pub stamp: u64,
}

/// Default page size of [`SearchQuery::default`].
pub const DEFAULT_LIMIT: usize = 20;
/// Largest page a search returns, whatever `limit` asks.
pub const MAX_LIMIT: usize = 100;

/// What the search box and its filters ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    /// The user's text, as typed. Blank text lists the (filtered) articles newest first.
    pub text: String,
    /// A theme key: only articles carrying it.
    pub theme: Option<String>,
    /// A province org code: only articles of that province.
    pub province_code: Option<String>,
    pub offset: usize,
    /// Page size, capped at [`MAX_LIMIT`]; 0 counts without returning hits.
    pub limit: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            theme: None,
            province_code: None,
            offset: 0,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// One page of results.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchPage {
    /// How many articles match in all (not just this page).
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

/// One matching article.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub id: i64,
    /// The whole title, with the query's words highlighted.
    pub title: Vec<Fragment>,
    /// The best passage of the body (about 120 characters) with the query's words highlighted,
    /// or the body's opening, unhighlighted, when the body itself did not match.
    pub snippet: Vec<Fragment>,
    pub published_on: chrono::NaiveDate,
    /// BM25 relevance (0 when listing without text).
    pub score: f32,
}

/// A piece of plain text; the web layer escapes it and marks it when `highlighted`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fragment {
    pub text: String,
    pub highlighted: bool,
}

/// What can go wrong with the index.
#[derive(thiserror::Error, Debug)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("the search index writer is poisoned by an earlier panic")]
    WriterPoisoned,
    #[error("stored document {0} lacks field {1}")]
    CorruptDocument(String, &'static str),
}
