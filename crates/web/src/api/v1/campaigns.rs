//! Campaigns and columns with their rules: read by integrations and the editor; created and
//! edited by national administrators with the same service function as `/admin/campaigns`.

use crate::api::v1::extract::{ApiJson, ApiPath};
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jinguo_domain::campaign::{CampaignRules, Quotas, Theme, Window};
use jinguo_service::campaigns::manage::{CampaignForm, save_campaign, version_of};
use jinguo_service::campaigns::{Campaign, view};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignResponse {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Themes, windows (inclusive China dates), eligibility, quotas and content limits.
    pub rules: CampaignRules,
    pub sort_order: i32,
    /// Send it back with an edit: a campaign saved by someone else since is a 409.
    pub version: String,
}

impl CampaignResponse {
    fn of(c: Campaign) -> Self {
        CampaignResponse {
            version: version_of(&c),
            id: c.id,
            slug: c.slug,
            name: c.name,
            description: c.description,
            rules: c.rules,
            sort_order: c.sort_order,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignListResponse {
    pub items: Vec<CampaignResponse>,
    pub total: u64,
}

#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns",
    responses((status = 200, body = CampaignListResponse, description = "Every campaign and column"),
              (status = 401, body = ErrorBody, description = crate::api::v1::doc::UNAUTHENTICATED)),
    security(("bearer" = [])))]
pub async fn list_campaigns(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<CampaignListResponse>, ApiError> {
    let items: Vec<_> = view::list(&state.ctx)
        .await?
        .into_iter()
        .map(CampaignResponse::of)
        .collect();
    Ok(Json(CampaignListResponse {
        total: items.len() as u64,
        items,
    }))
}

#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign")),
    responses((status = 200, body = CampaignResponse, description = "The campaign with its rules and version")),
    security(("bearer" = [])))]
pub async fn show_campaign(
    State(state): State<AppState>,
    _caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CampaignResponse>, ApiError> {
    Ok(Json(CampaignResponse::of(view::get(&state.ctx, id).await?)))
}

/// A campaign as national administrators write it (the `/admin/campaigns` form, typed).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignRequest {
    /// Lower-case letters, digits and `-`, unique: the public address `/campaigns/{slug}`.
    #[schema(example = "wangshangxing-2027")]
    pub slug: String,
    #[schema(example = "2027年“巾帼文明岗网上行”活动")]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// One or more themes; articles choose one or two.
    pub themes: Vec<Theme>,
    pub collection: Option<Window>,
    pub recommendation: Option<Window>,
    pub display: Option<Window>,
    /// Only posts named at national level may take part.
    #[serde(default)]
    pub national_level_only: bool,
    #[serde(default)]
    pub exclude_military_or_classified: bool,
    #[serde(default)]
    pub exclude_revoked: bool,
    /// Each province's list (推荐名单) size and each district's minimum; none for a column.
    pub quotas: Option<Quotas>,
    /// The longest body in 字 (Word's count).
    #[schema(minimum = 100, maximum = 20000, example = 1500)]
    pub max_words: u32,
    #[serde(default)]
    pub sort_order: i32,
    /// Edits: the `version` the campaign was read with. Absent on create.
    #[serde(default)]
    pub version: Option<String>,
}

impl CampaignRequest {
    /// The form the service reads: the same parsing and checks as the page.
    fn form(&self) -> CampaignForm {
        let day = |w: Option<Window>, open: bool| {
            w.map(|w| if open { w.opens } else { w.closes })
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        CampaignForm {
            slug: self.slug.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            themes: self
                .themes
                .iter()
                .map(|t| format!("{}\t{}", t.key.trim(), t.name.trim()))
                .collect::<Vec<_>>()
                .join("\n"),
            collection_opens: day(self.collection, true),
            collection_closes: day(self.collection, false),
            recommendation_opens: day(self.recommendation, true),
            recommendation_closes: day(self.recommendation, false),
            display_opens: day(self.display, true),
            display_closes: day(self.display, false),
            national_level_only: self.national_level_only,
            exclude_military_or_classified: self.exclude_military_or_classified,
            exclude_revoked: self.exclude_revoked,
            has_quotas: self.quotas.is_some(),
            provincial_min: self
                .quotas
                .map(|q| q.provincial_min.to_string())
                .unwrap_or_default(),
            provincial_max: self
                .quotas
                .map(|q| q.provincial_max.to_string())
                .unwrap_or_default(),
            district_min: self
                .quotas
                .map(|q| q.district_min.to_string())
                .unwrap_or_default(),
            max_words: self.max_words.to_string(),
            sort_order: self.sort_order.to_string(),
            version: self.version.clone().unwrap_or_default(),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = CampaignRequest,
    responses((status = 201, body = CampaignResponse, description = "Created"),
              (status = 403, body = ErrorBody, description = "Not a national administrator (`forbidden`)")),
    security(("bearer" = [])))]
pub async fn create_campaign(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<CampaignRequest>,
) -> Result<(StatusCode, Json<CampaignResponse>), ApiError> {
    let mut form = request.form();
    form.version.clear();
    let saved = save_campaign(&state.ctx, &caller.who, None, &form, &caller.meta)
        .await
        .map_err(named_as_sent)?;
    Ok((StatusCode::CREATED, Json(CampaignResponse::of(saved))))
}

#[utoipa::path(put, path = "/api/v1/campaigns/{id}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign")), request_body = CampaignRequest,
    responses((status = 200, body = CampaignResponse, description = "Saved: rules and windows as sent"),
              (status = 409, body = ErrorBody, description = "Saved by someone else since `version` (`conflict`)")),
    security(("bearer" = [])))]
pub async fn edit_campaign(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<CampaignRequest>,
) -> Result<Json<CampaignResponse>, ApiError> {
    let saved = save_campaign(
        &state.ctx,
        &caller.who,
        Some(id),
        &request.form(),
        &caller.meta,
    )
    .await
    .map_err(named_as_sent)?;
    Ok(Json(CampaignResponse::of(saved)))
}

/// The service names fields as the page's form does (`collection_closes`); an API client sent
/// them nested (`collection.closes`), and is told about them by those paths.
fn named_as_sent(err: jinguo_service::ServiceError) -> jinguo_service::ServiceError {
    match err {
        jinguo_service::ServiceError::Invalid(mut errors) => {
            for error in &mut errors.0 {
                if let Some(path) = request_path(&error.field) {
                    error.field = path.to_string();
                }
            }
            jinguo_service::ServiceError::Invalid(errors)
        }
        other => other,
    }
}

fn request_path(form_field: &str) -> Option<&'static str> {
    Some(match form_field {
        "collection_opens" => "collection.opens",
        "collection_closes" => "collection.closes",
        "recommendation_opens" => "recommendation.opens",
        "recommendation_closes" => "recommendation.closes",
        "display_opens" => "display.opens",
        "display_closes" => "display.closes",
        "provincial_min" => "quotas.provincial_min",
        "provincial_max" => "quotas.provincial_max",
        "district_min" => "quotas.district_min",
        _ => return None,
    })
}
