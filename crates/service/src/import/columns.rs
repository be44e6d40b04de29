//! The columns of each import file (template headers, accepted names, which are required) and
//! mapping a file's header row onto them.

use super::read::{Row, Sheet};
use super::{ImportKind, RowError};
use jinguo_domain::validation::FieldIssue;

/// When a column must be present and filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The column must exist and every row must fill it.
    Required,
    /// The column may be absent, but post rows must fill it (checked by `OrgFields::parse`).
    ForPosts,
    Optional,
}

/// One column of an import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The field key, as validation errors name it; also accepted as a header.
    pub key: &'static str,
    /// The header the template writes.
    pub header: &'static str,
    /// Further headers accepted for the same column.
    pub aliases: &'static [&'static str],
    pub need: Need,
}

const fn column(
    key: &'static str,
    header: &'static str,
    aliases: &'static [&'static str],
    need: Need,
) -> Column {
    Column {
        key,
        header,
        aliases,
        need,
    }
}

pub const CODE: Column = column("code", "代码", &["组织代码", "编码"], Need::Required);
pub const NAME: Column = column("name", "名称", &["组织名称"], Need::Required);
pub const FEDERATION_NAME: Column = column("federation_name", "妇联名称", &[], Need::Optional);
pub const KIND: Column = column("kind", "类型", &["组织类型"], Need::Required);
pub const PARENT_CODE: Column =
    column("parent_code", "上级代码", &["上级组织代码"], Need::Required);
pub const WORK_UNIT: Column = column("work_unit", "所在单位", &[], Need::ForPosts);
pub const INDUSTRY: Column = column("industry", "行业", &["所属行业"], Need::Optional);
pub const HONOUR_LEVEL: Column = column("honour_level", "荣誉级别", &[], Need::ForPosts);
pub const YEAR_NAMED: Column = column("year_named", "命名年份", &[], Need::Optional);
pub const CONTACT_PERSON: Column = column("contact_person", "联系人", &[], Need::Optional);
pub const CONTACT_PHONE: Column = column("contact_phone", "联系电话", &[], Need::Optional);
pub const MILITARY: Column = column(
    "military_or_classified",
    "涉军涉密",
    &["是否涉军涉密"],
    Need::Optional,
);
pub const REVOKED: Column = column("revoked", "已撤销", &["是否撤销"], Need::Optional);

pub const ORG_COLUMNS: &[Column] = &[
    CODE,
    NAME,
    FEDERATION_NAME,
    KIND,
    PARENT_CODE,
    WORK_UNIT,
    INDUSTRY,
    HONOUR_LEVEL,
    YEAR_NAMED,
    CONTACT_PERSON,
    CONTACT_PHONE,
    MILITARY,
    REVOKED,
];

pub const ORG_CODE: Column = column("org_code", "组织代码", &["所属组织代码"], Need::Required);
pub const USERNAME: Column = column("username", "用户名", &["账号"], Need::Required);
pub const DISPLAY_NAME: Column = column("display_name", "姓名", &[], Need::Optional);
pub const ROLE: Column = column("role", "角色", &[], Need::Required);
pub const PASSWORD: Column = column("password", "初始密码", &["密码"], Need::Required);

pub const ACCOUNT_COLUMNS: &[Column] = &[ORG_CODE, USERNAME, DISPLAY_NAME, ROLE, PASSWORD];

pub fn columns(kind: ImportKind) -> &'static [Column] {
    match kind {
        ImportKind::Orgs => ORG_COLUMNS,
        ImportKind::Accounts => ACCOUNT_COLUMNS,
    }
}

/// The template header of a validation error's field key (the key itself if unknown).
pub fn header_of(columns: &[Column], key: &str) -> String {
    columns
        .iter()
        .find(|c| c.key == key)
        .map_or(key, |c| c.header)
        .to_string()
}

/// Where each known column sits in a file. Unknown columns are ignored (users add notes);
/// known columns that are absent read as empty cells.
#[derive(Debug, Clone)]
pub struct ColumnMap {
    positions: Vec<(&'static str, usize)>,
}

impl ColumnMap {
    /// Maps the header row; every missing required column and every column given twice is an
    /// error at the header row.
    pub fn locate(columns: &[Column], sheet: &Sheet) -> Result<ColumnMap, Vec<RowError>> {
        let mut positions = Vec::new();
        let mut errors = Vec::new();
        for column in columns {
            let mut found = sheet
                .header
                .iter()
                .enumerate()
                .filter(|(_, h)| matches(column, h))
                .map(|(i, _)| i);
            match found.next() {
                Some(at) => {
                    positions.push((column.key, at));
                    if found.next().is_some() {
                        errors.push(RowError::new(
                            sheet.header_row,
                            column.header,
                            FieldIssue::DuplicateColumn,
                        ));
                    }
                }
                None if column.need == Need::Required => {
                    errors.push(RowError::new(
                        sheet.header_row,
                        column.header,
                        FieldIssue::MissingColumn,
                    ));
                }
                None => {}
            }
        }
        if errors.is_empty() {
            Ok(ColumnMap { positions })
        } else {
            Err(errors)
        }
    }

    /// The trimmed cell of `column` in `row`; empty when the column or the cell is absent.
    pub fn cell<'r>(&self, row: &'r Row, column: &Column) -> &'r str {
        self.positions
            .iter()
            .find(|(key, _)| *key == column.key)
            .and_then(|(_, at)| row.cells.get(*at))
            .map_or("", String::as_str)
    }
}

/// A header names a column by its template header, an alias or its key, ignoring case and a
/// trailing required-marker `*`.
fn matches(column: &Column, header: &str) -> bool {
    let header = header.trim().trim_end_matches(['*', '＊']).trim();
    header == column.header
        || column.aliases.contains(&header)
        || header.eq_ignore_ascii_case(column.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(header: &[&str]) -> Sheet {
        Sheet {
            header_row: 1,
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: vec![Row {
                number: 2,
                cells: vec!["a".into(), "b".into(), "c".into()],
            }],
        }
    }

    #[test]
    fn chinese_headers_english_keys_and_starred_headers_all_match() {
        let map = ColumnMap::locate(
            ORG_COLUMNS,
            &sheet(&["代码*", "Name", "类型", "parent_code"]),
        )
        .unwrap();
        let row = &sheet(&[]).rows[0];
        assert_eq!(map.cell(row, &CODE), "a");
        assert_eq!(map.cell(row, &NAME), "b");
        assert_eq!(map.cell(row, &WORK_UNIT), "");
    }

    #[test]
    fn each_missing_required_column_is_named() {
        let errors = ColumnMap::locate(ORG_COLUMNS, &sheet(&["代码", "名称"])).unwrap_err();
        let named: Vec<_> = errors
            .iter()
            .map(|e| (e.row, e.column.as_str(), e.issue.clone()))
            .collect();
        assert_eq!(
            named,
            vec![
                (1, "类型", FieldIssue::MissingColumn),
                (1, "上级代码", FieldIssue::MissingColumn)
            ]
        );
    }

    #[test]
    fn a_column_given_twice_is_refused() {
        let errors = ColumnMap::locate(
            ACCOUNT_COLUMNS,
            &sheet(&["组织代码", "用户名", "用户名", "角色", "密码"]),
        )
        .unwrap_err();
        assert_eq!(
            errors,
            vec![RowError::new(1, "用户名", FieldIssue::DuplicateColumn)]
        );
    }
}
