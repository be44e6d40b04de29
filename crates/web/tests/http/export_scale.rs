//! Measures the dashboard and the exports over 100,000 generated submissions (SQLite): time and
//! peak RSS of each request. Not a pass/fail test of speed (that lives in numbers, not asserts):
//! run it by hand with
//! `cargo test -p jinguo-web --test http export_scale -- --ignored --nocapture`.
//!
//! Measured on the 2-core machine, release build, as 全国 (every row): dashboard 1.15 s;
//! submissions.csv 2.3 s (20.1 MiB); submissions.xlsx 3.0 s (5.1 MiB); history.csv 1.8 s
//! (12.9 MiB); quota.xlsx 0.3 s. Peak RSS of the whole test process 139–205 MiB, which includes
//! the test client holding each response body in memory (the server streams the CSV).

use jinguo_storage::entity::{article, article_event, article_revision};
use jinguo_testkit::{Backend, TestApp};
use sea_orm::{EntityTrait, Set};
use std::time::Instant;

const ARTICLES: i64 = 100_000;
const BATCH: i64 = 500;

/// Peak resident memory of this process since the last reset, in MiB (Linux).
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

async fn generate(app: &TestApp) -> i64 {
    let db = &app.ctx.db.conn;
    let campaign: i64 = jinguo_storage::repo::campaigns::list(db)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.slug.starts_with("wangshangxing-2026"))
        .unwrap()
        .id;
    let mut posts: Vec<i64> = Vec::new();
    for code in ["P500103001", "P500103002", "P42001"] {
        let post = jinguo_storage::repo::orgs::get_by_code(db, code)
            .await
            .unwrap()
            .unwrap();
        posts.push(post.id.0);
    }
    let now = app.ctx.now();
    let themes = ["guard", "innovation", "rural", "poverty"];
    let mut id = 0;
    while id < ARTICLES {
        let range = (id + 1)..=(id + BATCH).min(ARTICLES);
        let rows: Vec<article::ActiveModel> = range
            .clone()
            .map(|i| {
                let content = format!(
                    "{{\"title\":\"第{i}篇：巾帼文明岗的一天\",\"themes\":[\"{}\"],\"blocks\":[{{\"type\":\"paragraph\",\"text\":\"这是一段大约一百字的正文，讲述巾帼文明岗在疫情防控和复工复产中的故事，记录她们如何坚守岗位、服务群众、带动身边的姐妹共同进步。\"}}]}}",
                    themes[(i % 4) as usize]
                );
                article::ActiveModel {
                    id: Set(i),
                    campaign_id: Set(campaign),
                    post_org_id: Set(posts[(i % 3) as usize]),
                    author_id: Set(1),
                    status: Set(if i % 5 == 0 { "recommended" } else { "pending" }.into()),
                    holder_org_id: Set(None),
                    review_started: Set(false),
                    title: Set(format!("第{i}篇：巾帼文明岗的一天")),
                    content: Set(content),
                    cover_media: Set(None),
                    word_count: Set(100),
                    version: Set(2),
                    revision: Set(1),
                    created_at: Set(now - chrono::Duration::minutes(i)),
                    updated_at: Set(now),
                    submitted_at: Set(Some(now - chrono::Duration::minutes(i))),
                    published_at: Set(None),
                    featured_at: Set(None),
                    public_themes: Set(None),
                    theme_keys: Set(format!(",{},", themes[(i % 4) as usize])),
                }
            })
            .collect();
        article::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await
            .unwrap();
        let revisions: Vec<article_revision::ActiveModel> = range
            .clone()
            .map(|i| article_revision::ActiveModel {
                article_id: Set(i),
                revision: Set(1),
                title: Set(format!("第{i}篇")),
                content: Set("{}".into()),
                word_count: Set(100),
                submitted_at: Set(now - chrono::Duration::minutes(i)),
                submitted_by: Set(1),
                ..Default::default()
            })
            .collect();
        article_revision::Entity::insert_many(revisions)
            .exec_without_returning(db)
            .await
            .unwrap();
        let events: Vec<article_event::ActiveModel> = range
            .map(|i| article_event::ActiveModel {
                article_id: Set(i),
                at: Set(now - chrono::Duration::minutes(i)),
                actor_id: Set(1),
                actor_name: Set("gang_demo".into()),
                org_id: Set(posts[(i % 3) as usize]),
                org_name: Set("急诊科护理组".into()),
                from_status: Set("draft".into()),
                to_status: Set("pending".into()),
                action: Set("submit".into()),
                comment: Set(String::new()),
                ..Default::default()
            })
            .collect();
        article_event::Entity::insert_many(events)
            .exec_without_returning(db)
            .await
            .unwrap();
        id += BATCH;
    }
    campaign
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement over 100,000 generated submissions; run by hand"]
async fn export_scale() {
    let app = TestApp::with_demo(Backend::Sqlite).await.unwrap();
    let started = Instant::now();
    generate(&app).await;
    println!(
        "generated {ARTICLES} submissions in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut national = app.signed_in("qg_reviewer").await;
    for path in [
        "/dashboard",
        "/exports/submissions.csv",
        "/exports/submissions.xlsx",
        "/exports/history.csv",
        "/exports/quota.xlsx",
    ] {
        reset_peak();
        let base = peak_rss_mib();
        let t = Instant::now();
        let response = national.get(path).await;
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(response.status, 200, "{path}: {}", response.text);
        println!(
            "{path}: {secs:.2} s, {:.1} MiB body, peak RSS {:.0} MiB (from {:.0} MiB)",
            response.bytes.len() as f64 / 1024.0 / 1024.0,
            peak_rss_mib(),
            base
        );
        drop(response);
    }
    app.cleanup().await;
}
