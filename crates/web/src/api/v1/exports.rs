//! The exports over JSON clients' HTTP: the same files as the dashboard's download buttons,
//! streamed (CSV a page of rows at a time; xlsx built in constant memory).

use crate::api::v1::extract::{ApiPath, ApiQuery};
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::pages::exports::{ExportQuery, export_response};
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    /// The campaign's id; the running one when absent.
    pub campaign: Option<i64>,
    /// Submissions only: one status (`pending`, `recommended`, `published` …).
    pub status: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/exports/{file}", tag = "exports",
    params(("file" = String, Path, description = "`submissions`, `quota` or `history`, then `.xlsx` or `.csv`",
                example = "submissions.xlsx"),
           ExportParams),
    responses((status = 200, content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
                description = "The spreadsheet of my subtree, streamed; CSV is UTF-8 with a BOM"),
              (status = 404, body = ErrorBody, description = "No such file or campaign (`not_found`)")),
    security(("bearer" = [])))]
pub async fn download_export(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(file): ApiPath<String>,
    ApiQuery(params): ApiQuery<ExportParams>,
) -> Result<Response, ApiError> {
    let query = ExportQuery {
        campaign: params.campaign.map(|c| c.to_string()).unwrap_or_default(),
        status: params.status.unwrap_or_default(),
    };
    Ok(export_response(&state, &caller.who, &file, &query).await?)
}
