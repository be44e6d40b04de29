//! The one set of migrations yields the same tables and columns on SQLite and PostgreSQL, and
//! both backends behave alike under concurrent writes.
#![expect(
    clippy::unwrap_used,
    reason = "test code: a failed unwrap is a failed test"
)]

use jinguo_storage::{ConnectionTrait, Db};
use std::collections::BTreeSet;

fn unique(prefix: &str) -> String {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).unwrap();
    format!(
        "{prefix}_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

async fn sqlite() -> (Db, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(unique("jinguo_conformance"));
    std::fs::create_dir_all(&dir).unwrap();
    let db = jinguo_storage::connect(&jinguo_storage::db::default_sqlite_url(&dir), None)
        .await
        .unwrap();
    (db, dir)
}

async fn postgres() -> Option<(Db, String, String)> {
    let Ok(url) = std::env::var("JINGUO_TEST_DATABASE_URL") else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED (postgres): JINGUO_TEST_DATABASE_URL is not set ***\n"
        );
        return None;
    };
    let schema = unique("jgtest_conf");
    let admin = jinguo_storage::connect_raw(&url).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
        .await
        .unwrap();
    let db = jinguo_storage::connect(&url, Some(&schema)).await.unwrap();
    Some((db, url, schema))
}

async fn drop_schema(url: &str, schema: &str) {
    let admin = jinguo_storage::connect_raw(url).await.unwrap();
    admin
        .execute_unprepared(&format!("DROP SCHEMA {schema} CASCADE"))
        .await
        .unwrap();
}

async fn sqlite_columns(db: &Db) -> BTreeSet<(String, String)> {
    let rows = db
        .conn
        .query_all_raw(sea_orm::Statement::from_string(
            db.db_backend(),
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
                .to_string(),
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.try_get::<String>("", "t").unwrap(),
                r.try_get::<String>("", "c").unwrap(),
            )
        })
        .collect()
}

async fn postgres_columns(db: &Db, schema: &str) -> BTreeSet<(String, String)> {
    let rows = db
        .conn
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            db.db_backend(),
            "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns WHERE table_schema = $1",
            [schema.into()],
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.try_get::<String>("", "t").unwrap(),
                r.try_get::<String>("", "c").unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn migrations_create_the_same_tables_and_columns_on_both_backends() {
    let (lite, dir) = sqlite().await;
    let lite_columns = sqlite_columns(&lite).await;
    assert!(lite_columns.contains(&("organisations".into(), "path".into())));
    assert!(lite_columns.contains(&("audit_events".into(), "org_path".into())));
    let journal = lite
        .conn
        .query_one_raw(sea_orm::Statement::from_string(
            lite.db_backend(),
            "PRAGMA journal_mode".to_string(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<String>(0)
        .unwrap();
    assert_eq!(journal, "wal");
    std::fs::remove_dir_all(dir).ok();
    let Some((pg, url, schema)) = postgres().await else {
        return;
    };
    let pg_columns = postgres_columns(&pg, &schema).await;
    assert_eq!(lite_columns, pg_columns);
    pg.conn.close().await.ok();
    drop_schema(&url, &schema).await;
}

#[tokio::test]
async fn connecting_to_a_missing_sqlite_file_never_creates_an_empty_database() {
    let dir = std::env::temp_dir().join(unique("jinguo_missing"));
    let url = jinguo_storage::db::default_sqlite_url(&dir);
    assert!(jinguo_storage::connect_existing(&url).await.is_err());
    assert!(!dir.join("jinguo.db").exists());
    assert!(
        jinguo_storage::connect("mysql://localhost/x", None)
            .await
            .is_err()
    );
}

async fn concurrent_transactions_all_commit(db: &Db) {
    use jinguo_storage::TransactionTrait;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let conn = db.conn.clone();
        tasks.push(tokio::spawn(async move {
            let txn = conn.begin().await.unwrap();
            let event = jinguo_storage::repo::audit::NewAuditEvent {
                actor_id: None,
                actor_name: "bench",
                org_id: None,
                org_path: "/1/",
                action: "login",
                target: &format!("writer {i}"),
                detail: "",
                ip: "",
            };
            jinguo_storage::repo::audit::append(&txn, &event, chrono::DateTime::UNIX_EPOCH)
                .await
                .unwrap();
            txn.commit().await.unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let root = jinguo_domain::org::OrgPath::from_stored("/1/".into());
    let (_, total) =
        jinguo_storage::repo::audit::list_in_subtree(&db.conn, &root, Default::default(), 10, 0)
            .await
            .unwrap();
    assert_eq!(total, 24);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_all_commit_on_both_backends() {
    let (lite, dir) = sqlite().await;
    concurrent_transactions_all_commit(&lite).await;
    std::fs::remove_dir_all(dir).ok();
    let Some((pg, url, schema)) = postgres().await else {
        return;
    };
    concurrent_transactions_all_commit(&pg).await;
    pg.conn.close().await.ok();
    drop_schema(&url, &schema).await;
}
