//! Markup typed into any field — post name, work unit, title, paragraph, subheading, caption —
//! comes out as text on every public page, feed, sitemap and the package.

use crate::review::helpers::{account_at, moved};
use crate::review::list_helpers::push;
use jinguo_testkit::on_both_backends;
use serde_json::json;

const POST: &str = "<script>alert('岗')</script>护理组";
const UNIT: &str = "<img src=x onerror=alert(1)>医院";
const TITLE: &str = "标题<script>alert(1)</script>";
const PARAGRAPH: &str = "正文<b onmouseover=alert(2)>加粗</b>&amp;";
const SUBHEADING: &str = "小标题<iframe src=//evil>";
const CAPTION: &str = "图注\"><svg onload=alert(3)>";

on_both_backends!(
    with_showcase,
    markup_typed_anywhere_is_shown_as_text,
    |app| {
        let mut admin = app.signed_in("qg_admin").await;
        let beijing = crate::support::org_id(&mut admin, "11").await;
        let created = admin
            .json(
                "POST",
                "/api/v1/orgs",
                &json!({"parent_id": beijing, "code": "PXSS01", "name": POST, "kind": "post",
                    "work_unit": UNIT, "industry": "医疗卫生", "honour_level": "全国级",
                    "year_named": 2019, "contact_person": "王芳", "contact_phone": "010-12345678"}),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let mut post = account_at(app, "PXSS01", "xss_post", "submitter").await;
        let photo =
            jinguo_imaging::synthetic::demo_photo(jinguo_imaging::synthetic::Scene::Fields, 9);
        let uploaded = post
            .post_multipart("/api/v1/media", "photo.png", &photo, &[])
            .await;
        assert_eq!(uploaded.status, 201, "{}", uploaded.text);
        let media = uploaded.json()["media"].as_str().unwrap().to_string();
        let campaign = crate::review::helpers::current_campaign(&mut post).await;
        let content = json!({"title": TITLE, "themes": ["guard"], "blocks": [
            {"type": "paragraph", "text": PARAGRAPH},
            {"type": "subheading", "text": SUBHEADING},
            {"type": "image", "media": media, "caption": CAPTION},
        ]});
        let draft = post
            .json(
                "POST",
                "/api/v1/articles",
                &json!({"campaign_id": campaign, "content": content}),
            )
            .await;
        assert_eq!(draft.status, 201, "{}", draft.text);
        let id = draft.json()["id"].as_i64().unwrap();
        let sent = post
            .json(
                "POST",
                &format!("/api/v1/articles/{id}/submit"),
                &json!({"version": draft.json()["version"]}),
            )
            .await;
        assert_eq!(sent.status, 200, "{}", sent.text);
        let mut province = app.signed_in("rev_11").await;
        moved(&mut province, id, "recommend", "").await;
        assert_eq!(push(&mut province, true).await.status, 303);
        let mut national = app.signed_in("qg_reviewer").await;
        moved(&mut national, id, "publish", "").await;

        let mut reader = app.client();
        let mut outputs = vec![
            reader.get(&format!("/news/{id}")).await,
            reader.get("/").await,
            reader.get("/provinces/11").await,
            reader.get("/feeds/rss.xml").await,
            reader.get("/feeds/atom.xml").await,
            reader.get("/search?q=%E6%A0%87%E9%A2%98").await,
        ];
        let article = &outputs[0];
        assert_eq!(article.status, 200, "{}", article.text);
        for typed in [TITLE, POST, UNIT, PARAGRAPH, SUBHEADING, CAPTION] {
            article.assert_contains(&escaped(typed));
        }
        let found = &outputs[5];
        found.assert_contains("找到 1 篇相关稿件");
        let mut national_admin = app.signed_in("qg_admin").await;
        let package = national_admin.get("/api/v1/publication-package").await;
        assert_eq!(package.status, 200);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package.bytes.clone())).unwrap();
        let mut page = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name(&format!("articles/{id}.html")).unwrap(),
            &mut page,
        )
        .unwrap();
        outputs.push(jinguo_testkit::TestResponse {
            text: page,
            ..outputs[0].clone()
        });
        for (i, out) in outputs.iter().enumerate() {
            for raw in [
                "<script>alert",
                "<img src=x",
                "<b onmouseover",
                "<iframe",
                "<svg onload",
            ] {
                assert!(
                    !out.text.contains(raw),
                    "output {i} holds raw {raw}:\n{}",
                    out.text
                );
            }
        }
        // Feeds carry the article HTML escaped once more, as XML requires.
        outputs[3]
            .assert_contains("<title>标题&lt;script&gt;alert(1)&lt;/script&gt;</title>")
            .assert_contains("&amp;lt;b onmouseover=alert(2)&amp;gt;");
    }
);

/// Text as the templates escape it.
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}
