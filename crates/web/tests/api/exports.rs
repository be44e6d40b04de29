//! The dashboard's exports over JSON clients' HTTP: every file (submissions, quota, history as
//! xlsx and csv) downloads whole with its type and name, and holds the caller's subtree only —
//! a district's files know nothing of 四川, 四川's nothing of 重庆. Posts get no figures.

use crate::support::{assert_error, with_token};
use crate::support::{submitted, token_at};
use jinguo_testkit::{Client, TestApp, TestResponse, on_both_backends};
use serde_json::json;

const FILES: [&str; 3] = ["submissions", "quota", "history"];
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An article of 急诊科护理组 forwarded by 渝中区, and one of a 四川 post, still pending.
async fn fixture(app: &TestApp) {
    let mut chongqing = with_token(app, "gang_demo").await;
    let ours = submitted(&mut chongqing, "急诊科的守护岗", "正文。").await;
    let mut district = with_token(app, "yz_reviewer").await;
    let seen = district
        .get(&format!("/api/v1/review/articles/{ours}"))
        .await
        .json();
    let forwarded = district
        .json(
            "POST",
            &format!("/api/v1/review/articles/{ours}/forward"),
            &json!({"comment": "同意上报", "version": seen["article"]["version"]}),
        )
        .await;
    assert_eq!(forwarded.status, 200, "{}", forwarded.text);
    let mut sichuan = token_at(app, "P51001", "sc_post", "submitter").await;
    submitted(&mut sichuan, "猕猴桃丰收季", "正文。").await;
}

/// Downloads an export that must answer 200 as a file to keep.
async fn download(client: &mut Client, path: &str) -> TestResponse {
    let file = client.get(path).await;
    assert_eq!(file.status, 200, "{path}: {}", file.text);
    assert_eq!(file.headers["cache-control"], "private, no-store");
    let disposition = file.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment; "), "{disposition}");
    file
}

/// The rows of a CSV export, read whole: UTF-8 with a BOM (for Excel), CRLF, a header row.
async fn csv(client: &mut Client, path: &str) -> Vec<Vec<String>> {
    let file = download(client, path).await;
    assert_eq!(file.content_type, "text/csv; charset=utf-8");
    assert!(file.bytes.starts_with("\u{feff}".as_bytes()), "no BOM");
    assert!(file.text.ends_with("\r\n"), "cut short or not CRLF");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&file.bytes[3..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The XML of every part of an xlsx export, read whole; it must be a complete zip.
async fn xlsx(client: &mut Client, path: &str) -> String {
    let file = download(client, path).await;
    assert_eq!(file.content_type, XLSX);
    assert!(file.bytes.starts_with(b"PK"), "not a zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(file.bytes)).unwrap();
    let mut xml = String::new();
    let mut sheet = false;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        sheet |= part.name().unwrap() == "xl/worksheets/sheet1.xml";
        std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
    }
    assert!(sheet, "no worksheet");
    xml
}

on_both_backends!(
    with_demo,
    every_dashboard_export_downloads_whole_with_its_type_and_name,
    |app| {
        fixture(app).await;
        let mut national = with_token(app, "qg_reviewer").await;
        let headers = [
            ("submissions", "编号"),
            ("quota", "单位"),
            ("history", "时间"),
        ];
        for (file, first_column) in headers {
            let rows = csv(&mut national, &format!("/api/v1/exports/{file}.csv")).await;
            assert_eq!(rows[0][0], first_column, "{file}: {rows:?}");
            let xml = xlsx(&mut national, &format!("/api/v1/exports/{file}.xlsx")).await;
            assert!(xml.contains(first_column), "{file}.xlsx has no header");
        }
        let named = download(&mut national, "/api/v1/exports/quota.xlsx").await;
        assert_eq!(
            named.headers["content-disposition"],
            "attachment; filename=\"______-__-20260601.xlsx\"; filename*=UTF-8''\
             %E5%90%8D%E9%A2%9D%E5%AE%8C%E6%88%90%E6%83%85%E5%86%B5-%E5%85%A8%E5%9B%BD-20260601.xlsx"
        );

        // National's files hold both provinces.
        let rows = csv(&mut national, "/api/v1/exports/submissions.csv").await;
        assert_eq!(rows.len(), 3, "{rows:?}");
        let kiwi = rows.iter().find(|r| r[1] == "猕猴桃丰收季").unwrap();
        assert_eq!(
            (kiwi[2].as_str(), kiwi[5].as_str(), kiwi[8].as_str()),
            ("蒲江猕猴桃合作社", "四川省", "待审")
        );
        let ours = rows.iter().find(|r| r[1] == "急诊科的守护岗").unwrap();
        assert_eq!(
            (ours[4].as_str(), ours[5].as_str(), ours[12].as_str()),
            ("渝中区", "重庆市", "同意上报")
        );
        let quota = csv(&mut national, "/api/v1/exports/quota.csv").await;
        let sichuan = quota.iter().find(|r| r[0] == "四川省").unwrap();
        assert_eq!(sichuan[3], "1", "{sichuan:?}");
        let pending = csv(
            &mut national,
            "/api/v1/exports/submissions.csv?status=pending",
        )
        .await;
        assert_eq!(pending.len(), 3, "both are pending somewhere: {pending:?}");
        let xml = xlsx(&mut national, "/api/v1/exports/history.xlsx").await;
        assert!(xml.contains("猕猴桃丰收季") && xml.contains("急诊科的守护岗"));
    }
);

on_both_backends!(
    with_demo,
    a_district_admins_exports_hold_only_its_subtree,
    |app| {
        fixture(app).await;
        let mut district = with_token(app, "yz_admin").await;
        let file = download(&mut district, "/api/v1/exports/submissions.csv").await;
        assert!(
            file.headers["content-disposition"]
                .to_str()
                .unwrap()
                .ends_with(
                    "%E6%8A%95%E7%A8%BF%E6%98%8E%E7%BB%86-%E6%B8%9D%E4%B8%AD%E5%8C%BA-20260601.csv"
                ),
            "named after 渝中区"
        );
        let rows = csv(&mut district, "/api/v1/exports/submissions.csv").await;
        let titles: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(titles, ["急诊科的守护岗"]);
        for file in FILES {
            let rows = csv(&mut district, &format!("/api/v1/exports/{file}.csv")).await;
            let text = format!("{rows:?}");
            for elsewhere in ["四川", "猕猴桃", "蒲江", "万州区"] {
                assert!(
                    !text.contains(elsewhere),
                    "{file}.csv names {elsewhere}: {text}"
                );
            }
            let xml = xlsx(&mut district, &format!("/api/v1/exports/{file}.xlsx")).await;
            for elsewhere in ["四川", "猕猴桃", "蒲江", "万州区"] {
                assert!(!xml.contains(elsewhere), "{file}.xlsx names {elsewhere}");
            }
        }
        let quota = csv(&mut district, "/api/v1/exports/quota.csv").await;
        // A district's quota report is its own line: submitted 1, at least 1 asked.
        assert_eq!(quota.len(), 2, "{quota:?}");
        assert_eq!(quota[1][..4], ["渝中区", "区县级妇联", "重庆市", "1"]);
        assert_eq!(
            (quota[1][8].as_str(), quota[1][10].as_str()),
            ("1", "已达标")
        );
        let history = csv(&mut district, "/api/v1/exports/history.csv").await;
        assert!(
            history
                .iter()
                .any(|r| r[2] == "急诊科的守护岗" && r[9] == "同意上报")
        );

        // The province sees its districts, and still nothing of 四川; 四川 nothing of 重庆.
        let mut province = with_token(app, "cq_admin").await;
        let quota = csv(&mut province, "/api/v1/exports/quota.csv").await;
        assert!(quota.iter().any(|r| r[0] == "万州区"), "{quota:?}");
        assert!(!format!("{quota:?}").contains("四川"), "{quota:?}");
        assert!(
            !xlsx(&mut province, "/api/v1/exports/submissions.xlsx")
                .await
                .contains("猕猴桃")
        );
        let mut sichuan = token_at(app, "51", "sc_admin", "admin").await;
        for file in FILES {
            let rows = csv(&mut sichuan, &format!("/api/v1/exports/{file}.csv")).await;
            let text = format!("{rows:?}");
            assert!(
                !text.contains("重庆") && !text.contains("急诊科"),
                "{file}.csv: {text}"
            );
        }
        let rows = csv(&mut sichuan, "/api/v1/exports/submissions.csv").await;
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[1][1], "猕猴桃丰收季");
    }
);

on_both_backends!(
    with_demo,
    a_post_gets_no_export_and_an_unknown_file_is_not_found,
    |app| {
        let mut post = with_token(app, "gang_demo").await;
        for file in FILES {
            for ext in ["csv", "xlsx"] {
                let refused = post.get(&format!("/api/v1/exports/{file}.{ext}")).await;
                assert_error(&refused, 403, "forbidden");
            }
        }
        let mut national = with_token(app, "qg_admin").await;
        for path in [
            "/api/v1/exports/secrets.csv",
            "/api/v1/exports/submissions.pdf",
            "/api/v1/exports/submissions",
            "/api/v1/exports/submissions.csv?campaign=999999",
        ] {
            assert_error(&national.get(path).await, 404, "not_found");
        }
        let unknown = national
            .get("/api/v1/exports/submissions.csv?province=51")
            .await;
        assert_error(&unknown, 422, "invalid");
    }
);
