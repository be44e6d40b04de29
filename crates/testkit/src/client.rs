//! An in-process HTTP client that behaves like a browser: a cookie jar, the CSRF token of the
//! current page, `Accept-Encoding: gzip, deflate, br` on every request (unless the test sets its
//! own) and bodies read to the end and decoded as a browser would.

use axum::body::{Body, to_bytes};
use axum::http::{Request, header};
use std::collections::BTreeMap;
use tower::ServiceExt;
use tracing::Instrument;

/// What browsers send; the server's compression layer answers with one of them.
pub const BROWSER_ACCEPT_ENCODING: &str = "gzip, deflate, br";

pub struct Client {
    router: axum::Router,
    /// The `TestApp` this client belongs to, so what its requests log is charged to it.
    app: Option<u64>,
    cookies: BTreeMap<String, String>,
    /// The CSRF token found in the last page that had one.
    pub csrf: Option<String>,
    /// A bearer token to send instead of cookies.
    pub bearer: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TestResponse {
    pub status: u16,
    pub location: Option<String>,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    /// The body decoded (as a browser shows it).
    pub text: String,
    pub bytes: Vec<u8>,
    /// The body as it came over the wire (compressed when `Content-Encoding` says so).
    pub wire_bytes: Vec<u8>,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.text))
    }

    pub fn assert_contains(&self, needle: &str) -> &Self {
        assert!(
            self.text.contains(needle),
            "expected {needle:?} in response {}:\n{}",
            self.status,
            self.text
        );
        self
    }

    pub fn assert_not_contains(&self, needle: &str) -> &Self {
        assert!(
            !self.text.contains(needle),
            "did not expect {needle:?} in response {}:\n{}",
            self.status,
            self.text
        );
        self
    }
}

impl Client {
    pub fn new(router: axum::Router) -> Self {
        Client {
            router,
            app: None,
            cookies: BTreeMap::new(),
            csrf: None,
            bearer: None,
        }
    }

    /// The same browser (cookies, CSRF token) sending its next requests to another instance,
    /// as a load balancer would.
    pub fn on_instance(&self, router: axum::Router) -> Client {
        Client {
            router,
            app: self.app,
            cookies: self.cookies.clone(),
            csrf: self.csrf.clone(),
            bearer: self.bearer.clone(),
        }
    }

    pub(crate) fn for_app(router: axum::Router, app: u64) -> Self {
        Client {
            app: Some(app),
            ..Client::new(router)
        }
    }

    pub fn has_cookie(&self, name: &str) -> bool {
        self.cookies.contains_key(name)
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_string(), value.to_string());
    }

    pub async fn send(&mut self, request: Request<Body>) -> TestResponse {
        let mut request = request;
        if let Some(token) = &self.bearer {
            let value = format!("Bearer {token}").parse().expect("header value");
            request.headers_mut().insert(header::AUTHORIZATION, value);
        } else if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            request
                .headers_mut()
                .insert(header::COOKIE, cookie.parse().expect("cookie header"));
        }
        if !request.headers().contains_key(header::ACCEPT_ENCODING) {
            request.headers_mut().insert(
                header::ACCEPT_ENCODING,
                header::HeaderValue::from_static(BROWSER_ACCEPT_ENCODING),
            );
        }
        let span = match self.app {
            Some(app) => tracing::info_span!("jinguo_test_app", app),
            None => tracing::Span::none(),
        };
        let response = self
            .router
            .clone()
            .oneshot(request)
            .instrument(span.clone())
            .await
            .expect("router never fails");
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap_or("");
            let pair = text.split(';').next().unwrap_or("");
            if let Some((name, value)) = pair.split_once('=') {
                let expired = text.to_ascii_lowercase().contains("max-age=0");
                if value.is_empty() || expired {
                    self.cookies.remove(name.trim());
                } else {
                    self.cookies
                        .insert(name.trim().to_string(), value.to_string());
                }
            }
        }
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let location = headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let wire_bytes = to_bytes(response.into_body(), usize::MAX)
            .instrument(span)
            .await
            .expect("the body is read to its end without error")
            .to_vec();
        let bytes = decode(
            headers
                .get(header::CONTENT_ENCODING)
                .and_then(|v| v.to_str().ok()),
            &wire_bytes,
        );
        let text = String::from_utf8_lossy(&bytes).to_string();
        if let Some(token) = find_csrf(&text) {
            self.csrf = Some(token);
        }
        TestResponse {
            status,
            location,
            content_type,
            headers,
            text,
            bytes,
            wire_bytes,
        }
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    /// Posts a form, adding the current CSRF token unless the fields carry `_csrf` already.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let mut pairs: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if !fields.iter().any(|(k, _)| *k == "_csrf")
            && let Some(token) = &self.csrf
        {
            pairs.push(("_csrf".into(), token.clone()));
        }
        let body = serde_urlencoded::to_string(&pairs).expect("form");
        self.post_raw_form(path, body).await
    }

    /// Posts a form body exactly as given (for CSRF tests).
    pub async fn post_raw_form(&mut self, path: &str, body: String) -> TestResponse {
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    /// Sends JSON; with a cookie session it adds `X-CSRF-Token` when known.
    pub async fn json(
        &mut self,
        method: &str,
        path: &str,
        body: &serde_json::Value,
    ) -> TestResponse {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json");
        if self.bearer.is_none()
            && let Some(token) = &self.csrf
        {
            builder = builder.header("x-csrf-token", token);
        }
        self.send(builder.body(Body::from(body.to_string())).expect("request"))
            .await
    }

    /// Uploads bytes as one multipart file field named `file` (plus extra text fields).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        file_name: &str,
        bytes: &[u8],
        fields: &[(&str, &str)],
    ) -> TestResponse {
        let boundary = "----jinguo-test-boundary";
        let mut body = self.leading_csrf_part(boundary, fields);
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::post(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    /// Posts a multipart form with text fields (names may repeat) and any number of files,
    /// each as (field name, file name, bytes); the CSRF token goes first, as a browser sends the
    /// form's leading hidden field.
    pub async fn post_multipart_parts(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> TestResponse {
        let boundary = "----jinguo-test-boundary-parts";
        let mut body = self.leading_csrf_part(boundary, fields);
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        }
        for (name, file_name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = Request::post(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    /// The `_csrf` part a signed-in browser form starts with (none for a bearer client or when
    /// the test sends its own).
    fn leading_csrf_part(&self, boundary: &str, fields: &[(&str, &str)]) -> Vec<u8> {
        match &self.csrf {
            Some(token) if self.bearer.is_none() && !fields.iter().any(|(k, _)| *k == "_csrf") => {
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n")
                    .into_bytes()
            }
            _ => Vec::new(),
        }
    }

    /// Signs in through the login form.
    pub async fn login(&mut self, username: &str, password: &str) -> TestResponse {
        self.post_form("/login", &[("username", username), ("password", password)])
            .await
    }

    /// Loads a page to pick up its CSRF token (a forced password change is completed first
    /// with a new password `Jinguo@2020new`).
    pub async fn refresh_csrf(&mut self, forced_change_path: &str) {
        let page = self.get("/workbench").await;
        if page.status == 303 && page.location.as_deref() == Some(forced_change_path) {
            self.get(forced_change_path).await;
            let changed = self
                .post_form(
                    forced_change_path,
                    &[
                        ("current_password", crate::DEMO_PASSWORD),
                        ("new_password", "Jinguo@2020new"),
                        ("repeat_password", "Jinguo@2020new"),
                    ],
                )
                .await;
            assert_eq!(
                changed.status, 303,
                "forced password change failed: {}",
                changed.text
            );
            self.get("/workbench").await;
        }
    }
}

/// Undoes `Content-Encoding` as a browser does; a body that does not decode fails the test.
fn decode(encoding: Option<&str>, wire: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    match encoding.map(str::trim) {
        None | Some("identity") => return wire.to_vec(),
        Some("gzip") => flate2::read::GzDecoder::new(wire)
            .read_to_end(&mut out)
            .map(|_| ())
            .expect("a gzip body that decodes to its end"),
        Some("deflate") => flate2::read::ZlibDecoder::new(wire)
            .read_to_end(&mut out)
            .map(|_| ())
            .expect("a deflate body that decodes to its end"),
        Some("br") => brotli::Decompressor::new(wire, 4096)
            .read_to_end(&mut out)
            .map(|_| ())
            .expect("a brotli body that decodes to its end"),
        Some(other) => panic!("unexpected Content-Encoding {other}"),
    }
    out
}

fn find_csrf(html: &str) -> Option<String> {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}
