//! Limits on what a user sends (`jinguo_domain::limits`): each refusal names the field and the
//! limit in Chinese and keeps what was typed; absurd page numbers show a list, never an error.

use crate::docx::builder::{Docx, p};
use crate::images::{png, scene};
use crate::review::helpers::{current_campaign, page_version, review_at, submitted};
use jinguo_testkit::{Client, on_both_backends};
use serde_json::{Value, json};

/// A new draft of `paragraphs` paragraphs; returns its id and version.
async fn draft_with(post: &mut Client, paragraphs: usize) -> (i64, Value) {
    let campaign = current_campaign(post).await;
    let blocks: Vec<Value> = (0..paragraphs)
        .map(|i| json!({"type": "paragraph", "text": format!("第{i}段")}))
        .collect();
    let created = post
        .json(
            "POST",
            "/api/v1/articles",
            &json!({"campaign_id": campaign,
                    "content": {"title": "限额", "themes": ["guard"], "blocks": blocks}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let article = created.json();
    (article["id"].as_i64().unwrap(), article["version"].clone())
}

async fn save(post: &mut Client, id: i64, version: &Value, blocks: Value) -> Value {
    let saved = post
        .json(
            "PUT",
            &format!("/api/v1/articles/{id}"),
            &json!({"version": version,
                    "content": {"title": "限额", "themes": ["guard"], "blocks": blocks}}),
        )
        .await;
    assert_eq!(saved.status, 422, "{}", saved.text);
    let body = saved.json();
    assert_eq!(body["error"]["code"], "invalid", "{body}");
    body
}

fn message_on(body: &Value, field: &str) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["field"] == field)
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

fn word_file(paragraphs: usize) -> Vec<u8> {
    let body: String = (0..paragraphs).map(|i| p(&format!("第{i}段。"))).collect();
    Docx::new().body(&body).build()
}

on_both_backends!(
    with_demo,
    a_draft_over_a_size_limit_is_refused_naming_the_field_and_keeping_the_text,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let (id, version) = draft_with(&mut post, 1).await;
        // The editor page: the text stays on screen with the reason beside it.
        post.get(&format!("/articles/{id}/edit")).await;
        let long = "岗".repeat(20_001);
        let page = post
            .post_form(
                &format!("/articles/{id}/edit"),
                &[
                    ("version", &version.to_string()),
                    ("title", &"题".repeat(101)),
                    ("themes", "guard"),
                    ("block_type", "paragraph"),
                    ("block_text", &long),
                ],
            )
            .await;
        assert_eq!(page.status, 422, "{}", page.text);
        page.assert_contains("正文不能超过 20000 字（现有 20001 字）")
            .assert_contains("标题不能超过 100 字（现有 101 字）")
            .assert_contains(&long)
            .assert_contains(&"题".repeat(101));

        // The API names the same limits; captions and block counts too.
        let caption = save(
            &mut post,
            id,
            &version,
            json!([{"type": "image", "media": "abc", "caption": "说".repeat(101)}]),
        )
        .await;
        assert_eq!(
            message_on(&caption, "blocks"),
            vec!["图片说明不能超过 100 字（现有 101 字）"]
        );
        let many: Vec<Value> = (0..301)
            .map(|_| json!({"type": "paragraph", "text": "段"}))
            .collect();
        let blocks = save(&mut post, id, &version, Value::Array(many)).await;
        assert_eq!(
            message_on(&blocks, "blocks"),
            vec!["正文不能超过 300 段（现有 301 段）"]
        );
        // A pasted paragraph of a million characters is refused before it is split or stored.
        let huge = save(
            &mut post,
            id,
            &version,
            json!([{"type": "paragraph", "text": "a\n".repeat(500_000)}]),
        )
        .await;
        assert_eq!(
            message_on(&huge, "blocks"),
            vec!["正文不能超过 20000 字（现有 1000000 字）"]
        );
        // A JSON body over the request limit says which limit.
        let over = post
            .json(
                "PUT",
                &format!("/api/v1/articles/{id}"),
                &json!({"version": version, "content": {"title": "t", "themes": [],
                    "blocks": [{"type": "paragraph", "text": "a".repeat(3 << 20)}]}}),
            )
            .await;
        assert_eq!(over.status, 413, "{}", over.text);
        assert_eq!(over.json()["error"]["message"], "文件太大，不能超过 2 MB。");
        // A photo with a caption too long is refused before it is processed.
        let photo = post
            .post_multipart(
                &format!("/articles/{id}/images"),
                "a.png",
                &png(&scene(800, 500, 3)),
                &[("caption", &"说".repeat(101))],
            )
            .await;
        assert_eq!(photo.status, 422, "{}", photo.text);
        photo.assert_contains("图片说明不能超过 100 字（现有 101 字）");
        // Nothing was saved.
        let stored = post.get(&format!("/api/v1/articles/{id}")).await.json();
        assert_eq!(stored["version"], version);
        assert_eq!(stored["content"]["blocks"][0]["text"], "第0段");
    }
);

on_both_backends!(
    with_demo,
    a_word_file_that_would_not_fit_is_refused_with_the_counts,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        post.get("/articles").await;
        let refused = post
            .post_multipart("/api/v1/articles/docx", "长文.docx", &word_file(400), &[])
            .await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        assert_eq!(
            message_on(&refused.json(), "file"),
            vec!["Word 文件有 400 段，超过每篇 300 段的上限，未导入。请拆分文档后分次导入。"]
        );
        let beside = post
            .post_multipart(
                "/api/v1/articles/docx",
                "补充.docx",
                &word_file(60),
                &[("existing_blocks", "250")],
            )
            .await;
        assert_eq!(beside.status, 422, "{}", beside.text);
        assert_eq!(
            message_on(&beside.json(), "file"),
            vec![
                "Word 文件有 60 段，加上正文已有的 250 段共 310 段，超过每篇 300 段的上限，未导入。"
            ]
        );
        let fits = post
            .post_multipart(
                "/api/v1/articles/docx",
                "补充.docx",
                &word_file(60),
                &[("existing_blocks", "240")],
            )
            .await;
        assert_eq!(fits.status, 200, "{}", fits.text);
        assert_eq!(fits.json()["blocks"].as_array().unwrap().len(), 60);

        // Without JavaScript: the editor says why and the draft keeps its 250 paragraphs.
        let (id, _) = draft_with(&mut post, 250).await;
        post.get(&format!("/articles/{id}/edit")).await;
        let page = post
            .post_multipart(
                &format!("/articles/{id}/docx"),
                "补充.docx",
                &word_file(60),
                &[],
            )
            .await;
        assert_eq!(page.status, 422, "{}", page.text);
        page.assert_contains("加上正文已有的 250 段共 310 段");
        let stored = post.get(&format!("/api/v1/articles/{id}")).await.json();
        assert_eq!(stored["content"]["blocks"].as_array().unwrap().len(), 250);
    }
);

on_both_backends!(
    with_demo,
    a_long_review_comment_is_refused_and_kept_and_a_huge_batch_refused,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(&mut post, "意见太长", &["正文。"]).await;
        let mut district = app.signed_in("yz_reviewer").await;
        let version = page_version(&mut district, id).await;
        let comment = "请".repeat(1001);
        let refused = review_at(&mut district, id, "return", &comment, &version).await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains("审核意见不能超过 1000 字（现有 1001 字）")
            .assert_contains(&format!(">{comment}</textarea>"));
        let kept = "请".repeat(1000);
        let done = review_at(&mut district, id, "return", &kept, &version).await;
        assert_eq!(done.status, 303, "{}", done.text);
        let returned = post.get(&format!("/articles/{id}")).await;
        returned.assert_contains(&kept);

        district.get("/review").await;
        let ids: Vec<String> = (0..201).map(|i| i.to_string()).collect();
        let mut fields = vec![("action", "forward")];
        fields.extend(ids.iter().map(|i| ("ids", i.as_str())));
        let batch = district.post_form("/review/batch", &fields).await;
        assert_eq!(batch.status, 422, "{}", batch.text);
        batch.assert_contains("一次批量处理的稿件不能超过 200 篇（本次选了 201 篇）");
    }
);

on_both_backends!(
    with_demo,
    a_notice_or_word_list_over_its_limit_is_refused_keeping_what_was_typed,
    |app| {
        let mut province = app.signed_in("cq_reviewer").await;
        province.get("/notices").await;
        let body = "通".repeat(20_001);
        let refused = province
            .post_multipart_parts(
                "/notices/new",
                &[
                    ("title", "关于报送材料的通知"),
                    ("body", &body),
                    ("all", "1"),
                ],
                &[],
            )
            .await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains("通知正文不能超过 20000 字（现有 20001 字）")
            .assert_contains("关于报送材料的通知")
            .assert_contains(&body);

        let mut admin = app.signed_in("qg_admin").await;
        admin.get("/admin/sensitive-words").await;
        let words: String = (0..2001).map(|i| format!("词{i}\n")).collect();
        let refused = admin
            .post_form("/admin/sensitive-words", &[("words", &words)])
            .await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains("敏感词不能超过 2000 个（现有 2001 个）")
            .assert_contains("词2000");
    }
);

on_both_backends!(
    with_demo,
    absurd_page_numbers_show_a_list_page_not_an_error,
    |app| {
        let huge = "18446744073709551615";
        let mut admin = app.signed_in("cq_admin").await;
        for path in [
            format!("/admin/audit?page={huge}"),
            format!("/admin/orgs?page={huge}"),
            "/admin/accounts?page=abc".to_string(),
            "/admin/orgs?page=99999999999999999999999999".to_string(),
        ] {
            let page = admin.get(&path).await;
            assert_eq!(page.status, 200, "{path}: {}", page.text);
        }
        let mut post = app.signed_in("gang_demo").await;
        let mine = post.get(&format!("/articles?page={huge}")).await;
        assert_eq!(mine.status, 200, "{}", mine.text);
        let mut district = app.signed_in("yz_reviewer").await;
        let queue = district.get(&format!("/review?page={huge}")).await;
        assert_eq!(queue.status, 200, "{}", queue.text);
        let queue = district.get("/review?page=-3").await;
        assert_eq!(queue.status, 200, "{}", queue.text);
    }
);
