//! Rendering helpers: templates to responses, the error page, form field errors.

use crate::pages::chrome::Chrome;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use std::collections::HashMap;

/// Renders a template with a status; a template failure is logged and answered opaquely.
pub fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<h1>系统出现错误</h1>".to_string()),
            )
                .into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "pages/error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub status: u16,
    pub heading: &'static str,
    pub message: String,
}

pub fn render_error_page(status: StatusCode, message: &str) -> Response {
    let heading = match status {
        StatusCode::NOT_FOUND => "页面不存在",
        StatusCode::FORBIDDEN => "无权访问",
        StatusCode::UNAUTHORIZED => "请先登录",
        StatusCode::CONFLICT => "内容已被修改",
        StatusCode::GONE => "链接已失效",
        s if s.is_server_error() => "系统出现错误",
        _ => "无法完成操作",
    };
    let page = ErrorPage {
        chrome: Chrome::public(heading),
        status: status.as_u16(),
        heading,
        message: message.to_string(),
    };
    render(status, &page)
}

/// Field → Chinese message, for re-rendering a rejected form next to what the user typed.
#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    pub fields: HashMap<String, String>,
    pub general: Vec<String>,
}

impl FormErrors {
    pub fn from_service(err: &jinguo_service::ServiceError) -> Self {
        let mut out = FormErrors::default();
        match err {
            jinguo_service::ServiceError::Invalid(errors) => {
                for (field, message) in crate::messages::field_errors(errors) {
                    out.fields.entry(field).or_insert(message);
                }
            }
            other => out.general.push(crate::messages::error(other)),
        }
        out
    }

    pub fn get(&self, field: &str) -> &str {
        self.fields.get(field).map(String::as_str).unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }
}

/// A handler that panicked: logged, and answered with the Chinese error page (status 500)
/// rather than a dropped connection.
pub fn panic_page(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("unknown");
    tracing::error!(panic = detail, "request handler panicked");
    render_error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "服务器暂时无法完成您的请求，请稍后再试。如果问题持续出现，请联系系统管理员。",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_is_answered_with_the_chinese_500_page() {
        let response = panic_page(Box::new("boom"));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(text.contains("系统出现错误"), "{text}");
        assert!(text.contains("lang=\"zh-CN\""), "{text}");
    }
}
