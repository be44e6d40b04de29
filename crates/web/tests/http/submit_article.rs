//! A post writes and submits an article under the campaign's rules; every rule and refusal.

use crate::support::org_id;
use jinguo_testkit::{Client, DEMO_PASSWORD, TestApp, on_both_backends};
use serde_json::json;

/// The id of the demo campaign open today (the current copy of 网上行).
pub async fn current_campaign(client: &mut Client) -> i64 {
    let list = client.get("/api/v1/campaigns").await;
    assert_eq!(list.status, 200, "{}", list.text);
    list.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "wangshangxing-2026")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

async fn column(client: &mut Client) -> i64 {
    let list = client.get("/api/v1/campaigns").await;
    list.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "gangwei-dongtai")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

pub fn content(title: &str, text: &str) -> serde_json::Value {
    json!({"title": title, "themes": ["guard"], "blocks": [{"type": "paragraph", "text": text}]})
}

pub async fn draft(
    client: &mut Client,
    campaign: i64,
    body: serde_json::Value,
) -> serde_json::Value {
    let created = client
        .json(
            "POST",
            "/api/v1/articles",
            &json!({"campaign_id": campaign, "content": body}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.json()
}

/// An account for a demo post that has none, created by its district's admin.
async fn post_account(app: &TestApp, admin: &str, post_code: &str, username: &str) -> Client {
    let mut admin = app.signed_in(admin).await;
    let post = org_id(&mut admin, post_code).await;
    let created = admin
        .post_form(
            &format!("/admin/orgs/{post}/accounts/new"),
            &[
                ("username", username),
                ("role", "submitter"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.text);
    app.signed_in(username).await
}

on_both_backends!(
    with_demo,
    an_eligible_post_writes_saves_previews_and_submits,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let list = post.get("/articles").await;
        list.assert_contains("2026年“巾帼文明岗网上行”")
            .assert_contains("岗位动态")
            .assert_contains("写稿");
        let campaign = current_campaign(&mut post).await;
        let drafts_before = post.get("/api/v1/articles").await.json()["total"].clone();
        // 写稿 opens the editor on the campaign; nothing is stored yet.
        let editor = post
            .get(&format!("/articles/new?campaign_id={campaign}"))
            .await;
        assert_eq!(editor.status, 200, "{}", editor.text);
        editor
            .assert_contains("撰写稿件")
            .assert_contains("新稿件，尚未保存")
            .assert_contains("疫情防控和复工复产“守护岗”")
            .assert_contains("征集阶段")
            .assert_contains("action=\"/articles/new\"");
        // An empty first save stores nothing and says why.
        let empty = post
            .post_form(
                "/articles/new",
                &[
                    ("campaign_id", &campaign.to_string()),
                    ("title", " "),
                    ("append_text", ""),
                    ("intent", "save"),
                ],
            )
            .await;
        assert_eq!(empty.status, 422, "{}", empty.text);
        empty.assert_contains("稿件还是空的");
        // 提交审核 at once without a theme: refused with the reason, what was typed kept, nothing
        // stored.
        let refused = post
            .post_form(
                "/articles/new",
                &[
                    ("campaign_id", &campaign.to_string()),
                    ("title", "未选主题的稿件"),
                    ("append_text", "正文一段。"),
                    ("intent", "submit"),
                ],
            )
            .await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains("value=\"未选主题的稿件\"")
            .assert_contains("正文一段。")
            .assert_contains("action=\"/articles/new\"");
        assert_eq!(
            post.get("/api/v1/articles").await.json()["total"],
            drafts_before,
            "opening the editor and refused first saves store nothing"
        );
        // The first save creates the draft, here with 预览.
        let saved = post
        .post_form(
            "/articles/new",
            &[
                ("campaign_id", &campaign.to_string()),
                ("title", "疫情防控一线的“守护岗”"),
                ("themes", "guard"),
                ("append_text", "\u{3000}\u{3000}疫情就是命令，防控就是责任。\r\n\r\n\u{3000}\u{3000}急诊科护理组24小时坚守预检分诊台。"),
                ("intent", "preview"),
            ],
        )
        .await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        let id: i64 = saved
            .location
            .as_deref()
            .unwrap()
            .trim_start_matches("/articles/")
            .trim_end_matches("/preview")
            .parse()
            .unwrap();
        assert_eq!(
            post.get("/api/v1/articles").await.json()["total"],
            drafts_before.as_i64().unwrap() + 1
        );
        post.get(&format!("/articles/{id}/edit"))
            .await
            .assert_contains(&format!("action=\"/articles/{id}/edit\""));
        let preview = post.get(&format!("/articles/{id}/preview")).await;
        preview
            .assert_contains("疫情防控一线的“守护岗”")
            .assert_contains("<p>疫情就是命令，防控就是责任。</p>")
            .assert_contains("重庆医科大学附属第一医院");
        let current = post.get(&format!("/api/v1/articles/{id}")).await.json();
        assert_eq!(current["word_count"], 31);
        let submitted = post
            .post_form(
                &format!("/articles/{id}/submit"),
                &[("version", &current["version"].to_string())],
            )
            .await;
        assert_eq!(
            submitted.location.as_deref(),
            Some("/articles?status=pending&notice=submitted")
        );
        let pending = post.get("/articles?status=pending").await;
        pending
            .assert_contains("疫情防控一线的“守护岗”")
            .assert_contains("待审");
        let detail = post.get(&format!("/articles/{id}")).await;
        detail
            .assert_contains("渝中区（待审）")
            .assert_contains("提交（草稿 → 待审）")
            .assert_contains("撤回");
    }
);

on_both_backends!(
    with_demo,
    ineligible_posts_are_told_why_and_may_use_the_ordinary_column,
    |app| {
        let cases = [
            (
                "yz_admin",
                "P500103003",
                "qxg_sub",
                "本活动只接受全国级巾帼文明岗投稿，本岗为省级巾帼文明岗",
            ),
            (
                "cq_admin",
                "P500109001",
                "mil_sub",
                "解放军或涉军、涉密巾帼文明岗不在本活动范围内",
            ),
            ("cq_admin", "P500108001", "rev_sub", "称号已撤销"),
        ];
        let mut clients = Vec::new();
        for (admin, code, username, reason) in cases {
            let mut post = post_account(app, admin, code, username).await;
            post.get("/articles").await.assert_contains(reason);
            let campaign = current_campaign(&mut post).await;
            let refused = post
                .get(&format!("/articles/new?campaign_id={campaign}"))
                .await;
            assert_eq!(refused.status, 403, "{username}");
            refused.assert_contains(reason);
            let api = post
                .json(
                    "POST",
                    "/api/v1/articles",
                    &json!({"campaign_id": campaign}),
                )
                .await;
            assert_eq!(api.json()["error"]["code"], "ineligible");
            clients.push(post);
        }
        // The provincial-level post may still write in the always-open column.
        let mut provincial = clients.remove(0);
        let news = column(&mut provincial).await;
        let article = draft(&mut provincial, news, json!({"title": "社区便民服务日", "themes": ["news"], "blocks": [{"type": "paragraph", "text": "七星岗社区开展便民服务。"}]})).await;
        let submitted = provincial
            .json(
                "POST",
                &format!("/api/v1/articles/{}/submit", article["id"]),
                &json!({"version": article["version"]}),
            )
            .await;
        assert_eq!(submitted.status, 200, "{}", submitted.text);
    }
);

on_both_backends!(
    with_demo,
    a_submission_a_day_after_the_window_is_refused_naming_the_date,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let campaign = current_campaign(&mut post).await;
        let article = draft(&mut post, campaign, content("守护岗", "坚守一线。")).await;
        // The demo's collection window closes 60 days after 2026-06-01: 2026-07-31, inclusive.
        app.clock.set(
            chrono::DateTime::parse_from_rfc3339("2026-07-31T15:59:00Z")
                .unwrap()
                .to_utc(),
        );
        let mut post = app.client();
        post.login("gang_demo", "Jinguo@2020new").await;
        post.get("/workbench").await;
        let last_minute = post
            .json(
                "POST",
                &format!("/api/v1/articles/{}/submit", article["id"]),
                &json!({"version": article["version"]}),
            )
            .await;
        assert_eq!(
            last_minute.status, 200,
            "23:59 China time on the last day is still inside: {}",
            last_minute.text
        );
        let withdrawn = post
            .json(
                "POST",
                &format!("/api/v1/articles/{}/withdraw", article["id"]),
                &json!({"version": last_minute.json()["version"]}),
            )
            .await;
        assert_eq!(withdrawn.status, 200);
        app.clock.advance(chrono::Duration::minutes(2));
        let late = post
            .json(
                "POST",
                &format!("/api/v1/articles/{}/submit", article["id"]),
                &json!({"version": withdrawn.json()["version"]}),
            )
            .await;
        assert_eq!(late.status, 422);
        assert_eq!(late.json()["error"]["code"], "window_closed");
        assert_eq!(
            late.json()["error"]["message"],
            "征集阶段已于2026年7月31日结束，不能再提交或修改稿件。"
        );
        post.get("/articles")
            .await
            .assert_contains("征集阶段已于2026年7月31日结束");
    }
);

on_both_backends!(
    with_demo,
    two_thousand_and_one_words_are_refused_with_the_count,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let campaign = current_campaign(&mut post).await;
        let article = draft(
            &mut post,
            campaign,
            content("字数", &format!("{}增长3.5%", "岗".repeat(1997))),
        )
        .await;
        assert_eq!(article["word_count"], 2000);
        let id = article["id"].as_i64().unwrap();
        let longer = post
        .json("PUT", &format!("/api/v1/articles/{id}"), &json!({"content": content("字数", &format!("{}增长3.5%。", "岗".repeat(1997))), "version": article["version"]}))
        .await;
        assert_eq!(longer.json()["word_count"], 2001);
        let refused = post
            .json(
                "POST",
                &format!("/api/v1/articles/{id}/submit"),
                &json!({"version": longer.json()["version"]}),
            )
            .await;
        assert_eq!(refused.status, 422);
        assert!(
            refused
                .text
                .contains("正文共 2001 字，超过了 2000 字的上限"),
            "{}",
            refused.text
        );
        // Through the page the text stays on screen with the reason.
        let page = post
            .post_form(
                &format!("/articles/{id}/edit"),
                &[
                    ("version", &longer.json()["version"].to_string()),
                    ("title", "字数"),
                    ("themes", "guard"),
                    ("block_type", "paragraph"),
                    ("block_text", &format!("{}增长3.5%。", "岗".repeat(1997))),
                    ("intent", "submit"),
                ],
            )
            .await;
        assert_eq!(page.status, 422);
        page.assert_contains("正文共 2001 字")
            .assert_contains("增长3.5%。");
    }
);

on_both_backends!(with_demo, a_submission_needs_a_title_and_a_theme, |app| {
    let mut post = app.signed_in("gang_demo").await;
    let campaign = current_campaign(&mut post).await;
    let article = draft(
        &mut post,
        campaign,
        json!({"title": "", "themes": [], "blocks": []}),
    )
    .await;
    let refused = post
        .json(
            "POST",
            &format!("/api/v1/articles/{}/submit", article["id"]),
            &json!({"version": article["version"]}),
        )
        .await;
    assert_eq!(refused.status, 422);
    let fields: Vec<String> = refused.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert!(
        fields.contains(&"title".into())
            && fields.contains(&"themes".into())
            && fields.contains(&"blocks".into()),
        "{fields:?}"
    );
});

on_both_backends!(
    with_demo,
    a_stale_autosave_is_a_conflict_and_loses_nothing,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let campaign = current_campaign(&mut post).await;
        let article = draft(&mut post, campaign, content("第一稿", "原文")).await;
        let id = article["id"].as_i64().unwrap();
        let first = post
            .json(
                "PUT",
                &format!("/api/v1/articles/{id}"),
                &json!({"content": content("第二稿", "改过"), "version": article["version"]}),
            )
            .await;
        assert_eq!(first.status, 200);
        let stale = post.json("PUT", &format!("/api/v1/articles/{id}"), &json!({"content": content("另一个窗口", "旧版本上改"), "version": article["version"]})).await;
        assert_eq!(stale.status, 409);
        assert_eq!(stale.json()["error"]["code"], "conflict");
        let stored = post.get(&format!("/api/v1/articles/{id}")).await.json();
        assert_eq!(stored["content"]["title"], "第二稿");
    }
);

on_both_backends!(
    with_demo,
    withdraw_works_until_review_starts_and_revisions_are_kept,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let campaign = current_campaign(&mut post).await;
        let article = draft(&mut post, campaign, content("撤回测试", "第一版")).await;
        let id = article["id"].as_i64().unwrap();
        let submitted = post
            .json(
                "POST",
                &format!("/api/v1/articles/{id}/submit"),
                &json!({"version": article["version"]}),
            )
            .await
            .json();
        assert_eq!(submitted["status"], "pending");
        let withdrawn = post
            .json(
                "POST",
                &format!("/api/v1/articles/{id}/withdraw"),
                &json!({"version": submitted["version"]}),
            )
            .await
            .json();
        assert_eq!(withdrawn["status"], "draft");
        let second = post
            .json(
                "PUT",
                &format!("/api/v1/articles/{id}"),
                &json!({"content": content("撤回测试", "第二版"), "version": withdrawn["version"]}),
            )
            .await
            .json();
        let resubmitted = post
            .json(
                "POST",
                &format!("/api/v1/articles/{id}/submit"),
                &json!({"version": second["version"]}),
            )
            .await
            .json();
        assert_eq!(resubmitted["revision"], 2);
        let revisions = jinguo_storage::repo::articles::revisions(&app.ctx.db.conn, id)
            .await
            .unwrap();
        assert_eq!(revisions.len(), 2);
        assert_eq!(
            revisions[0].content.blocks,
            vec![jinguo_domain::content::Block::Paragraph {
                text: "第一版".into()
            }]
        );
        // Once a federation has acted, the post can no longer withdraw. (Reviewing arrives with
        // the review issue; here the harness marks review as started.)
        use jinguo_storage::ConnectionTrait;
        app.ctx
            .db
            .conn
            .execute_unprepared(&format!(
                "UPDATE articles SET review_started = TRUE WHERE id = {id}"
            ))
            .await
            .unwrap();
        let refused = post
            .json(
                "POST",
                &format!("/api/v1/articles/{id}/withdraw"),
                &json!({"version": resubmitted["version"]}),
            )
            .await;
        assert_eq!(refused.status, 409);
        assert_eq!(
            refused.json()["error"]["message"],
            "稿件已进入审核，不能再撤回。"
        );
    }
);

on_both_backends!(
    with_demo,
    another_post_cannot_see_or_touch_my_article,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let campaign = current_campaign(&mut post).await;
        let article = draft(&mut post, campaign, content("我的稿件", "内容")).await;
        let id = article["id"].as_i64().unwrap();
        let mut other = app.signed_in("gang_bank").await;
        assert_eq!(other.get(&format!("/articles/{id}/edit")).await.status, 404);
        assert_eq!(
            other.get(&format!("/api/v1/articles/{id}")).await.status,
            404
        );
        let write = other
            .json(
                "PUT",
                &format!("/api/v1/articles/{id}"),
                &json!({"content": content("改掉", "x"), "version": article["version"]}),
            )
            .await;
        assert_eq!(write.status, 404);
        let mut reviewer = app.signed_in("yz_reviewer").await;
        assert_eq!(
            reviewer
                .json(
                    "POST",
                    "/api/v1/articles",
                    &json!({"campaign_id": campaign})
                )
                .await
                .status,
            403
        );
    }
);
