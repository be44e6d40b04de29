//! An admin changes the organisations of her subtree over JSON: add, edit with optimistic
//! concurrency, disable, enable and merge; bad input is refused field by field in Chinese.

use crate::support::{assert_error, field_message, org_id, post, send_raw};
use serde_json::json;

jinguo_testkit::on_both_backends!(
    with_demo,
    admin_adds_a_post_and_gets_201_with_its_location,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let yz = org_id(&mut cq, "500103").await;
        let created = cq
        .json(
            "POST",
            "/api/v1/orgs",
            &json!({
                "parent_id": yz, "code": "P500103010", "name": "较场口社区服务站", "kind": "post",
                "work_unit": "渝中区较场口街道", "industry": "社区服务", "honour_level": "全国级",
                "year_named": 2024, "contact_person": "邓敏", "contact_phone": "023-63000000"
            }),
        )
        .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let body = created.json();
        assert_eq!(body["code"], "P500103010");
        assert_eq!(body["parent_id"], yz);
        assert_eq!(body["post"]["honour_level"], "national");
        assert_eq!(body["post"]["year_named"], 2024);
        assert_eq!(body["updated_at"], "2026-06-01T04:00:00Z");
        let location = created
            .headers
            .get("location")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(location, format!("/api/v1/orgs/{}", body["id"]));
        assert_eq!(cq.get(&location).await.status, 200);

        let chongqing = org_id(&mut cq, "50").await;
        let district = cq
        .json("POST", "/api/v1/orgs", &json!({ "parent_id": chongqing, "code": "CQ-XK", "name": "西部科学城", "kind": "district" }))
        .await;
        assert_eq!(district.status, 201, "{}", district.text);
        assert_eq!(district.json()["federation_name"], "西部科学城妇联");
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    invalid_org_fields_answer_422_with_a_chinese_message_per_field,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let yz = org_id(&mut cq, "500103").await;
        let refused = cq
        .json(
            "POST",
            "/api/v1/orgs",
            &json!({
                "parent_id": yz, "code": "bad code", "name": " ", "kind": "post", "work_unit": "",
                "honour_level": "金牌", "year_named": 1800, "contact_phone": "电话"
            }),
        )
        .await;
        let body = assert_error(&refused, 422, "invalid");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("提交的内容有误"),
            "{body}"
        );
        assert!(field_message(&body, "code").contains("只能使用字母"));
        assert_eq!(field_message(&body, "name"), "必填，不能为空");
        assert_eq!(field_message(&body, "work_unit"), "必填，不能为空");
        assert!(field_message(&body, "honour_level").contains("全国级"));
        assert!(field_message(&body, "year_named").contains("1990 到 2026"));
        assert!(field_message(&body, "contact_phone").contains("只能包含数字"));

        let no_parent = cq
            .json(
                "POST",
                "/api/v1/orgs",
                &json!({ "code": "X1", "name": "某区", "kind": "district" }),
            )
            .await;
        assert_eq!(
            field_message(&assert_error(&no_parent, 422, "invalid"), "parent_id"),
            "缺少字段 parent_id"
        );
        let wrong_type = cq
            .json(
                "POST",
                "/api/v1/orgs",
                &json!({ "parent_id": yz, "year_named": "二〇二〇" }),
            )
            .await;
        field_message(&assert_error(&wrong_type, 422, "invalid"), "year_named");
        let not_json = send_raw(
            &mut cq,
            "POST",
            "/api/v1/orgs",
            "application/json",
            "{\"parent_id\": ",
        )
        .await;
        assert_eq!(
            field_message(&assert_error(&not_json, 400, "malformed_json"), "body"),
            "请求体不是有效的 JSON（内容为空或不完整）"
        );
        let not_an_object = cq.json("POST", "/api/v1/orgs", &json!("a string")).await;
        assert_eq!(
            field_message(&assert_error(&not_an_object, 422, "invalid"), "body"),
            "请求体类型错误：应为对象"
        );
        let as_form = send_raw(
            &mut cq,
            "POST",
            "/api/v1/orgs",
            "application/x-www-form-urlencoded",
            "code=X1",
        )
        .await;
        field_message(&assert_error(&as_form, 422, "invalid"), "body");
        assert_eq!(cq.get("/api/v1/orgs?q=X1").await.json()["total"], 0);
    }
);

jinguo_testkit::on_both_backends!(with_demo, a_code_already_in_use_answers_422, |app| {
    let mut cq = app.signed_in("cq_admin").await;
    let yz = org_id(&mut cq, "500103").await;
    let duplicate = cq
        .json(
            "POST",
            "/api/v1/orgs",
            &json!({ "parent_id": yz, "code": "P500103001", "name": "另一个岗", "kind": "post", "work_unit": "某单位", "honour_level": "national" }),
        )
        .await;
    let body = assert_error(&duplicate, 422, "invalid");
    assert_eq!(field_message(&body, "code"), "代码“P500103001”已被使用");
});

jinguo_testkit::on_both_backends!(
    with_demo,
    admin_edits_an_org_and_a_stale_version_answers_409,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let yz = org_id(&mut cq, "500103").await;
        let path = format!("/api/v1/orgs/{yz}");
        let before = cq.get(&path).await.json()["org"]["version"]
            .as_str()
            .unwrap()
            .to_string();

        let renamed = cq
            .json(
                "PATCH",
                &path,
                &json!({ "name": "渝中区（新）", "version": before }),
            )
            .await;
        assert_eq!(renamed.status, 200, "{}", renamed.text);
        let body = renamed.json();
        assert_eq!(body["name"], "渝中区（新）");
        assert_eq!(
            body["federation_name"], "渝中区妇联",
            "absent fields keep their value"
        );
        assert_ne!(body["version"], before.as_str());

        let unversioned = cq
            .json(
                "PATCH",
                &path,
                &json!({ "federation_name": "渝中区妇女联合会" }),
            )
            .await;
        assert_eq!(unversioned.status, 200, "{}", unversioned.text);
        assert_eq!(unversioned.json()["name"], "渝中区（新）");

        let stale = cq
            .json(
                "PATCH",
                &path,
                &json!({ "name": "旧版本的改名", "version": before }),
            )
            .await;
        assert_error(&stale, 409, "conflict");
        let detail = cq.get(&path).await.json();
        assert_eq!(detail["org"]["name"], "渝中区（新）");
        assert_eq!(
            detail["name_history"].as_array().unwrap().len(),
            2,
            "{detail}"
        );
        assert_eq!(
            detail["name_history"][0]["valid_until"],
            "2026-06-01T04:00:00Z"
        );

        let post = org_id(&mut cq, "P500103001").await;
        let cleared = cq
            .json(
                "PATCH",
                &format!("/api/v1/orgs/{post}"),
                &json!({ "year_named": null }),
            )
            .await;
        assert_eq!(cleared.status, 200, "{}", cleared.text);
        assert!(cleared.json()["post"]["year_named"].is_null());
        let bad = cq
            .json(
                "PATCH",
                &format!("/api/v1/orgs/{post}"),
                &json!({ "contact_phone": "打电话" }),
            )
            .await;
        assert!(
            field_message(&assert_error(&bad, 422, "invalid"), "contact_phone")
                .contains("只能包含数字")
        );
    }
);

jinguo_testkit::on_both_backends!(with_demo, admin_disables_and_reenables_an_org, |app| {
    let mut cq = app.signed_in("cq_admin").await;
    let post_id = org_id(&mut cq, "P500103003").await;
    let disabled = post(&mut cq, &format!("/api/v1/orgs/{post_id}/disable")).await;
    assert_eq!(disabled.status, 200, "{}", disabled.text);
    assert_eq!(disabled.json()["status"], "disabled");
    let enabled = post(&mut cq, &format!("/api/v1/orgs/{post_id}/enable")).await;
    assert_eq!(enabled.status, 200, "{}", enabled.text);
    assert_eq!(enabled.json()["status"], "active");

    let jiangbei = org_id(&mut cq, "500105").await;
    assert_error(
        &post(&mut cq, &format!("/api/v1/orgs/{jiangbei}/enable")).await,
        409,
        "conflict",
    );
});

jinguo_testkit::on_both_backends!(
    with_demo,
    admin_merges_a_district_into_a_sibling_and_gets_the_moved_counts,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let shapingba = org_id(&mut cq, "500106").await;
        let jiulongpo = org_id(&mut cq, "500107").await;
        let merged = cq
            .json(
                "POST",
                &format!("/api/v1/orgs/{shapingba}/merge"),
                &json!({ "into_id": jiulongpo }),
            )
            .await;
        assert_eq!(merged.status, 200, "{}", merged.text);
        let body = merged.json();
        assert_eq!(body["moved_children"], 2);
        assert_eq!(body["disabled_accounts"], 0);
        assert_eq!(body["merged"]["status"], "merged");
        assert_eq!(body["merged"]["merged_into_id"], jiulongpo);
        assert_eq!(body["into"]["code"], "500107");
        let successor = cq.get(&format!("/api/v1/orgs/{jiulongpo}")).await.json();
        let codes: Vec<&str> = successor["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap())
            .collect();
        assert!(
            codes.contains(&"P500106001") && codes.contains(&"P500106002"),
            "{successor}"
        );
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    merging_into_a_descendant_or_another_kind_is_refused,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let yz = org_id(&mut cq, "500103").await;
        let own_post = org_id(&mut cq, "P500103001").await;
        let below = cq
            .json(
                "POST",
                &format!("/api/v1/orgs/{yz}/merge"),
                &json!({ "into_id": own_post }),
            )
            .await;
        let body = assert_error(&below, 422, "merge_refused");
        assert!(
            body["error"]["message"].as_str().unwrap().contains("下级"),
            "{body}"
        );
        let itself = cq
            .json(
                "POST",
                &format!("/api/v1/orgs/{yz}/merge"),
                &json!({ "into_id": yz }),
            )
            .await;
        assert_error(&itself, 422, "merge_refused");
        let shapingba = org_id(&mut cq, "500106").await;
        let other_kind = cq
            .json(
                "POST",
                &format!("/api/v1/orgs/{shapingba}/merge"),
                &json!({ "into_id": own_post }),
            )
            .await;
        assert_error(&other_kind, 422, "merge_refused");
        let missing = cq
            .json("POST", &format!("/api/v1/orgs/{yz}/merge"), &json!({}))
            .await;
        assert_eq!(
            field_message(&assert_error(&missing, 422, "invalid"), "into_id"),
            "缺少字段 into_id"
        );
        assert_eq!(
            cq.get(&format!("/api/v1/orgs/{yz}")).await.json()["org"]["status"],
            "active"
        );
    }
);
