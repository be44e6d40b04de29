//! A post uploads the article it wrote in Word: text, headings and pictures become blocks.

#[path = "../../../docx/tests/read_docx/builder.rs"]
#[allow(dead_code, reason = "only some builders are used by the HTTP stories")]
pub(crate) mod builder;

use crate::images::{png, scene};
use builder::{Docx, drawing, p, styled, zip_parts};
use jinguo_testkit::on_both_backends;
use serde_json::json;

fn article_docx() -> Vec<u8> {
    let photo = png(&scene(1600, 1000, 21));
    let body = format!(
        "{}{}{}<w:p>{}</w:p>{}{}",
        styled("Title", "疫情防控一线的“守护岗”"),
        p("\u{3000}\u{3000}疫情就是命令，防控就是责任。"),
        styled("Heading1", "一、坚守预检分诊台"),
        drawing("rIdImg1"),
        styled("Caption", "图为急诊科护士在预检分诊台工作"),
        p("急诊科护理组24小时轮班，守住医院第一道防线。"),
    );
    Docx::new()
        .style("Title", "Title")
        .style("Heading1", "heading 1")
        .style("Caption", "caption")
        .image("rIdImg1", "image1.png", &photo)
        .body(&body)
        .build()
}

on_both_backends!(
    with_demo,
    a_word_file_becomes_paragraphs_headings_and_pictures,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
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
            .await
            .json();
        let id = created["id"].as_i64().unwrap();
        post.get(&format!("/articles/{id}/edit")).await;
        let uploaded = post
            .post_multipart(
                &format!("/articles/{id}/docx"),
                "守护岗.docx",
                &article_docx(),
                &[],
            )
            .await;
        assert_eq!(uploaded.status, 303, "{}", uploaded.text);
        post.get(uploaded.location.as_deref().unwrap())
            .await
            .assert_contains("Word 文档已导入");
        let article = post.get(&format!("/api/v1/articles/{id}")).await.json();
        assert_eq!(article["content"]["title"], "疫情防控一线的“守护岗”");
        let blocks = article["content"]["blocks"].as_array().unwrap();
        let kinds: Vec<&str> = blocks.iter().map(|b| b["type"].as_str().unwrap()).collect();
        assert_eq!(kinds, vec!["paragraph", "subheading", "image", "paragraph"]);
        assert_eq!(blocks[0]["text"], "疫情就是命令，防控就是责任。");
        assert_eq!(blocks[2]["caption"], "图为急诊科护士在预检分诊台工作");
        let image = post
            .get(&format!(
                "/media/{}.jpg",
                blocks[2]["media"].as_str().unwrap()
            ))
            .await;
        assert_eq!(image.status, 200);

        // A legacy .doc is refused with advice, and nothing changes.
        let legacy = post
            .post_multipart(
                &format!("/articles/{id}/docx"),
                "旧.doc",
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
                &[],
            )
            .await;
        assert_eq!(legacy.status, 422);
        legacy.assert_contains("另存为” .docx");
        let after = post.get(&format!("/api/v1/articles/{id}")).await.json();
        assert_eq!(after["content"]["blocks"].as_array().unwrap().len(), 4);
    }
);

on_both_backends!(
    with_demo,
    a_word_zip_bomb_is_refused_with_the_real_reason,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
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
            .await
            .json();
        let id = created["id"].as_i64().unwrap();
        // 8 MiB of zeros deflate to a few kilobytes.
        let bomb = zip_parts(&[("word/document.xml".into(), vec![0; 8 * 1024 * 1024])]);
        let refused = post
            .post_multipart(&format!("/articles/{id}/docx"), "稿件.docx", &bomb, &[])
            .await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains("压缩比超过 100:1")
            .assert_contains("可能是压缩炸弹");
        let after = post.get(&format!("/api/v1/articles/{id}")).await.json();
        assert!(
            after["content"]["blocks"]
                .as_array()
                .is_none_or(|blocks| blocks.is_empty()),
            "{after}"
        );
    }
);
