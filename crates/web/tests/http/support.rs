//! Small helpers shared by the stories: look things up through the pages, like a user would.

use jinguo_testkit::{Client, TestApp};

/// The id of an organisation, found by its code through the admin search page.
pub async fn org_id(client: &mut Client, code: &str) -> i64 {
    let page = client.get(&format!("/admin/orgs?q={code}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let marker = format!("<code>{code}</code></td>\n    <td><a href=\"/admin/orgs/");
    let start = page
        .text
        .find(&marker)
        .unwrap_or_else(|| panic!("org {code} not listed:\n{}", page.text))
        + marker.len();
    page.text[start..]
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The id of an organisation by code, read by the test harness (for ids the actor cannot see).
pub async fn org_id_anywhere(app: &TestApp, code: &str) -> i64 {
    jinguo_storage::repo::orgs::get_by_code(&app.ctx.db.conn, code)
        .await
        .unwrap()
        .unwrap()
        .id
        .0
}

pub async fn account_count(app: &TestApp) -> u64 {
    jinguo_storage::repo::accounts::count(&app.ctx.db.conn)
        .await
        .unwrap()
}

pub async fn org_count(app: &TestApp) -> u64 {
    jinguo_storage::repo::orgs::count(&app.ctx.db.conn)
        .await
        .unwrap()
}
