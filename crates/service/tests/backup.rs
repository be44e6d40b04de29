//! `backup` writes a consistent copy of database and media that opens on its own.

use jinguo_domain::SystemClock;
use jinguo_service::Ctx;
use jinguo_service::context::ServiceSettings;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_taken_while_serving_opens_with_all_the_data() {
    let dir = std::env::temp_dir().join(format!("jinguo_backup_test_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let media = dir.join("media");
    std::fs::create_dir_all(media.join("ab")).unwrap();
    std::fs::write(media.join("ab").join("abcdef.jpg"), b"jpeg bytes").unwrap();
    let db = jinguo_storage::connect(&jinguo_storage::db::default_sqlite_url(&dir), None)
        .await
        .unwrap();
    let ctx = Ctx::new(
        db,
        Arc::new(SystemClock),
        ServiceSettings {
            session_idle_minutes: 60,
            media_dir: media,
            search_dir: None,
            upload_dir: dir.join("tmp"),
            ..Default::default()
        },
    );
    jinguo_service::demo::seed_if_empty(&ctx).await.unwrap();
    let orgs_before = jinguo_storage::repo::orgs::count(&ctx.db.conn)
        .await
        .unwrap();

    // Keep writing while the backup runs: the copy must still be consistent.
    let writer = {
        let ctx = ctx.clone();
        tokio::spawn(async move {
            for _ in 0..20 {
                jinguo_storage::repo::sessions::delete_expired(&ctx.db.conn, ctx.now())
                    .await
                    .unwrap();
            }
        })
    };
    let summary = jinguo_service::backup::backup(&ctx, &dir.join("backups"), "")
        .await
        .unwrap();
    writer.await.unwrap();
    // The file written above and the demo notice's 报名表 (an attachment).
    assert_eq!(summary.media_files, 2);
    assert!(summary.folder.join("media/ab/abcdef.jpg").exists());
    assert!(summary.folder.join("media/attachments").is_dir());

    let copy_url = format!("sqlite://{}?mode=rw", summary.database_file.display());
    let copy = jinguo_storage::connect_existing(&copy_url).await.unwrap();
    assert_eq!(
        jinguo_storage::repo::orgs::count(&copy.conn).await.unwrap(),
        orgs_before
    );
    assert!(
        jinguo_storage::repo::accounts::get_by_username(&copy.conn, "cq_admin")
            .await
            .unwrap()
            .is_some()
    );
    std::fs::remove_dir_all(&dir).ok();
}
