//! Helpers for the API stories, all through HTTP: find an id, sign in with a token, check an
//! error body.

use axum::body::Body;
use axum::http::{Request, header};
use jinguo_testkit::{Client, DEMO_PASSWORD, TestApp, TestResponse};
use serde_json::{Value, json};

/// The id of an organisation the client may see, by its exact code.
pub async fn org_id(client: &mut Client, code: &str) -> i64 {
    let found = client
        .get(&format!("/api/v1/orgs?q={code}&per_page=100"))
        .await;
    assert_eq!(found.status, 200, "searching {code}: {}", found.text);
    let body = found.json();
    let org = body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|o| o["code"] == code);
    org.unwrap_or_else(|| panic!("{code} is not visible: {}", found.text))["id"]
        .as_i64()
        .unwrap()
}

/// The id of an account the client may see, by its username. (The search drops `_` from the
/// query, so it searches for the longest part between underscores.)
pub async fn account_id(client: &mut Client, username: &str) -> i64 {
    let part = username
        .split('_')
        .max_by_key(|p| p.len())
        .unwrap_or(username);
    let found = client
        .get(&format!("/api/v1/accounts?q={part}&per_page=100"))
        .await;
    assert_eq!(found.status, 200, "searching {username}: {}", found.text);
    let body = found.json();
    let account = body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["username"] == username);
    account.unwrap_or_else(|| panic!("{username} is not visible: {}", found.text))["id"]
        .as_i64()
        .unwrap()
}

/// A POST without a body of its own.
pub async fn post(client: &mut Client, path: &str) -> TestResponse {
    client.json("POST", path, &json!({})).await
}

/// A client that authenticates with a bearer token the account issued for itself.
pub async fn with_token(app: &TestApp, username: &str) -> Client {
    let mut session = app.signed_in(username).await;
    let issued = session
        .json("POST", "/api/v1/tokens", &json!({ "name": "测试集成" }))
        .await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    let mut client = app.client();
    client.bearer = Some(issued.json()["token"].as_str().unwrap().to_string());
    client
}

/// Asserts the status and the stable error code of a JSON error answer.
pub fn assert_error(response: &TestResponse, status: u16, code: &str) -> Value {
    assert_eq!(response.status, status, "{}", response.text);
    assert!(
        response.content_type.starts_with("application/json"),
        "not JSON: {}",
        response.text
    );
    let body = response.json();
    assert_eq!(body["error"]["code"], code, "{}", response.text);
    assert!(
        !body["error"]["message"].as_str().unwrap_or("").is_empty(),
        "{}",
        response.text
    );
    body
}

/// The Chinese message beside one field of a 422 answer.
pub fn field_message(body: &Value, field: &str) -> String {
    let fields = body["error"]["fields"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let found = fields.iter().find(|f| f["field"] == field);
    found.unwrap_or_else(|| panic!("no message for {field}: {body}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Sends a body exactly as given, with the session's CSRF header when there is one.
pub async fn send_raw(
    client: &mut Client,
    method: &str,
    path: &str,
    content_type: &str,
    body: &str,
) -> TestResponse {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type);
    if let (None, Some(token)) = (&client.bearer, &client.csrf) {
        request = request.header("x-csrf-token", token.as_str());
    }
    client
        .send(request.body(Body::from(body.to_string())).unwrap())
        .await
}

/// The id of the demo's current campaign (网上行 2026), as a client lists it.
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

/// An article's content: a title, the 守护 theme and one paragraph.
pub fn content(title: &str, text: &str) -> Value {
    json!({"title": title, "themes": ["guard"], "blocks": [{"type": "paragraph", "text": text}]})
}

/// Writes and submits an article as the post; returns its id.
pub async fn submitted(post: &mut Client, title: &str, text: &str) -> i64 {
    let campaign = current_campaign(post).await;
    let created = post
        .json(
            "POST",
            "/api/v1/articles",
            &json!({"campaign_id": campaign, "content": content(title, text)}),
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

/// A bearer client for a new account at the organisation `code`, created through the API by
/// the national admin. It gets the demo password, so the forced change at its first sign-in
/// goes as for the demo's posts.
pub async fn token_at(app: &TestApp, code: &str, username: &str, role: &str) -> Client {
    let mut national = with_token(app, "qg_admin").await;
    let org = org_id(&mut national, code).await;
    let created = national
        .json(
            "POST",
            &format!("/api/v1/orgs/{org}/accounts"),
            &json!({ "username": username, "role": role, "password": DEMO_PASSWORD }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    with_token(app, username).await
}
