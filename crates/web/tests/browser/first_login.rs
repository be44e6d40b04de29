//! A post signs in for the first time, is made to choose a new password, and sees its home.

use crate::harness;
use jinguo_testkit::DEMO_PASSWORD;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_post_logs_in_changes_its_password_and_sees_its_home() {
    let Some(browser) = harness::start().await else {
        return;
    };
    browser.goto("/login").await;
    browser.screenshots("login").await;
    browser.fill("#username", "gang_demo").await;
    browser.fill("#password", DEMO_PASSWORD).await;
    browser
        .click_and_wait("button[type=submit].btn-primary")
        .await;
    assert_eq!(browser.path().await, "/account/password");
    assert!(browser.body_text().await.contains("请先设置新密码"));

    // A mismatch is refused with a message next to the field.
    browser.fill("#current_password", DEMO_PASSWORD).await;
    browser.fill("#new_password", "Jizhen2026").await;
    browser.fill("#repeat_password", "Jizhen2027").await;
    browser
        .click_and_wait("form[action='/account/password'] button[type=submit]")
        .await;
    assert!(browser.body_text().await.contains("两次输入的新密码不一致"));
    browser.screenshots("password-error").await;

    browser.fill("#current_password", DEMO_PASSWORD).await;
    browser.fill("#new_password", "Jizhen2026").await;
    browser.fill("#repeat_password", "Jizhen2026").await;
    browser
        .click_and_wait("form[action='/account/password'] button[type=submit]")
        .await;
    assert_eq!(browser.path().await, "/workbench");
    let text = browser.body_text().await;
    assert!(text.contains("急诊科护理组"), "{text}");
    assert!(text.contains("重庆医科大学附属第一医院"), "{text}");
    browser.screenshots("post-workbench").await;
    browser.finish().await;
}
