//! A reader who follows a stale or mistyped link gets the public 404 (issue 13 §6): status 404,
//! the public frame with its search box, a search form of its own and the latest articles; every
//! page offers 长者模式 (large text), remembered by the browser.

use jinguo_testkit::on_both_backends;

on_both_backends!(with_showcase, a_missing_page_leads_the_reader_on, |app| {
    let mut reader = app.client();
    for path in [
        "/news/999999",
        "/news/not-a-number",
        "/no-such-page",
        "/themes/no-such-theme",
        "/provinces/99",
    ] {
        let page = reader.get(path).await;
        assert_eq!(page.status, 404, "{path}: {}", page.text);
        page.assert_contains("<h1>页面不存在</h1>")
            .assert_contains(r#"<form class="not-found-search" action="/search""#)
            .assert_contains(r#"class="site-search""#)
            .assert_contains("最新发布")
            .assert_contains(r#"class="news-card-link""#)
            .assert_contains(r#"href="/news">浏览全部稿件</a>"#);
    }
});

on_both_backends!(with_showcase, every_page_offers_large_text_mode, |app| {
    let mut reader = app.client();
    let home = reader.get("/").await;
    home.assert_contains(r#"<button type="button" class="large-text-toggle" data-large-text hidden>长者模式</button>"#);
    let script = home
        .text
        .split("<script src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    assert!(script.ends_with("/js/prefs.js"), "{script}");
    let js = reader.get(&script).await;
    assert_eq!(js.status, 200);
    js.assert_contains("jinguo-large-text");
    let mut post = app.signed_in("gang_demo").await;
    post.get("/workbench")
        .await
        .assert_contains("data-large-text hidden>长者模式</button>");
});
