//! Notices (通知) over JSON: a federation issues one with an attachment, the recipient reads
//! it, signs for it (签收) and forwards it down with a preface, the unit below reads the whole
//! chain and downloads the original's attachment through the forward, and the issuer follows
//! the receipts. Another province never learns the notice exists: 404 on every path, absent
//! from its lists.

use crate::support::{assert_error, field_message, org_id, post, token_at, with_token};
use jinguo_testkit::{Client, TestResponse, on_both_backends};
use serde_json::{Value, json};

/// The seed's notice from national to every province.
const NATIONAL_SEED: &str = "关于开展“巾帼文明岗网上行”活动的通知";
const PLAN: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
/// `活动方案.pdf` as RFC 5987 spells it.
const PLAN_DISPOSITION: &str = "attachment; filename=\"____.pdf\"; \
     filename*=UTF-8''%E6%B4%BB%E5%8A%A8%E6%96%B9%E6%A1%88.pdf";

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(8, 8, image::Rgb([30, 30, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Issues a notice to one organisation with one PDF attachment; returns its id.
async fn issue_to(client: &mut Client, recipient: i64, title: &str) -> i64 {
    let recipient = recipient.to_string();
    let issued = client
        .post_multipart_parts(
            "/api/v1/notices",
            &[
                ("title", title),
                ("body", "一、报送内容\n请于6月20日前报送岗位材料。"),
                ("contact_person", "谢欣"),
                ("contact_phone", "67125570"),
                ("recipients", &recipient),
            ],
            &[("files", "活动方案.pdf", PLAN)],
        )
        .await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    issued.json()["id"].as_i64().unwrap()
}

/// Forwards notice `id` to one organisation with a preface and `files`; the answer.
async fn forward(
    client: &mut Client,
    id: i64,
    recipient: i64,
    preface: &str,
    files: &[(&str, &str, &[u8])],
) -> TestResponse {
    let recipient = recipient.to_string();
    client
        .post_multipart_parts(
            &format!("/api/v1/notices/{id}/forward"),
            &[
                ("title", "关于转发岗位材料报送通知的通知"),
                ("body", preface),
                ("recipients", &recipient),
            ],
            files,
        )
        .await
}

/// The item of notice `id` in a list answer.
fn listed(list: &TestResponse, id: i64) -> Value {
    assert_eq!(list.status, 200, "{}", list.text);
    list.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id)
        .unwrap_or_else(|| panic!("notice {id} not listed: {}", list.text))
        .clone()
}

async fn unread_notices(client: &mut Client) -> u64 {
    let count = client.get("/api/v1/inbox/unread-count").await;
    assert_eq!(count.status, 200, "{}", count.text);
    count.json()["notices"].as_u64().unwrap()
}

on_both_backends!(
    with_demo,
    a_notice_is_issued_signed_for_once_and_the_issuer_sees_the_receipt,
    |app| {
        let mut province = with_token(app, "cq_reviewer").await;
        let mut district = with_token(app, "yz_reviewer").await;
        let yuzhong = org_id(&mut province, "500103").await;
        let badge = unread_notices(&mut district).await;
        let id = issue_to(&mut province, yuzhong, "关于报送岗位材料的通知").await;

        let sent = listed(&province.get("/api/v1/notices?box=sent").await, id);
        assert_eq!(sent["title"], "关于报送岗位材料的通知");
        assert_eq!(sent["issuer_name"], "重庆市妇联");
        assert_eq!(sent["issued_on"], "2026-06-01", "today when left empty");
        assert!(sent["forwards"].is_null());
        assert_eq!(
            (
                sent["read_count"].as_u64(),
                sent["recipient_count"].as_u64()
            ),
            (Some(0), Some(1))
        );

        let received = listed(&district.get("/api/v1/notices").await, id);
        assert!(received["read_at"].is_null() && received["read_by"].is_null());
        assert!(received["read_count"].is_null(), "counts are the issuer's");
        assert_eq!(unread_notices(&mut district).await, badge + 1);

        let detail = district.get(&format!("/api/v1/notices/{id}")).await;
        assert_eq!(detail.status, 200, "{}", detail.text);
        let detail = detail.json();
        assert_eq!(detail["standing"], "recipient");
        assert_eq!(detail["can_forward"], true, "渝中区 has posts below it");
        assert_eq!(detail["receipts"], json!([]));
        let text = &detail["chain"][0];
        assert_eq!(detail["chain"].as_array().unwrap().len(), 1);
        assert_eq!(text["author_name"], "重庆市妇联妇女发展部 谢欣");
        assert_eq!(
            text["blocks"],
            json!([{"type": "subheading", "text": "一、报送内容"},
                   {"type": "paragraph", "text": "请于6月20日前报送岗位材料。"}])
        );
        assert_eq!(
            (&text["contact_person"], &text["contact_phone"]),
            (&json!("谢欣"), &json!("67125570"))
        );
        let file = &text["attachments"][0];
        assert_eq!(
            (&file["file_name"], &file["kind"]),
            (&json!("活动方案.pdf"), &json!("pdf"))
        );
        assert_eq!(file["size_bytes"].as_u64(), Some(PLAN.len() as u64));
        // Reading is a GET: it signs nothing, the badge stays.
        assert_eq!(unread_notices(&mut district).await, badge + 1);
        let receipts = format!("/api/v1/notices/{id}/receipts");
        assert_error(&district.get(&receipts).await, 404, "not_found");

        let signed = post(&mut district, &format!("/api/v1/notices/{id}/read")).await;
        assert_eq!(signed.status, 204, "{}", signed.text);
        assert_eq!(unread_notices(&mut district).await, badge);
        // A colleague signing later moves neither the time nor the name.
        app.clock.advance(chrono::Duration::hours(2));
        let mut colleague = with_token(app, "yz_admin").await;
        let again = post(&mut colleague, &format!("/api/v1/notices/{id}/read")).await;
        assert_eq!(again.status, 204, "{}", again.text);

        let seen = province.get(&receipts).await;
        assert_eq!(seen.status, 200, "{}", seen.text);
        let seen = seen.json();
        assert_eq!(
            (seen["total"].as_u64(), seen["read"].as_u64()),
            (Some(1), Some(1))
        );
        assert_eq!(seen["items"][0]["org_id"], yuzhong);
        assert_eq!(seen["items"][0]["org_name"], "渝中区");
        assert_eq!(seen["items"][0]["read_at"], "2026-06-01T04:00:00Z");
        assert_eq!(seen["items"][0]["read_by"], "渝中区妇联 审核员");
        let received = listed(&colleague.get("/api/v1/notices").await, id);
        assert_eq!(received["read_at"], "2026-06-01T04:00:00Z");
        assert_eq!(received["read_by"], "渝中区妇联 审核员");
        let issuer = province.get(&format!("/api/v1/notices/{id}")).await.json();
        assert_eq!(issuer["standing"], "issuer");
        assert_eq!(issuer["can_forward"], false);
        assert_eq!(issuer["receipts"], seen["items"]);
        let sent = listed(&province.get("/api/v1/notices?box=sent").await, id);
        assert_eq!(sent["read_count"], 1);
        // Only addressees sign: the issuer signing its own notice finds nothing to sign.
        assert_error(
            &post(&mut province, &format!("/api/v1/notices/{id}/read")).await,
            404,
            "not_found",
        );
    }
);

on_both_backends!(
    with_demo,
    a_forward_shows_its_preface_above_the_chain_and_serves_the_originals_attachment,
    |app| {
        let mut national = with_token(app, "qg_admin").await;
        let chongqing = org_id(&mut national, "50").await;
        let original = issue_to(&mut national, chongqing, "关于报送岗位材料的通知").await;
        let mut province = with_token(app, "cq_admin").await;
        let yuzhong = org_id(&mut province, "500103").await;

        // The preface is a body of its own, with its own limit and name in the message.
        let long = "说".repeat(20_001);
        let refused = forward(&mut province, original, yuzhong, &long, &[]).await;
        let body = assert_error(&refused, 422, "invalid");
        assert!(
            field_message(&body, "body").starts_with("转发说明不能超过 20000 字"),
            "{body}"
        );

        let picture = png();
        let sent = forward(
            &mut province,
            original,
            yuzhong,
            "各区县妇联：\n请结合实际抓好落实。",
            &[("files", "转发说明.png", &picture)],
        )
        .await;
        assert_eq!(sent.status, 201, "{}", sent.text);
        let id = sent.json()["id"].as_i64().unwrap();

        let mut district = with_token(app, "yz_reviewer").await;
        assert_eq!(
            listed(&district.get("/api/v1/notices").await, id)["forwards"],
            original
        );
        let detail = district.get(&format!("/api/v1/notices/{id}")).await;
        assert_eq!(detail.status, 200, "{}", detail.text);
        let chain = detail.json()["chain"].clone();
        assert_eq!(chain.as_array().unwrap().len(), 2, "{chain}");
        assert_eq!(
            (&chain[0]["id"], &chain[1]["id"]),
            (&json!(id), &json!(original))
        );
        assert_eq!(chain[0]["issuer_name"], "重庆市妇联");
        assert_eq!(chain[0]["author_name"], "重庆市妇联 管理员");
        assert_eq!(
            chain[0]["blocks"],
            json!([{"type": "paragraph", "text": "各区县妇联："},
                   {"type": "paragraph", "text": "请结合实际抓好落实。"}])
        );
        assert_eq!(chain[1]["issuer_name"], "全国妇联");
        assert_eq!(chain[1]["title"], "关于报送岗位材料的通知");
        let pdf = &chain[1]["attachments"][0];
        let pdf_id = pdf["id"].as_i64().unwrap();
        // Every link goes through the notice opened, the one the reader was addressed.
        assert_eq!(
            pdf["url"],
            format!("/api/v1/notices/{id}/attachments/{pdf_id}")
        );

        let file = district.get(pdf["url"].as_str().unwrap()).await;
        assert_eq!(file.status, 200, "{}", file.text);
        assert_eq!(file.bytes, PLAN);
        assert_eq!(file.content_type, "application/pdf");
        assert_eq!(file.headers["content-disposition"], PLAN_DISPOSITION);
        let own = district
            .get(chain[0]["attachments"][0]["url"].as_str().unwrap())
            .await;
        assert_eq!((own.status, own.content_type.as_str()), (200, "image/png"));
        assert_eq!(own.bytes, picture);
        assert_error(
            &district
                .get(&format!("/api/v1/notices/{id}/attachments/999999"))
                .await,
            404,
            "not_found",
        );
        // 渝中区 was never addressed the original: on its own it does not exist for it.
        assert_error(
            &district.get(&format!("/api/v1/notices/{original}")).await,
            404,
            "not_found",
        );
        assert_error(
            &district
                .get(&format!("/api/v1/notices/{original}/attachments/{pdf_id}"))
                .await,
            404,
            "not_found",
        );

        // National, above the forwarder, follows the forward's receipts; forwarding is not
        // signing, so its own notice still waits for 重庆's.
        let above = national
            .get(&format!("/api/v1/notices/{id}/receipts"))
            .await
            .json();
        assert_eq!(above["items"][0]["org_name"], "渝中区");
        assert!(above["items"][0]["read_at"].is_null());
        assert_eq!(
            listed(&national.get("/api/v1/notices?box=sent").await, original)["read_count"],
            0
        );
        // Posts read notices but issue none.
        let mut post = with_token(app, "gang_demo").await;
        let refused = post
            .post_multipart_parts(
                "/api/v1/notices",
                &[("title", "岗位的通知"), ("body", "正文"), ("all", "1")],
                &[],
            )
            .await;
        assert_error(&refused, 403, "forbidden");
    }
);

on_both_backends!(
    with_demo,
    another_province_never_learns_that_chongqings_notices_exist,
    |app| {
        let mut national = with_token(app, "qg_admin").await;
        let chongqing = org_id(&mut national, "50").await;
        let original = issue_to(&mut national, chongqing, "仅发重庆的通知").await;
        let mut province = with_token(app, "cq_admin").await;
        let yuzhong = org_id(&mut province, "500103").await;
        let sent = forward(&mut province, original, yuzhong, "请抓好落实。", &[]).await;
        assert_eq!(sent.status, 201, "{}", sent.text);
        let forwarded = sent.json()["id"].as_i64().unwrap();
        let detail = province
            .get(&format!("/api/v1/notices/{original}"))
            .await
            .json();
        let file = detail["chain"][0]["attachments"][0]["id"].as_i64().unwrap();

        let mut sichuan = token_at(app, "51", "sc_admin", "admin").await;
        let sichuan_org = org_id(&mut national, "51").await;
        for id in [original, forwarded] {
            for path in [
                format!("/api/v1/notices/{id}"),
                format!("/api/v1/notices/{id}/receipts"),
                format!("/api/v1/notices/{id}/attachments/{file}"),
            ] {
                assert_error(&sichuan.get(&path).await, 404, "not_found");
            }
            let read = post(&mut sichuan, &format!("/api/v1/notices/{id}/read")).await;
            assert_error(&read, 404, "not_found");
            let refused = forward(&mut sichuan, id, sichuan_org, "转发。", &[]).await;
            // Checked before the form: what 四川 hears is that the notice is not there.
            assert_error(&refused, 404, "not_found");
        }

        // Its lists hold the seed's notice to every province, and nothing of Chongqing's.
        let received = sichuan.get("/api/v1/notices?per_page=100").await;
        assert_eq!(received.status, 200, "{}", received.text);
        let received = received.json();
        let titles: Vec<&str> = received["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["title"].as_str().unwrap())
            .collect();
        assert!(titles.contains(&NATIONAL_SEED), "{titles:?}");
        assert!(
            !titles
                .iter()
                .any(|t| t.contains("重庆") || *t == "仅发重庆的通知"),
            "{titles:?}"
        );
        let own = sichuan.get("/api/v1/notices?box=sent").await.json();
        assert_eq!(
            own["total"], 0,
            "nothing was forwarded in 四川's name: {own}"
        );
        // Nothing was signed in its name either.
        let receipts = national
            .get(&format!("/api/v1/notices/{original}/receipts"))
            .await
            .json();
        assert_eq!(
            (receipts["total"].as_u64(), receipts["read"].as_u64()),
            (Some(1), Some(0))
        );
        assert_eq!(receipts["items"][0]["org_name"], "重庆市");
        // Nor can 重庆 address 四川, nor 四川 address 渝中区.
        let across = forward(&mut province, original, sichuan_org, "越级。", &[]).await;
        assert_eq!(
            field_message(&assert_error(&across, 422, "invalid"), "recipients"),
            "此处不允许该值"
        );
        let across = sichuan
            .post_multipart_parts(
                "/api/v1/notices",
                &[
                    ("title", "跨省通知"),
                    ("body", "正文"),
                    ("recipients", &yuzhong.to_string()),
                ],
                &[],
            )
            .await;
        assert_eq!(
            field_message(&assert_error(&across, 422, "invalid"), "recipients"),
            "此处不允许该值"
        );
    }
);
