//! The district returns an article with a comment; the post sees it, revises and resubmits; the
//! district sees what changed since the return.

use super::helpers::submitted;
use super::helpers::{content, moved};
use jinguo_testkit::on_both_backends;
use serde_json::json;

on_both_backends!(
    with_demo,
    a_returned_article_comes_back_revised_and_the_district_sees_the_diff,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(
            &mut post,
            "预检分诊台",
            &["第一段保持不变。", "这一段将被删去。"],
        )
        .await;
        let mut district = app.signed_in("yz_reviewer").await;
        moved(&mut district, id, "return", "请补充具体的服务数据").await;

        let returned = post.get(&format!("/articles/{id}")).await;
        returned
            .assert_contains("退回修改（待审 → 退回修改）")
            .assert_contains("请补充具体的服务数据")
            .assert_contains("修改稿件");
        // Review has started: the post can no longer withdraw, but revises and resubmits.
        let current = post.get(&format!("/api/v1/articles/{id}")).await.json();
        let saved = post
            .json(
                "PUT",
                &format!("/api/v1/articles/{id}"),
                &json!({
                    "version": current["version"],
                    "content": content("预检分诊台", &["第一段保持不变。", "全年预检分诊12万人次。"]),
                }),
            )
            .await;
        assert_eq!(saved.status, 200, "{}", saved.text);
        let resubmitted = post
            .json(
                "POST",
                &format!("/api/v1/articles/{id}/submit"),
                &json!({"version": saved.json()["version"]}),
            )
            .await;
        assert_eq!(resubmitted.status, 200, "{}", resubmitted.text);

        let page = district.get(&format!("/review/{id}")).await;
        page.assert_contains("与第 1 版（上次退回的版本）相比的修改")
            .assert_contains("全年预检分诊12万人次。")
            .assert_contains("这一段将被删去。")
            .assert_contains("修改后重新提交（退回修改 → 待审）");
        let added = page.text.find("diff-added").unwrap();
        let removed = page.text.find("diff-removed").unwrap();
        assert!(page.text[added..].contains("全年预检分诊12万人次。"));
        assert!(page.text[removed..added].contains("这一段将被删去。"));
    }
);
