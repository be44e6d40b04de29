//! Everything outside the actor's subtree answers 404, in pages and in the API.

use crate::support::org_id_anywhere;
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    chongqing_admin_cannot_see_a_sichuan_post,
    |app| {
        let sichuan_post = org_id_anywhere(app, "P51001").await;
        let mut admin = app.signed_in("cq_admin").await;
        for path in [
            format!("/admin/orgs/{sichuan_post}"),
            format!("/admin/orgs/{sichuan_post}/edit"),
            format!("/admin/orgs/{sichuan_post}/merge"),
            format!("/admin/orgs/{sichuan_post}/accounts/new"),
        ] {
            let page = admin.get(&path).await;
            assert_eq!(page.status, 404, "{path}");
            page.assert_contains("不在您的权限范围内")
                .assert_not_contains("蒲江");
        }
        let write = admin
            .post_form(&format!("/admin/orgs/{sichuan_post}/disable"), &[])
            .await;
        assert_eq!(write.status, 404);
        let search = admin.get("/admin/orgs?q=P51001").await;
        search.assert_contains("没有符合条件的组织");
    }
);

on_both_backends!(with_demo, a_district_admin_sees_only_its_district, |app| {
    let neighbour = org_id_anywhere(app, "500106").await;
    let cq = org_id_anywhere(app, "50").await;
    let mut admin = app.signed_in("yz_admin").await;
    assert_eq!(
        admin.get(&format!("/admin/orgs/{neighbour}")).await.status,
        404
    );
    assert_eq!(admin.get(&format!("/admin/orgs/{cq}")).await.status, 404);
    let accounts = admin.get("/admin/accounts").await;
    accounts
        .assert_contains("yz_reviewer")
        .assert_not_contains("cq_admin")
        .assert_not_contains("qg_admin");
});

on_both_backends!(with_demo, a_reviewer_cannot_open_admin_actions, |app| {
    let district = org_id_anywhere(app, "500103").await;
    let mut reviewer = app.signed_in("cq_reviewer").await;
    let page = reviewer.get(&format!("/admin/orgs/{district}/edit")).await;
    assert_eq!(page.status, 403);
    page.assert_contains("无权");
    assert_eq!(reviewer.get("/admin/audit").await.status, 403);
    assert_eq!(reviewer.get("/admin/accounts").await.status, 403);
});

on_both_backends!(
    with_demo,
    the_api_answers_404_for_an_out_of_scope_id,
    |app| {
        let sichuan_post = org_id_anywhere(app, "P51001").await;
        let mut admin = app.signed_in("cq_admin").await;
        let response = admin.get(&format!("/api/v1/orgs/{sichuan_post}")).await;
        assert_eq!(response.status, 404);
        assert_eq!(response.json()["error"]["code"], "not_found");
    }
);

// The storage layer's own check behind the service's: a review permit of Chongqing cannot move
// a Sichuan article even when handed straight to `apply_review`, whatever the service decided.
on_both_backends!(
    with_showcase,
    a_review_permit_moves_only_articles_of_posts_below_its_federation,
    |app| {
        use jinguo_domain::access::{Target, authorize};
        use jinguo_storage::repo::{accounts, articles, reviews};
        use sea_orm::ConnectionTrait;
        let db = &app.ctx.db.conn;
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT a.id AS id FROM articles a JOIN organisations o ON o.id = a.post_org_id \
                 JOIN organisations p ON p.code = '50' WHERE o.path NOT LIKE p.path || '%' \
                 ORDER BY a.id LIMIT 1",
            ))
            .await
            .unwrap()
            .expect("a demo article outside Chongqing");
        let id: i64 = row.try_get("", "id").unwrap();
        let article = articles::get(db, id).await.unwrap().unwrap();
        let reviewer = accounts::get_by_username(db, "cq_reviewer")
            .await
            .unwrap()
            .unwrap();
        let cq = jinguo_service::actor::load(db, reviewer.id).await.unwrap();
        let permit = authorize(
            &cq.actor,
            jinguo_domain::Action::ReviewArticles,
            Target {
                id: cq.org.id,
                path: &cq.org.path,
            },
        )
        .unwrap();
        let refused = reviews::apply_review(
            db,
            &permit,
            &article,
            jinguo_domain::article::ArticleStatus::Rejected,
            None,
            article.version,
            app.ctx.now(),
        )
        .await;
        assert!(
            matches!(
                refused,
                Err(jinguo_storage::StorageError::PermitMismatch(_))
            ),
            "{refused:?}"
        );
        let after = articles::get(db, id).await.unwrap().unwrap();
        assert_eq!(
            (after.status, after.version),
            (article.status, article.version)
        );
    }
);
