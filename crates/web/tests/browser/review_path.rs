//! The whole Chongqing path in the browser: a post submits, 渝中区 returns it with a comment,
//! the post revises and resubmits, 渝中区 sees the diff and forwards, 重庆市 recommends and
//! pushes its list, 全国 publishes. Each person signs in on the same browser in turn.

use crate::harness::{self, Browser};
use jinguo_testkit::DEMO_PASSWORD;

/// Opens the article from the reviewer's queue and takes a move with a comment.
async fn review(browser: &Browser, title: &str, mv: &str, comment: &str) -> String {
    browser.goto("/review").await;
    let queue = browser.body_text().await;
    assert!(queue.contains(title), "{title} not in the queue:\n{queue}");
    browser.click_and_wait("table a[href^='/review/']").await;
    let page = browser.body_text().await;
    if !comment.is_empty() {
        browser.fill("#comment", comment).await;
    }
    browser
        .click_and_wait(&format!("button[name=action][value={mv}]"))
        .await;
    page
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chongqing_article_goes_from_post_to_publication_with_one_return() {
    let Some(browser) = harness::start().await else {
        return;
    };
    let title = "急诊科的“守护岗”：坚守预检分诊台";

    // The post writes and submits.
    browser.sign_in("gang_demo", DEMO_PASSWORD).await;
    browser.fill("#current_password", DEMO_PASSWORD).await;
    browser.fill("#new_password", "Jizhen2026").await;
    browser.fill("#repeat_password", "Jizhen2026").await;
    browser
        .click_and_wait("form[action='/account/password'] button[type=submit]")
        .await;
    browser.goto("/articles").await;
    browser
        .click_and_wait(".campaign-row a[data-campaign-id]")
        .await;
    browser.fill("#title", title).await;
    browser.click("input[name=themes][value=guard]").await;
    browser
        .fill(
            "#append_text",
            "疫情发生后，急诊科护理组第一时间组建突击队。",
        )
        .await;
    browser
        .click_and_wait("button[name=intent][value=submit]")
        .await;
    assert!(browser.body_text().await.contains("稿件已提交"));
    browser.sign_out().await;

    // 渝中区 returns it for revision.
    browser.sign_in("yz_reviewer", DEMO_PASSWORD).await;
    review(&browser, title, "return", "请补充一个具体的救治事例。").await;
    assert!(browser.body_text().await.contains("退回修改"));
    browser.sign_out().await;

    // The post sees the comment, revises and resubmits.
    browser.sign_in("gang_demo", "Jizhen2026").await;
    browser.goto("/articles?status=returned").await;
    browser.click_and_wait("table a[href^='/articles/']").await;
    browser.click_and_wait("a.btn-primary[href$='/edit']").await;
    let editor = browser.body_text().await;
    assert!(editor.contains("请补充一个具体的救治事例。"), "{editor}");
    browser
        .fill(
            "#append_text",
            "3月2日凌晨，护士长李晓梅在预检分诊台发现一名发热患者，立即启动应急流程。",
        )
        .await;
    browser
        .click_and_wait("button[name=intent][value=submit]")
        .await;
    browser.sign_out().await;

    // 渝中区 sees what changed and forwards it.
    browser.sign_in("yz_reviewer", DEMO_PASSWORD).await;
    browser.goto("/review").await;
    browser.click_and_wait("table a[href^='/review/']").await;
    let diff = browser
        .client
        .find(fantoccini::Locator::Css(".diff-added"))
        .await
        .expect("the diff shows the added paragraph");
    assert!(
        diff.text()
            .await
            .expect("diff text")
            .contains("护士长李晓梅")
    );
    browser.screenshots("review-diff").await;
    browser
        .click_and_wait("button[name=action][value=forward]")
        .await;
    browser.sign_out().await;

    // 重庆市 recommends it and pushes its list (below the minimum, so it confirms).
    browser.sign_in("cq_reviewer", DEMO_PASSWORD).await;
    review(&browser, title, "recommend", "").await;
    browser.goto("/review/list").await;
    browser.screenshots("recommendation-list").await;
    browser
        .click_and_wait("form[action='/review/list/push'] button.btn-primary")
        .await;
    assert!(browser.body_text().await.contains("确定报送吗"));
    browser.click("input[name=confirm]").await;
    browser
        .click_and_wait("form[action='/review/list/push'] button.btn-danger")
        .await;
    browser.sign_out().await;

    // 全国 publishes it; the post sees it published.
    browser.sign_in("qg_reviewer", DEMO_PASSWORD).await;
    browser.goto("/review").await;
    browser.screenshots("national-queue").await;
    review(&browser, title, "publish", "").await;
    assert!(browser.body_text().await.contains("已发布"));
    browser.sign_out().await;
    browser.sign_in("gang_demo", "Jizhen2026").await;
    browser.goto("/articles?status=published").await;
    assert!(browser.body_text().await.contains(title));
    browser.finish().await;
}
