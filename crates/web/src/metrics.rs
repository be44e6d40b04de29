//! `/metrics` in the Prometheus text format, for the operators' dashboards: requests by route,
//! method and status, latency histograms by route, the database pool, the page cache, and how
//! far this instance's public side lags behind the shared change log. Answered only to the
//! addresses in `metrics_allow` (default: this machine).
//!
//! A small registry of our own: a handful of counters and one histogram family do not justify a
//! metrics framework and its exporter.

use crate::auth::ClientAddr;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Debug, Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
}

impl Metrics {
    /// Records one answered request under its route template (never the concrete path, so
    /// ids and invented URLs do not make new series).
    pub fn record(&self, method: &str, route: &str, status: u16, took: Duration) {
        if let Ok(mut requests) = self.requests.lock() {
            *requests
                .entry((route.to_string(), method.to_string(), status))
                .or_default() += 1;
        }
        if let Ok(mut latency) = self.latency.lock() {
            let histogram = latency.entry(route.to_string()).or_default();
            let seconds = took.as_secs_f64();
            for (i, bound) in BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    histogram.counts[i] += 1;
                }
            }
            histogram.count += 1;
            histogram.sum += seconds;
        }
    }

    fn write_requests(&self, out: &mut String) {
        out.push_str(
            "# HELP jinguo_http_requests_total Requests answered, by route, method and status.\n",
        );
        out.push_str("# TYPE jinguo_http_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((route, method, status), n) in requests.iter() {
                let _ = writeln!(
                    out,
                    "jinguo_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                    label(route)
                );
            }
        }
        out.push_str("# HELP jinguo_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE jinguo_http_request_duration_seconds histogram\n");
        if let Ok(latency) = self.latency.lock() {
            for (route, h) in latency.iter() {
                let route = label(route);
                for (bound, n) in BUCKETS.iter().zip(h.counts) {
                    let _ = writeln!(
                        out,
                        "jinguo_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                    );
                }
                let _ = writeln!(
                    out,
                    "jinguo_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "jinguo_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                    h.sum
                );
                let _ = writeln!(
                    out,
                    "jinguo_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    h.count
                );
            }
        }
    }
}

/// A label value with `\` and `"` escaped (route templates carry neither, but be safe).
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

fn gauge(out: &mut String, name: &str, help: &str, value: impl std::fmt::Display) {
    let _ = writeln!(
        out,
        "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
    );
}

pub async fn show_metrics(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Response {
    let client = request.extensions().get::<ClientAddr>().and_then(|c| c.0);
    if !client.is_some_and(|ip| state.web.metrics_allow.allows(ip)) {
        return (StatusCode::NOT_FOUND, "").into_response();
    }
    let mut out = String::new();
    state.metrics.write_requests(&mut out);
    let (size, idle) = state.ctx.db.pool_usage();
    gauge(
        &mut out,
        "jinguo_db_pool_connections",
        "Open database connections of this instance.",
        size,
    );
    gauge(
        &mut out,
        "jinguo_db_pool_idle_connections",
        "Of those, idle.",
        idle,
    );
    gauge(
        &mut out,
        "jinguo_db_pool_in_use_connections",
        "Of those, in use.",
        size.saturating_sub(idle),
    );
    let (hits, misses) = state.pages.lookups();
    let _ = writeln!(
        out,
        "# HELP jinguo_page_cache_lookups_total Public page cache lookups.\n# TYPE jinguo_page_cache_lookups_total counter\n\
         jinguo_page_cache_lookups_total{{result=\"hit\"}} {hits}\njinguo_page_cache_lookups_total{{result=\"miss\"}} {misses}"
    );
    gauge(
        &mut out,
        "jinguo_page_cache_entries",
        "Pages in the public cache.",
        state.pages.len(),
    );
    gauge(
        &mut out,
        "jinguo_page_cache_bytes",
        "What the cached pages weigh.",
        state.pages.bytes(),
    );
    let followed = state.ctx.showcase.generation();
    if let Ok((latest, _)) = jinguo_service::showcase::latest_public_change(&state.ctx).await {
        gauge(
            &mut out,
            "jinguo_change_log_lag",
            "Public changes in the shared log this instance has not followed yet.",
            (latest - followed.max(0)).max(0),
        );
    }
    let (photos, seconds) = jinguo_service::media::upload::pipeline_totals();
    let _ = writeln!(
        out,
        "# HELP jinguo_image_pipeline_seconds Time photos spent in the image pipeline (decode, \
         turn, crop, resize, encode).\n# TYPE jinguo_image_pipeline_seconds summary\n\
         jinguo_image_pipeline_seconds_sum {seconds}\njinguo_image_pipeline_seconds_count {photos}"
    );
    gauge(
        &mut out,
        "jinguo_change_log_followed",
        "The last public change this instance followed.",
        followed,
    );
    let mut response = out.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}
