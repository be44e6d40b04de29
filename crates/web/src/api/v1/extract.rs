//! Extractors for the JSON API whose rejections answer through `ApiError`: a broken body or
//! query is 422 `invalid` naming the field, a malformed id in the path is 404 `not_found`.

use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_service::ServiceError;
use serde::de::DeserializeOwned;

/// A JSON request body (`Content-Type: application/json`).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        if !is_json(&request) {
            return Err(invalid("body", FieldIssue::NotAllowedHere));
        }
        let bytes = match Bytes::from_request(request, state).await {
            Ok(bytes) => bytes,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError(ServiceError::FileTooLarge {
                    limit_bytes: state.web.max_body_bytes,
                }));
            }
            Err(_) => return Err(invalid("body", FieldIssue::NotAllowedHere)),
        };
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
            // Broken JSON is about the body as a whole, wherever the parser stopped.
            match err.inner().classify() {
                serde_json::error::Category::Data => {
                    rejected_at(&err.path().to_string(), &err.inner().to_string())
                }
                _ => invalid("body", FieldIssue::NotAllowedHere),
            }
        })?;
        deserializer
            .end()
            .map_err(|_| invalid("body", FieldIssue::NotAllowedHere))?;
        Ok(ApiJson(value))
    }
}

fn is_json(request: &Request) -> bool {
    let Some(value) = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mime = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Query-string parameters.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(ApiQuery)
            .map_err(|err| rejected_at(&err.path().to_string(), &err.inner().to_string()))
    }
}

/// Parameters in the path, such as `{id}`. An id that cannot exist reads as not found.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|_| ApiError(ServiceError::NotFound))
    }
}

pub fn invalid(field: &str, issue: FieldIssue) -> ApiError {
    ApiError(ServiceError::Invalid(FieldErrors::single(field, issue)))
}

/// The field a deserialization error is about: the path to it, or for a missing field at the
/// top level its name (serde says "missing field `name`"); otherwise the body as a whole.
fn rejected_at(path: &str, message: &str) -> ApiError {
    if path != "." && !path.is_empty() {
        return invalid(path, FieldIssue::NotAllowedHere);
    }
    match message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        Some(field) => invalid(field, FieldIssue::Required),
        None => invalid("body", FieldIssue::NotAllowedHere),
    }
}
