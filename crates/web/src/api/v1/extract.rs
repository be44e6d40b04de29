//! Extractors for the JSON API whose rejections answer through `ApiError`. A body that is not
//! JSON at all is 400 `malformed_json`; a body or query whose values do not fit is 422
//! `invalid` naming the field by its path (`content.blocks[3].text`) and what was wrong
//! (“字段 content.blocks[3].text 类型错误：应为字符串”, “缺少字段 title”); a malformed id in the
//! path is 404 `not_found`.

use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use jinguo_domain::validation::{FieldErrors, FieldIssue, ValueKind};
use jinguo_service::ServiceError;
use serde::de::DeserializeOwned;

/// A JSON request body (`Content-Type: application/json`).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        if !is_json(&request) {
            return Err(invalid("body", FieldIssue::NotJson));
        }
        let bytes = match Bytes::from_request(request, state).await {
            Ok(bytes) => bytes,
            // JSON bodies keep the router's limit for forms and JSON (uploads are multipart).
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError(ServiceError::FileTooLarge {
                    limit_bytes: crate::router::BODY_LIMIT,
                }));
            }
            // The body could not be read (the client stopped sending, or too slowly).
            Err(_) => return Err(malformed(0, 0)),
        };
        read_json(&bytes).map(ApiJson)
    }
}

/// Reads a JSON body, reporting where and what was wrong.
pub fn read_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every body is an object: serde would also read a struct from an array (`[1, 2]`).
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') | None => {}
        Some(_) if serde_json::from_slice::<serde_json::Value>(bytes).is_ok() => {
            return Err(invalid(
                "body",
                FieldIssue::WrongType {
                    path: "body".into(),
                    expected: ValueKind::Object,
                },
            ));
        }
        Some(_) => {}
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let inner = err.inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let (field, issue) =
                    describe("body", &err.path().to_string(), &without_position(inner));
                invalid(&field, issue)
            }
            // Broken JSON is about the body as a whole, wherever the parser stopped.
            serde_json::error::Category::Syntax => malformed(inner.line(), inner.column()),
            // Empty, or cut off before the end.
            _ => malformed(0, 0),
        }
    })?;
    deserializer
        .end()
        .map_err(|err| malformed(err.line(), err.column()))?;
    Ok(value)
}

fn malformed(line: usize, column: usize) -> ApiError {
    invalid("body", FieldIssue::MalformedJson { line, column })
}

fn is_json(request: &Request) -> bool {
    let Some(value) = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mime = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// A multipart form (uploads). A body that is not `multipart/form-data` with a boundary is a
/// 422 naming `body`, in the API's error shape, not axum's plain-text 400.
pub struct ApiMultipart(pub axum::extract::Multipart);

impl FromRequest<AppState> for ApiMultipart {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        axum::extract::Multipart::from_request(request, state)
            .await
            .map(ApiMultipart)
            .map_err(|_| invalid("body", FieldIssue::UnreadableFile))
    }
}

/// Query-string parameters.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        read_query(parts.uri.query().unwrap_or("")).map(ApiQuery)
    }
}

/// Reads a query string, reporting which parameter was wrong.
pub fn read_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let (field, issue) = describe("query", &err.path().to_string(), &err.inner().to_string());
        invalid(&field, issue)
    })
}

/// Parameters in the path, such as `{id}`. An id that cannot exist reads as not found.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|_| ApiError(ServiceError::NotFound))
    }
}

/// A multipart form the reader refused: over its limit (413), or broken, or without the file
/// it needs (422 naming `field`).
pub fn upload_refused(field: &str, status: StatusCode, limit_bytes: usize) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError(ServiceError::FileTooLarge { limit_bytes })
    } else {
        invalid(field, FieldIssue::UnreadableFile)
    }
}

pub fn invalid(field: &str, issue: FieldIssue) -> ApiError {
    ApiError(ServiceError::Invalid(FieldErrors::single(field, issue)))
}

/// serde_json's message without its " at line 1 column 40".
fn without_position(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(at) if err.line() > 0 => message[..at].to_string(),
        _ => message,
    }
}

/// The field a deserialization error is about and the issue, from the path the reader had
/// reached (`.` at the top) and serde's message. `whole` names the top (`body`, `query`).
fn describe(whole: &str, path: &str, message: &str) -> (String, FieldIssue) {
    let at = (!path.is_empty() && path != ".").then_some(path);
    let here = || at.unwrap_or(whole).to_string();
    let below = |name: &str| match at {
        Some(at) => format!("{at}.{name}"),
        None => name.to_string(),
    };
    if let Some(name) = quoted_after(message, "missing field `") {
        let field = below(name);
        return (field.clone(), FieldIssue::MissingField { name: field });
    }
    if let Some(name) = quoted_after(message, "unknown field `") {
        // The reader has already stepped onto the unknown key of a map, not of a block
        // (whose kind-specific fields are checked after reading).
        let field = match at {
            Some(at) if at == name || at.ends_with(&format!(".{name}")) => at.to_string(),
            _ => below(name),
        };
        return (field.clone(), FieldIssue::UnknownField { path: field });
    }
    if message.starts_with("unknown variant `") {
        let allowed = message
            .split_once("expected ")
            .map(|(_, list)| {
                list.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        return (
            here(),
            FieldIssue::UnknownVariant {
                path: here(),
                allowed,
            },
        );
    }
    let expected = message.rsplit_once(", expected ").map(|(_, e)| e);
    if message.starts_with("invalid type: ") {
        let expected = expected.map_or(ValueKind::Unknown, value_kind);
        return (
            here(),
            FieldIssue::WrongType {
                path: here(),
                expected,
            },
        );
    }
    let expected = match expected {
        Some(expected)
            if message.starts_with("invalid value: ") || message.starts_with("invalid length ") =>
        {
            value_kind(expected)
        }
        _ => parse_failure_kind(message),
    };
    (
        here(),
        FieldIssue::BadValue {
            path: here(),
            expected,
        },
    )
}

/// The name in backticks right after `prefix`: "missing field `title`" → "title".
fn quoted_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    message.strip_prefix(prefix)?.split('`').next()
}

/// What serde's "expected …" says the value should have been.
fn value_kind(expected: &str) -> ValueKind {
    let expected = expected.trim();
    match expected {
        "a string" | "a borrowed string" | "a character" | "string" | "char" => ValueKind::String,
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => ValueKind::NonNegativeInteger,
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => ValueKind::Integer,
        "f32" | "f64" => ValueKind::Number,
        "a boolean" | "bool" => ValueKind::Boolean,
        _ if expected.starts_with("a sequence")
            || expected.starts_with("a tuple")
            || expected.starts_with("an array")
            || expected.starts_with("tuple") =>
        {
            ValueKind::List
        }
        _ if expected.starts_with("struct ")
            || expected.starts_with("a map")
            || expected.starts_with("internally tagged enum") =>
        {
            ValueKind::Object
        }
        _ if expected.contains("date") => ValueKind::Date,
        _ => ValueKind::Unknown,
    }
}

/// The query reader parses numbers and booleans itself; its messages are the std parse errors'.
fn parse_failure_kind(message: &str) -> ValueKind {
    match message {
        "invalid digit found in string"
        | "cannot parse integer from empty string"
        | "number too large to fit in target type"
        | "number too small to fit in target type" => ValueKind::Integer,
        "invalid float literal" => ValueKind::Number,
        "provided string was not `true` or `false`" => ValueKind::Boolean,
        _ => ValueKind::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jinguo_domain::content::ArticleContent;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only read")]
    struct Save {
        version: i32,
        content: ArticleContent,
    }

    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only read")]
    struct List {
        page: Option<u64>,
        open: Option<bool>,
    }

    /// As the API's query structs are.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only read")]
    struct StrictList {
        page: Option<u64>,
    }

    fn issue_of(err: ApiError) -> (String, FieldIssue) {
        match err.0 {
            ServiceError::Invalid(errors) => {
                let e = errors.0.into_iter().next().unwrap();
                (e.field, e.issue)
            }
            other => panic!("{other:?}"),
        }
    }

    fn body(json: &str) -> (String, FieldIssue) {
        issue_of(read_json::<Save>(json.as_bytes()).unwrap_err())
    }

    #[test]
    fn an_unknown_field_is_named_once_wherever_it_is() {
        let unknown = |json: &str| match body(json) {
            (field, FieldIssue::UnknownField { path }) if field == path => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            unknown(r#"{"version":1,"extra":2,"content":{"title":"t","themes":[],"blocks":[]}}"#),
            "extra"
        );
        assert_eq!(
            unknown(r#"{"version":1,"content":{"title":"t","themes":[],"blocks":[],"x":1}}"#),
            "content.x"
        );
        assert_eq!(
            unknown(
                r#"{"version":1,"content":{"title":"t","themes":[],"blocks":[{"type":"paragraph","text":"a","media":"m"}]}}"#
            ),
            "content.blocks[0].media"
        );
        let query = issue_of(read_query::<StrictList>("page=1&per_page=50").unwrap_err());
        assert_eq!(query.0, "per_page");
    }

    #[test]
    fn a_wrong_value_deep_in_the_body_is_named_by_its_path() {
        let json = r#"{"version":1,"content":{"title":"t","themes":[],"blocks":[
            {"type":"paragraph","text":"a"},{"type":"paragraph","text":"b"},
            {"type":"subheading","text":"c"},{"type":"paragraph","text":3}]}}"#;
        assert_eq!(
            body(json),
            (
                "content.blocks[3].text".into(),
                FieldIssue::WrongType {
                    path: "content.blocks[3].text".into(),
                    expected: ValueKind::String
                }
            )
        );
        assert_eq!(
            body(
                r#"{"version":1,"content":{"title":"t","themes":[],"blocks":[{"type":"paragraph"}]}}"#
            ),
            (
                "content.blocks[0].text".into(),
                FieldIssue::MissingField {
                    name: "content.blocks[0].text".into()
                }
            )
        );
        assert_eq!(
            body(r#"{"content":{"title":"t","themes":[],"blocks":[]}}"#),
            (
                "version".into(),
                FieldIssue::MissingField {
                    name: "version".into()
                }
            )
        );
        assert_eq!(
            body(
                r#"{"version":1,"content":{"title":"t","themes":[],"blocks":[{"type":"video"}]}}"#
            ),
            (
                "content.blocks[0].type".into(),
                FieldIssue::UnknownVariant {
                    path: "content.blocks[0].type".into(),
                    allowed: vec!["paragraph".into(), "subheading".into(), "image".into()]
                }
            )
        );
        assert_eq!(
            body(r#"{"version":"1"}"#).1,
            FieldIssue::WrongType {
                path: "version".into(),
                expected: ValueKind::Integer
            }
        );
        assert_eq!(
            body(r#""a string""#),
            (
                "body".into(),
                FieldIssue::WrongType {
                    path: "body".into(),
                    expected: ValueKind::Object
                }
            )
        );
    }

    #[test]
    fn broken_json_is_about_the_body_with_where_the_parser_stopped() {
        for (json, line, column) in [
            ("{\"version\": ", 0, 0),
            ("{\"version\": 1,\n oops}", 2, 2),
            (
                "{\"version\":1,\"content\":{\"title\":\"t\",\"themes\":[],\"blocks\":[]}} trailing",
                1,
                63,
            ),
            ("", 0, 0),
        ] {
            let (field, issue) = body(json);
            assert_eq!(field, "body", "{json:?}");
            assert!(
                matches!(issue, FieldIssue::MalformedJson { line: l, column: c } if l == line && c == column),
                "{json:?}: {issue:?}"
            );
        }
    }

    #[test]
    fn a_query_parameter_that_is_not_a_number_is_named() {
        let query = |q: &str| issue_of(read_query::<List>(q).unwrap_err());
        for q in [
            "page=abc",
            "page=-1",
            "page=99999999999999999999999",
            "page=",
        ] {
            assert_eq!(
                query(q),
                (
                    "page".into(),
                    FieldIssue::BadValue {
                        path: "page".into(),
                        expected: ValueKind::Integer
                    }
                ),
                "{q}"
            );
        }
        assert_eq!(
            query("open=yes").1,
            FieldIssue::BadValue {
                path: "open".into(),
                expected: ValueKind::Boolean
            }
        );
        assert!(read_query::<List>("page=3&other=x").is_ok());
    }
}
