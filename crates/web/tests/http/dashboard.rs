//! Dashboards (数据看板) and exports against a fixture with known counts: three articles from
//! 渝中区's two posts (one forwarded to 重庆市 and recommended there), one from a 湖北 post. Every
//! figure is checked at 渝中区, 重庆市 and 全国, and no Chongqing page or export shows Hubei.

use crate::review::helpers::{account_at, moved, submitted};
use jinguo_testkit::{Client, TestApp, on_both_backends};

/// Builds the fixture; returns the signed-in post gang_demo (a first sign-in changes the
/// password, so each post signs in once).
async fn fixture(app: &TestApp) -> Client {
    let mut demo = app.signed_in("gang_demo").await;
    let mut bank = app.signed_in("gang_bank").await;
    let a = submitted(&mut demo, "急诊科的守护岗", &["疫情就是命令。"]).await;
    submitted(&mut demo, "=急诊科的第二篇", &["第二篇。"]).await;
    submitted(&mut bank, "解放碑支行的服务", &["服务。"]).await;
    let mut hubei = account_at(app, "P42001", "hb_post", "submitter").await;
    submitted(&mut hubei, "武汉发热门诊的春天", &["春天。"]).await;
    let mut district = app.signed_in("yz_reviewer").await;
    moved(&mut district, a, "forward", "同意上报").await;
    let mut province = app.signed_in("cq_reviewer").await;
    moved(&mut province, a, "recommend", "").await;
    demo
}

/// The number shown after a status label in the figures list.
fn figure(page: &str, label: &str) -> String {
    page.split("<li>")
        .filter(|li| li.contains(&format!(">{label}</span>")))
        .find_map(|li| {
            li.split("class=\"dash-num\"")
                .nth(1)
                .and_then(|s| s.split_once('>'))
                .and_then(|(_, s)| s.split('<').next())
                .map(str::to_string)
        })
        .unwrap_or_else(|| panic!("no figure {label} in:\n{page}"))
}

/// The cells of the units-table row of `unit`.
fn unit_row(page: &str, unit: &str) -> Vec<String> {
    let row = page
        .split("<tr>")
        .find(|r| r.contains(&format!(">{unit}</a></td>")))
        .unwrap_or_else(|| panic!("no row for {unit} in:\n{page}"));
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let inner = cell.split_once('>').map(|x| x.1).unwrap_or("");
            let mut text = String::new();
            let mut in_tag = false;
            for ch in inner.split("</td>").next().unwrap_or("").chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text
        })
        .collect()
}

async fn csv(client: &mut Client, path: &str) -> Vec<Vec<String>> {
    let response = client.get(path).await;
    assert_eq!(response.status, 200, "{}", response.text);
    assert!(response.content_type.starts_with("text/csv"));
    assert!(response.bytes.starts_with("\u{feff}".as_bytes()), "no BOM");
    assert!(response.text.contains("\r\n"), "not CRLF");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&response.bytes[3..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

on_both_backends!(
    with_demo,
    every_dashboard_figure_matches_the_fixture,
    |app| {
        let mut post = fixture(app).await;

        let mut district = app.signed_in("yz_reviewer").await;
        let page = district.get("/dashboard").await;
        assert_eq!(page.status, 200, "{}", page.text);
        let text = &page.text;
        assert_eq!(figure(text, "已投稿").as_str(), "3", "{text}");
        assert_eq!(figure(text, "待审"), "2");
        assert_eq!(figure(text, "已推荐"), "1");
        page.assert_contains("已投稿 3 / 至少 1 篇")
            .assert_contains("6月1日：3 篇")
            .assert_contains("疫情防控和复工复产“守护岗”：3 篇")
            .assert_contains("创业创新巾帼行动：0 篇")
            .assert_not_contains("武汉发热门诊");
        // 渝中区's units are its posts.
        assert_eq!(
            unit_row(text, "急诊科护理组"),
            ["急诊科护理组", "2", "1", "1", "0", "—", "—"]
        );
        assert_eq!(
            unit_row(text, "解放碑支行营业部"),
            ["解放碑支行营业部", "1", "1", "0", "0", "—", "—"]
        );

        let mut province = app.signed_in("cq_reviewer").await;
        let page = province.get("/dashboard").await;
        let text = &page.text;
        assert_eq!(figure(text, "已投稿"), "3");
        assert_eq!(figure(text, "待审"), "2");
        assert_eq!(figure(text, "已推荐"), "1");
        page.assert_contains("推荐名单 1 / 30–50 篇")
            .assert_contains("还需推荐 29 篇")
            .assert_not_contains("武汉发热门诊")
            .assert_not_contains("湖北省");
        assert_eq!(
            unit_row(text, "渝中区"),
            ["渝中区", "3", "2", "1", "0", "3 / 1", "已达标"]
        );
        assert_eq!(
            unit_row(text, "万州区"),
            ["万州区", "0", "0", "0", "0", "0 / 1", "未投稿"]
        );
        // 万州区 is chased and linked to the queue filtered to it.
        let chase = text.split("id=\"chase-h\"").nth(1).unwrap();
        let chase = chase.split("</section>").next().unwrap();
        assert!(chase.contains(">万州区</a>"), "{chase}");
        assert!(!chase.contains(">渝中区</a>"), "{chase}");
        assert!(chase.contains("href=\"/review?unit="), "{chase}");

        let mut national = app.signed_in("qg_reviewer").await;
        let page = national.get("/dashboard").await;
        let text = &page.text;
        assert_eq!(figure(text, "已投稿"), "4");
        assert_eq!(figure(text, "待审"), "3");
        page.assert_contains("各省份（")
            .assert_contains("达到最低推荐数（30 篇）的省份 0 / ");
        assert_eq!(
            unit_row(text, "重庆市"),
            ["重庆市", "3", "2", "1", "0", "1 / 30–50", "差 29 篇"]
        );
        assert_eq!(
            unit_row(text, "湖北省"),
            ["湖北省", "1", "1", "0", "0", "0 / 30–50", "差 30 篇"]
        );
        assert_eq!(
            unit_row(text, "四川省"),
            ["四川省", "0", "0", "0", "0", "0 / 30–50", "未投稿"]
        );

        // Posts have no dashboard.
        assert_eq!(post.get("/dashboard").await.status, 403);
    }
);

on_both_backends!(with_demo, exports_hold_only_the_viewers_subtree, |app| {
    let mut post = fixture(app).await;
    let mut province = app.signed_in("cq_reviewer").await;

    let rows = csv(&mut province, "/exports/submissions.csv").await;
    assert_eq!(rows[0][..4], ["编号", "标题", "岗位", "所在单位"]);
    assert_eq!(rows.len(), 4, "{rows:?}");
    let titles: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
    assert!(titles.contains(&"急诊科的守护岗"));
    assert!(
        titles.contains(&"'=急诊科的第二篇"),
        "formula not defused: {titles:?}"
    );
    assert!(!titles.iter().any(|t| t.contains("武汉")));
    let first = rows.iter().find(|r| r[1] == "急诊科的守护岗").unwrap();
    assert_eq!(first[4], "渝中区");
    assert_eq!(first[5], "重庆市");
    assert_eq!(first[6], "疫情防控和复工复产“守护岗”");
    assert_eq!(first[8], "已推荐");
    assert_eq!(first[12], "同意上报");

    let quota = csv(&mut province, "/exports/quota.csv").await;
    assert_eq!(quota[1][0], "重庆市");
    assert_eq!(quota[1][7], "1");
    assert_eq!(quota[1][10], "差 29 篇");
    let yz = quota.iter().find(|r| r[0] == "渝中区").unwrap();
    assert_eq!(yz[3], "3");
    assert_eq!(yz[10], "已达标");
    assert!(!quota.iter().any(|r| r[0] == "湖北省"));

    let history = csv(&mut province, "/exports/history.csv").await;
    // Three submissions, a forward and a recommendation.
    assert_eq!(history.len(), 6, "{history:?}");
    assert!(
        history
            .iter()
            .any(|r| r[4] == "通过上报" && r[9] == "同意上报")
    );
    assert!(!history.iter().any(|r| r[2].contains("武汉")));

    let xlsx = province.get("/exports/submissions.xlsx").await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.bytes.starts_with(b"PK"));
    let disposition = xlsx.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");

    // The national export holds everything; a district's only its own.
    let mut national = app.signed_in("qg_reviewer").await;
    assert_eq!(
        csv(&mut national, "/exports/submissions.csv").await.len(),
        5
    );
    let mut admin = app.signed_in("yz_admin").await;
    let rows = csv(&mut admin, "/exports/submissions.csv?status=pending").await;
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(post.get("/exports/submissions.csv").await.status, 403);
    assert_eq!(province.get("/exports/secrets.csv").await.status, 404);
});
