//! A post's articles over JSON: list, start, read, save (autosave), submit, withdraw, and
//! turning a Word file into blocks. The editor page's script uses these same endpoints.

use crate::api::v1::dates::rfc3339;
use crate::api::v1::doc;
use crate::api::v1::extract::ApiMultipart;
use crate::api::v1::extract::{ApiJson, ApiPath, ApiQuery};
use crate::api::v1::paging::Paging;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::messages;
use crate::pages::upload::read_upload;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::content::ArticleContent;
use jinguo_service::ServiceError;
use jinguo_service::articles::{Article, draft, from_docx, submit, view};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleResponse {
    pub id: i64,
    pub campaign_id: i64,
    /// `draft`, `pending`, `returned`, `recommended`, `published`, `featured`, `rejected`, `unpublished`.
    pub status: String,
    pub status_label: String,
    /// The optimistic-concurrency token: send it back with saves and moves.
    pub version: i32,
    /// How many versions have been submitted.
    pub revision: i32,
    pub word_count: i32,
    pub content: ArticleContent,
    pub updated_at: String,
    pub submitted_at: Option<String>,
}

impl ArticleResponse {
    pub fn of(article: &Article) -> Self {
        ArticleResponse {
            id: article.id,
            campaign_id: article.campaign_id,
            status: article.status.as_str().into(),
            status_label: article.status.label().into(),
            version: article.version,
            revision: article.revision,
            word_count: article.word_count,
            content: article.content.clone(),
            updated_at: rfc3339(article.updated_at),
            submitted_at: article.submitted_at.map(rfc3339),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleListResponse {
    pub items: Vec<ArticleResponse>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleListQuery {
    /// One status to filter by; all when absent.
    pub status: Option<String>,
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/articles", tag = "articles", params(ArticleListQuery),
    responses((status = 200, body = ArticleListResponse, description = "My articles, newest first"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = doc::FORBIDDEN)),
    security(("bearer" = [])))]
pub async fn list_my_articles(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ArticleListQuery>,
) -> Result<Json<ArticleListResponse>, ApiError> {
    let statuses: Vec<ArticleStatus> = query
        .status
        .as_deref()
        .and_then(ArticleStatus::parse)
        .into_iter()
        .collect();
    let paging = Paging::new(query.page, query.per_page)?;
    let mine = view::list_mine(
        &state.ctx,
        &caller.who,
        &statuses,
        paging.page,
        paging.per_page,
    )
    .await?;
    Ok(Json(ArticleListResponse {
        items: mine.articles.iter().map(ArticleResponse::of).collect(),
        total: mine.total,
        page: paging.page,
        per_page: paging.per_page,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewArticleRequest {
    pub campaign_id: i64,
    #[serde(default)]
    pub content: ArticleContent,
}

#[utoipa::path(post, path = "/api/v1/articles", tag = "articles", request_body = NewArticleRequest,
    responses((status = 201, body = ArticleResponse, description = "The new draft"),
              (status = 403, body = ErrorBody, description = "Not a post, or the post may not take part (`ineligible`)"),
              (status = 404, body = ErrorBody, description = doc::NOT_FOUND),
              (status = 422, body = ErrorBody, description = doc::INVALID)),
    security(("bearer" = [])))]
pub async fn start_article(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<NewArticleRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let article = draft::create_draft(
        &state.ctx,
        &caller.who,
        request.campaign_id,
        request.content,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(ArticleResponse::of(&article))))
}

#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "articles", params(("id" = i64, Path)),
    responses((status = 200, body = ArticleResponse, description = "One of my articles"),
              (status = 404, body = ErrorBody, description = doc::NOT_FOUND)),
    security(("bearer" = [])))]
pub async fn show_my_article(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ArticleResponse>, ApiError> {
    let article = draft::own_article(&state.ctx, &caller.who, id).await?;
    Ok(Json(ArticleResponse::of(&article)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveArticleRequest {
    pub content: ArticleContent,
    /// The version this text was based on.
    pub version: i32,
}

#[utoipa::path(put, path = "/api/v1/articles/{id}", tag = "articles", params(("id" = i64, Path)),
    request_body = SaveArticleRequest,
    responses((status = 200, body = ArticleResponse, description = "Saved; carries the new version"),
              (status = 404, body = ErrorBody, description = doc::NOT_FOUND),
              (status = 409, body = ErrorBody, description = "Changed meanwhile (`conflict`), or not editable now (`move_refused`)"),
              (status = 422, body = ErrorBody, description = "Invalid, or revising outside the collection window (`window_closed`)")),
    security(("bearer" = [])))]
pub async fn save_my_article(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<SaveArticleRequest>,
) -> Result<Json<ArticleResponse>, ApiError> {
    let article = draft::save_draft(
        &state.ctx,
        &caller.who,
        id,
        request.content,
        request.version,
    )
    .await?;
    Ok(Json(ArticleResponse::of(&article)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionRequest {
    pub version: i32,
}

#[utoipa::path(post, path = "/api/v1/articles/{id}/submit", tag = "articles", params(("id" = i64, Path)),
    request_body = VersionRequest,
    responses((status = 200, body = ArticleResponse, description = "Submitted to the first federation above the post"),
              (status = 403, body = ErrorBody, description = "The post may not take part (`ineligible`)"),
              (status = 409, body = ErrorBody, description = doc::CONFLICT),
              (status = 422, body = ErrorBody, description = "Invalid (over 2000 字, no theme…) or outside the window (`window_closed`)")),
    security(("bearer" = [])))]
pub async fn submit_my_article(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<VersionRequest>,
) -> Result<Json<ArticleResponse>, ApiError> {
    let article = submit::submit(&state.ctx, &caller.who, id, request.version).await?;
    Ok(Json(ArticleResponse::of(&article)))
}

#[utoipa::path(post, path = "/api/v1/articles/{id}/withdraw", tag = "articles", params(("id" = i64, Path)),
    request_body = VersionRequest,
    responses((status = 200, body = ArticleResponse, description = "Back to draft"),
              (status = 409, body = ErrorBody, description = "Review already started (`move_refused`) or changed meanwhile")),
    security(("bearer" = [])))]
pub async fn withdraw_my_article(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<VersionRequest>,
) -> Result<Json<ArticleResponse>, ApiError> {
    let article = submit::withdraw(&state.ctx, &caller.who, id, request.version).await?;
    Ok(Json(ArticleResponse::of(&article)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocxBlocksResponse {
    pub title: Option<String>,
    #[schema(value_type = Vec<Object>)]
    pub blocks: Vec<jinguo_domain::content::Block>,
    /// Pictures that could not be used, with the reason in Chinese.
    pub skipped_images: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/articles/docx", tag = "articles",
    request_body(content_type = "multipart/form-data", description = "`file`: a .docx; `existing_blocks`: how many blocks the article already has (default 0)"),
    responses((status = 200, body = DocxBlocksResponse, description = "The blocks (images already processed); nothing is saved"),
              (status = 422, body = ErrorBody, description = "Not a readable .docx (`docx_refused`), or more blocks than fit beside the existing ones (`invalid`, field `file`)")),
    security(("bearer" = [])))]
pub async fn blocks_from_docx(
    State(state): State<AppState>,
    caller: Caller,
    ApiMultipart(multipart): ApiMultipart,
) -> Result<Json<DocxBlocksResponse>, ApiError> {
    from_docx::may_convert(&caller.who)?;
    let upload = read_upload(multipart, &state.ctx.settings.upload_dir, 20)
        .await
        .map_err(|_| ApiError(ServiceError::Docx(jinguo_service::DocxError::NotADocx)))?;
    let existing = upload
        .fields
        .get("existing_blocks")
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let imported =
        from_docx::blocks_from_docx(&state.ctx, &caller.who, upload.file, existing).await?;
    Ok(Json(DocxBlocksResponse {
        title: imported.title,
        blocks: imported.blocks,
        skipped_images: imported
            .skipped_images
            .iter()
            .map(|(name, err)| format!("{name}：{}", messages::error(err)))
            .collect(),
    }))
}
