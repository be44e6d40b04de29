//! Test harness: `TestApp` builds the real router over a fresh database (a temp SQLite file, or
//! a fresh PostgreSQL schema when `JINGUO_TEST_DATABASE_URL` is set) with a `FixedClock`, and
//! `Client` drives it through HTTP in-process with cookies and CSRF like a browser.
#![expect(
    clippy::expect_used,
    reason = "a test harness: a failure here is a failed test, with the reason"
)]

mod client;
mod logs;

pub use client::{BROWSER_ACCEPT_ENCODING, Client, TestResponse};
pub use logs::Logged;

use chrono::NaiveDate;
use jinguo_domain::FixedClock;
use jinguo_service::Ctx;
use jinguo_service::context::ServiceSettings;
use jinguo_storage::{ConnectionTrait, Db};
use jinguo_web::{AppState, WebSettings};
use std::path::PathBuf;
use std::sync::Arc;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = jinguo_service::demo::DEMO_PASSWORD;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub router: axum::Router,
    pub ctx: Ctx,
    pub clock: FixedClock,
    pub backend: Backend,
    pub data_dir: PathBuf,
    schema: Option<(String, String)>,
    /// This app's number in the log capture, and where its life began in it.
    log_id: u64,
    log_since: u64,
    /// Server errors a test provokes on purpose (substrings of the logged line).
    expected_errors: std::sync::Mutex<Vec<String>>,
}

fn unique_name(prefix: &str) -> String {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).unwrap_or_default();
    let suffix: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}_{}_{suffix}", std::process::id())
}

/// Says once per test binary, past the test harness's output capture, that the PostgreSQL half
/// of the suite did not run.
fn announce_postgres_skipped() {
    use std::io::Write;
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED (postgres): JINGUO_TEST_DATABASE_URL is not set; the `postgres` variants of these tests ran nothing. ***\n"
        );
    });
}

fn s3_url() -> Option<String> {
    std::env::var("JINGUO_TEST_S3_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// Whether the S3 tests have a bucket (`JINGUO_TEST_S3_URL` and the `AWS_*` variables); says
/// loudly that they skipped when not.
pub fn s3_configured() -> bool {
    if s3_url().is_some() {
        return true;
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED (s3): JINGUO_TEST_S3_URL is not set; the shared media store tests ran nothing. ***\n"
    );
    false
}

/// The PostgreSQL URL for tests, if configured.
pub fn postgres_url() -> Option<String> {
    std::env::var("JINGUO_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

impl TestApp {
    /// An empty, migrated database on the given backend; `None` (after a loud line) when the
    /// backend is PostgreSQL and no test database is configured.
    pub async fn empty(backend: Backend) -> Option<TestApp> {
        logs::install();
        let data_dir = std::env::temp_dir().join(unique_name("jinguo_test"));
        std::fs::create_dir_all(&data_dir).ok()?;
        let (db, schema) = match backend {
            Backend::Sqlite => {
                let url = jinguo_storage::db::default_sqlite_url(&data_dir);
                (jinguo_storage::connect(&url, None).await.ok()?, None)
            }
            Backend::Postgres => {
                let Some(url) = postgres_url() else {
                    announce_postgres_skipped();
                    return None;
                };
                let schema = unique_name("jgtest");
                let admin = jinguo_storage::connect_raw(&url)
                    .await
                    .expect("connect to the PostgreSQL test database");
                admin
                    .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
                    .await
                    .expect("create test schema");
                let db = jinguo_storage::connect(&url, Some(&schema))
                    .await
                    .expect("migrate the test schema");
                (db, Some((url, schema)))
            }
        };
        Some(Self::build(db, backend, data_dir, schema))
    }

    /// An empty database whose media store is the S3 bucket of `JINGUO_TEST_S3_URL` (under a
    /// prefix of this app's own), or the usual local folder when none is configured: the test
    /// then says it skipped (see [`s3_configured`]).
    pub async fn empty_on_s3(backend: Backend) -> Option<TestApp> {
        let app = Self::empty(backend).await?;
        let Some(url) = s3_url() else {
            return Some(app);
        };
        let store = jinguo_service::media::store::MediaStore::open(&format!(
            "{}/{}",
            url.trim_end_matches('/'),
            unique_name("t")
        ))
        .expect("the S3 test store");
        Some(app.with_media(store))
    }

    /// A database filled with the demo (the real tree, demo posts and accounts).
    pub async fn with_demo(backend: Backend) -> Option<TestApp> {
        let app = Self::empty(backend).await?;
        jinguo_service::demo::seed_if_empty(&app.ctx)
            .await
            .expect("seed the demo");
        Some(app)
    }

    /// The demo plus its public showcase: sixty articles taken through the whole workflow.
    pub async fn with_showcase(backend: Backend) -> Option<TestApp> {
        let app = Self::with_demo(backend).await?;
        jinguo_service::demo_showcase::seed(&app.ctx)
            .await
            .expect("seed the showcase");
        jinguo_service::showcase::refresh(&app.ctx)
            .await
            .expect("follow the change log");
        Some(app)
    }

    fn build(
        db: Db,
        backend: Backend,
        data_dir: PathBuf,
        schema: Option<(String, String)>,
    ) -> TestApp {
        let clock =
            FixedClock::at_china_noon(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default());
        let settings = ServiceSettings {
            session_idle_minutes: 480,
            media: jinguo_service::media::store::MediaStore::local(&data_dir.join("media"))
                .expect("the test media folder"),
            search_dir: Some(data_dir.join("search")),
            upload_dir: data_dir.join("tmp"),
            // The webhook tests' receivers listen on 127.0.0.1.
            webhooks: jinguo_service::webhooks::WebhookSettings {
                allow_private_targets: true,
                public_url: "https://gang.example.cn".into(),
                ..Default::default()
            },
            ..ServiceSettings::default()
        };
        let ctx = Ctx::new(db, Arc::new(clock.clone()), settings);
        let router = jinguo_web::router(AppState::new(ctx.clone(), WebSettings::default()));
        let log_since = logs::next_seq();
        TestApp {
            router,
            ctx,
            clock,
            backend,
            data_dir,
            schema,
            log_id: log_since,
            log_since,
            expected_errors: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The same app with another media store (an S3 bucket in the shared-media tests). Call it
    /// before anything is stored.
    pub fn with_media(mut self, media: jinguo_service::media::store::MediaStore) -> TestApp {
        let settings = ServiceSettings {
            media,
            search_dir: Some(self.data_dir.join("search-own-media")),
            ..(*self.ctx.settings).clone()
        };
        self.ctx = Ctx::new(self.ctx.db.clone(), Arc::new(self.clock.clone()), settings);
        self.router = jinguo_web::router(AppState::new(self.ctx.clone(), WebSettings::default()));
        self
    }

    /// A second instance, as on another machine: the same database and media store, its own
    /// folder, search index and caches. `Client::on_instance` sends a signed-in client there.
    pub fn second_instance(&self) -> axum::Router {
        let folder = self.data_dir.join("instance-b");
        let settings = ServiceSettings {
            search_dir: Some(folder.join("search")),
            upload_dir: folder.join("tmp"),
            ..(*self.ctx.settings).clone()
        };
        let ctx = Ctx::new(self.ctx.db.clone(), Arc::new(self.clock.clone()), settings);
        jinguo_web::router(AppState::new(ctx, WebSettings::default()))
    }

    pub fn client(&self) -> Client {
        Client::for_app(self.router.clone(), self.log_id)
    }

    /// Declares a server error this test provokes on purpose (a substring of the logged line),
    /// so `cleanup` does not fail the test for it.
    pub fn expect_logged_error(&self, fragment: &str) {
        if let Ok(mut expected) = self.expected_errors.lock() {
            expected.push(fragment.to_string());
        }
    }

    /// Server errors and background panics logged during this app's life, less the expected.
    pub fn unexpected_server_errors(&self) -> Vec<Logged> {
        let expected = self
            .expected_errors
            .lock()
            .map(|e| e.clone())
            .unwrap_or_default();
        logs::charged_to(self.log_id, self.log_since)
            .into_iter()
            .filter(|l| !expected.iter().any(|e| l.text.contains(e.as_str())))
            .collect()
    }

    /// A client already signed in (and past any forced password change) as a demo account.
    pub async fn signed_in(&self, username: &str) -> Client {
        let mut client = self.client();
        let response = client.login(username, DEMO_PASSWORD).await;
        assert_eq!(
            response.status, 303,
            "login of {username} failed: {}",
            response.text
        );
        client.refresh_csrf("/account/password").await;
        client
    }

    /// Drops the PostgreSQL schema and the temp folder, then fails the test if the server
    /// logged an ERROR or panicked in the background during it.
    pub async fn cleanup(self) {
        let unexpected = self.unexpected_server_errors();
        if let Some((url, schema)) = &self.schema {
            self.ctx.db.conn.clone().close().await.ok();
            if let Ok(admin) = jinguo_storage::connect_raw(url).await {
                admin
                    .execute_unprepared(&format!("DROP SCHEMA {schema} CASCADE"))
                    .await
                    .ok();
                admin.close().await.ok();
            }
        }
        std::fs::remove_dir_all(&self.data_dir).ok();
        assert!(
            unexpected.is_empty(),
            "the server logged errors during this test:\n{}",
            unexpected
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// Runs a test body on SQLite, then on PostgreSQL when configured (else prints `SKIPPED`).
/// `setup` is `empty` or `with_demo`.
#[macro_export]
macro_rules! on_both_backends {
    ($setup:ident, $name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[allow(clippy::unwrap_used, clippy::expect_used, reason = "a test body: a failed unwrap is a failed test")]
            async fn run($app: &$crate::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::TestApp::$setup($crate::Backend::Sqlite).await.expect("sqlite test app");
                run(&app).await;
                app.cleanup().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) = $crate::TestApp::$setup($crate::Backend::Postgres).await else { return };
                run(&app).await;
                app.cleanup().await;
            }
        }
    };
}
