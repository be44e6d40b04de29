//! Bulk import of organisations and accounts, on SQLite and (when configured) PostgreSQL.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers panic on failure, like the tests themselves"
)]

mod support;
#[path = "import/zip_bombs.rs"]
mod zip_bombs;

use jinguo_domain::Action;
use jinguo_domain::account::Role;
use jinguo_domain::org::{HonourLevel, OrgKind, OrgStatus};
use jinguo_domain::validation::FieldIssue;
use jinguo_service::actor::{self, SignedIn, permit_for};
use jinguo_service::audit::{self, RequestMeta, codes};
use jinguo_service::auth::password;
use jinguo_service::import::{
    ImportKind, ImportReport, MAX_IMPORT_BYTES, TemplateFormat, import, import_as_operator,
    template,
};
use jinguo_service::{Ctx, ServiceError, ServiceResult};
use jinguo_storage::repo::accounts;
use jinguo_storage::repo::orgs;
use support::fixtures::{counts, file, member_of, root_fields, seed};
use support::on_each_backend;

const POSTS: &str = "代码,名称,类型,上级代码,所在单位,荣誉级别,命名年份,涉军涉密";
const ACCOUNTS: &str = "组织代码,用户名,姓名,角色,初始密码";

async fn import_as(
    ctx: &Ctx,
    who: &SignedIn,
    kind: ImportKind,
    bytes: &[u8],
) -> ServiceResult<ImportReport> {
    import(ctx, who, kind, "upload.csv", bytes, &RequestMeta::default()).await
}

type Problem = (usize, String, FieldIssue);

fn problem(row: usize, column: &str, issue: FieldIssue) -> Problem {
    (row, column.to_string(), issue)
}

/// The problems of a refused import, by row then column.
fn refusal(result: ServiceResult<ImportReport>) -> Vec<Problem> {
    match result {
        Err(ServiceError::ImportRefused(report)) => {
            assert_eq!(report.inserted, 0);
            let mut problems: Vec<Problem> = report
                .errors
                .into_iter()
                .map(|e| (e.row, e.column, e.issue))
                .collect();
            problems.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
            problems
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Imports as an admin of 重庆 and expects a refusal that writes nothing.
async fn refused_for_chongqing(ctx: &Ctx, kind: ImportKind, bytes: &[u8]) -> Vec<Problem> {
    let who = member_of(ctx, "50", Role::Admin).await;
    let before = counts(ctx).await;
    let problems = refusal(import_as(ctx, &who, kind, bytes).await);
    assert_eq!(counts(ctx).await, before, "a refused import writes nothing");
    problems
}

#[tokio::test]
async fn a_good_csv_of_posts_imports_with_profiles_and_one_audit_record() {
    on_each_backend("good_posts_csv", |ctx| async move {
        seed(&ctx).await;
        let who = member_of(&ctx, "50", Role::Admin).await;
        let bytes = file(&[
            POSTS,
            "YZ-001,急诊科,岗位,500103,重医附一院,全国级,2018年,否",
            "",
            "YZ-002,营业部,post,500103,建设银行渝中支行,省级,,是",
            "DDK-001,公交一线,巾帼文明岗,500104,大渡口公交公司,市级,2020,0",
        ]);
        let (orgs_before, _) = counts(&ctx).await;
        let report = import_as(&ctx, &who, ImportKind::Orgs, &bytes)
            .await
            .unwrap();
        assert_eq!(
            (report.rows_read, report.inserted, report.skipped),
            (3, 3, 0)
        );
        assert_eq!(counts(&ctx).await.0, orgs_before + 3);

        let post = orgs::get_by_code(&ctx.db.conn, "YZ-002")
            .await
            .unwrap()
            .unwrap();
        let district = orgs::get_by_code(&ctx.db.conn, "500103")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(post.parent_id, Some(district.id));
        assert_eq!(post.path, district.path.child(post.id));
        assert_eq!(post.depth, district.depth + 1);
        let profile = post.post.unwrap();
        assert_eq!(profile.honour_level, HonourLevel::Provincial);
        assert!(profile.military_or_classified);
        assert_eq!(profile.work_unit, "建设银行渝中支行");

        let log = import_log(&ctx, &who).await;
        assert_eq!(log.total, 1);
        assert_eq!(log.events[0].detail, "orgs: 3 rows");
        assert_eq!(log.events[0].target, "upload.csv");
    })
    .await;
}

#[tokio::test]
async fn the_shipped_demo_tree_imports_as_is_under_an_existing_root() {
    on_each_backend("demo_tree", |ctx| async move {
        orgs::insert_root(&ctx.db.conn, &root_fields(), ctx.now())
            .await
            .unwrap();
        let bytes = include_bytes!("fixtures/orgs.csv");
        let report = import_as_operator(&ctx, ImportKind::Orgs, "orgs.csv", bytes)
            .await
            .unwrap();
        assert_eq!(
            (report.rows_read, report.inserted, report.skipped),
            (74, 73, 1)
        );
        let yuzhong = orgs::get_by_code(&ctx.db.conn, "500103")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(yuzhong.depth, 2);
        assert_eq!(yuzhong.federation_name, "渝中区妇联");
    })
    .await;
}

#[tokio::test]
async fn a_gbk_encoded_csv_as_excel_saves_it_imports() {
    on_each_backend("gbk_csv", |ctx| async move {
        seed(&ctx).await;
        let who = member_of(&ctx, "50", Role::Admin).await;
        let text = [
            POSTS,
            "YZ-001,急诊科,岗位,500103,重医附一院,全国级,2018,否",
            "",
        ]
        .join("\r\n");
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
        assert!(!unmappable);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "the fixture really is GBK"
        );
        let report = import_as(&ctx, &who, ImportKind::Orgs, &bytes)
            .await
            .unwrap();
        assert_eq!(report.inserted, 1);
        let post = orgs::get_by_code(&ctx.db.conn, "YZ-001")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(post.name, "急诊科");
        assert_eq!(post.post.unwrap().work_unit, "重医附一院");
    })
    .await;
}

#[tokio::test]
async fn an_xlsx_with_number_cells_imports() {
    on_each_backend("xlsx", |ctx| async move {
        seed(&ctx).await;
        let who = member_of(&ctx, "50", Role::Admin).await;
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (col, header) in (0u16..).zip([
            "代码",
            "名称",
            "类型",
            "上级代码",
            "所在单位",
            "荣誉级别",
            "命名年份",
            "联系电话",
        ]) {
            sheet.write_string(0, col, header).unwrap();
        }
        for (col, value) in
            (0u16..).zip(["YZ-001", "急诊科", "岗位", "500103", "重医附一院", "全国级"])
        {
            sheet.write_string(1, col, value).unwrap();
        }
        sheet.write_number(1, 6, 2019).unwrap();
        sheet.write_number(1, 7, 13800138000.0).unwrap();
        // A code typed as a number, on a row after a blank one.
        for (col, value) in (0u16..).zip(["", "营业部", "post", "500103", "建设银行", "district"])
        {
            sheet.write_string(3, col, value).unwrap();
        }
        sheet.write_number(3, 0, 5001030002.0).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();

        let report = import_as(&ctx, &who, ImportKind::Orgs, &bytes)
            .await
            .unwrap();
        assert_eq!(report.inserted, 2);
        let profile = orgs::get_by_code(&ctx.db.conn, "YZ-001")
            .await
            .unwrap()
            .unwrap()
            .post
            .unwrap();
        assert_eq!(
            (profile.year_named, profile.contact_phone.as_str()),
            (Some(2019), "13800138000")
        );
        assert!(
            orgs::get_by_code(&ctx.db.conn, "5001030002")
                .await
                .unwrap()
                .is_some()
        );
    })
    .await;
}

#[tokio::test]
async fn each_missing_column_is_named_at_the_header_row() {
    on_each_backend("missing_columns", |ctx| async move {
        seed(&ctx).await;
        let problems = refused_for_chongqing(
            &ctx,
            ImportKind::Orgs,
            &file(&["代码,名称", "YZ-001,急诊科"]),
        )
        .await;
        assert_eq!(
            problems,
            vec![
                problem(1, "上级代码", FieldIssue::MissingColumn),
                problem(1, "类型", FieldIssue::MissingColumn)
            ]
        );
        let problems = refused_for_chongqing(
            &ctx,
            ImportKind::Accounts,
            &file(&["用户名,角色", "abc,投稿人"]),
        )
        .await;
        assert_eq!(
            problems,
            vec![
                problem(1, "初始密码", FieldIssue::MissingColumn),
                problem(1, "组织代码", FieldIssue::MissingColumn)
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_parent_code_is_reported_on_its_row() {
    on_each_backend("unknown_parent", |ctx| async move {
        seed(&ctx).await;
        let bytes = file(&[
            POSTS,
            "YZ-001,急诊科,岗位,500103,重医附一院,全国级,,",
            "YZ-002,营业部,岗位,NOPE,建设银行,省级,,",
        ]);
        let problems = refused_for_chongqing(&ctx, ImportKind::Orgs, &bytes).await;
        assert_eq!(
            problems,
            vec![problem(
                3,
                "上级代码",
                FieldIssue::UnknownParent {
                    code: "NOPE".into()
                }
            )]
        );
    })
    .await;
}

#[tokio::test]
async fn a_parent_outside_my_subtree_reads_as_unknown() {
    on_each_backend("outside_subtree", |ctx| async move {
        seed(&ctx).await;
        // 锦江区 (510104) is in 四川, outside 重庆's subtree.
        let bytes = file(&[POSTS, "JJ-001,急诊科,岗位,510104,华西医院,全国级,,"]);
        let problems = refused_for_chongqing(&ctx, ImportKind::Orgs, &bytes).await;
        assert_eq!(
            problems,
            vec![problem(
                2,
                "上级代码",
                FieldIssue::UnknownParent {
                    code: "510104".into()
                }
            )]
        );
        let bytes = file(&[ACCOUNTS, "510104,jj-reviewer,,审核员,Jinguo2020"]);
        let problems = refused_for_chongqing(&ctx, ImportKind::Accounts, &bytes).await;
        assert_eq!(
            problems,
            vec![problem(
                2,
                "组织代码",
                FieldIssue::UnknownOrg {
                    code: "510104".into()
                }
            )]
        );
    })
    .await;
}

#[tokio::test]
async fn duplicate_codes_in_the_file_and_in_the_database_are_reported() {
    on_each_backend("duplicate_code", |ctx| async move {
        seed(&ctx).await;
        let bytes = file(&[
            POSTS,
            "500104,急诊科,岗位,500103,重医附一院,全国级,,",
            "YZ-001,营业部,岗位,500103,建设银行,省级,,",
            "YZ-001,公交一线,岗位,500103,公交公司,市级,,",
        ]);
        let problems = refused_for_chongqing(&ctx, ImportKind::Orgs, &bytes).await;
        assert_eq!(
            problems,
            vec![
                problem(
                    2,
                    "代码",
                    FieldIssue::DuplicateCode {
                        code: "500104".into()
                    }
                ),
                problem(
                    4,
                    "代码",
                    FieldIssue::DuplicateCode {
                        code: "YZ-001".into()
                    }
                ),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_cycle_among_rows_is_reported_on_each_row_of_it() {
    on_each_backend("cycle", |ctx| async move {
        seed(&ctx).await;
        let bytes = file(&[
            "代码,名称,类型,上级代码",
            "CQ-A,甲区,区县,CQ-B",
            "CQ-OK,丙区,区县,50",
            "CQ-B,乙区,区县,CQ-A",
            "CQ-C,丁区,区县,CQ-C",
        ]);
        let problems = refused_for_chongqing(&ctx, ImportKind::Orgs, &bytes).await;
        assert_eq!(
            problems,
            vec![
                problem(
                    2,
                    "上级代码",
                    FieldIssue::Cycle {
                        code: "CQ-B".into()
                    }
                ),
                problem(
                    4,
                    "上级代码",
                    FieldIssue::Cycle {
                        code: "CQ-A".into()
                    }
                ),
                problem(
                    5,
                    "上级代码",
                    FieldIssue::Cycle {
                        code: "CQ-C".into()
                    }
                ),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn rows_are_written_parents_first_whatever_their_order_in_the_file() {
    on_each_backend("parents_first", |ctx| async move {
        seed(&ctx).await;
        let who = member_of(&ctx, "50", Role::Admin).await;
        let bytes = file(&[
            "代码,名称,类型,上级代码,所在单位,荣誉级别",
            "JD-001,社区服务站,岗位,CQ-JD,街道办,区县级",
            "CQ-JD,某街道,区县,CQ-X",
            "CQ-X,新区,区县,50",
        ]);
        let report = import_as(&ctx, &who, ImportKind::Orgs, &bytes)
            .await
            .unwrap();
        assert_eq!(report.inserted, 3);
        let post = orgs::get_by_code(&ctx.db.conn, "JD-001")
            .await
            .unwrap()
            .unwrap();
        let province = orgs::get_by_code(&ctx.db.conn, "50")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(post.depth, province.depth + 3);
        assert!(post.path.is_strictly_below(&province.path));
    })
    .await;
}

#[tokio::test]
async fn field_kind_and_parent_problems_are_each_reported() {
    on_each_backend("field_problems", |ctx| async move {
        seed(&ctx).await;
        let op = actor::operator(&ctx.db.conn).await.unwrap();
        let closed = orgs::get_by_code(&ctx.db.conn, "500104")
            .await
            .unwrap()
            .unwrap();
        let permit = permit_for(&op.actor, Action::EditOrg, &closed).unwrap();
        orgs::set_status(
            &ctx.db.conn,
            &permit,
            closed.id,
            OrgStatus::Disabled,
            ctx.now(),
        )
        .await
        .unwrap();
        let bytes = file(&[
            POSTS,
            "YZ-001,急诊科,岗位,500103,,金牌,2030,也许",
            "YZ-002,营业部,岗位,500103,建设银行,省级,,",
            "YZ-003,分理处,区县,YZ-002,,,,",
            "DDK-001,公交一线,岗位,500104,公交公司,市级,,",
            "bad code!,,乡镇,,,,,",
        ]);
        let problems = refused_for_chongqing(&ctx, ImportKind::Orgs, &bytes).await;
        let cannot_contain = FieldIssue::ParentCannotContain {
            parent_kind: OrgKind::Post.label(),
            child_kind: OrgKind::District.label(),
        };
        assert_eq!(
            problems,
            vec![
                problem(2, "命名年份", FieldIssue::BadYear { max: 2026 }),
                problem(2, "所在单位", FieldIssue::Required),
                problem(2, "涉军涉密", FieldIssue::BadYesNo),
                problem(2, "荣誉级别", FieldIssue::UnknownHonourLevel),
                problem(4, "类型", cannot_contain),
                problem(5, "上级代码", FieldIssue::NotAllowedHere),
                problem(6, "上级代码", FieldIssue::Required),
                problem(6, "代码", FieldIssue::BadCode),
                problem(6, "名称", FieldIssue::Required),
                problem(6, "类型", FieldIssue::UnknownKind),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn empty_and_header_only_files_are_refused_at_row_one() {
    on_each_backend("empty_file", |ctx| async move {
        seed(&ctx).await;
        let problems = refused_for_chongqing(&ctx, ImportKind::Orgs, b"").await;
        assert_eq!(problems, vec![problem(1, "", FieldIssue::EmptyFile)]);
        let problems =
            refused_for_chongqing(&ctx, ImportKind::Orgs, "\u{feff}\r\n".as_bytes()).await;
        assert_eq!(problems, vec![problem(1, "", FieldIssue::EmptyFile)]);
        let problems = refused_for_chongqing(&ctx, ImportKind::Accounts, ACCOUNTS.as_bytes()).await;
        assert_eq!(problems, vec![problem(1, "", FieldIssue::NoDataRows)]);
        let problems =
            refused_for_chongqing(&ctx, ImportKind::Accounts, b"PK\x03\x04not a zip").await;
        assert_eq!(problems, vec![problem(1, "", FieldIssue::UnreadableFile)]);
    })
    .await;
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_before_it_is_read() {
    on_each_backend("too_large", |ctx| async move {
        seed(&ctx).await;
        let who = member_of(&ctx, "50", Role::Admin).await;
        let bytes = vec![b'a'; MAX_IMPORT_BYTES + 1];
        let result = import_as(&ctx, &who, ImportKind::Orgs, &bytes).await;
        assert!(
            matches!(
                result,
                Err(ServiceError::FileTooLarge {
                    limit_bytes: MAX_IMPORT_BYTES
                })
            ),
            "{result:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn only_admins_may_import_and_the_operator_needs_a_root() {
    on_each_backend("who_may_import", |ctx| async move {
        let result = import_as_operator(&ctx, ImportKind::Orgs, "x.csv", b"code\nx").await;
        assert!(matches!(result, Err(ServiceError::NotFound)), "{result:?}");
        seed(&ctx).await;
        let reviewer = member_of(&ctx, "50", Role::Reviewer).await;
        let bytes = file(&[POSTS, "YZ-001,急诊科,岗位,500103,重医附一院,全国级,,"]);
        let result = import_as(&ctx, &reviewer, ImportKind::Orgs, &bytes).await;
        assert!(matches!(result, Err(ServiceError::Forbidden)), "{result:?}");
    })
    .await;
}

#[tokio::test]
async fn accounts_import_with_hashed_passwords_that_must_be_changed() {
    on_each_backend("accounts", |ctx| async move {
        seed(&ctx).await;
        let who = member_of(&ctx, "50", Role::Admin).await;
        import_as(
            &ctx,
            &who,
            ImportKind::Orgs,
            &file(&[POSTS, "YZ-001,急诊科,岗位,500103,重医附一院,全国级,,"]),
        )
        .await
        .unwrap();
        let bytes = file(&[
            ACCOUNTS,
            "500103,YZ-Reviewer,王芳,审核员,Jinguo2020",
            "YZ-001,yz-001,,投稿人,Jizhen2021",
            "50,cq-admin2,,管理员,Chongqing9",
        ]);
        let (_, accounts_before) = counts(&ctx).await;
        let report = import_as(&ctx, &who, ImportKind::Accounts, &bytes)
            .await
            .unwrap();
        assert_eq!((report.rows_read, report.inserted), (3, 3));
        assert_eq!(counts(&ctx).await.1, accounts_before + 3);

        let reviewer = accounts::get_by_username(&ctx.db.conn, "yz-reviewer")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (reviewer.role, reviewer.display_name.as_str()),
            (Role::Reviewer, "王芳")
        );
        assert!(reviewer.must_change_password);
        assert!(
            password::verify("Jinguo2020", &reviewer.password_hash)
                .await
                .unwrap()
        );
        let submitter = accounts::get_by_username(&ctx.db.conn, "yz-001")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            submitter.display_name, "急诊科",
            "an empty 姓名 defaults to the organisation's name"
        );
        assert!(
            password::verify("Jizhen2021", &submitter.password_hash)
                .await
                .unwrap()
        );

        let log = import_log(&ctx, &who).await;
        assert_eq!(log.events[0].detail, "accounts: 3 rows");
    })
    .await;
}

#[tokio::test]
async fn duplicate_usernames_in_the_file_and_in_the_database_are_reported() {
    on_each_backend("duplicate_username", |ctx| async move {
        seed(&ctx).await;
        member_of(&ctx, "500103", Role::Reviewer).await; // takes "reviewer-500103"
        let bytes = file(&[
            ACCOUNTS,
            "500103,Reviewer-500103,,审核员,Jinguo2020",
            "500103,yz-a,,审核员,Jinguo2020",
            "500104,YZ-A,,审核员,Jinguo2020",
        ]);
        let problems = refused_for_chongqing(&ctx, ImportKind::Accounts, &bytes).await;
        assert_eq!(
            problems,
            vec![
                problem(
                    2,
                    "用户名",
                    FieldIssue::DuplicateUsername {
                        username: "reviewer-500103".into()
                    }
                ),
                problem(
                    4,
                    "用户名",
                    FieldIssue::DuplicateUsername {
                        username: "yz-a".into()
                    }
                ),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn an_account_whose_role_does_not_fit_its_organisation_is_refused() {
    on_each_backend("role_fit", |ctx| async move {
        seed(&ctx).await;
        let who = member_of(&ctx, "50", Role::Admin).await;
        import_as(
            &ctx,
            &who,
            ImportKind::Orgs,
            &file(&[POSTS, "YZ-001,急诊科,岗位,500103,重医附一院,全国级,,"]),
        )
        .await
        .unwrap();
        let bytes = file(&[
            ACCOUNTS,
            "500103,yz-writer,,投稿人,Jinguo2020",
            "YZ-001,yz-judge,,审核员,Jinguo2020",
            "YZ-001,yz-ok,,投稿人,weak",
            "NOPE,nope-1,,队长,Jinguo2020",
        ]);
        let problems = refused_for_chongqing(&ctx, ImportKind::Accounts, &bytes).await;
        assert_eq!(
            problems,
            vec![
                problem(2, "角色", FieldIssue::NotAllowedHere),
                problem(3, "角色", FieldIssue::NotAllowedHere),
                problem(4, "初始密码", FieldIssue::TooShort { min: 8 }),
                problem(
                    5,
                    "组织代码",
                    FieldIssue::UnknownOrg {
                        code: "NOPE".into()
                    }
                ),
                problem(5, "角色", FieldIssue::UnknownRole),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn the_templates_import_as_they_are() {
    on_each_backend("templates", |ctx| async move {
        seed(&ctx).await;
        let who = member_of(&ctx, "50", Role::Admin).await;
        let orgs_xlsx = template(ImportKind::Orgs, TemplateFormat::Xlsx).unwrap();
        let accounts_csv = template(ImportKind::Accounts, TemplateFormat::Csv).unwrap();
        assert!(accounts_csv.starts_with("\u{feff}组织代码".as_bytes()));
        assert_eq!(import_as(&ctx, &who, ImportKind::Orgs, &orgs_xlsx).await.unwrap().inserted, 1);
        assert_eq!(import_as(&ctx, &who, ImportKind::Accounts, &accounts_csv).await.unwrap().inserted, 1);

        // The other format of each names the same rows, so now they clash with what went in.
        let orgs_csv = template(ImportKind::Orgs, TemplateFormat::Csv).unwrap();
        let accounts_xlsx = template(ImportKind::Accounts, TemplateFormat::Xlsx).unwrap();
        let problems = refused_for_chongqing(&ctx, ImportKind::Orgs, &orgs_csv).await;
        assert!(matches!(problems.as_slice(), [(2, column, FieldIssue::DuplicateCode { .. })] if column == "代码"));
        let problems = refused_for_chongqing(&ctx, ImportKind::Accounts, &accounts_xlsx).await;
        assert!(
            matches!(problems.as_slice(), [(2, column, FieldIssue::DuplicateUsername { .. })] if column == "用户名")
        );
    })
    .await;
}

/// The first page of the audit log's import records.
async fn import_log(
    ctx: &jinguo_service::Ctx,
    who: &jinguo_service::actor::SignedIn,
) -> audit::AuditPage {
    audit::list(ctx, who, &audit::AuditFilter::action(codes::IMPORT), 1, 10)
        .await
        .unwrap()
}
