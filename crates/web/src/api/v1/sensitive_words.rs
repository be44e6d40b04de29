//! The national sensitive-word list (敏感词) over JSON: read and replace, national
//! administrators only, with the same version check as the settings page.

use crate::api::v1::dates::rfc3339;
use crate::api::v1::extract::ApiJson;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use jinguo_service::sensitive_words::{save_word_list, version_of, word_list};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct SensitiveWordsResponse {
    pub words: Vec<String>,
    /// Send it back with a replacement: a list saved by someone else since is a 409.
    pub version: String,
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
}

fn response(list: Option<jinguo_service::sensitive_words::WordList>) -> SensitiveWordsResponse {
    SensitiveWordsResponse {
        version: version_of(list.as_ref()),
        updated_by: list.as_ref().map(|l| l.updated_by_name.clone()),
        updated_at: list.as_ref().map(|l| rfc3339(l.updated_at)),
        words: list.map(|l| l.words).unwrap_or_default(),
    }
}

#[utoipa::path(get, path = "/api/v1/sensitive-words", tag = "settings",
    responses((status = 200, body = SensitiveWordsResponse, description = "The list reviewers see highlighted"),
              (status = 403, body = ErrorBody, description = "Not a national administrator (`forbidden`)")),
    security(("bearer" = [])))]
pub async fn show_sensitive_words(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<SensitiveWordsResponse>, ApiError> {
    Ok(Json(response(word_list(&state.ctx, &caller.who).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceWordsRequest {
    /// The whole new list (trimmed; blanks and repeats dropped), at most 2 000 words of 50
    /// characters.
    #[schema(example = json!(["示例敏感词"]))]
    pub words: Vec<String>,
    /// The `version` read; absent to replace whatever is there.
    pub version: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/sensitive-words", tag = "settings", request_body = ReplaceWordsRequest,
    responses((status = 200, body = SensitiveWordsResponse, description = "Replaced, recorded in the audit log"),
              (status = 409, body = ErrorBody, description = "Saved by someone else since `version` (`conflict`)")),
    security(("bearer" = [])))]
pub async fn replace_sensitive_words(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<ReplaceWordsRequest>,
) -> Result<Json<SensitiveWordsResponse>, ApiError> {
    let text = request.words.join("\n");
    let saved = save_word_list(
        &state.ctx,
        &caller.who,
        &text,
        request.version.as_deref(),
        &caller.meta,
    )
    .await?;
    Ok(Json(response(Some(saved))))
}
