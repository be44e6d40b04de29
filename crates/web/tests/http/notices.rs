//! Notices (通知): the seed's two notices as demo data, forwarding down the tree with the chain
//! kept, read receipts per organisation, attachments checked by content and served only to
//! recipients, and no province ever seeing another province's notices.

use crate::review::helpers::account_at;
use jinguo_testkit::{Client, TestResponse, on_both_backends};

const NATIONAL: &str = "关于开展“巾帼文明岗网上行”活动的通知";
const CHONGQING: &str = "关于转发《关于开展“巾帼文明岗网上行”活动的通知》的通知";

/// The id of a notice in the viewer's list (received, or `?tab=sent`).
async fn notice_id(client: &mut Client, list: &str, title: &str) -> i64 {
    let page = client.get(list).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let marker = format!("\">{title}</a>");
    let before = page
        .text
        .split(&marker)
        .next()
        .filter(|b| b.len() < page.text.len())
        .unwrap_or_else(|| panic!("{title} not listed:\n{}", page.text));
    before
        .rsplit("href=\"/notices/")
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Every attachment link on a notice page.
fn attachment_links(page: &TestResponse) -> Vec<String> {
    page.text
        .split("<a href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|href| href.contains("/attachments/"))
        .map(str::to_string)
        .collect()
}

fn jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(8, 8, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(8, 8, image::Rgb([30, 30, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn issue(
    client: &mut Client,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> TestResponse {
    client.get("/notices").await;
    client.post_multipart_parts(path, fields, files).await
}

on_both_backends!(
    with_demo,
    the_seed_notices_are_forwarded_down_and_read_receipts_follow,
    |app| {
        let mut district = app.signed_in("yz_reviewer").await;
        let list = district.get("/notices").await;
        list.assert_contains(CHONGQING)
            .assert_contains("未读")
            .assert_contains("<span class=\"sr-only\">（未读 1 条）</span>")
            .assert_not_contains(&format!(">{NATIONAL}</a>"));
        let forward = notice_id(&mut district, "/notices", CHONGQING).await;

        let page = district.get(&format!("/notices/{forward}")).await;
        assert_eq!(page.status, 200, "{}", page.text);
        page.assert_contains("各区县（自治县）妇联，两江新区、万盛经开区妇联")
            .assert_contains("联系人：市妇联妇女发展部 谢欣")
            .assert_contains("联系电话：67125570")
            .assert_contains("重庆市妇女联合会<br>2020年5月9日")
            .assert_contains(&format!("附件：{NATIONAL}"))
            .assert_contains(&format!("class=\"notice-title\">{NATIONAL}</h2>"))
            .assert_contains("<h3 class=\"notice-sub\">一、活动对象</h3>")
            .assert_contains("联系人：张旭东 陈创业")
            .assert_contains("全国妇联妇女发展部<br>2020年4月27日")
            .assert_contains("“巾帼文明岗网上行”活动报名表.xlsx")
            .assert_contains("转发给下级单位")
            .assert_not_contains("阅读情况");
        // Opening records nothing: the badge stays until the unit signs for it (签收, a POST).
        page.assert_contains("（未读 1 条）")
            .assert_contains(&format!("action=\"/notices/{forward}/read\""))
            .assert_contains("签收（已阅）");
        let signed = district
            .post_form(&format!("/notices/{forward}/read"), &[])
            .await;
        assert_eq!(signed.status, 303, "{}", signed.text);
        let page = district.get(&format!("/notices/{forward}")).await;
        page.assert_not_contains("（未读 1 条）")
            .assert_contains("已签收")
            .assert_not_contains(&format!("action=\"/notices/{forward}/read\""));

        // The national notice's attachment downloads through the forward.
        let links = attachment_links(&page);
        assert_eq!(links.len(), 1, "{links:?}");
        let file = district.get(&links[0]).await;
        assert_eq!(file.status, 200);
        assert!(file.bytes.starts_with(b"PK"));
        assert_eq!(
            file.content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let disposition = file.headers["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(
            disposition.contains("filename*=UTF-8''%E2%80%9C%E5%B7%BE%E5%B8%BC"),
            "{disposition}"
        );

        // Chongqing sees who read its forward: 渝中区 by its reviewer, 万州区 not yet.
        let mut province = app.signed_in("cq_reviewer").await;
        let sent = province.get("/notices?tab=sent").await;
        sent.assert_contains(CHONGQING);
        let receipts = province.get(&format!("/notices/{forward}")).await;
        receipts
            .assert_contains("阅读情况")
            .assert_contains("已读 1/");
        let row = |name: &str| {
            receipts
                .text
                .split("<tr class=")
                .find(|r| r.contains(&format!("<td>{name}</td>")))
                .unwrap_or_else(|| panic!("no receipt row {name}:\n{}", receipts.text))
                .to_string()
        };
        assert!(
            row("渝中区").contains("渝中区妇联 审核员"),
            "{}",
            row("渝中区")
        );
        assert!(
            row("渝中区").contains("已读</span> <small>2026年6月1日 12:00"),
            "{}",
            row("渝中区")
        );
        assert!(row("万州区").contains("未读"));
        province.get("/dashboard").await.assert_contains(&format!(
            "{CHONGQING}</a> <span class=\"tag tag-warn\">已读 1/"
        ));

        // A second reader of the same unit does not move the receipt.
        let mut admin = app.signed_in("yz_admin").await;
        app.clock.advance(chrono::Duration::hours(2));
        admin.get(&format!("/notices/{forward}")).await;
        let second = admin
            .post_form(&format!("/notices/{forward}/read"), &[])
            .await;
        assert_eq!(second.status, 303, "{}", second.text);
        let again = province.get(&format!("/notices/{forward}")).await;
        again.assert_contains("已读 1/");
        assert!(
            again
                .text
                .contains("<small>2026年6月1日 12:00 渝中区妇联 审核员</small>"),
            "{}",
            again.text
        );

        // 渝中区 forwards it to its posts with its own preface; the post sees the whole chain.
        let form = district.get(&format!("/notices/{forward}/forward")).await;
        // A forward of a forward names the original document, not a nest of 关于转发《关于转发….
        form.assert_contains("value=\"关于转发《关于开展“巾帼文明岗网上行”活动的通知》的通知\"")
            .assert_not_contains("关于转发《关于转发");
        let done = issue(
            &mut district,
            &format!("/notices/{forward}/forward"),
            &[
                ("title", "关于做好“巾帼文明岗网上行”投稿工作的通知"),
                ("body", "各巾帼文明岗：\n请于6月20日前完成投稿。"),
                ("contact_person", "王老师"),
                ("contact_phone", "023-63891234"),
                ("issued_on", "2026-06-01"),
                ("all", "1"),
            ],
            &[],
        )
        .await;
        assert_eq!(done.status, 303, "{}", done.text);
        let mut post = app.signed_in("gang_demo").await;
        let mine = notice_id(
            &mut post,
            "/notices",
            "关于做好“巾帼文明岗网上行”投稿工作的通知",
        )
        .await;
        let chain = post.get(&format!("/notices/{mine}")).await;
        chain
            .assert_contains("请于6月20日前完成投稿。")
            .assert_contains("渝中区妇联<br>2026年6月1日")
            .assert_contains("重庆市妇女联合会<br>2020年5月9日")
            .assert_contains("全国妇联妇女发展部<br>2020年4月27日")
            .assert_not_contains("转发给下级单位");
        let links = attachment_links(&chain);
        assert_eq!(post.get(&links[0]).await.status, 200);

        // National sees the receipts of its own notice and of Chongqing's forward.
        let mut national = app.signed_in("qg_reviewer").await;
        let original = notice_id(&mut national, "/notices?tab=sent", NATIONAL).await;
        let page = national.get(&format!("/notices/{original}")).await;
        page.assert_contains("已读 0/32");
        national
            .get(&format!("/notices/{forward}"))
            .await
            .assert_contains("已读 1/");
        province.get(&format!("/notices/{original}")).await;
        national
            .get(&format!("/notices/{original}"))
            .await
            .assert_contains("已读 0/32");
        province
            .post_form(&format!("/notices/{original}/read"), &[])
            .await;
        national
            .get(&format!("/notices/{original}"))
            .await
            .assert_contains("已读 1/32");
    }
);

on_both_backends!(
    with_demo,
    notices_and_attachments_stay_with_their_recipients,
    |app| {
        let mut province = app.signed_in("cq_reviewer").await;
        let yuzhong = crate::support::org_id_anywhere(app, "500103")
            .await
            .to_string();
        let done = issue(
            &mut province,
            "/notices/new",
            &[
                ("title", "渝中区专项通知"),
                ("body", "一、事项\n请渝中区妇联报送材料。"),
                ("recipients", &yuzhong),
            ],
            &[("files", "材料清单.pdf", b"%PDF-1.4\nminimal")],
        )
        .await;
        assert_eq!(done.status, 303, "{}", done.text);
        let id: i64 = done
            .location
            .unwrap()
            .trim_start_matches("/notices/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let page = province.get(&format!("/notices/{id}")).await;
        page.assert_contains("已读 0/1")
            .assert_contains("<h2 class=\"notice-sub\">一、事项</h2>");
        let link = attachment_links(&page).remove(0);

        let mut yz = app.signed_in("yz_reviewer").await;
        let file = yz.get(&link).await;
        assert_eq!(file.status, 200);
        assert_eq!(file.bytes, b"%PDF-1.4\nminimal");
        assert_eq!(file.content_type, "application/pdf");

        // Another district of the same province, and another province: not found, everywhere.
        let mut wanzhou = account_at(app, "500101", "wz_reviewer", "reviewer").await;
        let mut hubei = account_at(app, "42", "hb_reviewer", "reviewer").await;
        for outsider in [&mut wanzhou, &mut hubei] {
            assert_eq!(outsider.get(&format!("/notices/{id}")).await.status, 404);
            assert_eq!(outsider.get(&link).await.status, 404);
            outsider
                .get("/notices")
                .await
                .assert_not_contains("渝中区专项通知");
        }
        // Hubei received the national notice but sees neither its receipts nor Chongqing's forward.
        let national_id = notice_id(&mut hubei, "/notices", NATIONAL).await;
        hubei
            .get(&format!("/notices/{national_id}"))
            .await
            .assert_not_contains("阅读情况")
            .assert_not_contains("重庆市");
        hubei.get("/notices").await.assert_not_contains(CHONGQING);
        let forward = notice_id(&mut province, "/notices?tab=sent", CHONGQING).await;
        assert_eq!(hubei.get(&format!("/notices/{forward}")).await.status, 404);
        assert_eq!(
            hubei
                .get(&format!("/notices/{forward}/forward"))
                .await
                .status,
            404
        );
        // Posts receive but do not issue.
        let mut post = app.signed_in("gang_demo").await;
        assert_eq!(post.get("/notices/new").await.status, 403);
    }
);

on_both_backends!(with_demo, attachments_are_checked_by_their_content, |app| {
    let mut province = app.signed_in("cq_reviewer").await;
    let fields = [
        ("title", "关于报送材料的通知"),
        ("body", "请按附件要求报送。"),
        ("contact_person", "谢欣"),
        ("contact_phone", "67125570"),
        ("all", "1"),
    ];
    let photo = jpeg();
    let refused = issue(
        &mut province,
        "/notices/new",
        &fields,
        &[
            ("files", "要求.pdf", b"%PDF-1.7 ok"),
            ("files", "照片.pdf", &photo),
        ],
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    refused
        .assert_contains("附件“照片.pdf”扩展名是 .pdf，但内容是JPG 图片，两者不一致")
        .assert_contains("value=\"关于报送材料的通知\"")
        .assert_contains("请按附件要求报送。</textarea>")
        .assert_contains("value=\"67125570\"");

    let script = issue(
        &mut province,
        "/notices/new",
        &fields,
        &[("files", "说明.docx", b"#!/bin/sh\necho hi\n")],
    )
    .await;
    assert_eq!(script.status, 422);
    script.assert_contains("附件“说明.docx”的内容不是可接受的格式");

    let untitled = issue(
        &mut province,
        "/notices/new",
        &[("title", ""), ("body", "正文"), ("all", "1")],
        &[],
    )
    .await;
    assert_eq!(untitled.status, 422);
    untitled.assert_contains("title-error");
    let nobody = issue(
        &mut province,
        "/notices/new",
        &[("title", "无人接收"), ("body", "正文")],
        &[],
    )
    .await;
    assert_eq!(nobody.status, 422);
    nobody.assert_contains("recipients-error");

    let picture = png();
    let accepted = issue(
        &mut province,
        "/notices/new",
        &fields,
        &[
            ("files", "要求.pdf", b"%PDF-1.7 ok"),
            ("files", "海报.PNG", &picture),
        ],
    )
    .await;
    assert_eq!(accepted.status, 303, "{}", accepted.text);
    let page = province.get(accepted.location.as_deref().unwrap()).await;
    page.assert_contains("要求.pdf").assert_contains("海报.PNG");
    let links = attachment_links(&page);
    assert_eq!(links.len(), 2);
    let png_file = province.get(&links[1]).await;
    assert_eq!(png_file.content_type, "image/png");
    assert_eq!(png_file.bytes, picture);

    // Attachments together may pass the general 25 MB body limit; one over 20 MB may not.
    let mut fifteen = b"%PDF-1.7\n".to_vec();
    fifteen.resize(15 * 1024 * 1024, b'x');
    let two = issue(
        &mut province,
        "/notices/new",
        &fields,
        &[("files", "一.pdf", &fifteen), ("files", "二.pdf", &fifteen)],
    )
    .await;
    assert_eq!(two.status, 303, "{}", two.text);
    let mut too_big = b"%PDF-1.7\n".to_vec();
    too_big.resize(21 * 1024 * 1024, b'x');
    let refused = issue(
        &mut province,
        "/notices/new",
        &fields,
        &[("files", "大文件.pdf", &too_big)],
    )
    .await;
    assert_eq!(refused.status, 413, "{}", refused.text);
    refused.assert_contains("附件“大文件.pdf”太大，每个附件不能超过 20 MB。");
});
