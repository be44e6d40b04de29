//! The public read API of published articles (no token needed), and the publication package for
//! national administrators and their API tokens.

use crate::api::v1::extract::{ApiPath, ApiQuery};
use crate::api::v1::paging::Paging;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::pages::articles::blocks::image_url;
use crate::pages::public::cached_as;
use crate::pages::public::chrome::base_url;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Response};
use jinguo_domain::content::Block;
use jinguo_service::showcase::{self, Card, Scope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PublicListQuery {
    /// A theme key (`guard`, `innovation`, `rural`, `poverty`).
    pub theme: Option<String>,
    /// A province code, e.g. `50`.
    pub province: Option<String>,
    /// A campaign slug.
    pub campaign: Option<String>,
    /// 1-based; 12 articles a page.
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicSummary {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub post: String,
    pub work_unit: String,
    pub industry: String,
    pub province: String,
    pub province_code: String,
    pub district: String,
    /// Theme keys.
    pub themes: Vec<String>,
    pub campaign: String,
    pub featured: bool,
    /// RFC 3339, UTC.
    pub published_at: String,
    /// The article page.
    pub url: String,
    /// The cover image (750×445 JPEG), if any.
    pub image: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicListResponse {
    pub items: Vec<PublicSummary>,
    pub total: u64,
    pub page: u64,
    /// Always 12: the lists are the public pages' own, cached for every reader.
    pub per_page: u64,
    pub pages: u64,
}

/// The public lists' page size (the showcase pages').
const PUBLIC_PER_PAGE: u64 = 12;

const JSON: &str = "application/json";

/// One block of a published article; `image` blocks carry an absolute `url`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicBlock {
    /// `paragraph`, `subheading` or `image`.
    pub kind: &'static str,
    pub text: Option<String>,
    pub url: Option<String>,
    pub caption: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicArticleResponse {
    #[serde(flatten)]
    pub summary: PublicSummary,
    pub word_count: i32,
    pub blocks: Vec<PublicBlock>,
}

fn summary(card: &Card, base: &str) -> PublicSummary {
    PublicSummary {
        id: card.id,
        title: card.title.clone(),
        excerpt: card.excerpt.clone(),
        post: card.post_name.clone(),
        work_unit: card.work_unit.clone(),
        industry: card.industry.clone(),
        province: card.province.clone(),
        province_code: card.province_code.clone(),
        district: card.district.clone(),
        themes: card.themes.iter().map(|(k, _)| k.clone()).collect(),
        campaign: card.campaign_slug.clone(),
        featured: card.featured,
        published_at: crate::api::v1::dates::rfc3339(card.published_at),
        url: format!("{base}/news/{}", card.id),
        image: card
            .cover
            .as_deref()
            .map(|c| format!("{base}{}", image_url(c))),
    }
}

#[utoipa::path(get, path = "/api/v1/public/articles", tag = "public",
    params(PublicListQuery,
           ("If-None-Match" = Option<String>, Header, description = "The `ETag` of an earlier answer")),
    responses((status = 200, body = PublicListResponse, description = "Published articles, newest first. From the public page cache: `ETag` and `Last-Modified` come with every answer; send `If-None-Match` (or `If-Modified-Since`) to get `304 Not Modified` while nothing changed.",
               headers(("ETag" = String), ("Last-Modified" = String), ("Cache-Control" = String))),
              (status = 304, description = "Not modified since the `ETag` sent"),
              (status = 404, body = ErrorBody, description = "Unknown theme, province or campaign (`not_found`)")))]
pub async fn list_public_articles(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<PublicListQuery>,
) -> Result<Response, ApiError> {
    let scope = match (q.campaign, q.theme, q.province) {
        (Some(c), _, _) => Scope::Campaign(c),
        (None, Some(t), _) => Scope::Theme(t),
        (None, None, Some(p)) => Scope::Province(p),
        (None, None, None) => Scope::All,
    };
    let paging = Paging::page(q.page)?;
    Ok(
        cached_as(&state, &uri, &headers, JSON, |state, base| async move {
            let listing = showcase::pages::list(&state.ctx, &scope, paging).await?;
            to_json(&PublicListResponse {
                items: listing.cards.iter().map(|c| summary(c, &base)).collect(),
                total: listing.total,
                page: listing.page,
                per_page: PUBLIC_PER_PAGE,
                pages: listing.pages,
            })
        })
        .await,
    )
}

fn to_json<T: Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value)
        .map_err(|e| ApiError(jinguo_service::ServiceError::Internal(format!("json: {e}"))))
}

#[utoipa::path(get, path = "/api/v1/public/articles/{id}", tag = "public",
    params(("id" = i64, Path, description = "Article id"),
           ("If-None-Match" = Option<String>, Header, description = "The `ETag` of an earlier answer")),
    responses((status = 200, body = PublicArticleResponse, description = "One published article with its blocks. From the public page cache: `ETag` and `Last-Modified` come with every answer; send `If-None-Match` (or `If-Modified-Since`) to get `304 Not Modified` while nothing changed.",
               headers(("ETag" = String), ("Last-Modified" = String), ("Cache-Control" = String))),
              (status = 304, description = "Not modified since the `ETag` sent"),
              (status = 404, body = ErrorBody, description = "Not published, or no such article (`not_found`)")))]
pub async fn show_public_article(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    Ok(
        cached_as(&state, &uri, &headers, JSON, |state, base| async move {
            let article = showcase::pages::article(&state.ctx, id).await?;
            to_json(&PublicArticleResponse {
                summary: summary(&article.card, &base),
                word_count: article.word_count,
                blocks: article
                    .content
                    .blocks
                    .iter()
                    .map(|b| public_block(b, &base))
                    .collect(),
            })
        })
        .await,
    )
}

fn public_block(block: &Block, base: &str) -> PublicBlock {
    match block {
        Block::Paragraph { text } => PublicBlock {
            kind: "paragraph",
            text: Some(text.clone()),
            url: None,
            caption: None,
        },
        Block::Subheading { text } => PublicBlock {
            kind: "subheading",
            text: Some(text.clone()),
            url: None,
            caption: None,
        },
        Block::Image { media, caption } => PublicBlock {
            kind: "image",
            text: None,
            url: Some(format!("{base}{}", image_url(media))),
            caption: Some(caption.clone()),
        },
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PackageQuery {
    /// Only this campaign (slug); all published articles when absent.
    pub campaign: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/publication-package", tag = "public",
    params(PackageQuery),
    responses((status = 200, content_type = "application/zip", description = "A zip: `articles/<id>.html`, `articles/images/*.jpg`, `manifest.json`"),
              (status = 401, body = ErrorBody, description = crate::api::v1::doc::UNAUTHENTICATED),
              (status = 404, body = ErrorBody, description = "Not a national administrator, or unknown campaign (`not_found`)")),
    security(("bearer" = [])))]
pub async fn download_publication_package(
    State(state): State<AppState>,
    headers: HeaderMap,
    caller: Caller,
    ApiQuery(q): ApiQuery<PackageQuery>,
) -> Result<Response, ApiError> {
    let base = base_url(&state, &headers);
    let package = showcase::package::publication_package(
        &state.ctx,
        &caller.who,
        q.campaign.as_deref(),
        &base,
    )
    .await?;
    let name = format!(
        "jinguo-publication-{}.zip",
        state.ctx.clock.today_in_china().format("%Y%m%d")
    );
    let file = tokio::fs::File::open(&package.path)
        .await
        .map_err(|e| jinguo_service::ServiceError::Internal(format!("package: {e}")))?;
    // Read in 64 KiB pieces as the client takes them; the temporary file goes when the
    // stream (and with it `package.path`) is dropped.
    let pieces = futures_util::stream::unfold(Some((file, package.path)), |state| async move {
        let (mut file, path) = state?;
        let mut buffer = vec![0u8; 64 * 1024];
        match tokio::io::AsyncReadExt::read(&mut file, &mut buffer).await {
            Ok(0) => None,
            Ok(n) => {
                buffer.truncate(n);
                let piece = axum::body::Bytes::from(buffer);
                Some((Ok::<_, std::io::Error>(piece), Some((file, path))))
            }
            // A read error ends the download (the client sees it cut short).
            Err(e) => Some((Err(e), None)),
        }
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CONTENT_LENGTH, package.size.to_string()),
        ],
        // Fused: a body may be polled once more after its end.
        axum::body::Body::from_stream(futures_util::StreamExt::fuse(pieces)),
    )
        .into_response())
}
