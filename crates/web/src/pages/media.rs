//! Serving images: processed images and thumbnails under content-addressed names (cached for a
//! year), and originals only to those who may see the article's organisation.

use crate::auth::Page;
use crate::error::PageError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jinguo_service::ServiceError;
use jinguo_service::media::store::{Download, Kind};
use jinguo_service::media::upload;

/// A stored file as a response streamed from the media store, with its length.
pub fn streamed(download: Download, mime: &'static str, cache: &'static str) -> Response {
    let mut response = Body::from_stream(download.bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(download.size));
    response
}

async fn public(state: &AppState, thumbnail: bool, file: &str) -> Result<Response, PageError> {
    if let Some(base) = &state.web.media_public_url {
        if !jinguo_service::media::store::is_safe_name(file) {
            return Ok(StatusCode::NOT_FOUND.into_response());
        }
        let kind = if thumbnail {
            Kind::Thumbnail
        } else {
            Kind::Image
        };
        let target = format!(
            "{}/{}",
            base.trim_end_matches('/'),
            state.ctx.settings.media.object_path(kind, file)
        );
        let mut response = (StatusCode::FOUND, [(header::LOCATION, target)]).into_response();
        // Content-addressed: the name always means these bytes, so the redirect keeps too.
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        return Ok(response);
    }
    match upload::read_public(&state.ctx, thumbnail, file).await {
        Ok(download) => Ok(streamed(
            download,
            "image/jpeg",
            "public, max-age=31536000, immutable",
        )),
        Err(ServiceError::NotFound) => Ok(StatusCode::NOT_FOUND.into_response()),
        // The store is down: 503 (and logged), not a 404 a cache would keep.
        Err(other) => Err(other.into()),
    }
}

pub async fn serve_image(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    public(&state, false, &file).await
}

pub async fn serve_thumbnail(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    public(&state, true, &file).await
}

/// The upload as received, for the post and the federations above it (audit of the original).
pub async fn serve_original(
    State(state): State<AppState>,
    page: Page,
    Path(name): Path<String>,
) -> Result<Response, PageError> {
    let name = name.trim_end_matches(".jpg").to_string();
    let (row, bytes) = upload::read_original(&state.ctx, &page.who, &name).await?;
    let mime = match row.original_format.as_str() {
        "png" => "image/png",
        "webp" => "image/webp",
        _ => "image/jpeg",
    };
    Ok(streamed(bytes, mime, "private, max-age=3600"))
}
