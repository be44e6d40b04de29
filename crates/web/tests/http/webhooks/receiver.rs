//! A webhook receiver for the tests: an axum server on 127.0.0.1 that records every request
//! and answers with the status the test sets (optionally after a delay).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hmac::{KeyInit, Mac};
use jinguo_service::webhooks::worker::Worker;
use jinguo_testkit::{Client, TestApp};
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const SECRET: &str = "test-secret-0123456789";

#[derive(Debug, Clone)]
pub struct Got {
    pub headers: HeaderMap,
    pub body: String,
    pub at: Instant,
}

impl Got {
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }
    /// Verifies the signature like a receiver would: HMAC-SHA256 of "{timestamp}.{body}".
    pub fn signature_verifies(&self, secret: &str) -> bool {
        let timestamp = self.header("x-jinguo-timestamp");
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{timestamp}.{}", self.body).as_bytes());
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.header("x-jinguo-signature") == format!("sha256={hex}")
    }
}

#[derive(Clone)]
struct Shared {
    got: Arc<Mutex<Vec<Got>>>,
    status: Arc<AtomicU16>,
    delay_ms: Arc<AtomicU64>,
}

pub struct Receiver {
    pub url: String,
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

async fn record(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let at = Instant::now();
    let delay = shared.delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    shared.got.lock().unwrap().push(Got {
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        at,
    });
    StatusCode::from_u16(shared.status.load(Ordering::SeqCst)).unwrap()
}

impl Receiver {
    pub async fn start() -> Receiver {
        Self::start_at("127.0.0.1:0").await
    }

    /// A receiver on a given address (to come back on the port a stopped one had).
    pub async fn start_at(addr: &str) -> Receiver {
        let shared = Shared {
            got: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
            delay_ms: Arc::default(),
        };
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let app = Router::new()
            .route("/hook", post(record))
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Receiver { url, shared, task }
    }

    /// The address it listens on (`127.0.0.1:port`).
    pub fn addr(&self) -> String {
        self.url
            .trim_start_matches("http://")
            .trim_end_matches("/hook")
            .to_string()
    }

    /// Stops listening: connections to its port are refused from now on.
    pub async fn stop(self) -> String {
        let addr = self.addr();
        self.task.abort();
        tokio::time::sleep(Duration::from_millis(50)).await;
        addr
    }

    pub fn answer(&self, status: u16) {
        self.shared.status.store(status, Ordering::SeqCst);
    }

    pub fn delay(&self, ms: u64) {
        self.shared.delay_ms.store(ms, Ordering::SeqCst);
    }

    pub fn got(&self) -> Vec<Got> {
        self.shared.got.lock().unwrap().clone()
    }

    /// Waits (at most 10 s) until `n` requests arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Got> {
        for _ in 0..1000 {
            if self.got().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.got()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Subscribes `url` to `events` (checkbox names: published, unpublished, featured, updated)
/// through the page as the national admin, with the known [`SECRET`].
pub async fn subscribe(app: &TestApp, url: &str, events: &[&str]) {
    let mut admin = app.signed_in("qg_admin").await;
    let names: Vec<String> = events.iter().map(|e| format!("ev_{e}")).collect();
    let mut fields = vec![
        ("url", url),
        ("description", "中国妇女网"),
        ("secret", SECRET),
    ];
    for name in &names {
        fields.push((name.as_str(), "on"));
    }
    let page = admin.post_form("/admin/webhooks", &fields).await;
    assert_eq!(page.status, 200, "{}", page.text);
    page.assert_contains("已添加订阅").assert_contains(SECRET);
}

pub fn worker(app: &TestApp, id: &str) -> Worker {
    Worker::new(app.ctx.clone(), id).unwrap()
}

/// A new article of gang_demo taken to 已发布: forwarded, recommended, pushed, published.
pub async fn published(app: &TestApp, title: &str) -> i64 {
    published_all(app, &[title]).await[0]
}

/// Several articles taken to 已发布, each person signing in once.
pub async fn published_all(app: &TestApp, titles: &[&str]) -> Vec<i64> {
    use crate::review::helpers::moved;
    use crate::review::list_helpers::{Chongqing, push};
    let mut chongqing = Chongqing::signed_in(app).await;
    let mut ids = Vec::new();
    for title in titles {
        ids.push(chongqing.recommended(title).await);
    }
    assert_eq!(push(&mut chongqing.province, true).await.status, 303);
    let mut national = app.signed_in("qg_reviewer").await;
    for id in &ids {
        moved(&mut national, *id, "publish", "").await;
    }
    ids
}

pub async fn national(app: &TestApp) -> Client {
    app.signed_in("qg_reviewer").await
}
