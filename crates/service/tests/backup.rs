//! `backup` writes a consistent copy of the database and of every object it names, while the
//! server keeps writing; `restore` rebuilds a deployment from it elsewhere: same rows, same
//! object bytes. On SQLite always; on PostgreSQL (with `pg_dump` and `psql`) when
//! `JINGUO_TEST_DATABASE_URL` is set, each side in a database of its own.
#![expect(
    clippy::unwrap_used,
    reason = "test code: a failed unwrap is a failed test"
)]

use futures_util::TryStreamExt;
use jinguo_domain::SystemClock;
use jinguo_service::Ctx;
use jinguo_service::context::ServiceSettings;
use jinguo_service::media::store::{Kind, MediaStore};
use jinguo_storage::Backend;
use jinguo_storage::repo::media_objects::named_objects;
use sea_orm::ConnectionTrait;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn scratch(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "jinguo-{label}-{}",
        &jinguo_service::secrets::random_token().unwrap()[..10]
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn ctx(db: jinguo_storage::Db, dir: &Path) -> Ctx {
    Ctx::new(
        db,
        Arc::new(SystemClock),
        ServiceSettings {
            media: MediaStore::local(&dir.join("media")).unwrap(),
            upload_dir: dir.join("tmp"),
            ..Default::default()
        },
    )
}

/// Every row count that matters and every named object's bytes.
async fn inventory(ctx: &Ctx) -> (Vec<(String, i64)>, Vec<(String, Vec<u8>)>) {
    let mut counts = Vec::new();
    for table in [
        "organisations",
        "accounts",
        "articles",
        "article_revisions",
        "media",
        "notices",
        "notice_attachments",
        "audit_events",
    ] {
        let row = ctx
            .db
            .conn
            .query_one_raw(sea_orm::Statement::from_string(
                ctx.db.db_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        counts.push((table.to_string(), row.try_get::<i64>("", "n").unwrap()));
    }
    let named = named_objects(&ctx.db.conn).await.unwrap();
    let mut objects = Vec::new();
    for (kind, names) in [
        (Kind::Image, &named.images),
        (Kind::Thumbnail, &named.images),
        (Kind::Original, &named.originals),
        (Kind::Attachment, &named.attachments),
    ] {
        for name in names {
            let bytes = ctx.settings.media.read(kind, name).await.unwrap();
            objects.push((format!("{}/{name}", kind.folder()), bytes.to_vec()));
        }
    }
    (counts, objects)
}

async fn round_trip(source: Ctx, source_url: &str, target_url: &str, target_dir: &Path) {
    // The demo with its showcase: sixty articles with photos (images, thumbnails, originals)
    // and the demo notice's attachment.
    jinguo_service::demo::seed_if_empty(&source).await.unwrap();
    jinguo_service::demo_showcase::seed(&source).await.unwrap();
    let before = inventory(&source).await;
    assert!(before.1.len() > 100, "{} objects", before.1.len());

    // Keep writing while the backup runs: the copy must still be consistent.
    let writer = {
        let ctx = source.clone();
        tokio::spawn(async move {
            for _ in 0..20 {
                jinguo_storage::repo::sessions::delete_expired(&ctx.db.conn, ctx.now())
                    .await
                    .unwrap();
            }
        })
    };
    let backups = scratch("backups");
    let summary = jinguo_service::backup::backup(&source, &backups, source_url)
        .await
        .unwrap();
    writer.await.unwrap();
    assert_eq!(summary.media_files, before.1.len() as u64);

    let backend = Backend::of_url(target_url).unwrap();
    jinguo_service::backup::restore_database(
        &summary.folder,
        backend,
        target_url,
        &jinguo_storage::db::sqlite_file_of(target_url).unwrap_or_default(),
    )
    .await
    .unwrap();
    let restored = ctx(
        jinguo_storage::connect_existing(target_url).await.unwrap(),
        target_dir,
    );
    let put_back = jinguo_service::backup::restore_media(&restored, &summary.folder)
        .await
        .unwrap();
    assert_eq!(put_back.media_files, before.1.len() as u64);
    let after = inventory(&restored).await;
    assert_eq!(after.0, before.0, "row counts");
    assert!(
        after.1 == before.1,
        "object bytes differ after the round trip"
    );
    // The restored store holds nothing but what the database names.
    let mut stored = 0;
    for kind in Kind::ALL {
        stored += restored
            .settings
            .media
            .list(kind)
            .try_collect::<Vec<_>>()
            .await
            .unwrap()
            .len();
    }
    assert_eq!(stored, before.1.len());
    assert!(
        jinguo_storage::repo::accounts::get_by_username(&restored.db.conn, "cq_admin")
            .await
            .unwrap()
            .is_some()
    );
    // A restore never merges into a database that holds data.
    if backend == Backend::Sqlite {
        let again = jinguo_service::backup::restore_database(
            &summary.folder,
            backend,
            target_url,
            &jinguo_storage::db::sqlite_file_of(target_url).unwrap(),
        )
        .await;
        assert!(again.is_err());
    }
    restored.db.conn.close().await.unwrap();
    source.db.conn.close().await.unwrap();
    std::fs::remove_dir_all(&backups).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_deployment_round_trips_through_backup_and_restore() {
    let (from, to) = (scratch("backup-from"), scratch("backup-to"));
    let source_url = jinguo_storage::db::default_sqlite_url(&from);
    let db = jinguo_storage::connect(&source_url, None).await.unwrap();
    let target_url = format!("sqlite://{}?mode=rw", to.join("jinguo.db").display());
    round_trip(ctx(db, &from), &source_url, &target_url, &to).await;
    std::fs::remove_dir_all(&from).ok();
    std::fs::remove_dir_all(&to).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_deployment_round_trips_through_backup_and_restore() {
    let Some(server) = std::env::var("JINGUO_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!(
            "\n*** SKIPPED (postgres): backup round trip; set JINGUO_TEST_DATABASE_URL ***\n"
        );
        return;
    };
    // pg_dump copies a whole database: each side gets one of its own on the test server.
    let admin = jinguo_storage::connect_raw(&server).await.unwrap();
    let suffix = &jinguo_service::secrets::random_token().unwrap()[..10];
    let (source_db, target_db) = (format!("jgtest_bk_{suffix}"), format!("jgtest_rs_{suffix}"));
    for name in [&source_db, &target_db] {
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
    }
    let url_of = |name: &str| match server.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => panic!("{server}: no database name"),
    };
    let (from, to) = (scratch("pg-backup-from"), scratch("pg-backup-to"));
    let db = jinguo_storage::connect(&url_of(&source_db), None)
        .await
        .unwrap();
    // A failure leaves the two databases behind; `.ci/run` drops leftover `jgtest_` databases.
    round_trip(
        ctx(db, &from),
        &url_of(&source_db),
        &url_of(&target_db),
        &to,
    )
    .await;
    for name in [&source_db, &target_db] {
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await
            .unwrap();
    }
    std::fs::remove_dir_all(&from).ok();
    std::fs::remove_dir_all(&to).ok();
}
