//! A reader browses the showcase: the front page, lists, an article, the 404 page.

use super::helpers::published_id;
use jinguo_testkit::on_both_backends;

on_both_backends!(with_showcase, a_reader_browses_the_showcase, |app| {
    let mut reader = app.client();
    let home = reader.get("/").await;
    assert_eq!(home.status, 200, "{}", home.text);
    home.assert_contains("<html lang=\"zh-CN\">")
        .assert_contains("树时代文明，展巾帼风采")
        .assert_contains("已发布稿件 <strong>60</strong> 篇")
        // Featured: the lead story and the side list.
        .assert_contains("优秀展示")
        .assert_contains("苗绣扶贫车间：指尖上的脱贫路")
        // Themes with their counts, provinces with theirs (zero ones too), industries.
        .assert_contains("乡村振兴</a> <small>")
        .assert_contains("<a href=\"/provinces/50\">重庆市 <b>")
        .assert_contains("<span class=\"chip-empty\">西藏自治区 <b>0</b></span>")
        .assert_contains("<a href=\"/industries/医疗卫生\">医疗卫生 <b>")
        .assert_contains("<a href=\"/campaigns/wangshangxing-2020\">2020年“巾帼文明岗网上行”</a>");

    // A theme page lists only that theme, twelve to a page, with pages to follow.
    let rural = reader.get("/themes/rural").await;
    assert_eq!(rural.status, 200);
    rural
        .assert_contains("<h1>乡村振兴</h1>")
        .assert_contains("乡村振兴巾帼行动")
        .assert_contains("寒地水稻科技服务队：把论文写在黑土地上")
        .assert_not_contains("急诊科护理组：生命通道上的“铿锵玫瑰”");
    let all = reader.get("/news").await;
    all.assert_contains("共 60 篇")
        .assert_contains("href=\"/news?page=2\"");
    assert_eq!(reader.get("/news?page=6").await.status, 404);
    assert_eq!(reader.get("/news?page=5").await.status, 200);

    // A province shows its own posts only; an industry; the 2020 archive.
    let hebei = reader.get("/provinces/13").await;
    hebei
        .assert_contains("<h1>河北省</h1>")
        .assert_contains("望海楼女子护林组")
        .assert_not_contains("郑州东站");
    reader
        .get("/industries/交通运输")
        .await
        .assert_contains("“小红帽”服务组")
        .assert_not_contains("望海楼");
    let archive = reader.get("/campaigns/wangshangxing-2020").await;
    archive
        .assert_contains("共 12 篇")
        .assert_contains("发热门诊护理组：武汉战疫中的巾帼坚守");
    assert_eq!(reader.get("/provinces/99").await.status, 404);
    assert_eq!(reader.get("/themes/nope").await.status, 404);

    // The article page: who, where, when, the blocks, sharing, neighbours.
    let id = published_id(app, "急诊科护理组：生命通道上的“铿锵玫瑰”").await;
    let page = reader.get(&format!("/news/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    page.assert_contains("<h1 id=\"story-title\">急诊科护理组：生命通道上的“铿锵玫瑰”</h1>")
        .assert_contains("<dd>急诊科护理组</dd>")
        .assert_contains("<dd>重庆医科大学附属第一医院</dd>")
        .assert_contains("重庆市 · 渝中区")
        .assert_contains("<a class=\"tag\" href=\"/themes/guard\">守护岗</a>")
        .assert_contains("<meta property=\"og:type\" content=\"article\">")
        .assert_contains(
            "<meta property=\"og:title\" content=\"急诊科护理组：生命通道上的“铿锵玫瑰”\">",
        )
        .assert_contains("<meta name=\"description\" content=\"疫情发生以来")
        .assert_contains(&format!(
            "<link rel=\"canonical\" href=\"http://localhost/news/{id}\">"
        ))
        .assert_contains("width=\"750\" height=\"445\" loading=\"lazy\" alt=\"岗位成员")
        .assert_contains("<figcaption>")
        .assert_contains(&format!("src=\"/news/{id}/qr.svg\""))
        .assert_contains("rel=\"prev\"");
    let qr = reader.get(&format!("/news/{id}/qr.svg")).await;
    assert_eq!(qr.status, 200);
    assert_eq!(qr.content_type, "image/svg+xml");
    assert!(qr.text.contains("<svg"), "{}", qr.text);

    // Not found, in Chinese, for a missing article and nonsense ids.
    let missing = reader.get("/news/999999").await;
    assert_eq!(missing.status, 404);
    missing.assert_contains("页面不存在");
    assert_eq!(reader.get("/news/abc").await.status, 404);
    assert_eq!(reader.get("/news/999999/qr.svg").await.status, 404);
});
