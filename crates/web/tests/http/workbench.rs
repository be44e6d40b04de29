//! The workbench leads each officer to the next step (issue 13 §1): a post's 撰写新稿件 and its
//! counts with the latest 退回意见, a reviewer's “待审核 N 篇 → 去审核” and quota meter, an
//! admin's locked accounts, the campaign's phases; badges on 审核 and 我的稿件 that match.

use crate::review::helpers::{moved, submitted};
use chrono::Duration;
use jinguo_testkit::{TestApp, on_both_backends};

/// The figure shown for `label` among the workbench counts.
fn count(page: &str, label: &str) -> u64 {
    let end = page
        .find(&format!("</span><span>{label}</span>"))
        .unwrap_or_else(|| panic!("no count {label}:\n{page}"));
    let start = page[..end].rfind('>').unwrap() + 1;
    page[start..end].parse().unwrap()
}

async fn lock_by_stranger(app: &TestApp, username: &str) {
    let mut stranger = app.client();
    for _ in 0..5 {
        let answer = stranger.login(username, "not-it-12345").await;
        assert_eq!(answer.status, 401);
        app.clock.advance(Duration::seconds(5));
    }
}

on_both_backends!(
    with_demo,
    a_posts_workbench_leads_to_writing_and_to_what_came_back,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let desk = post.get("/workbench").await;
        desk.assert_contains(">撰写新稿件</a>")
            .assert_contains("href=\"/articles/new?campaign_id=")
            .assert_contains("征集阶段");
        let drafts = count(&desk.text, "草稿");
        let returned = count(&desk.text, "退回修改");

        let id = submitted(&mut post, "工作台：退回的一篇", &["正文。"]).await;
        let mut district = app.signed_in("yz_reviewer").await;
        let before = district.get("/workbench").await;
        before
            .assert_contains("待审核 ")
            .assert_contains(">去审核 →</a>");
        let waiting: u64 = before
            .text
            .split("<h2>待审核 ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .unwrap()
            .parse()
            .unwrap();
        let queue = district.get("/review").await;
        queue.assert_contains(&format!("（待处理 {waiting} 篇）"));
        moved(&mut district, id, "return", "请补充一张工作照片。").await;

        let desk = post.get("/workbench").await;
        assert_eq!(count(&desk.text, "退回修改"), returned + 1);
        assert_eq!(count(&desk.text, "草稿"), drafts);
        desk.assert_contains("《工作台：退回的一篇》被渝中区退回：")
            .assert_contains("<blockquote>请补充一张工作照片。</blockquote>")
            .assert_contains(&format!("href=\"/articles/{id}/edit\">按意见修改</a>"))
            .assert_contains(&format!("（退回待修改 {} 篇）", returned + 1));
        post.get("/articles")
            .await
            .assert_contains("最新意见　渝中区：请补充一张工作照片。");
        // One fewer waits for the district now.
        district
            .get("/workbench")
            .await
            .assert_contains(&format!("<h2>待审核 {} 篇</h2>", waiting - 1));
    }
);

on_both_backends!(
    with_demo,
    a_provinces_workbench_shows_its_meter_and_the_units_to_chase,
    |app| {
        let mut province = app.signed_in("cq_reviewer").await;
        province
            .get("/workbench")
            .await
            .assert_contains("已推荐 0 / 30–50")
            .assert_contains("href=\"/review/list\"")
            .assert_contains("需要督促的下级单位 <strong>");
    }
);

on_both_backends!(
    with_demo,
    an_admins_workbench_lists_the_accounts_locked_in_its_subtree,
    |app| {
        lock_by_stranger(app, "gang_bank").await;
        let mut district_admin = app.signed_in("yz_admin").await;
        district_admin
            .get("/workbench")
            .await
            .assert_contains("被锁定的账号（1 个）")
            .assert_contains("href=\"/admin/accounts?q=gang_bank\"");
        // Sichuan's admin has no business with a Chongqing account.
        let mut national = app.signed_in("qg_admin").await;
        national
            .get("/workbench")
            .await
            .assert_contains("gang_bank");
        let mut other =
            crate::review::helpers::account_at(app, "51", "sc_desk_admin", "admin").await;
        other
            .get("/workbench")
            .await
            .assert_not_contains("被锁定的账号");
    }
);
