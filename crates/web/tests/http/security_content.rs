//! Issue 11, content side: drafts are private to their post (a federation sees only what was
//! submitted), and names shown to others carry no control or bidi characters.

use crate::review::helpers::{content, current_campaign, moved, submitted};
use jinguo_testkit::{Client, on_both_backends};
use serde_json::json;

/// Starts a draft as the signed-in post; returns `(id, version)`.
async fn started(post: &mut Client, title: &str, paragraph: &str) -> (i64, i64) {
    let campaign = current_campaign(post).await;
    let created = post
        .json(
            "POST",
            "/api/v1/articles",
            &json!({"campaign_id": campaign, "content": content(title, &[paragraph])}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let article = created.json();
    (
        article["id"].as_i64().unwrap(),
        article["version"].as_i64().unwrap(),
    )
}

on_both_backends!(
    with_demo,
    no_federation_can_open_a_draft_that_was_never_submitted,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let (id, _) = started(&mut post, "还没写完的稿件", "草稿里的私事。").await;
        assert_eq!(post.get(&format!("/articles/{id}")).await.status, 200);
        for reviewer in ["yz_reviewer", "cq_reviewer", "qg_reviewer"] {
            let mut federation = app.signed_in(reviewer).await;
            let page = federation.get(&format!("/review/{id}")).await;
            assert_eq!(page.status, 404, "{reviewer}: {}", page.text);
            page.assert_not_contains("草稿里的私事");
            let api = federation
                .get(&format!("/api/v1/review/articles/{id}"))
                .await;
            assert_eq!(api.status, 404, "{reviewer}: {}", api.text);
        }
    }
);

on_both_backends!(
    with_demo,
    a_returned_article_shows_the_federation_what_was_submitted_not_the_edits,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(&mut post, "社区守护", &["第一次提交的正文。"]).await;
        let mut district = app.signed_in("yz_reviewer").await;
        moved(&mut district, id, "return", "请补充").await;

        let mine = post.get(&format!("/api/v1/articles/{id}")).await.json();
        let saved = post
            .json(
                "PUT",
                &format!("/api/v1/articles/{id}"),
                &json!({
                    "content": content("社区守护（修改中）", &["正在修改、尚未提交的正文。"]),
                    "version": mine["version"],
                }),
            )
            .await;
        assert_eq!(saved.status, 200, "{}", saved.text);

        let page = district.get(&format!("/review/{id}")).await;
        assert_eq!(page.status, 200, "{}", page.text);
        page.assert_contains("第一次提交的正文。")
            .assert_not_contains("正在修改、尚未提交的正文")
            .assert_not_contains("社区守护（修改中）");
        let api = district.get(&format!("/api/v1/review/articles/{id}")).await;
        assert_eq!(api.status, 200, "{}", api.text);
        assert!(!api.text.contains("正在修改"), "{}", api.text);
        // Nor do the district's exports (the article list and the review history).
        for export in ["/exports/submissions.csv", "/exports/history.csv"] {
            let file = district.get(export).await;
            assert_eq!(file.status, 200, "{export}: {}", file.text);
            assert!(file.text.contains("社区守护"), "{export}: {}", file.text);
            assert!(!file.text.contains("修改中"), "{export}: {}", file.text);
        }
        // The post itself keeps working on its draft.
        post.get(&format!("/articles/{id}/edit"))
            .await
            .assert_contains("正在修改、尚未提交的正文。");
    }
);

on_both_backends!(
    with_demo,
    titles_and_names_with_control_or_bidi_characters_are_refused_with_the_input_kept,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let campaign = current_campaign(&mut post).await;
        let bad = post
            .json(
                "POST",
                "/api/v1/articles",
                &json!({"campaign_id": campaign,
                        "content": content("发票\u{202E}gpj.exe", &["正文"])}),
            )
            .await;
        assert_eq!(bad.status, 422, "{}", bad.text);
        assert!(bad.text.contains("U+202E"), "{}", bad.text);

        let mut province = app.signed_in("cq_reviewer").await;
        province.get("/notices").await;
        let refused = province
            .post_multipart_parts(
                "/notices/new",
                &[
                    ("title", "关于\u{202E}通知"),
                    ("body", "请按时报送。"),
                    ("all", "1"),
                ],
                &[],
            )
            .await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains("不可见的控制字符（U+202E）")
            .assert_contains("请按时报送。</textarea>");
    }
);

on_both_backends!(
    with_demo,
    an_image_block_must_name_a_photo_the_post_uploaded_itself,
    |app| {
        let png = crate::images::png(&crate::images::scene(1500, 900, 5));
        let mut bank = app.signed_in("gang_bank").await;
        let theirs = bank
            .post_multipart("/api/v1/media", "bank.png", &png, &[])
            .await;
        assert_eq!(theirs.status, 201, "{}", theirs.text);
        let theirs = theirs.json()["media"].as_str().unwrap().to_string();

        let mut post = app.signed_in("gang_demo").await;
        let campaign = current_campaign(&mut post).await;
        for name in [theirs.as_str(), "made-up-name", "../notices/1?x="] {
            let mut body = content("配图稿件", &["正文"]);
            body["blocks"]
                .as_array_mut()
                .unwrap()
                .push(json!({"type": "image", "media": name, "caption": "说明"}));
            let refused = post
                .json(
                    "POST",
                    "/api/v1/articles",
                    &json!({"campaign_id": campaign, "content": body}),
                )
                .await;
            assert_eq!(refused.status, 422, "{name}: {}", refused.text);
            assert!(
                refused.text.contains("不是本岗位上传的照片"),
                "{name}: {}",
                refused.text
            );
        }

        // Its own upload (even the same bytes another post sent) is fine.
        let mine = post
            .post_multipart("/api/v1/media", "mine.png", &png, &[])
            .await;
        assert_eq!(mine.status, 201, "{}", mine.text);
        let mut body = content("配图稿件", &["正文"]);
        body["blocks"]
            .as_array_mut()
            .unwrap()
            .push(json!({"type": "image", "media": mine.json()["media"], "caption": "说明"}));
        let accepted = post
            .json(
                "POST",
                "/api/v1/articles",
                &json!({"campaign_id": campaign, "content": body}),
            )
            .await;
        assert_eq!(accepted.status, 201, "{}", accepted.text);
    }
);

on_both_backends!(with_demo, only_a_post_may_convert_a_word_file, |app| {
    let mut reviewer = app.signed_in("yz_reviewer").await;
    let refused = reviewer
        .post_multipart("/api/v1/articles/docx", "a.docx", b"PK\x03\x04", &[])
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
});
