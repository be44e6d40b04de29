//! Sensitive words: national admins keep the list; reviewers see matches highlighted in the
//! title, paragraphs, subheadings and captions, with a summary; the stored text never changes,
//! and markup typed by a post stays escaped text.

use super::helpers::submitted;
use jinguo_testkit::{TestApp, on_both_backends};

async fn save_words(app: &TestApp, words: &str) {
    let mut admin = app.signed_in("qg_admin").await;
    let saved = admin
        .post_form("/admin/sensitive-words", &[("words", words)])
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text);
}

on_both_backends!(
    with_demo,
    a_national_admin_saves_the_list_and_sees_its_last_editor,
    |app| {
        let mut admin = app.signed_in("qg_admin").await;
        admin
            .get("/admin/sensitive-words")
            .await
            .assert_contains("敏感词设置")
            .assert_contains("尚未设置");
        let saved = admin
            .post_form(
                "/admin/sensitive-words",
                &[("words", " 赌博 \n\n诈骗\n赌博\nFake News\n")],
            )
            .await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        let page = admin.get("/admin/sensitive-words?notice=saved").await;
        page.assert_contains("已保存。")
            .assert_contains("当前共 3 个词")
            .assert_contains("最后修改：全国妇联妇女发展部 管理员 于 2026")
            .assert_contains(">赌博\n诈骗\nFake News</textarea>");

        let too_long = "长".repeat(51);
        let refused = admin
            .post_form(
                "/admin/sensitive-words",
                &[("words", &format!("新词\n{too_long}"))],
            )
            .await;
        assert_eq!(refused.status, 422, "{}", refused.text);
        refused
            .assert_contains("words-error")
            .assert_contains(&format!("新词\n{too_long}"));
        admin
            .get("/admin/sensitive-words")
            .await
            .assert_contains("当前共 3 个词");
    }
);

on_both_backends!(
    with_demo,
    only_national_admins_may_see_or_edit_the_list,
    |app| {
        for username in ["cq_admin", "yz_admin", "qg_reviewer", "cq_reviewer"] {
            let mut other = app.signed_in(username).await;
            let page = other.get("/admin/sensitive-words").await;
            assert_eq!(page.status, 403, "{username}: {}", page.text);
            let refused = other
                .post_form("/admin/sensitive-words", &[("words", "我的词")])
                .await;
            assert_eq!(refused.status, 403, "{username}: {}", refused.text);
        }
        let mut national = app.signed_in("qg_admin").await;
        national
            .get("/admin/sensitive-words")
            .await
            .assert_not_contains("我的词");
        app.signed_in("cq_admin")
            .await
            .get("/workbench")
            .await
            .assert_not_contains("/admin/sensitive-words");
    }
);

on_both_backends!(
    with_demo,
    reviewers_see_sensitive_words_marked_and_the_text_unchanged,
    |app| {
        save_words(app, "赌博\n诈骗\n法轮\n法轮功").await;
        let mut post = app.signed_in("gang_demo").await;
        let paragraph = "远离赌博，<script>alert(1)</script>";
        let id = submitted(
            &mut post,
            "反诈骗宣传进社区",
            &[paragraph, "没有问题的段落。", "揭批法轮功邪教。"],
        )
        .await;

        let mut district = app.signed_in("yz_reviewer").await;
        let page = district.get(&format!("/review/{id}")).await;
        assert_eq!(page.status, 200, "{}", page.text);
        page.assert_contains("反<mark>诈骗</mark>宣传进社区")
            .assert_contains(
                "<p>远离<mark>赌博</mark>，&#60;script&#62;alert(1)&#60;/script&#62;</p>",
            )
            .assert_contains("<p>没有问题的段落。</p>")
            .assert_contains("<p>揭批<mark>法轮功</mark>邪教。</p>")
            .assert_contains("发现敏感词 3 处：赌博、诈骗、法轮、法轮功")
            .assert_not_contains("<script>alert(1)");

        // The text as stored and as the post reads it is exactly what was typed.
        let stored = post.get(&format!("/api/v1/articles/{id}")).await.json();
        assert_eq!(stored["content"]["title"], "反诈骗宣传进社区");
        assert_eq!(stored["content"]["blocks"][0]["text"], paragraph);
        post.get(&format!("/articles/{id}"))
            .await
            .assert_not_contains("<mark>");
    }
);

on_both_backends!(
    with_demo,
    an_article_without_listed_words_shows_no_summary,
    |app| {
        save_words(app, "赌博").await;
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(&mut post, "守护岗", &["干净的正文。"]).await;
        let mut district = app.signed_in("yz_reviewer").await;
        district
            .get(&format!("/review/{id}"))
            .await
            .assert_contains("<p>干净的正文。</p>")
            .assert_not_contains("发现敏感词")
            .assert_not_contains("<mark>");
    }
);

on_both_backends!(
    with_demo,
    two_admins_saving_the_word_list_never_overwrite_each_other,
    |app| {
        let mut first = app.signed_in("qg_admin").await;
        let mut second = app.signed_in("qg_admin").await;
        let version = |page: &jinguo_testkit::TestResponse| {
            page.text
                .split("name=\"version\" value=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap()
                .to_string()
        };
        let opened_first = version(&first.get("/admin/sensitive-words").await);
        let opened_second = version(&second.get("/admin/sensitive-words").await);
        let saved = first
            .post_form(
                "/admin/sensitive-words",
                &[("words", "第一位的词"), ("version", &opened_first)],
            )
            .await;
        assert_eq!(saved.status, 303, "{}", saved.text);
        let late = second
            .post_form(
                "/admin/sensitive-words",
                &[("words", "第二位的词"), ("version", &opened_second)],
            )
            .await;
        assert_eq!(late.status, 409, "{}", late.text);
        late.assert_contains("数据已被他人修改")
            .assert_contains("第二位的词");
        let now = first.get("/admin/sensitive-words").await;
        now.assert_contains("第一位的词")
            .assert_not_contains("第二位的词");
    }
);
