//! RSS and Atom per campaign, theme and province; the sitemap and robots.txt; the read API; the
//! publication package for national administrators and their tokens only.

use super::helpers::published_id;
use jinguo_testkit::on_both_backends;
use serde_json::json;

on_both_backends!(with_showcase, feeds_sitemap_api_and_package, |app| {
    let mut reader = app.client();
    let rss = reader.get("/feeds/rss.xml").await;
    assert_eq!(rss.status, 200);
    assert_eq!(rss.content_type, "application/rss+xml; charset=utf-8");
    rss.assert_contains("<rss version=\"2.0\"")
        .assert_contains("<language>zh-CN</language>")
        .assert_contains("<content:encoded>&lt;p&gt;");
    assert_eq!(rss.text.matches("<item>").count(), 30);
    let atom = reader.get("/feeds/theme/poverty/atom.xml").await;
    assert_eq!(atom.content_type, "application/atom+xml; charset=utf-8");
    atom.assert_contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
        .assert_contains("term=\"poverty\"")
        .assert_not_contains("term=\"guard\"");
    let hubei = reader.get("/feeds/province/42/rss.xml").await;
    assert_eq!(hubei.text.matches("<item>").count(), 2, "{}", hubei.text);
    let archive = reader
        .get("/feeds/campaign/wangshangxing-2020/rss.xml")
        .await;
    assert_eq!(archive.text.matches("<item>").count(), 12);
    assert_eq!(reader.get("/feeds/theme/nope/rss.xml").await.status, 404);
    assert_eq!(reader.get("/feeds/colour/red/rss.xml").await.status, 404);
    assert_eq!(reader.get("/feeds/rss.json").await.status, 404);

    let sitemap = reader.get("/sitemap.xml").await;
    assert_eq!(sitemap.text.matches("/news/").count(), 60);
    sitemap
        .assert_contains("<loc>http://localhost/themes/rural</loc>")
        .assert_contains("<loc>http://localhost/provinces/50</loc>");
    let robots = reader.get("/robots.txt").await;
    robots
        .assert_contains("Disallow: /admin/")
        .assert_contains("Sitemap: http://localhost/sitemap.xml");

    let list = reader.get("/api/v1/public/articles?theme=rural").await;
    assert_eq!(list.status, 200, "{}", list.text);
    let json = list.json();
    assert_eq!(json["total"], 14);
    assert!(
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["themes"][0] == "rural")
    );
    let id = published_id(app, "十八洞村苗绣扶贫车间：指尖上的脱贫路").await;
    let one = reader
        .get(&format!("/api/v1/public/articles/{id}"))
        .await
        .json();
    assert_eq!(one["province"], "湖南省");
    assert_eq!(one["featured"], true);
    assert_eq!(one["blocks"][3]["kind"], "image");
    assert!(
        one["blocks"][3]["url"]
            .as_str()
            .unwrap()
            .starts_with("http://localhost/media/")
    );
    assert_eq!(
        reader
            .get("/api/v1/public/articles?province=99")
            .await
            .status,
        404
    );

    // The package: national administrators (session or token) only.
    let mut national = app.signed_in("qg_admin").await;
    let package = national.get("/api/v1/publication-package").await;
    assert_eq!(package.status, 200);
    assert_eq!(package.content_type, "application/zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package.bytes.clone())).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    assert_eq!(names.iter().filter(|n| n.ends_with(".html")).count(), 60);
    assert_eq!(names.iter().filter(|n| n.ends_with(".jpg")).count(), 120);
    let mut page = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name(&format!("articles/{id}.html")).unwrap(),
        &mut page,
    )
    .unwrap();
    assert!(page.contains("<html lang=\"zh-CN\">"));
    assert!(page.contains("src=\"images/"));
    let archive_only = national
        .get("/api/v1/publication-package?campaign=wangshangxing-2020")
        .await;
    let zip = zip::ZipArchive::new(std::io::Cursor::new(archive_only.bytes.clone())).unwrap();
    assert_eq!(
        zip.file_names()
            .filter(|n| n.as_ref().unwrap().ends_with(".html"))
            .count(),
        12
    );
    let issued = national
        .json("POST", "/api/v1/tokens", &json!({"name": "中国妇女网同步"}))
        .await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    let mut media = app.client();
    media.bearer = Some(issued.json()["token"].as_str().unwrap().to_string());
    assert_eq!(media.get("/api/v1/publication-package").await.status, 200);
    for who in ["cq_admin", "qg_reviewer"] {
        let mut other = app.signed_in(who).await;
        let refused = other.get("/api/v1/publication-package").await;
        assert!(
            matches!(refused.status, 403 | 404),
            "{who}: {}",
            refused.status
        );
    }
    assert_eq!(reader.get("/api/v1/publication-package").await.status, 401);
});

// A portal polls the read API with `If-None-Match`: 304 while nothing changed, the new list
// as soon as an article leaves the public side.
on_both_backends!(
    with_showcase,
    the_read_api_answers_304_until_the_public_side_changes,
    |app| {
        use axum::body::Body;
        use axum::http::Request;
        let mut portal = app.client();
        let conditional = |path: &str, etag: &str| {
            Request::get(path)
                .header("if-none-match", etag)
                .header("accept-encoding", jinguo_testkit::BROWSER_ACCEPT_ENCODING)
                .body(Body::empty())
                .unwrap()
        };
        let list = portal.get("/api/v1/public/articles?page=1").await;
        assert_eq!(list.status, 200, "{}", list.text);
        assert_eq!(list.content_type, "application/json");
        assert_eq!(
            list.headers.get("cache-control").unwrap(),
            "public, max-age=0, must-revalidate"
        );
        assert!(list.headers.get("last-modified").is_some());
        let etag = list
            .headers
            .get("etag")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let total = list.json()["total"].as_u64().unwrap();

        let unchanged = portal
            .send(conditional("/api/v1/public/articles?page=1", &etag))
            .await;
        assert_eq!(unchanged.status, 304);
        assert!(unchanged.bytes.is_empty());
        assert_eq!(
            unchanged.headers.get("etag").unwrap().to_str().unwrap(),
            etag
        );

        let first_id = list.json()["items"][0]["id"].as_i64().unwrap();
        let article_path = format!("/api/v1/public/articles/{first_id}");
        let article = portal.get(&article_path).await;
        assert_eq!(article.status, 200);
        let article_etag = article
            .headers
            .get("etag")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(
            portal
                .send(conditional(&article_path, &article_etag))
                .await
                .status,
            304
        );

        let mut national = app.signed_in("qg_reviewer").await;
        crate::review::helpers::moved(&mut national, first_id, "unpublish", "图片版权存疑").await;

        let changed = portal
            .send(conditional("/api/v1/public/articles?page=1", &etag))
            .await;
        assert_eq!(changed.status, 200, "a changed list is sent again");
        assert_ne!(changed.headers.get("etag").unwrap().to_str().unwrap(), etag);
        assert!(changed.headers.get("content-encoding").is_some());
        assert_eq!(changed.json()["total"].as_u64().unwrap(), total - 1);
        assert_eq!(
            portal
                .send(conditional(&article_path, &article_etag))
                .await
                .status,
            404
        );
        // A malformed page is refused before the cache is asked, and never cached.
        assert_eq!(
            portal.get("/api/v1/public/articles?page=0").await.status,
            422
        );
        assert_eq!(
            portal.get("/api/v1/public/articles?page=0").await.status,
            422
        );
    }
);
