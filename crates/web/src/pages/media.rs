//! Serving images: processed images and thumbnails under content-addressed names (cached for a
//! year), and originals only to those who may see the article's organisation.

use crate::auth::Page;
use crate::error::PageError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jinguo_service::media::upload;

fn jpeg(bytes: Vec<u8>, cache: &'static str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

async fn public(state: &AppState, thumbnail: bool, file: &str) -> Response {
    match upload::read_public(&state.ctx, thumbnail, file).await {
        Ok(bytes) => jpeg(bytes, "public, max-age=31536000, immutable"),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

pub async fn serve_image(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    public(&state, false, &file).await
}

pub async fn serve_thumbnail(State(state): State<AppState>, Path(file): Path<String>) -> Response {
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
    let mut response = bytes.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    Ok(response)
}
