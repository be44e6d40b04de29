//! Issue 12: several instances share one media store. Against an S3-compatible service (moto in
//! CI; `JINGUO_TEST_S3_URL=s3://bucket` with the standard `AWS_*` variables), two instances on one
//! database, each with its own data folder as on separate machines: what one stores, the other
//! serves — photos (processed and original, with authorization), notice attachments, the
//! publication package — and the backup and the orphan sweep read the same store.

use jinguo_service::media::store::Kind;
use jinguo_testkit::on_both_backends;

// Skipped loudly without a bucket; `.ci/run` starts moto and sets one.

on_both_backends!(
    empty_on_s3,
    what_one_instance_stores_the_other_serves_from_s3,
    |app| {
        if !jinguo_testkit::s3_configured() {
            return;
        }
        let store = app.ctx.settings.media.clone();
        assert!(store.url().starts_with("s3://"), "{}", store.url());
        // The demo and its showcase (sixty published articles with their photos) seeded
        // through A's store, which is S3.
        jinguo_service::demo::seed_if_empty(&app.ctx).await.unwrap();
        jinguo_service::demo_showcase::seed(&app.ctx).await.unwrap();
        jinguo_service::showcase::refresh(&app.ctx).await.unwrap();
        let b = app.second_instance();

        // A photo uploaded through A; signed in on A, the same browser asks B.
        let png = crate::images::png(&crate::images::scene(1600, 1000, 9));
        let mut post_a = app.signed_in("gang_demo").await;
        let uploaded = post_a
            .post_multipart("/api/v1/media", "现场.png", &png, &[])
            .await;
        assert_eq!(uploaded.status, 201, "{}", uploaded.text);
        let name = uploaded.json()["media"].as_str().unwrap().to_string();
        let mut post_b = post_a.on_instance(b.clone());
        let image = post_b.get(&format!("/media/{name}.jpg")).await;
        assert_eq!(image.status, 200);
        assert_eq!(image.content_type, "image/jpeg");
        assert!(image.bytes.starts_with(&[0xFF, 0xD8]), "a JPEG");
        assert_eq!(
            image.headers.get("cache-control").unwrap(),
            "public, max-age=31536000, immutable"
        );
        let thumb = post_b.get(&format!("/media/thumbs/{name}.jpg")).await;
        assert_eq!(thumb.status, 200);
        let original = post_b.get(&format!("/media/originals/{name}")).await;
        assert_eq!(original.status, 200);
        assert_eq!(original.bytes, png, "the original comes back byte for byte");
        // Originals stay behind the policy on every instance.
        let mut bank_b = app.signed_in("gang_bank").await.on_instance(b.clone());
        assert_eq!(
            bank_b.get(&format!("/media/originals/{name}")).await.status,
            404
        );
        let mut anonymous_b = app.client().on_instance(b.clone());
        assert_ne!(
            anonymous_b
                .get(&format!("/media/originals/{name}"))
                .await
                .status,
            200
        );
        // Re-cropping on B starts from the original A stored.
        let recrop = post_b
            .json(
                "POST",
                &format!("/api/v1/media/{name}/crop"),
                &serde_json::json!({"x": 0.3, "y": 0.5}),
            )
            .await;
        assert!(recrop.status < 300, "{}: {}", recrop.status, recrop.text);

        // A notice attachment stored through A, downloaded by its recipient through B.
        let mut province_a = app.signed_in("cq_reviewer").await;
        province_a.get("/notices").await;
        let pdf = b"%PDF-1.4\nshared media store\n";
        let yuzhong = crate::support::org_id_anywhere(app, "500103")
            .await
            .to_string();
        let issued = province_a
            .post_multipart_parts(
                "/notices/new",
                &[
                    ("title", "关于共享存储的通知"),
                    ("body", "一、事项\n请查收附件。"),
                    ("recipients", &yuzhong),
                ],
                &[("files", "材料.pdf", pdf)],
            )
            .await;
        assert_eq!(issued.status, 303, "{}", issued.text);
        let notice = issued.location.unwrap();
        let notice = notice.split('?').next().unwrap().to_string();
        let mut district_b = app.signed_in("yz_reviewer").await.on_instance(b.clone());
        let page = district_b.get(&notice).await;
        assert_eq!(page.status, 200, "{}", page.text);
        let link = page
            .text
            .split("href=\"")
            .filter_map(|s| s.split('"').next())
            .find(|h| h.contains("/attachments/"))
            .expect("an attachment link")
            .to_string();
        let file = district_b.get(&link).await;
        assert_eq!(file.status, 200);
        assert_eq!(file.bytes, pdf);

        // The publication package built by B holds every image of the published articles.
        let mut national_b = app.signed_in("qg_admin").await.on_instance(b.clone());
        let package = national_b.get("/api/v1/publication-package").await;
        assert_eq!(package.status, 200, "{}", package.text);
        let zip = zip::ZipArchive::new(std::io::Cursor::new(package.bytes.clone())).unwrap();
        let images = zip
            .file_names()
            .filter(|n| n.as_ref().is_ok_and(|n| n.ends_with(".jpg")))
            .count();
        assert_eq!(images, 120);
        // Written to a temporary file and streamed; the file is gone once the download is read.
        let leftovers = std::fs::read_dir(app.data_dir.join("instance-b").join("tmp"))
            .map(|dir| {
                dir.filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().starts_with("package-"))
                    .count()
            })
            .unwrap_or(0);
        assert_eq!(leftovers, 0, "the package's temporary file was removed");

        // The backup copies every object the database names, from S3.
        let named = jinguo_storage::repo::media_objects::named_objects(&app.ctx.db.conn)
            .await
            .unwrap();
        let backup = jinguo_service::backup::backup(
            &app.ctx,
            &app.data_dir.join("backups"),
            &jinguo_testkit::postgres_url().unwrap_or_default(),
        )
        .await;
        if app.backend == jinguo_testkit::Backend::Sqlite {
            assert_eq!(backup.unwrap().media_files, named.count());
        }

        // An object no row names goes once it is an hour old; named ones stay.
        store
            .put_bytes(
                Kind::Image,
                "0badc0de.jpg",
                b"orphan".to_vec(),
                app.ctx.now(),
            )
            .await
            .unwrap();
        // The store stamps objects with its own time; the app's clock is set against it.
        let stamped = futures_util::TryStreamExt::try_collect::<Vec<_>>(store.list(Kind::Image))
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.name == "0badc0de.jpg")
            .unwrap()
            .last_modified;
        app.clock.set(stamped);
        assert_eq!(
            jinguo_service::media::sweep::sweep_orphans(&app.ctx)
                .await
                .unwrap(),
            0,
            "too young to be swept"
        );
        app.clock.set(stamped + chrono::Duration::hours(2));
        assert_eq!(
            jinguo_service::media::sweep::sweep_orphans(&app.ctx)
                .await
                .unwrap(),
            1
        );
        assert!(!store.exists(Kind::Image, "0badc0de.jpg").await.unwrap());
        let row = jinguo_storage::repo::media::get_by_name(&app.ctx.db.conn, &name)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            store
                .read(Kind::Original, &row.original_key)
                .await
                .unwrap()
                .to_vec(),
            png
        );
        assert_eq!(
            anonymous_b.get(&format!("/media/{name}.jpg")).await.status,
            200
        );
    }
);

// With a public bucket (or CDN) configured, processed images redirect there, under the key the
// store uses; originals still come from the app, behind the policy.
on_both_backends!(
    with_demo,
    processed_images_redirect_to_a_public_bucket_when_one_is_configured,
    |app| {
        let router = jinguo_web::router(jinguo_web::AppState::new(
            app.ctx.clone(),
            jinguo_web::WebSettings {
                media_public_url: Some("https://cdn.example.cn/jinguo/".into()),
                ..Default::default()
            },
        ));
        let mut reader = jinguo_testkit::Client::new(router);
        let image = reader.get("/media/abcdef0123.jpg").await;
        assert_eq!(image.status, 302);
        assert_eq!(
            image.location.as_deref(),
            Some("https://cdn.example.cn/jinguo/images/ab/abcdef0123.jpg")
        );
        let thumb = reader.get("/media/thumbs/abcdef0123.jpg").await;
        assert_eq!(
            thumb.location.as_deref(),
            Some("https://cdn.example.cn/jinguo/thumbs/ab/abcdef0123.jpg")
        );
        assert_eq!(reader.get("/media/..%2Fsecret.jpg").await.status, 404);
        assert_ne!(reader.get("/media/originals/abcdef0123").await.status, 302);
    }
);
