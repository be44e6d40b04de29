//! Hostile .xlsx files are refused by the zip guard before calamine opens them, with the reason
//! reported at row 1; a real workbook still reads.

#[path = "../../../docx/tests/read_docx/bombs.rs"]
#[allow(dead_code, reason = "only the .xlsx builders are used here")]
mod bombs;

use bombs::{XLSX_PARTS, lying_about_size, with_tiny_entries, with_zeros, xlsx_bomb};
use jinguo_domain::account::Role;
use jinguo_domain::validation::FieldIssue;
use jinguo_service::import::ImportKind;
use jinguo_service::import::read::{ReadError, read};

use super::support::fixtures::{member_of, seed};
use super::support::on_each_backend;
use super::{POSTS, import_as, problem, refused_for_chongqing};

const MIB: usize = 1024 * 1024;
const SHEET: &str = "xl/worksheets/sheet1.xml";

fn refused_with(bytes: &[u8]) -> FieldIssue {
    match read(bytes) {
        Err(ReadError::Issue(issue)) => issue,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_four_megabyte_bomb_declaring_600_mib_is_refused_from_its_directory() {
    let bomb = xlsx_bomb(600 * MIB);
    assert!(bomb.len() < 5 * MIB, "the bomb is {} bytes", bomb.len());
    assert_eq!(
        refused_with(&bomb),
        FieldIssue::ZipTooLarge {
            limit_bytes: 64 * 1024 * 1024
        }
    );
}

#[test]
fn a_few_megabytes_of_deflated_zeros_are_refused_for_their_ratio() {
    let bomb = with_zeros(&XLSX_PARTS, SHEET, 4 * MIB);
    assert_eq!(
        refused_with(&bomb),
        FieldIssue::ZipSuspiciousRatio { ratio_limit: 100 }
    );
}

#[test]
fn ten_thousand_tiny_entries_are_refused() {
    let zip = with_tiny_entries(&XLSX_PARTS, 10_000);
    assert_eq!(
        refused_with(&zip),
        FieldIssue::ZipTooManyEntries { limit: 2_000 }
    );
}

#[test]
fn a_directory_that_understates_the_sheet_is_caught_while_counting() {
    let bomb = lying_about_size(with_zeros(&XLSX_PARTS, SHEET, 4 * MIB), SHEET, 2_000);
    assert_eq!(
        refused_with(&bomb),
        FieldIssue::ZipSuspiciousRatio { ratio_limit: 100 }
    );
}

#[test]
fn a_real_workbook_still_reads() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "代码").unwrap();
    sheet.write_string(0, 1, "名称").unwrap();
    for row in 1..2_000u32 {
        sheet.write_string(row, 0, format!("P{row:06}")).unwrap();
        sheet.write_string(row, 1, "妇产科护理组").unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let sheet = read(&bytes).unwrap();
    assert_eq!(sheet.header, vec!["代码", "名称"]);
    assert_eq!(sheet.rows.len(), 1_999);
    assert_eq!(sheet.rows[0].cells, vec!["P000001", "妇产科护理组"]);
}

#[tokio::test]
async fn an_uploaded_bomb_is_reported_at_row_one_and_writes_nothing() {
    on_each_backend("xlsx_bomb", |ctx| async move {
        seed(&ctx).await;
        let problems = refused_for_chongqing(&ctx, ImportKind::Orgs, &xlsx_bomb(600 * MIB)).await;
        assert_eq!(
            problems,
            vec![problem(
                1,
                "",
                FieldIssue::ZipTooLarge {
                    limit_bytes: 64 * 1024 * 1024
                }
            )]
        );
        // The guard is not in the way of an ordinary file on the same path.
        let who = member_of(&ctx, "50", Role::Admin).await;
        let csv = format!("{POSTS}\nYZ-001,急诊科,岗位,500103,重医附一院,全国级,,");
        let report = import_as(&ctx, &who, ImportKind::Orgs, csv.as_bytes())
            .await
            .unwrap();
        assert_eq!(report.inserted, 1);
    })
    .await;
}
