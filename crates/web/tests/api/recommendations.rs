//! A province's recommendation list (推荐名单) over JSON: 重庆's provincial reviewer reads it
//! with positions and reasons, writes a reason, moves an item, saves the whole order at once
//! (only against the list as it stands), pushes below the minimum only when she confirms, and
//! recalls what national has not acted on. Another province's reviewer has her own list and
//! finds none of 重庆's items.

use crate::support::token_at;
use crate::support::{assert_error, field_message, with_token};
use jinguo_testkit::{Client, TestApp, on_both_backends};
use serde_json::{Value, json};

/// The people of the 重庆 path, each with a token.
struct Chongqing {
    post: Client,
    district: Client,
    province: Client,
}

impl Chongqing {
    async fn new(app: &TestApp) -> Chongqing {
        Chongqing {
            post: with_token(app, "gang_demo").await,
            district: with_token(app, "yz_reviewer").await,
            province: with_token(app, "cq_reviewer").await,
        }
    }

    /// A new article of 急诊科护理组, forwarded by 渝中区 and recommended by 重庆市.
    async fn recommended(&mut self, title: &str) -> i64 {
        let id = self.submitted(title).await;
        assert_eq!(moved(&mut self.district, id, "forward").await, "pending");
        assert_eq!(
            moved(&mut self.province, id, "recommend").await,
            "recommended"
        );
        id
    }

    async fn submitted(&mut self, title: &str) -> i64 {
        crate::support::submitted(&mut self.post, title, "疫情就是命令。").await
    }
}

async fn campaign(client: &mut Client) -> i64 {
    let list = client.get("/api/v1/campaigns").await.json();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "wangshangxing-2026")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

async fn version(reviewer: &mut Client, id: i64) -> i64 {
    let seen = reviewer.get(&format!("/api/v1/review/articles/{id}")).await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    seen.json()["article"]["version"].as_i64().unwrap()
}

/// A review move that must succeed; returns the article's new status.
async fn moved(reviewer: &mut Client, id: i64, mv: &str) -> String {
    let version = version(reviewer, id).await;
    let done = reviewer
        .json(
            "POST",
            &format!("/api/v1/review/articles/{id}/{mv}"),
            &json!({"comment": "", "version": version}),
        )
        .await;
    assert_eq!(done.status, 200, "{mv}: {}", done.text);
    done.json()["status"].as_str().unwrap().to_string()
}

/// The list, which must answer 200.
async fn list(reviewer: &mut Client) -> Value {
    let list = reviewer.get("/api/v1/recommendations").await;
    assert_eq!(list.status, 200, "{}", list.text);
    list.json()
}

/// One field of every item of a list answer, in the list's order.
fn column(list: &Value, field: &str) -> Vec<Value> {
    let items = list["items"].as_array();
    let items = items.unwrap_or_else(|| panic!("not a list: {list}"));
    items.iter().map(|i| i[field].clone()).collect()
}

fn ids(list: &Value) -> Vec<i64> {
    let ids = column(list, "article_id");
    ids.iter().map(|id| id.as_i64().unwrap()).collect()
}

/// `position` is documented as “1, 2, 3 … in the province's order”, as the page numbers them.
fn assert_numbered(list: &Value) {
    let expected: Vec<Value> = (1..=column(list, "position").len())
        .map(Value::from)
        .collect();
    assert_eq!(column(list, "position"), expected, "{list}");
}

/// The article ids of a list answer, in its order, checking how it is numbered.
fn order(list: &Value) -> Vec<i64> {
    assert_numbered(list);
    ids(list)
}

fn reasons(list: &Value) -> Vec<Value> {
    column(list, "reason")
}

on_both_backends!(
    with_demo,
    a_provincial_reviewer_orders_her_list_and_gives_reasons,
    |app| {
        let mut cq = Chongqing::new(app).await;
        let a = cq.recommended("急诊科的守护岗").await;
        let b = cq.recommended("预检分诊台").await;
        let c = cq.recommended("发热门诊的春天").await;
        let campaign = campaign(&mut cq.province).await;

        let body = list(&mut cq.province).await;
        assert_eq!(body["campaign_id"], campaign);
        assert_eq!(order(&body), [a, b, c], "in the order recommended");
        assert_eq!(
            (body["total"].as_u64(), body["unpushed"].as_u64()),
            (Some(3), Some(3))
        );
        assert_eq!(body["meter"]["used"], 3);
        assert_eq!(
            (&body["meter"]["min"], &body["meter"]["max"]),
            (&json!(30), &json!(50))
        );
        let first = &body["items"][0];
        assert_eq!(
            (&first["title"], &first["post_name"]),
            (&json!("急诊科的守护岗"), &json!("急诊科护理组"))
        );
        assert_eq!(
            (&first["status"], &first["reason"]),
            (&json!("recommended"), &json!(""))
        );
        assert_eq!(first["recommended_at"], "2026-06-01T04:00:00Z");
        assert!(first["pushed_at"].is_null());
        assert_eq!(
            first["version"].as_i64(),
            Some(version(&mut cq.province, a).await)
        );

        let reason = cq
            .province
            .json(
                "PUT",
                &format!("/api/v1/recommendations/items/{b}/reason"),
                &json!({"reason": "疫情期间坚守预检一线"}),
            )
            .await;
        assert_eq!(reason.status, 200, "{}", reason.text);
        assert_eq!(reasons(&reason.json()), ["", "疫情期间坚守预检一线", ""]);
        let long = cq
            .province
            .json(
                "PUT",
                &format!("/api/v1/recommendations/items/{b}/reason"),
                &json!({"reason": "字".repeat(201)}),
            )
            .await;
        let refused = assert_error(&long, 422, "invalid");
        assert!(
            field_message(&refused, "reason").contains("200"),
            "{refused}"
        );

        let up = |id: i64| format!("/api/v1/recommendations/items/{id}/move");
        let moved_up = cq
            .province
            .json("POST", &up(c), &json!({"direction": "up"}))
            .await;
        assert_eq!(moved_up.status, 200, "{}", moved_up.text);
        assert_eq!(order(&moved_up.json()), [a, c, b]);
        // Nothing above the first: the list stays as it is.
        let top = cq
            .province
            .json("POST", &up(a), &json!({"direction": "up"}))
            .await;
        assert_eq!(top.status, 200, "{}", top.text);
        assert_eq!(order(&top.json()), [a, c, b]);

        let path = format!("/api/v1/recommendations/{campaign}");
        let arranged = cq
            .province
            .json(
                "PUT",
                &path,
                &json!({"items": [
                {"article_id": c, "reason": "发热门诊二十四小时值守"},
                {"article_id": a},
                {"article_id": b, "reason": "疫情期间坚守预检一线"}]}),
            )
            .await;
        assert_eq!(arranged.status, 200, "{}", arranged.text);
        let arranged = arranged.json();
        assert_eq!(order(&arranged), [c, a, b]);
        assert_eq!(
            reasons(&arranged),
            ["发热门诊二十四小时值守", "", "疫情期间坚守预检一线"]
        );

        // Only the exact list as it stands may be arranged: a missing, doubled or foreign
        // article means someone changed it meanwhile, and nothing is saved.
        for items in [
            json!([{"article_id": b}, {"article_id": a}]),
            json!([{"article_id": b}, {"article_id": a}, {"article_id": a}]),
            json!([{"article_id": b}, {"article_id": a}, {"article_id": c}, {"article_id": 999_999}]),
            json!([{"article_id": b}, {"article_id": a}, {"article_id": 999_999}]),
        ] {
            let stale = cq
                .province
                .json("PUT", &path, &json!({"items": items}))
                .await;
            assert_error(&stale, 409, "conflict");
        }
        let bad_reason = cq
            .province
            .json(
                "PUT",
                &path,
                &json!({"items": [
                {"article_id": b, "reason": "新理由"},
                {"article_id": a, "reason": "字".repeat(201)},
                {"article_id": c}]}),
            )
            .await;
        let refused = assert_error(&bad_reason, 422, "invalid");
        assert!(
            field_message(&refused, "items[1].reason").contains("200"),
            "{refused}"
        );
        let now = list(&mut cq.province).await;
        assert_eq!(
            (order(&now), reasons(&now)),
            (order(&arranged), reasons(&arranged))
        );

        // An article not in the list has no place to move.
        let pending = cq.submitted("尚未推荐的稿件").await;
        moved(&mut cq.district, pending, "forward").await;
        let absent = cq
            .province
            .json("POST", &up(pending), &json!({"direction": "down"}))
            .await;
        assert_error(&absent, 404, "not_found");
    }
);

on_both_backends!(
    with_demo,
    a_push_below_the_minimum_needs_confirming_and_a_recall_frees_the_place,
    |app| {
        let mut cq = Chongqing::new(app).await;
        let a = cq.recommended("急诊科的守护岗").await;
        let b = cq.recommended("预检分诊台").await;
        let campaign = campaign(&mut cq.province).await;
        let push = format!("/api/v1/recommendations/{campaign}/push");

        let unconfirmed = cq.province.json("POST", &push, &json!({})).await;
        assert_error(&unconfirmed, 422, "below_minimum");
        let body = list(&mut cq.province).await;
        assert_eq!(body["unpushed"], 2, "nothing went: {body}");
        let pushed = cq
            .province
            .json("POST", &push, &json!({"confirm_below_minimum": true}))
            .await;
        assert_eq!(pushed.status, 200, "{}", pushed.text);
        assert_eq!(
            pushed.json(),
            json!({"pushed": 2, "listed": 2, "below_minimum": 30})
        );
        let again = cq
            .province
            .json("POST", &push, &json!({"confirm_below_minimum": true}))
            .await;
        assert_error(&again, 422, "nothing_to_push");
        let body = list(&mut cq.province).await;
        assert_eq!(body["unpushed"], 0);
        assert_eq!(body["items"][1]["pushed_at"], "2026-06-01T04:00:00Z");

        // National sees what was pushed, and publishes one.
        let mut national = with_token(app, "qg_reviewer").await;
        let queue = national
            .get("/api/v1/review/queue?status=recommended")
            .await
            .json();
        assert_eq!(queue["total"], 2, "{queue}");
        assert_eq!(moved(&mut national, b, "publish").await, "published");
        // The default tab is what waits, with the province's place and reason; the published
        // one has its own tab; 已处理 lists what national moved.
        let waiting = national.get("/api/v1/review/queue").await.json();
        assert_eq!(waiting["total"], 1, "{waiting}");
        assert_eq!(waiting["items"][0]["article"]["id"], a);
        assert_eq!(waiting["items"][0]["province_name"], "重庆市");
        assert_eq!(waiting["items"][0]["list_position"], 1);
        let published = national
            .get("/api/v1/review/queue?tab=published")
            .await
            .json();
        assert_eq!(published["items"][0]["article"]["id"], b, "{published}");
        let processed = national
            .get("/api/v1/review/queue?tab=processed")
            .await
            .json();
        assert_eq!(processed["total"], 1, "{processed}");
        let unreasoned = national
            .json(
                "POST",
                "/api/v1/review/batch",
                &json!({"move": "return_to_province", "ids": [a]}),
            )
            .await;
        assert_error(&unreasoned, 422, "invalid");

        let recall = |id: i64| format!("/api/v1/recommendations/items/{id}/recall");
        let current = version(&mut cq.province, a).await;
        let stale = cq
            .province
            .json("POST", &recall(a), &json!({"version": current - 1}))
            .await;
        assert_error(&stale, 409, "conflict");
        let recalled = cq
            .province
            .json("POST", &recall(a), &json!({"version": current}))
            .await;
        assert_eq!(recalled.status, 200, "{}", recalled.text);
        let body = recalled.json();
        assert_eq!(ids(&body), [b], "its place is freed: {body}");
        assert_eq!(body["meter"]["used"], 1);
        assert_eq!(
            body["items"][0]["status"], "published",
            "what national made of it"
        );
        let back = cq
            .province
            .get(&format!("/api/v1/review/articles/{a}"))
            .await
            .json();
        assert_eq!(
            back["article"]["status"], "pending",
            "back in the province's queue"
        );

        let acted = cq.province.json("POST", &recall(b), &json!({})).await;
        assert_error(&acted, 409, "national_has_acted");
        let after = list(&mut cq.province).await;
        assert_eq!(ids(&after), [b]);
        // The one left is first in the list now, as the page shows it (序号 1).
        assert_numbered(&after);

        let featured = national
            .json(
                "POST",
                "/api/v1/review/batch",
                &json!({"move": "feature", "ids": [b]}),
            )
            .await;
        assert_eq!(featured.status, 200, "{}", featured.text);
        assert_eq!(featured.json()["moved"], 1, "{}", featured.text);
    }
);

on_both_backends!(
    with_demo,
    another_provinces_reviewer_has_only_her_own_list,
    |app| {
        let mut cq = Chongqing::new(app).await;
        let a = cq.recommended("急诊科的守护岗").await;
        let campaign = campaign(&mut cq.province).await;
        let mut sichuan = token_at(app, "51", "sc_reviewer", "reviewer").await;

        let theirs = list(&mut sichuan).await;
        assert_eq!(theirs["campaign_id"], campaign);
        assert_eq!(
            (theirs["items"].clone(), theirs["total"].as_u64()),
            (json!([]), Some(0))
        );
        assert_eq!(
            theirs["meter"]["used"], 0,
            "重庆's recommendation is not counted"
        );

        let item = |what: &str| format!("/api/v1/recommendations/items/{a}/{what}");
        let reason = sichuan
            .json("PUT", &item("reason"), &json!({"reason": "冒名理由"}))
            .await;
        assert_error(&reason, 404, "not_found");
        let down = sichuan
            .json("POST", &item("move"), &json!({"direction": "down"}))
            .await;
        assert_error(&down, 404, "not_found");
        let recall = sichuan.json("POST", &item("recall"), &json!({})).await;
        assert_error(&recall, 404, "not_found");
        // Her own list is empty: 重庆's article is not part of it, and there is nothing to push.
        let path = format!("/api/v1/recommendations/{campaign}");
        let foreign = sichuan
            .json("PUT", &path, &json!({"items": [{"article_id": a}]}))
            .await;
        assert_error(&foreign, 409, "conflict");
        let empty = sichuan.json("PUT", &path, &json!({"items": []})).await;
        assert_eq!(empty.status, 200, "{}", empty.text);
        assert_eq!(empty.json()["total"], 0);
        let push = sichuan
            .json(
                "POST",
                &format!("{path}/push"),
                &json!({"confirm_below_minimum": true}),
            )
            .await;
        assert_error(&push, 422, "nothing_to_push");

        let ours = list(&mut cq.province).await;
        assert_eq!(order(&ours), [a]);
        assert_eq!(ours["items"][0]["reason"], "");
        assert_eq!(ours["items"][0]["status"], "recommended");
        assert!(ours["items"][0]["pushed_at"].is_null());

        // The list is the provincial reviewers': a district, an admin and a post are refused.
        let mut admin = with_token(app, "cq_admin").await;
        for other in [&mut cq.district, &mut admin, &mut cq.post] {
            assert_error(
                &other.get("/api/v1/recommendations").await,
                403,
                "forbidden",
            );
        }
    }
);

/// The article ids and reasons of national's waiting queue, in its order.
async fn national_waiting(national: &mut Client) -> (u64, Vec<i64>, Vec<Value>) {
    let queue = national.get("/api/v1/review/queue").await;
    assert_eq!(queue.status, 200, "{}", queue.text);
    let queue = queue.json();
    let items = queue["items"].as_array().unwrap();
    (
        queue["total"].as_u64().unwrap(),
        items
            .iter()
            .map(|i| i["article"]["id"].as_i64().unwrap())
            .collect(),
        items.iter().map(|i| i["reason"].clone()).collect(),
    )
}

on_both_backends!(
    with_demo,
    nationals_kept_queue_follows_a_push_and_a_reorder_made_on_another_instance,
    |app| {
        let mut cq = Chongqing::new(app).await;
        let a = cq.recommended("急诊科的守护岗").await;
        let b = cq.recommended("预检分诊台").await;
        let campaign = campaign(&mut cq.province).await;
        let push = format!("/api/v1/recommendations/{campaign}/push");
        let pushed = cq
            .province
            .json("POST", &push, &json!({"confirm_below_minimum": true}))
            .await;
        assert_eq!(pushed.status, 200, "{}", pushed.text);
        let c = cq.recommended("发热门诊的春天").await;

        // National reads its queue on A, twice: the second answer comes from what A kept.
        let mut national = with_token(app, "qg_reviewer").await;
        let first = national_waiting(&mut national).await;
        assert_eq!(first, (2, vec![a, b], vec![json!(""), json!("")]));
        assert_eq!(national_waiting(&mut national).await, first);

        // The province pushes the third through B: no history event, only the list moved.
        let b_instance = app.second_instance();
        let mut province_b = with_token(app, "cq_reviewer").await.on_instance(b_instance);
        let pushed = province_b
            .json("POST", &push, &json!({"confirm_below_minimum": true}))
            .await;
        assert_eq!(pushed.status, 200, "{}", pushed.text);
        assert_eq!(national_waiting(&mut national).await.1, vec![a, b, c]);

        // A reason and a new order written on B show on A at once.
        let reason = province_b
            .json(
                "PUT",
                &format!("/api/v1/recommendations/items/{c}/reason"),
                &json!({"reason": "发热门诊连续奋战"}),
            )
            .await;
        assert_eq!(reason.status, 200, "{}", reason.text);
        let moved_up = province_b
            .json(
                "POST",
                &format!("/api/v1/recommendations/items/{c}/move"),
                &json!({"direction": "up"}),
            )
            .await;
        assert_eq!(moved_up.status, 200, "{}", moved_up.text);
        let (total, order, reasons) = national_waiting(&mut national).await;
        assert_eq!((total, order), (3, vec![a, c, b]));
        assert_eq!(reasons[1], "发热门诊连续奋战");
    }
);
