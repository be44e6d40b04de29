//! The page behind a press kit's link, for journalists without an account: each article with
//! its text, photos and press contacts, and its downloads. Never cached and never indexed (the
//! link is the only key); an expired or revoked link answers 410 with what to do instead.

use crate::error::PageError;
use crate::pages::articles::blocks::{BlockView, views};
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jinguo_domain::campaign::chinese_date;
use jinguo_domain::validation::content_disposition;
use jinguo_service::press::files::{self, Wanted};
use jinguo_service::press::open::{self, Contact};

pub struct PhotoView {
    pub number: usize,
    pub caption: String,
    pub preview_url: String,
}

pub struct KitArticleView {
    pub id: i64,
    pub title: String,
    pub byline: String,
    pub published: String,
    pub words: i32,
    pub photos: Vec<PhotoView>,
    pub blocks: Vec<BlockView>,
    pub post_contact: Contact,
    pub province_contact: Contact,
}

#[derive(Template)]
#[template(path = "pages/press/kit.html")]
pub struct KitPage {
    pub chrome: Chrome,
    pub token: String,
    pub title: String,
    pub note: String,
    pub issuer: String,
    pub issuer_contact: Contact,
    pub last_day: String,
    pub articles: Vec<KitArticleView>,
    pub withdrawn: usize,
}

/// What every answer behind a link carries: not stored by any cache, not indexed.
fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
    response
}

pub async fn show_press_kit_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let kit = match open::open(&state.ctx, &token).await {
        Ok(kit) => kit,
        Err(err) => return Ok(private(PageError(err).into_response())),
    };
    let articles = kit
        .articles
        .into_iter()
        .map(|a| {
            let card = &a.article.card;
            KitArticleView {
                id: card.id,
                title: card.title.clone(),
                byline: [
                    card.province.as_str(),
                    card.district.as_str(),
                    card.post_name.as_str(),
                ]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
                published: chinese_date(card.published_on),
                words: a.article.word_count,
                photos: a
                    .photos
                    .iter()
                    .map(|p| PhotoView {
                        number: p.number,
                        caption: p.caption.clone(),
                        preview_url: crate::pages::articles::blocks::thumb_url(&p.media),
                    })
                    .collect(),
                blocks: views(&a.article.content)
                    .into_iter()
                    .filter(|b| b.kind != "image")
                    .collect(),
                post_contact: a.post_contact,
                province_contact: a.province_contact,
            }
        })
        .collect();
    let page = KitPage {
        chrome: Chrome::public("巾帼文明岗宣推材料"),
        token,
        title: kit.title,
        note: kit.note,
        issuer: kit.issuer,
        issuer_contact: kit.issuer_contact,
        last_day: chinese_date(kit.last_day),
        articles,
        withdrawn: kit.withdrawn,
    };
    Ok(private(render(StatusCode::OK, &page)))
}

/// `photo-2.jpg`, `article.docx`, `article.txt`.
fn wanted(file: &str) -> Option<Wanted> {
    match file {
        "article.docx" => Some(Wanted::Docx),
        "article.txt" => Some(Wanted::Text),
        other => other
            .strip_prefix("photo-")?
            .strip_suffix(".jpg")?
            .parse()
            .ok()
            .filter(|&n: &usize| n >= 1)
            .map(Wanted::Photo),
    }
}

pub async fn download_press_file(
    State(state): State<AppState>,
    Path((token, article, file)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let (Ok(article), Some(wanted)) = (article.parse::<i64>(), wanted(&file)) else {
        return Ok(private(
            PageError(jinguo_service::ServiceError::NotFound).into_response(),
        ));
    };
    let download = match files::download(&state.ctx, &token, article, wanted).await {
        Ok(download) => download,
        Err(err) => return Ok(private(PageError(err).into_response())),
    };
    let mut response =
        crate::pages::media::streamed(download.body, download.content_type, "private, no-store");
    let disposition = content_disposition("attachment", &download.file_name, &file);
    if let Ok(value) = disposition.parse() {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(private(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_kit_files_are_named() {
        assert_eq!(wanted("photo-1.jpg"), Some(Wanted::Photo(1)));
        assert_eq!(wanted("photo-12.jpg"), Some(Wanted::Photo(12)));
        assert_eq!(wanted("article.docx"), Some(Wanted::Docx));
        assert_eq!(wanted("article.txt"), Some(Wanted::Text));
        for bad in [
            "photo-0.jpg",
            "photo-.jpg",
            "photo-1.png",
            "../x",
            "article.doc",
            "",
        ] {
            assert_eq!(wanted(bad), None, "{bad}");
        }
    }
}
