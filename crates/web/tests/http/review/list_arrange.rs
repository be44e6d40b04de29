//! 保存排序和理由 (issue 13 §2): the province saves its whole list at once — a position typed
//! beside the last article puts it at the top, every reason typed is saved — and a refused
//! save shows the list again with every row as typed, nothing lost, nothing half-saved.

use super::list_helpers::{Chongqing, campaign_of, in_order, list_page};
use jinguo_testkit::on_both_backends;

/// The whole-list form as the page sends it: each row's article, position and reason.
fn whole_list(campaign: &str, rows: &[(i64, &str, &str)]) -> Vec<(String, String)> {
    let mut fields = vec![("campaign".to_string(), campaign.to_string())];
    for (article, position, reason) in rows {
        fields.push(("article".into(), article.to_string()));
        fields.push(("position".into(), position.to_string()));
        fields.push(("reason".into(), reason.to_string()));
    }
    fields
}

fn as_refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

on_both_backends!(
    with_demo,
    the_whole_list_is_ordered_and_explained_in_one_save,
    |app| {
        let mut cq = Chongqing::signed_in(app).await;
        let a = cq.recommended("甲篇稿件").await;
        let b = cq.recommended("乙篇稿件").await;
        let c = cq.recommended("丙篇稿件").await;
        let d = cq.recommended("丁篇稿件").await;
        let page = list_page(&mut cq.province).await;
        page.assert_contains("保存排序和理由")
            .assert_contains("名单共 4 篇（要求 30–50 篇，尚少 26 篇）")
            .assert_contains("报送（新增 4 篇）")
            .assert_contains(&format!(
                "id=\"position-{d}\" name=\"position\" value=\"4\""
            ));
        let campaign = campaign_of(&page);

        // 丁 typed as 1 goes to the top; every reason is saved, the others move down.
        let fields = whole_list(
            &campaign,
            &[
                (a, "1", "甲：扎根一线十年。"),
                (b, "2", "乙：服务群众有口皆碑。"),
                (c, "3", ""),
                (d, "1", "丁：抗洪抢险冲在前。"),
            ],
        );
        let saved = cq
            .province
            .post_form("/review/list/arrange", &as_refs(&fields))
            .await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        let back = saved.location.clone().unwrap();
        assert!(back.contains("notice=arranged"), "{back}");
        let page = cq.province.get(&back).await;
        assert_eq!(page.status, 200);
        page.assert_contains("已保存排序和推荐理由。")
            .assert_contains(">甲：扎根一线十年。</textarea>")
            .assert_contains(">乙：服务群众有口皆碑。</textarea>")
            .assert_contains(">丁：抗洪抢险冲在前。</textarea>");
        in_order(&page, "丁篇稿件", "甲篇稿件");
        in_order(&page, "甲篇稿件", "乙篇稿件");
        in_order(&page, "乙篇稿件", "丙篇稿件");

        // One reason too long: nothing is saved, and every row comes back as typed.
        let too_long = "理".repeat(201);
        let fields = whole_list(
            &campaign,
            &[
                (d, "4", "丁：改过的理由。"),
                (a, "1", &too_long),
                (b, "2", "乙：改过的理由。"),
                (c, "3", "丙：新写的理由。"),
            ],
        );
        let refused = cq
            .province
            .post_form("/review/list/arrange", &as_refs(&fields))
            .await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains(&format!("id=\"reason-{a}-error\""))
            .assert_contains("推荐理由不能超过 200")
            .assert_contains(&format!(">{too_long}</textarea>"))
            .assert_contains(">丁：改过的理由。</textarea>")
            .assert_contains(">乙：改过的理由。</textarea>")
            .assert_contains(">丙：新写的理由。</textarea>")
            .assert_contains(&format!(
                "id=\"position-{d}\" name=\"position\" value=\"4\""
            ));
        let unchanged = list_page(&mut cq.province).await;
        unchanged
            .assert_contains(">丁：抗洪抢险冲在前。</textarea>")
            .assert_not_contains("改过的理由");
        in_order(&unchanged, "丁篇稿件", "甲篇稿件");

        // A colleague recommended another meanwhile: the save is refused as typed, not applied
        // to a list it was not made for.
        cq.recommended("戊篇稿件").await;
        let fields = whole_list(
            &campaign,
            &[
                (d, "1", "丁：第三次修改。"),
                (a, "2", "甲"),
                (b, "3", "乙"),
                (c, "4", "丙"),
            ],
        );
        let stale = cq
            .province
            .post_form("/review/list/arrange", &as_refs(&fields))
            .await;
        assert_eq!(stale.status, 409, "{}", stale.text);
        stale
            .assert_contains(">丁：第三次修改。</textarea>")
            .assert_contains("戊篇稿件");
        list_page(&mut cq.province)
            .await
            .assert_not_contains("第三次修改");
    }
);
