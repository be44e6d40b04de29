//! Downloadable import templates (.xlsx with a 说明 sheet, or .csv with a BOM): the headers the
//! importer reads and one example row. The template is what users fill in, so its text is Chinese.

use super::ImportKind;
use super::columns::{Column, Need, columns};
use crate::error::{ServiceError, ServiceResult};
use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};

/// The file format of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFormat {
    Xlsx,
    Csv,
}

impl TemplateFormat {
    pub fn extension(self) -> &'static str {
        match self {
            TemplateFormat::Xlsx => "xlsx",
            TemplateFormat::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            TemplateFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            TemplateFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// What the 说明 sheet says about a column, and the example row's value.
struct Help {
    description: &'static str,
    example: &'static str,
    width: f64,
}

fn help(column: &Column) -> Help {
    let (description, example, width) = match column.key {
        "code" => (
            "组织的唯一代码：字母、数字、“-”或“_”，最多32位。",
            "500103-JZK",
            14.0,
        ),
        "name" => (
            "组织名称；巾帼文明岗填写岗位名称，最多100字。",
            "重医附一院急诊科",
            24.0,
        ),
        "federation_name" => (
            "妇联的全称；不填时为“名称+妇联”。巾帼文明岗不填。",
            "",
            18.0,
        ),
        "kind" => (
            "填写 省级、区县（区县级、市县级）或 岗位（巾帼文明岗）。",
            "岗位",
            10.0,
        ),
        "parent_code" => (
            "上级组织的代码：可以是系统中已有的组织，也可以是本文件中的另一行。",
            "500103",
            12.0,
        ),
        "work_unit" => (
            "巾帼文明岗所在单位，岗位必填。",
            "重庆医科大学附属第一医院",
            26.0,
        ),
        "industry" => ("所属行业，最多40字。", "卫生健康", 12.0),
        "honour_level" => (
            "巾帼文明岗的荣誉级别，岗位必填：全国级、省级、市级或区县级。",
            "全国级",
            10.0,
        ),
        "year_named" => ("获得命名的年份，如 2018。", "2018", 10.0),
        "contact_person" => ("联系人姓名。", "张敏", 10.0),
        "contact_phone" => ("联系电话：数字、空格、“-”或“+”。", "023-68811360", 15.0),
        "military_or_classified" => (
            "是否为解放军或涉军、涉密单位：填“是”或“否”，不填为否。",
            "否",
            10.0,
        ),
        "revoked" => ("称号是否已撤销：填“是”或“否”，不填为否。", "否", 8.0),
        "org_code" => (
            "账号所属组织的代码，该组织须已在系统中。",
            "500103-JZK",
            14.0,
        ),
        "username" => (
            "登录用户名：3–40位小写字母、数字、“-”“_”或“.”，不能与已有用户重复。",
            "cq-yz-jzk",
            14.0,
        ),
        "display_name" => ("使用人姓名；不填时显示组织名称。", "李华", 10.0),
        "role" => (
            "投稿人（巾帼文明岗）、审核员（各级妇联）或管理员。",
            "投稿人",
            10.0,
        ),
        "password" => (
            "初始密码：至少8位，含字母和数字；首次登录后须修改。",
            "Jinguo2020",
            14.0,
        ),
        _ => ("", "", 12.0),
    };
    Help {
        description,
        example,
        width,
    }
}

fn need_label(need: Need) -> &'static str {
    match need {
        Need::Required => "必填",
        Need::ForPosts => "岗位必填",
        Need::Optional => "选填",
    }
}

/// A template for `kind` in `format`.
pub fn template(kind: ImportKind, format: TemplateFormat) -> ServiceResult<Vec<u8>> {
    match format {
        TemplateFormat::Xlsx => {
            xlsx(columns(kind)).map_err(|e| ServiceError::Internal(format!("template: {e}")))
        }
        TemplateFormat::Csv => csv(columns(kind)),
    }
}

fn xlsx(columns: &[Column]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xFCE4EC));
    let required = header.clone().set_font_color(Color::RGB(0xC0392B));
    // Text cells, so Excel keeps codes like 0101 and long phone numbers as typed.
    let text = Format::new().set_num_format("@");
    let sheet = workbook.add_worksheet();
    sheet.set_name("导入数据")?;
    for (col, column) in (0u16..).zip(columns) {
        let help = help(column);
        let style = if column.need == Need::Optional {
            &header
        } else {
            &required
        };
        sheet.set_column_format(col, &text)?;
        sheet.set_column_width(col, help.width)?;
        sheet.write_string_with_format(0, col, column.header, style)?;
        sheet.write_string_with_format(1, col, help.example, &text)?;
    }
    sheet.set_freeze_panes(1, 0)?;

    let wrap = Format::new().set_text_wrap();
    let notes = workbook.add_worksheet();
    notes.set_name("说明")?;
    for (col, (title, width)) in (0u16..).zip([
        ("列名", 14.0),
        ("是否必填", 10.0),
        ("说明", 60.0),
        ("示例", 22.0),
    ]) {
        notes.write_string_with_format(0, col, title, &header)?;
        notes.set_column_width(col, width)?;
    }
    for (row, column) in (1u32..).zip(columns) {
        let help = help(column);
        notes.write_string(row, 0, column.header)?;
        notes.write_string(row, 1, need_label(column.need))?;
        notes.write_string_with_format(row, 2, help.description, &wrap)?;
        notes.write_string(row, 3, help.example)?;
    }
    let last = u32::try_from(columns.len()).unwrap_or(0) + 2;
    notes.write_string(last, 0, "填写说明")?;
    notes.write_string_with_format(
        last,
        2,
        "第一行为表头，请勿修改；从第二行起每行一条记录，示例行请替换或删除。\
         导入前会检查全部行，任何一行有误则整份文件都不导入，并列出每个错误所在的行和列。",
        &wrap,
    )?;
    workbook.save_to_buffer()
}

fn csv(columns: &[Column]) -> ServiceResult<Vec<u8>> {
    // The BOM tells Excel the file is UTF-8; without it Excel on Chinese Windows reads GBK.
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let failed = |e: csv::Error| ServiceError::Internal(format!("template: {e}"));
        writer
            .write_record(columns.iter().map(|c| c.header))
            .map_err(failed)?;
        writer
            .write_record(columns.iter().map(|c| help(c).example))
            .map_err(failed)?;
        writer
            .flush()
            .map_err(|e| ServiceError::Internal(format!("template: {e}")))?;
    }
    Ok(out)
}
