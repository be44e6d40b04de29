//! The audit log records logins, failed logins and admin actions, scoped to the subtree.

use jinguo_testkit::{DEMO_PASSWORD, on_both_backends};

on_both_backends!(
    with_demo,
    logins_failures_and_admin_actions_appear_in_the_audit_log,
    |app| {
        let mut stranger = app.client();
        stranger.login("yz_reviewer", "wrong-password9").await;
        let mut admin = app.signed_in("yz_admin").await;
        let log = admin.get("/admin/audit").await;
        log.assert_contains("登录失败")
            .assert_contains("密码错误")
            .assert_contains("yz_reviewer")
            .assert_contains(">登录<");
        let only_failures = admin.get("/admin/audit?action=login_failed").await;
        only_failures
            .assert_contains("登录失败")
            .assert_not_contains("<td>登录</td>");
        // Chongqing's admin sees the district's events; Beijing's events are not there.
        let mut cq = app.signed_in("cq_admin").await;
        cq.get("/admin/audit").await.assert_contains("yz_reviewer");
        let mut other = app.client();
        other.login("qg_reviewer", DEMO_PASSWORD).await;
        let district_log = admin.get("/admin/audit").await;
        district_log.assert_not_contains("qg_reviewer");
    }
);
