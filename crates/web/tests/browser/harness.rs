//! Starts chromedriver and the app on real sockets and hands a WebDriver client to a test.

use fantoccini::{Client, ClientBuilder};
use jinguo_testkit::{Backend, TestApp};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Browser {
    pub client: Client,
    pub base: String,
    pub app: TestApp,
    driver: Child,
    server: tokio::task::JoinHandle<()>,
}

fn find(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(|p| p.to_string())
}

/// `None` (after a loud line) when Chromium or its driver is not installed.
pub async fn start() -> Option<Browser> {
    start_with(false).await
}

/// The same, over the demo with its public showcase of published articles.
pub async fn start_showcase() -> Option<Browser> {
    start_with(true).await
}

async fn start_with(showcase: bool) -> Option<Browser> {
    let driver_path = std::env::var("CHROMEDRIVER")
        .ok()
        .or_else(|| find(&["/usr/bin/chromedriver"]));
    let chrome_path = std::env::var("CHROMIUM")
        .ok()
        .or_else(|| find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]));
    let (Some(driver_path), Some(chrome_path)) = (driver_path, chrome_path) else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED (browser): chromium and chromium-driver are not installed (apt-get install chromium chromium-driver). ***\n"
        );
        return None;
    };
    let port = free_port();
    let driver = Command::new(driver_path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let app = if showcase {
        TestApp::with_showcase(Backend::Sqlite).await
    } else {
        TestApp::with_demo(Backend::Sqlite).await
    }
    .expect("test app");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let router = app.router.clone();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chrome_path,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--disable-quic", "--window-size=1280,900", "--lang=zh-CN"]
        }),
    );
    let webdriver = format!("http://127.0.0.1:{port}");
    let mut last_error = String::new();
    for _ in 0..50 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&webdriver)
            .await
        {
            Ok(client) => {
                return Some(Browser {
                    client,
                    base,
                    app,
                    driver,
                    server,
                });
            }
            Err(err) => {
                last_error = err.to_string();
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    panic!("could not start a Chromium session: {last_error}");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

pub fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// axe-core's script (`AXE_CORE_JS`, else the copy `.ci/run` installs under `target/axe`), or
/// `None` after a loud line: the accessibility checks are then skipped.
fn axe_source() -> Option<&'static str> {
    static SOURCE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let path = std::env::var("AXE_CORE_JS").map(PathBuf::from).unwrap_or_else(|_| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("../../target/axe/node_modules/axe-core/axe.min.js")
            });
            let source = std::fs::read_to_string(&path).ok();
            if source.is_none() {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "\n*** SKIPPED (axe-core): {} is missing (npm install --prefix target/axe axe-core@4); pages were not checked for accessibility. ***\n",
                    path.display()
                );
            }
            source
        })
        .as_deref()
}

/// What axe-core checks: WCAG 2.1 A and AA.
const AXE_RUN: &str = r#"
var done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
  .then(function (result) {
    done(result.violations.map(function (v) {
      return v.id + " (" + v.impact + "): " + v.help + " — " +
        v.nodes.slice(0, 6).map(function (n) { return n.target.join(" ") + " " + (n.failureSummary || "").replace(/\s+/g, " "); }).join(" | ");
    }));
  })
  .catch(function (err) { done(["axe failed: " + err]); });
"#;

/// Writes and submits an article as the signed-in post (an in-process client), through the JSON
/// API its page uses; returns its id.
pub async fn submitted(post: &mut jinguo_testkit::Client, title: &str, theme: &str) -> i64 {
    let campaigns = post.get("/api/v1/campaigns").await.json();
    let campaign = campaigns["items"]
        .as_array()
        .expect("campaigns")
        .iter()
        .find(|c| c["slug"] == "wangshangxing-2026")
        .expect("the current campaign")["id"]
        .clone();
    let content = serde_json::json!({"title": title, "themes": [theme],
        "blocks": [{"type": "paragraph", "text": "清晨六点，岗位上的灯已经亮了。"}]});
    let created = post
        .json(
            "POST",
            "/api/v1/articles",
            &serde_json::json!({"campaign_id": campaign, "content": content}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let article = created.json();
    let sent = post
        .json(
            "POST",
            &format!("/api/v1/articles/{}/submit", article["id"]),
            &serde_json::json!({"version": article["version"]}),
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    article["id"].as_i64().expect("id")
}

impl Browser {
    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{}", self.base, path))
            .await
            .expect("navigate");
        self.check_accessibility().await;
    }

    /// Runs axe-core on the current page; any WCAG 2.1 A/AA violation fails the test, naming
    /// the rule and the elements.
    pub async fn check_accessibility(&self) {
        let Some(source) = axe_source() else {
            return;
        };
        let present = self
            .client
            .execute("return typeof window.axe === 'object'", vec![])
            .await
            .expect("axe present?");
        if present.as_bool() != Some(true) {
            self.client
                .execute(&format!("{source}\nreturn true;"), vec![])
                .await
                .expect("inject axe-core");
        }
        let violations = self
            .client
            .execute_async(AXE_RUN, vec![])
            .await
            .expect("run axe-core");
        let list: Vec<String> = violations
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if !list.is_empty() {
            let url = self
                .client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            panic!(
                "axe-core found {} accessibility violation(s) on {url}:\n{}",
                list.len(),
                list.join("\n")
            );
        }
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("url");
        url.path().to_string()
    }

    pub async fn body_text(&self) -> String {
        // The page may be replaced between finding the body and reading it; read the new one.
        let mut last_error = String::new();
        for _ in 0..40 {
            let body = self
                .client
                .find(fantoccini::Locator::Css("body"))
                .await
                .expect("body");
            match body.text().await {
                Ok(text) => return text,
                Err(err) => last_error = err.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("could not read the page: {last_error}");
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let field = self
            .client
            .find(fantoccini::Locator::Css(css))
            .await
            .expect("field");
        field.clear().await.expect("clear");
        field.send_keys(value).await.expect("type");
    }

    pub async fn click(&self, css: &str) {
        let element = self
            .client
            .find(fantoccini::Locator::Css(css))
            .await
            .expect("element");
        // Into the middle of the window, as a person scrolls to what she taps: a sticky bar
        // (the queue's batch bar, the editor's actions) covers the window's bottom edge.
        let arg = serde_json::to_value(&element).expect("element as argument");
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                vec![arg],
            )
            .await
            .expect("scroll into view");
        element.click().await.expect("click");
    }

    /// Clicks something that loads a new page and waits until the new page has loaded.
    pub async fn click_and_wait(&self, css: &str) {
        let old = self
            .client
            .find(fantoccini::Locator::Css("html"))
            .await
            .expect("page");
        self.click(css).await;
        // A loaded machine can take seconds to start the next page: wait up to 30 s for the
        // old document to go away before looking at the new one.
        for _ in 0..1200 {
            if old.tag_name().await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        for _ in 0..200 {
            let state = self
                .client
                .execute("return document.readyState", vec![])
                .await
                .expect("readyState");
            if state.as_str() == Some("complete") {
                self.check_accessibility().await;
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the page after clicking {css} did not finish loading");
    }

    /// Signs in on the login page as a person does.
    pub async fn sign_in(&self, username: &str, password: &str) {
        self.goto("/login").await;
        self.fill("#username", username).await;
        self.fill("#password", password).await;
        self.click_and_wait("button[type=submit].btn-primary").await;
    }

    /// 退出 from the header of whatever signed-in page is open.
    pub async fn sign_out(&self) {
        self.click_and_wait("form[action='/logout'] button").await;
    }

    /// Sets the window size, e.g. a phone's 390×844.
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("resize");
    }

    /// Saves a screenshot at desktop (1366) and phone (390) widths.
    pub async fn screenshots(&self, name: &str) {
        for (label, width, height) in [("desktop", 1366, 900), ("phone", 390, 844)] {
            self.client
                .set_window_size(width, height)
                .await
                .expect("resize");
            let png = self.client.screenshot().await.expect("screenshot");
            std::fs::write(screenshot_dir().join(format!("{name}-{label}.png")), png)
                .expect("save screenshot");
        }
        self.client
            .set_window_size(1280, 900)
            .await
            .expect("resize");
    }

    pub async fn finish(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        self.server.abort();
        self.app.cleanup().await;
    }
}
