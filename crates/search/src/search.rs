//! Running a [`SearchQuery`]: the conjunctive jieba query, the filters, ranking and snippets.

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::fragments::{Highlight, highlighted_fragments, opening, snippet_fragments};
use crate::tokenizer::{index_tokens, query_words};
use crate::{MAX_LIMIT, SearchError, SearchHit, SearchIndex, SearchPage, SearchQuery};

/// Field weights (see `text_fields`).
const TITLE_BOOST: f32 = 3.0;
const WORK_UNIT_BOOST: f32 = 2.0;
const POST_NAME_BOOST: f32 = 2.0;
const BODY_BOOST: f32 = 1.0;
const PLACES_BOOST: f32 = 2.0;

/// Words of a query beyond this many are ignored (a pasted paragraph stays a cheap query).
const MAX_QUERY_WORDS: usize = 16;
/// Offsets beyond this are clamped (nobody pages that far; it bounds the collector's heap).
const MAX_OFFSET: usize = 10_000;

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

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut prefixes = Vec::new();
        for word in &words {
            let Word { query, prefix } = self.word_query(&searcher, word)?;
            clauses.push((Occur::Must, query));
            prefixes.extend(prefix);
        }
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

        let highlight = Highlight {
            words: words.into_iter().collect(),
            prefixes,
        };
        let hits = ranked
            .into_iter()
            .map(|(score, addr)| self.hit(&searcher, addr, score, &highlight))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchPage { total, hits })
    }

    /// One word of the query: it must occur in at least one text field; each field where it
    /// occurs adds its weighted BM25 score.
    ///
    /// When no article holds the word as cut (the query's cut can differ from the documents':
    /// 渝中 is not a word of its own in 渝中区, 建功立业 may be cut 建功/立业 in context), the
    /// word may instead match as the prefix of an indexed word, or by all of its own parts.
    fn word_query(&self, searcher: &Searcher, word: &str) -> Result<Word, SearchError> {
        let exact = self.in_any_field(word, |term| {
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
        });
        let mut doc_freq = 0;
        for field in self.text_fields().map(|(field, _)| field) {
            doc_freq += searcher.doc_freq(&Term::from_field_text(field, word))?;
        }
        if doc_freq > 0 {
            return Ok(Word {
                query: exact,
                prefix: None,
            });
        }
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, exact)];
        alternatives.push((
            Occur::Should,
            self.in_any_field(word, |term| {
                Box::new(FuzzyTermQuery::new_prefix(term, 0, false))
            }),
        ));
        let parts: Vec<(Occur, Box<dyn Query>)> = index_tokens(word)
            .into_iter()
            .filter(|t| t.text != word)
            .map(|t| {
                let part = self.in_any_field(&t.text, |term| {
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                });
                (Occur::Must, part)
            })
            .collect();
        if parts.len() > 1 {
            alternatives.push((Occur::Should, Box::new(BooleanQuery::new(parts))));
        }
        Ok(Word {
            query: Box::new(BooleanQuery::new(alternatives)),
            prefix: Some(word.to_owned()),
        })
    }

    /// The text fields and their weights: a word in the title counts most, then the unit, the
    /// post's name and where it is.
    fn text_fields(&self) -> impl Iterator<Item = (Field, f32)> {
        let f = &self.fields;
        [
            (f.title, TITLE_BOOST),
            (f.body, BODY_BOOST),
            (f.post_name, POST_NAME_BOOST),
            (f.work_unit, WORK_UNIT_BOOST),
            (f.places, PLACES_BOOST),
        ]
        .into_iter()
    }

    /// `make(term)` for the word in each text field, weighted, any of them sufficing.
    fn in_any_field(&self, word: &str, make: impl Fn(Term) -> Box<dyn Query>) -> Box<dyn Query> {
        let per_field: Vec<(Occur, Box<dyn Query>)> = self
            .text_fields()
            .map(|(field, boost)| {
                let boosted: Box<dyn Query> = Box::new(BoostQuery::new(
                    make(Term::from_field_text(field, word)),
                    boost,
                ));
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
        highlight: &Highlight,
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
        let snippet = if highlight.is_empty() {
            opening(body)
        } else {
            snippet_fragments(body, highlight)
        };
        Ok(SearchHit {
            id,
            title: highlighted_fragments(title, highlight),
            snippet,
            published_on,
            score,
        })
    }
}

/// One word's clause, and the word itself when it only matches as a prefix or by its parts.
struct Word {
    query: Box<dyn Query>,
    prefix: Option<String>,
}

/// An exact-value filter that narrows without touching the score.
fn filter(field: Field, value: &str) -> Box<dyn Query> {
    let term = TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    );
    Box::new(ConstScoreQuery::new(Box::new(term), 0.0))
}
