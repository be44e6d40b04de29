//! Checking this instance's search index against the database and repairing it: every public
//! article indexed from its current state, nothing else. Each document carries a stamp (a hash
//! of what it is made of, `search_docs::stamp`); one read of every public article's id, version
//! and names (not its text) gives the stamps the database wants, the index lists the ones it
//! holds, and only the articles that differ are read whole and re-indexed.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::showcase::live::apply_blocking;
use crate::showcase::search_docs;
use jinguo_storage::repo::showcase;

/// What [`verify_search`] found and fixed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Repairs {
    /// Public articles the index lacked.
    pub missing: u64,
    /// Documents made from an older state of their article (or of its post or campaign).
    pub stale: u64,
    /// Documents of articles that are not public (any more, or never in this database).
    pub extra: u64,
}

impl Repairs {
    pub fn total(&self) -> u64 {
        self.missing + self.stale + self.extra
    }
}

/// Checks this instance's search index against the database and repairs the differences.
/// `showcase::refresh` runs it when needed (at a process's first refresh, and after an
/// organisation or campaign change); this is for callers that want the figures.
pub async fn verify_search(ctx: &Ctx) -> ServiceResult<Repairs> {
    let _one_at_a_time = ctx.showcase.catching_up.lock().await;
    check_search(ctx, ctx.showcase.generation()).await
}

/// [`verify_search`] under the catch-up lock, stamping with the directory of
/// `directory_generation`.
pub(crate) async fn check_search(ctx: &Ctx, directory_generation: i64) -> ServiceResult<Repairs> {
    let directory = crate::showcase::directory::load(ctx, directory_generation).await?;
    let wanted: Vec<(i64, u64)> = showcase::doc_sources(&ctx.db.conn)
        .await?
        .iter()
        .map(|source| (source.id, search_docs::stamp(source, &directory)))
        .collect();
    let held = {
        let ctx = ctx.clone();
        tokio::task::spawn_blocking(move || ctx.showcase.search.stamps())
            .await
            .map_err(|e| ServiceError::Internal(e.to_string()))?
            .map_err(|e| ServiceError::Internal(e.to_string()))?
    };
    let diff = compare(&wanted, &held);
    if diff.reindex.is_empty() && diff.remove.is_empty() {
        return Ok(Repairs::default());
    }
    // Read the differing articles whole; one that left the showcase meanwhile is removed.
    let rows = showcase::get_many(&ctx.db.conn, &diff.reindex).await?;
    let mut removals = diff.remove.clone();
    removals.extend(
        diff.reindex
            .iter()
            .copied()
            .filter(|id| rows.binary_search_by_key(id, |r| r.id).is_err()),
    );
    let docs: Vec<_> = rows
        .iter()
        .map(|row| search_docs::to_doc(row, &directory))
        .collect();
    let seq = ctx.showcase.search.applied_seq();
    apply_blocking(ctx, docs, removals, seq).await?;
    Ok(diff.repairs)
}

struct Diff {
    /// Ids to read and index again (missing or stale), in id order.
    reindex: Vec<i64>,
    /// Ids to remove.
    remove: Vec<i64>,
    repairs: Repairs,
}

/// Compares two id-ordered `(id, stamp)` lists: what the database wants, what the index holds.
/// An id the index holds twice (it should not) is stale: re-indexing leaves one document.
fn compare(wanted: &[(i64, u64)], held: &[(i64, u64)]) -> Diff {
    let mut diff = Diff {
        reindex: Vec::new(),
        remove: Vec::new(),
        repairs: Repairs::default(),
    };
    let mut w = wanted.iter().peekable();
    let mut h = held.iter().peekable();
    // The next held id and stamp, and whether the index holds that id more than once.
    let mut next_held = || {
        let &(id, stamp) = h.next()?;
        let mut twice = false;
        while h.next_if(|&&(other, _)| other == id).is_some() {
            twice = true;
        }
        Some((id, stamp, twice))
    };
    let mut held_now = next_held();
    loop {
        match (w.peek().copied(), held_now) {
            (Some(&(wid, wstamp)), Some((hid, hstamp, twice))) if wid == hid => {
                if wstamp != hstamp || twice {
                    diff.reindex.push(wid);
                    diff.repairs.stale += 1;
                }
                w.next();
                held_now = next_held();
            }
            (Some(&(wid, _)), Some((hid, _, _))) if wid < hid => {
                diff.reindex.push(wid);
                diff.repairs.missing += 1;
                w.next();
            }
            (Some(&(wid, _)), None) => {
                diff.reindex.push(wid);
                diff.repairs.missing += 1;
                w.next();
            }
            (_, Some((hid, _, _))) => {
                diff.remove.push(hid);
                diff.repairs.extra += 1;
                held_now = next_held();
            }
            (None, None) => return diff,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_finds_missing_stale_and_extra_documents() {
        let wanted = [(1, 10), (2, 20), (4, 40), (6, 60)];
        let held = [(0, 0), (2, 21), (3, 30), (3, 30), (4, 40), (7, 70)];
        let diff = compare(&wanted, &held);
        assert_eq!(diff.reindex, vec![1, 2, 6]);
        assert_eq!(diff.remove, vec![0, 3, 7]);
        assert_eq!(
            diff.repairs,
            Repairs {
                missing: 2,
                stale: 1,
                extra: 3
            }
        );
        // Held twice: indexed again, once.
        let twice = compare(&[(4, 40)], &[(4, 40), (4, 40)]);
        assert_eq!((twice.reindex, twice.remove), (vec![4], vec![]));
        let same = compare(&wanted, &wanted);
        assert!(same.reindex.is_empty() && same.remove.is_empty());
        assert_eq!(same.repairs.total(), 0);
    }
}
