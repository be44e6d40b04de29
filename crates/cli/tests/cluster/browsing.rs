//! What the users of the deployment do in the cluster test (reviewers' moves, searches, the
//! province's simultaneous recommendations) and the small measuring helpers.

use crate::NEW_PASSWORD;
use crate::support::Http;
use std::time::{Duration, Instant};

pub fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if done() {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

pub fn status(http: &mut Http, path: &str) -> u16 {
    http.get(path).map_or(0, |a| a.status)
}

pub fn percentile(mut values: Vec<Duration>, p: f64) -> Duration {
    values.sort();
    let rank = ((values.len() as f64 * p).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

/// Writes articles as gang_demo, forwards them from 渝中区 to 重庆, then recommends them all at
/// the same moment as 重庆's reviewer, spread over the instances. Returns the room the list had,
/// the articles whose recommendation was accepted, and the campaign.
pub fn recommend_at_once(post: &mut Http, instances: [u16; 3]) -> (usize, Vec<i64>, i64) {
    let campaigns = post.get("/api/v1/campaigns").expect("campaigns").json();
    let campaign = campaigns["items"]
        .as_array()
        .expect("campaigns")
        .iter()
        .find(|c| c["slug"] == "wangshangxing-2026")
        .and_then(|c| c["id"].as_i64())
        .expect("the running campaign");
    let mut province = Http::new(instances[0]);
    assert!(province.sign_in("cq_reviewer", "Jinguo@2020", NEW_PASSWORD));
    let meter = province.get("/api/v1/review/queue").expect("queue").json();
    let meter = meter["meters"]
        .as_array()
        .and_then(|m| m.first())
        .cloned()
        .expect("a quota meter");
    let room = (meter["max"].as_u64().unwrap_or(0) - meter["used"].as_u64().unwrap_or(0)) as usize;
    let mut district = Http::new(instances[1]);
    assert!(district.sign_in("yz_reviewer", "Jinguo@2020", NEW_PASSWORD));
    let mut pending = Vec::new();
    for n in 0..room + 4 {
        let content = serde_json::json!({
            "title": format!("急诊科护理组集群测试稿件{n}"),
            "themes": ["guard"],
            "blocks": [{"type": "paragraph", "text": "凌晨两点，急诊科护理组接到一名急救患者，全组人员迅速到位。"}],
        });
        let draft = post
            .json(
                "POST",
                "/api/v1/articles",
                &serde_json::json!({"campaign_id": campaign, "content": content}),
            )
            .expect("draft");
        assert_eq!(draft.status, 201, "{}", draft.text());
        let draft = draft.json();
        let id = draft["id"].as_i64().expect("id");
        let submitted = post
            .json(
                "POST",
                &format!("/api/v1/articles/{id}/submit"),
                &serde_json::json!({"version": draft["version"]}),
            )
            .expect("submit");
        assert_eq!(submitted.status, 200, "{}", submitted.text());
        review_move(&mut district, id, "forward", "");
        let seen = province
            .get(&format!("/api/v1/review/articles/{id}"))
            .expect("seen")
            .json();
        pending.push((id, seen["article"]["version"].as_i64().expect("version")));
    }
    let threads: Vec<_> = pending
        .into_iter()
        .enumerate()
        .map(|(i, (id, version))| {
            let mut reviewer = province.at(instances[i % 3]);
            std::thread::spawn(move || {
                reviewer
                    .json(
                        "POST",
                        &format!("/api/v1/review/articles/{id}/recommend"),
                        &serde_json::json!({"version": version}),
                    )
                    .map(|a| (id, a.status))
            })
        })
        .collect();
    let statuses: Vec<Option<(i64, u16)>> = threads
        .into_iter()
        .map(|t| t.join().expect("recommend"))
        .collect();
    assert!(
        statuses
            .iter()
            .all(|s| matches!(s, Some((_, 200 | 409 | 422)))),
        "no 5xx, no lost request: {statuses:?}"
    );
    let mut accepted: Vec<i64> = statuses
        .iter()
        .filter_map(|s| s.filter(|(_, status)| *status == 200).map(|(id, _)| id))
        .collect();
    accepted.sort_unstable();
    (room, accepted, campaign)
}

/// 撤稿 by a national reviewer, at the version the reviewer sees.
pub fn unpublish(reviewer: &mut Http, id: i64, comment: &str) {
    review_move(reviewer, id, "unpublish", comment);
}

/// The search page's text for a query (percent-encoded here).
pub fn reader_search(port: u16, query: &str) -> String {
    let encoded: String = query
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let page = Http::new(port)
        .get(&format!("/search?q={encoded}"))
        .expect("search");
    assert_eq!(page.status, 200);
    page.text()
}

/// A national reviewer's move on an article, at the version the reviewer sees.
pub fn review_move(reviewer: &mut Http, id: i64, mv: &str, comment: &str) {
    let seen = reviewer
        .get(&format!("/api/v1/review/articles/{id}"))
        .expect("the article");
    assert_eq!(seen.status, 200, "{}", seen.text());
    let version = seen.json()["article"]["version"].as_i64().expect("version");
    let moved = reviewer
        .json(
            "POST",
            &format!("/api/v1/review/articles/{id}/{mv}"),
            &serde_json::json!({"comment": comment, "version": version}),
        )
        .expect("review move");
    assert_eq!(moved.status, 200, "{mv}: {}", moved.text());
}
