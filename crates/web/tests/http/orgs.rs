//! Admins add, edit, rename, disable and merge organisations of their subtree.

use crate::support::{org_count, org_id, org_id_anywhere};
use jinguo_domain::OrgId;
use jinguo_testkit::{DEMO_PASSWORD, on_both_backends};

on_both_backends!(
    with_demo,
    a_provincial_admin_adds_a_district_and_a_post_under_it,
    |app| {
        let mut admin = app.signed_in("cq_admin").await;
        let cq = org_id(&mut admin, "50").await;
        let created = admin
            .post_form(
                &format!("/admin/orgs/{cq}/new"),
                &[
                    ("kind", "district"),
                    ("code", "CQ-XQ"),
                    ("name", "西部科学城重庆高新区"),
                ],
            )
            .await;
        assert_eq!(created.status, 303, "{}", created.text);
        let district_page = admin.get(created.location.as_deref().unwrap()).await;
        district_page
            .assert_contains("西部科学城重庆高新区")
            .assert_contains("已新增")
            .assert_contains("西部科学城重庆高新区妇联");
        let district = org_id(&mut admin, "CQ-XQ").await;
        let post = admin
            .post_form(
                &format!("/admin/orgs/{district}/new"),
                &[
                    ("kind", "post"),
                    ("code", "PCQXQ001"),
                    ("name", "金凤实验室综合服务窗口"),
                    ("work_unit", "重庆高新区金凤实验室"),
                    ("industry", "科技服务"),
                    ("honour_level", "national"),
                    ("year_named", "2023"),
                    ("contact_person", "唐敏"),
                    ("contact_phone", "023-65001234"),
                ],
            )
            .await;
        assert_eq!(post.status, 303, "{}", post.text);
        admin
            .get(post.location.as_deref().unwrap())
            .await
            .assert_contains("重庆高新区金凤实验室")
            .assert_contains("全国级");
    }
);

on_both_backends!(
    with_demo,
    a_rejected_form_keeps_what_was_typed_and_says_why,
    |app| {
        let mut admin = app.signed_in("yz_admin").await;
        let district = org_id(&mut admin, "500103").await;
        let before = org_count(app).await;
        let page = admin
            .post_form(
                &format!("/admin/orgs/{district}/new"),
                &[
                    ("kind", "post"),
                    ("code", "P 1"),
                    ("name", "解放碑派出所户籍窗口"),
                    ("year_named", "1890"),
                    ("contact_phone", "电话"),
                ],
            )
            .await;
        assert_eq!(page.status, 422);
        page.assert_contains("解放碑派出所户籍窗口")
            .assert_contains("只能使用字母、数字")
            .assert_contains("所在单位")
            .assert_contains("必填，不能为空")
            .assert_contains("应为 1990 到")
            .assert_contains("只能包含数字")
            .assert_contains("您填写的内容已保留");
        assert_eq!(org_count(app).await, before);
        let duplicate = admin
            .post_form(
                &format!("/admin/orgs/{district}/new"),
                &[
                    ("kind", "post"),
                    ("code", "P500103001"),
                    ("name", "重复"),
                    ("work_unit", "某单位"),
                    ("honour_level", "provincial"),
                ],
            )
            .await;
        assert_eq!(duplicate.status, 422);
        duplicate.assert_contains("代码“P500103001”已被使用");
        assert_eq!(org_count(app).await, before);
    }
);

on_both_backends!(
    with_demo,
    a_post_cannot_be_placed_directly_under_the_nation,
    |app| {
        let mut admin = app.signed_in("qg_admin").await;
        let root = org_id(&mut admin, "CN").await;
        let page = admin
            .post_form(
                &format!("/admin/orgs/{root}/new"),
                &[
                    ("kind", "post"),
                    ("code", "PX"),
                    ("name", "某岗"),
                    ("work_unit", "某单位"),
                    ("honour_level", "national"),
                ],
            )
            .await;
        assert_eq!(page.status, 422);
        page.assert_contains("全国妇联下不能直接设立巾帼文明岗");
    }
);

on_both_backends!(with_demo, renaming_keeps_the_old_name_in_history, |app| {
    let mut admin = app.signed_in("cq_admin").await;
    let id = org_id(&mut admin, "500229").await;
    let before_rename = app.ctx.now();
    app.clock.advance(chrono::Duration::hours(1));
    let edit = admin.get(&format!("/admin/orgs/{id}/edit")).await;
    assert_eq!(edit.status, 200, "{}", edit.text);
    let version = edit
        .text
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let saved = admin
        .post_form(
            &format!("/admin/orgs/{id}/edit"),
            &[
                ("name", "城口县（新）"),
                ("federation_name", "城口县妇联"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let page = admin.get(&format!("/admin/orgs/{id}")).await;
    page.assert_contains("名称沿革")
        .assert_contains("城口县（新）")
        .assert_contains("2020年4月1日 至");
    let old = jinguo_storage::repo::orgs::name_at(&app.ctx.db.conn, OrgId(id), before_rename)
        .await
        .unwrap();
    assert_eq!(old.as_deref(), Some("城口县"));
    // A second save with the stale version is a conflict that keeps the typed text.
    let stale = admin
        .post_form(
            &format!("/admin/orgs/{id}/edit"),
            &[("name", "城口县（再改）"), ("version", &version)],
        )
        .await;
    assert_eq!(stale.status, 409);
    stale
        .assert_contains("城口县（再改）")
        .assert_contains("已被他人修改");
});

on_both_backends!(
    with_demo,
    disabling_a_post_stops_its_accounts_signing_in,
    |app| {
        let mut admin = app.signed_in("yz_admin").await;
        let post = org_id(&mut admin, "P500103002").await;
        let done = admin
            .post_form(&format!("/admin/orgs/{post}/disable"), &[])
            .await;
        assert_eq!(done.status, 303);
        admin
            .get(&format!("/admin/orgs/{post}"))
            .await
            .assert_contains("已停用");
        let mut bank = app.client();
        bank.login("gang_bank", DEMO_PASSWORD)
            .await
            .assert_contains("已停用");
        let enabled = admin
            .post_form(&format!("/admin/orgs/{post}/enable"), &[])
            .await;
        assert_eq!(enabled.status, 303);
        assert_eq!(
            app.client().login("gang_bank", DEMO_PASSWORD).await.status,
            303
        );
    }
);

on_both_backends!(
    with_demo,
    merging_moves_the_posts_and_retires_the_old_federation,
    |app| {
        let mut admin = app.signed_in("cq_admin").await;
        let shapingba = org_id(&mut admin, "500106").await;
        let form = admin.get(&format!("/admin/orgs/{shapingba}/merge")).await;
        form.assert_contains("九龙坡区");
        let merged = admin
            .post_form(
                &format!("/admin/orgs/{shapingba}/merge"),
                &[("into_code", "500107")],
            )
            .await;
        assert_eq!(merged.status, 303, "{}", merged.text);
        let successor = admin.get(merged.location.as_deref().unwrap()).await;
        successor
            .assert_contains("儿科病房")
            .assert_contains("磁器口古镇游客服务中心")
            .assert_contains("合并完成");
        admin
            .get(&format!("/admin/orgs/{shapingba}"))
            .await
            .assert_contains("已合并")
            .assert_contains("该组织已合并入");
        // The moved post's subtree path changed, so the district's former reviewer scope is gone.
        let post = org_id_anywhere(app, "P500106001").await;
        let moved = jinguo_storage::repo::orgs::get(&app.ctx.db.conn, OrgId(post))
            .await
            .unwrap()
            .unwrap();
        let successor_id = org_id_anywhere(app, "500107").await;
        assert!(moved.path.as_str().contains(&format!("/{successor_id}/")));
        assert_eq!(moved.depth, 3);
    }
);

on_both_backends!(
    with_demo,
    merging_into_a_descendant_or_itself_is_refused,
    |app| {
        let mut admin = app.signed_in("qg_admin").await;
        let cq = org_id(&mut admin, "50").await;
        let before = org_count(app).await;
        let page = admin
            .post_form(
                &format!("/admin/orgs/{cq}/merge"),
                &[("into_code", "500103")],
            )
            .await;
        assert_eq!(page.status, 422);
        page.assert_contains("不能合并到自己的下级组织");
        let itself = admin
            .post_form(&format!("/admin/orgs/{cq}/merge"), &[("into_code", "50")])
            .await;
        itself.assert_contains("不能合并到自身");
        let kind = admin
            .post_form(
                &format!("/admin/orgs/{cq}/merge"),
                &[("into_code", "500103")],
            )
            .await;
        assert_eq!(kind.status, 422);
        let unknown = admin
            .post_form(&format!("/admin/orgs/{cq}/merge"), &[("into_code", "NOPE")])
            .await;
        unknown.assert_contains("找不到代码为“NOPE”的组织");
        assert_eq!(org_count(app).await, before);
        let cq_org = jinguo_storage::repo::orgs::get(&app.ctx.db.conn, OrgId(cq))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(cq_org.status, jinguo_domain::org::OrgStatus::Active);
    }
);

on_both_backends!(with_demo, the_demo_shows_chongqings_2025_merger, |app| {
    let mut admin = app.signed_in("cq_admin").await;
    let liangjiang = org_id(&mut admin, "CQ-LJ").await;
    admin
        .get(&format!("/admin/orgs/{liangjiang}"))
        .await
        .assert_contains("观音桥营业部")
        .assert_contains("空港新城社区卫生服务中心");
    let jiangbei = org_id(&mut admin, "500105").await;
    admin
        .get(&format!("/admin/orgs/{jiangbei}"))
        .await
        .assert_contains("已合并")
        .assert_contains("两江新区");
});
