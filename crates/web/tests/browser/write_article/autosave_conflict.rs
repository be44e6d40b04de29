//! Autosave meets a save made elsewhere: it stops and tells the post what to do.

use super::support::{js, sign_in_with_new_password, start_2026_draft, wait_for, wait_until_saved};
use crate::harness;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autosave_stops_and_says_so_when_another_window_saved_first() {
    let Some(browser) = harness::start().await else {
        return;
    };
    sign_in_with_new_password(&browser).await;
    start_2026_draft(&browser).await;
    browser.fill("#title", "第一版标题").await;
    wait_until_saved(&browser).await;
    // Another window saves the same draft at the version this page knows.
    let status = js(
        &browser,
        "const form = document.getElementById('editor');
         return fetch('/api/v1/articles/' + form.dataset.articleId, {
           method: 'PUT',
           headers: {'Content-Type': 'application/json', 'X-CSRF-Token': form.dataset.csrf},
           body: JSON.stringify({content: {title: '另一个窗口', themes: [], blocks: [], cover: null},
                                 version: Number(document.getElementById('version').value)})
         }).then(r => r.status);",
        vec![],
    )
    .await;
    assert_eq!(status.as_u64(), Some(200));
    browser.fill("#title", "第二版标题").await;
    wait_for(
        &browser,
        "document.getElementById('editor').dataset.autosave === 'stopped'",
        "document.getElementById('autosave-status').textContent",
    )
    .await;
    let status = js(
        &browser,
        "return document.getElementById('autosave-status').textContent;",
        vec![],
    )
    .await;
    assert_eq!(
        status,
        json!("稿件已在其他窗口或被他人修改，请复制您的修改后刷新页面")
    );
    browser.finish().await;
}
