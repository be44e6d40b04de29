//! The QR code of an article's address, as SVG, for readers to share it in WeChat.

use crate::pages::public::article::parse_id;
use crate::pages::public::cached;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use jinguo_service::{ServiceError, showcase};
use qrcode::QrCode;
use qrcode::render::svg;

pub async fn show_qr(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    cached(
        &state,
        &uri,
        &headers,
        "image/svg+xml",
        |state, base| async move {
            let id = parse_id(&raw).ok_or(ServiceError::NotFound)?;
            // Only public articles get a code: the address of anything else is not to be shared.
            showcase::pages::article(&state.ctx, id).await?;
            let address = format!("{base}/news/{id}");
            let code = QrCode::new(address.as_bytes())
                .map_err(|e| ServiceError::Internal(format!("qr code: {e}")))?;
            Ok(code
                .render::<svg::Color>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .dark_color(svg::Color("#1f2329"))
                .light_color(svg::Color("#ffffff"))
                .build())
        },
    )
    .await
}
