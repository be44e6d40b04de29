//! The province's list (推荐名单): order and reasons are kept and shown; national sees a
//! recommendation only once pushed (报送); a push below the minimum asks first and is recorded.

use super::helpers::{moved, page_version, review_at};
use super::list_helpers::{Chongqing, in_order, list_page, push};
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    a_province_orders_its_list_and_gives_each_item_a_reason,
    |app| {
        let mut cq = Chongqing::signed_in(app).await;
        let first = cq.recommended("第一篇推荐").await;
        cq.recommended("第二篇推荐").await;
        let third = cq.recommended("第三篇推荐").await;
        cq.province
            .get("/review")
            .await
            .assert_contains("href=\"/review/list\"");
        let page = list_page(&mut cq.province).await;
        page.assert_contains("已推荐 3 / 30–50")
            .assert_contains("新增，待报送")
            .assert_contains("报送（新增 3 篇）");
        in_order(&page, "第一篇推荐", "第二篇推荐");
        in_order(&page, "第二篇推荐", "第三篇推荐");

        let moved_up = cq
            .province
            .post_form(
                &format!("/review/list/{third}/move"),
                &[("direction", "up")],
            )
            .await;
        assert_eq!(moved_up.status, 303, "{}", moved_up.text);
        // The first item does not move further up.
        let stays = cq
            .province
            .post_form(
                &format!("/review/list/{first}/move"),
                &[("direction", "up")],
            )
            .await;
        assert_eq!(stays.status, 303, "{}", stays.text);
        let saved = cq
            .province
            .post_form(
                &format!("/review/list/{third}/reason"),
                &[("reason", "  扎根急诊一线，事迹感人。 ")],
            )
            .await;
        assert_eq!(saved.status, 303, "{}", saved.text);

        let page = list_page(&mut cq.province).await;
        in_order(&page, "第一篇推荐", "第三篇推荐");
        in_order(&page, "第三篇推荐", "第二篇推荐");
        page.assert_contains(">扎根急诊一线，事迹感人。</textarea>");

        let too_long = "理".repeat(201);
        let refused = cq
            .province
            .post_form(
                &format!("/review/list/{first}/reason"),
                &[("reason", &too_long)],
            )
            .await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains(&format!("id=\"reason-{first}-error\""))
            .assert_contains("推荐理由不能超过 200")
            .assert_contains(&format!(">{too_long}</textarea>"))
            .assert_contains(">扎根急诊一线，事迹感人。</textarea>");
        // The order survives a reload, and the reason shows on the article.
        let page = list_page(&mut cq.province).await;
        in_order(&page, "第三篇推荐", "第二篇推荐");
        cq.province
            .get(&format!("/review/{third}"))
            .await
            .assert_contains("推荐理由")
            .assert_contains("扎根急诊一线，事迹感人。");
    }
);

on_both_backends!(
    with_demo,
    national_sees_a_recommendation_only_after_the_push_and_new_items_with_the_next,
    |app| {
        let mut cq = Chongqing::signed_in(app).await;
        let first = cq.recommended("先推荐的稿件").await;
        let saved = cq
            .province
            .post_form(
                &format!("/review/list/{first}/reason"),
                &[("reason", "服务群众的好榜样")],
            )
            .await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        let mut national = app.signed_in("qg_reviewer").await;
        national
            .get("/review")
            .await
            .assert_not_contains("先推荐的稿件");
        let version = page_version(&mut cq.province, first).await;
        let early = review_at(&mut national, first, "publish", "", &version).await;
        assert_eq!(early.status, 409, "{}", early.text);
        early.assert_contains("稿件当前不在本单位审核");

        // Below the minimum the push asks first and pushes nothing.
        let asked = push(&mut cq.province, false).await;
        assert_eq!(asked.status, 200, "{}", asked.text);
        asked
            .assert_contains("本省推荐 1 篇，少于最低 30 篇，确定报送吗？")
            .assert_contains("name=\"confirm\" value=\"yes\"");
        national
            .get("/review")
            .await
            .assert_not_contains("先推荐的稿件");

        let pushed = push(&mut cq.province, true).await;
        assert_eq!(pushed.status, 303, "{}", pushed.text);
        let page = list_page(&mut cq.province).await;
        page.assert_contains("已报送 ")
            .assert_not_contains("新增，待报送")
            .assert_contains("已全部报送");
        national
            .get("/review")
            .await
            .assert_contains("先推荐的稿件");
        national
            .get(&format!("/review/{first}"))
            .await
            .assert_contains("服务群众的好榜样")
            .assert_contains("value=\"publish\"");
        cq.province
            .get(&format!("/review/{first}"))
            .await
            .assert_contains("报送（重庆市 → 全国妇联）");

        // Recommended after the push: new on the list, unseen by national until the next push.
        let second = cq.recommended("后推荐的稿件").await;
        let page = list_page(&mut cq.province).await;
        page.assert_contains("新增，待报送")
            .assert_contains("报送（新增 1 篇）");
        in_order(&page, "先推荐的稿件", "后推荐的稿件");
        national
            .get("/review")
            .await
            .assert_not_contains("后推荐的稿件");
        assert_eq!(push(&mut cq.province, true).await.status, 303);
        national
            .get("/review")
            .await
            .assert_contains("后推荐的稿件");
        moved(&mut national, second, "publish", "").await;
        // Nothing new: a further push is refused.
        let nothing = push(&mut cq.province, true).await;
        assert_eq!(nothing.status, 422, "{}", nothing.text);
        nothing.assert_contains("没有新推荐的稿件");

        // Each below-minimum push is in the audit log with its count.
        let mut admin = app.signed_in("qg_admin").await;
        let audit = admin
            .get("/admin/audit?action=recommendations_pushed")
            .await;
        assert_eq!(audit.status, 200, "{}", audit.text);
        audit
            .assert_contains("报送推荐名单")
            .assert_contains("报送 1 篇，名单共 1 篇，低于最低 30 篇")
            .assert_contains("报送 1 篇，名单共 2 篇，低于最低 30 篇")
            .assert_not_contains("below_minimum=");
    }
);
