//! The index schema, its version, and the handles of its fields.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::tokenizer::TOKENIZER_NAME;

/// Bump whenever the schema or the tokenizer's output changes: an index stamped with another
/// version is wiped on open and must be rebuilt by the caller (its `applied_seq()` is then 0).
pub const SCHEMA_VERSION: u32 = 3;

/// Handles of every field of [`build_schema`].
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub post_name: Field,
    pub work_unit: Field,
    pub places: Field,
    pub theme: Field,
    pub province_code: Field,
    pub campaign: Field,
    pub published_on: Field,
    pub stamp: Field,
}

/// Full-text fields: jieba-cut, term frequencies (for BM25) but no positions (no phrase
/// queries; the search-mode cut overlaps anyway).
fn jieba_text(stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqs);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored { options | STORED } else { options }
}

/// The schema: text fields for ranking, raw fields for filters, fast fields for ordering.
pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_i64_field("id", INDEXED | FAST | STORED),
        title: builder.add_text_field("title", jieba_text(true)),
        body: builder.add_text_field("body", jieba_text(true)),
        post_name: builder.add_text_field("post_name", jieba_text(false)),
        work_unit: builder.add_text_field("work_unit", jieba_text(false)),
        places: builder.add_text_field("places", jieba_text(false)),
        theme: builder.add_text_field("theme", STRING),
        province_code: builder.add_text_field("province_code", STRING),
        campaign: builder.add_text_field("campaign", STRING),
        // Days since 0001-01-01 (chrono's `num_days_from_ce`): sorts ties newest first.
        published_on: builder.add_i64_field("published_on", INDEXED | FAST | STORED),
        // The caller's fingerprint of the document's source, read back by `SearchIndex::stamps`.
        stamp: builder.add_u64_field("stamp", FAST),
    };
    (builder.build(), fields)
}
