//! Many people at once, on both backends: every write route hit by many clients together must
//! answer no 5xx, keep every acknowledged write, and refuse only with a Chinese 409/423.
//! (The test harness also fails a test whose server logged an ERROR.)

use crate::images::{jpeg, scene};
use crate::review::helpers::{content, current_campaign, page_version, review_at, submitted};
use jinguo_testkit::{Client, DEMO_PASSWORD, TestApp, TestResponse, on_both_backends};
use serde_json::json;

/// Runs one future per client on the runtime's threads at once; returns the answers in order.
async fn all_at_once<F, Fut>(clients: Vec<Client>, work: F) -> Vec<(Client, TestResponse)>
where
    F: Fn(usize, Client) -> Fut,
    Fut: std::future::Future<Output = (Client, TestResponse)> + Send + 'static,
{
    let handles: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(i, client)| tokio::spawn(work(i, client)))
        .collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}

fn assert_no_server_error(answers: &[(Client, TestResponse)], what: &str) {
    for (_, answer) in answers {
        assert!(
            answer.status < 500,
            "{what}: {} {}",
            answer.status,
            answer.text
        );
    }
}

/// Signed-in clients of the demo's two posts (each sign-in is a session of its own; the first
/// one completes the forced password change).
async fn post_clients(app: &TestApp, n: usize) -> Vec<Client> {
    let mut clients = Vec::new();
    for i in 0..n {
        let username = ["gang_demo", "gang_bank"][i % 2];
        if i < 2 {
            clients.push(app.signed_in(username).await);
            continue;
        }
        let mut client = app.client();
        let answer = client.login(username, "Jinguo@2020new").await;
        assert_eq!(answer.status, 303, "{}", answer.text);
        client.get("/workbench").await;
        clients.push(client);
    }
    clients
}

on_both_backends!(with_demo, fifty_logins_at_once_all_get_in, |app| {
    let usernames = [
        "qg_admin",
        "qg_reviewer",
        "cq_admin",
        "cq_reviewer",
        "yz_admin",
        "yz_reviewer",
        "gang_demo",
        "gang_bank",
    ];
    let clients: Vec<Client> = (0..50).map(|_| app.client()).collect();
    let answers = all_at_once(clients, |i, mut client| {
        let username = usernames[i % usernames.len()];
        async move {
            let answer = client.login(username, DEMO_PASSWORD).await;
            (client, answer)
        }
    })
    .await;
    assert_no_server_error(&answers, "login");
    for (mut client, answer) in answers {
        assert_eq!(answer.status, 303, "{}", answer.text);
        // Each got a working session of its own.
        let home = client.get("/workbench").await;
        assert!(matches!(home.status, 200 | 303), "{}", home.text);
    }
});

on_both_backends!(
    with_demo,
    twenty_parallel_wrong_passwords_lock_the_account_after_five_checks,
    |app| {
        let clients: Vec<Client> = (0..20).map(|_| app.client()).collect();
        let answers = all_at_once(clients, |i, mut client| async move {
            let answer = client.login("cq_admin", &format!("wrong-{i}")).await;
            (client, answer)
        })
        .await;
        assert_no_server_error(&answers, "wrong password");
        for (_, answer) in &answers {
            assert_eq!(answer.status, 401, "{}", answer.text);
            answer.assert_contains("用户名或密码错误");
        }
        // Only five attempts were ever claimed, so the hash was checked at most five times
        // (the others were refused on a dummy hash, answering the same).
        let failures =
            jinguo_storage::repo::login_throttles::failures(&app.ctx.db.conn, "u:cq_admin")
                .await
                .unwrap();
        assert_eq!(failures, 5);
        let blocked = jinguo_storage::repo::login_throttles::blocked_until(
            &app.ctx.db.conn,
            "u:cq_admin",
            app.ctx.now(),
        )
        .await
        .unwrap();
        assert!(blocked.is_some_and(|until| until - app.ctx.now() > chrono::Duration::minutes(10)));
        // The right password from a browser that never signed in does not get in while the lock lasts.
        let mut late = app.client();
        let answer = late.login("cq_admin", DEMO_PASSWORD).await;
        assert_eq!(answer.status, 401, "{}", answer.text);
        answer.assert_contains("用户名或密码错误");
    }
);

on_both_backends!(with_demo, sixteen_draft_saves_and_submits_at_once, |app| {
    let mut clients = post_clients(app, 16).await;
    let campaign = current_campaign(&mut clients[0]).await;
    // Each client starts its own draft, all at once.
    let created = all_at_once(clients, |i, mut client| async move {
        let answer = client
            .json(
                "POST",
                "/api/v1/articles",
                &json!({"campaign_id": campaign, "content": content(&format!("并发稿件{i}"), &["开头"])}),
            )
            .await;
        (client, answer)
    })
    .await;
    assert_no_server_error(&created, "create");
    let articles: Vec<serde_json::Value> = created
        .iter()
        .map(|(_, a)| {
            assert_eq!(a.status, 201, "{}", a.text);
            a.json()
        })
        .collect();
    // Then every one saves three times in a row, all clients together.
    let saved = all_at_once(
        created.into_iter().map(|(c, _)| c).collect(),
        |i, mut client| {
            let article = articles[i].clone();
            async move {
            let id = article["id"].as_i64().unwrap();
            let mut version = article["version"].as_i64().unwrap();
            for round in 0..3 {
                let answer = client
                    .json(
                        "PUT",
                        &format!("/api/v1/articles/{id}"),
                        &json!({"content": content(&format!("并发稿件{i}"), &[&format!("第{round}次保存：岗位的一天。")]), "version": version}),
                    )
                    .await;
                assert_eq!(answer.status, 200, "{}", answer.text);
                version = answer.json()["version"].as_i64().unwrap();
            }
            let submitted = client
                .json(
                    "POST",
                    &format!("/api/v1/articles/{id}/submit"),
                    &json!({"version": version}),
                )
                .await;
            (client, submitted)
            }
        },
    )
    .await;
    assert_no_server_error(&saved, "save and submit");
    for (_, answer) in &saved {
        assert_eq!(answer.status, 200, "{}", answer.text);
    }
    // Every acknowledged write is there: sixteen submitted articles with the last text.
    let mut district = app.signed_in("yz_reviewer").await;
    let queue = district.get("/review").await;
    for i in 0..16 {
        queue.assert_contains(&format!("并发稿件{i}"));
    }
});

on_both_backends!(with_demo, the_same_photo_uploaded_by_eight_at_once, |app| {
    let mut clients = post_clients(app, 8).await;
    let campaign = current_campaign(&mut clients[0]).await;
    let mut drafts = Vec::new();
    for (i, client) in clients.iter_mut().enumerate() {
        let created = client
            .json(
                "POST",
                "/api/v1/articles",
                &json!({"campaign_id": campaign, "content": content(&format!("照片{i}"), &["正文"])}),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        drafts.push(created.json()["id"].as_i64().unwrap());
        client.get(&format!("/articles/{}/edit", drafts[i])).await;
    }
    let photo = std::sync::Arc::new(jpeg(&scene(1600, 1000, 11), 90));
    let answers = all_at_once(clients, |i, mut client| {
        let (photo, id) = (photo.clone(), drafts[i]);
        async move {
            let answer = client
                .post_multipart(
                    &format!("/articles/{id}/images"),
                    "现场.jpg",
                    &photo,
                    &[("caption", "同一张照片")],
                )
                .await;
            (client, answer)
        }
    })
    .await;
    assert_no_server_error(&answers, "upload");
    for (_, answer) in &answers {
        assert_eq!(answer.status, 303, "{}", answer.text);
    }
    // Each draft has its image block, and both posts may re-crop the shared photo.
    for (i, (mut client, _)) in answers.into_iter().enumerate() {
        let article = client
            .get(&format!("/api/v1/articles/{}", drafts[i]))
            .await
            .json();
        let blocks = article["content"]["blocks"].as_array().unwrap().clone();
        let media = blocks
            .iter()
            .find(|b| b["type"] == "image")
            .unwrap_or_else(|| panic!("no image in {article}"))["media"]
            .as_str()
            .unwrap()
            .to_string();
        if i < 2 {
            let stem = media.trim_end_matches(".jpg");
            let crop = client
                .json(
                    "POST",
                    &format!("/api/v1/media/{stem}/crop"),
                    &json!({"x": 0.3, "y": 0.5}),
                )
                .await;
            assert!(crop.status < 500, "{}", crop.text);
            assert_ne!(crop.status, 404, "post {i} may re-crop: {}", crop.text);
        }
    }
    // No temporary files are left behind.
    let leftovers = std::fs::read_dir(app.data_dir.join("tmp"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(leftovers, 0, "temporary upload files left");
});

on_both_backends!(with_demo, a_notice_signed_for_by_ten_at_once, |app| {
    let mut first = app.signed_in("cq_reviewer").await;
    let list = first.get("/notices").await;
    let id: i64 = list
        .text
        .split("href=\"/notices/")
        .skip(1)
        .find_map(|s| s.split('"').next().and_then(|id| id.parse().ok()))
        .unwrap_or_else(|| panic!("no notice:\n{}", list.text));
    let mut many = Vec::new();
    for _ in 0..5 {
        many.push(app.signed_in("cq_admin").await);
        many.push(app.signed_in("cq_reviewer").await);
    }
    let answers = all_at_once(many, |_, mut client| async move {
        client.get(&format!("/notices/{id}")).await;
        let answer = client.post_form(&format!("/notices/{id}/read"), &[]).await;
        (client, answer)
    })
    .await;
    assert_no_server_error(&answers, "notice read");
    for (_, answer) in &answers {
        assert_eq!(answer.status, 303, "{}", answer.text);
    }
});

on_both_backends!(
    with_demo,
    a_database_that_cannot_answer_gets_the_chinese_busy_page_not_a_500,
    |app| {
        let mut reviewer = app.signed_in("cq_reviewer").await;
        app.expect_logged_error("unavailable");
        app.ctx.db.conn.clone().close().await.unwrap();
        let page = reviewer.get("/workbench").await;
        assert_eq!(page.status, 503, "{}", page.text);
        page.assert_contains("系统繁忙，请稍后重试");
        let api = reviewer.get("/api/v1/me").await;
        assert_eq!(api.status, 503, "{}", api.text);
        assert_eq!(api.json()["error"]["code"], "unavailable");
    }
);

on_both_backends!(with_demo, eight_review_moves_at_once, |app| {
    let mut post = app.signed_in("gang_demo").await;
    let mut ids = Vec::new();
    for i in 0..8 {
        ids.push(submitted(&mut post, &format!("同时审核{i}"), &["岗位的一天。"]).await);
    }
    // Eight reviewers of the district (sessions of one account and its colleague) at once;
    // half forward the same article twice: one wins, the other is refused without a 5xx.
    // Every reviewer opens its article before anyone acts, as two colleagues would.
    let mut reviewers = Vec::new();
    let mut versions = Vec::new();
    for i in 0..12 {
        let mut reviewer = app.signed_in("yz_reviewer").await;
        versions.push(page_version(&mut reviewer, ids[i % 8]).await);
        reviewers.push(reviewer);
    }
    let answers = all_at_once(reviewers, |i, mut reviewer| {
        let (id, version) = (ids[i % 8], versions[i].clone());
        async move {
            let answer = review_at(&mut reviewer, id, "forward", "同意上报", &version).await;
            (reviewer, answer)
        }
    })
    .await;
    assert_no_server_error(&answers, "review move");
    for (_, answer) in &answers {
        assert!(matches!(answer.status, 303 | 409), "{}", answer.text);
    }
    // Every article moved exactly once: each is now with 重庆市妇联.
    let mut province = app.signed_in("cq_reviewer").await;
    let queue = province.get("/review").await;
    for i in 0..8 {
        queue.assert_contains(&format!("同时审核{i}"));
    }
});

on_both_backends!(with_demo, four_imports_at_once, |app| {
    let header =
        "代码,名称,类型,上级代码,所在单位,行业,荣誉级别,命名年份,联系人,联系电话,涉军涉密,已撤销\n";
    let mut admins = Vec::new();
    for _ in 0..4 {
        let mut admin = app.signed_in("yz_admin").await;
        admin.get("/admin/import").await;
        admins.push(admin);
    }
    let answers = all_at_once(admins, |i, mut admin| {
        let mut csv = header.to_string();
        for row in 0..25 {
            csv.push_str(&format!(
                "P5001039{i}{row:02},并发导入岗位{i}-{row},岗位,500103,某某医院,医疗卫生,省级,2020,联系人,023-6370{i}{row:03},否,否\n"
            ));
        }
        async move {
            let answer = admin
                .post_multipart("/admin/import", "岗位.csv", csv.as_bytes(), &[("kind", "orgs")])
                .await;
            (admin, answer)
        }
    })
    .await;
    assert_no_server_error(&answers, "import");
    for (_, answer) in &answers {
        assert_eq!(answer.status, 200, "{}", answer.text);
        answer.assert_contains("新增组织与岗位 25 个");
    }
    let mut admin = app.signed_in("yz_admin").await;
    for i in 0..4 {
        admin
            .get(&format!("/admin/orgs?q=P5001039{i}24"))
            .await
            .assert_contains(&format!("并发导入岗位{i}-24"));
    }
});
