//! The conventions of a Chinese government site (issue 13 §6): the footer's 主办/承办 units,
//! contact and registration numbers from configuration (each only when set), a favicon, and the
//! meta tags that keep 360/QQ dual-core browsers out of IE mode; on article pages 字号, 返回顶部
//! and a print stylesheet.

use jinguo_testkit::{Client, on_both_backends};
use jinguo_web::{AppState, SiteIdentity, WebSettings};

on_both_backends!(with_showcase, the_footer_says_who_runs_the_site, |app| {
    let mut plain = app.client();
    let home = plain.get("/").await;
    assert_eq!(home.status, 200);
    home.assert_contains("主办：全国妇联妇女发展部")
        .assert_not_contains("承办：")
        .assert_not_contains("beian.miit.gov.cn")
        .assert_not_contains("网站标识码")
        .assert_contains(r#"<meta name="renderer" content="webkit">"#)
        .assert_contains(r#"<meta http-equiv="X-UA-Compatible" content="IE=edge">"#)
        .assert_contains(r#"<link rel="icon" type="image/svg+xml" href="/static/"#);

    let site = SiteIdentity {
        sponsor: "全国妇联妇女发展部".into(),
        organizer: "中国妇女报社".into(),
        contact: "联系电话：010-65103456".into(),
        icp_number: "京ICP备05001234号-1".into(),
        police_number: "京公网安备 11010502030143号".into(),
        site_code: "bm55000001".into(),
    };
    let router = jinguo_web::router(AppState::new(
        app.ctx.clone(),
        WebSettings {
            site,
            ..WebSettings::default()
        },
    ));
    let mut reader = Client::new(router);
    for path in ["/", "/news", "/search?q=%E6%8A%A4%E7%90%86"] {
        let page = reader.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        page.assert_contains("承办：中国妇女报社")
            .assert_contains("联系电话：010-65103456")
            .assert_contains(r#"<a href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">京ICP备05001234号-1</a>"#)
            .assert_contains("code=11010502030143")
            .assert_contains("京公网安备 11010502030143号")
            .assert_contains("网站标识码：bm55000001");
    }

    // An article page: 字号 大/中/小 without JavaScript, 返回顶部, and a print stylesheet.
    let list = plain.get("/api/v1/public/articles").await.json();
    let id = list["items"][0]["id"].as_i64().unwrap();
    let article = plain.get(&format!("/news/{id}")).await;
    article
        .assert_contains("<legend>字号</legend>")
        .assert_contains(r#"id="fs-large" value="large""#)
        .assert_contains(r#"id="fs-medium" value="medium" checked"#)
        .assert_contains(r##"<a href="#top">返回顶部</a>"##)
        .assert_contains(r#"<header class="site-head" id="top">"#)
        .assert_not_contains("<script>");
    // The one script is 长者模式's preference (large text); the page works without it.
    assert_eq!(
        article.text.matches("<script").count(),
        1,
        "{}",
        article.text
    );
    article.assert_contains(&format!(
        r#"<script src="{}"></script>"#,
        jinguo_web::assets::url("js/prefs.js")
    ));
    let css_url = jinguo_web::assets::url("css/public.css");
    let css = plain.get(&css_url).await;
    css.assert_contains("@media print")
        .assert_contains(".story:has(#fs-large:checked) .article-body");

    // The back office names the icon too, and /favicon.ico leads to it.
    plain
        .get("/login")
        .await
        .assert_contains(r#"<meta name="renderer" content="webkit">"#)
        .assert_contains(r#"<link rel="icon""#);
    let ico = plain.get("/favicon.ico").await;
    assert_eq!(ico.status, 301);
    let icon_url = ico.location.clone().unwrap();
    let icon = plain.get(&icon_url).await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.content_type, "image/svg+xml");
    assert!(icon.text.starts_with("<svg"), "{}", icon.text);
});
