//! A reader on a phone: the front page, a theme, an article, then a search and its result.

use crate::harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_on_a_phone_browses_and_searches_the_showcase() {
    let Some(browser) = harness::start_showcase().await else {
        return;
    };
    browser.resize(390, 844).await;
    browser.goto("/").await;
    let home = browser.body_text().await;
    assert!(home.contains("树时代文明，展巾帼风采"), "{home}");
    assert!(home.contains("已发布稿件 60 篇"), "{home}");
    browser.screenshots("showcase-home").await;
    browser.resize(390, 844).await;

    // The theme shelf's link to 乡村振兴, then its first article.
    browser.click_and_wait("#shelf-rural a").await;
    assert_eq!(browser.path().await, "/themes/rural");
    let theme = browser.body_text().await;
    assert!(theme.contains("共 14 篇"), "{theme}");
    browser.screenshots("showcase-theme").await;
    browser.resize(390, 844).await;
    browser.click_and_wait(".card-grid .news-card-link").await;
    assert!(browser.path().await.starts_with("/news/"));
    let article = browser.body_text().await;
    assert!(article.contains("乡村振兴"), "{article}");
    assert!(article.contains("微信扫一扫，分享本文"), "{article}");
    browser.screenshots("showcase-article").await;
    browser.resize(390, 844).await;

    // Search from the header box.
    browser.fill("#site-q", "苗绣").await;
    browser.click_and_wait(".site-search button").await;
    let results = browser.body_text().await;
    assert!(results.contains("找到 2 篇相关稿件"), "{results}");
    browser.screenshots("showcase-search").await;
    browser.resize(390, 844).await;
    browser.click_and_wait(".result h2 a").await;
    let found = browser.body_text().await;
    assert!(found.contains("苗绣"), "{found}");
    assert!(found.contains("湖南省"), "{found}");
    browser.finish().await;
}
