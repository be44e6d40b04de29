//! Notices and the dashboard in the browser: 渝中区's officer opens Chongqing's forwarded notice,
//! reads the national notice below it and downloads its attachment; Chongqing's dashboard and
//! the notice's receipts then show 渝中区 as read. Screenshots of each page at 1366 and 390 px.

use crate::harness::{self, Browser};
use jinguo_testkit::DEMO_PASSWORD;
use serde_json::json;

/// A few submitted articles so the dashboard's charts have bars (through the JSON API).
async fn some_articles(browser: &Browser) {
    let mut post = browser.app.signed_in("gang_demo").await;
    for (title, theme) in [
        ("急诊科的守护岗", "guard"),
        ("巾帼创业带头人", "innovation"),
        ("守护夜班的灯", "guard"),
    ] {
        harness::submitted(&mut post, title, theme).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_district_officer_reads_the_forwarded_notice_and_chongqing_sees_it_read() {
    let Some(browser) = harness::start().await else {
        return;
    };
    some_articles(&browser).await;

    browser.sign_in("yz_reviewer", DEMO_PASSWORD).await;
    browser.goto("/notices").await;
    let list = browser.body_text().await;
    assert!(list.contains("通知 1"), "{list}");
    assert!(list.contains("未读"), "{list}");
    browser.screenshots("notices-list").await;
    browser
        .click_and_wait(".notice-list a[href^='/notices/']")
        .await;
    let page = browser.body_text().await;
    assert!(page.contains("关于转发《关于开展“巾帼文明岗网上行”活动的通知》的通知"));
    assert!(page.contains("联系电话：67125570"));
    assert!(page.contains("一、活动对象"));
    assert!(page.contains("全国妇联妇女发展部"));
    browser.screenshots("notice-forwarded").await;
    // Reading records nothing; the officer signs for it with the button (a POST).
    browser.click_and_wait("form[action$='/read'] button").await;
    let signed = browser.body_text().await;
    assert!(signed.contains("已签收"), "{signed}");

    // The attachment downloads with the officer's session.
    let href = browser
        .client
        .find(fantoccini::Locator::Css(".notice-files a"))
        .await
        .expect("attachment link")
        .attr("href")
        .await
        .expect("href")
        .expect("href value");
    let got = browser
        .client
        .execute(
            "return fetch(arguments[0]).then(r => r.arrayBuffer().then(b => \
             [r.status, b.byteLength, r.headers.get('content-disposition')]))",
            vec![json!(href)],
        )
        .await
        .expect("fetch the attachment");
    assert_eq!(got[0], 200, "{got:?}");
    assert!(got[1].as_u64().unwrap_or(0) > 1000, "{got:?}");
    assert!(
        got[2].as_str().unwrap_or("").contains("filename*=UTF-8''"),
        "{got:?}"
    );
    browser.sign_out().await;

    browser.sign_in("cq_reviewer", DEMO_PASSWORD).await;
    browser.goto("/dashboard").await;
    let dashboard = browser.body_text().await;
    assert!(dashboard.contains("通知阅读情况"), "{dashboard}");
    assert!(dashboard.contains("已读 1/"), "{dashboard}");
    assert!(dashboard.contains("已投稿"), "{dashboard}");
    browser.screenshots("dashboard-chongqing").await;
    browser
        .client
        .execute(
            "document.querySelector('.dash-charts').scrollIntoView()",
            vec![],
        )
        .await
        .expect("scroll");
    browser.screenshots("dashboard-charts").await;
    browser.click_and_wait(".dash-notices a").await;
    let receipts = browser.body_text().await;
    assert!(receipts.contains("阅读情况"), "{receipts}");
    assert!(
        receipts.contains("渝中区 已读 2026年6月1日 12:00 渝中区妇联 审核员"),
        "{receipts}"
    );
    browser.screenshots("notice-receipts").await;
    browser.goto("/notices/new").await;
    browser.screenshots("notice-new").await;
    browser.sign_out().await;

    browser.sign_in("qg_reviewer", DEMO_PASSWORD).await;
    browser.goto("/dashboard").await;
    assert!(browser.body_text().await.contains("各省份"));
    browser.screenshots("dashboard-national").await;
    browser.finish().await;
}
