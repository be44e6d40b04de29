//! The API names what was wrong with a request: the field by its path and the problem in
//! Chinese (wrong type, missing field, unknown value), broken JSON as a 400, and page numbers
//! out of range as a 422 on `page` — never a panic or a 500.

use crate::support::{assert_error, field_message, send_raw, with_token};
use jinguo_testkit::{Client, on_both_backends};
use serde_json::{Value, json};

async fn new_draft(post: &mut Client) -> (i64, Value) {
    let campaigns = post.get("/api/v1/campaigns").await.json();
    let campaign = campaigns["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "wangshangxing-2026")
        .unwrap()["id"]
        .clone();
    let created = post
        .json(
            "POST",
            "/api/v1/articles",
            &json!({"campaign_id": campaign}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let article = created.json();
    (article["id"].as_i64().unwrap(), article["version"].clone())
}

on_both_backends!(
    with_demo,
    a_body_that_does_not_fit_names_the_field_and_what_was_wrong,
    |app| {
        let mut post = with_token(app, "gang_demo").await;
        let (id, version) = new_draft(&mut post).await;
        let path = format!("/api/v1/articles/{id}");
        let paragraph = |t: &str| json!({"type": "paragraph", "text": t});
        let cases = [
            (
                json!({"version": version, "content": {"title": "t", "themes": [],
                    "blocks": [paragraph("一"), paragraph("二"), paragraph("三"),
                               {"type": "paragraph", "text": 3}]}}),
                "content.blocks[3].text",
                "字段 content.blocks[3].text 类型错误：应为字符串",
            ),
            (
                json!({"version": version, "content": {"themes": [], "blocks": []}}),
                "content.title",
                "缺少字段 content.title",
            ),
            (
                json!({"content": {"title": "t", "themes": [], "blocks": []}}),
                "version",
                "缺少字段 version",
            ),
            (
                json!({"version": version, "content": {"title": "t", "themes": [],
                    "blocks": [{"type": "video"}]}}),
                "content.blocks[0].type",
                "字段 content.blocks[0].type 的值无效：应为 paragraph、subheading、image 之一",
            ),
            (
                json!({"version": version, "content": {"title": "t", "themes": [],
                    "blocks": [{"type": "image", "caption": "说明"}]}}),
                "content.blocks[0].media",
                "缺少字段 content.blocks[0].media",
            ),
            (
                json!({"version": "3", "content": {"title": "t", "themes": [], "blocks": []}}),
                "version",
                "字段 version 类型错误：应为整数",
            ),
            (
                json!({"version": version, "content": {"title": "t", "themes": "guard", "blocks": []}}),
                "content.themes",
                "字段 content.themes 类型错误：应为数组",
            ),
        ];
        for (body, field, message) in cases {
            let refused = post.json("PUT", &path, &body).await;
            let error = assert_error(&refused, 422, "invalid");
            assert_eq!(field_message(&error, field), message, "{body}");
        }

        let broken = send_raw(
            &mut post,
            "PUT",
            &path,
            "application/json",
            "{\"version\": 1,, }",
        )
        .await;
        let error = assert_error(&broken, 400, "malformed_json");
        assert_eq!(
            field_message(&error, "body"),
            "请求体不是有效的 JSON（第 1 行第 15 列附近有误）"
        );
        let as_text = send_raw(&mut post, "PUT", &path, "text/plain", "{}").await;
        let error = assert_error(&as_text, 422, "invalid");
        assert_eq!(
            field_message(&error, "body"),
            "请求体应为 JSON，并带有 Content-Type: application/json"
        );
        // Nothing was saved by any of them.
        let stored = post.get(&path).await.json();
        assert_eq!(stored["version"], version);
    }
);

on_both_backends!(
    with_demo,
    page_numbers_out_of_range_answer_422_on_page,
    |app| {
        let huge = "18446744073709551615";
        let mut admin = with_token(app, "cq_admin").await;
        for path in [
            format!("/api/v1/audit?page={huge}"),
            format!("/api/v1/orgs?page={huge}"),
            "/api/v1/accounts?page=100001".to_string(),
        ] {
            let refused = admin.get(&path).await;
            let error = assert_error(&refused, 422, "invalid");
            assert_eq!(
                field_message(&error, "page"),
                "应在 1 到 100000 之间",
                "{path}"
            );
        }
        let not_a_number = admin.get("/api/v1/orgs?page=abc&per_page=10").await;
        let error = assert_error(&not_a_number, 422, "invalid");
        assert_eq!(
            field_message(&error, "page"),
            "字段 page 的值无效：应为整数"
        );
        let too_long = admin.get("/api/v1/orgs?page=99999999999999999999999").await;
        assert_error(&too_long, 422, "invalid");
        // The last page allowed is simply empty.
        let far = admin.get("/api/v1/orgs?page=100000").await;
        assert_eq!(far.status, 200, "{}", far.text);
        assert_eq!(far.json()["items"].as_array().unwrap().len(), 0);

        let mut post = with_token(app, "gang_demo").await;
        let mine = post.get(&format!("/api/v1/articles?page={huge}")).await;
        assert_error(&mine, 422, "invalid");
        let mut reviewer = with_token(app, "yz_reviewer").await;
        let queue = reviewer
            .get(&format!("/api/v1/review/queue?page={huge}&per_page={huge}"))
            .await;
        assert_error(&queue, 422, "invalid");
        let public = app
            .client()
            .get(&format!("/api/v1/public/articles?page={huge}"))
            .await;
        // The public list keeps the same rule as every list: a page past 100 000 is refused.
        assert_error(&public, 422, "invalid");
    }
);
