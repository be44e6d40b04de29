//! `/exports/{name}.{xlsx|csv}`: the submissions, the quota report and the review history of a
//! campaign in the viewer's subtree. CSV is UTF-8 with a BOM and CRLF, streamed a page of rows
//! at a time; xlsx is written in constant memory on a blocking thread. Cells that a spreadsheet
//! would read as a formula (= + - @) are written as text.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::articles::detail::action_label;
use crate::pages::dashboard::quota_label;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::clock::china_time_string;
use jinguo_service::stats::exports::{Export, HistoryRow, QuotaRow, SubmissionRow, prepare};
use jinguo_service::{Ctx, ServiceError};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Deserialize, Default)]
pub struct ExportQuery {
    #[serde(default)]
    pub campaign: String,
    #[serde(default)]
    pub status: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Submissions,
    Quota,
    History,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Csv,
}

/// A cell: text (always written as text) or a number.
pub enum Cell {
    Text(String),
    Number(u64),
}

impl Kind {
    fn parse(name: &str) -> Option<Kind> {
        match name {
            "submissions" => Some(Kind::Submissions),
            "quota" => Some(Kind::Quota),
            "history" => Some(Kind::History),
            _ => None,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Kind::Submissions => "投稿明细",
            Kind::Quota => "名额完成情况",
            Kind::History => "审核记录",
        }
    }

    fn header(self) -> &'static [&'static str] {
        match self {
            Kind::Submissions => &[
                "编号",
                "标题",
                "岗位",
                "所在单位",
                "区县",
                "省份",
                "主题",
                "字数",
                "状态",
                "首次提交",
                "最近提交",
                "最近更新",
                "最新意见",
            ],
            Kind::Quota => &[
                "单位",
                "级别",
                "上级单位",
                "已投稿",
                "待审",
                "已推荐",
                "已发布",
                "推荐名单",
                "最低",
                "最高",
                "完成情况",
            ],
            Kind::History => &[
                "时间",
                "稿件编号",
                "标题",
                "岗位",
                "操作",
                "原状态",
                "新状态",
                "操作人",
                "操作单位",
                "意见",
            ],
        }
    }

    fn widths(self) -> &'static [f64] {
        match self {
            Kind::Submissions => &[
                8.0, 36.0, 22.0, 24.0, 12.0, 10.0, 30.0, 8.0, 10.0, 18.0, 18.0, 18.0, 40.0,
            ],
            Kind::Quota => &[26.0, 10.0, 16.0, 8.0, 8.0, 8.0, 8.0, 10.0, 8.0, 8.0, 12.0],
            Kind::History => &[18.0, 10.0, 36.0, 22.0, 14.0, 10.0, 10.0, 22.0, 18.0, 40.0],
        }
    }
}

fn time(at: Option<chrono::DateTime<chrono::Utc>>) -> Cell {
    Cell::Text(at.map(china_time_string).unwrap_or_default())
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn num(n: impl TryInto<u64>) -> Cell {
    Cell::Number(n.try_into().unwrap_or(0))
}

fn submission_cells(r: SubmissionRow) -> Vec<Cell> {
    vec![
        num(r.id),
        text(r.title),
        text(r.post),
        text(r.work_unit),
        text(r.district),
        text(r.province),
        text(r.themes.join("、")),
        num(r.words),
        text(r.status.label()),
        time(r.first_submitted),
        time(r.last_submitted),
        time(Some(r.updated)),
        text(r.latest_comment),
    ]
}

fn quota_cells(r: QuotaRow) -> Vec<Cell> {
    let (label, _) = quota_label(r.quota);
    let opt = |n: Option<u32>| n.map_or_else(|| text(""), num);
    vec![
        text(r.name),
        text(r.kind.label()),
        text(r.parent),
        num(r.figures.submitted),
        num(r.figures.pending),
        num(r.figures.recommended),
        num(r.figures.published),
        if r.kind == jinguo_domain::org::OrgKind::Provincial {
            num(r.figures.in_list)
        } else {
            text("")
        },
        opt(r.min),
        opt(r.max),
        text(label),
    ]
}

fn history_cells(r: HistoryRow) -> Vec<Cell> {
    let status = |s: Option<ArticleStatus>| text(s.map_or("—", ArticleStatus::label));
    vec![
        time(Some(r.at)),
        num(r.article_id),
        text(r.title),
        text(r.post),
        text(action_label(&r.action)),
        status(r.from),
        status(r.to),
        text(r.actor),
        text(r.org),
        text(r.comment),
    ]
}

/// Reads the export a page at a time: `None` at the end.
struct Pages {
    export: Export,
    kind: Kind,
    after: i64,
    done: bool,
}

impl Pages {
    async fn next(&mut self, ctx: &Ctx) -> Result<Option<Vec<Vec<Cell>>>, ServiceError> {
        if self.done {
            return Ok(None);
        }
        let rows = match self.kind {
            Kind::Submissions => {
                let rows = self.export.submissions(ctx, self.after).await?;
                match rows.last() {
                    Some(last) => self.after = last.id,
                    None => self.done = true,
                }
                rows.into_iter().map(submission_cells).collect()
            }
            Kind::Quota => {
                self.done = true;
                self.export
                    .quota(ctx)
                    .await?
                    .into_iter()
                    .map(quota_cells)
                    .collect()
            }
            Kind::History => {
                let (rows, last) = self.export.history(ctx, self.after).await?;
                match last {
                    Some(last) => self.after = last,
                    None => self.done = true,
                }
                rows.into_iter().map(history_cells).collect()
            }
        };
        Ok(Some(rows))
    }
}

/// A value a spreadsheet would run as a formula gets a leading apostrophe (CSV only; xlsx cells
/// are typed as text).
fn defuse(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

fn csv_chunk(rows: &[Vec<Cell>], bom: bool) -> Result<Vec<u8>, std::io::Error> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    for row in rows {
        let record: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(s) => defuse(s).into_owned(),
                Cell::Number(n) => n.to_string(),
            })
            .collect();
        writer
            .write_record(&record)
            .map_err(std::io::Error::other)?;
    }
    writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

fn header_cells(kind: Kind) -> Vec<Cell> {
    kind.header().iter().map(|h| text(*h)).collect()
}

/// Streams the CSV: the header with the BOM, then one chunk per page of rows.
fn stream_csv(ctx: Ctx, mut pages: Pages) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(2);
    tokio::spawn(async move {
        let head = csv_chunk(&[header_cells(pages.kind)], true);
        if tx.send(head).await.is_err() {
            return;
        }
        loop {
            let chunk = match pages.next(&ctx).await {
                Ok(Some(rows)) => csv_chunk(&rows, false),
                Ok(None) => break,
                Err(err) => {
                    tracing::error!(error = %err, "export failed midway");
                    Err(std::io::Error::other("export failed"))
                }
            };
            let failed = chunk.is_err();
            if tx.send(chunk).await.is_err() || failed {
                break;
            }
        }
    });
    // `poll_recv` keeps answering `Ready(None)` once the channel is done, so the body may be
    // polled past its end (the compression layer does) without panicking, unlike `unfold`.
    let mut rx = rx;
    Body::from_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)))
}

/// Writes the xlsx on a blocking thread, reading pages through the runtime's handle.
async fn build_xlsx(ctx: Ctx, mut pages: Pages) -> Result<Vec<u8>, ServiceError> {
    let handle = tokio::runtime::Handle::current();
    let ctx = Arc::new(ctx);
    tokio::task::spawn_blocking(move || -> Result<Vec<u8>, ServiceError> {
        use rust_xlsxwriter::{Format, Workbook};
        let failed = |e: rust_xlsxwriter::XlsxError| ServiceError::Internal(e.to_string());
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(failed)?;
        sheet.set_name(pages.kind.title()).map_err(failed)?;
        for (col, width) in pages.kind.widths().iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(0);
            sheet.set_column_width(col, *width).map_err(failed)?;
        }
        for (col, h) in pages.kind.header().iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(0);
            sheet
                .write_string_with_format(0, col, *h, &bold)
                .map_err(failed)?;
        }
        let mut row: u32 = 1;
        while let Some(rows) = handle.block_on(pages.next(&ctx))? {
            for cells in rows {
                for (col, cell) in cells.into_iter().enumerate() {
                    let col = u16::try_from(col).unwrap_or(0);
                    match cell {
                        Cell::Text(s) if s.is_empty() => {}
                        Cell::Text(s) => {
                            sheet.write_string(row, col, s).map_err(failed)?;
                        }
                        Cell::Number(n) => {
                            #[expect(
                                clippy::cast_precision_loss,
                                reason = "counts and ids are far below 2^53"
                            )]
                            let n = n as f64;
                            sheet.write_number(row, col, n).map_err(failed)?;
                        }
                    }
                }
                row += 1;
            }
        }
        workbook.save_to_buffer().map_err(failed)
    })
    .await
    .map_err(|e| ServiceError::Internal(e.to_string()))?
}

pub async fn download_export(
    State(state): State<AppState>,
    page: Page,
    Path(file): Path<String>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, PageError> {
    Ok(export_response(&state, &page.who, &file, &query).await?)
}

/// The file `file` (`submissions.xlsx`, `quota.csv` …) of the viewer's subtree, streamed: the
/// page's download and the API's are this one function.
pub async fn export_response(
    state: &AppState,
    who: &jinguo_service::actor::SignedIn,
    file: &str,
    query: &ExportQuery,
) -> Result<Response, ServiceError> {
    let (name, ext) = file.rsplit_once('.').ok_or(ServiceError::NotFound)?;
    let kind = Kind::parse(name).ok_or(ServiceError::NotFound)?;
    let format = match ext {
        "xlsx" => Format::Xlsx,
        "csv" => Format::Csv,
        _ => return Err(ServiceError::NotFound),
    };
    let export = prepare(
        &state.ctx,
        who,
        query.campaign.parse().ok(),
        ArticleStatus::parse(&query.status),
    )
    .await?;
    let download = format!(
        "{}-{}-{}.{ext}",
        kind.title(),
        export.org.name,
        state.ctx.clock.today_in_china().format("%Y%m%d")
    );
    // The organisation's name is typed by people: the one sanitiser makes it a safe file name.
    let disposition = jinguo_domain::validation::content_disposition(
        "attachment",
        &download,
        &format!("{name}.{ext}"),
    );
    let pages = Pages {
        export,
        kind,
        after: 0,
        done: false,
    };
    let (mime, body) = match format {
        Format::Csv => (
            "text/csv; charset=utf-8",
            stream_csv(state.ctx.clone(), pages),
        ),
        Format::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Body::from(build_xlsx(state.ctx.clone(), pages).await?),
        ),
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_quotes_escaped() {
        let bytes = csv_chunk(
            &[vec![
                text("=HYPERLINK(\"x\")"),
                text("+1"),
                text("普通,文本"),
                num(3u64),
            ]],
            true,
        )
        .unwrap();
        let s = String::from_utf8(bytes).unwrap();
        assert_eq!(
            s,
            "\u{feff}\"'=HYPERLINK(\"\"x\"\")\",'+1,\"普通,文本\",3\r\n"
        );
    }
}
