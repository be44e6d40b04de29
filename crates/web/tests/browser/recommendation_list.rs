//! 推荐名单 at its real size on a phone (issue 13 §2): 重庆市's list holds 50 articles; on a
//! 390 px screen its reviewer moves the 17th to the top by typing its 序号, types reasons in
//! three other rows, saves everything with one 保存排序和理由, finds the order and every reason
//! kept, and pushes from the bar that stays at the bottom of the screen. Two taps, two pages
//! (before issue 13: 16 reloads to move one row, a reason lost when another row was saved, and
//! 报送 at the end of a 5,700 px page).

use crate::harness::{self, Browser};
use jinguo_testkit::{Client, DEMO_PASSWORD};

const LIST_SIZE: usize = 50;

/// The article ids of the list as its page shows them, in order.
fn listed_ids(page: &str) -> Vec<i64> {
    page.split("name=\"article\" value=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

/// Ticks `ids` in `tab` and confirms `action` for all of them, as the queue's batch bar does.
async fn batch(reviewer: &mut Client, ids: &[i64], action: &str) {
    reviewer.get("/review?tab=waiting").await;
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut fields = vec![
        ("tab", "waiting"),
        ("action", action),
        ("comment", ""),
        ("confirmed", "1"),
    ];
    fields.extend(ids.iter().map(|id| ("ids", id.as_str())));
    let done = reviewer.post_form("/review/batch", &fields).await;
    assert_eq!(done.status, 303, "{action}: {}", done.text);
}

/// Fills 重庆市's list up to `LIST_SIZE`: new articles from 渝中区's demo post, forwarded by
/// 渝中区 and recommended by 重庆市 (through HTTP: this story is about the list, not the queues).
async fn fill_the_list(browser: &Browser) -> Vec<i64> {
    let mut province = browser.app.signed_in("cq_reviewer").await;
    let listed = listed_ids(&province.get("/review/list").await.text).len();
    assert!(listed <= LIST_SIZE, "the demo list already holds {listed}");
    let mut post = browser.app.signed_in("gang_demo").await;
    let mut ids = Vec::new();
    for n in 1..=LIST_SIZE - listed {
        let title = format!("名单第{n}篇：窗口里的第{n}个清晨");
        ids.push(harness::submitted(&mut post, &title, "guard").await);
    }
    let mut district = browser.app.signed_in("yz_reviewer").await;
    batch(&mut district, &ids, "forward").await;
    batch(&mut province, &ids, "recommend").await;
    let listed = listed_ids(&province.get("/review/list").await.text);
    assert_eq!(listed.len(), LIST_SIZE);
    listed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_province_arranges_fifty_rows_on_a_phone_and_pushes_once() {
    let Some(browser) = harness::start().await else {
        return;
    };
    let before = fill_the_list(&browser).await;
    browser.sign_in("cq_reviewer", DEMO_PASSWORD).await;
    browser.resize(390, 844).await;
    browser.goto("/review/list").await;
    let seventeenth = before[16];
    browser.fill(&format!("#position-{seventeenth}"), "1").await;
    let reasons = [
        (before[1], "坚守预检分诊一线，事迹具体感人。"),
        (before[4], "服务群众有温度，群众评价高。"),
        (before[8], "带动全院窗口提升服务，示范作用明显。"),
    ];
    for (id, reason) in reasons {
        browser.fill(&format!("#reason-{id}"), reason).await;
    }
    // Half-way down the list the bar with the count and both buttons is still on screen.
    let bar = browser
        .client
        .execute(
            r#"document.getElementById("reason-" + arguments[0]).scrollIntoView({block: "center"});
            const bar = document.querySelector(".list-bar").getBoundingClientRect();
            return bar.top >= 0 && bar.bottom <= window.innerHeight
                && document.querySelector(".list-bar-count").textContent;"#,
            vec![serde_json::json!(before[24])],
        )
        .await
        .expect("where the bar is");
    let count = bar.as_str().unwrap_or_default().to_string();
    assert!(
        count.contains("名单共 50 篇"),
        "the bar is off screen: {bar}"
    );
    browser.screenshots("recommendation-list-fifty-typed").await;
    browser.resize(390, 844).await;

    browser.click_and_wait("button[form=arrange-form]").await;
    let saved = browser.body_text().await;
    assert!(saved.contains("已保存排序和推荐理由。"), "{saved}");
    let mut province = browser.app.signed_in("cq_reviewer").await;
    let page = province.get("/review/list").await.text;
    let after = listed_ids(&page);
    assert_eq!(after[0], seventeenth, "the 17th moved to the top");
    let mut expected = before.clone();
    expected.remove(16);
    expected.insert(0, seventeenth);
    assert_eq!(after, expected, "the others keep their order");
    for (id, reason) in reasons {
        let typed = browser
            .client
            .execute(
                "return document.getElementById('reason-' + arguments[0]).value",
                vec![serde_json::json!(id)],
            )
            .await
            .expect("a reason");
        assert_eq!(typed.as_str(), Some(reason), "the reason of {id} was kept");
    }
    browser.screenshots("recommendation-list-fifty-saved").await;
    browser.resize(390, 844).await;

    browser
        .click_and_wait("form[action='/review/list/push'] button.btn-primary")
        .await;
    let pushed = browser.body_text().await;
    assert!(pushed.contains("已报送全国妇联。"), "{pushed}");
    assert!(pushed.contains("已全部报送"), "{pushed}");
    browser
        .screenshots("recommendation-list-fifty-pushed")
        .await;
    browser.finish().await;
}
