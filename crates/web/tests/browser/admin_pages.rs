//! Chongqing's admin finds a district, adds a post with a mistake, fixes it, and sees it listed.

use crate::harness;
use jinguo_testkit::DEMO_PASSWORD;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chongqing_admin_adds_a_post_after_fixing_a_mistake() {
    let Some(browser) = harness::start().await else {
        return;
    };
    browser.goto("/login").await;
    browser.fill("#username", "cq_admin").await;
    browser.fill("#password", DEMO_PASSWORD).await;
    browser
        .click_and_wait("button[type=submit].btn-primary")
        .await;
    assert_eq!(browser.path().await, "/workbench");
    browser.screenshots("admin-workbench").await;

    browser.goto("/admin/orgs?q=渝中").await;
    browser
        .click_and_wait("table a[href^='/admin/orgs/']")
        .await;
    assert!(browser.body_text().await.contains("渝中区"));
    browser.screenshots("org-detail").await;
    browser.click_and_wait("a.btn-primary[href$='/new']").await;
    browser.fill("#code", "P500103009").await;
    browser.fill("#name", "产科护理组").await;
    browser.fill("#year_named", "1888").await;
    browser
        .click_and_wait("form button[type=submit].btn-primary")
        .await;
    let text = browser.body_text().await;
    assert!(text.contains("应为 1990 到"), "{text}");
    assert!(text.contains("必填，不能为空"), "{text}");
    browser.screenshots("org-form-errors").await;
    // What was typed is still there.
    let name = browser
        .client
        .find(fantoccini::Locator::Css("#name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(name.as_deref(), Some("产科护理组"));
    browser.fill("#year_named", "2019").await;
    browser.fill("#work_unit", "重庆市妇幼保健院").await;
    browser.fill("#industry", "医疗卫生").await;
    browser
        .click_and_wait("form button[type=submit].btn-primary")
        .await;
    let text = browser.body_text().await;
    assert!(text.contains("已新增"), "{text}");
    assert!(text.contains("重庆市妇幼保健院"), "{text}");

    browser.goto("/admin/accounts").await;
    browser.screenshots("accounts").await;
    browser.goto("/admin/audit").await;
    assert!(browser.body_text().await.contains("新增组织"));
    browser.screenshots("audit").await;
    browser.finish().await;
}
