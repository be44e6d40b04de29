//! Signing in, the forced first password change, the failed-login lock, session expiry, logout.

use chrono::Duration;
use jinguo_testkit::{DEMO_PASSWORD, on_both_backends};

on_both_backends!(
    with_demo,
    demo_post_is_forced_to_change_its_password_then_sees_its_home,
    |app| {
        let mut client = app.client();
        let login = client.login("gang_demo", DEMO_PASSWORD).await;
        assert_eq!(login.status, 303);
        assert_eq!(login.location.as_deref(), Some("/account/password"));
        assert!(client.has_cookie("jinguo_session"));
        let cookie = login
            .headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax")
                && cookie.contains("Max-Age"),
            "{cookie}"
        );

        // Every other page sends the account back to the password page.
        let home = client.get("/workbench").await;
        assert_eq!(home.location.as_deref(), Some("/account/password"));
        client
            .get("/account/password")
            .await
            .assert_contains("请先设置新密码");

        let weak = client
            .post_form(
                "/account/password",
                &[
                    ("current_password", DEMO_PASSWORD),
                    ("new_password", "short"),
                    ("repeat_password", "short"),
                ],
            )
            .await;
        assert_eq!(weak.status, 422);
        weak.assert_contains("至少需要 8 个字符");

        let same = client
            .post_form(
                "/account/password",
                &[
                    ("current_password", DEMO_PASSWORD),
                    ("new_password", DEMO_PASSWORD),
                    ("repeat_password", DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(same.status, 422);
        same.assert_contains("新密码不能与当前密码相同");

        let changed = client
            .post_form(
                "/account/password",
                &[
                    ("current_password", DEMO_PASSWORD),
                    ("new_password", "Gangwei2026"),
                    ("repeat_password", "Gangwei2026"),
                ],
            )
            .await;
        assert_eq!(changed.status, 303, "{}", changed.text);
        let home = client.get("/workbench").await;
        assert_eq!(home.status, 200);
        home.assert_contains("急诊科护理组")
            .assert_contains("可参加“巾帼文明岗网上行”活动投稿");

        // The new password works, the old one no longer does.
        let mut again = app.client();
        assert_eq!(again.login("gang_demo", DEMO_PASSWORD).await.status, 401);
        assert_eq!(
            again
                .login("gang_demo", "Gangwei2026")
                .await
                .location
                .as_deref(),
            Some("/workbench")
        );
    }
);

on_both_backends!(
    with_demo,
    wrong_password_says_so_in_chinese_and_keeps_the_username,
    |app| {
        let mut client = app.client();
        let page = client.login("cq_admin", "not-the-password1").await;
        assert_eq!(page.status, 401);
        page.assert_contains("用户名或密码错误")
            .assert_contains("value=\"cq_admin\"");
        let unknown = client.login("nobody_here", "whatever123").await;
        assert_eq!(unknown.status, 401);
        unknown.assert_contains("用户名或密码错误");
        // Nothing tells an existing account from an unknown one.
        let message = |text: &str| {
            let at = text.find("用户名或密码错误").unwrap();
            text[at..at + 120.min(text.len() - at)].to_string()
        };
        assert_eq!(message(&page.text), message(&unknown.text));
    }
);

on_both_backends!(
    with_demo,
    five_failed_logins_lock_the_account_for_fifteen_minutes,
    |app| {
        let mut client = app.client();
        for attempt in 1..=5 {
            let page = client.login("yz_reviewer", "wrong-password1").await;
            assert_eq!(page.status, 401, "attempt {attempt}");
            page.assert_contains("用户名或密码错误");
            // Past three failures the next attempt waits a little (2 s, then the lock).
            app.clock.advance(Duration::seconds(5));
        }
        // Even the right password is refused while locked, with the same message.
        let locked = client.login("yz_reviewer", DEMO_PASSWORD).await;
        assert_eq!(locked.status, 401);
        locked
            .assert_contains("用户名或密码错误")
            .assert_not_contains("锁定至");
        app.clock.advance(Duration::minutes(16));
        assert_eq!(client.login("yz_reviewer", DEMO_PASSWORD).await.status, 303);
    }
);

on_both_backends!(
    with_demo,
    an_expired_session_sends_the_user_to_login_with_a_message,
    |app| {
        let mut client = app.signed_in("cq_reviewer").await;
        assert_eq!(client.get("/workbench").await.status, 200);
        app.clock.advance(Duration::hours(9));
        let page = client.get("/workbench").await;
        assert_eq!(page.status, 303);
        let location = page.location.unwrap();
        assert!(location.starts_with("/login?expired=1"), "{location}");
        client.get(&location).await.assert_contains("登录已过期");
    }
);

on_both_backends!(with_demo, activity_keeps_a_session_alive, |app| {
    let mut client = app.signed_in("cq_reviewer").await;
    for _ in 0..4 {
        app.clock.advance(Duration::hours(3));
        assert_eq!(client.get("/workbench").await.status, 200);
    }
});

on_both_backends!(with_demo, logout_ends_the_session_on_the_server, |app| {
    let mut client = app.signed_in("qg_reviewer").await;
    let cookie_before = client.csrf.clone();
    assert!(cookie_before.is_some());
    let out = client.post_form("/logout", &[]).await;
    assert_eq!(out.location.as_deref(), Some("/login"));
    assert!(!client.has_cookie("jinguo_session"));
    assert_eq!(client.get("/workbench").await.status, 303);
});

on_both_backends!(with_demo, a_disabled_account_cannot_sign_in, |app| {
    let mut admin = app.signed_in("yz_admin").await;
    let accounts = admin.get("/admin/accounts?q=yz_reviewer").await;
    let marker = "/admin/accounts/";
    let at = accounts.text.find("/disable").unwrap();
    let start = accounts.text[..at].rfind(marker).unwrap() + marker.len();
    let id: i64 = accounts.text[start..at].parse().unwrap();
    let response = admin
        .post_form(&format!("/admin/accounts/{id}/disable"), &[])
        .await;
    assert_eq!(response.status, 303);
    let mut client = app.client();
    let page = client.login("yz_reviewer", DEMO_PASSWORD).await;
    assert_eq!(page.status, 401);
    page.assert_contains("已停用");
});
