//! What this instance knows about the public side: the change-log position its pages and search
//! index were built at. Every instance follows the shared `public_changes` log on its own (a
//! poll each second, and at once after a write it served), so several instances behind one load
//! balancer converge without talking to each other; the log's highest id is the generation that
//! page caches compare against. The log gives ids in commit order (`repo::public_changes`), so
//! reading past the last id seen never skips a change; and the first refresh of each process
//! also checks the whole index against the database and repairs it, so an index that missed
//! changes anyway (written around the log, or by an older release) is fixed by a restart.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::showcase::directory::Directory;
use crate::showcase::{search_docs, verify};
use chrono::{DateTime, Utc};
use jinguo_search::SearchIndex;
use jinguo_storage::repo::{public_changes, showcase};
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

/// How many log entries one catch-up step reads.
const CATCH_UP_BATCH: u64 = 2_000;

pub struct Live {
    generation: AtomicI64,
    changed_at: RwLock<Option<DateTime<Utc>>>,
    directory: RwLock<Option<Arc<Directory>>>,
    pub(crate) search: SearchIndex,
    /// One catch-up at a time; others wait and then find nothing left to do.
    pub(crate) catching_up: tokio::sync::Mutex<()>,
    /// One directory load at a time: readers arriving together after a change wait for the
    /// first load instead of each running the same counts.
    pub(crate) loading_directory: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("generation", &self.generation())
            .finish_non_exhaustive()
    }
}

impl Live {
    /// Opens the search index under `dir` (None: in memory, for tests and one-off commands).
    /// An index that cannot be opened is logged and replaced by one in memory: it is derived
    /// data, rebuilt from the database on the first refresh.
    pub fn open(dir: Option<&Path>) -> Self {
        match dir.map(Live::open_strict) {
            Some(Ok(live)) => return live,
            Some(Err(err)) => {
                tracing::error!(error = %err, "search index could not be opened; using memory");
            }
            None => {}
        }
        Live::with_index(match SearchIndex::open_in_ram() {
            Ok(index) => index,
            Err(err) => no_index_at_all(err),
        })
    }

    /// Opens the index under `dir` or says why not (another process holds it, say).
    pub fn open_strict(dir: &Path) -> Result<Self, jinguo_search::SearchError> {
        SearchIndex::open_in_dir(dir).map(Live::with_index)
    }

    fn with_index(search: SearchIndex) -> Self {
        Live {
            generation: AtomicI64::new(-1),
            changed_at: RwLock::new(None),
            directory: RwLock::new(None),
            search,
            catching_up: tokio::sync::Mutex::new(()),
            loading_directory: tokio::sync::Mutex::new(()),
        }
    }

    /// The change-log id this instance has caught up to; -1 before the first refresh.
    pub fn generation(&self) -> i64 {
        self.generation.load(Ordering::Acquire)
    }

    /// When the latest public change happened (for `Last-Modified`).
    pub fn changed_at(&self) -> Option<DateTime<Utc>> {
        self.changed_at.read().map(|g| *g).unwrap_or(None)
    }

    pub(crate) fn cached_directory(&self, generation: i64) -> Option<Arc<Directory>> {
        let guard = self.directory.read().ok()?;
        guard
            .as_ref()
            .filter(|d| d.generation == generation)
            .cloned()
    }

    pub(crate) fn keep_directory(&self, directory: Arc<Directory>) {
        if let Ok(mut guard) = self.directory.write() {
            *guard = Some(directory);
        }
    }
}

/// An in-memory tantivy index only fails to open when memory does; say so loudly and stop.
fn no_index_at_all(err: jinguo_search::SearchError) -> SearchIndex {
    tracing::error!(error = %err, "no search index at all");
    std::process::abort()
}

/// Brings this instance up to the shared change log: the search index first, then the
/// generation (so a page rendered for the new generation finds the index current). Returns the
/// generation. Cheap when nothing changed: one indexed `SELECT`.
///
/// The index is also checked against the database ([`verify::verify_search`]) by the first successful
/// refresh of a process (`serve` runs it at start), so a restart repairs an index that missed
/// changes; and after an organisation or campaign change, whose new names the articles' own
/// changes do not carry (only the documents whose stamp moved are re-indexed).
/// The shared change log's newest id and time (for `/metrics`: how far this instance lags).
pub async fn latest_public_change(
    ctx: &Ctx,
) -> ServiceResult<(i64, Option<chrono::DateTime<chrono::Utc>>)> {
    Ok(jinguo_storage::repo::public_changes::latest_change(&ctx.db.conn).await?)
}

pub async fn refresh(ctx: &Ctx) -> ServiceResult<i64> {
    let live = &ctx.showcase;
    let (latest, at) = public_changes::latest_change(&ctx.db.conn).await?;
    if latest == live.generation() && live.search.applied_seq() == latest {
        return Ok(latest);
    }
    let _one_at_a_time = live.catching_up.lock().await;
    // The generation is stored only at the end of a successful refresh: before that, this
    // process has not checked its index yet.
    let first = live.generation() < 0;
    let applied = live.search.applied_seq();
    if applied == 0 || applied > latest {
        // A new index (or one from another database): build it whole.
        rebuild_search(ctx, latest).await?;
    } else {
        let mut seq = applied;
        let mut names_changed = false;
        while seq < latest {
            let (articles, last) =
                public_changes::changes_since(&ctx.db.conn, seq, CATCH_UP_BATCH).await?;
            if last == seq {
                break;
            }
            names_changed |= articles.iter().any(Option::is_none);
            let mut ids: Vec<i64> = articles.into_iter().flatten().collect();
            ids.sort_unstable();
            ids.dedup();
            let rows = showcase::get_many(&ctx.db.conn, &ids).await?;
            let directory = crate::showcase::directory::load(ctx, last).await?;
            let public: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let removals: Vec<i64> = ids
                .iter()
                .copied()
                .filter(|id| public.binary_search(id).is_err())
                .collect();
            let docs: Vec<_> = rows
                .iter()
                .map(|row| search_docs::to_doc(row, &directory))
                .collect();
            apply_blocking(ctx, docs, removals, last).await?;
            seq = last;
        }
        if first {
            let repairs = verify::check_search(ctx, latest).await?;
            if repairs.total() == 0 {
                tracing::info!(
                    index.docs = live.search.doc_count(),
                    "search index matches the database"
                );
            } else {
                tracing::warn!(
                    index.missing = repairs.missing,
                    index.stale = repairs.stale,
                    index.extra = repairs.extra,
                    index.repaired = repairs.total(),
                    "search index repaired against the database at start"
                );
            }
        } else if names_changed {
            let repairs = verify::check_search(ctx, latest).await?;
            tracing::info!(
                index.repaired = repairs.total(),
                "search index re-checked after an organisation or campaign change"
            );
        }
    }
    if let Ok(mut guard) = live.changed_at.write() {
        *guard = at;
    }
    live.generation.store(latest, Ordering::Release);
    Ok(latest)
}

pub(crate) async fn apply_blocking(
    ctx: &Ctx,
    docs: Vec<jinguo_search::ArticleDoc>,
    removals: Vec<i64>,
    seq: i64,
) -> ServiceResult<()> {
    let ctx = ctx.clone();
    tokio::task::spawn_blocking(move || ctx.showcase.search.apply(&docs, &removals, seq))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .map_err(|e| ServiceError::Internal(e.to_string()))
}

/// Rebuilds the search index from every public article (also `jinguo reindex`). Returns how
/// many articles it holds.
pub async fn rebuild_search(ctx: &Ctx, seq: i64) -> ServiceResult<u64> {
    let ids: Vec<i64> = showcase::all_ids(&ctx.db.conn)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let directory = crate::showcase::directory::load(ctx, seq).await?;
    let mut docs = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1_000) {
        for row in showcase::get_many(&ctx.db.conn, chunk).await? {
            docs.push(search_docs::to_doc(&row, &directory));
        }
    }
    let ctx2 = ctx.clone();
    tokio::task::spawn_blocking(move || ctx2.showcase.search.rebuild(docs, seq))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .map_err(|e| ServiceError::Internal(e.to_string()))
}
