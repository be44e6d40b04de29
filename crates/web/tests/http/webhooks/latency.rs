//! Latency from 发布 to the receiver, with the worker running as `serve` runs it (woken by the
//! move's commit). Prints p50 and p99 over the publishes; asserts nothing about the figures.

use super::receiver::{Receiver, subscribe, worker};
use crate::review::helpers::{page_version, review_at};
use crate::review::list_helpers::{Chongqing, push};
use jinguo_testkit::on_both_backends;
use std::time::Instant;

const ARTICLES: usize = 20;

on_both_backends!(
    with_demo,
    latency_from_publish_to_receiver_is_reported,
    |app| {
        let receiver = Receiver::start().await;
        subscribe(app, &receiver.url, &["published"]).await;
        let mut chongqing = Chongqing::signed_in(app).await;
        let mut ids = Vec::new();
        for n in 0..ARTICLES {
            ids.push(chongqing.recommended(&format!("时延测量 {n}")).await);
        }
        assert_eq!(push(&mut chongqing.province, true).await.status, 303);
        let mut national = app.signed_in("qg_reviewer").await;
        let running = tokio::spawn(worker(app, "latency").run());
        let mut latencies = Vec::new();
        for (n, id) in ids.iter().enumerate() {
            let version = page_version(&mut national, *id).await;
            let start = Instant::now();
            let done = review_at(&mut national, *id, "publish", "", &version).await;
            assert_eq!(done.status, 303, "{}", done.text);
            let got = receiver.wait_for(n + 1).await;
            assert_eq!(got.len(), n + 1);
            latencies.push(got[n].at.duration_since(start));
        }
        running.abort();
        latencies.sort();
        let pick = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
        let (p50, p99) = (pick(0.5), pick(0.99));
        eprintln!(
            "webhook latency ({:?}, {ARTICLES} publishes, publish request start → receiver): p50 {:.1} ms, p99 {:.1} ms",
            app.backend,
            p50.as_secs_f64() * 1000.0,
            p99.as_secs_f64() * 1000.0
        );
    }
);
