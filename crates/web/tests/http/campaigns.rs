//! National admins set up campaigns and columns; nobody else can.

use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    a_national_admin_creates_a_campaign_with_the_notices_defaults,
    |app| {
        let mut admin = app.signed_in("qg_admin").await;
        let list = admin.get("/admin/campaigns").await;
        list.assert_contains("2020年“巾帼文明岗网上行”")
            .assert_contains("已结束")
            .assert_contains("岗位动态")
            .assert_contains("常年开放");
        let form = admin.get("/admin/campaigns/new").await;
        form.assert_contains("2026-05-01")
            .assert_contains("2026-08-31")
            .assert_contains(r#"name="theme_key" value="guard">"#)
            .assert_contains(r#"name="theme_name" value="疫情防控和复工复产“守护岗”""#)
            .assert_not_contains("英文键");
        let fields = [
            ("name", "2027年“巾帼文明岗网上行”"),
            ("slug", "wangshangxing-2027"),
            ("description", "树时代文明，展巾帼风采"),
            ("themes", "guard 守护岗\nrural 乡村振兴巾帼行动"),
            ("collection_opens", "2027-05-01"),
            ("collection_closes", "2027-08-31"),
            ("recommendation_opens", "2027-06-01"),
            ("recommendation_closes", "2027-09-15"),
            ("display_opens", "2027-06-15"),
            ("display_closes", "2027-10-31"),
            ("national_level_only", "true"),
            ("exclude_military_or_classified", "true"),
            ("exclude_revoked", "true"),
            ("has_quotas", "true"),
            ("provincial_min", "30"),
            ("provincial_max", "50"),
            ("district_min", "1"),
            ("max_words", "2000"),
            ("sort_order", "1"),
        ];
        let saved = admin.post_form("/admin/campaigns/new", &fields).await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        admin
            .get("/admin/campaigns")
            .await
            .assert_contains("2027年“巾帼文明岗网上行”")
            .assert_contains("未开始");
        let api = admin.get("/api/v1/campaigns").await.json();
        let created = api["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["slug"] == "wangshangxing-2027")
            .unwrap()
            .clone();
        assert_eq!(created["rules"]["collection"]["closes"], "2027-08-31");
        assert_eq!(created["rules"]["quotas"]["provincial_max"], 50);
    }
);

on_both_backends!(
    with_demo,
    a_bad_campaign_form_keeps_its_values_and_names_each_problem,
    |app| {
        let mut admin = app.signed_in("qg_admin").await;
        let page = admin
            .post_form(
                "/admin/campaigns/new",
                &[
                    ("name", "有问题的活动"),
                    ("slug", "Bad Slug"),
                    ("themes", "名称太长太长太长太长太长太长太长太长太长太长太长太长太长太长太长太长太长太长太长太长太长"),
                    ("collection_opens", "2027-08-31"),
                    ("collection_closes", "2027-05-01"),
                    ("display_opens", "2027/06/15"),
                    ("has_quotas", "true"),
                    ("provincial_min", "60"),
                    ("provincial_max", "50"),
                    ("district_min", "1"),
                    ("max_words", "2000"),
                ],
            )
            .await;
        assert_eq!(page.status, 422);
        page.assert_contains("有问题的活动")
            .assert_contains("结束日期不能早于开始日期")
            .assert_contains("日期格式应为 2020-05-01")
            .assert_contains("主题名称应为 1–40 字")
            .assert_contains("只能使用小写字母、数字和短横线");
        let duplicate = admin
            .post_form(
                "/admin/campaigns/new",
                &[
                    ("name", "重复"),
                    ("slug", "gangwei-dongtai"),
                    ("themes", "news 岗位动态"),
                    ("max_words", "2000"),
                ],
            )
            .await;
        assert_eq!(duplicate.status, 422);
        duplicate.assert_contains("已被使用");
    }
);

on_both_backends!(with_demo, only_national_admins_manage_campaigns, |app| {
    let mut province = app.signed_in("cq_admin").await;
    assert_eq!(province.get("/admin/campaigns").await.status, 403);
    assert_eq!(
        province
            .post_form("/admin/campaigns/new", &[("name", "x")])
            .await
            .status,
        403
    );
    let mut reviewer = app.signed_in("qg_reviewer").await;
    assert_eq!(reviewer.get("/admin/campaigns/new").await.status, 403);
});

on_both_backends!(
    with_demo,
    two_admins_editing_one_campaign_never_overwrite_each_other,
    |app| {
        let mut first = app.signed_in("qg_admin").await;
        let mut second = app.signed_in("qg_admin").await;
        let api = first.get("/api/v1/campaigns").await.json();
        let column = api["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["slug"] == "gangwei-dongtai")
            .unwrap()
            .clone();
        let id = column["id"].as_i64().unwrap();
        let themes: Vec<String> = column["rules"]["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                format!(
                    "{} {}",
                    t["key"].as_str().unwrap(),
                    t["name"].as_str().unwrap()
                )
            })
            .collect();
        let themes = themes.join("\n");
        let max_words = column["rules"]["content"]["max_words"].to_string();
        let path = format!("/admin/campaigns/{id}/edit");
        // Both open the form before either saves.
        let version = |page: &jinguo_testkit::TestResponse| {
            page.text
                .split("name=\"version\" value=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap()
                .to_string()
        };
        let opened_first = version(&first.get(&path).await);
        let opened_second = version(&second.get(&path).await);
        assert_eq!(opened_first, opened_second);
        let form = |name: &'static str, description: &'static str, version: String| {
            vec![
                ("name", name.to_string()),
                ("slug", "gangwei-dongtai".to_string()),
                ("description", description.to_string()),
                ("themes", themes.clone()),
                ("max_words", max_words.clone()),
                ("sort_order", "9".to_string()),
                ("version", version),
            ]
        };
        let saved_fields = form("岗位动态（更新）", "各岗位日常动态", opened_first);
        let saved_pairs: Vec<(&str, &str)> =
            saved_fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let saved = first.post_form(&path, &saved_pairs).await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        let late_fields = form("岗位动态", "第二位管理员写的说明", opened_second);
        let late_pairs: Vec<(&str, &str)> =
            late_fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let late = second.post_form(&path, &late_pairs).await;
        assert_eq!(late.status, 409, "{}", late.text);
        late.assert_contains("数据已被他人修改")
            .assert_contains("第二位管理员写的说明");
        // The first edit stands.
        first
            .get("/admin/campaigns")
            .await
            .assert_contains("岗位动态（更新）");
    }
);

on_both_backends!(
    with_demo,
    a_campaign_needs_no_english_keys_or_slug_and_an_edit_keeps_its_themes,
    |app| {
        let mut admin = app.signed_in("qg_admin").await;
        admin.get("/admin/campaigns/new").await;
        let fields = [
            ("name", "2027年岗位风采"),
            ("slug", ""),
            ("theme_key", ""),
            ("theme_name", "岗位风采"),
            ("theme_key", ""),
            ("theme_name", "巾帼建功"),
            ("theme_key", ""),
            ("theme_name", ""),
            ("collection_opens", "2027-05-01"),
            ("collection_closes", "2027-08-31"),
            ("max_words", "2000"),
            ("sort_order", "5"),
        ];
        let saved = admin.post_form("/admin/campaigns/new", &fields).await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        let api = admin.get("/api/v1/campaigns").await.json();
        let created = api["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "2027年岗位风采")
            .unwrap()
            .clone();
        assert_eq!(created["slug"], "campaign-2027", "{created}");
        let themes = created["rules"]["themes"].as_array().unwrap().clone();
        assert_eq!(themes.len(), 2);
        assert_eq!(themes[0]["name"], "岗位风采");
        let key = themes[0]["key"].as_str().unwrap().to_string();
        assert!(key.starts_with("t-"), "{key}");

        // The edit form carries each theme's key; renaming keeps it, a second campaign
        // without a slug gets the next free one.
        let id = created["id"].as_i64().unwrap();
        let form = admin.get(&format!("/admin/campaigns/{id}/edit")).await;
        form.assert_contains(&format!(r#"name="theme_key" value="{key}">"#));
        let version = form
            .text
            .split(r#"name="version" value=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_string();
        let mut edit: Vec<(&str, &str)> = fields.to_vec();
        edit[3] = ("theme_name", "岗位新风采");
        edit[2] = ("theme_key", key.as_str());
        edit.push(("version", version.as_str()));
        let saved = admin
            .post_form(&format!("/admin/campaigns/{id}/edit"), &edit)
            .await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        let api = admin.get("/api/v1/campaigns").await.json();
        let edited = api["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone();
        assert_eq!(edited["rules"]["themes"][0]["key"], key.as_str());
        assert_eq!(edited["rules"]["themes"][0]["name"], "岗位新风采");
        assert_eq!(edited["slug"], "campaign-2027");
        let second = admin.post_form("/admin/campaigns/new", &fields).await;
        assert_eq!(second.status, 303, "{}", second.text);
        let api = admin.get("/api/v1/campaigns").await.json();
        assert!(
            api["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["slug"] == "campaign-2027-2"),
            "{api}"
        );
    }
);
