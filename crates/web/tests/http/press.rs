//! 宣推 (issue 16 §3): national checks published articles on the 已发布 tab, issues a press kit
//! and copies its link once; a journalist without an account opens it, reads each article's
//! press contacts (the post's, and the province federation's once its admin records one) and
//! downloads the photo (whole, ≤ 1920 px, no metadata — never the original), the .docx and the
//! text, each read to the end and counted; the link stops opening after its last China day and
//! when revoked; provinces cannot issue kits; simultaneous downloads on two instances all count.

use jinguo_testkit::{Client, TestApp, on_both_backends};

/// The ids of the first `n` articles on national's 已发布 tab, as its checkboxes carry them.
async fn published_ids(national: &mut Client, filter: &str, n: usize) -> Vec<String> {
    let tab = national
        .get(&format!("/review?tab=published{filter}"))
        .await;
    tab.assert_contains("生成宣推材料");
    tab.text
        .split("name=\"ids\" value=\"")
        .skip(1)
        .take(n)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

/// Issues a kit of `ids` through the two forms, as the browser posts them; returns the link's
/// path (`/press/jgp_…`) and the kit's id.
async fn issue_kit(
    national: &mut Client,
    ids: &[String],
    title: &str,
    days: &str,
) -> (String, i64) {
    let mut fields: Vec<(&str, &str)> = vec![("tab", "published")];
    fields.extend(ids.iter().map(|id| ("ids", id.as_str())));
    let form = national.post_form("/press-kits/new", &fields).await;
    assert_eq!(form.status, 200, "{}", form.text);
    form.assert_contains(&format!("所选稿件（{} 篇）", ids.len()));
    let mut fields: Vec<(&str, &str)> = ids.iter().map(|id| ("ids", id.as_str())).collect();
    fields.extend([
        ("title", title),
        ("note", "请于月底前择优刊发。"),
        ("days", days),
    ]);
    let issued = national.post_form("/press-kits", &fields).await;
    assert_eq!(issued.status, 200, "{}", issued.text);
    issued.assert_contains("宣推链接已生成");
    let link = issued
        .text
        .split("data-press-link>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    let path = link[link.find("/press/").unwrap()..].to_string();
    let kit_id = issued
        .text
        .split("href=\"/press-kits/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    (path, kit_id)
}

fn cell(page: &str, article: &str, column: &str) -> String {
    let row = page
        .split(&format!("data-article=\"{article}\""))
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    row.split(&format!("data-{column}>"))
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string()
}

async fn kit_count(app: &TestApp) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = &app.ctx.db.conn;
    conn.query_one_raw(Statement::from_string(
        conn.get_database_backend(),
        "SELECT COUNT(*) AS n FROM press_kits",
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get::<i64>("", "n")
    .unwrap()
}

on_both_backends!(
    with_showcase,
    national_issues_a_press_kit_that_journalists_open_download_and_lose_when_it_expires,
    |app| {
        let mut national = app.signed_in("qg_reviewer").await;
        // A Chongqing article first (its province records a contact below), then another.
        let chongqing = crate::support::org_id_anywhere(app, "50").await;
        let mut ids = published_ids(&mut national, &format!("&unit={chongqing}"), 1).await;
        let others = published_ids(&mut national, "", 10).await;
        let first_id = ids[0].clone();
        ids.extend(others.into_iter().filter(|id| *id != first_id).take(1));
        assert_eq!(ids.len(), 2);

        // A title left empty: refused in Chinese, what was typed kept.
        let mut fields: Vec<(&str, &str)> = ids.iter().map(|id| ("ids", id.as_str())).collect();
        fields.extend([("title", ""), ("note", "转载请注明来源"), ("days", "200")]);
        let refused = national.post_form("/press-kits", &fields).await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains("请修改标红的项目")
            .assert_contains("转载请注明来源")
            .assert_contains("应在 1 到 90 之间")
            .assert_contains("value=\"200\"");
        assert_eq!(kit_count(app).await, 0);

        let (link, kit_id) = issue_kit(&mut national, &ids, "第一批 中国妇女报", "7").await;
        assert!(link.starts_with("/press/jgp_"), "{link}");
        let token = link.trim_start_matches("/press/").to_string();
        // The list shows the kit but never the link again.
        let list = national.get("/press-kits").await;
        list.assert_contains("第一批 中国妇女报")
            .assert_contains("有效")
            .assert_not_contains(&token);

        // The journalist: no account, no cookie.
        let mut journalist = app.client();
        let page = journalist.get(&link).await;
        assert_eq!(page.status, 200, "{}", page.text);
        page.assert_contains("第一批 中国妇女报")
            .assert_contains("请于月底前择优刊发")
            .assert_contains("下载 Word 文稿")
            .assert_contains("下载高清图片")
            .assert_contains("宣传联络人：李明");
        assert_eq!(page.headers["cache-control"], "private, no-store");
        assert!(
            page.headers["x-robots-tag"]
                .to_str()
                .unwrap()
                .contains("noindex")
        );
        let first = &ids[0];
        assert!(
            page.text
                .contains(&format!("data-press-article=\"{first}\""))
        );
        // The post's contact person from its profile is printed.
        let post_contact: String = {
            use sea_orm::{ConnectionTrait, Statement};
            let conn = &app.ctx.db.conn;
            conn.query_one_raw(Statement::from_sql_and_values(
                conn.get_database_backend(),
                "SELECT p.contact_person AS c FROM articles a JOIN post_profiles p \
                 ON p.org_id = a.post_org_id WHERE a.id = $1",
                [first.parse::<i64>().unwrap().into()],
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "c")
            .unwrap()
        };
        if !post_contact.is_empty() {
            page.assert_contains(&post_contact);
        }

        // The province federation changes its press contact; the kit prints it at once.
        let mut province = app.signed_in("cq_admin").await;
        let bad = province
            .post_form("/press-contact", &[("person", "张红"), ("phone", "电话")])
            .await;
        assert_eq!(bad.status, 422);
        bad.assert_contains("张红").assert_contains("只能包含数字");
        let saved = province
            .post_form(
                "/press-contact",
                &[("person", "张红"), ("phone", "023-6375 9999")],
            )
            .await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        journalist
            .get(&link)
            .await
            .assert_contains("宣传联络人 张红，电话");

        // Downloads, each read to the end.
        let photo = journalist.get(&format!("{link}/{first}/photo-1.jpg")).await;
        assert_eq!(photo.status, 200, "{}", photo.text);
        assert_eq!(photo.content_type, "image/jpeg");
        assert_eq!(&photo.bytes[..2], &[0xFF, 0xD8]);
        assert!(
            !photo.bytes.windows(4).any(|w| w == b"Exif"),
            "the press photo carries no EXIF"
        );
        let decoded = image::load_from_memory(&photo.bytes).unwrap();
        assert!(decoded.width().max(decoded.height()) <= 1920);
        assert!(decoded.width() > 750, "larger than the 750-wide page image");
        assert!(
            photo.headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains(".jpg")
        );
        // Made once, then served from the store, byte for byte the same.
        let again = journalist.get(&format!("{link}/{first}/photo-1.jpg")).await;
        assert_eq!(again.bytes, photo.bytes);

        let docx = journalist
            .get(&format!("{link}/{first}/article.docx"))
            .await;
        assert_eq!(docx.status, 200);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.bytes.clone())).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        assert!(xml.contains("w:val=\"Title\""), "{xml}");
        let text = journalist.get(&format!("{link}/{first}/article.txt")).await;
        assert_eq!(text.status, 200);
        assert!(text.content_type.starts_with("text/plain"));
        assert!(text.text.lines().next().unwrap().chars().count() > 4);
        // A photo the article does not have, a file the kit does not name, an article outside it.
        for path in [
            format!("{link}/{first}/photo-99.jpg"),
            format!("{link}/{first}/original.jpg"),
            format!("{link}/999999/article.txt"),
            "/press/jgp_0000/1/article.txt".to_string(),
            "/press/whatever".to_string(),
        ] {
            assert_eq!(journalist.get(&path).await.status, 404, "{path}");
        }

        // National sees the downloads per article.
        let detail = national.get(&format!("/press-kits/{kit_id}")).await;
        assert_eq!(cell(&detail.text, first, "photos"), "2");
        assert_eq!(cell(&detail.text, first, "docx"), "1");
        assert_eq!(cell(&detail.text, first, "text"), "1");
        assert_eq!(cell(&detail.text, &ids[1], "photos"), "0");

        // Provinces may not issue kits, nor see national's.
        let mut cq_reviewer = app.signed_in("cq_reviewer").await;
        assert_eq!(cq_reviewer.get("/press-kits").await.status, 403);
        let mut fields: Vec<(&str, &str)> = ids.iter().map(|id| ("ids", id.as_str())).collect();
        fields.push(("title", "越权"));
        assert_eq!(
            cq_reviewer.post_form("/press-kits", &fields).await.status,
            403
        );
        assert_eq!(
            cq_reviewer
                .get(&format!("/press-kits/{kit_id}"))
                .await
                .status,
            403
        );
        assert_eq!(kit_count(app).await, 1);

        // A second kit, revoked: its link says so at once.
        let (revoked_link, revoked_id) =
            issue_kit(&mut national, &ids[1..], "第二批 新华社", "").await;
        assert_eq!(journalist.get(&revoked_link).await.status, 200);
        let revoke = national
            .post_form(&format!("/press-kits/{revoked_id}/revoke"), &[])
            .await;
        assert_eq!(revoke.status, 303);
        let gone = journalist.get(&revoked_link).await;
        assert_eq!(gone.status, 410);
        gone.assert_contains("已被全国妇联撤销");
        assert_eq!(
            journalist
                .get(&format!("{revoked_link}/{}/article.txt", ids[1]))
                .await
                .status,
            410
        );
        let audit = app.signed_in("qg_admin").await.get("/admin/audit").await;
        audit
            .assert_contains("生成宣推材料")
            .assert_contains("撤销宣推链接")
            .assert_contains("第二批 新华社");

        // Seven China days from 2026-06-01: it opens through 6月7日 and not on 6月8日.
        app.clock
            .advance(chrono::Duration::days(6) + chrono::Duration::hours(11));
        assert_eq!(
            journalist.get(&link).await.status,
            200,
            "23:00 on its last day"
        );
        app.clock.advance(chrono::Duration::hours(1));
        let expired = journalist.get(&link).await;
        assert_eq!(expired.status, 410);
        expired
            .assert_contains("已过期")
            .assert_contains("2026年6月7日");
        assert_eq!(
            journalist
                .get(&format!("{link}/{first}/photo-1.jpg"))
                .await
                .status,
            410
        );
    }
);

on_both_backends!(
    with_showcase,
    simultaneous_downloads_on_two_instances_all_count,
    |app| {
        let mut national = app.signed_in("qg_reviewer").await;
        let ids = published_ids(&mut national, "", 1).await;
        let (link, kit_id) = issue_kit(&mut national, &ids, "并发下载", "30").await;
        let article = ids[0].clone();
        let other = app.second_instance();
        let mut downloads = Vec::new();
        for i in 0..24 {
            let mut client = if i % 2 == 0 {
                app.client()
            } else {
                app.client().on_instance(other.clone())
            };
            let file = match i % 3 {
                0 => "photo-1.jpg",
                1 => "article.docx",
                _ => "article.txt",
            };
            let path = format!("{link}/{article}/{file}");
            downloads.push(tokio::spawn(async move { client.get(&path).await }));
        }
        let mut photo_bytes: Option<Vec<u8>> = None;
        for download in downloads {
            let answer = download.await.unwrap();
            assert_eq!(answer.status, 200, "{}", answer.text);
            if answer.content_type == "image/jpeg" {
                // However many were made at once, every journalist gets the same photo.
                if let Some(bytes) = &photo_bytes {
                    assert_eq!(bytes, &answer.bytes);
                }
                photo_bytes = Some(answer.bytes);
            }
        }
        let detail = national.get(&format!("/press-kits/{kit_id}")).await;
        assert_eq!(cell(&detail.text, &article, "photos"), "8");
        assert_eq!(cell(&detail.text, &article, "docx"), "8");
        assert_eq!(cell(&detail.text, &article, "text"), "8");
        detail.assert_contains("累计下载 <strong data-downloads>24</strong> 次");
    }
);
