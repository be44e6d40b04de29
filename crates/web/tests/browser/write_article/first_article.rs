//! A post's first article from the workbench to 待审 (issue 13 §4): 撰写新稿件 opens the editor
//! with nothing stored, a photo chosen after the typed text lands after it, and 提交审核 stores
//! and submits the article in one step, so the post has exactly one new article, 待审.

use super::support::{block_kinds, js, photo, sign_in_with_new_password, temp_dir, upload_photo};
use crate::harness;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_article_goes_from_the_workbench_to_pending_without_an_empty_draft() {
    let Some(browser) = harness::start().await else {
        return;
    };
    sign_in_with_new_password(&browser).await;
    let total = "return fetch('/api/v1/articles').then(r => r.json()).then(b => b.total);";
    let before = js(&browser, total, vec![]).await;

    // Click 1: 撰写新稿件 on the workbench.
    browser
        .click_and_wait(".desk-next a[data-campaign-id]")
        .await;
    assert_eq!(browser.path().await, "/articles/new");
    assert!(browser.body_text().await.contains("新稿件，尚未保存"));
    assert_eq!(
        js(&browser, total, vec![]).await,
        before,
        "opening the editor stores nothing"
    );
    browser.screenshots("editor-new").await;

    // Typing, then click 2: a theme; click 3: the photo, chosen after the text.
    browser.fill("#title", "急诊科的夜班").await;
    browser.click("input[name=themes][value=guard]").await;
    browser
        .fill(
            "#append_text",
            "凌晨两点，急诊科的灯还亮着。\n护士们守在预检分诊台前。",
        )
        .await;
    let dir = temp_dir("first-article");
    let path = dir.join("night.png");
    photo(1600, 1000, true).save(&path).expect("write png");
    upload_photo(&browser, &path, 1).await;
    assert_eq!(
        block_kinds(&browser).await,
        ["paragraph", "paragraph", "image"]
    );
    browser
        .fill(
            "#blocks > .block[data-kind=image] input[name=block_caption]",
            "图为护士在预检分诊台工作",
        )
        .await;

    // Click 4: 提交审核, whether or not an autosave created the draft meanwhile.
    browser
        .click_and_wait("button[name=intent][value=submit]")
        .await;
    assert_eq!(browser.path().await, "/articles");
    let body = browser.body_text().await;
    assert!(body.contains("稿件已提交"), "{body}");
    assert!(body.contains("急诊科的夜班"), "{body}");
    let after = js(&browser, total, vec![]).await;
    assert_eq!(
        after.as_i64(),
        before.as_i64().map(|n| n + 1),
        "one article, no empty draft beside it"
    );
    let statuses = js(
        &browser,
        "return fetch('/api/v1/articles').then(r => r.json())
           .then(b => b.items.filter(a => a.content.title === '急诊科的夜班').map(a => a.status));",
        vec![],
    )
    .await;
    assert_eq!(statuses, json!(["pending"]));
    browser.screenshots("first-article-pending").await;
    browser.finish().await;
}
