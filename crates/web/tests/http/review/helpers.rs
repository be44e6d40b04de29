//! Helpers of the review stories, through HTTP like a user.

use crate::support::org_id;
use jinguo_testkit::{Client, DEMO_PASSWORD, TestApp, TestResponse};
use serde_json::json;

/// The id of the demo campaign open today (the current copy of 网上行).
pub async fn current_campaign(client: &mut Client) -> i64 {
    let list = client.get("/api/v1/campaigns").await;
    assert_eq!(list.status, 200, "{}", list.text);
    list.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "wangshangxing-2026")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

pub fn content(title: &str, paragraphs: &[&str]) -> serde_json::Value {
    let blocks: Vec<serde_json::Value> = paragraphs
        .iter()
        .map(|t| json!({"type": "paragraph", "text": t}))
        .collect();
    json!({"title": title, "themes": ["guard"], "blocks": blocks})
}

/// Writes and submits an article as the signed-in post; returns its id.
pub async fn submitted(post: &mut Client, title: &str, paragraphs: &[&str]) -> i64 {
    let campaign = current_campaign(post).await;
    let created = post
        .json(
            "POST",
            "/api/v1/articles",
            &json!({"campaign_id": campaign, "content": content(title, paragraphs)}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let article = created.json();
    let sent = post
        .json(
            "POST",
            &format!("/api/v1/articles/{}/submit", article["id"]),
            &json!({"version": article["version"]}),
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    article["id"].as_i64().unwrap()
}

/// The version the review page offers (what a reviewer's form sends back).
pub async fn page_version(reviewer: &mut Client, id: i64) -> String {
    let page = reviewer.get(&format!("/review/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    page.text
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no review form on:\n{}", page.text))
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// Makes a move from the article page with the version the page shows.
pub async fn review(reviewer: &mut Client, id: i64, action: &str, comment: &str) -> TestResponse {
    let version = page_version(reviewer, id).await;
    review_at(reviewer, id, action, comment, &version).await
}

pub async fn review_at(
    reviewer: &mut Client,
    id: i64,
    action: &str,
    comment: &str,
    version: &str,
) -> TestResponse {
    reviewer
        .post_form(
            &format!("/review/{id}"),
            &[
                ("action", action),
                ("comment", comment),
                ("version", version),
            ],
        )
        .await
}

/// A move that must succeed.
pub async fn moved(reviewer: &mut Client, id: i64, action: &str, comment: &str) {
    let done = review(reviewer, id, action, comment).await;
    assert_eq!(done.status, 303, "{action}: {}", done.text);
}

/// An account at an organisation (by code), created by a national admin.
pub async fn account_at(app: &TestApp, code: &str, username: &str, role: &str) -> Client {
    let mut admin = app.signed_in("qg_admin").await;
    let org = org_id(&mut admin, code).await;
    let created = admin
        .post_form(
            &format!("/admin/orgs/{org}/accounts/new"),
            &[
                ("username", username),
                ("role", role),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.text);
    app.signed_in(username).await
}

/// A batch move from a queue page as a browser makes it: the checked rows and the button, the
/// confirmation page naming the count, then 确认 (redirected back to the tab, whose page with
/// the outcome is returned).
pub async fn batch(
    reviewer: &mut Client,
    tab: &str,
    ids: &[i64],
    action: &str,
    comment: &str,
) -> TestResponse {
    reviewer.get(&format!("/review?tab={tab}")).await;
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut fields = vec![("tab", tab), ("action", action), ("comment", comment)];
    fields.extend(ids.iter().map(|id| ("ids", id.as_str())));
    let question = reviewer.post_form("/review/batch", &fields).await;
    assert_eq!(question.status, 200, "{}", question.text);
    question.assert_contains(&format!("所选的 {} 篇稿件？", ids.len()));
    fields.push(("confirmed", "1"));
    let done = reviewer.post_form("/review/batch", &fields).await;
    assert_eq!(done.status, 303, "{}", done.text);
    let back = format!("/review?tab={tab}");
    assert_eq!(done.location.as_deref(), Some(back.as_str()));
    reviewer.get(&back).await
}
