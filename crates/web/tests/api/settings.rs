//! National settings and bulk import over JSON: campaigns created and edited by national admins
//! only, against the version read, with every bad field named in Chinese; the sensitive-word
//! list replaced against its version; imports checked dry first (nothing written), then
//! committed, and their templates downloaded by admins.

use crate::support::{assert_error, field_message, with_token};
use jinguo_testkit::{Client, on_both_backends};
use serde_json::{Value, json};

fn campaign(name: &str) -> Value {
    json!({
        "slug": "wangshangxing-2027",
        "name": name,
        "description": "树时代文明，展巾帼风采",
        "themes": [{"key": "guard", "name": "守护岗"}, {"key": "rural", "name": "乡村振兴巾帼行动"}],
        "collection": {"opens": "2027-05-01", "closes": "2027-08-31"},
        "recommendation": {"opens": "2027-06-01", "closes": "2027-09-15"},
        "display": {"opens": "2027-06-15", "closes": "2027-10-31"},
        "national_level_only": true,
        "quotas": {"provincial_min": 30, "provincial_max": 50, "district_min": 1},
        "max_words": 2000,
        "sort_order": 1
    })
}

async fn campaign_count(client: &mut Client) -> usize {
    let list = client.get("/api/v1/campaigns").await;
    assert_eq!(list.status, 200, "{}", list.text);
    list.json()["items"].as_array().unwrap().len()
}

on_both_backends!(
    with_demo,
    a_national_admin_creates_a_campaign_and_edits_it_against_the_version_read,
    |app| {
        let mut national = with_token(app, "qg_admin").await;
        let created = national
            .json(
                "POST",
                "/api/v1/campaigns",
                &campaign("2027年“巾帼文明岗网上行”活动"),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let created = created.json();
        let id = created["id"].as_i64().unwrap();
        assert_eq!(created["slug"], "wangshangxing-2027");
        assert_eq!(
            created["rules"]["themes"][1],
            json!({"key": "rural", "name": "乡村振兴巾帼行动"})
        );
        assert_eq!(
            created["rules"]["recommendation"],
            json!({"opens": "2027-06-01", "closes": "2027-09-15"})
        );
        assert_eq!(created["rules"]["eligibility"]["national_level_only"], true);
        assert_eq!(created["rules"]["quotas"]["provincial_max"], 50);
        assert_eq!(created["rules"]["content"]["max_words"], 2000);
        let path = format!("/api/v1/campaigns/{id}");
        let shown = national.get(&path).await.json();
        assert_eq!(shown, created, "read back as saved");

        // Two edits from the same reading: the first wins, the second is told, not applied.
        let read = created["version"].clone();
        let mut edit = campaign("2027年“巾帼文明岗网上行”活动（修订）");
        edit["version"] = read.clone();
        edit["quotas"]["provincial_max"] = json!(60);
        let saved = national.json("PUT", &path, &edit).await;
        assert_eq!(saved.status, 200, "{}", saved.text);
        let saved = saved.json();
        assert_eq!(saved["name"], "2027年“巾帼文明岗网上行”活动（修订）");
        assert_eq!(saved["rules"]["quotas"]["provincial_max"], 60);
        assert_ne!(saved["version"], read);
        let mut late = campaign("第二位管理员的名称");
        late["version"] = read;
        assert_error(&national.json("PUT", &path, &late).await, 409, "conflict");
        let now = national.get(&path).await.json();
        assert_eq!(
            (&now["name"], &now["version"]),
            (&saved["name"], &saved["version"])
        );

        let unknown = national
            .json("PUT", "/api/v1/campaigns/999999", &campaign("无"))
            .await;
        assert_error(&unknown, 404, "not_found");
        let taken = national
            .json("POST", "/api/v1/campaigns", &campaign("重复的网址"))
            .await;
        let body = assert_error(&taken, 422, "invalid");
        assert!(field_message(&body, "slug").contains("已被使用"), "{body}");
    }
);

on_both_backends!(
    with_demo,
    only_national_admins_write_campaigns_and_bad_fields_are_named_in_chinese,
    |app| {
        let mut national = with_token(app, "qg_admin").await;
        let before = campaign_count(&mut national).await;
        let column = national.get("/api/v1/campaigns").await.json()["items"][0].clone();
        let path = format!("/api/v1/campaigns/{}", column["id"]);
        for who in ["cq_admin", "qg_reviewer"] {
            let mut other = with_token(app, who).await;
            let refused = other
                .json("POST", "/api/v1/campaigns", &campaign("越权"))
                .await;
            assert_error(&refused, 403, "forbidden");
            assert_error(
                &other.json("PUT", &path, &campaign("越权")).await,
                403,
                "forbidden",
            );
            // Reading stays open to every signed-in account.
            assert_eq!(other.get(&path).await.json()["id"], column["id"]);
        }

        let mut bad = campaign("有问题的活动");
        bad["slug"] = json!("Bad Slug");
        bad["collection"] = json!({"opens": "2027-08-31", "closes": "2027-05-01"});
        bad["quotas"] = json!({"provincial_min": 60, "provincial_max": 50, "district_min": 1});
        bad["themes"] = json!([{"key": "守护", "name": "守护岗"}]);
        bad["max_words"] = json!(50);
        let refused = national.json("POST", "/api/v1/campaigns", &bad).await;
        let body = assert_error(&refused, 422, "invalid");
        let bad_fields = body.clone();
        assert!(
            field_message(&body, "slug").contains("字母、数字"),
            "{body}"
        );
        assert!(field_message(&body, "themes").contains("守护"), "{body}");
        assert_eq!(field_message(&body, "max_words"), "应在 100 到 20000 之间");
        let mut no_theme = campaign("没有主题");
        no_theme["themes"] = json!([]);
        let refused = national.json("POST", "/api/v1/campaigns", &no_theme).await;
        let body = assert_error(&refused, 422, "invalid");
        assert_eq!(field_message(&body, "themes"), "请至少选择一项");
        // A date that is no date is refused by the reader, at its path.
        let mut typo = campaign("日期写错");
        typo["display"]["opens"] = json!("2027/06/15");
        let body = assert_error(
            &national.json("POST", "/api/v1/campaigns", &typo).await,
            422,
            "invalid",
        );
        assert!(!field_message(&body, "display.opens").is_empty(), "{body}");
        assert_eq!(
            campaign_count(&mut national).await,
            before,
            "nothing was created"
        );
        // docs/api.md: `fields` names each field by its path in the request, as the reader
        // does (`display.opens` above), so a client can point at what it sent.
        assert_eq!(
            field_message(&bad_fields, "collection.closes"),
            "结束日期不能早于开始日期"
        );
        assert_eq!(
            field_message(&bad_fields, "quotas.provincial_max"),
            "应在 60 到 10000 之间"
        );
    }
);

on_both_backends!(
    with_demo,
    the_sensitive_word_list_is_replaced_only_against_the_version_read,
    |app| {
        let mut national = with_token(app, "qg_admin").await;
        let first = national.get("/api/v1/sensitive-words").await;
        assert_eq!(first.status, 200, "{}", first.text);
        let first = first.json();
        assert_eq!(first["words"], json!([]));
        assert!(first["updated_by"].is_null() && first["updated_at"].is_null());

        let saved = national
            .json("PUT", "/api/v1/sensitive-words",
                  &json!({"words": [" 示例敏感词 ", "违规词", "违规词", ""], "version": first["version"]}))
            .await;
        assert_eq!(saved.status, 200, "{}", saved.text);
        let saved = saved.json();
        assert_eq!(
            saved["words"],
            json!(["示例敏感词", "违规词"]),
            "trimmed, blanks and repeats dropped"
        );
        assert_eq!(saved["updated_by"], "全国妇联妇女发展部 管理员");
        assert_eq!(saved["updated_at"], "2026-06-01T04:00:00Z");
        assert_ne!(saved["version"], first["version"]);

        // A second admin who read the list before that save is told, not applied.
        let stale = national
            .json(
                "PUT",
                "/api/v1/sensitive-words",
                &json!({"words": ["别的词"], "version": first["version"]}),
            )
            .await;
        assert_error(&stale, 409, "conflict");
        assert_eq!(national.get("/api/v1/sensitive-words").await.json(), saved);
        let replaced = national
            .json(
                "PUT",
                "/api/v1/sensitive-words",
                &json!({"words": ["别的词"], "version": saved["version"]}),
            )
            .await;
        assert_eq!(replaced.json()["words"], json!(["别的词"]));

        for who in ["cq_admin", "qg_reviewer"] {
            let mut other = with_token(app, who).await;
            assert_error(
                &other.get("/api/v1/sensitive-words").await,
                403,
                "forbidden",
            );
            let put = other
                .json("PUT", "/api/v1/sensitive-words", &json!({"words": []}))
                .await;
            assert_error(&put, 403, "forbidden");
        }
        assert_eq!(
            national.get("/api/v1/sensitive-words").await.json()["words"],
            json!(["别的词"])
        );
    }
);

const POSTS_CSV: &str = "代码,名称,类型,上级代码,所在单位,行业,荣誉级别,命名年份,联系人,联系电话,涉军涉密,已撤销\n\
P500103101,妇产科护理组,岗位,500103,重庆市妇幼保健院,医疗卫生,全国级,2019,周丽,023-63700001,否,否\n\
P500103102,较场口营业部,岗位,500103,重庆银行渝中支行,金融,省级,2020,吴芳,023-63700002,否,否\n";

async fn import(client: &mut Client, query: &str, csv: &str) -> jinguo_testkit::TestResponse {
    client
        .post_multipart(
            &format!("/api/v1/imports?{query}"),
            "导入.csv",
            csv.as_bytes(),
            &[],
        )
        .await
}

async fn listed(client: &mut Client, code: &str) -> u64 {
    let found = client.get(&format!("/api/v1/orgs?q={code}")).await;
    assert_eq!(found.status, 200, "{}", found.text);
    found.json()["total"].as_u64().unwrap()
}

on_both_backends!(
    with_demo,
    an_import_dry_run_reports_and_writes_nothing_then_the_commit_writes_all,
    |app| {
        let mut admin = with_token(app, "yz_admin").await;
        let dry = import(&mut admin, "kind=orgs&dry_run=true", POSTS_CSV).await;
        assert_eq!(dry.status, 200, "{}", dry.text);
        assert_eq!(
            dry.json(),
            json!({"kind": "orgs", "dry_run": true, "rows_read": 2, "inserted": 2, "skipped": 0})
        );
        assert_eq!(
            listed(&mut admin, "P500103101").await,
            0,
            "a dry run writes nothing"
        );

        let done = import(&mut admin, "kind=orgs", POSTS_CSV).await;
        assert_eq!(done.status, 200, "{}", done.text);
        assert_eq!(
            (&done.json()["dry_run"], &done.json()["inserted"]),
            (&json!(false), &json!(2))
        );
        let found = admin.get("/api/v1/orgs?q=P500103101").await.json();
        assert_eq!(found["items"][0]["name"], "妇产科护理组");

        // The same file again: refused whole, each row named, even when only checked.
        for query in ["kind=orgs&dry_run=true", "kind=orgs"] {
            let again = import(&mut admin, query, POSTS_CSV).await;
            let body = assert_error(&again, 422, "import_refused");
            let rows = body["error"]["rows"].as_array().unwrap();
            assert_eq!(rows.len(), 2, "{body}");
            assert_eq!(
                (&rows[0]["row"], &rows[0]["column"]),
                (&json!(2), &json!("代码"))
            );
            assert_eq!(rows[0]["message"], "代码“P500103101”已被使用");
        }

        let accounts = "组织代码,用户名,姓名,角色,初始密码\nP500103101,fck_zhou,妇产科 周丽,投稿人,Fuchan2026\n";
        let checked = import(&mut admin, "kind=accounts&dry_run=true", accounts).await;
        assert_eq!(checked.json()["inserted"], 1, "{}", checked.text);
        assert_eq!(
            app.client().login("fck_zhou", "Fuchan2026").await.status,
            401
        );
        let written = import(&mut admin, "kind=accounts", accounts).await;
        assert_eq!(written.json()["inserted"], 1, "{}", written.text);
        let signed_in = app.client().login("fck_zhou", "Fuchan2026").await;
        assert_eq!(signed_in.location.as_deref(), Some("/account/password"));

        let mut reviewer = with_token(app, "yz_reviewer").await;
        let refused = import(&mut reviewer, "kind=orgs&dry_run=true", POSTS_CSV).await;
        assert_error(&refused, 403, "forbidden");
        let nameless = admin
            .post_multipart_parts("/api/v1/imports?kind=orgs", &[("note", "无文件")], &[])
            .await;
        let body = assert_error(&nameless, 422, "invalid");
        assert!(
            field_message(&body, "file").starts_with("无法读取文件"),
            "{body}"
        );
    }
);

on_both_backends!(
    with_demo,
    import_templates_download_for_admins_only,
    |app| {
        let mut admin = with_token(app, "cq_admin").await;
        let templates = [
            ("orgs.xlsx", "组织与岗位导入模板.xlsx", "代码"),
            (
                "orgs.csv",
                "组织与岗位导入模板.csv",
                "代码,名称,妇联名称,类型,上级代码",
            ),
            ("accounts.xlsx", "账号导入模板.xlsx", "用户名"),
            ("accounts.csv", "账号导入模板.csv", "组织代码,用户名"),
        ];
        for (file, name, header) in templates {
            let got = admin
                .get(&format!("/api/v1/imports/templates/{file}"))
                .await;
            assert_eq!(got.status, 200, "{file}: {}", got.text);
            let disposition = got.headers["content-disposition"].to_str().unwrap();
            assert!(disposition.starts_with("attachment; "), "{disposition}");
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b == b'.' {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            assert!(
                disposition.ends_with(&format!("filename*=UTF-8''{encoded}")),
                "{disposition}"
            );
            if file.ends_with(".xlsx") {
                assert_eq!(
                    got.content_type,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                );
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(got.bytes)).unwrap();
                let mut xml = String::new();
                for i in 0..zip.len() {
                    std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut xml).unwrap();
                }
                assert!(xml.contains(header), "{file} has no {header}");
            } else {
                assert_eq!(got.content_type, "text/csv; charset=utf-8");
                assert!(
                    got.bytes.starts_with("\u{feff}".as_bytes()),
                    "UTF-8 BOM for Excel"
                );
                assert!(
                    got.text.trim_start_matches('\u{feff}').starts_with(header),
                    "{}",
                    got.text
                );
            }
        }
        assert_error(
            &admin.get("/api/v1/imports/templates/orgs.pdf").await,
            404,
            "not_found",
        );
        for who in ["cq_reviewer", "gang_demo"] {
            let mut other = with_token(app, who).await;
            let refused = other.get("/api/v1/imports/templates/orgs.xlsx").await;
            assert_error(&refused, 403, "forbidden");
        }
    }
);
