//! Photos in a post's article: checked by content, turned upright, stripped of GPS, and the
//! upload form without JavaScript (split from `submit_article`, which keeps the writing rules).

use crate::images::{exif_with_gps, jpeg, jpeg_segments, jpeg_with_exif, png, scene};
use crate::submit_article::{content, current_campaign, draft};
use jinguo_testkit::on_both_backends;
use serde_json::json;

on_both_backends!(with_demo, photos_are_checked_by_content_and_fixed, |app| {
    let mut post = app.signed_in("gang_demo").await;
    // A PNG named .jpg is converted to a 750×445 JPEG.
    let png_bytes = png(&scene(1600, 1000, 7));
    let converted = post
        .post_multipart("/api/v1/media", "photo.jpg", &png_bytes, &[])
        .await;
    assert_eq!(converted.status, 201, "{}", converted.text);
    let media = converted.json();
    let image = post.get(media["url"].as_str().unwrap()).await;
    assert_eq!(image.content_type, "image/jpeg");
    assert!(image.bytes.starts_with(&[0xFF, 0xD8]));
    assert!(
        image
            .headers
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(image.bytes.len() <= 1024 * 1024);
    // A script named .jpg is refused.
    let script = post
        .post_multipart("/api/v1/media", "photo.jpg", b"#!/bin/sh\nrm -rf /\n", &[])
        .await;
    assert_eq!(script.status, 422);
    assert_eq!(
        script.json()["error"]["message"],
        "上传的文件不是图片。请上传 JPG、PNG 或 WebP 格式的照片。"
    );
    // A 30000×30000 header is refused before decoding.
    let mut bomb = png(&scene(800, 500, 1));
    bomb[16..20].copy_from_slice(&30000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&30000u32.to_be_bytes());
    let crc = crate::images::crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    let refused = post
        .post_multipart("/api/v1/media", "big.png", &bomb, &[])
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("30000×30000")
    );
    // A truncated JPEG is refused.
    let photo = jpeg(&scene(1600, 1200, 3), 90);
    let cut = post
        .post_multipart("/api/v1/media", "cut.jpg", &photo[..photo.len() / 2], &[])
        .await;
    assert_eq!(cut.status, 422);
    assert!(
        cut.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("不完整"),
        "{}",
        cut.text
    );
    // Too small to be clear.
    let small = post
        .post_multipart(
            "/api/v1/media",
            "small.jpg",
            &jpeg(&scene(700, 400, 4), 90),
            &[],
        )
        .await;
    assert_eq!(small.status, 422);
    assert!(
        small.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("700×400")
    );
});

on_both_backends!(
    with_demo,
    a_portrait_phone_photo_comes_out_upright_without_gps,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        // Stored sideways (1600 wide, 1200 tall) with orientation 6: upright it is a 1200×1600 portrait.
        let stored = jpeg(&scene(1600, 1200, 11), 92);
        let phone = jpeg_with_exif(&stored, &exif_with_gps(6));
        let uploaded = post
            .post_multipart("/api/v1/media", "IMG_2020.JPG", &phone, &[])
            .await;
        assert_eq!(uploaded.status, 201, "{}", uploaded.text);
        let media = uploaded.json();
        assert_eq!(
            (
                media["source_width"].as_i64(),
                media["source_height"].as_i64()
            ),
            (Some(1200), Some(1600))
        );
        assert_eq!(
            (media["width"].as_i64(), media["height"].as_i64()),
            (Some(750), Some(445))
        );
        let image = post.get(media["url"].as_str().unwrap()).await;
        assert!(image.bytes.len() <= 1024 * 1024);
        assert!(
            jpeg_segments(&image.bytes)
                .iter()
                .all(|(marker, _)| *marker != 0xE1),
            "no APP1/EXIF left"
        );
        assert!(!image.bytes.windows(4).any(|w| w == b"Exif"));
        // The original stays private: the post sees it, an unrelated post does not.
        let original = format!("/media/originals/{}", media["media"].as_str().unwrap());
        assert_eq!(post.get(&original).await.status, 200);
        let mut other = app.signed_in("gang_bank").await;
        assert_eq!(other.get(&original).await.status, 404);
        // The district sees it only once a submitted article shows it (drafts are the post's).
        let mut district = app.signed_in("yz_reviewer").await;
        assert_eq!(district.get(&original).await.status, 404);
        let mut body = content("带照片的稿件", "正文");
        body["blocks"]
            .as_array_mut()
            .unwrap()
            .push(json!({"type": "image", "media": media["media"], "caption": "岗位照片"}));
        let campaign = current_campaign(&mut post).await;
        let article = draft(&mut post, campaign, body).await;
        let sent = post
            .json(
                "POST",
                &format!("/api/v1/articles/{}/submit", article["id"]),
                &json!({"version": article["version"]}),
            )
            .await;
        assert_eq!(sent.status, 200, "{}", sent.text);
        assert_eq!(district.get(&original).await.status, 200);
        assert_eq!(other.get(&original).await.status, 404);
    }
);

on_both_backends!(
    with_demo,
    a_photo_uploaded_on_the_page_lands_in_the_article,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let campaign = current_campaign(&mut post).await;
        let article = draft(&mut post, campaign, content("配图", "正文")).await;
        let id = article["id"].as_i64().unwrap();
        post.get(&format!("/articles/{id}/edit")).await;
        let upload = post
            .post_multipart(
                &format!("/articles/{id}/images"),
                "a.png",
                &png(&scene(1500, 900, 5)),
                &[],
            )
            .await;
        assert_eq!(upload.status, 303, "{}", upload.text);
        let editor = post.get(upload.location.as_deref().unwrap()).await;
        editor
            .assert_contains("图片已插入正文末尾")
            .assert_contains("/media/");
        let bad = post
            .post_multipart(
                &format!("/articles/{id}/images"),
                "a.jpg",
                b"not an image",
                &[],
            )
            .await;
        assert_eq!(bad.status, 422);
        bad.assert_contains("上传的文件不是图片")
            .assert_contains("配图");
        let stored = post.get(&format!("/api/v1/articles/{id}")).await.json();
        assert_eq!(stored["content"]["blocks"].as_array().unwrap().len(), 2);
    }
);

on_both_backends!(
    with_demo,
    a_phone_photo_with_broken_exif_is_shown_upright,
    |app| {
        use crate::images::{Flaw, assert_upright, decode, phone_exif, stored_sideways};
        let mut post = app.signed_in("gang_demo").await;
        let campaign = current_campaign(&mut post).await;
        let article = draft(&mut post, campaign, content("现场照片", "正文")).await;
        let id = article["id"].as_i64().unwrap();
        post.get(&format!("/articles/{id}/edit")).await;
        // Stored sideways with orientation 6, the GPS IFD's next pointer broken as some phones do.
        let photo = jpeg_with_exif(
            &jpeg(&stored_sideways(6), 90),
            &phone_exif(true, 6, Flaw::GpsNextPointer),
        );
        let uploaded = post
            .post_multipart(&format!("/articles/{id}/images"), "侧拍.jpg", &photo, &[])
            .await;
        assert_eq!(uploaded.status, 303, "{}", uploaded.text);
        let saved = post.get(&format!("/api/v1/articles/{id}")).await.json();
        let media = saved["content"]["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["type"] == "image")
            .unwrap()["media"]
            .as_str()
            .unwrap()
            .to_string();
        let file = if media.ends_with(".jpg") {
            media
        } else {
            format!("{media}.jpg")
        };
        let image = post.get(&format!("/media/{file}")).await;
        assert_eq!(image.status, 200, "{file}");
        assert_upright(&decode(&image.bytes), "uploaded through the editor");
    }
);
