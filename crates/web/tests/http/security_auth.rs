//! Issue 11 through the browser's eyes: no redirect off the site after login, a known device
//! gets into a locked account, a reset ends tokens and sessions, the password policy, and
//! signed-in pages are never stored.

use chrono::Duration;
use jinguo_testkit::{Client, DEMO_PASSWORD, TestApp, on_both_backends};
use serde_json::json;

async fn account_id(admin: &mut Client, username: &str) -> i64 {
    let accounts = admin.get(&format!("/admin/accounts?q={username}")).await;
    let marker = "/admin/accounts/";
    let at = accounts.text.find("/reset").unwrap();
    let start = accounts.text[..at].rfind(marker).unwrap() + marker.len();
    accounts.text[start..at].parse().unwrap()
}

/// Five wrong passwords from a stranger's browser, waiting out each short delay.
async fn lock_by_stranger(app: &TestApp, username: &str) -> Client {
    let mut stranger = app.client();
    for _ in 0..5 {
        let answer = stranger.login(username, "not-it-12345").await;
        assert_eq!(answer.status, 401);
        app.clock.advance(Duration::seconds(5));
    }
    stranger
}

on_both_backends!(with_demo, login_never_redirects_to_another_site, |app| {
    for (next, expected) in [
        ("/%09/evil.example", "/"),
        ("/\t/evil.example", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
        ("/review?campaign=1", "/review?campaign=1"),
    ] {
        let mut client = app.client();
        let answer = client
            .post_form(
                "/login",
                &[
                    ("username", "cq_reviewer"),
                    ("password", DEMO_PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(answer.status, 303, "{next:?}: {}", answer.text);
        assert_eq!(answer.location.as_deref(), Some(expected), "{next:?}");
    }
});

on_both_backends!(
    with_demo,
    a_known_device_signs_in_to_a_locked_account_and_lifts_the_lock,
    |app| {
        let mut owner = app.signed_in("cq_reviewer").await;
        assert!(owner.has_cookie("jinguo_device"));
        owner.post_form("/logout", &[]).await;
        let mut stranger = lock_by_stranger(app, "cq_reviewer").await;
        // The stranger, even with the right password, gets the generic answer.
        let refused = stranger.login("cq_reviewer", DEMO_PASSWORD).await;
        assert_eq!(refused.status, 401);
        refused.assert_contains("用户名或密码错误");
        // The owner's browser gets in, and that lifts the lock.
        let back = owner.login("cq_reviewer", DEMO_PASSWORD).await;
        assert_eq!(back.status, 303, "{}", back.text);
        let mut other = app.client();
        assert_eq!(other.login("cq_reviewer", DEMO_PASSWORD).await.status, 303);
        // The lock was audited and the account's admins told.
        let mut admin = app.signed_in("cq_admin").await;
        admin.get("/inbox").await.assert_contains("已被临时锁定");
    }
);

on_both_backends!(
    with_demo,
    an_unknown_username_locks_and_answers_like_an_existing_one,
    |app| {
        let mut stranger = lock_by_stranger(app, "nobody_at_all").await;
        let unknown = stranger.login("nobody_at_all", "whatever-123").await;
        let mut stranger = lock_by_stranger(app, "yz_reviewer").await;
        let locked = stranger.login("yz_reviewer", DEMO_PASSWORD).await;
        assert_eq!(unknown.status, locked.status);
        let message = |text: &str| {
            let at = text.find("用户名或密码错误").unwrap();
            text[at..at + 120.min(text.len() - at)].to_string()
        };
        assert_eq!(message(&unknown.text), message(&locked.text));
    }
);

on_both_backends!(
    with_demo,
    a_password_reset_revokes_tokens_and_ends_sessions,
    |app| {
        let mut holder = app.signed_in("cq_reviewer").await;
        let issued = holder
            .json("POST", "/api/v1/tokens", &json!({"name": "同步"}))
            .await;
        assert_eq!(issued.status, 201, "{}", issued.text);
        let body = issued.json();
        assert!(
            body["details"]["expires_at"]
                .as_str()
                .unwrap()
                .starts_with("2026-08-30")
        );
        let mut integration = app.client();
        integration.bearer = Some(body["token"].as_str().unwrap().to_string());
        assert_eq!(integration.get("/api/v1/me").await.status, 200);

        let mut admin = app.signed_in("cq_admin").await;
        let id = account_id(&mut admin, "cq_reviewer").await;
        let reset = admin
            .post_form(
                &format!("/admin/accounts/{id}/reset"),
                &[("password", "Linshi-2026x")],
            )
            .await;
        assert_eq!(reset.status, 303, "{}", reset.text);
        assert_eq!(integration.get("/api/v1/me").await.status, 401);
        assert_eq!(holder.get("/workbench").await.status, 303);
    }
);

on_both_backends!(with_demo, an_api_token_expires_after_ninety_days, |app| {
    let mut holder = app.signed_in("cq_reviewer").await;
    let issued = holder
        .json("POST", "/api/v1/tokens", &json!({"name": "同步"}))
        .await;
    let mut integration = app.client();
    integration.bearer = Some(issued.json()["token"].as_str().unwrap().to_string());
    app.clock.advance(Duration::days(89));
    assert_eq!(integration.get("/api/v1/me").await.status, 200);
    app.clock.advance(Duration::days(2));
    assert_eq!(integration.get("/api/v1/me").await.status, 401);
});

on_both_backends!(
    with_demo,
    common_personal_and_recent_passwords_are_refused,
    |app| {
        let mut client = app.signed_in("cq_reviewer").await;
        for (new, says) in [
            ("password1", "过于常见"),
            ("cq_reviewer9", "不能包含用户名"),
            (DEMO_PASSWORD, "新密码不能与当前密码相同"),
        ] {
            let answer = client
                .post_form(
                    "/account/password",
                    &[
                        ("current_password", DEMO_PASSWORD),
                        ("new_password", new),
                        ("repeat_password", new),
                    ],
                )
                .await;
            assert_eq!(answer.status, 422, "{new}");
            answer.assert_contains(says);
        }
        let changed = client
            .post_form(
                "/account/password",
                &[
                    ("current_password", DEMO_PASSWORD),
                    ("new_password", "Xinmima-2026"),
                    ("repeat_password", "Xinmima-2026"),
                ],
            )
            .await;
        assert_eq!(changed.status, 303, "{}", changed.text);
        // The session the change was made from stays; going back to the old one is refused.
        assert_eq!(client.get("/workbench").await.status, 200);
        let back = client
            .post_form(
                "/account/password",
                &[
                    ("current_password", "Xinmima-2026"),
                    ("new_password", DEMO_PASSWORD),
                    ("repeat_password", DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(back.status, 422);
        back.assert_contains("最近用过的 5 个密码");
    }
);

on_both_backends!(with_demo, signed_in_pages_are_never_stored, |app| {
    let mut client = app.signed_in("cq_reviewer").await;
    let page = client.get("/workbench").await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let mut anonymous = app.client();
    let login = anonymous.get("/login").await;
    assert_ne!(
        login
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
});

fn median(mut times: Vec<std::time::Duration>) -> std::time::Duration {
    times.sort();
    times[times.len() / 2]
}

// Enumeration by timing: the medians over 30 attempts each are printed (`--nocapture`) and
// checked only loosely (within a factor of 3), so the test cannot flake on a busy machine.
on_both_backends!(
    with_demo,
    unknown_wrong_and_locked_logins_take_about_the_same_time,
    |app| {
        let mut client = app.client();
        let mut unknown = Vec::new();
        let mut existing = Vec::new();
        let mut locked = Vec::new();
        for i in 0..30 {
            let started = std::time::Instant::now();
            let answer = client.login(&format!("nobody_{i}"), "wrong-pass-1").await;
            unknown.push(started.elapsed());
            assert_eq!(answer.status, 401);
            // Forget earlier failures so each wrong password is a plain wrong password.
            app.clock.advance(Duration::minutes(20));
            let started = std::time::Instant::now();
            let answer = client.login("cq_reviewer", "wrong-pass-1").await;
            existing.push(started.elapsed());
            assert_eq!(answer.status, 401);
        }
        lock_by_stranger(app, "yz_reviewer").await;
        for _ in 0..30 {
            let started = std::time::Instant::now();
            let answer = client.login("yz_reviewer", DEMO_PASSWORD).await;
            locked.push(started.elapsed());
            assert_eq!(answer.status, 401);
        }
        let (unknown, existing, locked) = (median(unknown), median(existing), median(locked));
        eprintln!(
            "login timing medians ({:?}): unknown {unknown:?}, existing-wrong {existing:?}, locked {locked:?}",
            app.backend
        );
        for other in [unknown, locked] {
            assert!(
                other * 3 > existing && other < existing * 3,
                "{other:?} vs {existing:?}"
            );
        }
    }
);

on_both_backends!(with_demo, an_admin_lifts_a_lock, |app| {
    let mut stranger = lock_by_stranger(app, "yz_reviewer").await;
    let mut admin = app.signed_in("yz_admin").await;
    let list = admin.get("/admin/accounts?q=yz_reviewer").await;
    list.assert_contains("解除锁定");
    let id = account_id(&mut admin, "yz_reviewer").await;
    let lifted = admin
        .post_form(&format!("/admin/accounts/{id}/unlock"), &[])
        .await;
    assert_eq!(lifted.status, 303, "{}", lifted.text);
    assert_eq!(
        stranger.login("yz_reviewer", DEMO_PASSWORD).await.status,
        303
    );
});

/// Rows in `login_throttles` and `known_devices` that match.
async fn rows(app: &TestApp, sql: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = &app.ctx.db.conn;
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

on_both_backends!(
    with_demo,
    the_hourly_sweep_forgets_old_throttles_and_devices_but_keeps_fresh_ones,
    |app| {
        // A stranger's typo a day ago, and a browser that signed in then.
        let mut stranger = app.client();
        assert_eq!(
            stranger.login("nobody_old", "wrong-pass-1").await.status,
            401
        );
        let mut browser = app.client();
        assert_eq!(browser.login("qg_admin", DEMO_PASSWORD).await.status, 303);
        let old = "SELECT COUNT(*) FROM login_throttles WHERE key = 'u:nobody_old'";
        assert_eq!(rows(app, old).await, 1);
        assert!(rows(app, "SELECT COUNT(*) FROM known_devices").await >= 1);

        app.clock.advance(Duration::hours(25));
        assert_eq!(
            stranger.login("nobody_new", "wrong-pass-2").await.status,
            401
        );
        let swept = jinguo_service::auth::sweep::sweep_sign_in_state(&app.ctx)
            .await
            .unwrap();
        assert!(swept.throttles >= 1, "{swept:?}");
        // The session idled out after eight hours.
        assert!(swept.sessions >= 1, "{swept:?}");
        assert_eq!(rows(app, old).await, 0, "a day-old failure is forgotten");
        let new = "SELECT COUNT(*) FROM login_throttles WHERE key = 'u:nobody_new'";
        assert_eq!(rows(app, new).await, 1, "a fresh failure is kept");
        assert!(rows(app, "SELECT COUNT(*) FROM known_devices").await >= 1);

        // Past the known-device lifetime the browser is forgotten too.
        app.clock.advance(Duration::days(91));
        let swept = jinguo_service::auth::sweep::sweep_sign_in_state(&app.ctx)
            .await
            .unwrap();
        assert!(swept.devices >= 1, "{swept:?}");
        assert_eq!(rows(app, "SELECT COUNT(*) FROM known_devices").await, 0);
    }
);
