//! Finding the demo showcase's articles the way a reader would: through the read API.

use jinguo_testkit::{Client, TestApp};

/// The id of the published article with this exact title.
pub async fn published_id(app: &TestApp, title: &str) -> i64 {
    let mut reader = app.client();
    for page in 1..=10 {
        let list = reader
            .get(&format!("/api/v1/public/articles?page={page}"))
            .await;
        assert_eq!(list.status, 200, "{}", list.text);
        let json = list.json();
        if let Some(found) = json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
        {
            return found["id"].as_i64().unwrap();
        }
    }
    panic!("{title} is not published");
}

/// Every public text a reader or crawler can fetch about articles, concatenated.
pub async fn everything_public(reader: &mut Client) -> String {
    let mut all = String::new();
    for path in [
        "/",
        "/featured",
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        "/feeds/theme/guard/rss.xml",
        "/feeds/province/50/atom.xml",
        "/sitemap.xml",
    ] {
        let page = reader.get(path).await;
        assert_eq!(page.status, 200, "{path}: {}", page.text);
        all.push_str(&page.text);
    }
    for page in 1..=8 {
        let list = reader.get(&format!("/news?page={page}")).await;
        if list.status == 404 {
            break;
        }
        all.push_str(&list.text);
        let api = reader
            .get(&format!("/api/v1/public/articles?page={page}"))
            .await;
        all.push_str(&api.text);
    }
    all
}
