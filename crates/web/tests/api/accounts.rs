//! An admin manages the accounts of her subtree over JSON: list, add, disable, enable, reset a
//! password; accounts elsewhere do not exist for her, and reviewers may not touch them.

use crate::support::{account_id, assert_error, field_message, org_id, post};
use serde_json::json;

jinguo_testkit::on_both_backends!(
    with_demo,
    admin_lists_the_accounts_of_her_subtree_only,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let listed = cq.get("/api/v1/accounts").await;
        assert_eq!(listed.status, 200, "{}", listed.text);
        let body = listed.json();
        assert_eq!(body["total"], 6, "{body}");
        let mut names: Vec<&str> = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["username"].as_str().unwrap())
            .collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "cq_admin",
                "cq_reviewer",
                "gang_bank",
                "gang_demo",
                "yz_admin",
                "yz_reviewer"
            ]
        );
        let gang = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["username"] == "gang_demo")
            .unwrap();
        assert_eq!(gang["role"], "submitter");
        assert_eq!(gang["org"]["code"], "P500103001");
        assert_eq!(gang["must_change_password"], true);
        assert_eq!(gang["created_at"], "2020-04-01T00:00:00Z");
        assert!(gang["last_login_at"].is_null() && gang["locked_until"].is_null());
        let me = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["username"] == "cq_admin")
            .unwrap();
        assert_eq!(me["last_login_at"], "2026-06-01T04:00:00Z");

        let page = cq
            .get("/api/v1/accounts?q=yz&per_page=1&page=2")
            .await
            .json();
        assert_eq!(
            (
                page["total"].as_u64(),
                page["items"].as_array().unwrap().len()
            ),
            (Some(2), 1),
            "{page}"
        );

        let mut yz = app.signed_in("yz_admin").await;
        assert_eq!(yz.get("/api/v1/accounts").await.json()["total"], 4);
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    admin_adds_an_account_to_a_post_and_gets_201,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let post_id = org_id(&mut cq, "P500103003").await;
        let created = cq
            .json(
                "POST",
                &format!("/api/v1/orgs/{post_id}/accounts"),
                &json!({ "username": "qxg_post", "role": "submitter", "password": "Qixing2026" }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let body = created.json();
        assert_eq!(body["username"], "qxg_post");
        assert_eq!(body["display_name"], "七星岗社区便民服务中心");
        assert_eq!(body["org"]["id"], post_id);
        assert_eq!(body["must_change_password"], true);
        assert_eq!(body["disabled"], false);
        let mut holder = app.client();
        let signed_in = holder.login("qxg_post", "Qixing2026").await;
        assert_eq!(
            signed_in.location.as_deref(),
            Some("/account/password"),
            "{}",
            signed_in.text
        );
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    invalid_account_fields_answer_422_with_a_chinese_message_per_field,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let post_id = org_id(&mut cq, "P500103003").await;
        let path = format!("/api/v1/orgs/{post_id}/accounts");
        let refused = cq
            .json(
                "POST",
                &path,
                &json!({ "username": "张三", "role": "boss", "password": "abc" }),
            )
            .await;
        let body = assert_error(&refused, 422, "invalid");
        assert!(
            field_message(&body, "username").contains("小写字母"),
            "{body}"
        );
        assert!(field_message(&body, "role").contains("投稿人"), "{body}");
        assert_eq!(field_message(&body, "password"), "至少需要 8 个字符");

        let wrong_role = cq
            .json(
                "POST",
                &path,
                &json!({ "username": "qxg_rev", "role": "reviewer", "password": "Qixing2026" }),
            )
            .await;
        assert_eq!(
            field_message(&assert_error(&wrong_role, 422, "invalid"), "role"),
            "此处不允许该值"
        );

        let taken = cq
            .json(
                "POST",
                &path,
                &json!({ "username": "gang_bank", "role": "submitter", "password": "Qixing2026" }),
            )
            .await;
        assert_eq!(
            field_message(&assert_error(&taken, 422, "invalid"), "username"),
            "用户名“gang_bank”已被使用"
        );
        assert_eq!(cq.get("/api/v1/accounts").await.json()["total"], 6);
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    admin_disables_enables_and_resets_an_account,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let bank = account_id(&mut cq, "gang_bank").await;
        let disabled = post(&mut cq, &format!("/api/v1/accounts/{bank}/disable")).await;
        assert_eq!(disabled.status, 200, "{}", disabled.text);
        assert_eq!(disabled.json()["disabled"], true);
        assert_eq!(
            app.client()
                .login("gang_bank", jinguo_testkit::DEMO_PASSWORD)
                .await
                .status,
            401
        );
        let enabled = post(&mut cq, &format!("/api/v1/accounts/{bank}/enable")).await;
        assert_eq!(enabled.status, 200, "{}", enabled.text);
        assert_eq!(enabled.json()["disabled"], false);

        let weak = cq
            .json(
                "POST",
                &format!("/api/v1/accounts/{bank}/reset-password"),
                &json!({ "password": "abcdefgh" }),
            )
            .await;
        assert_eq!(
            field_message(&assert_error(&weak, 422, "invalid"), "password"),
            "密码需同时包含字母和数字"
        );
        let reset = cq
            .json(
                "POST",
                &format!("/api/v1/accounts/{bank}/reset-password"),
                &json!({ "password": "Reset2026x" }),
            )
            .await;
        assert_eq!(reset.status, 204, "{}", reset.text);
        let signed_in = app.client().login("gang_bank", "Reset2026x").await;
        assert_eq!(signed_in.location.as_deref(), Some("/account/password"));

        let me = account_id(&mut cq, "cq_admin").await;
        assert_error(
            &post(&mut cq, &format!("/api/v1/accounts/{me}/disable")).await,
            403,
            "forbidden",
        );
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    an_account_outside_my_subtree_answers_404_not_found,
    |app| {
        let mut qg = app.signed_in("qg_admin").await;
        let beijing = org_id(&mut qg, "11").await;
        let created = qg
        .json(
            "POST",
            &format!("/api/v1/orgs/{beijing}/accounts"),
            &json!({ "username": "bj_reviewer", "role": "reviewer", "password": "Beijing2026" }),
        )
        .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let bj = created.json()["id"].as_i64().unwrap();

        let mut cq = app.signed_in("cq_admin").await;
        assert_error(
            &post(&mut cq, &format!("/api/v1/accounts/{bj}/disable")).await,
            404,
            "not_found",
        );
        assert_error(
            &post(&mut cq, &format!("/api/v1/accounts/{bj}/enable")).await,
            404,
            "not_found",
        );
        let reset = cq
            .json(
                "POST",
                &format!("/api/v1/accounts/{bj}/reset-password"),
                &json!({ "password": "Hijack2026" }),
            )
            .await;
        assert_error(&reset, 404, "not_found");
        let add = cq
            .json(
                "POST",
                &format!("/api/v1/orgs/{beijing}/accounts"),
                &json!({ "username": "bj_admin2", "role": "admin", "password": "Beijing2026" }),
            )
            .await;
        assert_error(&add, 404, "not_found");
        assert_eq!(cq.get("/api/v1/accounts?q=bj_").await.json()["total"], 0);
        let qg_admin = account_id(&mut qg, "qg_admin").await;
        assert_error(
            &post(&mut cq, &format!("/api/v1/accounts/{qg_admin}/disable")).await,
            404,
            "not_found",
        );

        let mut holder = app.client();
        assert_eq!(
            holder.login("bj_reviewer", "Beijing2026").await.status,
            303,
            "the password is unchanged"
        );
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    a_reviewer_calling_admin_account_endpoints_is_forbidden,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let bank = account_id(&mut cq, "gang_bank").await;
        let post_id = org_id(&mut cq, "P500103002").await;
        let mut reviewer = app.signed_in("cq_reviewer").await;
        assert_error(&reviewer.get("/api/v1/accounts").await, 403, "forbidden");
        assert_error(
            &post(&mut reviewer, &format!("/api/v1/accounts/{bank}/disable")).await,
            403,
            "forbidden",
        );
        assert_error(
            &post(&mut reviewer, &format!("/api/v1/accounts/{bank}/enable")).await,
            403,
            "forbidden",
        );
        let reset = reviewer
            .json(
                "POST",
                &format!("/api/v1/accounts/{bank}/reset-password"),
                &json!({ "password": "Reset2026x" }),
            )
            .await;
        assert_error(&reset, 403, "forbidden");
        let add = reviewer
            .json(
                "POST",
                &format!("/api/v1/orgs/{post_id}/accounts"),
                &json!({ "username": "sneaky", "role": "admin", "password": "Sneaky2026" }),
            )
            .await;
        assert_error(&add, 403, "forbidden");
        assert_eq!(cq.get("/api/v1/accounts").await.json()["total"], 6);
    }
);
