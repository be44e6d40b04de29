//! Runs a service scenario on a fresh database: a temp SQLite file always, and PostgreSQL in a
//! schema of its own when `JINGUO_TEST_DATABASE_URL` is set.

pub mod fixtures;

use chrono::NaiveDate;
use jinguo_domain::FixedClock;
use jinguo_service::Ctx;
use jinguo_service::context::ServiceSettings;
use jinguo_storage::Db;
use sea_orm::ConnectionTrait;
use std::future::Future;
use std::sync::Arc;

/// The day every scenario runs on (China time).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
}

fn ctx(db: Db) -> Ctx {
    Ctx::new(
        db,
        Arc::new(FixedClock::at_china_noon(today())),
        ServiceSettings::default(),
    )
}

fn unique_suffix() -> String {
    jinguo_service::secrets::random_token().unwrap()[..16].to_string()
}

/// Runs `scenario` on SQLite, then on PostgreSQL if configured (else prints `SKIPPED (postgres)`).
/// The database is removed afterwards, also when the scenario fails.
pub async fn on_each_backend<F, Fut>(name: &str, scenario: F)
where
    F: Fn(Ctx) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = std::env::temp_dir().join(format!("jinguo-test-{}", unique_suffix()));
    let url = format!("sqlite://{}?mode=rwc", dir.join("jinguo.db").display());
    let db = jinguo_storage::connect(&url, None).await.unwrap();
    let outcome = tokio::spawn(scenario(ctx(db.clone()))).await;
    db.conn.close().await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }

    let Some(url) = std::env::var("JINGUO_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!(
            "SKIPPED (postgres): {name}: set JINGUO_TEST_DATABASE_URL to run it on PostgreSQL too"
        );
        return;
    };
    let schema = format!("t_{}", unique_suffix());
    let admin = sea_orm::Database::connect(&url).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
        .await
        .unwrap();
    let db = jinguo_storage::connect(&url, Some(&schema)).await.unwrap();
    let outcome = tokio::spawn(scenario(ctx(db.clone()))).await;
    db.conn.close().await.unwrap();
    admin
        .execute_unprepared(&format!("DROP SCHEMA {schema} CASCADE"))
        .await
        .unwrap();
    admin.close().await.unwrap();
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}
