//! Drafts, pending, returned, rejected and unpublished articles never appear publicly: not on a
//! page, in search, feeds, the sitemap, the read API or the publication package.

use super::helpers::{everything_public, published_id};
use crate::review::helpers::{account_at, moved, submitted};
use crate::review::list_helpers::push;
use jinguo_testkit::on_both_backends;
use serde_json::json;

on_both_backends!(
    with_showcase,
    only_published_articles_are_ever_public,
    |app| {
        // A draft, one pending at the district, one returned by it.
        let mut post = app.signed_in("gang_demo").await;
        let campaign = crate::review::helpers::current_campaign(&mut post).await;
        let draft = post
            .json(
                "POST",
                "/api/v1/articles",
                &json!({"campaign_id": campaign,
                    "content": crate::review::helpers::content("草稿隐秘篇", &["草稿隐秘正文"])}),
            )
            .await;
        assert_eq!(draft.status, 201, "{}", draft.text);
        let draft_id = draft.json()["id"].as_i64().unwrap();
        let pending = submitted(&mut post, "待审隐秘篇", &["待审隐秘正文"]).await;
        let returned = submitted(&mut post, "退回隐秘篇", &["退回隐秘正文"]).await;
        let mut district = app.signed_in("yz_reviewer").await;
        moved(&mut district, returned, "return", "请补充图片").await;
        // One rejected by national after Beijing recommended it.
        let mut bj_post = account_at(app, "P11002", "xidan_sub", "submitter").await;
        let rejected = submitted(&mut bj_post, "不采用隐秘篇", &["不采用隐秘正文"]).await;
        let mut beijing = app.signed_in("rev_11").await;
        moved(&mut beijing, rejected, "recommend", "").await;
        assert_eq!(push(&mut beijing, true).await.status, 303);
        let mut national = app.signed_in("qg_reviewer").await;
        moved(&mut national, rejected, "reject", "与活动主题不符").await;
        // And a published one taken down.
        let title = "201路女子车队：守护山城出行的每一公里";
        let unpublished = published_id(app, title).await;
        moved(&mut national, unpublished, "unpublish", "信息需更新").await;

        let mut reader = app.client();
        let everything = everything_public(&mut reader).await;
        for hidden in ["草稿隐秘", "待审隐秘", "退回隐秘", "不采用隐秘", title] {
            assert!(!everything.contains(hidden), "{hidden} is public");
        }
        for id in [draft_id, pending, returned, rejected, unpublished] {
            assert_eq!(
                reader.get(&format!("/news/{id}")).await.status,
                404,
                "page {id}"
            );
            assert_eq!(
                reader
                    .get(&format!("/api/v1/public/articles/{id}"))
                    .await
                    .status,
                404,
                "api {id}"
            );
            assert!(
                !everything.contains(&format!("/news/{id}<")),
                "sitemap {id}"
            );
        }
        reader
            .get(&format!("/search?q={}", urlencode("隐秘")))
            .await
            .assert_contains("没有找到相关稿件");
        // The same post's other (archived) article still shows; the unpublished one does not.
        reader
            .get(&format!("/search?q={}", urlencode("女子车队")))
            .await
            .assert_contains("五心服务法")
            .assert_not_contains("守护山城出行的每一公里");
        let api = reader.get("/api/v1/public/articles").await;
        assert_eq!(api.json()["total"], 59);
        let mut admin = app.signed_in("qg_admin").await;
        let package = admin.get("/api/v1/publication-package").await;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package.bytes.clone())).unwrap();
        let mut manifest = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("manifest.json").unwrap(), &mut manifest)
            .unwrap();
        let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
        assert_eq!(manifest["count"], 59);
        for hidden in ["隐秘", title] {
            assert!(!manifest.to_string().contains(hidden));
        }
        for id in [draft_id, pending, returned, rejected, unpublished] {
            assert!(zip.by_name(&format!("articles/{id}.html")).is_err());
        }
    }
);

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
