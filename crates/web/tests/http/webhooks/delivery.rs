//! A publish reaches each subscriber once, signed; feature and unpublish follow; several
//! workers on one database send each delivery once; an event committed before any worker ran
//! (or left leased by a worker that died) is delivered once a worker runs.

use super::receiver::{Receiver, SECRET, national, published, published_all, subscribe, worker};
use crate::review::helpers::moved;
use jinguo_domain::Clock;
use jinguo_storage::repo::webhooks as repo;
use jinguo_testkit::on_both_backends;
use std::collections::HashMap;

on_both_backends!(
    with_demo,
    a_publish_reaches_the_subscriber_once_signed_and_unpublish_follows,
    |app| {
        let receiver = Receiver::start().await;
        subscribe(
            app,
            &receiver.url,
            &["published", "unpublished", "featured", "updated"],
        )
        .await;
        let id = published(app, "巾帼岗位上的新春").await;
        let w = worker(app, "w1");
        assert_eq!(w.run_once().await.unwrap(), 1);
        assert_eq!(w.run_once().await.unwrap(), 0, "nothing sent twice");
        let got = receiver.got();
        assert_eq!(got.len(), 1);
        let first = &got[0];
        assert!(
            first.signature_verifies(SECRET),
            "signature: {:?}",
            first.headers
        );
        assert!(!first.signature_verifies("another-secret-000000"));
        assert_eq!(first.header("x-jinguo-event"), "article.published");
        assert_eq!(
            first.header("x-jinguo-timestamp"),
            app.clock.now().timestamp().to_string()
        );
        let body = first.json();
        assert_eq!(body["event"], "article.published");
        assert_eq!(body["delivery_id"], first.header("x-jinguo-delivery"));
        assert_eq!(body["data"]["id"], id);
        assert_eq!(body["data"]["title"], "巾帼岗位上的新春");
        assert_eq!(
            body["data"]["url"],
            format!("https://gang.example.cn/news/{id}")
        );
        assert_eq!(body["data"]["featured"], false);
        assert_eq!(body["data"]["blocks"][0]["text"], "正文。");

        let mut reviewer = national(app).await;
        moved(&mut reviewer, id, "feature", "").await;
        w.run_once().await.unwrap();
        let got = receiver.got();
        let events: Vec<String> = got.iter().map(|g| g.header("x-jinguo-event")).collect();
        assert_eq!(events[1..].len(), 2, "{events:?}");
        assert!(events.contains(&"article.featured".to_string()));
        assert!(events.contains(&"article.updated".to_string()));
        assert!(
            got.iter()
                .skip(1)
                .all(|g| g.json()["data"]["featured"] == true)
        );

        moved(&mut reviewer, id, "unpublish", "内容需核实").await;
        w.run_once().await.unwrap();
        let got = receiver.got();
        assert_eq!(got.len(), 4);
        let last = &got[3];
        assert_eq!(last.header("x-jinguo-event"), "article.unpublished");
        assert!(last.signature_verifies(SECRET));
        let data = &last.json()["data"];
        assert_eq!(
            data,
            &serde_json::json!({"id": id, "url": format!("https://gang.example.cn/news/{id}")})
        );
        let keys: std::collections::HashSet<String> =
            got.iter().map(|g| g.header("x-jinguo-delivery")).collect();
        assert_eq!(keys.len(), 4, "every delivery has its own id");

        let mut admin = app.signed_in("qg_admin").await;
        admin
            .get("/admin/webhooks")
            .await
            .assert_contains("已送达")
            .assert_contains("撤稿");
    }
);

on_both_backends!(
    with_demo,
    two_workers_on_one_database_send_each_delivery_once,
    |app| {
        let a = Receiver::start().await;
        let b = Receiver::start().await;
        subscribe(app, &a.url, &["published"]).await;
        subscribe(app, &b.url, &["published"]).await;
        a.delay(30);
        b.delay(30);
        published_all(app, &["第一篇", "第二篇", "第三篇"]).await;
        let (w1, w2) = (worker(app, "instance-a"), worker(app, "instance-b"));
        let drain = |w: jinguo_service::webhooks::worker::Worker| async move {
            let mut sent = 0;
            for _ in 0..20 {
                sent += w.run_once().await.unwrap();
            }
            sent
        };
        let (s1, s2) = tokio::join!(
            tokio::spawn(drain(w1.clone())),
            tokio::spawn(drain(w2.clone()))
        );
        assert_eq!(s1.unwrap() + s2.unwrap(), 6, "six attempts in all");
        for receiver in [&a, &b] {
            let got = receiver.got();
            assert_eq!(got.len(), 3);
            let mut per_key: HashMap<String, usize> = HashMap::new();
            for g in &got {
                *per_key.entry(g.header("x-jinguo-delivery")).or_default() += 1;
            }
            assert!(per_key.values().all(|n| *n == 1), "{per_key:?}");
        }
        let recent = repo::recent_deliveries(&app.ctx.db.conn, 50).await.unwrap();
        assert_eq!(recent.len(), 6);
        assert!(
            recent
                .iter()
                .all(|d| d.delivery.status == "delivered" && d.delivery.attempts == 1)
        );
    }
);

on_both_backends!(
    with_demo,
    an_event_committed_before_any_worker_ran_is_delivered_once_a_worker_starts,
    |app| {
        let receiver = Receiver::start().await;
        subscribe(app, &receiver.url, &["published"]).await;
        // The move commits with its event; no worker runs (the instance "crashed" after the commit).
        let id = published(app, "重启之后").await;
        let pending = repo::recent_deliveries(&app.ctx.db.conn, 10).await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].delivery.status, "pending");
        assert_eq!(pending[0].article_id, id);
        assert!(receiver.got().is_empty());
        // A worker starts, as `serve` starts it: its first round sends what is due.
        let running = tokio::spawn(worker(app, "after-restart").run());
        let got = receiver.wait_for(1).await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        running.abort();
        assert_eq!(receiver.got().len(), 1, "{got:?}");
        assert_eq!(got[0].json()["data"]["id"], id);
    }
);

on_both_backends!(
    with_demo,
    a_delivery_left_leased_by_a_dead_worker_is_sent_once_its_lease_runs_out,
    |app| {
        let receiver = Receiver::start().await;
        subscribe(app, &receiver.url, &["published"]).await;
        published(app, "租约过期").await;
        let due = repo::due(&app.ctx.db.conn, app.clock.now(), 10)
            .await
            .unwrap();
        assert_eq!(due.len(), 1);
        // A worker claims it and dies (kill -9) before sending anything.
        let now = app.clock.now();
        let claimed = repo::claim(
            &app.ctx.db.conn,
            due[0],
            "dead",
            now,
            now + chrono::Duration::seconds(60),
        )
        .await
        .unwrap();
        assert!(claimed);
        assert!(
            !repo::claim(
                &app.ctx.db.conn,
                due[0],
                "other",
                now,
                now + chrono::Duration::seconds(60)
            )
            .await
            .unwrap()
        );
        let w = worker(app, "survivor");
        assert_eq!(w.run_once().await.unwrap(), 0, "the lease still holds");
        app.clock.advance(chrono::Duration::seconds(61));
        assert_eq!(w.run_once().await.unwrap(), 1);
        assert_eq!(w.run_once().await.unwrap(), 0);
        assert_eq!(receiver.got().len(), 1);
    }
);
