//! The province's maximum holds under concurrent clicks: 100 recommendations at once on a
//! province already at 45 leave exactly 50 recommended, through the HTTP API, on both backends.

use super::helpers::account_at;
use jinguo_domain::review::ReviewMove;
use jinguo_service::actor::{self, SignedIn};
use jinguo_service::articles::{draft, submit};
use jinguo_service::review::act::act;
use jinguo_storage::repo::{accounts, campaigns, reviews};
use jinguo_testkit::{TestApp, on_both_backends};

async fn signed_in(app: &TestApp, username: &str) -> SignedIn {
    let db = &app.ctx.db.conn;
    let account = accounts::get_by_username(db, username)
        .await
        .unwrap()
        .unwrap();
    actor::load(db, account.id).await.unwrap()
}

on_both_backends!(
    with_demo,
    a_hundred_concurrent_recommendations_never_pass_the_maximum,
    |app| {
        account_at(app, "P11001", "race_sub", "submitter").await;
        account_at(app, "11", "race_reviewer", "reviewer").await;
        let post = signed_in(app, "race_sub").await;
        let beijing = signed_in(app, "race_reviewer").await;
        let campaign = campaigns::get_by_slug(&app.ctx.db.conn, "wangshangxing-2026")
            .await
            .unwrap()
            .unwrap();
        let mut ids = Vec::new();
        for n in 0..145 {
            let content = serde_json::from_value(serde_json::json!({
                "title": format!("第{n}篇"),
                "themes": ["guard"],
                "blocks": [{"type": "paragraph", "text": "正文。"}],
            }))
            .unwrap();
            let article = draft::create_draft(&app.ctx, &post, campaign.id, content)
                .await
                .unwrap();
            submit::submit(&app.ctx, &post, article.id, article.version)
                .await
                .unwrap();
            ids.push(article.id);
        }
        for &id in &ids[..45] {
            act(&app.ctx, &beijing, id, ReviewMove::Recommend, "", None)
                .await
                .unwrap();
        }
        // The reviewer clicks 100 times at once, each click an HTTP request with its own token
        // session, as 100 browser tabs would.
        let mut reviewer = account_at(app, "11", "race_clicker", "reviewer").await;
        let issued = reviewer
            .json(
                "POST",
                "/api/v1/tokens",
                &serde_json::json!({"name": "race"}),
            )
            .await;
        assert_eq!(issued.status, 201, "{}", issued.text);
        let token = issued.json()["token"].as_str().unwrap().to_string();
        let mut clicks = Vec::new();
        for &id in &ids[45..] {
            let version = jinguo_storage::repo::articles::get(&app.ctx.db.conn, id)
                .await
                .unwrap()
                .unwrap()
                .version;
            let mut client = app.client();
            client.bearer = Some(token.clone());
            clicks.push(tokio::spawn(async move {
                client
                    .json(
                        "POST",
                        &format!("/api/v1/review/articles/{id}/recommend"),
                        &serde_json::json!({"comment": "", "version": version}),
                    )
                    .await
            }));
        }
        let (mut accepted, mut refused) = (0, 0);
        for click in clicks {
            let response = click.await.unwrap();
            match response.status {
                200 => accepted += 1,
                422 if response.json()["error"]["code"] == "quota_exceeded" => refused += 1,
                _ => panic!("unexpected answer {}: {}", response.status, response.text),
            }
        }
        assert_eq!((accepted, refused), (5, 95));
        let listed = reviews::count_in_list(&app.ctx.db.conn, campaign.id, beijing.org.id)
            .await
            .unwrap();
        assert_eq!(listed, 50);
    }
);
