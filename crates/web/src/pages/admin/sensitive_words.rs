//! 敏感词设置: national admins edit the word list, one word per line, and see who saved it last.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::clock::china_time_string;
use jinguo_domain::sensitive::{MAX_WORD_CHARS, MAX_WORDS};
use jinguo_service::ServiceError;
use jinguo_service::sensitive_words::{save_word_list, version_of, word_list};
use jinguo_storage::repo::sensitive_words::WordList;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "pages/admin/sensitive_words.html")]
pub struct SensitiveWordsPage {
    pub chrome: Chrome,
    pub words: String,
    /// The version of the list the form was opened on.
    pub version: String,
    pub count: usize,
    /// “谁 于 何时” of the last save; empty when never saved.
    pub last_edit: String,
    pub max_words: usize,
    pub max_word_chars: usize,
    pub notice: String,
    pub errors: FormErrors,
}

#[derive(Debug, Deserialize, Default)]
pub struct WordsForm {
    #[serde(default)]
    pub words: String,
    #[serde(default)]
    pub version: String,
}

#[derive(Debug, Deserialize, Default)]
pub struct NoticeQuery {
    #[serde(default)]
    pub notice: String,
}

fn words_page(
    page: &Page,
    list: Option<&WordList>,
    typed: Option<&WordsForm>,
    notice: &str,
    errors: FormErrors,
) -> SensitiveWordsPage {
    SensitiveWordsPage {
        chrome: Chrome::signed_in("敏感词设置", page, "sensitive_words"),
        words: typed.map_or_else(
            || list.map(|l| l.words.join("\n")).unwrap_or_default(),
            |t| t.words.clone(),
        ),
        // A refused form keeps the version it was opened on: saving again needs a fresh look.
        version: typed.map_or_else(|| version_of(list), |t| t.version.clone()),
        count: list.map_or(0, |l| l.words.len()),
        last_edit: list.map_or_else(String::new, |l| {
            format!(
                "{} 于 {}",
                l.updated_by_name,
                china_time_string(l.updated_at)
            )
        }),
        max_words: MAX_WORDS,
        max_word_chars: MAX_WORD_CHARS,
        notice: notice.into(),
        errors,
    }
}

pub async fn show_sensitive_words(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let list = word_list(&state.ctx, &page.who).await?;
    let notice = if query.notice == "saved" {
        "已保存。"
    } else {
        ""
    };
    Ok(render(
        StatusCode::OK,
        &words_page(&page, list.as_ref(), None, notice, FormErrors::default()),
    ))
}

pub async fn save_sensitive_words(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<WordsForm>,
) -> Result<Response, PageError> {
    let expected = (!form.version.is_empty()).then_some(form.version.as_str());
    match save_word_list(&state.ctx, &page.who, &form.words, expected, &page.meta).await {
        Ok(_) => Ok(Redirect::to("/admin/sensitive-words?notice=saved").into_response()),
        Err(err @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => {
            let list = word_list(&state.ctx, &page.who).await?;
            Ok(render(
                crate::error::classify(&err).0,
                &words_page(
                    &page,
                    list.as_ref(),
                    Some(&form),
                    "",
                    FormErrors::from_service(&err),
                ),
            ))
        }
        Err(other) => Err(other.into()),
    }
}
