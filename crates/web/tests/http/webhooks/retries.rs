//! A receiver that fails (500, or refuses the connection) is tried again by the backoff —
//! 30 s, then 1 min … — on the settable test clock, until it answers 2xx; every attempt is on
//! the delivery's page; past 24 hours the delivery fails, and 重新发送 sends it again.

use super::receiver::{Receiver, published, subscribe, worker};
use jinguo_storage::repo::webhooks as repo;
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    a_failing_receiver_is_retried_with_backoff_until_it_answers,
    |app| {
        let receiver = Receiver::start().await;
        receiver.answer(500);
        subscribe(app, &receiver.url, &["published"]).await;
        published(app, "重试").await;
        let w = worker(app, "w1");
        assert_eq!(w.run_once().await.unwrap(), 1);
        assert_eq!(w.run_once().await.unwrap(), 0, "not due before 30 s");
        app.clock.advance(chrono::Duration::seconds(29));
        assert_eq!(w.run_once().await.unwrap(), 0);
        app.clock.advance(chrono::Duration::seconds(2));
        assert_eq!(w.run_once().await.unwrap(), 1, "second try after 30 s");
        app.clock.advance(chrono::Duration::seconds(31));
        assert_eq!(w.run_once().await.unwrap(), 0, "the next wait is a minute");
        receiver.answer(204);
        app.clock.advance(chrono::Duration::seconds(30));
        assert_eq!(w.run_once().await.unwrap(), 1);
        let got = receiver.got();
        assert_eq!(got.len(), 3);
        let keys: Vec<String> = got.iter().map(|g| g.header("x-jinguo-delivery")).collect();
        assert!(
            keys.iter().all(|k| *k == keys[0]),
            "one delivery id: {keys:?}"
        );
        assert!(
            got.iter().all(|g| g.body == got[0].body),
            "the same body each time"
        );

        let views = repo::recent_deliveries(&app.ctx.db.conn, 5).await.unwrap();
        assert_eq!(views[0].delivery.status, "delivered");
        assert_eq!(views[0].delivery.attempts, 3);
        let mut admin = app.signed_in("qg_admin").await;
        let page = admin
            .get(&format!(
                "/admin/webhooks/deliveries/{}",
                views[0].delivery.id
            ))
            .await;
        assert_eq!(page.status, 200, "{}", page.text);
        assert_eq!(
            page.text.matches("<td>500</td>").count(),
            2,
            "{}",
            page.text
        );
        page.assert_contains("<td>204</td>")
            .assert_contains("已送达");
    }
);

on_both_backends!(
    with_demo,
    a_receiver_that_is_down_fails_after_24_hours_and_can_be_sent_again,
    |app| {
        let receiver = Receiver::start().await;
        subscribe(app, &receiver.url, &["published"]).await;
        // The receiver goes down: connections to its port are refused.
        let addr = receiver.stop().await;
        published(app, "接收方停机").await;
        let w = worker(app, "w1");
        let mut attempts = 0;
        for _ in 0..60 {
            attempts += w.run_once().await.unwrap();
            app.clock.advance(chrono::Duration::minutes(30));
        }
        let view = repo::recent_deliveries(&app.ctx.db.conn, 1)
            .await
            .unwrap()
            .remove(0);
        assert_eq!(view.delivery.status, "failed");
        // 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: about 30 tries in 24 hours.
        assert!((20..=40).contains(&attempts), "{attempts} attempts");
        assert_eq!(view.delivery.attempts as usize, attempts);
        assert!(
            view.delivery
                .last_error
                .as_deref()
                .unwrap_or_default()
                .contains("error")
        );
        let last = repo::attempts(&app.ctx.db.conn, view.delivery.id)
            .await
            .unwrap();
        assert!(last.last().unwrap().started_at <= view.delivery.give_up_at);

        let mut admin = app.signed_in("qg_admin").await;
        admin
            .get("/admin/webhooks")
            .await
            .assert_contains("失败")
            .assert_contains("网络错误");
        // The receiver is back on its port; 重新发送 sends the same delivery again.
        let receiver = Receiver::start_at(&addr).await;
        let resent = admin
            .post_form(
                &format!("/admin/webhooks/deliveries/{}/resend", view.delivery.id),
                &[],
            )
            .await;
        assert_eq!(resent.status, 303, "{}", resent.text);
        assert_eq!(w.run_once().await.unwrap(), 1);
        let got = receiver.got();
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].header("x-jinguo-delivery"),
            view.delivery.delivery_key
        );
        let view = repo::recent_deliveries(&app.ctx.db.conn, 1)
            .await
            .unwrap()
            .remove(0);
        assert_eq!(view.delivery.status, "delivered");
        admin
            .get("/admin/audit")
            .await
            .assert_contains("重新发送推送");
    }
);
