//! Uploading article photos over JSON, and re-cropping one from its kept original.

use crate::api::v1::extract::ApiJson;
use crate::api::v1::extract::{ApiMultipart, ApiPath};
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::pages::articles::blocks::{image_url, thumb_url};
use crate::pages::upload::read_upload;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jinguo_service::media::{Uploaded, recrop_image, upload_image};
use jinguo_service::{CropChoice, ImageRefused, ServiceError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct MediaResponse {
    /// Content-addressed name: use it as an image block's `media`.
    pub media: String,
    pub url: String,
    pub thumbnail_url: String,
    /// The original upload (private: the post and the federations above it).
    pub original_url: String,
    pub width: i32,
    pub height: i32,
    /// The source as shown upright, to place a crop window on it.
    pub source_width: i32,
    pub source_height: i32,
    /// Looks blurry: warn the user; the image is still usable.
    pub blurry: bool,
}

impl MediaResponse {
    fn of(uploaded: &Uploaded) -> Self {
        let m = &uploaded.media;
        MediaResponse {
            media: m.content_name.clone(),
            url: image_url(&m.content_name),
            thumbnail_url: thumb_url(&m.content_name),
            original_url: format!("/media/originals/{}", m.content_name),
            width: m.width,
            height: m.height,
            source_width: m.source_width,
            source_height: m.source_height,
            blurry: uploaded.blurry,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/media", tag = "articles",
    request_body(content_type = "multipart/form-data", description = "`file`: a JPEG, PNG or WebP photo up to 20 MB"),
    responses((status = 201, body = MediaResponse, description = "Processed to 750×445, ≤ 1 MB, metadata stripped"),
              (status = 413, body = ErrorBody, description = "Over 20 MB (`image_refused`)"),
              (status = 422, body = ErrorBody, description = "Not an image, truncated, too small or a bomb (`image_refused`)")),
    security(("bearer" = [])))]
pub async fn upload_photo(
    State(state): State<AppState>,
    caller: Caller,
    ApiMultipart(multipart): ApiMultipart,
) -> Result<impl IntoResponse, ApiError> {
    let upload = read_upload(multipart, &state.ctx.settings.upload_dir, 20)
        .await
        .map_err(|refused| {
            ApiError(if refused.status == StatusCode::PAYLOAD_TOO_LARGE {
                ServiceError::ImageRefused(ImageRefused::TooLarge {
                    bytes: jinguo_imaging_limit() + 1,
                    max: jinguo_imaging_limit(),
                })
            } else {
                ServiceError::ImageRefused(ImageRefused::NotAnImage)
            })
        })?;
    let uploaded = upload_image(&state.ctx, &caller.who, upload.file, None).await?;
    Ok((StatusCode::CREATED, Json(MediaResponse::of(&uploaded))))
}

fn jinguo_imaging_limit() -> usize {
    20 * 1024 * 1024
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CropRequest {
    /// Centre of the 750:445 window as a fraction of the upright width (0 = left, 1 = right).
    pub x: f64,
    /// Centre as a fraction of the upright height (0 = top, 1 = bottom).
    pub y: f64,
}

#[utoipa::path(post, path = "/api/v1/media/{media}/crop", tag = "articles", params(("media" = String, Path)),
    request_body = CropRequest,
    responses((status = 201, body = MediaResponse, description = "A new image cut from the original"),
              (status = 404, body = ErrorBody, description = "Not one of my images")),
    security(("bearer" = [])))]
pub async fn crop_photo(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(media): ApiPath<String>,
    ApiJson(request): ApiJson<CropRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let crop = CropChoice::Centre {
        x: request.x.clamp(0.0, 1.0),
        y: request.y.clamp(0.0, 1.0),
    };
    let uploaded = recrop_image(&state.ctx, &caller.who, &media, crop).await?;
    Ok((StatusCode::CREATED, Json(MediaResponse::of(&uploaded))))
}
