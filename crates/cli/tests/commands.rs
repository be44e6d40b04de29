//! The `jinguo` binary as an operator scripts it: init, import, user add, backup, migrate.
#![expect(
    clippy::expect_used,
    reason = "test code: a failed expectation is a failed test"
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn jinguo(data_dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jinguo"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("JINGUO_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run jinguo");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait for jinguo")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn an_operator_sets_up_a_fresh_system_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("jinguo_cli_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");

    // Backup and import refuse a database that does not exist rather than creating one.
    let missing = jinguo(
        &dir,
        &["backup", dir.join("b").to_str().expect("path")],
        None,
    );
    assert!(!missing.status.success());
    assert!(!dir.join("jinguo.db").exists());

    let init = jinguo(&dir, &["init"], None);
    assert!(init.status.success(), "{}", text(&init));
    assert!(text(&init).contains("已创建根组织：全国（CN）"));
    let again = jinguo(&dir, &["init"], None);
    assert!(!again.status.success());
    assert!(text(&again).contains("不能再次初始化"));

    let orgs_csv = concat!(env!("CARGO_MANIFEST_DIR"), "/../service/data/orgs.csv");
    let import = jinguo(&dir, &["import", "--kind", "orgs", orgs_csv], None);
    assert!(import.status.success(), "{}", text(&import));
    assert!(text(&import).contains("新增 73 条"), "{}", text(&import));

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "代码,名称,类型,上级代码\nX1,某区,区县,NOPE\n").expect("write");
    let refused = jinguo(
        &dir,
        &["import", "--kind", "orgs", bad.to_str().expect("path")],
        None,
    );
    assert!(!refused.status.success());
    assert!(text(&refused).contains("第 2 行"), "{}", text(&refused));

    let user = jinguo(
        &dir,
        &[
            "user",
            "add",
            "--org",
            "50",
            "--role",
            "admin",
            "--username",
            "cq_ops",
        ],
        Some("Chongqing2026\n"),
    );
    assert!(user.status.success(), "{}", text(&user));
    assert!(text(&user).contains("已创建账号 cq_ops"));
    let weak = jinguo(
        &dir,
        &[
            "user",
            "add",
            "--org",
            "50",
            "--role",
            "admin",
            "--username",
            "cq_weak",
        ],
        Some("short\n"),
    );
    assert!(!weak.status.success());
    assert!(text(&weak).contains("至少需要 8 个字符"), "{}", text(&weak));
    // The same password policy as the admin page.
    let common = jinguo(
        &dir,
        &[
            "user",
            "add",
            "--org",
            "50",
            "--role",
            "admin",
            "--username",
            "cq_common",
        ],
        Some("password1\n"),
    );
    assert!(!common.status.success());
    assert!(text(&common).contains("过于常见"), "{}", text(&common));

    let backup = jinguo(
        &dir,
        &["backup", dir.join("backups").to_str().expect("path")],
        None,
    );
    assert!(backup.status.success(), "{}", text(&backup));
    assert!(text(&backup).contains("备份完成"));

    let migrate = jinguo(&dir, &["migrate"], None);
    assert!(migrate.status.success());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn reindex_rebuilds_the_search_index_from_the_database() {
    let dir = std::env::temp_dir().join(format!("jinguo_cli_reindex_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let migrated = jinguo(&dir, &["migrate"], None);
    assert!(migrated.status.success(), "{}", text(&migrated));
    let rebuilt = jinguo(&dir, &["reindex"], None);
    assert!(rebuilt.status.success(), "{}", text(&rebuilt));
    assert!(
        text(&rebuilt).contains("搜索索引已重建：0 篇已发布稿件"),
        "{}",
        text(&rebuilt)
    );
    assert!(dir.join("search").join("meta.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
