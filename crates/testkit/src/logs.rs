//! What the server logged during a test. A 200 status line can hide a panic in a spawned task or
//! an error logged on the way out (a stream cut short), so every `TestApp` fails its test at
//! `cleanup` when, during its life, the server logged an ERROR or a background thread panicked.
//!
//! Requests sent through a `TestApp`'s clients run inside a span naming the app, so their
//! errors are charged to it alone. Errors outside any app's span (spawned tasks, blocking jobs,
//! a real server in the browser tests) are charged to every app alive when they happened:
//! a real error can then fail a neighbour test too, which is better than failing none.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::Context;
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;

/// The span name and field that tie a request to its app.
pub(crate) const SPAN: &str = "jinguo_test_app";

#[derive(Debug, Clone)]
pub struct Logged {
    /// Order of arrival, to tell which apps were alive.
    pub seq: u64,
    /// The app whose request logged it, if known.
    pub app: Option<u64>,
    pub text: String,
}

static SEQ: AtomicU64 = AtomicU64::new(0);
static LOGGED: Mutex<Vec<Logged>> = Mutex::new(Vec::new());

pub(crate) fn next_seq() -> u64 {
    SEQ.fetch_add(1, Ordering::SeqCst)
}

fn push(app: Option<u64>, text: String) {
    let entry = Logged {
        seq: next_seq(),
        app,
        text,
    };
    if let Ok(mut logged) = LOGGED.lock() {
        logged.push(entry);
    }
}

/// What an app must answer for: its own errors, and unattributed ones since `since`.
pub(crate) fn charged_to(app: u64, since: u64) -> Vec<Logged> {
    LOGGED
        .lock()
        .map(|logged| {
            logged
                .iter()
                .filter(|l| l.app == Some(app) || (l.app.is_none() && l.seq >= since))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Installs the capturing subscriber and panic hook once per test binary.
pub(crate) fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = tracing_subscriber::registry().with(Capture).try_init();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A test's own failed assertion runs on the test's thread (named after the test)
            // and fails that test anyway; a panic on a runtime, worker or unnamed thread is
            // the server's, and nothing else would report it.
            let thread = std::thread::current();
            let server_side = thread
                .name()
                .is_none_or(|name| name.starts_with("tokio-") || name.starts_with("jinguo-"));
            if server_side {
                push(None, format!("panic: {info}"));
            }
            previous(info);
        }));
    });
}

struct AppId(u64);

struct Capture;

impl<S> Layer<S> for Capture
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != SPAN {
            return;
        }
        let mut visitor = AppVisitor(None);
        attrs.record(&mut visitor);
        if let (Some(app), Some(span)) = (visitor.0, ctx.span(id)) {
            span.extensions_mut().insert(AppId(app));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if *event.metadata().level() != Level::ERROR {
            return;
        }
        let app = ctx.event_scope(event).and_then(|scope| {
            scope
                .from_root()
                .find_map(|span| span.extensions().get::<AppId>().map(|a| a.0))
        });
        let mut text = TextVisitor(format!("ERROR {}:", event.metadata().target()));
        event.record(&mut text);
        push(app, text.0);
    }
}

struct AppVisitor(Option<u64>);

impl Visit for AppVisitor {
    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "app" {
            self.0 = Some(value);
        }
    }

    fn record_debug(&mut self, _field: &Field, _value: &dyn std::fmt::Debug) {}
}

struct TextVisitor(String);

impl Visit for TextVisitor {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}
