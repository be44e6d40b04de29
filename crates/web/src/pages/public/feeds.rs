//! RSS 2.0 and Atom feeds of the latest published articles: all, and per campaign, theme and
//! province. Entries carry the whole article as HTML that our own code writes from the blocks.

use crate::error::PageError;
use crate::pages::articles::blocks::image_url;
use crate::pages::public::cached;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use chrono::{DateTime, Utc};
use jinguo_service::ServiceError;
use jinguo_service::showcase::html::{body_html, byline, escape};
use jinguo_service::showcase::{self, Feed, Scope};

fn rss(feed: &Feed, base: &str, self_url: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n",
    );
    xml.push_str(&format!(
        "<title>{}</title>\n<link>{}/</link>\n<description>{}</description>\n<language>zh-CN</language>\n\
         <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        escape(&feed.title),
        escape(base),
        escape(&feed.description),
        escape(self_url)
    ));
    if let Some(latest) = feed.articles.first() {
        xml.push_str(&format!(
            "<lastBuildDate>{}</lastBuildDate>\n",
            latest.card.published_at.to_rfc2822()
        ));
    }
    for article in &feed.articles {
        let link = format!("{base}/news/{}", article.card.id);
        let html = body_html(article, &|m| format!("{base}{}", image_url(m)));
        xml.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n\
             <pubDate>{}</pubDate>\n<dc:creator>{}</dc:creator>\n<description>{}</description>\n",
            escape(&article.card.title),
            escape(&link),
            escape(&link),
            article.card.published_at.to_rfc2822(),
            escape(&byline(article)),
            escape(&article.card.excerpt),
        ));
        for (_, label) in &article.card.themes {
            xml.push_str(&format!("<category>{}</category>\n", escape(label)));
        }
        xml.push_str(&format!(
            "<content:encoded>{}</content:encoded>\n</item>\n",
            escape(&html)
        ));
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

fn atom_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn atom(feed: &Feed, base: &str, self_url: &str) -> String {
    let updated = feed
        .articles
        .iter()
        .map(|a| a.card.updated_at)
        .max()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n",
    );
    xml.push_str(&format!(
        "<id>{}</id>\n<title>{}</title>\n<subtitle>{}</subtitle>\n<updated>{}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}/\"/>\n\
         <author><name>全国妇联妇女发展部</name></author>\n",
        escape(self_url),
        escape(&feed.title),
        escape(&feed.description),
        atom_time(updated),
        escape(self_url),
        escape(base),
    ));
    for article in &feed.articles {
        let link = format!("{base}/news/{}", article.card.id);
        let html = body_html(article, &|m| format!("{base}{}", image_url(m)));
        xml.push_str(&format!(
            "<entry>\n<id>{}</id>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n\
             <summary>{}</summary>\n",
            escape(&link),
            escape(&article.card.title),
            escape(&link),
            atom_time(article.card.published_at),
            atom_time(article.card.updated_at),
            escape(&byline(article)),
            escape(&article.card.excerpt),
        ));
        for (key, label) in &article.card.themes {
            xml.push_str(&format!(
                "<category term=\"{}\" label=\"{}\"/>\n",
                escape(key),
                escape(label)
            ));
        }
        xml.push_str(&format!(
            "<content type=\"html\">{}</content>\n</entry>\n",
            escape(&html)
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

#[derive(Clone, Copy)]
enum Format {
    Rss,
    Atom,
}

fn format_of(file: &str) -> Option<Format> {
    match file {
        "rss.xml" => Some(Format::Rss),
        "atom.xml" => Some(Format::Atom),
        _ => None,
    }
}

async fn serve(
    state: AppState,
    uri: Uri,
    headers: HeaderMap,
    scope: Option<Scope>,
    file: String,
) -> Response {
    let content_type = match format_of(&file) {
        Some(Format::Atom) => "application/atom+xml; charset=utf-8",
        _ => "application/rss+xml; charset=utf-8",
    };
    let path = uri.path().to_string();
    cached(
        &state,
        &uri,
        &headers,
        content_type,
        |state, base| async move {
            let format = format_of(&file).ok_or(PageError(ServiceError::NotFound))?;
            let scope = scope.ok_or(PageError(ServiceError::NotFound))?;
            let feed = showcase::pages::feed(&state.ctx, &scope).await?;
            let self_url = format!("{base}{path}");
            Ok(match format {
                Format::Rss => rss(&feed, &base, &self_url),
                Format::Atom => atom(&feed, &base, &self_url),
            })
        },
    )
    .await
}

/// `/feeds/rss.xml` and `/feeds/atom.xml`: everything.
pub async fn show_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    serve(state, uri, headers, Some(Scope::All), file).await
}

/// `/feeds/{campaign|theme|province}/{key}/{rss|atom}.xml`.
pub async fn show_scoped_feed(
    State(state): State<AppState>,
    Path((kind, key, file)): Path<(String, String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let scope = match kind.as_str() {
        "campaign" => Some(Scope::Campaign(key)),
        "theme" => Some(Scope::Theme(key)),
        "province" => Some(Scope::Province(key)),
        _ => None,
    };
    serve(state, uri, headers, scope, file).await
}
