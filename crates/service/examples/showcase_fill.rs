//! Fills a demo database with many more published articles, for the showcase benchmark:
//! `cargo run --release -p jinguo-service --example showcase_fill -- <data-dir> [count]`.
//! Run `jinguo reindex` afterwards: the rows are written in bulk, around the change log.

use chrono::Duration;
use jinguo_service::demo_showcase::compose;
use jinguo_storage::entity::article;
use jinguo_storage::repo::public_changes::{self, ChangeKind};
use jinguo_storage::repo::showcase::{self, PublicFilter};
use jinguo_storage::repo::{campaigns, orgs};
use sea_orm::{EntityTrait, Set};
use std::error::Error;
use std::time::Instant;

const THEMES: [&str; 4] = ["guard", "innovation", "rural", "poverty"];
const TOPICS: [&str; 8] = [
    "扎根基层显担当",
    "用心服务暖民心",
    "创新实践结硕果",
    "巾帼建功新时代",
    "小岗位上的大作为",
    "带领姐妹共同致富",
    "守护平安每一天",
    "技能培训助就业",
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: showcase_fill <data-dir> [count]")?;
    let count: usize = args
        .next()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(10_000);
    let url = jinguo_storage::db::default_sqlite_url(std::path::Path::new(&dir));
    let db = jinguo_storage::connect_existing(&url).await?;
    let started = Instant::now();
    // Writers: the demo's published posts; photos: the demo's published images.
    let published = showcase::page(&db.conn, &PublicFilter::default(), 0, 1_000).await?;
    if published.is_empty() {
        return Err("run `jinguo serve --demo` on this data folder first".into());
    }
    let campaign = campaigns::list(&db.conn)
        .await?
        .into_iter()
        .find(|c| c.slug.starts_with("wangshangxing-") && c.slug != "wangshangxing-2020")
        .ok_or("no current campaign")?;
    let mut writers = Vec::new();
    for row in &published {
        if let Some(org) = orgs::get(&db.conn, jinguo_domain::OrgId(row.post_id)).await? {
            let place = row.post_path.clone();
            writers.push((org, place, row.content.clone()));
        }
    }
    let photos: Vec<String> = published
        .iter()
        .filter_map(|r| r.cover_media.clone())
        .collect();
    let author = jinguo_storage::repo::accounts::get_by_username(&db.conn, "gang_demo")
        .await?
        .ok_or("no demo account")?
        .id
        .0;
    let now = jinguo_domain::Clock::now(&jinguo_domain::SystemClock);
    let txn = db.begin_write().await?;
    for chunk_start in (0..count).step_by(500) {
        let mut batch = Vec::with_capacity(500);
        for i in chunk_start..(chunk_start + 500).min(count) {
            let (post, _, _) = &writers[i % writers.len()];
            let theme = THEMES[i % THEMES.len()];
            let title = format!("{}：{}（{}）", post.name, TOPICS[i % TOPICS.len()], i + 1);
            let pair = [
                photos[i % photos.len()].clone(),
                photos[(i + 7) % photos.len()].clone(),
            ];
            let content = compose(i, theme, &title, post, "", pair);
            let at = now - Duration::minutes(i64::try_from(i).unwrap_or(0) + 60 * 24 * 11);
            batch.push(article::ActiveModel {
                campaign_id: Set(campaign.id),
                post_org_id: Set(post.id.0),
                author_id: Set(author),
                status: Set("published".into()),
                holder_org_id: Set(None),
                review_started: Set(true),
                title: Set(title.clone()),
                content: Set(serde_json::to_string(&content)?),
                cover_media: Set(content.cover_image().map(str::to_string)),
                word_count: Set(i32::try_from(content.word_count()).unwrap_or(0)),
                version: Set(5),
                revision: Set(1),
                created_at: Set(at),
                updated_at: Set(at),
                submitted_at: Set(Some(at)),
                published_at: Set(Some(at)),
                featured_at: Set(None),
                public_themes: Set(Some(format!(",{theme},"))),
                theme_keys: Set(format!(",{theme},")),
                ..Default::default()
            });
        }
        article::Entity::insert_many(batch).exec(&txn).await?;
    }
    public_changes::record_change(&txn, ChangeKind::Article, None, now).await?;
    txn.commit().await?;
    let total = showcase::count(&db.conn, &PublicFilter::default()).await?;
    println!(
        "inserted {count} published articles in {:.1} s; {total} public in all",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
