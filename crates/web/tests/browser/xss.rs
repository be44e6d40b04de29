//! Issue 11 §10: the XSS corpus. Every field a user types that others see — an article's title,
//! paragraphs and headings, a review comment, an organisation's name, an account's display
//! name, a notice's title and body — is filled with markup meant to run script, then each page
//! that shows it is opened in Chromium: no dialog may open, no injected element may exist, and
//! the typed text must be shown as text.

use crate::harness::{self, Browser};
use jinguo_testkit::DEMO_PASSWORD;
use serde_json::json;

/// Each payload tries another way out of the text (attribute, tag, script, URL, SVG).
const PAYLOADS: [&str; 5] = [
    "<img src=x onerror=\"window.__xss=1;alert(1)\" id=xss>",
    "\"><svg id=xss onload=alert(2)>",
    "</title><script id=xss>window.__xss=3;alert(3)</script>",
    "'><a id=xss href=\"javascript:alert(4)\">点我</a>",
    "<iframe id=xss srcdoc=\"<script>parent.__xss=5</script>\"></iframe>",
];

const POST_PASSWORD: &str = "Jizhen2026ke";

async fn sign_in(browser: &Browser, username: &str, password: &str) {
    browser.goto("/login").await;
    browser.fill("#username", username).await;
    browser.fill("#password", password).await;
    browser
        .click_and_wait("button[type=submit].btn-primary")
        .await;
}

async fn sign_out(browser: &Browser) {
    browser.goto("/workbench").await;
    browser
        .click_and_wait("form[action='/logout'] button")
        .await;
}

/// Opens `path` and fails when script ran or markup was injected.
async fn assert_inert(browser: &Browser, path: &str, expect_text: &str) {
    browser.goto(path).await;
    if let Ok(text) = browser.client.get_alert_text().await {
        panic!("{path}: a dialog opened: {text}");
    }
    let found = browser
        .client
        .execute(
            "return [window.__xss === undefined, document.querySelectorAll('#xss').length, \
             document.querySelectorAll('iframe, svg[onload], img[onerror]').length]",
            vec![],
        )
        .await
        .expect("inspect the page");
    assert_eq!(
        found,
        json!([true, 0, 0]),
        "{path}: script ran or markup was injected"
    );
    let text = browser.body_text().await;
    assert!(
        text.contains(expect_text),
        "{path} does not show the typed text as text:\n{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_typed_into_any_field_never_runs_or_renders() {
    let Some(browser) = harness::start().await else {
        return;
    };
    let app = &browser.app;
    let title = format!("岗位风采{}", PAYLOADS[0]);
    // The post's first sign-in asks for a new password (the temporary one then stops working).
    sign_in(&browser, "gang_demo", DEMO_PASSWORD).await;
    assert_eq!(browser.path().await, "/account/password");
    browser.fill("#current_password", DEMO_PASSWORD).await;
    browser.fill("#new_password", POST_PASSWORD).await;
    browser.fill("#repeat_password", POST_PASSWORD).await;
    browser
        .click_and_wait("form[action='/account/password'] button[type=submit]")
        .await;
    sign_out(&browser).await;
    let mut post = app.client();
    assert_eq!(post.login("gang_demo", POST_PASSWORD).await.status, 303);
    post.refresh_csrf("/workbench").await;
    let campaigns = post.get("/api/v1/campaigns").await.json();
    let campaign = campaigns["items"][0]["id"].clone();
    let blocks: Vec<_> = PAYLOADS
        .iter()
        .flat_map(|p| {
            [
                json!({"type": "subheading", "text": format!("小标题{p}")}),
                json!({"type": "paragraph", "text": format!("正文{p}")}),
            ]
        })
        .collect();
    let created = post
        .json(
            "POST",
            "/api/v1/articles",
            &json!({"campaign_id": campaign, "content": {"title": title, "themes": ["guard"],
                "blocks": blocks}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let article = created.json();
    let id = article["id"].as_i64().expect("id");
    let sent = post
        .json(
            "POST",
            &format!("/api/v1/articles/{id}/submit"),
            &json!({"version": article["version"]}),
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text);

    // The district sends it back with a comment full of markup.
    let mut district = app.signed_in("yz_reviewer").await;
    let version = sent.json()["version"].clone();
    let returned = district
        .json(
            "POST",
            &format!("/api/v1/review/articles/{id}/return"),
            &json!({"comment": format!("请补充{}", PAYLOADS[1]), "version": version}),
        )
        .await;
    assert_eq!(returned.status, 200, "{}", returned.text);

    // Chongqing's admin names a new district and an account with markup.
    let mut admin = app.signed_in("cq_admin").await;
    let orgs = admin.get("/api/v1/orgs?q=500103").await.json();
    let yuzhong = orgs["items"][0]["id"].as_i64().expect("渝中区");
    let org_name = format!("测试单位{}", PAYLOADS[2]);
    let made = admin
        .post_form(
            &format!("/admin/orgs/{yuzhong}/new"),
            &[
                ("kind", "post"),
                ("code", "P500103XSS"),
                ("name", &org_name),
                ("work_unit", &format!("单位{}", PAYLOADS[0])),
                ("industry", "卫生"),
                ("honour_level", "district"),
            ],
        )
        .await;
    assert!(made.status == 303, "{}: {}", made.status, made.text);
    let new_org = admin.get("/api/v1/orgs?q=P500103XSS").await.json()["items"][0]["id"]
        .as_i64()
        .expect("the new post");
    let account = admin
        .json(
            "POST",
            &format!("/api/v1/orgs/{new_org}/accounts"),
            &json!({"username": "xss_post", "display_name": format!("投稿人{}", PAYLOADS[3]),
                "role": "submitter", "password": "Xss2026abc"}),
        )
        .await;
    assert_eq!(account.status, 201, "{}", account.text);

    // The district officer issues a notice through the form, as she would.
    sign_in(&browser, "yz_reviewer", DEMO_PASSWORD).await;
    browser.goto("/notices/new").await;
    browser
        .fill("#title", &format!("通知{}", PAYLOADS[4]))
        .await;
    browser.fill("#body", &PAYLOADS.join("\n")).await;
    browser
        .click_and_wait(".notice-form button[type=submit]")
        .await;
    let notice_path = browser.path().await;
    assert!(
        notice_path.starts_with("/notices/") && notice_path != "/notices/new",
        "{notice_path}: {}",
        browser.body_text().await
    );
    assert_inert(&browser, &notice_path, "通知<iframe").await;
    assert_inert(&browser, "/notices?tab=sent", "通知<iframe").await;
    assert_inert(&browser, &format!("/review/{id}"), "岗位风采<img").await;
    sign_out(&browser).await;

    sign_in(&browser, "gang_demo", POST_PASSWORD).await;
    for (path, text) in [
        ("/articles".to_string(), "岗位风采<img"),
        (format!("/articles/{id}/preview"), "正文</title><script"),
        (format!("/articles/{id}"), "请补充\"><svg"),
        (format!("/articles/{id}/edit"), "退回意见：请补充\"><svg"),
        (format!("/articles/{id}/preview"), "小标题'><a"),
        ("/workbench".to_string(), "急诊科"),
        ("/inbox".to_string(), "岗位风采<img"),
    ] {
        assert_inert(&browser, &path, text).await;
    }
    sign_out(&browser).await;

    sign_in(&browser, "cq_admin", DEMO_PASSWORD).await;
    for (path, text) in [
        (format!("/admin/orgs/{yuzhong}"), "测试单位</title>"),
        (format!("/admin/orgs/{new_org}"), "投稿人'><a"),
        ("/admin/accounts?q=xss_post".to_string(), "投稿人'><a"),
        ("/admin/audit".to_string(), "测试单位</title>"),
        ("/admin/orgs?q=P500103XSS".to_string(), "测试单位</title>"),
    ] {
        assert_inert(&browser, &path, text).await;
    }
    browser.finish().await;
}
