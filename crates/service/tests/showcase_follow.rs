//! Instances following the shared public change log: a change that commits after a
//! later-numbered one still reaches every follower, and a search index that missed changes is
//! repaired when its instance starts again.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers panic on failure, like the tests themselves"
)]

#[expect(dead_code, reason = "the shared fixtures serve the other scenarios")]
mod support;

use jinguo_service::Ctx;
use jinguo_service::context::ServiceSettings;
use jinguo_service::showcase::search::{SearchForm, search};
use jinguo_service::showcase::{Repairs, refresh, verify_search};
use jinguo_storage::Backend;
use jinguo_storage::repo::public_changes::{self, ChangeKind};
use jinguo_storage::repo::showcase::{self, PublicFilter};
use sea_orm::{ConnectionTrait, Statement, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

async fn exec(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        values,
    ))
    .await
    .unwrap();
}

/// The scenario's own folder (media, on-disk search indexes); removed by [`finish`].
fn own_folder(ctx: Ctx) -> (Ctx, PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "jinguo-follow-{}",
        &jinguo_service::secrets::random_token().unwrap()[..12]
    ));
    let ctx = Ctx {
        settings: Arc::new(ServiceSettings {
            media: jinguo_service::media::store::MediaStore::local(&dir.join("media")).unwrap(),
            ..(*ctx.settings).clone()
        }),
        ..ctx
    };
    (ctx, dir)
}

fn finish(dir: &Path) {
    std::fs::remove_dir_all(dir).unwrap();
}

/// The base demo and its sixty public articles. (Seeded in place: the seeding future is not
/// provably `Send`, and the scenario runs in a spawned task.)
async fn seed_showcase(ctx: &Ctx) {
    tokio::task::block_in_place(|| {
        tokio::runtime::Handle::current().block_on(async {
            jinguo_service::demo::seed_if_empty(ctx).await.unwrap();
            jinguo_service::demo_showcase::seed(ctx).await.unwrap();
        })
    });
}

/// Another instance over the same database, with its own search index (in memory, or kept in
/// `search_dir`).
fn instance(ctx: &Ctx, search_dir: Option<PathBuf>) -> Ctx {
    Ctx::new(
        ctx.db.clone(),
        ctx.clock.clone(),
        ServiceSettings {
            search_dir,
            ..(*ctx.settings).clone()
        },
    )
}

/// What `ctx`'s search finds for `q`: how many its index matched, and the public ones' ids.
async fn found(ctx: &Ctx, q: &str) -> (u64, Vec<i64>) {
    let results = search(
        ctx,
        &SearchForm {
            q: q.into(),
            ..SearchForm::default()
        },
    )
    .await
    .unwrap();
    (
        results.total,
        results.hits.iter().map(|h| h.card.id).collect(),
    )
}

async fn public_ids(ctx: &Ctx, n: u64) -> Vec<i64> {
    showcase::page(&ctx.db.conn, &PublicFilter::default(), 0, n)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect()
}

const UNPUBLISH: &str = "UPDATE articles SET status = 'unpublished', published_at = NULL, \
     featured_at = NULL, public_themes = NULL, version = version + 1 WHERE id = $1";
const PUBLISH_AS: &str = "UPDATE articles SET status = 'published', published_at = $1, \
     title = $2, version = version + 1 WHERE id = $3";

/// Waits until the change log append of `waiter` is blocked behind another transaction.
async fn until_blocked<T>(ctx: &Ctx, waiter: &tokio::task::JoinHandle<T>) {
    if ctx.db.backend == Backend::Sqlite {
        // Its first write waits for the one writer (no lock table to look at).
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!waiter.is_finished(), "B wrote while A was still open");
        return;
    }
    for _ in 0..200 {
        assert!(
            !waiter.is_finished(),
            "B appended and committed while A, numbered before it, was still open"
        );
        let waiting = ctx
            .db
            .conn
            .query_one_raw(Statement::from_string(
                ctx.db.db_backend(),
                "SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted \
                 AND objid = 'public_changes'::regclass::oid AND objsubid = 2",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        if waiting > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("B never waited for A's change log lock");
}

async fn publish_committed_after_a_later_change(ctx: Ctx) {
    let (ctx, dir) = own_folder(ctx);
    seed_showcase(&ctx).await;
    let follower = instance(&ctx, None);
    let ids = public_ids(&ctx, 2).await;
    let (x, y) = (ids[0], ids[1]);
    // x leaves the showcase (through the log): the follower drops it.
    let txn = ctx.db.begin_write().await.unwrap();
    exec(&txn, UNPUBLISH, vec![x.into()]).await;
    public_changes::record_change(&txn, ChangeKind::Article, Some(x), ctx.now())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let before = refresh(&follower).await.unwrap();
    assert_eq!(found(&follower, "紫藤").await.0, 0);

    // A publishes x again, under a new title, and has appended but not committed yet.
    let a = ctx.db.begin_write().await.unwrap();
    exec(
        &a,
        PUBLISH_AS,
        vec![ctx.now().into(), "紫藤花开时节的守护者".into(), x.into()],
    )
    .await;
    let a_id = public_changes::record_change(&a, ChangeKind::Article, Some(x), ctx.now())
        .await
        .unwrap();
    // B, elsewhere, renames y's post and commits.
    let b = {
        let ctx = ctx.clone();
        tokio::spawn(async move {
            let b = ctx.db.begin_write().await.unwrap();
            exec(
                &b,
                "UPDATE organisations SET name = $1 \
                 WHERE id = (SELECT post_org_id FROM articles WHERE id = $2)",
                vec!["海棠花开服务组".into(), y.into()],
            )
            .await;
            let b_id = public_changes::record_change(&b, ChangeKind::Organisation, None, ctx.now())
                .await
                .unwrap();
            b.commit().await.unwrap();
            b_id
        })
    };
    // B must wait for A: were it to commit first, a follower polling now would read past A's id.
    until_blocked(&ctx, &b).await;
    assert_eq!(refresh(&follower).await.unwrap(), before);
    assert_eq!(found(&follower, "海棠").await.0, 0);
    a.commit().await.unwrap();
    let b_id = b.await.unwrap();
    assert!(b_id > a_id, "ids in commit order: A {a_id}, B {b_id}");

    assert_eq!(refresh(&follower).await.unwrap(), b_id);
    assert_eq!(found(&follower, "紫藤").await, (1, vec![x]));
    // The rename reaches the index too (through the documents of the post's articles).
    assert!(found(&follower, "海棠").await.1.contains(&y));
    // And a brand-new instance agrees.
    let fresh = instance(&ctx, None);
    refresh(&fresh).await.unwrap();
    assert_eq!(found(&fresh, "紫藤").await, (1, vec![x]));
    assert!(found(&fresh, "海棠").await.1.contains(&y));
    finish(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publish_committed_after_a_later_numbered_change_still_reaches_every_follower() {
    support::on_each_backend(
        "a_publish_committed_after_a_later_numbered_change_still_reaches_every_follower",
        |ctx| async move { publish_committed_after_a_later_change(ctx).await },
    )
    .await;
}

async fn restart_repairs_the_index(ctx: Ctx) {
    let (ctx, dir) = own_folder(ctx);
    seed_showcase(&ctx).await;
    let index_dir = dir.join("search");
    let ids = public_ids(&ctx, 3).await;
    let (lost_publish, lost_edit, lost_unpublish) = (ids[0], ids[1], ids[2]);
    let unpublished_title = showcase::get(&ctx.db.conn, lost_unpublish)
        .await
        .unwrap()
        .unwrap()
        .title;

    let running = instance(&ctx, Some(index_dir.clone()));
    refresh(&running).await.unwrap();
    // One article leaves through the log, so the index drops it ...
    let txn = ctx.db.begin_write().await.unwrap();
    exec(&txn, UNPUBLISH, vec![lost_publish.into()]).await;
    public_changes::record_change(&txn, ChangeKind::Article, Some(lost_publish), ctx.now())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    refresh(&running).await.unwrap();
    // ... then three changes reach the database but never the log: the article comes back, a
    // second one is retitled, a third leaves.
    exec(
        &ctx.db.conn,
        PUBLISH_AS,
        vec![
            ctx.now().into(),
            "银杏叶落时节的坚守".into(),
            lost_publish.into(),
        ],
    )
    .await;
    exec(
        &ctx.db.conn,
        "UPDATE articles SET title = $1, version = version + 1 WHERE id = $2",
        vec!["紫藤花开时节的守护者".into(), lost_edit.into()],
    )
    .await;
    exec(&ctx.db.conn, UNPUBLISH, vec![lost_unpublish.into()]).await;
    refresh(&running).await.unwrap();
    assert_eq!(found(&running, "银杏").await.0, 0);
    assert_eq!(found(&running, "紫藤").await.0, 0);
    let (matched, shown) = found(&running, &unpublished_title).await;
    assert!(matched >= 1 && !shown.contains(&lost_unpublish));
    drop(running);

    // The next start checks the index against the database and repairs all three.
    let restarted = instance(&ctx, Some(index_dir.clone()));
    refresh(&restarted).await.unwrap();
    assert_eq!(found(&restarted, "银杏").await, (1, vec![lost_publish]));
    assert_eq!(found(&restarted, "紫藤").await, (1, vec![lost_edit]));
    assert_eq!(
        found(&restarted, &unpublished_title).await.0,
        matched - 1,
        "the unpublished article's document is gone"
    );
    assert_eq!(
        verify_search(&restarted).await.unwrap(),
        Repairs::default(),
        "nothing left to repair"
    );
    drop(restarted);
    finish(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_repairs_a_search_index_that_missed_changes() {
    support::on_each_backend(
        "a_restart_repairs_a_search_index_that_missed_changes",
        |ctx| async move { restart_repairs_the_index(ctx).await },
    )
    .await;
}
