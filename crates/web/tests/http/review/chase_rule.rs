//! One rule for who must be chased (issue 13 §5): the review queue and the dashboard list the
//! same units at every level, a post the campaign does not admit is listed apart and never
//! chased, and national hears of a province's push in its inbox.

use super::helpers::account_at;
use super::list_helpers::{Chongqing, push};
use jinguo_testkit::{Client, TestResponse, on_both_backends};
use std::collections::BTreeSet;

/// The units a page lists to chase (`data-chase` hooks).
fn chased(page: &TestResponse) -> BTreeSet<String> {
    page.text
        .split("data-chase=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

async fn queue_and_dashboard(reviewer: &mut Client) -> (BTreeSet<String>, BTreeSet<String>) {
    let queue = reviewer.get("/review").await;
    assert_eq!(queue.status, 200, "{}", queue.text);
    let dashboard = reviewer.get("/dashboard").await;
    assert_eq!(dashboard.status, 200, "{}", dashboard.text);
    (chased(&queue), chased(&dashboard))
}

on_both_backends!(
    with_demo,
    the_queue_and_the_dashboard_chase_the_same_units_at_every_level,
    |app| {
        let mut cq = Chongqing::signed_in(app).await;
        cq.recommended("督促规则：一篇推荐稿").await;
        let mut national = app.signed_in("qg_reviewer").await;
        for (who, reviewer, must) in [
            ("渝中区", &mut cq.district, "解放碑支行营业部"),
            ("重庆市", &mut cq.province, "沙坪坝区"),
            ("全国妇联", &mut national, "重庆市"),
        ] {
            let (queue, dashboard) = queue_and_dashboard(reviewer).await;
            assert_eq!(
                queue, dashboard,
                "{who}: the queue and the dashboard disagree"
            );
            assert!(queue.contains(must), "{who} should chase {must}: {queue:?}");
        }
        // 渝中区 has submitted (its minimum is one): 重庆市 no longer chases it.
        let (queue, _) = queue_and_dashboard(&mut cq.province).await;
        assert!(!queue.contains("渝中区"), "{queue:?}");
    }
);

on_both_backends!(
    with_demo,
    a_post_the_campaign_does_not_admit_is_listed_apart_and_never_chased,
    |app| {
        let mut beibei = account_at(app, "500109", "bb_reviewer", "reviewer").await;
        let queue = beibei.get("/review").await;
        queue.assert_contains(
            "<span data-ineligible>通信保障女子班（涉军涉密岗位，不参加本次活动）</span>",
        );
        let (queue, dashboard) = queue_and_dashboard(&mut beibei).await;
        assert!(!queue.contains("通信保障女子班"), "{queue:?}");
        assert_eq!(queue, dashboard);
    }
);

on_both_backends!(
    with_demo,
    national_hears_in_its_inbox_when_a_province_pushes_its_list,
    |app| {
        let mut cq = Chongqing::signed_in(app).await;
        cq.recommended("报送通知：第一篇").await;
        cq.recommended("报送通知：第二篇").await;
        assert_eq!(push(&mut cq.province, true).await.status, 303);
        let mut national = app.signed_in("qg_reviewer").await;
        national
            .get("/inbox")
            .await
            .assert_contains("重庆市报送推荐名单（新增 2 篇）");
        let mut admin = app.signed_in("qg_admin").await;
        admin
            .get("/inbox")
            .await
            .assert_contains("重庆市报送推荐名单（新增 2 篇）");
    }
);
