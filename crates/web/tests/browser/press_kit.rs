//! 宣推 in the browser: a national reviewer ticks two published articles, presses 生成宣推材料,
//! names the batch and copies the link the page shows once; a journalist opens it on her
//! phone without an account and finds each article with its downloads and contacts.

use crate::harness;
use jinguo_testkit::DEMO_PASSWORD;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn national_issues_a_press_kit_and_a_journalist_opens_it_on_her_phone() {
    let Some(browser) = harness::start_showcase().await else {
        return;
    };
    browser.sign_in("qg_reviewer", DEMO_PASSWORD).await;
    browser.goto("/review?tab=published").await;
    browser
        .click(".queue-table tbody tr:nth-child(1) input[name=ids]")
        .await;
    browser
        .click(".queue-table tbody tr:nth-child(2) input[name=ids]")
        .await;
    browser.click_and_wait("button[data-press-kit]").await;
    assert_eq!(browser.path().await, "/press-kits/new");
    let form = browser.body_text().await;
    assert!(form.contains("所选稿件（2 篇）"), "{form}");
    browser.screenshots("press_kit_new").await;
    browser.fill("#title", "第一批 中国妇女报").await;
    browser
        .fill("#note", "请于月底前择优刊发，转载请注明来源。")
        .await;
    browser
        .click_and_wait("form[action='/press-kits'] button[type=submit]")
        .await;
    let issued = browser.body_text().await;
    assert!(issued.contains("宣推链接已生成"), "{issued}");
    browser.screenshots("press_kit_issued").await;
    let link = browser
        .client
        .find(fantoccini::Locator::Css("[data-press-link]"))
        .await
        .expect("the link")
        .text()
        .await
        .expect("its text");
    let path = link[link.find("/press/").expect("a press link")..].to_string();
    browser.sign_out().await;

    browser.resize(390, 844).await;
    browser.goto(&path).await;
    let page = browser.body_text().await;
    assert!(page.contains("第一批 中国妇女报"), "{page}");
    assert!(page.contains("下载 Word 文稿"));
    assert!(page.contains("宣传联络人：李明"));
    let downloads = browser
        .client
        .find_all(fantoccini::Locator::Css(".press-article"))
        .await
        .expect("articles")
        .len();
    assert_eq!(downloads, 2);
    browser.screenshots("press_kit_journalist").await;
    browser
        .client
        .execute(
            "document.querySelector('.press-article').scrollIntoView();",
            vec![],
        )
        .await
        .expect("scroll to the first article");
    browser.screenshots("press_kit_article").await;
    browser.finish().await;
}
