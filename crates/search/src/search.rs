//! Running a [`SearchQuery`]: the conjunctive jieba query, the filters, ranking and snippets.

use std::collections::HashSet;

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::fragments::{opening, snippet_fragments, title_fragments};
use crate::tokenizer::query_words;
use crate::{MAX_LIMIT, SearchError, SearchHit, SearchIndex, SearchPage, SearchQuery};

/// Field weights: a word in the title counts most, then the unit and the post's name.
const TITLE_BOOST: f32 = 3.0;
const WORK_UNIT_BOOST: f32 = 2.0;
const POST_NAME_BOOST: f32 = 2.0;
const BODY_BOOST: f32 = 1.0;

/// Words of a query beyond this many are ignored (a pasted paragraph stays a cheap query).
const MAX_QUERY_WORDS: usize = 16;
/// Offsets beyond this are clamped (nobody pages that far; it bounds the collector's heap).
const MAX_OFFSET: usize = 10_000;
/// Snippet window, in bytes of UTF-8 (tantivy counts bytes): about 120 Chinese characters.
const SNIPPET_MAX_BYTES: usize = 360;

impl SearchIndex {
    /// Searches the published articles. User text never causes an error: words are cut by
    /// jieba and punctuation is ignored, so any input is a valid query. All words must match
    /// (in any of title, body, post name, work unit); results rank by BM25, ties newest first.
    /// Blank text lists the filtered articles newest first; text with no searchable word
    /// (only punctuation) matches nothing.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchPage, SearchError> {
        let searcher = self.reader.searcher();
        let words = if query.text.trim().is_empty() {
            Vec::new()
        } else {
            let words = query_words(&query.text, MAX_QUERY_WORDS);
            if words.is_empty() {
                return Ok(SearchPage {
                    total: 0,
                    hits: Vec::new(),
                });
            }
            words
        };

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|word| (Occur::Must, self.word_query(word)))
            .collect();
        if let Some(theme) = &query.theme {
            clauses.push((Occur::Must, filter(self.fields.theme, theme)));
        }
        if let Some(province_code) = &query.province_code {
            clauses.push((
                Occur::Must,
                filter(self.fields.province_code, province_code),
            ));
        }
        let tantivy_query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };

        let limit = query.limit.min(MAX_LIMIT);
        let offset = query.offset.min(MAX_OFFSET);
        if limit == 0 {
            let total = searcher.search(&*tantivy_query, &Count)?;
            return Ok(SearchPage {
                total,
                hits: Vec::new(),
            });
        }
        let newest_first = (
            (
                SortByStaticFastValue::<i64>::for_field("published_on"),
                Order::Desc,
            ),
            (SortByStaticFastValue::<i64>::for_field("id"), Order::Desc),
        );
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (total, ranked): (usize, Vec<(f32, DocAddress)>) = if words.is_empty() {
            let (total, docs) =
                searcher.search(&*tantivy_query, &(Count, top.order_by(newest_first)))?;
            (
                total,
                docs.into_iter().map(|(_, addr)| (0.0, addr)).collect(),
            )
        } else {
            let by_score = ((SortBySimilarityScore, Order::Desc), newest_first);
            let (total, docs) =
                searcher.search(&*tantivy_query, &(Count, top.order_by(by_score)))?;
            (
                total,
                docs.into_iter()
                    .map(|((score, _), addr)| (score, addr))
                    .collect(),
            )
        };

        let highlighter = if words.is_empty() {
            None
        } else {
            let mut generator =
                SnippetGenerator::create(&searcher, &*tantivy_query, self.fields.body)?;
            generator.set_max_num_chars(SNIPPET_MAX_BYTES);
            Some(generator)
        };
        let word_set: HashSet<String> = words.into_iter().collect();
        let hits = ranked
            .into_iter()
            .map(|(score, addr)| self.hit(&searcher, addr, score, highlighter.as_ref(), &word_set))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchPage { total, hits })
    }

    /// One word of the query: it must occur in at least one text field; each field where it
    /// occurs adds its weighted BM25 score.
    fn word_query(&self, word: &str) -> Box<dyn Query> {
        let f = &self.fields;
        let weighted = [
            (f.title, TITLE_BOOST),
            (f.body, BODY_BOOST),
            (f.post_name, POST_NAME_BOOST),
            (f.work_unit, WORK_UNIT_BOOST),
        ];
        let per_field: Vec<(Occur, Box<dyn Query>)> = weighted
            .into_iter()
            .map(|(field, boost)| {
                let term = TermQuery::new(
                    Term::from_field_text(field, word),
                    IndexRecordOption::WithFreqs,
                );
                let boosted: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(term), boost));
                (Occur::Should, boosted)
            })
            .collect();
        Box::new(BooleanQuery::new(per_field))
    }

    fn hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        score: f32,
        highlighter: Option<&SnippetGenerator>,
        words: &HashSet<String>,
    ) -> Result<SearchHit, SearchError> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let missing = |name: &'static str| SearchError::CorruptDocument(format!("{addr:?}"), name);
        let id = doc
            .get_first(f.id)
            .and_then(|v| v.as_i64())
            .ok_or_else(|| missing("id"))?;
        let title = doc
            .get_first(f.title)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let body = doc
            .get_first(f.body)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let published_on = doc
            .get_first(f.published_on)
            .and_then(|v| v.as_i64())
            .and_then(|days| i32::try_from(days).ok())
            .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
            .ok_or_else(|| missing("published_on"))?;
        let snippet = match highlighter {
            Some(generator) => snippet_fragments(&generator.snippet(body), body),
            None => opening(body),
        };
        Ok(SearchHit {
            id,
            title: title_fragments(title, words),
            snippet,
            published_on,
            score,
        })
    }
}

/// An exact-value filter that narrows without touching the score.
fn filter(field: Field, value: &str) -> Box<dyn Query> {
    let term = TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    );
    Box::new(ConstScoreQuery::new(Box::new(term), 0.0))
}
