//! The inbox (消息) over JSON: review moves write messages to the organisation; the list, its
//! unread filter and the header's count agree; marking one or all read is this account's own
//! mark; another organisation's message does not exist for the caller and stays unread.

use crate::support::{assert_error, post, submitted, with_token};
use jinguo_testkit::{Client, on_both_backends};
use serde_json::{Value, json};

/// Returns the article to its post with a comment.
async fn returned(reviewer: &mut Client, id: i64, comment: &str) {
    let seen = reviewer.get(&format!("/api/v1/review/articles/{id}")).await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    let version = seen.json()["article"]["version"].clone();
    let done = reviewer
        .json(
            "POST",
            &format!("/api/v1/review/articles/{id}/return"),
            &json!({"comment": comment, "version": version}),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.text);
}

/// The inbox answer, which must be 200.
async fn inbox(client: &mut Client, query: &str) -> Value {
    let list = client.get(&format!("/api/v1/inbox{query}")).await;
    assert_eq!(list.status, 200, "{}", list.text);
    list.json()
}

fn items(list: &Value) -> Vec<Value> {
    list["items"].as_array().unwrap().clone()
}

/// The header's count of unread messages, checked against the list's own figure and its
/// unread items: the three must never disagree.
async fn unread(client: &mut Client) -> u64 {
    let count = client.get("/api/v1/inbox/unread-count").await;
    assert_eq!(count.status, 200, "{}", count.text);
    let messages = count.json()["messages"].as_u64().unwrap();
    let list = inbox(client, "").await;
    let unread_items = items(&list).iter().filter(|m| m["read"] == false).count();
    assert_eq!(list["unread"].as_u64(), Some(messages), "{list}");
    assert_eq!(unread_items as u64, messages, "{list}");
    assert_eq!(
        inbox(client, "?unread=true").await["total"].as_u64(),
        Some(messages)
    );
    messages
}

on_both_backends!(
    with_demo,
    a_post_reads_its_return_messages_one_then_all_and_the_counts_follow,
    |app| {
        let mut post_client = with_token(app, "gang_demo").await;
        let first = submitted(&mut post_client, "社区里的守护岗", "守护每一个夜晚。").await;
        let second = submitted(&mut post_client, "夜班护士", "守护每一个夜晚。").await;
        let mut district = with_token(app, "yz_reviewer").await;
        returned(&mut district, first, "请补充防控数据").await;
        app.clock.advance(chrono::Duration::minutes(5));
        returned(&mut district, second, "请压缩篇幅").await;

        let list = inbox(&mut post_client, "").await;
        assert_eq!(
            (list["total"].as_u64(), list["unread"].as_u64()),
            (Some(2), Some(2))
        );
        let [newest, oldest] = [items(&list)[0].clone(), items(&list)[1].clone()];
        assert_eq!(newest["kind"], "returned");
        assert_eq!(newest["title"], "稿件《夜班护士》被退回修改");
        assert_eq!(newest["article_id"], second);
        assert_eq!(newest["created_at"], "2026-06-01T04:05:00Z");
        assert_eq!(
            oldest["body"],
            "渝中区退回了稿件，请按意见修改后重新提交。\n意见：请补充防控数据"
        );
        assert_eq!(oldest["created_at"], "2026-06-01T04:00:00Z");
        assert_eq!(unread(&mut post_client).await, 2);

        let marked = post(
            &mut post_client,
            &format!("/api/v1/inbox/{}/read", oldest["id"]),
        )
        .await;
        assert_eq!(marked.status, 200, "{}", marked.text);
        let marked = marked.json();
        assert_eq!(
            (&marked["id"], &marked["read"], &marked["title"]),
            (&oldest["id"], &json!(true), &oldest["title"])
        );
        assert_eq!(unread(&mut post_client).await, 1);
        let left = inbox(&mut post_client, "?unread=true").await;
        assert_eq!(items(&left)[0]["id"], newest["id"]);
        // Marking it again is harmless and counts nothing twice.
        let again = post(
            &mut post_client,
            &format!("/api/v1/inbox/{}/read", oldest["id"]),
        )
        .await;
        assert_eq!(again.status, 200, "{}", again.text);
        assert_eq!(unread(&mut post_client).await, 1);

        let all = post(&mut post_client, "/api/v1/inbox/read-all").await;
        assert_eq!(all.status, 200, "{}", all.text);
        assert_eq!(all.json()["marked"], 1, "only the one still unread");
        assert_eq!(unread(&mut post_client).await, 0);
        assert_eq!(
            post(&mut post_client, "/api/v1/inbox/read-all")
                .await
                .json()["marked"],
            0
        );
        let list = inbox(&mut post_client, "").await;
        assert!(items(&list).iter().all(|m| m["read"] == true), "{list}");
        assert_eq!(list["total"], 2, "read messages stay listed");
    }
);

on_both_backends!(
    with_demo,
    read_marks_are_the_accounts_own_and_another_organisations_message_is_not_found,
    |app| {
        let mut post_client = with_token(app, "gang_demo").await;
        let id = submitted(&mut post_client, "岗位上的一天", "守护每一个夜晚。").await;
        let mut reviewer = with_token(app, "yz_reviewer").await;
        let mut colleague = with_token(app, "yz_admin").await;
        let list = inbox(&mut reviewer, "").await;
        let pending = items(&list)
            .into_iter()
            .find(|m| m["article_id"] == id)
            .unwrap_or_else(|| panic!("no message about {id}: {list}"));
        assert_eq!(pending["kind"], "pending");
        assert_eq!(pending["title"], "新的待审稿件：《岗位上的一天》");
        assert_eq!(pending["body"], "急诊科护理组提交了新稿件，请审核。");
        let message = pending["id"].as_i64().unwrap();
        let path = format!("/api/v1/inbox/{message}/read");
        let reviewer_unread = unread(&mut reviewer).await;
        assert_eq!(unread(&mut colleague).await, reviewer_unread);

        // The post that caused it, the province above, another province: none may mark it.
        let mut province = with_token(app, "cq_reviewer").await;
        let mut sichuan = crate::support::token_at(app, "51", "sc_reviewer", "reviewer").await;
        for outsider in [&mut post_client, &mut province, &mut sichuan] {
            assert_error(&post(outsider, &path).await, 404, "not_found");
            assert!(
                !items(&inbox(outsider, "").await)
                    .iter()
                    .any(|m| m["id"] == message),
                "another organisation's message is not listed"
            );
        }
        assert_error(
            &post(&mut reviewer, "/api/v1/inbox/999999/read").await,
            404,
            "not_found",
        );
        assert_error(
            &post(&mut reviewer, "/api/v1/inbox/abc/read").await,
            404,
            "not_found",
        );
        assert_eq!(unread(&mut reviewer).await, reviewer_unread, "still unread");

        // Read by one account, still unread for a colleague of the same organisation.
        let marked = post(&mut reviewer, &path).await;
        assert_eq!(marked.status, 200, "{}", marked.text);
        assert_eq!(unread(&mut reviewer).await, reviewer_unread - 1);
        assert_eq!(unread(&mut colleague).await, reviewer_unread);
        let theirs = items(&inbox(&mut colleague, "").await)
            .into_iter()
            .find(|m| m["id"] == message)
            .unwrap();
        assert_eq!(theirs["read"], false);
        let all = post(&mut colleague, "/api/v1/inbox/read-all").await.json();
        assert_eq!(all["marked"].as_u64(), Some(reviewer_unread));
        assert_eq!(unread(&mut colleague).await, 0);
        assert_eq!(unread(&mut reviewer).await, reviewer_unread - 1);
    }
);
