//! Review over JSON: every move through `/api/v1/review`, the queue with its silent units, the
//! article with history, diff base and sensitive words, and the refusals (wrong level, stale
//! version, missing comment, unknown move).

use crate::support::{assert_error, content, submitted, with_token};
use jinguo_testkit::{Client, TestApp, on_both_backends};
use serde_json::json;

async fn version(reviewer: &mut Client, id: i64) -> i64 {
    let seen = reviewer.get(&format!("/api/v1/review/articles/{id}")).await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    seen.json()["article"]["version"].as_i64().unwrap()
}

/// A move that must succeed; returns the article's new status.
async fn moved(reviewer: &mut Client, id: i64, mv: &str, comment: &str) -> String {
    let version = version(reviewer, id).await;
    let done = reviewer
        .json(
            "POST",
            &format!("/api/v1/review/articles/{id}/{mv}"),
            &json!({"comment": comment, "version": version}),
        )
        .await;
    assert_eq!(done.status, 200, "{mv}: {}", done.text);
    assert_eq!(done.json()["version"].as_i64().unwrap(), version + 1);
    done.json()["status"].as_str().unwrap().to_string()
}

async fn reviewers(app: &TestApp) -> (Client, Client, Client) {
    (
        with_token(app, "yz_reviewer").await,
        with_token(app, "cq_reviewer").await,
        with_token(app, "qg_reviewer").await,
    )
}

on_both_backends!(with_demo, every_review_move_works_through_the_api, |app| {
    let mut post = with_token(app, "gang_demo").await;
    let (mut district, mut province, mut national) = reviewers(app).await;
    let first = submitted(&mut post, "急诊科的守护岗", "疫情就是命令。").await;
    let second = submitted(&mut post, "预检分诊台", "全年预检分诊。").await;

    let queue = district.get("/api/v1/review/queue?q=守护").await;
    assert_eq!(queue.status, 200, "{}", queue.text);
    let queue = queue.json();
    assert_eq!(queue["level"], "below_provincial");
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["article"]["id"], first);
    assert_eq!(queue["items"][0]["post_name"], "急诊科护理组");
    let seen = district
        .get(&format!("/api/v1/review/articles/{first}"))
        .await
        .json();
    assert_eq!(seen["moves"], json!(["forward", "return"]));
    assert_eq!(seen["holder_name"], "渝中区");

    // Return, revise, resubmit: the reviewer gets the diff base.
    assert_eq!(
        moved(&mut district, first, "return", "请补充数据").await,
        "returned"
    );
    let current = post.get(&format!("/api/v1/articles/{first}")).await.json();
    let saved = post
        .json(
            "PUT",
            &format!("/api/v1/articles/{first}"),
            &json!({"version": current["version"],
                        "content": content("急诊科的守护岗", "全年接诊12万人次。")}),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    let resent = post
        .json(
            "POST",
            &format!("/api/v1/articles/{first}/submit"),
            &json!({"version": saved.json()["version"]}),
        )
        .await;
    assert_eq!(resent.status, 200, "{}", resent.text);
    let seen = district
        .get(&format!("/api/v1/review/articles/{first}"))
        .await
        .json();
    assert_eq!(seen["diff_base_revision"], 1);
    assert_eq!(
        seen["diff_base_content"]["blocks"][0]["text"],
        "疫情就是命令。"
    );
    let actions: Vec<&str> = seen["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["submit", "return", "resubmit"]);
    assert_eq!(seen["history"][1]["comment"], "请补充数据");

    assert_eq!(moved(&mut district, first, "forward", "").await, "pending");
    assert_eq!(moved(&mut district, second, "forward", "").await, "pending");
    let queue = province.get("/api/v1/review/queue").await.json();
    assert_eq!(queue["level"], "provincial");
    assert_eq!(queue["total"], 2);
    assert_eq!(queue["meters"][0]["used"], 0);
    assert_eq!(queue["meters"][0]["min"], 30);
    assert_eq!(
        moved(&mut province, first, "recommend", "").await,
        "recommended"
    );
    assert_eq!(
        moved(&mut province, first, "unrecommend", "").await,
        "pending"
    );
    assert_eq!(
        moved(&mut province, first, "recommend", "").await,
        "recommended"
    );
    assert_eq!(
        moved(&mut province, second, "recommend", "").await,
        "recommended"
    );
    let queue = province.get("/api/v1/review/queue").await.json();
    assert_eq!(queue["meters"][0]["used"], 2);
    // National sees a province's recommendations once the list is pushed (报送, a page action).
    let mut province_page = app.signed_in("cq_reviewer").await;
    let list = province_page.get("/review/list").await;
    let campaign = list
        .text
        .split("name=\"campaign\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let pushed = province_page
        .post_form(
            "/review/list/push",
            &[("campaign", campaign.as_str()), ("confirm", "yes")],
        )
        .await;
    assert_eq!(pushed.status, 303, "{}", pushed.text);

    let queue = national
        .get("/api/v1/review/queue?status=recommended")
        .await
        .json();
    assert_eq!(queue["level"], "national");
    assert_eq!(queue["total"], 2);
    assert_eq!(
        moved(&mut national, first, "return_to_province", "请省级复核").await,
        "pending"
    );
    assert_eq!(
        moved(&mut province, first, "recommend", "").await,
        "recommended"
    );
    let repushed = province_page
        .post_form(
            "/review/list/push",
            &[("campaign", campaign.as_str()), ("confirm", "yes")],
        )
        .await;
    assert_eq!(repushed.status, 303, "{}", repushed.text);
    assert_eq!(
        moved(&mut national, first, "reject", "与主题不符").await,
        "rejected"
    );
    assert_eq!(
        moved(&mut national, second, "publish", "").await,
        "published"
    );
    assert_eq!(
        moved(&mut national, second, "feature", "").await,
        "featured"
    );
    assert_eq!(
        moved(&mut national, second, "unpublish", "图片版权存疑").await,
        "unpublished"
    );
    let mine = post.get(&format!("/api/v1/articles/{second}")).await.json();
    assert_eq!(mine["status"], "unpublished");
});

on_both_backends!(
    with_demo,
    the_api_refuses_a_wrong_level_a_stale_version_and_a_missing_comment,
    |app| {
        let mut post = with_token(app, "gang_demo").await;
        let (mut district, mut province, _) = reviewers(app).await;
        let id = submitted(&mut post, "越级操作", "正文。").await;
        let v = version(&mut district, id).await;

        let refused = district
            .json(
                "POST",
                &format!("/api/v1/review/articles/{id}/recommend"),
                &json!({"version": v}),
            )
            .await;
        assert_error(&refused, 403, "wrong_level");
        let unknown = district
            .json(
                "POST",
                &format!("/api/v1/review/articles/{id}/approve"),
                &json!({"version": v}),
            )
            .await;
        assert_error(&unknown, 404, "not_found");
        let unexplained = district
            .json(
                "POST",
                &format!("/api/v1/review/articles/{id}/return"),
                &json!({"comment": "  ", "version": v}),
            )
            .await;
        let body = assert_error(&unexplained, 422, "invalid");
        assert!(
            body["error"]["fields"].to_string().contains("comment"),
            "{body}"
        );
        let unversioned = district
            .json(
                "POST",
                &format!("/api/v1/review/articles/{id}/forward"),
                &json!({"comment": ""}),
            )
            .await;
        assert_error(&unversioned, 422, "invalid");

        assert_eq!(moved(&mut district, id, "forward", "").await, "pending");
        // The district saw version `v`; the article has moved on since.
        let stale = province
            .json(
                "POST",
                &format!("/api/v1/review/articles/{id}/recommend"),
                &json!({"version": v}),
            )
            .await;
        assert_error(&stale, 409, "conflict");
        let refused = province
            .json(
                "POST",
                &format!("/api/v1/review/articles/{id}/publish"),
                &json!({"version": v + 1}),
            )
            .await;
        assert_error(&refused, 403, "wrong_level");

        // Not a reviewer, or not in the subtree.
        let mut admin = with_token(app, "cq_admin").await;
        assert_error(&admin.get("/api/v1/review/queue").await, 403, "forbidden");
        let mut anonymous = app.client();
        assert_error(
            &anonymous.get("/api/v1/review/queue").await,
            401,
            "unauthenticated",
        );
    }
);

on_both_backends!(
    with_demo,
    the_api_names_silent_units_and_sensitive_words,
    |app| {
        let mut admin = app.signed_in("qg_admin").await;
        let saved = admin
            .post_form("/admin/sensitive-words", &[("words", "赌博")])
            .await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        let mut post = with_token(app, "gang_demo").await;
        let id = submitted(&mut post, "远离赌博", "拒绝赌博，从我做起。").await;
        let (mut district, mut province, _) = reviewers(app).await;

        let seen = district
            .get(&format!("/api/v1/review/articles/{id}"))
            .await
            .json();
        assert_eq!(seen["sensitive_words"]["hits"], 2);
        assert_eq!(seen["sensitive_words"]["words"], json!(["赌博"]));
        assert_eq!(seen["article"]["content"]["title"], "远离赌博");

        let queue = province.get("/api/v1/review/queue").await.json();
        let silent = &queue["silent_units"][0];
        let names: Vec<&str> = silent["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"沙坪坝区"), "{silent}");
        assert!(!names.contains(&"渝中区"), "{silent}");
        assert_eq!(
            silent["tracked"].as_u64().unwrap(),
            u64::try_from(names.len()).unwrap() + 1
        );
    }
);
