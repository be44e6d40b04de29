//! The CSRF guard: every state-changing request made with a session cookie must come from this
//! site (Origin check) and carry the session's CSRF token, in the `X-CSRF-Token` header (the
//! scripts) or as the form field `_csrf` (forms without JavaScript). The token is never taken
//! from the URL: a query string ends up in access logs, proxies and `Referer` headers.
//!
//! A multipart form (uploads) is not read whole to find its token: the token must be the form's
//! first field, which browsers send in document order, so the guard reads only the first few
//! kilobytes and hands the body on unchanged.

use crate::auth::Auth;
use crate::error::{Refusal, refused};
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use jinguo_service::secrets::constant_time_eq;

pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How much of a multipart body may be read to find its leading `_csrf` field. The field's
/// part is about 150 bytes; a form that does not start with it is refused, not searched.
const MULTIPART_PEEK_BYTES: usize = 4 * 1024;

pub async fn csrf_guard(request: Request, next: Next) -> Response {
    if !is_state_changing(request.method()) {
        return next.run(request).await;
    }
    let api = request.uri().path().starts_with("/api/");
    if !same_origin(request.headers()) {
        return refused(api, Refusal::CrossSite);
    }
    let Some(Auth::Session { info, .. }) = request.extensions().get::<Auth>().cloned() else {
        return next.run(request).await;
    };
    let expected = info.csrf_token.clone();
    if let Some(sent) = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        return if constant_time_eq(sent, &expected) {
            next.run(request).await
        } else {
            refused(api, Refusal::CsrfToken)
        };
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let (parts, body) = request.into_parts();
    let (sent, body) = if content_type.starts_with("application/x-www-form-urlencoded") {
        let Ok(bytes) = to_bytes(body, crate::router::BODY_LIMIT).await else {
            return refused(api, Refusal::TooLarge);
        };
        let sent = form_value(&String::from_utf8_lossy(&bytes), CSRF_FIELD);
        (sent, Body::from(bytes))
    } else if let Some(boundary) = multipart_boundary(&content_type) {
        leading_field(body, &boundary, CSRF_FIELD).await
    } else {
        (None, body)
    };
    match sent {
        Some(sent) if constant_time_eq(&sent, &expected) => {
            next.run(Request::from_parts(parts, body)).await
        }
        _ => refused(api, Refusal::CsrfToken),
    }
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn form_value(form: &str, key: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(form)
        .unwrap_or_default()
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    origin.split("://").nth(1).is_some_and(|rest| rest == host)
}

fn multipart_boundary(content_type: &str) -> Option<String> {
    let (mime, params) = content_type.split_once(';')?;
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty())
    })
}

/// Reads the start of a multipart body until its first part is complete (or the peek budget is
/// spent) and returns that part's value when it is the text field `name`, together with a body
/// that replays what was read followed by the rest, untouched.
async fn leading_field(body: Body, boundary: &str, name: &str) -> (Option<String>, Body) {
    let mut stream = body.into_data_stream();
    let mut read = Vec::new();
    let mut failed = None;
    let mut value = None;
    while read.len() < MULTIPART_PEEK_BYTES {
        match first_part_value(&read, boundary, name) {
            Scan::Found(v) => {
                value = Some(v);
                break;
            }
            Scan::Refused => break,
            Scan::NeedMore => {}
        }
        match stream.next().await {
            Some(Ok(chunk)) => read.extend_from_slice(&chunk),
            Some(Err(error)) => {
                failed = Some(error);
                break;
            }
            None => break,
        }
    }
    if value.is_none()
        && let Scan::Found(v) = first_part_value(&read, boundary, name)
    {
        value = Some(v);
    }
    let replay = futures_util::stream::iter([Ok::<_, axum::Error>(Bytes::from(read))]);
    let rest: futures_util::stream::BoxStream<'static, Result<Bytes, axum::Error>> = match failed {
        Some(error) => Box::pin(futures_util::stream::iter([Err(error)])),
        None => Box::pin(stream),
    };
    (value, Body::from_stream(replay.chain(rest)))
}

#[derive(Debug, PartialEq)]
enum Scan {
    Found(String),
    NeedMore,
    Refused,
}

/// Looks at the bytes read so far: is the first part the text field `name`, and is it whole?
fn first_part_value(read: &[u8], boundary: &str, name: &str) -> Scan {
    let opening = format!("--{boundary}\r\n");
    if read.len() < opening.len() {
        return if opening.as_bytes().starts_with(read) {
            Scan::NeedMore
        } else {
            Scan::Refused
        };
    }
    if !read.starts_with(opening.as_bytes()) {
        return Scan::Refused;
    }
    let after_opening = &read[opening.len()..];
    let Some(headers_end) = find(after_opening, b"\r\n\r\n") else {
        return Scan::NeedMore;
    };
    let headers = String::from_utf8_lossy(&after_opening[..headers_end]);
    if !is_text_field_named(&headers, name) {
        return Scan::Refused;
    }
    let content = &after_opening[headers_end + 4..];
    let closing = format!("\r\n--{boundary}");
    match find(content, closing.as_bytes()) {
        Some(end) => match std::str::from_utf8(&content[..end]) {
            Ok(value) => Scan::Found(value.to_string()),
            Err(_) => Scan::Refused,
        },
        None => Scan::NeedMore,
    }
}

fn is_text_field_named(headers: &str, name: &str) -> bool {
    headers.split("\r\n").any(|line| {
        let Some((key, value)) = line.split_once(':') else {
            return false;
        };
        if !key.trim().eq_ignore_ascii_case("content-disposition") {
            return false;
        }
        let params: Vec<&str> = value.split(';').map(str::trim).collect();
        params.first() == Some(&"form-data")
            && params.contains(&format!("name=\"{name}\"").as_str())
            && !params.iter().any(|p| p.starts_with("filename"))
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: &str = "----b";

    fn part(name: &str, value: &str) -> String {
        format!("------b\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
    }

    #[test]
    fn the_first_part_gives_the_token_only_when_it_is_the_csrf_field() {
        let file = "------b\r\nContent-Disposition: form-data; name=\"_csrf\"; filename=\"t\"\r\n\r\ntok\r\n------b--";
        let cases: Vec<(String, Scan)> = vec![
            (
                part("_csrf", "tok") + "------b--",
                Scan::Found("tok".into()),
            ),
            (
                part("_csrf", "tok") + &part("file", "x"),
                Scan::Found("tok".into()),
            ),
            (part("title", "x") + &part("_csrf", "tok"), Scan::Refused),
            (file.into(), Scan::Refused),
            (
                "------b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nto".into(),
                Scan::NeedMore,
            ),
            ("------b\r\nContent-Disp".into(), Scan::NeedMore),
            ("----".into(), Scan::NeedMore),
            ("garbage".into(), Scan::Refused),
            (
                "------b\r\ncontent-disposition: form-data; name=\"_csrf_x\"\r\n\r\ntok\r\n------b"
                    .into(),
                Scan::Refused,
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(
                first_part_value(body.as_bytes(), B, CSRF_FIELD),
                expected,
                "{body:?}"
            );
        }
    }

    #[test]
    fn the_boundary_is_read_from_the_content_type() {
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=----WebKit123").as_deref(),
            Some("----WebKit123")
        );
        assert_eq!(
            multipart_boundary("multipart/form-data; charset=utf-8; boundary=\"q q\"").as_deref(),
            Some("q q")
        );
        assert_eq!(multipart_boundary("multipart/form-data"), None);
        assert_eq!(multipart_boundary("text/plain; boundary=x"), None);
    }

    #[tokio::test]
    async fn the_body_is_handed_on_byte_for_byte_after_the_peek() {
        let big = "x".repeat(100_000);
        let whole = part("_csrf", "tok") + &part("file", &big) + "------b--\r\n";
        let chunks: Vec<Result<Bytes, std::io::Error>> = whole
            .as_bytes()
            .chunks(7)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        let body = Body::from_stream(futures_util::stream::iter(chunks));
        let (value, body) = leading_field(body, B, CSRF_FIELD).await;
        assert_eq!(value.as_deref(), Some("tok"));
        let replayed = to_bytes(body, usize::MAX).await.expect("body");
        assert_eq!(replayed, whole.as_bytes());
    }
}
