//! An admin browses the organisations of her subtree over JSON; nothing outside it exists for
//! her, and reviewers may look but not change.

use crate::support::{assert_error, field_message, org_id, post};
use serde_json::json;

jinguo_testkit::on_both_backends!(
    with_demo,
    admin_searches_her_subtree_page_by_page_with_a_total,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let posts = cq.get("/api/v1/orgs?kind=post&per_page=5").await;
        assert_eq!(posts.status, 200, "{}", posts.text);
        let body = posts.json();
        assert_eq!(body["total"], 16, "Chongqing has 16 demo posts: {body}");
        assert_eq!(
            (body["page"].as_u64(), body["per_page"].as_u64()),
            (Some(1), Some(5))
        );
        let items = body["items"].as_array().unwrap();
        assert_eq!(items.len(), 5);
        assert!(
            items
                .iter()
                .all(|o| o["kind"] == "post" && o["post"]["work_unit"].is_string()),
            "{body}"
        );

        let last = cq
            .get("/api/v1/orgs?kind=post&per_page=5&page=4")
            .await
            .json();
        assert_eq!(last["items"].as_array().unwrap().len(), 1, "{last}");

        let by_code = cq.get("/api/v1/orgs?q=500103").await.json();
        assert!(
            by_code["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["name"] == "渝中区"),
            "{by_code}"
        );

        let beijing = cq.get("/api/v1/orgs?q=P11").await.json();
        assert_eq!(
            beijing["total"], 0,
            "Beijing's posts are outside Chongqing: {beijing}"
        );
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    a_bad_search_filter_answers_422_naming_the_parameter,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let kind = assert_error(&cq.get("/api/v1/orgs?kind=planet").await, 422, "invalid");
        assert!(field_message(&kind, "kind").contains("岗位"), "{kind}");
        let page = assert_error(&cq.get("/api/v1/orgs?page=abc").await, 422, "invalid");
        field_message(&page, "page");
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    admin_reads_an_org_with_its_children_and_name_history,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let yz = org_id(&mut cq, "500103").await;
        let chongqing = org_id(&mut cq, "50").await;
        let detail = cq.get(&format!("/api/v1/orgs/{yz}")).await;
        assert_eq!(detail.status, 200, "{}", detail.text);
        let body = detail.json();
        assert_eq!(body["org"]["code"], "500103");
        assert_eq!(body["org"]["kind"], "district");
        assert_eq!(body["org"]["status"], "active");
        assert_eq!(body["org"]["parent_id"], chongqing);
        assert!(body["org"]["post"].is_null());
        assert_eq!(
            body["ancestors"],
            json!([{ "id": chongqing, "code": "50", "name": "重庆市" }])
        );
        let children: Vec<&str> = body["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap())
            .collect();
        assert!(
            children.contains(&"P500103001") && children.contains(&"P500103003"),
            "{body}"
        );
        assert_eq!(body["children"][0]["kind"], "post");
        assert_eq!(body["children"][0]["children"], 0);
        assert_eq!(
            body["name_history"],
            json!([{ "name": "渝中区", "valid_from": "2020-04-01T00:00:00Z", "valid_until": null }])
        );
        assert_eq!(body["org"]["updated_at"], "2020-04-01T00:00:00Z");

        let post_id = org_id(&mut cq, "P500103001").await;
        let post = cq.get(&format!("/api/v1/orgs/{post_id}")).await.json();
        assert_eq!(post["org"]["post"]["work_unit"], "重庆医科大学附属第一医院");
        assert_eq!(post["org"]["post"]["honour_level"], "national");
        assert_eq!(post["org"]["post"]["year_named"], 2018);

        let jiangbei = org_id(&mut cq, "500105").await;
        let merged = cq.get(&format!("/api/v1/orgs/{jiangbei}")).await.json();
        assert_eq!(merged["org"]["status"], "merged");
        assert_eq!(merged["merged_into"]["code"], "CQ-LJ");
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    an_org_outside_my_subtree_answers_404_not_found,
    |app| {
        let mut qg = app.signed_in("qg_admin").await;
        let sichuan = org_id(&mut qg, "51").await;
        let mut cq = app.signed_in("cq_admin").await;
        let yz = org_id(&mut cq, "500103").await;
        let shapingba = org_id(&mut cq, "500106").await;
        assert_error(
            &cq.get(&format!("/api/v1/orgs/{sichuan}")).await,
            404,
            "not_found",
        );
        assert_error(
            &cq.json(
                "PATCH",
                &format!("/api/v1/orgs/{sichuan}"),
                &json!({ "name": "改名" }),
            )
            .await,
            404,
            "not_found",
        );
        assert_error(
            &post(&mut cq, &format!("/api/v1/orgs/{sichuan}/disable")).await,
            404,
            "not_found",
        );
        assert_error(
            &post(&mut cq, &format!("/api/v1/orgs/{sichuan}/enable")).await,
            404,
            "not_found",
        );
        let into_sichuan = cq
            .json(
                "POST",
                &format!("/api/v1/orgs/{shapingba}/merge"),
                &json!({ "into_id": sichuan }),
            )
            .await;
        assert_error(&into_sichuan, 404, "not_found");
        let under_sichuan = cq
        .json("POST", "/api/v1/orgs", &json!({ "parent_id": sichuan, "code": "SC-X", "name": "某区", "kind": "district" }))
        .await;
        assert_error(&under_sichuan, 404, "not_found");
        assert_error(&cq.get("/api/v1/orgs/999999").await, 404, "not_found");
        assert_error(&cq.get("/api/v1/orgs/abc").await, 404, "not_found");
        assert_error(&cq.get("/api/v1/no-such-thing").await, 404, "not_found");
        assert_eq!(
            qg.get(&format!("/api/v1/orgs/{sichuan}")).await.json()["org"]["status"],
            "active"
        );
        assert_eq!(cq.get(&format!("/api/v1/orgs/{yz}")).await.status, 200);
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    a_reviewer_calling_admin_org_endpoints_is_forbidden,
    |app| {
        let mut reviewer = app.signed_in("cq_reviewer").await;
        assert_eq!(
            reviewer.get("/api/v1/orgs").await.status,
            200,
            "reviewers may read the tree"
        );
        let yz = org_id(&mut reviewer, "500103").await;
        let jiulongpo = org_id(&mut reviewer, "500107").await;
        let create = reviewer
            .json(
                "POST",
                "/api/v1/orgs",
                &json!({ "parent_id": yz, "code": "CQ-R1", "name": "某区", "kind": "district" }),
            )
            .await;
        assert_error(&create, 403, "forbidden");
        assert_error(
            &reviewer
                .json(
                    "PATCH",
                    &format!("/api/v1/orgs/{yz}"),
                    &json!({ "name": "改名" }),
                )
                .await,
            403,
            "forbidden",
        );
        assert_error(
            &post(&mut reviewer, &format!("/api/v1/orgs/{yz}/disable")).await,
            403,
            "forbidden",
        );
        assert_error(
            &post(&mut reviewer, &format!("/api/v1/orgs/{yz}/enable")).await,
            403,
            "forbidden",
        );
        let merge = reviewer
            .json(
                "POST",
                &format!("/api/v1/orgs/{yz}/merge"),
                &json!({ "into_id": jiulongpo }),
            )
            .await;
        assert_error(&merge, 403, "forbidden");
        assert_eq!(
            reviewer.get(&format!("/api/v1/orgs/{yz}")).await.json()["org"]["name"],
            "渝中区"
        );
    }
);
