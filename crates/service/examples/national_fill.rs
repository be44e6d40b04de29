//! Fills a demo database (with `bench/national.sh`'s 10,000 imported posts) up to a campaign of
//! the real national size, for the back-office benchmark:
//! `national_fill <data-dir | postgres://…> [articles]`.
//!
//! - every province (32) gets a pushed 推荐名单 of 50: 24 waiting for national, 23 published,
//!   3 featured; 5 more rejected by national;
//! - the rest of the articles (100,000 in all by default) are drafts (25 %), pending at the
//!   district (35 %), pending at the province after a district forwarded them (25 %) and
//!   returned to the post (15 %), each with the history a real one would have;
//! - 32 officers at each level sign in as `bench_n01…`, `bench_p11…` (one per province),
//!   `bench_d01…` (32 districts) and `bench_g01…` (32 posts), with national admins `bench_a01…`;
//!   password `Jinguo@2020`.
//!
//! Rows are written in bulk, around the services (a benchmark fixture, not a use case); run
//! `jinguo reindex` afterwards.

use chrono::{DateTime, Duration, Utc};
use jinguo_domain::OrgId;
use jinguo_domain::org::{OrgKind, OrgPath};
use jinguo_service::demo_showcase::compose;
use jinguo_storage::entity::{account, article, article_event, recommendation};
use jinguo_storage::repo::orgs::{self, Org};
use jinguo_storage::repo::{accounts, campaigns};
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect, Set, Statement};
use std::collections::HashMap;
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
const LIST_SIZE: usize = 50;
const OFFICERS: usize = 32;

/// Where an article stands, and who moved it there (for its history).
#[derive(Clone, Copy, PartialEq)]
enum Stage {
    Draft,
    AtDistrict,
    AtProvince,
    Returned,
    Listed(&'static str),
    Rejected,
}

struct Place<'a> {
    post: &'a Org,
    district: &'a Org,
    province: &'a Org,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let target = args
        .next()
        .ok_or("usage: national_fill <data-dir | postgres://…> [articles]")?;
    let total: usize = args
        .next()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(100_000);
    let url = if target.starts_with("postgres") {
        target.clone()
    } else {
        jinguo_storage::db::default_sqlite_url(std::path::Path::new(&target))
    };
    let db = jinguo_storage::connect_existing(&url).await?;
    let conn = &db.conn;
    let started = Instant::now();

    let (all, _) = orgs::search_subtree(
        conn,
        &OrgPath::from_stored("/".into()),
        "",
        None,
        1_000_000,
        0,
    )
    .await?;
    let by_id: HashMap<OrgId, &Org> = all.iter().map(|o| (o.id, o)).collect();
    let national = all
        .iter()
        .find(|o| o.kind == OrgKind::National)
        .ok_or("no national federation: run `jinguo serve --demo` first")?;
    let places: Vec<Place> =
        all.iter()
            .filter(|o| o.kind == OrgKind::Post && o.post.as_ref().is_some_and(|p| !p.revoked))
            .filter(|o| o.post.as_ref().is_some_and(|p| !p.military_or_classified))
            .filter_map(|post| {
                let district = by_id.get(&post.parent_id?)?;
                let province = by_id.get(&district.parent_id?)?;
                (district.kind == OrgKind::District && province.kind == OrgKind::Provincial)
                    .then_some(Place {
                        post,
                        district,
                        province,
                    })
            })
            .collect();
    let provinces: Vec<&Org> = all
        .iter()
        .filter(|o| o.kind == OrgKind::Provincial)
        .collect();
    println!("{} posts under {} provinces", places.len(), provinces.len());

    let campaign = campaigns::list(conn)
        .await?
        .into_iter()
        .find(|c| c.slug.starts_with("wangshangxing-") && c.slug != "wangshangxing-2020")
        .ok_or("no current campaign")?;
    let reviewer = accounts::get_by_username(conn, "qg_reviewer")
        .await?
        .ok_or("no demo account qg_reviewer")?;
    let password_hash = account::Entity::find_by_id(reviewer.id.0)
        .one(conn)
        .await?
        .ok_or("no demo account row")?
        .password_hash;
    let photos: Vec<String> = article::Entity::find()
        .select_only()
        .column(article::Column::CoverMedia)
        .into_tuple::<Option<String>>()
        .all(conn)
        .await?
        .into_iter()
        .flatten()
        .collect();
    if photos.len() < 2 {
        return Err("the demo's photos are missing: run `jinguo serve --demo` first".into());
    }
    let now = jinguo_domain::Clock::now(&jinguo_domain::SystemClock);

    // Each province's list: what the demo already put in it, topped up to 50.
    let mut listed: HashMap<OrgId, usize> = HashMap::new();
    for row in recommendation::Entity::find().all(conn).await? {
        *listed.entry(OrgId(row.province_org_id)).or_default() += 1;
    }
    let mut stages: Vec<(usize, Stage)> = Vec::with_capacity(total);
    for province in &provinces {
        let local: Vec<usize> = (0..places.len())
            .filter(|&i| places[i].province.id == province.id)
            .collect();
        if local.is_empty() {
            continue;
        }
        let have = listed.get(&province.id).copied().unwrap_or(0);
        for j in have..LIST_SIZE {
            let status = match j {
                0..24 => "recommended",
                24..47 => "published",
                _ => "featured",
            };
            stages.push((local[j % local.len()], Stage::Listed(status)));
        }
        for j in 0..5 {
            stages.push((local[(j * 7) % local.len()], Stage::Rejected));
        }
    }
    let rest = total.saturating_sub(stages.len());
    for i in 0..rest {
        let stage = match i % 20 {
            0..5 => Stage::Draft,
            5..12 => Stage::AtDistrict,
            12..17 => Stage::AtProvince,
            _ => Stage::Returned,
        };
        stages.push((i % places.len(), stage));
    }

    let first_id = max_id(conn, "articles").await? + 1;
    let mut positions: HashMap<OrgId, i64> = HashMap::new();
    for row in recommendation::Entity::find().all(conn).await? {
        let p = positions.entry(OrgId(row.province_org_id)).or_default();
        *p = (*p).max(row.position);
    }
    let txn = db.begin_write().await?;
    for (chunk_no, chunk) in stages.chunks(500).enumerate() {
        let mut rows = Vec::with_capacity(chunk.len());
        let mut events = Vec::new();
        let mut list_rows = Vec::new();
        for (k, &(place_no, stage)) in chunk.iter().enumerate() {
            let n = chunk_no * 500 + k;
            let id = first_id + i64::try_from(n)?;
            let place = &places[place_no];
            let theme = THEMES[n % THEMES.len()];
            let title = format!(
                "{}：{}（{}）",
                place.post.name,
                TOPICS[n % TOPICS.len()],
                n + 1
            );
            let pair = [
                photos[n % photos.len()].clone(),
                photos[(n + 7) % photos.len()].clone(),
            ];
            let content = compose(n, theme, &title, place.post, "", pair);
            let at = now - Duration::minutes(i64::try_from(n % 40_000)? + 60);
            let (status, holder) = match stage {
                Stage::Draft => ("draft", None),
                Stage::AtDistrict => ("pending", Some(place.district.id.0)),
                Stage::AtProvince => ("pending", Some(place.province.id.0)),
                Stage::Returned => ("returned", None),
                Stage::Listed(status) => (status, Some(place.province.id.0)),
                Stage::Rejected => ("rejected", Some(place.province.id.0)),
            };
            let public = matches!(stage, Stage::Listed("published" | "featured"));
            rows.push(article::ActiveModel {
                id: Set(id),
                campaign_id: Set(campaign.id),
                post_org_id: Set(place.post.id.0),
                author_id: Set(reviewer.id.0),
                status: Set(status.into()),
                holder_org_id: Set(holder),
                review_started: Set(!matches!(stage, Stage::Draft | Stage::AtDistrict)),
                title: Set(title.clone()),
                content: Set(serde_json::to_string(&content)?),
                cover_media: Set(content.cover_image().map(str::to_string)),
                word_count: Set(i32::try_from(content.word_count())?),
                version: Set(3),
                revision: Set(1),
                created_at: Set(at),
                updated_at: Set(at),
                submitted_at: Set((stage != Stage::Draft).then_some(at)),
                published_at: Set(public.then_some(at)),
                featured_at: Set(matches!(stage, Stage::Listed("featured")).then_some(at)),
                public_themes: Set(public.then(|| format!(",{theme},"))),
                theme_keys: Set(format!(",{theme},")),
            });
            history(&mut events, id, stage, place, national, at, reviewer.id.0);
            if let Stage::Listed(_) = stage {
                let position = positions.entry(place.province.id).or_default();
                *position += 1;
                list_rows.push(recommendation::ActiveModel {
                    article_id: Set(id),
                    province_org_id: Set(place.province.id.0),
                    campaign_id: Set(campaign.id),
                    position: Set(*position),
                    reason: Set(format!(
                        "{}扎根一线、事迹突出，群众认可度高，推荐展示。",
                        place.post.name
                    )),
                    recommended_at: Set(at),
                    pushed_at: Set(Some(at)),
                    pushed_by: Set(Some(reviewer.id.0)),
                    ..Default::default()
                });
            }
        }
        article::Entity::insert_many(rows).exec(&txn).await?;
        for part in events.chunks(1_000) {
            article_event::Entity::insert_many(part.to_vec())
                .exec(&txn)
                .await?;
        }
        if !list_rows.is_empty() {
            recommendation::Entity::insert_many(list_rows)
                .exec(&txn)
                .await?;
        }
    }
    // Already pushed lists stay pushed once topped up.
    txn.execute_raw(Statement::from_sql_and_values(
        txn.get_database_backend(),
        "UPDATE recommendations SET pushed_at = $1, pushed_by = $2 WHERE pushed_at IS NULL",
        [now.into(), reviewer.id.0.into()],
    ))
    .await?;
    officers(&txn, national, &provinces, &places, &password_hash, now).await?;
    txn.commit().await?;
    advance_sequences(conn).await?;
    println!(
        "{} articles written in {:.1} s",
        stages.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn event(
    article_id: i64,
    org: &Org,
    at: DateTime<Utc>,
    actor: i64,
    moved: (&str, &str, &str),
) -> article_event::ActiveModel {
    let (from, to, action) = moved;
    article_event::ActiveModel {
        article_id: Set(article_id),
        at: Set(at),
        actor_id: Set(actor),
        actor_name: Set("基准测试".into()),
        org_id: Set(org.id.0),
        org_name: Set(org.name.clone()),
        from_status: Set(from.into()),
        to_status: Set(to.into()),
        action: Set(action.into()),
        comment: Set(String::new()),
        ..Default::default()
    }
}

/// The moves that brought an article where it stands, one event each.
fn history(
    events: &mut Vec<article_event::ActiveModel>,
    id: i64,
    stage: Stage,
    place: &Place,
    national: &Org,
    at: DateTime<Utc>,
    actor: i64,
) {
    if stage == Stage::Draft {
        return;
    }
    events.push(event(
        id,
        place.post,
        at,
        actor,
        ("draft", "pending", "submit"),
    ));
    match stage {
        Stage::Returned => events.push(event(
            id,
            place.district,
            at,
            actor,
            ("pending", "returned", "return"),
        )),
        Stage::AtProvince | Stage::Listed(_) | Stage::Rejected => {
            events.push(event(
                id,
                place.district,
                at,
                actor,
                ("pending", "pending", "forward"),
            ));
            if stage == Stage::AtProvince {
                return;
            }
            events.push(event(
                id,
                place.province,
                at,
                actor,
                ("pending", "recommended", "recommend"),
            ));
            match stage {
                Stage::Rejected => events.push(event(
                    id,
                    national,
                    at,
                    actor,
                    ("recommended", "rejected", "reject"),
                )),
                Stage::Listed(to @ ("published" | "featured")) => {
                    events.push(event(
                        id,
                        national,
                        at,
                        actor,
                        ("recommended", "published", "publish"),
                    ));
                    if to == "featured" {
                        events.push(event(
                            id,
                            national,
                            at,
                            actor,
                            ("published", "featured", "feature"),
                        ));
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// 32 signed-in officers at each level (the benchmark's clients).
async fn officers<C: ConnectionTrait>(
    db: &C,
    national: &Org,
    provinces: &[&Org],
    places: &[Place<'_>],
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), Box<dyn Error>> {
    let mut districts: Vec<&Org> = places.iter().map(|p| p.district).collect();
    districts.dedup_by_key(|d| d.id);
    districts.sort_by_key(|d| d.id);
    districts.dedup_by_key(|d| d.id);
    let step = (districts.len() / OFFICERS).max(1);
    let posts = places.iter().step_by((places.len() / OFFICERS).max(1));
    let mut rows = Vec::new();
    let mut add = |username: String, org: &Org, role: &str| {
        rows.push(account::ActiveModel {
            org_id: Set(org.id.0),
            username: Set(username),
            display_name: Set(format!("{}基准账号", org.name)),
            role: Set(role.into()),
            password_hash: Set(password_hash.to_string()),
            must_change_password: Set(false),
            disabled: Set(false),
            failed_logins: Set(0),
            locked_until: Set(None),
            created_at: Set(now),
            last_login_at: Set(None),
            password_changed_at: Set(Some(now)),
            ..Default::default()
        });
    };
    for n in 1..=OFFICERS {
        add(format!("bench_n{n:02}"), national, "reviewer");
        add(format!("bench_a{n:02}"), national, "admin");
    }
    for province in provinces {
        add(
            format!("bench_p{}", province.code.to_lowercase()),
            province,
            "reviewer",
        );
    }
    for (n, district) in districts.iter().step_by(step).take(OFFICERS).enumerate() {
        add(format!("bench_d{:02}", n + 1), district, "reviewer");
    }
    for (n, place) in posts.take(OFFICERS).enumerate() {
        add(format!("bench_g{:02}", n + 1), place.post, "submitter");
    }
    account::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

async fn max_id<C: ConnectionTrait>(db: &C, table: &str) -> Result<i64, Box<dyn Error>> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COALESCE(MAX(id), 0) AS m FROM {table}"),
        ))
        .await?
        .ok_or("no row")?;
    Ok(row.try_get::<i64>("", "m")?)
}

/// PostgreSQL's id sequences past the ids written explicitly (SQLite needs nothing).
async fn advance_sequences<C: ConnectionTrait>(db: &C) -> Result<(), Box<dyn Error>> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(());
    }
    db.execute_unprepared(
        "SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT MAX(id) FROM articles))",
    )
    .await?;
    Ok(())
}
