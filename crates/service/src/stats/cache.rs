//! Figures that sum a whole subtree (the dashboard, the units to chase) cost a scan of the
//! campaign's articles: at the national level 100,000 rows. They are kept per (figure,
//! organisation, campaign) and reused while nothing they count has changed — checked on every
//! read against `ChangeMarks`, which any instance's write moves — and for at most a minute.
//!
//! Within a request that writes nothing (`sharing_marks`), the marks are read at most once, and
//! a read begun after the request began serves every such request (see `SharedMarks`).

use crate::context::Ctx;
use crate::error::ServiceResult;
use jinguo_storage::repo::marks::{self, ChangeMarks};
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Even unchanged marks are trusted this long only (a change no mark sees, such as a campaign's
/// rules, shows within a minute).
const MAX_AGE: Duration = Duration::from_secs(60);
/// Entries kept at most; beyond it the oldest half goes (a handful of KB each).
const MAX_ENTRIES: usize = 4_096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FigureKey {
    pub figure: &'static str,
    pub org_id: i64,
    pub campaign_id: i64,
    /// Which variant of the figure (a hash of a queue's filter and page; 0 for a figure with
    /// only one).
    pub variant: u64,
}

struct Entry {
    marks: ChangeMarks,
    at: Instant,
    value: Arc<dyn Any + Send + Sync>,
}

#[derive(Default)]
pub struct FigureCache {
    entries: Mutex<HashMap<FigureKey, Entry>>,
    /// One lock per figure being computed: officers who open the same page at once wait for
    /// one computation instead of each running it (32 national dashboards computed side by
    /// side took seconds each).
    computing: Mutex<HashMap<FigureKey, Arc<tokio::sync::Mutex<()>>>>,
    marks: SharedMarks,
}

tokio::task_local! {
    /// When the current read-only request began (unset outside one: marks are then always
    /// read afresh).
    static READING_SINCE: Instant;
}

/// Runs `request`, which writes nothing the marks see (a GET), letting its figures share one
/// read of the marks begun after it began: such a read sees every write committed before the
/// request, exactly as a read of its own would.
pub async fn sharing_marks<F: Future>(request: F) -> F::Output {
    READING_SINCE.scope(Instant::now(), request).await
}

/// The latest read of the marks and when it began. A page uses up to five kept figures and 32
/// officers open pages at once; each figure reading the marks for itself cost a statement on
/// both sides of a PostgreSQL connection for each.
#[derive(Default)]
struct SharedMarks {
    latest: Mutex<Option<(Instant, ChangeMarks)>>,
    /// One read at a time: who waits may find the one before it recent enough.
    reading: tokio::sync::Mutex<()>,
}

impl SharedMarks {
    /// The latest marks if their read began at or after `since`.
    fn begun_since(&self, since: Instant) -> Option<ChangeMarks> {
        let latest = self.latest.lock().ok()?;
        let (began, marks) = latest.as_ref()?;
        (*began >= since).then(|| marks.clone())
    }

    async fn read_since(&self, ctx: &Ctx, since: Instant) -> ServiceResult<ChangeMarks> {
        if let Some(marks) = self.begun_since(since) {
            return Ok(marks);
        }
        let _turn = self.reading.lock().await;
        if let Some(marks) = self.begun_since(since) {
            return Ok(marks);
        }
        let began = Instant::now();
        let marks = marks::read(&ctx.db.conn).await?;
        if let Ok(mut latest) = self.latest.lock() {
            *latest = Some((began, marks.clone()));
        }
        Ok(marks)
    }
}

/// The marks as of now: shared within a read-only request, else read afresh.
async fn current_marks(ctx: &Ctx) -> ServiceResult<ChangeMarks> {
    match READING_SINCE.try_with(|since| *since) {
        Ok(since) => ctx.figures.marks.read_since(ctx, since).await,
        Err(_) => Ok(marks::read(&ctx.db.conn).await?),
    }
}

impl std::fmt::Debug for FigureCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.entries.lock().map(|e| e.len()).unwrap_or(0);
        f.debug_struct("FigureCache").field("kept", &kept).finish()
    }
}

impl FigureCache {
    fn fresh<T: Send + Sync + 'static>(
        &self,
        key: &FigureKey,
        marks: &ChangeMarks,
    ) -> Option<Arc<T>> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(key)?;
        if entry.marks != *marks || entry.at.elapsed() > MAX_AGE {
            return None;
        }
        Arc::clone(&entry.value).downcast::<T>().ok()
    }

    fn computing(&self, key: &FigureKey) -> Option<Arc<tokio::sync::Mutex<()>>> {
        let mut computing = self.computing.lock().ok()?;
        Some(Arc::clone(computing.entry(*key).or_default()))
    }

    fn computed(&self, key: &FigureKey) {
        if let Ok(mut computing) = self.computing.lock() {
            computing.remove(key);
        }
    }

    fn keep<T: Send + Sync + 'static>(&self, key: FigureKey, marks: ChangeMarks, value: Arc<T>) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= MAX_ENTRIES {
            let mut ages: Vec<Instant> = entries.values().map(|e| e.at).collect();
            ages.sort_unstable();
            let cut = ages[ages.len() / 2];
            entries.retain(|_, e| e.at > cut);
        }
        entries.insert(
            key,
            Entry {
                marks,
                at: Instant::now(),
                value,
            },
        );
    }
}

/// The figure for `key`: kept, if nothing it counts changed since, else computed and kept.
pub async fn figure<T, F, Fut>(ctx: &Ctx, key: FigureKey, compute: F) -> ServiceResult<Arc<T>>
where
    T: Send + Sync + 'static,
    F: FnOnce() -> Fut,
    Fut: Future<Output = ServiceResult<T>>,
{
    let marks = current_marks(ctx).await?;
    if let Some(value) = ctx.figures.fresh::<T>(&key, &marks) {
        return Ok(value);
    }
    let lock = ctx.figures.computing(&key);
    let _turn = match &lock {
        Some(lock) => Some(lock.lock().await),
        None => None,
    };
    // Whoever held the turn before may have just kept it.
    if let Some(value) = ctx.figures.fresh::<T>(&key, &marks) {
        return Ok(value);
    }
    let value = compute().await;
    ctx.figures.computed(&key);
    let value = Arc::new(value?);
    ctx.figures.keep(key, marks, Arc::clone(&value));
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(event: i64) -> ChangeMarks {
        ChangeMarks {
            event,
            article: 1,
            org_change: None,
            lists: 3,
        }
    }

    const KEY: FigureKey = FigureKey {
        figure: "test",
        org_id: 1,
        campaign_id: 2,
        variant: 0,
    };

    #[test]
    fn a_kept_figure_is_reused_until_a_mark_moves() {
        let cache = FigureCache::default();
        cache.keep(KEY, marks(7), Arc::new(42_u64));
        assert_eq!(cache.fresh::<u64>(&KEY, &marks(7)).as_deref(), Some(&42));
        assert!(
            cache.fresh::<u64>(&KEY, &marks(8)).is_none(),
            "an event moved"
        );
        assert!(
            cache.fresh::<String>(&KEY, &marks(7)).is_none(),
            "another type"
        );
        let other = FigureKey { org_id: 9, ..KEY };
        assert!(cache.fresh::<u64>(&other, &marks(7)).is_none());
        let variant = FigureKey { variant: 5, ..KEY };
        assert!(cache.fresh::<u64>(&variant, &marks(7)).is_none());
        let pushed = ChangeMarks {
            lists: 4,
            ..marks(7)
        };
        assert!(
            cache.fresh::<u64>(&KEY, &pushed).is_none(),
            "a list changed"
        );
    }

    #[test]
    fn a_read_of_the_marks_serves_only_requests_begun_before_it() {
        let shared = SharedMarks::default();
        let before = Instant::now();
        assert!(shared.begun_since(before).is_none(), "nothing read yet");
        let began = Instant::now();
        if let Ok(mut latest) = shared.latest.lock() {
            *latest = Some((began, marks(7)));
        }
        assert_eq!(shared.begun_since(before), Some(marks(7)));
        assert_eq!(shared.begun_since(began), Some(marks(7)));
        let later = began + Duration::from_millis(1);
        assert!(
            shared.begun_since(later).is_none(),
            "a request begun after the read may have missed a write: it reads again"
        );
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = FigureCache::default();
        for org_id in 0..(MAX_ENTRIES as i64 + 10) {
            cache.keep(FigureKey { org_id, ..KEY }, marks(1), Arc::new(org_id));
        }
        let kept = cache.entries.lock().map(|e| e.len()).unwrap_or(0);
        assert!(kept <= MAX_ENTRIES, "{kept}");
    }
}
