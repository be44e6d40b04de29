//! Admins add accounts, reset passwords and see accounts only inside their subtree.

use crate::support::{account_count, org_id, org_id_anywhere};
use jinguo_testkit::{DEMO_PASSWORD, on_both_backends};

on_both_backends!(
    with_demo,
    an_admin_adds_a_post_account_that_must_change_its_password,
    |app| {
        let mut admin = app.signed_in("yz_admin").await;
        let post = org_id(&mut admin, "P500103003").await;
        let form = admin.get(&format!("/admin/orgs/{post}/accounts/new")).await;
        form.assert_contains("投稿人")
            .assert_not_contains(">审核员<");
        let created = admin
            .post_form(
                &format!("/admin/orgs/{post}/accounts/new"),
                &[
                    ("username", "qxg_sq"),
                    ("display_name", "七星岗社区 陈红"),
                    ("role", "submitter"),
                    ("password", "Qixing2026"),
                ],
            )
            .await;
        assert_eq!(created.status, 303, "{}", created.text);
        let mut newcomer = app.client();
        let login = newcomer.login("qxg_sq", "Qixing2026").await;
        assert_eq!(login.location.as_deref(), Some("/account/password"));
    }
);

on_both_backends!(with_demo, a_bad_account_form_keeps_its_values, |app| {
    let mut admin = app.signed_in("yz_admin").await;
    let district = org_id(&mut admin, "500103").await;
    let before = account_count(app).await;
    let page = admin
        .post_form(
            &format!("/admin/orgs/{district}/accounts/new"),
            &[
                ("username", "YZ 审核"),
                ("display_name", "渝中区妇联 张敏"),
                ("role", "submitter"),
                ("password", "abc"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    page.assert_contains("渝中区妇联 张敏")
        .assert_contains("只能使用小写字母")
        .assert_contains("此处不允许该值")
        .assert_contains("至少需要 8 个字符");
    let dup = admin
        .post_form(
            &format!("/admin/orgs/{district}/accounts/new"),
            &[
                ("username", "cq_admin"),
                ("role", "reviewer"),
                ("password", "Yuzhong2026"),
            ],
        )
        .await;
    dup.assert_contains("用户名“cq_admin”已被使用");
    assert_eq!(account_count(app).await, before);
});

on_both_backends!(
    with_demo,
    an_admin_resets_a_password_inside_its_subtree_only,
    |app| {
        let mut admin = app.signed_in("cq_admin").await;
        let list = admin.get("/admin/accounts?q=yz_reviewer").await;
        let id: i64 = list
            .text
            .split("/admin/accounts/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let reset = admin
            .post_form(
                &format!("/admin/accounts/{id}/reset"),
                &[("password", "Temp2026pass")],
            )
            .await;
        assert_eq!(reset.status, 303, "{}", reset.text);
        let mut holder = app.client();
        assert_eq!(holder.login("yz_reviewer", DEMO_PASSWORD).await.status, 401);
        assert_eq!(
            holder
                .login("yz_reviewer", "Temp2026pass")
                .await
                .location
                .as_deref(),
            Some("/account/password")
        );

        // A Beijing account is out of reach.
        let mut district_admin = app.signed_in("yz_admin").await;
        let cq_list = admin.get("/admin/accounts?q=cq_reviewer").await;
        let cq_reviewer: i64 = cq_list
            .text
            .split("/admin/accounts/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            district_admin
                .get(&format!("/admin/accounts/{cq_reviewer}/reset"))
                .await
                .status,
            404
        );
        let write = district_admin
            .post_form(
                &format!("/admin/accounts/{cq_reviewer}/reset"),
                &[("password", "Temp2026pass")],
            )
            .await;
        assert_eq!(write.status, 404);
        let _ = org_id_anywhere(app, "11").await;
    }
);
