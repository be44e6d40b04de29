//! A crash loses nothing acknowledged: the real binary serves eight posts' clients writing drafts
//! and uploading photos, is killed with SIGKILL mid-stream, and restarts; every write it had
//! answered is there, whole, and every image row has its files. Three rounds, both backends.
#![expect(
    clippy::expect_used,
    reason = "test code: a failed expectation is a failed test"
)]

mod support;

use jinguo_imaging::synthetic::{Scene, demo_photo};
use serde_json::json;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{Http, create_database, free_port, postgres_url, psql, start, wait_healthy};

const DEMO_PASSWORD: &str = "Jinguo@2020";
const NEW_PASSWORD: &str = "Jinguo@2020crash";
const POSTS: [&str; 2] = ["gang_demo", "gang_bank"];

/// What the server acknowledged: (post, article id, title) and (post, image URL).
#[derive(Default)]
struct Acknowledged {
    articles: Vec<(usize, i64, String)>,
    images: Vec<(usize, String)>,
}

fn signed_in(port: u16, post: usize) -> Http {
    let mut http = Http::new(port);
    if !http.sign_in(POSTS[post], NEW_PASSWORD, NEW_PASSWORD) {
        let mut first = Http::new(port);
        assert!(
            first.sign_in(POSTS[post], DEMO_PASSWORD, NEW_PASSWORD),
            "sign in {}",
            POSTS[post]
        );
        return first;
    }
    http
}

fn campaign(http: &mut Http) -> i64 {
    let list = http.get("/api/v1/campaigns").expect("campaigns").json();
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["slug"] == "wangshangxing-2026")
        .and_then(|c| c["id"].as_i64())
        .expect("the demo campaign")
}

/// One client writing until the server is gone or `stop` is set.
fn write_until_stopped(
    mut http: Http,
    post: usize,
    writer: usize,
    round: usize,
    campaign: i64,
    stop: &AtomicBool,
    acknowledged: &Mutex<Acknowledged>,
) {
    for i in 0.. {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let title = format!("崩溃测试{round}-{writer}-{i}");
        let body = json!({"campaign_id": campaign, "content": {
            "title": title, "themes": ["guard"],
            "blocks": [{"type": "paragraph", "text": format!("{title}：岗位的一天。")}]}});
        let Some(created) = http.json("POST", "/api/v1/articles", &body) else {
            return;
        };
        if created.status == 201
            && let Some(id) = created.json()["id"].as_i64()
            && let Ok(mut ack) = acknowledged.lock()
        {
            ack.articles.push((post, id, title));
        }
        if i % 3 == 0 {
            let variant = u32::try_from(round * 1000 + writer * 100 + i).unwrap_or(0);
            let photo = demo_photo(Scene::Fields, variant);
            let Some(uploaded) = http.upload("/api/v1/media", "现场.jpg", &photo) else {
                return;
            };
            if uploaded.status == 201
                && let Some(url) = uploaded.json()["url"].as_str()
                && let Ok(mut ack) = acknowledged.lock()
            {
                ack.images.push((post, url.to_string()));
            }
        }
    }
}

fn check_media_rows_have_files(database_url: &str, media_dir: &Path) {
    use jinguo_service::media::store::Kind;
    use jinguo_storage::entity::media;
    use sea_orm::EntityTrait;
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let db = jinguo_storage::connect_existing(database_url)
            .await
            .expect("open the database");
        let rows = media::Entity::find()
            .all(&db.conn)
            .await
            .expect("media rows");
        for row in rows {
            let image = format!("{}.jpg", row.content_name);
            for (kind, name) in [
                (Kind::Image, image.as_str()),
                (Kind::Thumbnail, image.as_str()),
                (Kind::Original, row.original_key.as_str()),
            ] {
                let file = media_dir.join(kind.folder()).join(&name[..2]).join(name);
                let len = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
                assert!(
                    len > 0,
                    "media row {} has no file {}",
                    row.id,
                    file.display()
                );
            }
        }
        db.conn.close().await.ok();
    });
}

fn crash_rounds(data_dir: &Path, database_url: Option<&str>) {
    let port = free_port();
    let sqlite_url = format!("sqlite://{}?mode=rw", data_dir.join("jinguo.db").display());
    let url = database_url.unwrap_or(&sqlite_url).to_string();
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    for round in 0..3 {
        let mut server = start(data_dir, database_url, port, round == 0);
        assert!(
            wait_healthy(&mut server, port, Duration::from_secs(300)),
            "round {round}: the server came up"
        );
        // Everything acknowledged before the last crash is still there, whole.
        verify(port, &acknowledged);
        check_media_rows_have_files(&url, &data_dir.join("media"));
        let mut first = signed_in(port, 0);
        let campaign = campaign(&mut first);
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..8)
            .map(|writer| {
                let post = writer % 2;
                let http = signed_in(port, post);
                let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
                std::thread::spawn(move || {
                    write_until_stopped(http, post, writer, round, campaign, &stop, &acknowledged);
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(2500));
        server.kill().expect("SIGKILL the server");
        server.wait().ok();
        stop.store(true, Ordering::Relaxed);
        for writer in writers {
            writer.join().expect("a writer");
        }
        let (written, images) = acknowledged
            .lock()
            .map(|a| (a.articles.len(), a.images.len()))
            .unwrap_or_default();
        eprintln!("round {round}: {written} drafts and {images} photos acknowledged so far");
        assert!(written > 0, "round {round}: some writes were acknowledged");
    }
    let mut server = start(data_dir, database_url, port, false);
    assert!(wait_healthy(&mut server, port, Duration::from_secs(120)));
    verify(port, &acknowledged);
    check_media_rows_have_files(&url, &data_dir.join("media"));
    server.kill().ok();
    server.wait().ok();
}

fn verify(port: u16, acknowledged: &Mutex<Acknowledged>) {
    let ack = acknowledged.lock().expect("acknowledged");
    if ack.articles.is_empty() {
        return;
    }
    let mut readers = [signed_in(port, 0), signed_in(port, 1)];
    for (post, id, title) in &ack.articles {
        let article = readers[*post]
            .get(&format!("/api/v1/articles/{id}"))
            .expect("the server answers");
        assert_eq!(article.status, 200, "article {id}: {}", article.text());
        assert_eq!(article.json()["content"]["title"], title.as_str());
    }
    for (post, url) in &ack.images {
        let image = readers[*post].get(url).expect("the server answers");
        assert_eq!(image.status, 200, "{url}");
        assert!(
            image.body.starts_with(&[0xFF, 0xD8, 0xFF]),
            "{url} is a whole JPEG"
        );
        assert!(image.body.ends_with(&[0xFF, 0xD9]), "{url} is a whole JPEG");
    }
}

#[test]
fn a_killed_server_keeps_every_acknowledged_write_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("jinguo_crash_sqlite_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("data dir");
    crash_rounds(&dir, None);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_killed_server_keeps_every_acknowledged_write_on_postgres() {
    let Some(url) = postgres_url() else { return };
    let name = format!("jgtest_crash_{}", std::process::id());
    let database_url = create_database(&url, &name);
    let dir = std::env::temp_dir().join(&name);
    std::fs::create_dir_all(&dir).expect("data dir");
    crash_rounds(&dir, Some(&database_url));
    psql(&format!("DROP DATABASE IF EXISTS {name}"));
    std::fs::remove_dir_all(&dir).ok();
}
