//! Chinese full-text search: words cut by jieba, highlighted, filtered by theme and province.

use jinguo_testkit::on_both_backends;

on_both_backends!(with_showcase, readers_search_in_chinese, |app| {
    let mut reader = app.client();
    let empty = reader.get("/search").await;
    assert_eq!(empty.status, 200);
    empty
        .assert_not_contains("没有找到")
        .assert_not_contains("找到 ");

    let found = reader.get("/search?q=%E8%8B%97%E7%BB%A3").await; // 苗绣
    found
        .assert_contains("找到 2 篇相关稿件")
        .assert_contains("<mark>苗绣</mark>")
        .assert_contains("湖南省");
    // A filter narrows: 苗绣 under 乡村振兴 only.
    reader
        .get("/search?q=%E8%8B%97%E7%BB%A3&theme=rural")
        .await
        .assert_contains("找到 1 篇相关稿件")
        .assert_contains("走出大山，乡村旅游火起来");
    // Province filter: 护理 in 重庆 only, never another province's article.
    let cq = reader.get("/search?q=%E6%8A%A4%E7%90%86&province=50").await;
    cq.assert_contains("急诊科护理组")
        .assert_not_contains("怒江");
    // A work unit finds its post.
    reader
        .get("/search?q=%E5%A1%9E%E7%BD%95%E5%9D%9D")
        .await
        .assert_contains("望海楼女子护林组");
    // Nonsense and punctuation are answered, not refused.
    for q in ["%22%29%28AND", "%EF%BC%81%EF%BC%81", "zzzzqqq"] {
        let r = reader.get(&format!("/search?q={q}")).await;
        assert_eq!(r.status, 200, "{q}: {}", r.text);
        r.assert_contains("没有找到相关稿件");
    }
});

// Issue 13 §9: a district's or a province's name finds the articles from there, whether or not
// their text names the place.
on_both_backends!(
    with_showcase,
    a_place_name_finds_every_article_from_there,
    |app| {
        let mut reader = app.client();
        let mut from_yuzhong = Vec::new();
        let mut from_chongqing = 0;
        for page in 1.. {
            let list = reader
                .get(&format!("/api/v1/public/articles?page={page}"))
                .await
                .json();
            for item in list["items"].as_array().unwrap() {
                if item["district"] == "渝中区" {
                    from_yuzhong.push(item["title"].as_str().unwrap().to_string());
                }
                if item["province"] == "重庆市" {
                    from_chongqing += 1;
                }
            }
            if page >= list["pages"].as_u64().unwrap() {
                break;
            }
        }
        assert!(from_yuzhong.len() >= 3, "{from_yuzhong:?}");
        let total = |page: &jinguo_testkit::TestResponse| -> usize {
            let text = &page.text;
            let at = text.find("找到 ").expect("a count");
            text[at + "找到 ".len()..]
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a number")
        };
        // 渝中, 渝中区: the short name and the full one.
        for q in ["%E6%B8%9D%E4%B8%AD", "%E6%B8%9D%E4%B8%AD%E5%8C%BA"] {
            let found = reader.get(&format!("/search?q={q}")).await;
            assert_eq!(found.status, 200);
            for title in &from_yuzhong {
                found.assert_contains(title);
            }
            assert!(total(&found) >= from_yuzhong.len(), "{}", found.text);
        }
        let chongqing = reader.get("/search?q=%E9%87%8D%E5%BA%86").await; // 重庆
        assert!(total(&chongqing) >= from_chongqing, "{}", chongqing.text);
    }
);
