//! National's queue at the size of a real campaign (issue 13 §3): 待发布 grouped by province in
//! each province's list order with its reasons, a province filter, batch 发布 / 退回省级 / 评为优秀
//! with a confirmation naming the count and a redirect after it, 已发布 and 已处理 tabs with
//! where each article is now, and 下一篇待审 after a move on one article.

use super::helpers::{batch, moved, review};
use super::list_helpers::{Chongqing, in_order, push};
use crate::support::org_id_anywhere;
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    national_works_through_a_pushed_list_in_the_province_order_and_in_batches,
    |app| {
        let mut cq = Chongqing::signed_in(app).await;
        let first = cq.recommended("队列甲：急诊科的夜班").await;
        let second = cq.recommended("队列乙：社区里的早餐车").await;
        let third = cq.recommended("队列丙：山村小学的读书角").await;
        cq.province
            .post_form(
                &format!("/review/list/{second}/reason"),
                &[("reason", "二十年如一日服务社区老人。")],
            )
            .await;
        assert_eq!(push(&mut cq.province, true).await.status, 303);

        let mut national = app.signed_in("qg_reviewer").await;
        let waiting = national.get("/review?q=队列").await;
        assert_eq!(waiting.status, 200, "{}", waiting.text);
        waiting
            .assert_contains("aria-current=\"page\">待发布</a>")
            .assert_contains(
                "<tr class=\"group-row\"><th colspan=\"8\" scope=\"colgroup\">重庆市</th></tr>",
            )
            .assert_contains("推荐理由：二十年如一日服务社区老人。")
            .assert_contains("data-select-all=\"ids\"");
        in_order(&waiting, "队列甲", "队列乙");
        in_order(&waiting, "队列乙", "队列丙");
        assert!(waiting.text.contains("重庆市 第 "), "{}", waiting.text);

        // The province filter: Chongqing's rows, none under Sichuan.
        let chongqing = org_id_anywhere(app, "50").await;
        let sichuan = org_id_anywhere(app, "51").await;
        national
            .get(&format!("/review?q=队列&unit={chongqing}"))
            .await
            .assert_contains("队列甲");
        national
            .get(&format!("/review?q=队列&unit={sichuan}"))
            .await
            .assert_not_contains("队列甲");

        // 发布 two at once, confirmed by count; the third stays waiting.
        let published = batch(&mut national, "waiting", &[first, second], "publish", "").await;
        published.assert_contains("已发布 2 篇稿件。");
        let waiting = national.get("/review?q=队列").await;
        waiting
            .assert_contains("队列丙")
            .assert_not_contains("队列甲");
        let tab = national.get("/review?tab=published&q=队列").await;
        tab.assert_contains("队列甲")
            .assert_contains("队列乙")
            .assert_not_contains("队列丙");

        // 退回省级 needs a reason: refused at the confirmation, keeping the choice.
        let mut fields = vec![
            ("tab", "waiting"),
            ("action", "return_to_province"),
            ("comment", ""),
            ("confirmed", "1"),
        ];
        let third_id = third.to_string();
        fields.push(("ids", third_id.as_str()));
        let refused = national.post_form("/review/batch", &fields).await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains("确认退回省级所选的 1 篇稿件？")
            .assert_contains(&format!("name=\"ids\" value=\"{third}\""));
        let returned = batch(
            &mut national,
            "waiting",
            &[third],
            "return_to_province",
            "请补充岗位获得的荣誉。",
        )
        .await;
        returned.assert_contains("已退回省级 1 篇稿件。");

        // 评为优秀 from the published tab.
        batch(&mut national, "published", &[first], "feature", "")
            .await
            .assert_contains("已评为优秀 1 篇稿件。");

        // 已处理: all three, with where each is now.
        let processed = national.get("/review?tab=processed&q=队列").await;
        processed
            .assert_contains("当前位置")
            .assert_contains("已公开发布")
            .assert_contains("重庆市（待审）")
            .assert_contains("队列丙");

        // The district's 已处理 shows what it forwarded.
        cq.district
            .get("/review?tab=processed&q=队列")
            .await
            .assert_contains("队列甲")
            .assert_contains("已公开发布");
    }
);

on_both_backends!(
    with_demo,
    after_a_move_the_review_page_leads_to_the_next_waiting_article,
    |app| {
        let mut cq = Chongqing::signed_in(app).await;
        let id = cq.post_article("下一篇甲").await;
        let next = cq.post_article("下一篇乙").await;
        moved(&mut cq.district, id, "forward", "").await;
        let after = cq
            .district
            .get(&format!("/review/{id}?notice=forward"))
            .await;
        after
            .assert_contains("已通过上报。")
            .assert_contains(&format!("href=\"/review/{next}\">下一篇待审 →</a>"));
        // The article comes first, the actions after it.
        let page = cq.district.get(&format!("/review/{next}")).await;
        in_order(&page, "<h2>正文</h2>", "<h2>审核操作</h2>");
        page.assert_contains("href=\"#review-actions\"");
        let returned = review(&mut cq.district, next, "return", "请补充照片。").await;
        assert_eq!(returned.status, 303, "{}", returned.text);
    }
);
