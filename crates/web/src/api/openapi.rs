//! The OpenAPI document at `/api/openapi.json`, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "全国巾帼文明岗新闻发布系统 API",
        version = "1",
        description = "Bearer tokens are issued on the 接口令牌 page; browser sessions must send X-CSRF-Token on writes."
    ),
    paths(crate::api::v1::me::get_me),
    components(schemas(
        crate::error::ErrorBody,
        crate::error::ErrorDetail,
        crate::error::FieldMessage,
        crate::error::RowMessage,
        crate::api::v1::me::MeResponse
    ))
)]
pub struct ApiDoc;

pub async fn serve_openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
