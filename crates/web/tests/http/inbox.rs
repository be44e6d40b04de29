//! The inbox (站内消息): moves write messages to the post and to the next federation, the header
//! shows the unread count, opening reads; and the deadline reminders reach exactly the units
//! below quota, once, on the right days only.

use crate::review::helpers::{moved, submitted};
use crate::support::org_id_anywhere;
use chrono::{Duration, NaiveDate};
use jinguo_domain::OrgId;
use jinguo_domain::org::OrgKind;
use jinguo_service::inbox::send_due_reminders;
use jinguo_storage::repo::{campaigns, inbox, orgs};
use jinguo_testkit::{Client, TestApp, on_both_backends};

/// The id of the first message in the inbox list whose title contains `title`.
async fn message_id(client: &mut Client, title: &str) -> i64 {
    let page = client.get("/inbox").await;
    assert_eq!(page.status, 200, "{}", page.text);
    let line = page
        .text
        .lines()
        .find(|l| l.contains(title) && l.contains("\"/inbox/"))
        .unwrap_or_else(|| panic!("no message {title} in:\n{}", page.text));
    // A read message is a link; an unread one a form that POSTs to `/inbox/{id}/open`.
    line.split("\"/inbox/")
        .nth(1)
        .unwrap()
        .split(['"', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Opens a message the way the list does: the POST marks it read, then its page is shown.
async fn open_message(client: &mut Client, id: i64) -> jinguo_testkit::TestResponse {
    let marked = client.post_form(&format!("/inbox/{id}/open"), &[]).await;
    assert_eq!(marked.status, 303, "{}", marked.text);
    client.get(&format!("/inbox/{id}")).await
}

on_both_backends!(
    with_demo,
    a_return_puts_the_comment_in_the_posts_inbox_and_opening_it_marks_it_read,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        post.get("/articles")
            .await
            .assert_contains("href=\"/inbox\"")
            .assert_not_contains("class=\"badge\"");
        let id = submitted(&mut post, "社区里的守护岗", &["第一稿。"]).await;

        let mut district = app.signed_in("yz_reviewer").await;
        district
            .get("/review")
            .await
            .assert_contains("消息 <span class=\"badge\" aria-hidden=\"true\">1</span>");
        district
            .get("/inbox")
            .await
            .assert_contains("新的待审稿件：《社区里的守护岗》");
        moved(&mut district, id, "return", "请补充防控数据").await;

        let list = post.get("/articles").await;
        list.assert_contains("消息 <span class=\"badge\" aria-hidden=\"true\">1</span>");
        let inbox_page = post.get("/inbox").await;
        inbox_page
            .assert_contains("稿件《社区里的守护岗》被退回修改")
            .assert_contains("未读 1 条")
            .assert_contains("<span class=\"tag tag-warn\">未读</span>");
        let message = message_id(&mut post, "被退回修改").await;
        // Reading the page alone changes nothing: no GET marks a message read.
        post.get(&format!("/inbox/{message}"))
            .await
            .assert_contains("意见：请补充防控数据");
        post.get("/inbox").await.assert_contains("未读 1 条");
        let opened = open_message(&mut post, message).await;
        assert_eq!(opened.status, 200, "{}", opened.text);
        opened
            .assert_contains("意见：请补充防控数据")
            .assert_contains(&format!("href=\"/articles/{id}\""))
            .assert_not_contains("class=\"badge\"");
        post.get("/inbox")
            .await
            .assert_contains("没有未读消息")
            .assert_not_contains("<span class=\"tag tag-warn\">未读</span>");

        // Another organisation's message reads as missing.
        let foreign = district.get(&format!("/inbox/{message}")).await;
        assert_eq!(foreign.status, 404, "{}", foreign.text);
        let foreign = district
            .post_form(&format!("/inbox/{message}/open"), &[])
            .await;
        assert_eq!(foreign.status, 404, "{}", foreign.text);
        // The district's own message leads to its review page.
        let pending = message_id(&mut district, "新的待审稿件").await;
        district
            .get(&format!("/inbox/{pending}"))
            .await
            .assert_contains("提交了新稿件，请审核。")
            .assert_contains(&format!("href=\"/review/{id}\""));
    }
);

on_both_backends!(
    with_demo,
    a_forward_notifies_the_next_federation_and_the_post_hears_of_each_step,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(&mut post, "夜班护士", &["守护每一个夜晚。"]).await;
        let mut district = app.signed_in("yz_reviewer").await;
        let mut province = app.signed_in("cq_reviewer").await;
        province
            .get("/review")
            .await
            .assert_not_contains("class=\"badge\"");
        moved(&mut district, id, "forward", "同意上报").await;
        province
            .get("/review")
            .await
            .assert_contains("消息 <span class=\"badge\" aria-hidden=\"true\">1</span>");
        let pending = message_id(&mut province, "新的待审稿件：《夜班护士》").await;
        province
            .get(&format!("/inbox/{pending}"))
            .await
            .assert_contains("渝中区审核通过并上报了稿件")
            .assert_contains("意见：同意上报")
            .assert_contains(&format!("href=\"/review/{id}\""));

        moved(&mut province, id, "recommend", "").await;
        // National sees the recommendation once the province pushes its list (below the minimum).
        let pushed = crate::review::list_helpers::push(&mut province, true).await;
        assert_eq!(pushed.status, 303, "{}", pushed.text);
        let mut national = app.signed_in("qg_reviewer").await;
        moved(&mut national, id, "publish", "").await;
        moved(&mut national, id, "feature", "").await;
        let page = post.get("/inbox").await;
        page.assert_contains("稿件《夜班护士》已被推荐")
            .assert_contains("稿件《夜班护士》已发布")
            .assert_contains("稿件《夜班护士》被评为优秀")
            .assert_contains("未读 3 条");
        let newest = page.text.find("被评为优秀").unwrap();
        let oldest = page.text.find("已被推荐").unwrap();
        assert!(newest < oldest, "newest first:\n{}", page.text);

        let done = post.post_form("/inbox/read-all", &[]).await;
        assert_eq!(done.status, 303, "{}", done.text);
        post.get("/inbox")
            .await
            .assert_contains("没有未读消息")
            .assert_not_contains("class=\"badge\"");
        // Read marks belong to the account: the district's own message is still unread.
        district.get("/inbox").await.assert_contains("未读 1 条");
    }
);

/// Noon in China on `day`, as the test clock's instant.
fn china_noon(day: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    day.and_hms_opt(4, 0, 0).unwrap().and_utc()
}

async fn reminders_of(app: &TestApp, org: OrgId) -> u64 {
    inbox::count_of_kind(&app.ctx.db.conn, org, "reminder")
        .await
        .unwrap()
}

async fn collection_closes(app: &TestApp) -> NaiveDate {
    campaigns::get_by_slug(&app.ctx.db.conn, "wangshangxing-2026")
        .await
        .unwrap()
        .unwrap()
        .rules
        .collection
        .unwrap()
        .closes
}

on_both_backends!(
    with_demo,
    reminders_reach_exactly_the_units_below_quota_once_and_only_on_their_days,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        submitted(&mut post, "岗位上的一天", &["清晨六点。"]).await;
        let yuzhong = OrgId(org_id_anywhere(app, "500103").await);
        let chongqing = OrgId(org_id_anywhere(app, "50").await);
        let districts = orgs::active_of_kind(&app.ctx.db.conn, OrgKind::District)
            .await
            .unwrap();
        let provinces = orgs::active_of_kind(&app.ctx.db.conn, OrgKind::Provincial)
            .await
            .unwrap();
        assert!(districts.len() > 10 && provinces.len() > 10);
        let closes = collection_closes(app).await;

        for quiet in [8, 6, 2, 0] {
            app.clock.set(china_noon(closes - Duration::days(quiet)));
            assert_eq!(
                send_due_reminders(&app.ctx).await.unwrap(),
                0,
                "{quiet} days before"
            );
        }

        // Posts the campaign admits that have submitted nothing are chased too (the rule of
        // the queue and the dashboard); the writing post, revoked and military ones are not.
        let writing = OrgId(org_id_anywhere(app, "P500103001").await);
        let bank = OrgId(org_id_anywhere(app, "P500103002").await);
        let military = OrgId(org_id_anywhere(app, "P500109001").await);
        let revoked = OrgId(org_id_anywhere(app, "P500108001").await);
        let rules = campaigns::get_by_slug(&app.ctx.db.conn, "wangshangxing-2026")
            .await
            .unwrap()
            .unwrap()
            .rules;
        let silent_posts = orgs::active_posts(&app.ctx.db.conn)
            .await
            .unwrap()
            .into_iter()
            .filter(|p| p.id != writing && rules.check_eligible(p.post.as_ref()).is_ok())
            .count();
        assert!(silent_posts > 5, "{silent_posts}");

        app.clock.set(china_noon(closes - Duration::days(7)));
        let expected = districts.len() - 1 + provinces.len() + silent_posts;
        assert_eq!(send_due_reminders(&app.ctx).await.unwrap(), expected);
        assert_eq!(
            send_due_reminders(&app.ctx).await.unwrap(),
            0,
            "a second run sends nothing"
        );
        assert_eq!(
            reminders_of(app, yuzhong).await,
            0,
            "渝中区 has a submission"
        );
        for (district, _) in &districts {
            if *district != yuzhong {
                assert_eq!(
                    reminders_of(app, *district).await,
                    1,
                    "district {district:?}"
                );
            }
        }
        for (province, _) in &provinces {
            assert_eq!(
                reminders_of(app, *province).await,
                1,
                "province {province:?}"
            );
        }
        for (post, count) in [(writing, 0), (bank, 1), (military, 0), (revoked, 0)] {
            assert_eq!(reminders_of(app, post).await, count, "post {post:?}");
        }
        let mut bank_writer = app.signed_in("gang_bank").await;
        bank_writer
            .get("/inbox")
            .await
            .assert_contains("征集还有7天截止");
        let mut cq = app.signed_in("cq_reviewer").await;
        cq.get("/inbox")
            .await
            .assert_contains("截止提醒：")
            .assert_contains("征集还有7天截止");
        let message = message_id(&mut cq, "征集还有7天截止").await;
        cq.get(&format!("/inbox/{message}"))
            .await
            .assert_contains("本省已推荐0篇，推荐数量应为30–50篇");
        let mut yz = app.signed_in("yz_reviewer").await;
        yz.get("/inbox").await.assert_not_contains("截止提醒");

        // Two instances at once, one day before: each unit still gets one reminder.
        app.clock.set(china_noon(closes - Duration::days(1)));
        let (a, b) = (app.ctx.clone(), app.ctx.clone());
        let first = tokio::spawn(async move { send_due_reminders(&a).await.unwrap() });
        let second = tokio::spawn(async move { send_due_reminders(&b).await.unwrap() });
        let (first, second) = (first.await.unwrap(), second.await.unwrap());
        assert_eq!(first + second, expected, "sent {first} + {second}");
        assert!(first == 0 || second == 0, "sent {first} + {second}");
        assert_eq!(reminders_of(app, chongqing).await, 2);
        assert_eq!(reminders_of(app, yuzhong).await, 0);
    }
);
