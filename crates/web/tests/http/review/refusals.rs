//! Every refusal of a review move: wrong level, wrong subtree, not the holder, outside the
//! window, over the quota, a stale version, a return without a comment.

use super::helpers::{
    account_at, batch, current_campaign, moved, page_version, review, review_at, submitted,
};
use chrono::NaiveDate;
use jinguo_domain::{Clock, FixedClock};
use jinguo_testkit::{Client, on_both_backends};

async fn api_version(post: &mut Client, id: i64) -> String {
    post.get(&format!("/api/v1/articles/{id}")).await.json()["version"].to_string()
}

on_both_backends!(
    with_demo,
    a_district_cannot_recommend_and_a_province_cannot_publish,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(&mut post, "越级操作", &["正文。"]).await;
        let mut district = app.signed_in("yz_reviewer").await;
        let refused = review(&mut district, id, "recommend", "").await;
        assert_eq!(refused.status, 403, "{}", refused.text);
        refused.assert_contains("区县级妇联不能对稿件进行“推荐”操作");
        moved(&mut district, id, "forward", "").await;
        let mut province = app.signed_in("cq_reviewer").await;
        moved(&mut province, id, "recommend", "").await;
        let version = api_version(&mut post, id).await;
        let refused = review_at(&mut province, id, "publish", "", &version).await;
        assert_eq!(refused.status, 403, "{}", refused.text);
        refused.assert_contains("省级妇联不能对稿件进行“发布”操作");
    }
);

on_both_backends!(
    with_demo,
    a_sichuan_reviewer_cannot_see_a_chongqing_article,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(&mut post, "重庆的稿件", &["正文。"]).await;
        let mut sichuan = account_at(app, "51", "sc_reviewer", "reviewer").await;
        assert_eq!(sichuan.get(&format!("/review/{id}")).await.status, 404);
        let version = api_version(&mut post, id).await;
        let refused = review_at(&mut sichuan, id, "recommend", "", &version).await;
        assert_eq!(refused.status, 404);
        sichuan
            .get("/review")
            .await
            .assert_not_contains("重庆的稿件");
    }
);

on_both_backends!(
    with_demo,
    the_province_cannot_act_on_an_article_still_at_the_district,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(&mut post, "还在区县", &["正文。"]).await;
        let mut province = app.signed_in("cq_reviewer").await;
        let page = province.get(&format!("/review/{id}")).await;
        page.assert_contains("渝中区")
            .assert_not_contains("审核操作");
        let version = api_version(&mut post, id).await;
        let refused = review_at(&mut province, id, "recommend", "", &version).await;
        assert_eq!(refused.status, 409, "{}", refused.text);
        refused.assert_contains("稿件当前不在本单位审核");
    }
);

on_both_backends!(
    with_demo,
    moves_outside_the_recommendation_window_are_refused_with_its_dates,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(&mut post, "过期审核", &["正文。"]).await;
        let mut district = app.signed_in("yz_reviewer").await;
        let version = page_version(&mut district, id).await;
        let late = NaiveDate::from_ymd_opt(2026, 8, 20).unwrap();
        app.clock.set(FixedClock::at_china_noon(late).now());
        let mut district = app.signed_in("yz_reviewer").await;
        let refused = review_at(&mut district, id, "forward", "", &version).await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused.assert_contains("省级推荐阶段已于2026年8月15日结束，不能再进行审核操作。");
    }
);

on_both_backends!(
    with_demo,
    a_full_recommendation_list_refuses_one_more,
    |app| {
        let mut admin = app.signed_in("qg_admin").await;
        let campaign = current_campaign(&mut admin).await;
        let fields = [
            ("name", "2026年“巾帼文明岗网上行”"),
            ("slug", "wangshangxing-2026"),
            ("description", "演示"),
            (
                "themes",
                "guard 疫情防控和复工复产“守护岗”\ninnovation 创业创新巾帼行动",
            ),
            ("collection_opens", "2026-05-02"),
            ("collection_closes", "2026-07-31"),
            ("recommendation_opens", "2026-05-12"),
            ("recommendation_closes", "2026-08-15"),
            ("display_opens", "2026-05-22"),
            ("display_closes", "2026-08-30"),
            ("national_level_only", "true"),
            ("exclude_military_or_classified", "true"),
            ("exclude_revoked", "true"),
            ("has_quotas", "true"),
            ("provincial_min", "1"),
            ("provincial_max", "1"),
            ("district_min", "1"),
            ("max_words", "2000"),
            ("sort_order", "0"),
        ];
        let saved = admin
            .post_form(&format!("/admin/campaigns/{campaign}/edit"), &fields)
            .await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        let mut post = app.signed_in("gang_demo").await;
        let first = submitted(&mut post, "第一篇", &["正文。"]).await;
        let second = submitted(&mut post, "第二篇", &["正文。"]).await;
        let mut district = app.signed_in("yz_reviewer").await;
        let forwarded = batch(&mut district, "waiting", &[first, second], "forward", "").await;
        forwarded.assert_contains("已通过上报 2 篇稿件。");
        // The message is shown once: a refresh neither repeats it nor re-sends the batch.
        district
            .get("/review?tab=waiting")
            .await
            .assert_not_contains("已通过上报 2 篇稿件。");
        let mut province = app.signed_in("cq_reviewer").await;
        let recommended = batch(&mut province, "waiting", &[first, second], "recommend", "").await;
        recommended
            .assert_contains("已推荐 1 篇稿件。")
            .assert_contains(&format!(
                "稿件 {second}：本单位推荐名额已满（至多推荐 1 篇）"
            ))
            .assert_contains("已推荐 1 / 1–1");
        let refused = review(&mut province, second, "recommend", "").await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused.assert_contains("推荐名额已满");
        // Taking one out of the list frees its place.
        moved(&mut province, first, "unrecommend", "").await;
        moved(&mut province, second, "recommend", "").await;
    }
);

on_both_backends!(
    with_demo,
    the_second_of_two_reviewers_gets_a_conflict_and_sees_the_new_state,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(&mut post, "两人同时审核", &["正文。"]).await;
        let mut first = app.signed_in("yz_reviewer").await;
        let mut second = app.signed_in("yz_reviewer").await;
        let seen = page_version(&mut first, id).await;
        assert_eq!(page_version(&mut second, id).await, seen);
        let done = review_at(&mut first, id, "forward", "", &seen).await;
        assert_eq!(done.status, 303, "{}", done.text);
        let late = review_at(&mut second, id, "return", "请修改标题", &seen).await;
        assert_eq!(late.status, 409, "{}", late.text);
        late.assert_contains("数据已被他人修改")
            .assert_contains("重庆市")
            .assert_contains("通过上报（渝中区 → 重庆市）")
            .assert_contains("请修改标题");
    }
);

on_both_backends!(
    with_demo,
    a_return_without_a_comment_is_refused_and_keeps_the_page,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(&mut post, "没有意见的退回", &["正文。"]).await;
        let mut district = app.signed_in("yz_reviewer").await;
        let refused = review(&mut district, id, "return", "  ").await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains("id=\"comment-error\"")
            .assert_contains("审核意见")
            .assert_contains("value=\"forward\"");
        post.get(&format!("/articles/{id}"))
            .await
            .assert_contains("渝中区（待审）");
    }
);
