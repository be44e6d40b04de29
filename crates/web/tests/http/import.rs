//! Bulk import through the admin page: templates, a per-row report, nothing half-imported.

#[path = "../../../docx/tests/read_docx/bombs.rs"]
#[allow(dead_code, reason = "only the .xlsx builders are used here")]
mod bombs;

use crate::support::{account_count, org_count};
use bombs::{XLSX_PARTS, with_tiny_entries, xlsx_bomb};
use jinguo_testkit::on_both_backends;

const GOOD_CSV: &str = "代码,名称,类型,上级代码,所在单位,行业,荣誉级别,命名年份,联系人,联系电话,涉军涉密,已撤销\n\
P500103101,妇产科护理组,岗位,500103,重庆市妇幼保健院,医疗卫生,全国级,2019,周丽,023-63700001,否,否\n\
P500103102,较场口营业部,岗位,500103,重庆银行渝中支行,金融,省级,2020,吴芳,023-63700002,否,否\n";

on_both_backends!(
    with_demo,
    a_district_admin_imports_posts_from_a_csv,
    |app| {
        let mut admin = app.signed_in("yz_admin").await;
        admin.get("/admin/import").await.assert_contains("下载模板");
        let before = org_count(app).await;
        let page = admin
            .post_multipart(
                "/admin/import",
                "岗位.csv",
                GOOD_CSV.as_bytes(),
                &[("kind", "orgs")],
            )
            .await;
        assert_eq!(page.status, 200, "{}", page.text);
        page.assert_contains("导入成功")
            .assert_contains("新增组织与岗位 2 个");
        assert_eq!(org_count(app).await, before + 2);
        admin
            .get("/admin/orgs?q=P500103101")
            .await
            .assert_contains("妇产科护理组");
        admin
            .get("/admin/audit?action=import")
            .await
            .assert_contains("批量导入");
    }
);

on_both_backends!(with_demo, a_gbk_csv_saved_by_excel_is_accepted, |app| {
    let mut admin = app.signed_in("yz_admin").await;
    let (gbk, _, _) = encoding_rs::GBK.encode(GOOD_CSV);
    let page = admin
        .post_multipart("/admin/import", "岗位.csv", &gbk, &[("kind", "orgs")])
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    page.assert_contains("导入成功");
    admin
        .get("/admin/orgs?q=P500103102")
        .await
        .assert_contains("较场口营业部");
});

on_both_backends!(
    with_demo,
    a_bad_file_gets_a_row_by_row_report_and_imports_nothing,
    |app| {
        let mut admin = app.signed_in("yz_admin").await;
        let before = org_count(app).await;
        let csv = "代码,名称,类型,上级代码,所在单位,荣誉级别\n\
               P500103101,妇产科护理组,岗位,500103,重庆市妇幼保健院,全国级\n\
               P500103001,重复的代码,岗位,500103,某医院,全国级\n\
               P500103103,上级不存在,岗位,NOPE,某单位,全国级\n\
               P500103104,四川的岗位,岗位,51,某单位,全国级\n\
               PA,甲,区县,PB,,\n\
               PB,乙,区县,PA,,\n";
        let page = admin
            .post_multipart(
                "/admin/import",
                "bad.csv",
                csv.as_bytes(),
                &[("kind", "orgs")],
            )
            .await;
        assert_eq!(page.status, 422);
        page.assert_contains("导入未执行")
            .assert_contains("没有任何数据被写入")
            .assert_contains("第 3 行")
            .assert_contains("代码“P500103001”已被使用")
            .assert_contains("找不到上级组织“NOPE”")
            .assert_contains("找不到上级组织“51”")
            .assert_contains("上级关系出现循环");
        assert_eq!(org_count(app).await, before);
    }
);

on_both_backends!(
    with_demo,
    missing_columns_and_empty_files_are_explained,
    |app| {
        let mut admin = app.signed_in("yz_admin").await;
        let missing = admin
            .post_multipart(
                "/admin/import",
                "x.csv",
                "代码,名称\nP1,某岗\n".as_bytes(),
                &[("kind", "orgs")],
            )
            .await;
        assert_eq!(missing.status, 422);
        missing
            .assert_contains("文件缺少这一列")
            .assert_contains("上级代码");
        let empty = admin
            .post_multipart("/admin/import", "empty.csv", b"", &[("kind", "orgs")])
            .await;
        assert_eq!(empty.status, 422);
        empty.assert_contains("文件是空的");
        let script = admin
            .post_multipart(
                "/admin/import",
                "posts.xlsx",
                b"PK\x03\x04garbage",
                &[("kind", "orgs")],
            )
            .await;
        assert_eq!(script.status, 422);
        script.assert_contains("无法读取文件");
    }
);

on_both_backends!(
    with_demo,
    a_fifty_megabyte_upload_is_refused_with_a_message,
    |app| {
        let mut admin = app.signed_in("yz_admin").await;
        let before = org_count(app).await;
        let huge = vec![b'a'; 50 * 1024 * 1024];
        let page = admin
            .post_multipart("/admin/import", "huge.csv", &huge, &[("kind", "orgs")])
            .await;
        assert_eq!(page.status, 413, "{}", page.text);
        page.assert_contains("文件太大");
        assert_eq!(org_count(app).await, before);
    }
);

on_both_backends!(
    with_demo,
    accounts_are_imported_for_posts_in_the_subtree,
    |app| {
        let mut admin = app.signed_in("yz_admin").await;
        let before = account_count(app).await;
        let csv = "组织代码,用户名,姓名,角色,初始密码\nP500103003,qxg_chen,七星岗社区 陈红,投稿人,Qixing2026\n500103,yz_li,渝中区妇联 李敏,审核员,Yuzhong2026\n";
        let page = admin
            .post_multipart(
                "/admin/import",
                "accounts.csv",
                csv.as_bytes(),
                &[("kind", "accounts")],
            )
            .await;
        assert_eq!(page.status, 200, "{}", page.text);
        page.assert_contains("新增账号 2 个");
        assert_eq!(account_count(app).await, before + 2);
        let mut chen = app.client();
        assert_eq!(
            chen.login("qxg_chen", "Qixing2026")
                .await
                .location
                .as_deref(),
            Some("/account/password")
        );
        let wrong = "组织代码,用户名,角色,初始密码\n500106,sp_wang,审核员,Shapingba2026\nP500103003,qxg_x,审核员,Qixing2026\n";
        let refused = admin
            .post_multipart(
                "/admin/import",
                "accounts.csv",
                wrong.as_bytes(),
                &[("kind", "accounts")],
            )
            .await;
        assert_eq!(refused.status, 422);
        refused
            .assert_contains("找不到组织“500106”")
            .assert_contains("此处不允许该值");
        assert_eq!(account_count(app).await, before + 2);
    }
);

on_both_backends!(with_demo, templates_download_as_xlsx_and_csv, |app| {
    let mut admin = app.signed_in("cq_admin").await;
    let xlsx = admin.get("/admin/import/template/orgs.xlsx").await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.bytes.starts_with(b"PK"));
    assert!(
        xlsx.headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let csv = admin.get("/admin/import/template/accounts.csv").await;
    assert!(
        csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 BOM for Excel"
    );
    csv.assert_contains("用户名");
    let mut reviewer = app.signed_in("cq_reviewer").await;
    assert_eq!(reviewer.get("/admin/import").await.status, 403);
});

on_both_backends!(
    with_demo,
    an_xlsx_zip_bomb_is_refused_with_the_real_reason_and_imports_nothing,
    |app| {
        let mut admin = app.signed_in("yz_admin").await;
        let before = org_count(app).await;
        // 4 MB on the wire, 600 MiB once inflated: the upload that once took the server to
        // 824 MB and was refused as “不能超过 20 MB”.
        let bomb = xlsx_bomb(600 * 1024 * 1024);
        let page = admin
            .post_multipart("/admin/import", "岗位.xlsx", &bomb, &[("kind", "orgs")])
            .await;
        assert_eq!(page.status, 422, "{}", page.text);
        page.assert_contains("导入未执行")
            .assert_contains("文件解压后超过 64 MB，可能是压缩炸弹，已拒绝导入");
        assert!(!page.text.contains("不能超过 20 MB"), "{}", page.text);
        assert_eq!(org_count(app).await, before);

        let crowded = with_tiny_entries(&XLSX_PARTS, 10_000);
        let page = admin
            .post_multipart("/admin/import", "岗位.xlsx", &crowded, &[("kind", "orgs")])
            .await;
        assert_eq!(page.status, 422, "{}", page.text);
        page.assert_contains("文件内部的条目超过 2000 个，不是正常的 Excel 文件");
        assert_eq!(org_count(app).await, before);
    }
);

// Names shown to others may not carry bidi overrides or line breaks, whether typed into a form
// or arriving in a spreadsheet; the report names the row and column.
on_both_backends!(
    with_demo,
    an_import_with_control_characters_in_names_is_refused_whole,
    |app| {
        let mut admin = app.signed_in("yz_admin").await;
        let (orgs_before, accounts_before) = (org_count(app).await, account_count(app).await);
        let orgs = "代码,名称,类型,上级代码\nP500103201,护理组\u{202E}txt.exe,岗位,500103\n";
        let page = admin
            .post_multipart(
                "/admin/import",
                "岗位.csv",
                orgs.as_bytes(),
                &[("kind", "orgs")],
            )
            .await;
        assert_eq!(page.status, 422, "{}", page.text);
        page.assert_contains("第 2 行")
            .assert_contains("不可见的控制字符（U+202E）");
        let accounts = "组织代码,用户名,姓名,角色,初始密码\nP500103003,qxg_wang,王\u{202E}芳,投稿人,Qixing2026\n";
        let page = admin
            .post_multipart(
                "/admin/import",
                "accounts.csv",
                accounts.as_bytes(),
                &[("kind", "accounts")],
            )
            .await;
        assert_eq!(page.status, 422, "{}", page.text);
        page.assert_contains("不可见的控制字符（U+202E）");
        assert_eq!(
            (org_count(app).await, account_count(app).await),
            (orgs_before, accounts_before)
        );
    }
);
