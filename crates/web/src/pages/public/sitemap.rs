//! `sitemap.xml` (every public article and list page) and `robots.txt` (the showcase is open to
//! crawlers; the working areas are not).

use crate::pages::public::cached;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use jinguo_service::showcase;
use jinguo_service::showcase::html::escape;

fn encode_segment(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

pub async fn show_sitemap(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    cached(&state, &uri, &headers, "application/xml; charset=utf-8", |state, base| async move {
        let entries = showcase::pages::sitemap(&state.ctx).await?;
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let mut url = |path: String, lastmod: Option<String>| {
            xml.push_str(&format!("<url><loc>{}</loc>", escape(&format!("{base}{path}"))));
            if let Some(day) = lastmod {
                xml.push_str(&format!("<lastmod>{day}</lastmod>"));
            }
            xml.push_str("</url>\n");
        };
        url("/".into(), None);
        url("/news".into(), None);
        url("/featured".into(), None);
        url("/provinces".into(), None);
        for key in &entries.themes {
            url(format!("/themes/{}", encode_segment(key)), None);
        }
        for code in &entries.provinces {
            url(format!("/provinces/{}", encode_segment(code)), None);
        }
        for slug in &entries.campaigns {
            url(format!("/campaigns/{}", encode_segment(slug)), None);
        }
        for (id, updated) in &entries.articles {
            url(format!("/news/{id}"), Some(updated.format("%Y-%m-%d").to_string()));
        }
        xml.push_str("</urlset>\n");
        Ok(xml)
    })
    .await
}

pub async fn show_robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = crate::pages::public::chrome::base_url(&state, &headers);
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /admin/\nDisallow: /review\nDisallow: /articles\n\
         Disallow: /inbox\nDisallow: /account/\nDisallow: /workbench\nDisallow: /login\n\
         Disallow: /media/originals/\nDisallow: /press/\nDisallow: /api/\n\nSitemap: {base}/sitemap.xml\n"
    );
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

use axum::response::IntoResponse;
