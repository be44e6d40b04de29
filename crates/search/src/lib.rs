//! Full-text Chinese search of published articles (tantivy + jieba).
//! (Interface placeholder while the index is written on its own branch.)

use chrono::NaiveDate;
use std::path::Path;

pub struct ArticleDoc {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub post_name: String,
    pub work_unit: String,
    pub province_code: String,
    pub themes: Vec<String>,
    pub campaign: String,
    pub published_on: NaiveDate,
}

pub struct SearchIndex;

#[derive(thiserror::Error, Debug)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(String),
}

pub struct SearchQuery {
    pub text: String,
    pub theme: Option<String>,
    pub province_code: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

pub struct SearchPage {
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

pub struct SearchHit {
    pub id: i64,
    pub title: Vec<Fragment>,
    pub snippet: Vec<Fragment>,
    pub published_on: NaiveDate,
    pub score: f32,
}

pub struct Fragment {
    pub text: String,
    pub highlighted: bool,
}

impl SearchIndex {
    pub fn open_in_dir(_dir: &Path) -> Result<SearchIndex, SearchError> {
        Ok(SearchIndex)
    }
    pub fn open_in_ram() -> Result<SearchIndex, SearchError> {
        Ok(SearchIndex)
    }
    pub fn applied_seq(&self) -> i64 {
        0
    }
    pub fn apply(&self, _u: &[ArticleDoc], _r: &[i64], _seq: i64) -> Result<(), SearchError> {
        Ok(())
    }
    pub fn rebuild(
        &self,
        docs: impl IntoIterator<Item = ArticleDoc>,
        _seq: i64,
    ) -> Result<u64, SearchError> {
        Ok(docs.into_iter().count() as u64)
    }
    pub fn search(&self, _q: &SearchQuery) -> Result<SearchPage, SearchError> {
        Ok(SearchPage {
            total: 0,
            hits: vec![],
        })
    }
    pub fn doc_count(&self) -> u64 {
        0
    }
}
