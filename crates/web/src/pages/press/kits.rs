//! National's press kits: the issuing form (from the 已发布 tab's checked articles), the link
//! shown once, the list with downloads, one kit's counts per article, and revoking.

use crate::auth::Page;
use crate::error::{PageError, classify};
use crate::pages::chrome::Chrome;
use crate::pages::press::KitRow;
use crate::pages::public::chrome::base_url;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::Action;
use jinguo_domain::press::{DEFAULT_LIFETIME_DAYS, MAX_LIFETIME_DAYS};
use jinguo_service::ServiceError;
use jinguo_service::permissions::require_own;
use jinguo_service::press::issue::{self, KitInput};

#[derive(Template)]
#[template(path = "pages/press/kits.html")]
pub struct KitsPage {
    pub chrome: Chrome,
    pub kits: Vec<KitRow>,
}

#[derive(Template)]
#[template(path = "pages/press/new.html")]
pub struct NewKitPage {
    pub chrome: Chrome,
    pub ids: Vec<i64>,
    pub titles: Vec<String>,
    pub title: String,
    pub note: String,
    pub days: String,
    pub max_days: u32,
    pub errors: FormErrors,
}

#[derive(Template)]
#[template(path = "pages/press/issued.html")]
pub struct IssuedPage {
    pub chrome: Chrome,
    pub link: String,
    pub kit: KitRow,
}

pub struct ArticleCountsRow {
    pub id: i64,
    pub title: String,
    pub post: String,
    pub public: bool,
    pub photos: u64,
    pub docx: u64,
    pub text: u64,
}

#[derive(Template)]
#[template(path = "pages/press/detail.html")]
pub struct KitDetailPage {
    pub chrome: Chrome,
    pub kit: KitRow,
    pub rows: Vec<ArticleCountsRow>,
}

pub async fn list_press_kits(
    State(state): State<AppState>,
    page: Page,
) -> Result<Response, PageError> {
    let kits = issue::list(&state.ctx, &page.who).await?;
    Ok(render(
        StatusCode::OK,
        &KitsPage {
            chrome: Chrome::signed_in("宣推材料", &page, "press"),
            kits: kits.into_iter().map(KitRow::from).collect(),
        },
    ))
}

/// The form's fields: the checked articles (`ids`, repeated), the kit's title, note and days.
struct KitForm {
    ids: Vec<i64>,
    title: String,
    note: String,
    days: String,
}

impl KitForm {
    fn read(pairs: &[(String, String)]) -> Self {
        let field = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        KitForm {
            ids: pairs
                .iter()
                .filter(|(k, _)| k == "ids")
                .filter_map(|(_, v)| v.parse().ok())
                .collect(),
            title: field("title"),
            note: field("note"),
            days: field("days"),
        }
    }
}

async fn new_kit_page(
    state: &AppState,
    page: &Page,
    form: KitForm,
    errors: FormErrors,
) -> Result<NewKitPage, PageError> {
    let titles = issue::chosen_titles(&state.ctx, &page.who, &form.ids).await?;
    Ok(NewKitPage {
        chrome: Chrome::signed_in("生成宣推材料", page, "press"),
        ids: form.ids,
        titles,
        title: form.title,
        note: form.note,
        days: form.days,
        max_days: MAX_LIFETIME_DAYS,
        errors,
    })
}

/// The issuing form for the articles checked on the 已发布 tab (POSTed there by its button).
pub async fn show_new_press_kit(
    State(state): State<AppState>,
    page: Page,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    require_own(&page.who, Action::IssuePressKits)?;
    let mut form = KitForm::read(&pairs);
    if form.ids.is_empty() {
        return Ok(Redirect::to("/review?tab=published").into_response());
    }
    form.days = DEFAULT_LIFETIME_DAYS.to_string();
    let view = new_kit_page(&state, &page, form, FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &view))
}

/// Issues the kit and shows its link once.
pub async fn issue_press_kit(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = KitForm::read(&pairs);
    let input = KitInput {
        title: form.title.clone(),
        note: form.note.clone(),
        days: form.days.clone(),
        articles: form.ids.clone(),
    };
    match issue::issue(&state.ctx, &page.who, &input, &page.meta).await {
        Ok(issued) => {
            let link = format!("{}/press/{}", base_url(&state, &headers), issued.token);
            let view = IssuedPage {
                chrome: Chrome::signed_in("宣推链接已生成", &page, "press"),
                link,
                kit: KitRow::from(issued.kit),
            };
            Ok(render(StatusCode::OK, &view))
        }
        Err(err @ ServiceError::Invalid(_)) => {
            let status = classify(&err).0;
            let view = new_kit_page(&state, &page, form, FormErrors::from_service(&err)).await?;
            Ok(render(status, &view))
        }
        Err(err) => Err(err.into()),
    }
}

pub async fn show_press_kit(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (kit, counts) = issue::detail(&state.ctx, &page.who, id).await?;
    let rows = counts
        .into_iter()
        .map(|c| ArticleCountsRow {
            id: c.article_id,
            title: c.title,
            post: c.post_name,
            public: c.public,
            photos: c.photo_downloads,
            docx: c.docx_downloads,
            text: c.text_downloads,
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &KitDetailPage {
            chrome: Chrome::signed_in("宣推材料", &page, "press"),
            kit: KitRow::from(kit),
            rows,
        },
    ))
}

pub async fn revoke_press_kit(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    issue::revoke(&state.ctx, &page.who, id, &page.meta).await?;
    Ok(Redirect::to(&format!("/press-kits/{id}")).into_response())
}
