//! 活动设置: national admins list, create and edit campaigns and columns with every rule.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use jinguo_domain::Action;
use jinguo_domain::campaign::{Window, chinese_date};
use jinguo_service::campaigns::manage::{CampaignForm, save_campaign};
use jinguo_service::campaigns::view;
use jinguo_service::{ServiceError, permissions};
use serde::Deserialize;

pub struct CampaignRow {
    pub id: i64,
    pub name: String,
    pub themes: String,
    pub collection: String,
    pub recommendation: String,
    pub display: String,
    pub state: &'static str,
    pub state_class: &'static str,
}

#[derive(Template)]
#[template(path = "pages/admin/campaigns.html")]
pub struct CampaignsPage {
    pub chrome: Chrome,
    pub rows: Vec<CampaignRow>,
    pub notice: String,
}

#[derive(Template)]
#[template(path = "pages/admin/campaign_form.html")]
pub struct CampaignFormPage {
    pub chrome: Chrome,
    pub heading: String,
    pub action: String,
    pub form: CampaignForm,
    pub phases: Vec<(&'static str, &'static str, String, String)>,
    /// One row per theme (its stored key, hidden, and its name), then blank rows for new ones.
    pub theme_rows: Vec<(String, String)>,
    pub errors: FormErrors,
}

/// Blank theme rows offered under the existing ones.
const NEW_THEME_ROWS: usize = 3;

/// The form's theme rows from its `themes` lines (“key<TAB>名称”, or a new “名称”).
fn theme_rows(themes: &str) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = themes
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| match line.split_once('\t') {
            Some((key, name)) if key.is_ascii() && !key.is_empty() => {
                (key.to_string(), name.trim().to_string())
            }
            _ => (String::new(), line.to_string()),
        })
        .collect();
    rows.extend((0..NEW_THEME_ROWS).map(|_| (String::new(), String::new())));
    rows
}

/// The campaign form as posted: the fields, with the theme rows (`theme_key`, `theme_name`,
/// repeated) folded into its `themes` lines.
fn read_form(body: &[u8]) -> Result<CampaignForm, PageError> {
    let mut form: CampaignForm = serde_urlencoded::from_bytes(body).map_err(|_| {
        ServiceError::Invalid(jinguo_domain::validation::FieldErrors::single(
            "name",
            jinguo_domain::validation::FieldIssue::Required,
        ))
    })?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let keys = pairs
        .iter()
        .filter(|(k, _)| k == "theme_key")
        .map(|(_, v)| v.trim());
    let names = pairs
        .iter()
        .filter(|(k, _)| k == "theme_name")
        .map(|(_, v)| v.trim());
    let lines: Vec<String> = keys
        .zip(names)
        .filter(|(_, name)| !name.is_empty())
        .map(|(key, name)| {
            if key.is_empty() {
                name.to_string()
            } else {
                format!("{key}\t{name}")
            }
        })
        .collect();
    if pairs.iter().any(|(k, _)| k == "theme_name") {
        form.themes = lines.join("\n");
    }
    Ok(form)
}

fn span(w: Option<Window>) -> String {
    w.map(|w| format!("{} – {}", chinese_date(w.opens), chinese_date(w.closes)))
        .unwrap_or_else(|| "—".into())
}

fn require(page: &Page) -> Result<(), PageError> {
    Ok(permissions::require_own(
        &page.who,
        Action::ManageCampaigns,
    )?)
}

#[derive(Debug, Deserialize, Default)]
pub struct NoticeQuery {
    #[serde(default)]
    pub notice: String,
}

pub async fn list_campaigns(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    require(&page)?;
    let today = state.ctx.clock.today_in_china();
    let rows = view::list(&state.ctx)
        .await?
        .into_iter()
        .map(|c| {
            let (state, class) = if c.rules.collection.is_none() {
                ("常年开放", "tag-ok")
            } else if c.rules.is_archived(today) {
                ("已结束", "tag-muted")
            } else if c.rules.collection.is_some_and(|w| today < w.opens) {
                ("未开始", "tag-info")
            } else {
                ("进行中", "tag-ok")
            };
            CampaignRow {
                id: c.id,
                name: c.name.clone(),
                themes: c
                    .rules
                    .themes
                    .iter()
                    .map(|t| t.name.clone())
                    .collect::<Vec<_>>()
                    .join("、"),
                collection: span(c.rules.collection),
                recommendation: span(c.rules.recommendation),
                display: span(c.rules.display),
                state,
                state_class: class,
            }
        })
        .collect();
    let notice = if query.notice == "saved" {
        "已保存。"
    } else {
        ""
    };
    let view = CampaignsPage {
        chrome: Chrome::signed_in("活动设置", &page, "campaigns"),
        rows,
        notice: notice.into(),
    };
    Ok(render(StatusCode::OK, &view))
}

fn form_page(
    page: &Page,
    id: Option<i64>,
    form: CampaignForm,
    errors: FormErrors,
) -> CampaignFormPage {
    let phases = vec![
        (
            "collection",
            "网络征集",
            form.collection_opens.clone(),
            form.collection_closes.clone(),
        ),
        (
            "recommendation",
            "省级推荐",
            form.recommendation_opens.clone(),
            form.recommendation_closes.clone(),
        ),
        (
            "display",
            "作品展示",
            form.display_opens.clone(),
            form.display_closes.clone(),
        ),
    ];
    CampaignFormPage {
        chrome: Chrome::signed_in("活动设置", page, "campaigns"),
        heading: if id.is_some() {
            format!("编辑“{}”", form.name)
        } else {
            "新建活动".into()
        },
        action: id.map_or("/admin/campaigns/new".into(), |id| {
            format!("/admin/campaigns/{id}/edit")
        }),
        theme_rows: theme_rows(&form.themes),
        form,
        phases,
        errors,
    }
}

pub async fn show_new_campaign(
    State(state): State<AppState>,
    page: Page,
) -> Result<Response, PageError> {
    require(&page)?;
    let year = state.ctx.clock.today_in_china().year();
    Ok(render(
        StatusCode::OK,
        &form_page(
            &page,
            None,
            CampaignForm::notice_defaults(year),
            FormErrors::default(),
        ),
    ))
}

pub async fn show_edit_campaign(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    require(&page)?;
    let campaign = view::get(&state.ctx, id).await?;
    Ok(render(
        StatusCode::OK,
        &form_page(
            &page,
            Some(id),
            CampaignForm::from_campaign(&campaign),
            FormErrors::default(),
        ),
    ))
}

async fn save(
    state: &AppState,
    page: &Page,
    id: Option<i64>,
    form: CampaignForm,
) -> Result<Response, PageError> {
    match save_campaign(&state.ctx, &page.who, id, &form, &page.meta).await {
        Ok(_) => Ok(Redirect::to("/admin/campaigns?notice=saved").into_response()),
        Err(err @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => Ok(render(
            crate::error::classify(&err).0,
            &form_page(page, id, form, FormErrors::from_service(&err)),
        )),
        Err(other) => Err(other.into()),
    }
}

pub async fn submit_new_campaign(
    State(state): State<AppState>,
    page: Page,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    save(&state, &page, None, read_form(&body)?).await
}

pub async fn submit_edit_campaign(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    save(&state, &page, Some(id), read_form(&body)?).await
}
