//! Importing organisations: every row checked in memory (fields, codes, parents, cycles) against
//! one read of the existing codes, then written level by level in one transaction.

use super::columns::{
    CODE, CONTACT_PERSON, CONTACT_PHONE, Column, ColumnMap, FEDERATION_NAME, HONOUR_LEVEL,
    INDUSTRY, KIND, MILITARY, NAME, ORG_COLUMNS, PARENT_CODE, REVOKED, WORK_UNIT, YEAR_NAMED,
    header_of,
};
use super::read::{Row, Sheet};
use super::{ImportKind, ImportMode, ImportReport, RowError};
use crate::actor::SignedIn;
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use chrono::Datelike;
use jinguo_domain::Permit;
use jinguo_domain::org::{OrgDraft, OrgFields, OrgPath, OrgStatus};
use jinguo_domain::validation::FieldIssue;
use jinguo_storage::StorageError;
use jinguo_storage::repo::org_bulk::{self, BulkOrg, OrgKey};
use std::collections::HashMap;

/// One organisation row after its own fields were checked.
struct Parsed<'s> {
    row: usize,
    code: &'s str,
    parent_code: &'s str,
    /// `None` when the row's own fields are invalid (already reported).
    fields: Option<OrgFields>,
}

/// Where a row's parent is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parent {
    /// An organisation already in the database, within the importer's subtree.
    Stored,
    /// The row at this index of the file.
    InFile(usize),
    /// Unknown, outside the subtree, or missing (already reported).
    Unusable,
}

#[expect(
    clippy::too_many_arguments,
    reason = "the import's steps share one context"
)]
pub(super) async fn import_orgs(
    ctx: &Ctx,
    who: &SignedIn,
    permit: &Permit,
    sheet: &Sheet,
    map: &ColumnMap,
    mode: ImportMode,
    file_name: &str,
    meta: &RequestMeta,
) -> ServiceResult<ImportReport> {
    let stored = org_bulk::all_keys(&ctx.db.conn).await?;
    let checked = check(sheet, map, who, &stored, ctx.clock.today_in_china().year())
        .map_err(|errors| ImportReport::refused(ImportKind::Orgs, sheet.rows.len(), errors))?;
    let levels = checked.bulk_levels();
    let total: usize = levels.iter().map(Vec::len).sum();
    if mode == ImportMode::DryRun {
        return Ok(ImportReport {
            kind: ImportKind::Orgs,
            mode,
            rows_read: sheet.rows.len(),
            inserted: total,
            skipped: checked.skipped,
            errors: Vec::new(),
        });
    }
    // Checked outside the transaction: SQLite cannot upgrade a reading transaction to a writing
    // one once another writer committed. A code taken in between fails the unique index below.
    let txn = ctx.db.begin_write().await?;
    let inserted = match org_bulk::insert_bulk(&txn, permit, who.org.id, &levels, ctx.now()).await {
        Ok(n) => n,
        Err(StorageError::Conflict(detail)) => return Err(ServiceError::Conflict(detail)),
        Err(other) => return Err(other.into()),
    };
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        codes::IMPORT,
        file_name,
        &format!("orgs: {total} rows"),
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(ImportReport {
        kind: ImportKind::Orgs,
        mode,
        rows_read: sheet.rows.len(),
        inserted,
        skipped: checked.skipped,
        errors: Vec::new(),
    })
}

/// Every check, in memory and in O(rows): a refusal lists every problem found.
fn check<'s>(
    sheet: &'s Sheet,
    map: &ColumnMap,
    who: &SignedIn,
    stored: &HashMap<String, OrgKey>,
    year: i32,
) -> Result<Checked<'s>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut skipped = 0;
    let mut rows = Vec::with_capacity(sheet.rows.len());
    for row in &sheet.rows {
        // A file of the whole tree names the importer's own organisation (the root, for the
        // operator): it exists already, so its row is passed over rather than refused.
        if map.cell(row, &CODE) == who.org.code {
            skipped += 1;
            continue;
        }
        rows.push(parse_row(row, map, year, &mut errors));
    }
    let first_of = check_codes(&rows, stored, &mut errors);
    let parents: Vec<Parent> = rows
        .iter()
        .map(|r| resolve_parent(r, &rows, &first_of, stored, &who.org.path, &mut errors))
        .collect();
    let (levels, on_cycle) = levels(&parents);
    for i in on_cycle {
        let r = &rows[i];
        errors.push(RowError::new(
            r.row,
            PARENT_CODE.header,
            FieldIssue::Cycle {
                code: r.parent_code.to_string(),
            },
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Checked {
        rows,
        levels,
        skipped,
    })
}

/// The rows of a file that passed every check, with each row's level.
struct Checked<'s> {
    rows: Vec<Parsed<'s>>,
    levels: Vec<Option<usize>>,
    skipped: usize,
}

impl Checked<'_> {
    /// The rows grouped so that every row's parent is stored or in an earlier level.
    fn bulk_levels(&self) -> Vec<Vec<BulkOrg<'_>>> {
        let depth = self.levels.iter().flatten().max().map_or(0, |d| d + 1);
        let mut levels: Vec<Vec<BulkOrg<'_>>> = (0..depth).map(|_| Vec::new()).collect();
        for (row, level) in self.rows.iter().zip(&self.levels) {
            if let (Some(fields), Some(level)) = (&row.fields, level) {
                levels[*level].push(BulkOrg {
                    fields,
                    parent_code: row.parent_code,
                });
            }
        }
        levels
    }
}

fn parse_row<'s>(
    row: &'s Row,
    map: &ColumnMap,
    year: i32,
    errors: &mut Vec<RowError>,
) -> Parsed<'s> {
    let mut yes_no = |column: &Column| {
        yes_no(map.cell(row, column)).unwrap_or_else(|| {
            errors.push(RowError::new(
                row.number,
                column.header,
                FieldIssue::BadYesNo,
            ));
            false
        })
    };
    let military_or_classified = yes_no(&MILITARY);
    let revoked = yes_no(&REVOKED);
    let text = |column: &Column| map.cell(row, column).to_string();
    let draft = OrgDraft {
        code: text(&CODE),
        name: text(&NAME),
        federation_name: text(&FEDERATION_NAME),
        kind: text(&KIND),
        work_unit: text(&WORK_UNIT),
        industry: text(&INDUSTRY),
        honour_level: text(&HONOUR_LEVEL),
        year_named: text(&YEAR_NAMED),
        contact_person: text(&CONTACT_PERSON),
        contact_phone: text(&CONTACT_PHONE),
        military_or_classified,
        revoked,
    };
    if let Err(problems) = crate::orgs::check_names(&draft) {
        for problem in problems.0 {
            errors.push(RowError {
                row: row.number,
                column: header_of(ORG_COLUMNS, &problem.field),
                issue: problem.issue,
            });
        }
    }
    let fields = OrgFields::parse(&draft, year)
        .map_err(|problems| {
            for problem in problems.0 {
                errors.push(RowError {
                    row: row.number,
                    column: header_of(ORG_COLUMNS, &problem.field),
                    issue: problem.issue,
                });
            }
        })
        .ok();
    let parent_code = map.cell(row, &PARENT_CODE);
    if parent_code.is_empty() {
        errors.push(RowError::new(
            row.number,
            PARENT_CODE.header,
            FieldIssue::Required,
        ));
    }
    Parsed {
        row: row.number,
        code: map.cell(row, &CODE),
        parent_code,
        fields,
    }
}

/// 是/否 as Chinese spreadsheets write it, or true/false, yes/no, 1/0; empty is no.
fn yes_no(cell: &str) -> Option<bool> {
    match cell.to_ascii_lowercase().as_str() {
        "" | "否" | "false" | "no" | "n" | "0" => Some(false),
        "是" | "true" | "yes" | "y" | "1" => Some(true),
        _ => None,
    }
}

/// Flags codes taken in the database or earlier in the file; returns each code's first row.
fn check_codes<'s>(
    rows: &[Parsed<'s>],
    stored: &HashMap<String, OrgKey>,
    errors: &mut Vec<RowError>,
) -> HashMap<&'s str, usize> {
    let mut first_of = HashMap::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        if r.code.is_empty() {
            continue;
        }
        let taken = stored.contains_key(r.code) || first_of.contains_key(r.code);
        if taken {
            errors.push(RowError::new(
                r.row,
                CODE.header,
                FieldIssue::DuplicateCode {
                    code: r.code.to_string(),
                },
            ));
        }
        first_of.entry(r.code).or_insert(i);
    }
    first_of
}

/// Finds a row's parent: a stored organisation within the subtree first, then a row of the
/// file. A stored parent outside the subtree reads as unknown, so nothing leaks about it.
fn resolve_parent(
    r: &Parsed<'_>,
    rows: &[Parsed<'_>],
    first_of: &HashMap<&str, usize>,
    stored: &HashMap<String, OrgKey>,
    subtree: &OrgPath,
    errors: &mut Vec<RowError>,
) -> Parent {
    if r.parent_code.is_empty() {
        return Parent::Unusable;
    }
    let unknown = FieldIssue::UnknownParent {
        code: r.parent_code.to_string(),
    };
    let (parent, parent_kind) = match (stored.get(r.parent_code), first_of.get(r.parent_code)) {
        (Some(key), _) if !key.path.is_within(subtree) => {
            errors.push(RowError::new(r.row, PARENT_CODE.header, unknown));
            return Parent::Unusable;
        }
        (Some(key), _) if key.status != OrgStatus::Active => {
            errors.push(RowError::new(
                r.row,
                PARENT_CODE.header,
                FieldIssue::NotAllowedHere,
            ));
            return Parent::Unusable;
        }
        (Some(key), _) => (Parent::Stored, Some(key.kind)),
        (None, Some(&at)) => (Parent::InFile(at), rows[at].fields.as_ref().map(|f| f.kind)),
        (None, None) => {
            errors.push(RowError::new(r.row, PARENT_CODE.header, unknown));
            return Parent::Unusable;
        }
    };
    if let (Some(parent_kind), Some(fields)) = (parent_kind, &r.fields)
        && !parent_kind.may_contain(fields.kind)
    {
        let issue = FieldIssue::ParentCannotContain {
            parent_kind: parent_kind.label(),
            child_kind: fields.kind.label(),
        };
        errors.push(RowError::new(r.row, KIND.header, issue));
    }
    parent
}

/// Each row's level (0 = its parent is stored, n = its parent is at level n-1) and the rows on
/// a cycle of in-file parents. Rows below a cycle or an unusable parent get no level. O(rows):
/// each row is walked once.
fn levels(parents: &[Parent]) -> (Vec<Option<usize>>, Vec<usize>) {
    #[derive(Clone, Copy)]
    enum Mark {
        New,
        OnPath,
        Level(usize),
        Broken,
    }
    let mut marks = vec![Mark::New; parents.len()];
    let mut on_cycle = Vec::new();
    let mut path = Vec::new();
    for start in 0..parents.len() {
        if !matches!(marks[start], Mark::New) {
            continue;
        }
        path.clear();
        let mut at = start;
        // Climb through unvisited in-file parents until the top's level is known or cannot be.
        let top_level = loop {
            marks[at] = Mark::OnPath;
            path.push(at);
            match parents[at] {
                Parent::Stored => break Some(0),
                Parent::Unusable => break None,
                Parent::InFile(p) => match marks[p] {
                    Mark::New => at = p,
                    Mark::Level(level) => break Some(level + 1),
                    Mark::Broken => break None,
                    Mark::OnPath => {
                        let from = path.iter().position(|&r| r == p).unwrap_or(0);
                        on_cycle.extend_from_slice(&path[from..]);
                        break None;
                    }
                },
            }
        };
        for (below_top, &row) in path.iter().rev().enumerate() {
            marks[row] = top_level.map_or(Mark::Broken, |top| Mark::Level(top + below_top));
        }
    }
    on_cycle.sort_unstable();
    let levels = marks
        .iter()
        .map(|m| {
            if let Mark::Level(level) = m {
                Some(*level)
            } else {
                None
            }
        })
        .collect();
    (levels, on_cycle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_in_file_parents_in_any_order() {
        // 0 under 1 under 2 under a stored parent; 3 under 0.
        let parents = [
            Parent::InFile(1),
            Parent::InFile(2),
            Parent::Stored,
            Parent::InFile(0),
        ];
        let (levels, on_cycle) = levels(&parents);
        assert_eq!(levels, vec![Some(2), Some(1), Some(0), Some(3)]);
        assert!(on_cycle.is_empty());
    }

    #[test]
    fn a_cycle_marks_its_rows_but_not_the_rows_hanging_below_it() {
        // 0 ↔ 1 form a cycle; 2 hangs below 0; 3 is its own parent; 4 is fine.
        let parents = [
            Parent::InFile(1),
            Parent::InFile(0),
            Parent::InFile(0),
            Parent::InFile(3),
            Parent::Stored,
        ];
        let (levels, on_cycle) = levels(&parents);
        assert_eq!(on_cycle, vec![0, 1, 3]);
        assert_eq!(levels, vec![None, None, None, None, Some(0)]);
    }

    #[test]
    fn yes_no_cells_accept_chinese_and_english() {
        assert_eq!(yes_no("是"), Some(true));
        assert_eq!(yes_no("TRUE"), Some(true));
        assert_eq!(yes_no(""), Some(false));
        assert_eq!(yes_no("0"), Some(false));
        assert_eq!(yes_no("也许"), None);
    }
}
