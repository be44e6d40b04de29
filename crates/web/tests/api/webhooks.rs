//! 中国妇女网's integrator registers a webhook through the API with a national token, sees the
//! deliveries an unpublication queued, every attempt, and sends one again; nobody below
//! national sees any of it.

use crate::support::{assert_error, field_message, post, with_token};
use serde_json::json;

jinguo_testkit::on_both_backends!(
    with_showcase,
    a_national_token_registers_a_subscriber_and_follows_its_deliveries,
    |app| {
        let mut integrator = with_token(app, "qg_admin").await;
        let created = integrator
            .json(
                "POST",
                "/api/v1/webhooks",
                &json!({
                    "url": "http://127.0.0.1:9/hook",
                    "description": "中国妇女网",
                    "events": ["article.published", "article.unpublished"]
                }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let body = created.json();
        let secret = body["secret"].as_str().unwrap().to_string();
        assert!(secret.starts_with("whsec_"), "{secret}");
        let sub = &body["subscription"];
        let id = sub["id"].as_i64().unwrap();
        assert_eq!(sub["active"], true);
        assert_eq!(
            sub["events"],
            json!(["article.published", "article.unpublished"])
        );
        assert_eq!(
            sub["secret_hint"],
            format!("…{}", &secret[secret.len() - 4..])
        );

        let listed = integrator.get("/api/v1/webhooks").await;
        assert_eq!(listed.status, 200);
        assert_eq!(listed.json()["items"][0]["id"], id);
        assert!(
            !listed.text.contains(&secret),
            "the secret is shown once only"
        );

        // An unpublication queues one delivery (no worker runs in this test app).
        let mut national = with_token(app, "qg_reviewer").await;
        let public = app.client().get("/api/v1/public/articles").await.json();
        let article = public["items"][0]["id"].as_i64().unwrap();
        let seen = national
            .get(&format!("/api/v1/review/articles/{article}"))
            .await;
        let version = seen.json()["article"]["version"].as_i64().unwrap();
        let moved = national
            .json(
                "POST",
                &format!("/api/v1/review/articles/{article}/unpublish"),
                &json!({"comment": "图片版权存疑", "version": version}),
            )
            .await;
        assert_eq!(moved.status, 200, "{}", moved.text);

        let deliveries = integrator.get("/api/v1/webhooks/deliveries").await;
        assert_eq!(deliveries.status, 200, "{}", deliveries.text);
        let items = deliveries.json()["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 1, "{items:?}");
        let delivery = &items[0];
        assert_eq!(delivery["event"], "article.unpublished");
        assert_eq!(delivery["article_id"], article);
        assert_eq!(delivery["subscription_id"], id);
        assert_eq!(delivery["status"], "pending");
        assert_eq!(delivery["attempts"], 0);
        let delivery_id = delivery["id"].as_i64().unwrap();
        let detail = integrator
            .get(&format!("/api/v1/webhooks/deliveries/{delivery_id}"))
            .await;
        assert_eq!(detail.status, 200);
        assert_eq!(detail.json()["attempts"], json!([]));
        assert_eq!(
            detail.json()["delivery"]["delivery_key"],
            delivery["delivery_key"]
        );

        let resent = post(
            &mut integrator,
            &format!("/api/v1/webhooks/deliveries/{delivery_id}/resend"),
        )
        .await;
        assert_eq!(resent.status, 202, "{}", resent.text);
        assert_error(
            &post(&mut integrator, "/api/v1/webhooks/deliveries/999999/resend").await,
            404,
            "not_found",
        );

        let disabled = post(&mut integrator, &format!("/api/v1/webhooks/{id}/disable")).await;
        assert_eq!(disabled.status, 200);
        assert_eq!(disabled.json()["active"], false);
        let enabled = post(&mut integrator, &format!("/api/v1/webhooks/{id}/enable")).await;
        assert_eq!(enabled.json()["active"], true);

        // Every change is in the audit log, as from the page.
        let log = integrator.get("/api/v1/audit?actor=qg_admin").await.json();
        let actions: Vec<&str> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        for code in [
            "webhook_created",
            "webhook_redelivered",
            "webhook_disabled",
            "webhook_enabled",
        ] {
            assert!(actions.contains(&code), "{code} missing from {actions:?}");
        }
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    a_subscriber_is_refused_with_the_reason_and_only_national_admins_manage_them,
    |app| {
        let mut integrator = with_token(app, "qg_admin").await;
        let refused = integrator
            .json(
                "POST",
                "/api/v1/webhooks",
                &json!({"url": "ftp://example.cn/hook", "secret": "short", "events": []}),
            )
            .await;
        let body = assert_error(&refused, 422, "invalid");
        for field in ["url", "secret", "events"] {
            assert!(!field_message(&body, field).is_empty());
        }
        let unknown_event = integrator
            .json(
                "POST",
                "/api/v1/webhooks",
                &json!({"url": "https://example.cn/hook", "events": ["article.deleted"]}),
            )
            .await;
        assert_error(&unknown_event, 422, "invalid");
        assert_error(
            &post(&mut integrator, "/api/v1/webhooks/424242/disable").await,
            404,
            "not_found",
        );

        for username in ["cq_admin", "qg_reviewer"] {
            let mut other = with_token(app, username).await;
            assert_error(&other.get("/api/v1/webhooks").await, 403, "forbidden");
            assert_error(
                &other.get("/api/v1/webhooks/deliveries").await,
                403,
                "forbidden",
            );
            let attempt = other
                .json(
                    "POST",
                    "/api/v1/webhooks",
                    &json!({"url": "https://example.cn/hook", "events": ["article.published"]}),
                )
                .await;
            assert_error(&attempt, 403, "forbidden");
        }
        assert_eq!(
            integrator.get("/api/v1/webhooks").await.json()["items"],
            json!([])
        );
    }
);
