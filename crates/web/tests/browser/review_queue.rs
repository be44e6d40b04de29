//! The queues at campaign scale in the browser (issue 13 §3): 渝中区 ticks 全选本页, forwards
//! three at once after a confirmation naming the count and finds them under 已处理; 重庆市
//! recommends and pushes; national publishes the province's batch from its 待发布 tab. Also
//! 长者模式: one tap makes every text large, and the browser remembers it on the next page.

use crate::harness::{self, Browser};
use jinguo_testkit::DEMO_PASSWORD;
use serde_json::json;

/// Ticks 全选本页, presses the batch button, checks the confirmation names `count`, confirms.
async fn batch_all(browser: &Browser, action: &str, count: usize) {
    browser.click("input[data-select-all]").await;
    browser
        .screenshots(&format!("queue-{action}-selected"))
        .await;
    browser
        .click_and_wait(&format!("button[name=action][value={action}]"))
        .await;
    let question = browser.body_text().await;
    assert!(
        question.contains(&format!("所选的 {count} 篇稿件？")),
        "{question}"
    );
    browser
        .screenshots(&format!("queue-{action}-confirm"))
        .await;
    browser
        .click_and_wait("form[action='/review/batch'] button.btn-primary")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_district_forwards_three_at_once_and_national_publishes_the_batch() {
    let Some(browser) = harness::start().await else {
        return;
    };
    let mut post = browser.app.signed_in("gang_demo").await;
    for title in [
        "批量甲：预检分诊台的清晨",
        "批量乙：发热门诊的夜班",
        "批量丙：社区随访路上",
    ] {
        harness::submitted(&mut post, title, "guard").await;
    }

    browser.sign_in("yz_reviewer", DEMO_PASSWORD).await;
    browser.goto("/review?q=批量").await;
    batch_all(&browser, "forward", 3).await;
    let done = browser.body_text().await;
    assert!(done.contains("已通过上报 3 篇稿件。"), "{done}");
    browser.goto("/review?tab=processed&q=批量").await;
    let processed = browser.body_text().await;
    assert!(
        processed.contains("批量丙") && processed.contains("重庆市（待审）"),
        "{processed}"
    );
    browser.screenshots("queue-district-processed").await;
    browser.sign_out().await;

    browser.sign_in("cq_reviewer", DEMO_PASSWORD).await;
    browser.goto("/review?q=批量").await;
    batch_all(&browser, "recommend", 3).await;
    // On a desktop the third row is dragged to the top by its handle (as the mouse does it:
    // the events Chromium would send), the 序号 boxes follow, one save keeps the order.
    browser.goto("/review/list").await;
    let order = browser
        .client
        .execute(
            r#"
            const rows = document.querySelectorAll("table.rec-table tbody tr");
            const third = rows[2], first = rows[0];
            const moved = third.querySelector(".rec-title a").textContent;
            third.querySelector(".rec-handle").dispatchEvent(new MouseEvent("mousedown", {bubbles: true}));
            const data = new DataTransfer();
            third.dispatchEvent(new DragEvent("dragstart", {bubbles: true, dataTransfer: data}));
            const top = first.getBoundingClientRect().top + 2;
            first.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, clientY: top, dataTransfer: data}));
            first.dispatchEvent(new DragEvent("drop", {bubbles: true, cancelable: true, dataTransfer: data}));
            third.dispatchEvent(new DragEvent("dragend", {bubbles: true, dataTransfer: data}));
            return Array.from(document.querySelectorAll('table.rec-table input[name="position"]')).map(i => i.value).join(",")
                + "|" + (document.getElementById("rec-drag-hint").hidden ? "hidden" : "shown") + "|" + moved;
            "#,
            vec![],
        )
        .await
        .expect("drag the third row");
    let order = order.as_str().expect("text").to_string();
    let (numbers, third_title) = order.rsplit_once('|').expect("three parts");
    assert_eq!(numbers, "1,2,3|shown");
    browser.click_and_wait("button[form=arrange-form]").await;
    let saved = browser.body_text().await;
    let first_shown = ["批量甲", "批量乙", "批量丙"]
        .into_iter()
        .min_by_key(|t| saved.find(t).unwrap_or(usize::MAX))
        .expect("a title");
    assert!(
        third_title.starts_with(first_shown),
        "{third_title} was dragged first:\n{saved}"
    );
    browser.screenshots("recommendation-list-dragged").await;
    browser
        .click_and_wait("form[action='/review/list/push'] button.btn-primary")
        .await;
    browser.click("input[name=confirm]").await;
    browser
        .click_and_wait("form[action='/review/list/push'] button.btn-danger")
        .await;
    browser.sign_out().await;

    browser.sign_in("qg_reviewer", DEMO_PASSWORD).await;
    browser.goto("/review?q=批量").await;
    let waiting = browser.body_text().await;
    assert!(waiting.contains("重庆市 第 1 位"), "{waiting}");
    browser.screenshots("queue-national-waiting").await;
    batch_all(&browser, "publish", 3).await;
    let done = browser.body_text().await;
    assert!(done.contains("已发布 3 篇稿件。"), "{done}");
    browser.goto("/review?tab=published&q=批量").await;
    assert!(browser.body_text().await.contains("批量甲"));
    browser.goto("/workbench").await;
    browser.screenshots("workbench-national").await;
    browser.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_text_mode_is_one_tap_and_remembered() {
    let Some(browser) = harness::start_showcase().await else {
        return;
    };
    browser.goto("/").await;
    browser.click("button[data-large-text]").await;
    let size = |css: &'static str| {
        let client = browser.client.clone();
        async move {
            client
                .execute(
                    "return parseFloat(getComputedStyle(document.querySelector(arguments[0])).fontSize)",
                    vec![json!(css)],
                )
                .await
                .expect("font size")
                .as_f64()
                .expect("a number")
        }
    };
    assert!(size(".news-card-meta").await >= 18.0);
    browser.goto("/news").await;
    let on = browser
        .client
        .execute(
            "return document.documentElement.classList.contains('large-text')",
            vec![],
        )
        .await
        .expect("class");
    assert_eq!(on.as_bool(), Some(true), "remembered on the next page");
    assert!(size(".news-card-meta").await >= 18.0);
    browser.screenshots("large-text-news").await;
    browser.sign_in("yz_reviewer", DEMO_PASSWORD).await;
    assert!(size(".mainnav a").await >= 18.0);
    browser.screenshots("large-text-workbench").await;
    browser.click("button[data-large-text]").await;
    assert!(size("body").await < 20.0, "off again");
    browser.finish().await;
}
