//! Helpers for the writing stories: scripts, waiting for the page, signing in, test photos.

use crate::harness::Browser;
use fantoccini::Locator;
use jinguo_testkit::DEMO_PASSWORD;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Runs a script and returns what it returns.
pub async fn js(browser: &Browser, script: &str, args: Vec<Value>) -> Value {
    browser
        .client
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Waits (up to 20 s) until `condition` (a JS expression) is true; on timeout shows `explain`.
pub async fn wait_for(browser: &Browser, condition: &str, explain: &str) {
    let script = format!("return !!({condition});");
    for _ in 0..400 {
        if js(browser, &script, vec![]).await.as_bool() == Some(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let state = js(browser, &format!("return String({explain});"), vec![]).await;
    panic!("timed out waiting for `{condition}`; {explain} = {state}");
}

/// Clicks something in the editor after scrolling it to the middle of the screen, as a person
/// would: at the bottom edge it may sit under the sticky row of buttons.
pub async fn click(browser: &Browser, css: &str) {
    js(
        browser,
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
        vec![json!(css)],
    )
    .await;
    browser.click(css).await;
}

/// Waits until everything typed so far has been autosaved, and checks what the page says.
pub async fn wait_until_saved(browser: &Browser) {
    wait_for(
        browser,
        "document.getElementById('editor').dataset.autosave === 'saved'",
        "document.getElementById('autosave-status').textContent",
    )
    .await;
    let status = js(
        browser,
        "return document.getElementById('autosave-status').textContent;",
        vec![],
    )
    .await;
    assert!(
        status.as_str().unwrap_or("").starts_with("已自动保存 "),
        "{status}"
    );
}

pub async fn count_shown(browser: &Browser) -> u64 {
    let text = js(
        browser,
        "return document.getElementById('word-count').textContent;",
        vec![],
    )
    .await;
    text.as_str()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or_else(|| panic!("#word-count is not a number: {text}"))
}

pub async fn block_kinds(browser: &Browser) -> Vec<String> {
    let kinds = js(
        browser,
        "return Array.from(document.querySelectorAll('#blocks > .block')).map(b => b.dataset.kind);",
        vec![],
    )
    .await;
    serde_json::from_value(kinds).expect("kinds")
}

/// A test photo: colour ramps, with a checkerboard when it should look sharp.
pub fn photo(w: u32, h: u32, sharp: bool) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, move |x, y| {
        let check = match (sharp, (x / 50 + y / 50) % 2) {
            (false, _) => 128,
            (true, 0) => 40,
            (true, _) => 210,
        };
        image::Rgb([(x * 255 / w) as u8, check, (y * 255 / h) as u8])
    })
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jinguo-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub async fn sign_in_with_new_password(browser: &Browser) {
    browser.goto("/login").await;
    browser.fill("#username", "gang_demo").await;
    browser.fill("#password", DEMO_PASSWORD).await;
    browser
        .click_and_wait("button[type=submit].btn-primary")
        .await;
    assert_eq!(browser.path().await, "/account/password");
    browser.fill("#current_password", DEMO_PASSWORD).await;
    browser.fill("#new_password", "Shouhu2026").await;
    browser.fill("#repeat_password", "Shouhu2026").await;
    browser
        .click_and_wait("form[action='/account/password'] button[type=submit]")
        .await;
    assert_eq!(browser.path().await, "/workbench");
}

/// From 我的稿件, opens a new article in the 2026 campaign: the editor, with nothing stored
/// until the first save (which moves the address to the draft's own `/articles/N/edit`).
pub async fn start_2026_draft(browser: &Browser) {
    browser.goto("/articles").await;
    let campaign = js(
        browser,
        "const row = Array.from(document.querySelectorAll('.campaign-row'))
           .find(r => r.textContent.includes('2026年“巾帼文明岗网上行”'));
         const link = row && row.querySelector('a[data-campaign-id]');
         return link ? link.dataset.campaignId : null;",
        vec![],
    )
    .await;
    let campaign = campaign.as_str().expect("the 2026 campaign is open");
    browser
        .click_and_wait(&format!("a[data-campaign-id='{campaign}']"))
        .await;
    assert_eq!(browser.path().await, "/articles/new");
}

/// The stored draft's editor address, once the first save created it.
pub async fn saved_editor_path(browser: &Browser) -> String {
    let path = browser.path().await;
    assert!(
        path.starts_with("/articles/") && path.ends_with("/edit"),
        "{path}"
    );
    path
}

/// Chooses a photo in the editor and waits until it is a block (`expect_images` in all).
pub async fn upload_photo(browser: &Browser, path: &Path, expect_images: usize) {
    browser
        .client
        .find(Locator::Css("#image-file"))
        .await
        .expect("image input")
        .send_keys(path.to_str().expect("utf-8 path"))
        .await
        .expect("choose photo");
    wait_for(
        browser,
        &format!(
            "document.querySelectorAll('#blocks > .block[data-kind=image]').length === {expect_images} \
             && !document.querySelector('.upload-placeholder')"
        ),
        "document.getElementById('image-upload-status').textContent",
    )
    .await;
}
