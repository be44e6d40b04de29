//! Public pages come from the cache with an ETag and Last-Modified, answer conditional requests
//! with 304, come compressed when asked, and change at once when an article is unpublished.

use super::helpers::published_id;
use crate::review::helpers::moved;
use axum::body::Body;
use axum::http::Request;
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_showcase,
    cached_pages_follow_every_public_change,
    |app| {
        let title = "望海楼女子护林组：守护百万亩林海的“最美护林员”";
        let id = published_id(app, title).await;
        let mut reader = app.client();
        let first = reader.get(&format!("/news/{id}")).await;
        assert_eq!(first.status, 200);
        let etag = first
            .headers
            .get("etag")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(first.headers.get("last-modified").is_some());
        assert_eq!(
            first.headers.get("cache-control").unwrap(),
            "public, max-age=0, must-revalidate"
        );
        let again = reader
            .send(
                Request::get(format!("/news/{id}"))
                    .header("if-none-match", &etag)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(again.status, 304);
        assert!(again.bytes.is_empty());

        // Compressed as the client asks; the same page either way.
        for (coding, expect) in [("gzip", "gzip"), ("br, gzip", "br")] {
            let packed = reader
                .send(
                    Request::get("/")
                        .header("accept-encoding", coding)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(packed.headers.get("content-encoding").unwrap(), expect);
            assert!(
                packed.wire_bytes.len() < 20_000,
                "{} bytes",
                packed.wire_bytes.len()
            );
        }
        let gz = reader
            .send(
                Request::get("/")
                    .header("accept-encoding", "gzip")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        let mut unpacked = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&gz.wire_bytes[..]),
            &mut unpacked,
        )
        .unwrap();
        assert!(unpacked.contains("树时代文明，展巾帼风采"));
        assert_eq!(unpacked, reader.get("/").await.text);
        let home_etag = gz.headers.get("etag").unwrap().clone();

        // Static assets are immutable for a year.
        let css = reader.get("/").await.text;
        let css_path = css
            .split("href=\"/static/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let asset = reader.get(&format!("/static/{css_path}")).await;
        assert_eq!(
            asset.headers.get("cache-control").unwrap(),
            "public, max-age=31536000, immutable"
        );

        // National unpublishes: the page, the home page, the lists and search follow at once.
        let mut national = app.signed_in("qg_reviewer").await;
        moved(&mut national, id, "unpublish", "图片需要更换").await;
        assert_eq!(reader.get(&format!("/news/{id}")).await.status, 404);
        let home = reader.get("/").await;
        home.assert_not_contains(title)
            .assert_contains("已发布稿件 <strong>59</strong> 篇");
        assert_ne!(home.headers.get("etag").unwrap(), &home_etag);
        reader.get("/provinces/13").await.assert_not_contains(title);
        reader
            .get("/feeds/rss.xml")
            .await
            .assert_not_contains(title);
        reader
            .get("/search?q=%E6%9C%9B%E6%B5%B7%E6%A5%BC")
            .await
            .assert_contains("护林组用上了")
            .assert_not_contains("守护百万亩林海");
    }
);

// Two instances behind one load balancer share the database, each with its own page cache and
// search index: what one unpublishes, the other stops showing once it follows the change log
// (its background poll each second; called here directly).
on_both_backends!(
    with_showcase,
    a_second_instance_follows_the_change_log,
    |app| {
        let settings = jinguo_service::context::ServiceSettings {
            session_idle_minutes: 480,
            media: app.ctx.settings.media.clone(),
            search_dir: Some(app.data_dir.join("search-b")),
            upload_dir: app.data_dir.join("tmp-b"),
            ..Default::default()
        };
        let other = jinguo_service::Ctx::new(
            app.ctx.db.clone(),
            std::sync::Arc::new(app.clock.clone()),
            settings,
        );
        let mut reader_b = jinguo_testkit::Client::new(jinguo_web::router(
            jinguo_web::AppState::new(other.clone(), jinguo_web::WebSettings::default()),
        ));
        let title = "镇湖苏绣创新工作室：千年绣艺绣出新时代";
        let id = published_id(app, title).await;
        assert_eq!(reader_b.get(&format!("/news/{id}")).await.status, 200);
        reader_b
            .get("/search?q=%E8%8B%8F%E7%BB%A3")
            .await
            .assert_contains("千年绣艺");

        let mut national = app.signed_in("qg_reviewer").await;
        moved(&mut national, id, "unpublish", "请核实数据").await;
        // Instance A (where the write happened) is current at once.
        assert_eq!(app.client().get(&format!("/news/{id}")).await.status, 404);
        // Instance B catches up on its next poll.
        let generation = jinguo_service::showcase::refresh(&other).await.unwrap();
        assert_eq!(generation, app.ctx.showcase.generation());
        assert_eq!(reader_b.get(&format!("/news/{id}")).await.status, 404);
        reader_b
            .get("/search?q=%E8%8B%8F%E7%BB%A3")
            .await
            .assert_not_contains("千年绣艺");
    }
);

// Issue 12 §4: an edit no public page shows (a post's contact phone) leaves every instance's
// public cache alone; a rename of the post renews it, and the article page shows the new name.
on_both_backends!(
    with_showcase,
    only_edits_that_a_public_page_shows_renew_the_public_cache,
    |app| {
        use jinguo_domain::org::OrgDraft;
        use jinguo_storage::repo::public_changes::latest_change;
        let title = "望海楼女子护林组：守护百万亩林海的“最美护林员”";
        let id = published_id(app, title).await;
        let db = &app.ctx.db.conn;
        let article = jinguo_storage::repo::articles::get(db, id)
            .await
            .unwrap()
            .unwrap();
        let post = jinguo_storage::repo::orgs::get(db, article.post_org_id)
            .await
            .unwrap()
            .unwrap();
        let profile = post.post.clone().unwrap();
        let draft = |name: &str, phone: &str| OrgDraft {
            code: post.code.clone(),
            name: name.to_string(),
            federation_name: post.federation_name.clone(),
            kind: post.kind.as_str().to_string(),
            work_unit: profile.work_unit.clone(),
            industry: profile.industry.clone(),
            honour_level: profile.honour_level.as_str().to_string(),
            year_named: profile
                .year_named
                .map(|y| y.to_string())
                .unwrap_or_default(),
            contact_person: profile.contact_person.clone(),
            contact_phone: phone.to_string(),
            military_or_classified: profile.military_or_classified,
            revoked: profile.revoked,
        };
        let operator = jinguo_storage::repo::accounts::get_by_username(db, "qg_admin")
            .await
            .unwrap()
            .unwrap();
        let national = jinguo_service::actor::load(db, operator.id).await.unwrap();
        let meta = jinguo_service::audit::RequestMeta::default();
        let mut reader = app.client();
        reader
            .get(&format!("/news/{id}"))
            .await
            .assert_contains(&post.name);

        let (before, _) = latest_change(db).await.unwrap();
        jinguo_service::orgs::edit_org(
            &app.ctx,
            &national,
            post.id,
            &draft(&post.name, "010-12345678"),
            None,
            &meta,
        )
        .await
        .unwrap();
        assert_eq!(
            latest_change(db).await.unwrap().0,
            before,
            "a phone is not public"
        );

        let renamed = format!("{}（更名）", post.name);
        jinguo_service::orgs::edit_org(
            &app.ctx,
            &national,
            post.id,
            &draft(&renamed, "010-12345678"),
            None,
            &meta,
        )
        .await
        .unwrap();
        assert!(
            latest_change(db).await.unwrap().0 > before,
            "a rename is public"
        );
        jinguo_service::showcase::refresh(&app.ctx).await.unwrap();
        reader
            .get(&format!("/news/{id}"))
            .await
            .assert_contains(&renamed);
    }
);
