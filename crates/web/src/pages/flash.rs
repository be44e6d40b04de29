//! One-shot messages across a redirect (post/redirect/get): a batch's outcome lines ride in a
//! short-lived cookie to the page the browser is sent to, which shows them once and clears it.
//! A refresh of that page then neither re-sends the batch nor repeats the message.

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

const FLASH_COOKIE: &str = "jinguo_flash";
/// Lines kept; a longer outcome is summarised by its last line.
const MAX_LINES: usize = 12;
/// Seconds the message waits for the redirected request.
const LIFETIME_SECONDS: i64 = 120;

/// Stores `lines` for the next page under `path`.
pub fn set(jar: CookieJar, lines: &[String], path: &'static str, secure: bool) -> CookieJar {
    let mut kept: Vec<(&str, &str)> = lines
        .iter()
        .take(MAX_LINES)
        .map(|line| ("m", line.as_str()))
        .collect();
    let more = lines.len().saturating_sub(MAX_LINES);
    let summary = format!("另有 {more} 条处理结果未列出，可在“已处理”中查看。");
    if more > 0 {
        kept.push(("m", summary.as_str()));
    }
    // URL-encoded, the Chinese lines are plain cookie-safe ASCII.
    let value = serde_urlencoded::to_string(&kept).unwrap_or_default();
    jar.add(
        Cookie::build((FLASH_COOKIE, value))
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(secure)
            .path(path)
            .max_age(cookie::time::Duration::seconds(LIFETIME_SECONDS))
            .build(),
    )
}

/// The stored lines (none when there are none), and the jar that clears them.
pub fn take(jar: CookieJar, path: &'static str) -> (CookieJar, Vec<String>) {
    let Some(cookie) = jar.get(FLASH_COOKIE) else {
        return (jar, Vec::new());
    };
    let lines = serde_urlencoded::from_str::<Vec<(String, String)>>(cookie.value())
        .unwrap_or_default()
        .into_iter()
        .filter(|(key, _)| key == "m")
        .map(|(_, line)| line)
        .collect();
    let jar = jar.remove(Cookie::build((FLASH_COOKIE, "")).path(path).build());
    (jar, lines)
}
