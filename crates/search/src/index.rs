//! Opening, stamping and writing the index: the one writer, the manual reader, the payload.

use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, MutexGuard};

use tantivy::schema::Schema;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::schema::{Fields, SCHEMA_VERSION, build_schema};
use crate::tokenizer::{JiebaSearchTokenizer, TOKENIZER_NAME};
use crate::{ArticleDoc, SearchError};

/// Memory budget of the single index writer.
const WRITER_MEMORY_BYTES: usize = 30_000_000;

/// The commit payload: `jinguo-search schema=<version> seq=<seq>`.
fn payload(seq: i64) -> String {
    format!("jinguo-search schema={SCHEMA_VERSION} seq={seq}")
}

/// Reads `(schema version, seq)` back from a payload written by [`payload`].
fn parse_payload(payload: &str) -> Option<(u32, i64)> {
    let mut parts = payload.split_whitespace();
    if parts.next()? != "jinguo-search" {
        return None;
    }
    let version = parts.next()?.strip_prefix("schema=")?.parse().ok()?;
    let seq = parts.next()?.strip_prefix("seq=")?.parse().ok()?;
    Some((version, seq))
}

/// A search index of published articles. `Send + Sync`: share it in an `Arc`.
pub struct SearchIndex {
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    writer: Mutex<IndexWriter>,
    applied_seq: AtomicI64,
}

impl SearchIndex {
    /// Opens the index kept in `dir`, creating it (and the directory) when missing. An index
    /// of another schema version, or one tantivy cannot open, is wiped and recreated empty
    /// (`applied_seq() == 0`) so the caller rebuilds it. The directory belongs to the index:
    /// wiping removes every file directly inside it. One process at a time: tantivy locks the
    /// directory for its writer, so each instance of a multi-instance deployment keeps its own
    /// directory and catches up from the change log using [`SearchIndex::applied_seq`].
    pub fn open_in_dir(dir: &Path) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = build_schema();
        if dir.join("meta.json").exists() {
            match Index::open_in_dir(dir) {
                Ok(index) => match stored_seq(&index, &schema) {
                    Some(seq) => return SearchIndex::from_index(index, fields, seq),
                    None => tracing::warn!(
                        index.dir = %dir.display(),
                        "search index has another schema version; wiping it for a rebuild"
                    ),
                },
                Err(error) => tracing::warn!(
                    index.dir = %dir.display(),
                    %error,
                    "search index cannot be opened; wiping it for a rebuild"
                ),
            }
            wipe(dir)?;
        }
        let index = Index::create_in_dir(dir, schema)?;
        SearchIndex::create(index, fields)
    }

    /// A fresh index in memory (tests, demo mode).
    pub fn open_in_ram() -> Result<SearchIndex, SearchError> {
        let (schema, fields) = build_schema();
        SearchIndex::create(Index::create_in_ram(schema), fields)
    }

    /// A newly created index: stamped with the schema version by an empty first commit.
    fn create(index: Index, fields: Fields) -> Result<SearchIndex, SearchError> {
        let search_index = SearchIndex::from_index(index, fields, 0)?;
        search_index.apply(&[], &[], 0)?;
        Ok(search_index)
    }

    fn from_index(index: Index, fields: Fields, seq: i64) -> Result<SearchIndex, SearchError> {
        index
            .tokenizers()
            .register(TOKENIZER_NAME, JiebaSearchTokenizer);
        let writer = index.writer(WRITER_MEMORY_BYTES)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            reader,
            fields,
            writer: Mutex::new(writer),
            applied_seq: AtomicI64::new(seq),
        })
    }

    /// The last change sequence number committed with the index (0 when new).
    pub fn applied_seq(&self) -> i64 {
        self.applied_seq.load(Ordering::Acquire)
    }

    /// How many articles the index holds, as searches see it.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Every document's id and stamp, in id order, as searches see the index now.
    pub fn stamps(&self) -> Result<Vec<(i64, u64)>, SearchError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(usize::try_from(searcher.num_docs()).unwrap_or(0));
        for segment in searcher.segment_readers() {
            let ids = segment.fast_fields().i64("id")?;
            let stamps = segment.fast_fields().u64("stamp")?;
            for doc in segment.doc_ids_alive() {
                let id = ids
                    .first(doc)
                    .ok_or_else(|| SearchError::CorruptDocument(format!("doc {doc}"), "id"))?;
                let stamp = stamps.first(doc).ok_or_else(|| {
                    SearchError::CorruptDocument(format!("article {id}"), "stamp")
                })?;
                out.push((id, stamp));
            }
        }
        out.sort_unstable();
        Ok(out)
    }

    /// One commit: replaces each upsert's document, removes each id of `removals`, records
    /// `seq`; searches see the result as soon as this returns.
    pub fn apply(
        &self,
        upserts: &[ArticleDoc],
        removals: &[i64],
        seq: i64,
    ) -> Result<(), SearchError> {
        let mut writer = self.lock_writer()?;
        let staged = (|| {
            for id in upserts.iter().map(|d| d.id).chain(removals.iter().copied()) {
                writer.delete_term(Term::from_field_i64(self.fields.id, id));
            }
            // The same id twice in one batch: the last version wins.
            let mut seen = std::collections::HashSet::new();
            let latest: Vec<&ArticleDoc> =
                upserts.iter().rev().filter(|d| seen.insert(d.id)).collect();
            for doc in latest.into_iter().rev() {
                writer.add_document(self.to_document(doc))?;
            }
            Ok::<(), SearchError>(())
        })();
        self.commit(&mut writer, staged, seq)
    }

    /// One commit: every document replaced by `docs`, `seq` recorded. Returns how many were
    /// added.
    pub fn rebuild(
        &self,
        docs: impl IntoIterator<Item = ArticleDoc>,
        seq: i64,
    ) -> Result<u64, SearchError> {
        let mut writer = self.lock_writer()?;
        let mut count = 0u64;
        let staged = (|| {
            writer.delete_all_documents()?;
            for doc in docs {
                writer.add_document(self.to_document(&doc))?;
                count += 1;
            }
            Ok::<(), SearchError>(())
        })();
        self.commit(&mut writer, staged, seq)?;
        tracing::info!(index.docs = count, index.seq = seq, "search index rebuilt");
        Ok(count)
    }

    /// Commits what was staged (or rolls it back if staging failed), then reloads the reader.
    fn commit(
        &self,
        writer: &mut IndexWriter,
        staged: Result<(), SearchError>,
        seq: i64,
    ) -> Result<(), SearchError> {
        let committed = staged.and_then(|()| {
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&payload(seq));
            prepared.commit()?;
            Ok(())
        });
        if let Err(error) = committed {
            // Drop whatever was staged so the next apply starts from the last commit.
            if let Err(rollback) = writer.rollback() {
                tracing::error!(%rollback, "search index rollback failed");
            }
            return Err(error);
        }
        self.applied_seq.store(seq, Ordering::Release);
        self.reader.reload()?;
        Ok(())
    }

    fn lock_writer(&self) -> Result<MutexGuard<'_, IndexWriter>, SearchError> {
        self.writer.lock().map_err(|_| SearchError::WriterPoisoned)
    }

    fn to_document(&self, doc: &ArticleDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut document = TantivyDocument::new();
        document.add_i64(f.id, doc.id);
        document.add_text(f.title, &doc.title);
        document.add_text(f.body, &doc.body);
        document.add_text(f.post_name, &doc.post_name);
        document.add_text(f.work_unit, &doc.work_unit);
        document.add_text(f.places, &doc.places);
        for theme in &doc.themes {
            document.add_text(f.theme, theme);
        }
        document.add_text(f.province_code, &doc.province_code);
        document.add_text(f.campaign, &doc.campaign);
        document.add_i64(
            f.published_on,
            i64::from(chrono::Datelike::num_days_from_ce(&doc.published_on)),
        );
        document.add_u64(f.stamp, doc.stamp);
        document
    }
}

/// The committed seq of an existing index, or `None` when its schema or version differ.
fn stored_seq(index: &Index, schema: &Schema) -> Option<i64> {
    if index.schema() != *schema {
        return None;
    }
    let metas = index.load_metas().ok()?;
    let (version, seq) = parse_payload(metas.payload.as_deref()?)?;
    (version == SCHEMA_VERSION).then_some(seq)
}

/// Removes every file directly inside `dir` (the index's segments, metas and lock files).
fn wipe(dir: &Path) -> Result<(), SearchError> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trips_and_rejects_foreign_text() {
        assert_eq!(parse_payload(&payload(42)), Some((SCHEMA_VERSION, 42)));
        assert_eq!(
            parse_payload("jinguo-search schema=1 seq=-3"),
            Some((1, -3))
        );
        assert_eq!(parse_payload("something else"), None);
        assert_eq!(parse_payload("jinguo-search schema=x seq=1"), None);
    }
}
