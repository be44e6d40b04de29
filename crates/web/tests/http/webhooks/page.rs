//! 推送订阅 page: a national admin adds a subscription through the form (CSRF like a browser),
//! sees its secret once, disables it (no deliveries then) and finds both in the audit log;
//! bad addresses are refused with the values kept; province admins and reviewers are refused.

use super::receiver::{Receiver, published, worker};
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    a_national_admin_adds_a_subscription_and_sees_its_secret_once,
    |app| {
        let mut admin = app.signed_in("qg_admin").await;
        admin
            .get("/admin/webhooks")
            .await
            .assert_contains("推送订阅")
            .assert_contains("尚未添加订阅");
        let receiver = Receiver::start().await;
        let added = admin
            .post_form(
                "/admin/webhooks",
                &[
                    ("url", receiver.url.as_str()),
                    ("description", "浙江省妇联门户"),
                    ("secret", ""),
                    ("ev_published", "on"),
                    ("ev_unpublished", "on"),
                ],
            )
            .await;
        assert_eq!(added.status, 200, "{}", added.text);
        let secret = added
            .text
            .split("<code id=\"new-secret\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string();
        assert!(
            secret.starts_with("whsec_") && secret.len() > 40,
            "{secret}"
        );
        let list = admin.get("/admin/webhooks").await;
        list.assert_contains("浙江省妇联门户")
            .assert_contains(&receiver.url)
            .assert_contains("发布、撤稿")
            .assert_contains(&format!("…{}", &secret[secret.len() - 4..]))
            .assert_not_contains(&secret);

        let refused = admin
            .post_form(
                "/admin/webhooks",
                &[
                    ("url", "ftp://example.cn/hook"),
                    ("description", "媒体"),
                    ("ev_published", "on"),
                ],
            )
            .await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains("只接受 http:// 或 https:// 地址")
            .assert_contains("ftp://example.cn/hook");
        let none = admin
            .post_form("/admin/webhooks", &[("url", "https://example.cn/hook")])
            .await;
        assert_eq!(none.status, 422, "{}", none.text);
        none.assert_contains("请至少选择一项");

        let sub_id = list
            .text
            .split("action=\"/admin/webhooks/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let disabled = admin
            .post_form(&format!("/admin/webhooks/{sub_id}/disable"), &[])
            .await;
        assert_eq!(disabled.status, 303, "{}", disabled.text);
        admin.get("/admin/webhooks").await.assert_contains("已停用");
        published(app, "停用之后").await;
        assert_eq!(worker(app, "w1").run_once().await.unwrap(), 0);
        assert!(
            receiver.got().is_empty(),
            "a disabled subscription hears nothing"
        );

        admin
            .get("/admin/audit")
            .await
            .assert_contains("添加推送订阅")
            .assert_contains("停用推送订阅")
            .assert_not_contains(&secret);
    }
);

on_both_backends!(
    with_demo,
    only_national_admins_may_see_or_manage_webhooks,
    |app| {
        for username in [
            "cq_admin",
            "yz_admin",
            "qg_reviewer",
            "cq_reviewer",
            "gang_demo",
        ] {
            let mut other = app.signed_in(username).await;
            let page = other.get("/admin/webhooks").await;
            assert_eq!(page.status, 403, "{username}: {}", page.text);
            let refused = other
                .post_form(
                    "/admin/webhooks",
                    &[("url", "https://example.cn/hook"), ("ev_published", "on")],
                )
                .await;
            assert_eq!(refused.status, 403, "{username}: {}", refused.text);
            let resend = other
                .post_form("/admin/webhooks/deliveries/1/resend", &[])
                .await;
            assert_eq!(resend.status, 403, "{username}: {}", resend.text);
        }
        app.signed_in("qg_admin")
            .await
            .get("/admin/webhooks")
            .await
            .assert_contains("尚未添加订阅");
        app.signed_in("cq_admin")
            .await
            .get("/workbench")
            .await
            .assert_not_contains("/admin/webhooks");
    }
);
