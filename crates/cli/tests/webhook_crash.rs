//! A webhook event survives `kill -9`: the real binary commits an unpublication with its
//! outbox row, is killed before its worker sent anything, and the restarted instance (on
//! PostgreSQL, two instances at once) delivers it exactly once, signed.
#![expect(
    clippy::expect_used,
    reason = "test code: a failed expectation is a failed test"
)]

mod support;

use hmac::{KeyInit, Mac};
use serde_json::json;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Child;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{Http, create_database, free_port, postgres_url, psql, start_with, wait_healthy};

const DEMO_PASSWORD: &str = "Jinguo@2020";
const SECRET: &str = "crash-test-secret-0123456789";

/// One POST the receiver got: its headers (lower-case names) and body.
#[derive(Debug, Clone)]
struct Got {
    headers: Vec<(String, String)>,
    body: String,
}

impl Got {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// As a receiver checks it: HMAC-SHA256 of "{timestamp}.{body}" with the secret.
    fn signed_with(&self, secret: &str) -> bool {
        let mut mac =
            hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
        mac.update(format!("{}.{}", self.header("x-jinguo-timestamp"), self.body).as_bytes());
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.header("x-jinguo-signature") == format!("sha256={hex}")
    }
}

/// A receiver on 127.0.0.1 in a thread: records every request and answers 200.
fn receiver() -> (String, Arc<Mutex<Vec<Got>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a receiver port");
    let url = format!(
        "http://{}/hook",
        listener.local_addr().expect("its address")
    );
    let got: Arc<Mutex<Vec<Got>>> = Arc::default();
    let record = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut headers = Vec::new();
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((k, v)) = line.trim_end().split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let length: usize = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0u8; length];
            let _ = reader.read_exact(&mut body);
            if let Ok(mut all) = record.lock() {
                all.push(Got {
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
            }
            let mut stream = reader.into_inner();
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        }
    });
    (url, got)
}

fn serve(
    data_dir: &Path,
    database_url: Option<&str>,
    port: u16,
    demo: bool,
    worker: bool,
) -> Child {
    let worker = if worker { "true" } else { "false" };
    let mut server = start_with(
        data_dir,
        database_url,
        port,
        demo,
        &[
            ("JINGUO_WEBHOOK_WORKER", worker),
            ("JINGUO_WEBHOOK_POLL_SECONDS", "1"),
            ("JINGUO_WEBHOOK_ALLOW_PRIVATE_TARGETS", "true"),
        ],
    );
    assert!(
        wait_healthy(&mut server, port, Duration::from_secs(300)),
        "the server came up on {port}"
    );
    server
}

fn signed_in(port: u16, username: &str) -> Http {
    let mut http = Http::new(port);
    assert!(
        http.sign_in(username, DEMO_PASSWORD, DEMO_PASSWORD),
        "{username} signs in"
    );
    http
}

/// The instance's deliveries, as the national admin reads them through the API.
fn deliveries(port: u16) -> Vec<serde_json::Value> {
    let answer = signed_in(port, "qg_admin")
        .get("/api/v1/webhooks/deliveries")
        .expect("the server answers");
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn wait_for(got: &Mutex<Vec<Got>>, n: usize, limit: Duration) -> Vec<Got> {
    let deadline = Instant::now() + limit;
    loop {
        let now = got.lock().map(|g| g.clone()).unwrap_or_default();
        if now.len() >= n || Instant::now() > deadline {
            return now;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Subscribes, unpublishes one public article with no worker running, kills the instance,
/// then starts `instances` instances with workers: one signed delivery arrives, no more.
fn crash_between_commit_and_delivery(
    data_dir: &Path,
    database_url: Option<&str>,
    instances: usize,
) {
    let (hook, got) = receiver();
    let port = free_port();
    let mut server = serve(data_dir, database_url, port, true, false);

    let mut admin = signed_in(port, "qg_admin");
    admin.get("/admin/webhooks");
    let added = admin
        .form(
            "/admin/webhooks",
            &[
                ("url", hook.as_str()),
                ("description", "中国妇女网"),
                ("secret", SECRET),
                ("ev_unpublished", "on"),
            ],
        )
        .expect("the server answers");
    assert_eq!(added.status, 200, "{}", added.text());
    assert!(added.text().contains("已添加订阅"), "{}", added.text());

    let public = Http::new(port)
        .get("/api/v1/public/articles")
        .expect("the server answers");
    let id = public.json()["items"][0]["id"]
        .as_i64()
        .expect("a published article");
    let mut national = signed_in(port, "qg_reviewer");
    let seen = national
        .get(&format!("/api/v1/review/articles/{id}"))
        .expect("the server answers");
    let version = seen.json()["article"]["version"].as_i64().expect("version");
    let moved = national
        .json(
            "POST",
            &format!("/api/v1/review/articles/{id}/unpublish"),
            &json!({"comment": "图片版权存疑，撤稿核实", "version": version}),
        )
        .expect("the server answers");
    assert_eq!(moved.status, 200, "{}", moved.text());
    let pending = deliveries(port);
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(pending[0]["status"], "pending");

    server.kill().expect("SIGKILL the server");
    server.wait().ok();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        got.lock().map(|g| g.is_empty()).unwrap_or(false),
        "nothing was sent before the crash"
    );

    let ports: Vec<u16> = (0..instances).map(|_| free_port()).collect();
    // The first in the crashed one's folder (SQLite's database is there), the others beside it
    // (each instance keeps its own search index); all on the one PostgreSQL.
    let mut restarted: Vec<Child> = ports
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let dir = match i {
                0 => data_dir.to_path_buf(),
                _ => data_dir.join(format!("instance-{i}")),
            };
            std::fs::create_dir_all(&dir).expect("data dir");
            serve(&dir, database_url, *p, false, true)
        })
        .collect();
    let arrived = wait_for(&got, 1, Duration::from_secs(30));
    // Long enough for every worker to poll several times more.
    std::thread::sleep(Duration::from_secs(4));
    let all = got.lock().map(|g| g.clone()).unwrap_or_default();
    assert_eq!(arrived.len(), 1, "delivered after the restart");
    assert_eq!(all.len(), 1, "exactly once across {instances} instance(s)");
    let delivery = &all[0];
    assert!(delivery.signed_with(SECRET), "{delivery:?}");
    assert_eq!(delivery.header("x-jinguo-event"), "article.unpublished");
    assert_eq!(
        delivery.header("x-jinguo-delivery"),
        pending[0]["delivery_key"].as_str().unwrap_or("?")
    );
    let body: serde_json::Value = serde_json::from_str(&delivery.body).unwrap_or_default();
    assert_eq!(body["data"]["id"], id, "{body}");

    let recorded = deliveries(ports[0]);
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert_eq!(recorded[0]["status"], "delivered");
    assert_eq!(recorded[0]["attempts"], 1);
    for mut server in restarted.drain(..) {
        server.kill().ok();
        server.wait().ok();
    }
}

#[test]
fn an_event_committed_before_a_kill_9_is_delivered_once_after_the_restart_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("jinguo_hook_crash_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("data dir");
    crash_between_commit_and_delivery(&dir, None, 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_event_committed_before_a_kill_9_is_delivered_once_by_two_instances_on_postgres() {
    let Some(url) = postgres_url() else { return };
    let name = format!("jgtest_hook_crash_{}", std::process::id());
    let database_url = create_database(&url, &name);
    let dir = std::env::temp_dir().join(&name);
    std::fs::create_dir_all(&dir).expect("data dir");
    crash_between_commit_and_delivery(&dir, Some(&database_url), 2);
    psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    std::fs::remove_dir_all(&dir).ok();
}
