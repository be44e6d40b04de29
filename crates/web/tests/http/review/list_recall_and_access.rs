//! Recalling from the province's list (撤回推荐) until national acts, and who may see and change
//! the list: only the province's own reviewers.

use super::helpers::{account_at, moved};
use super::list_helpers::{Chongqing, list_page, push, recall_version};
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    a_recall_before_national_acts_takes_the_item_out_and_frees_its_place,
    |app| {
        let mut cq = Chongqing::signed_in(app).await;
        let unpushed = cq.recommended("未报送就撤回").await;
        let pushed = cq.recommended("报送后撤回").await;
        let page = list_page(&mut cq.province).await;
        page.assert_contains("已推荐 2 / 30–50");
        let version = recall_version(&page, unpushed);
        let recalled = cq
            .province
            .post_form(
                &format!("/review/list/{unpushed}/recall"),
                &[("version", &version)],
            )
            .await;
        assert_eq!(recalled.status, 303, "{}", recalled.text);

        assert_eq!(push(&mut cq.province, true).await.status, 303);
        let mut national = app.signed_in("qg_reviewer").await;
        national.get("/review").await.assert_contains("报送后撤回");
        let page = list_page(&mut cq.province).await;
        page.assert_contains("已推荐 1 / 30–50")
            .assert_not_contains("未报送就撤回");
        let version = recall_version(&page, pushed);
        let recalled = cq
            .province
            .post_form(
                &format!("/review/list/{pushed}/recall"),
                &[("version", &version)],
            )
            .await;
        assert_eq!(recalled.status, 303, "{}", recalled.text);
        list_page(&mut cq.province)
            .await
            .assert_contains("已推荐 0 / 30–50")
            .assert_contains("推荐名单还是空的");
        national
            .get("/review")
            .await
            .assert_not_contains("报送后撤回");
        // Back at the province, pending: it may be recommended again, into the list's end.
        cq.province
            .get("/review")
            .await
            .assert_contains("报送后撤回");
        moved(&mut cq.province, pushed, "recommend", "").await;
        list_page(&mut cq.province)
            .await
            .assert_contains("报送后撤回")
            .assert_contains("新增，待报送");
    }
);

on_both_backends!(
    with_demo,
    a_recall_after_national_publishes_is_refused_with_a_clear_message,
    |app| {
        let mut cq = Chongqing::signed_in(app).await;
        let id = cq.recommended("全国已发布的稿件").await;
        assert_eq!(push(&mut cq.province, true).await.status, 303);
        let page = list_page(&mut cq.province).await;
        let seen = recall_version(&page, id);
        let mut national = app.signed_in("qg_reviewer").await;
        moved(&mut national, id, "publish", "").await;

        // The page the province still has open offers the recall; national has acted meanwhile.
        let refused = cq
            .province
            .post_form(&format!("/review/list/{id}/recall"), &[("version", &seen)])
            .await;
        assert_eq!(refused.status, 409, "{}", refused.text);
        refused.assert_contains("全国妇联已处理该稿件（当前为“已发布”），不能再撤回推荐。");
        let page = list_page(&mut cq.province).await;
        page.assert_contains("全国已发布的稿件")
            .assert_contains("已发布")
            .assert_contains("已推荐 1 / 30–50")
            .assert_not_contains(&format!("/review/list/{id}/recall"));
    }
);

on_both_backends!(
    with_demo,
    a_district_reviewer_or_another_province_cannot_see_or_touch_the_list,
    |app| {
        let mut cq = Chongqing::signed_in(app).await;
        let id = cq.recommended("重庆的推荐").await;
        assert_eq!(cq.district.get("/review/list").await.status, 403);
        let moved_by_district = cq
            .district
            .post_form(&format!("/review/list/{id}/move"), &[("direction", "up")])
            .await;
        assert_eq!(moved_by_district.status, 403, "{}", moved_by_district.text);
        assert_eq!(cq.post.get("/review/list").await.status, 403);
        let mut national = app.signed_in("qg_reviewer").await;
        assert_eq!(national.get("/review/list").await.status, 403);

        let mut sichuan = account_at(app, "51", "sc_list_reviewer", "reviewer").await;
        list_page(&mut sichuan)
            .await
            .assert_not_contains("重庆的推荐")
            .assert_contains("推荐名单还是空的");
        for (path, field, value) in [
            (format!("/review/list/{id}/reason"), "reason", "冒充"),
            (format!("/review/list/{id}/move"), "direction", "down"),
            (format!("/review/list/{id}/recall"), "version", "3"),
        ] {
            let refused = sichuan.post_form(&path, &[(field, value)]).await;
            assert_eq!(refused.status, 404, "{path}: {}", refused.text);
        }
        list_page(&mut cq.province)
            .await
            .assert_contains("重庆的推荐")
            .assert_not_contains("冒充");
    }
);
