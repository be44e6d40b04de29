//! Adding to a draft by upload (works without JavaScript): a photo becomes an image block, a
//! Word file becomes paragraphs, subheadings and images at the end of the text.

use crate::auth::Page;
use crate::error::PageError;
use crate::messages;
use crate::pages::articles::editor::{EditorState, editor_page, latest_return_comment};
use crate::pages::render::{FormErrors, render};
use crate::pages::upload::read_upload;
use crate::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::content::Block;
use jinguo_domain::limits::Limited;
use jinguo_domain::validation::FieldErrors;
use jinguo_service::ServiceError;
use jinguo_service::articles::{draft, from_docx, view};
use jinguo_service::media::upload_image;

/// Re-renders the editor with a message, keeping the stored draft as it is.
async fn editor_with_error(
    state: &AppState,
    page: &Page,
    id: i64,
    status: StatusCode,
    message: String,
) -> Result<Response, PageError> {
    let detail = view::detail(&state.ctx, &page.who, id).await?;
    let mut errors = FormErrors::default();
    errors.general.push(message);
    let editor = editor_page(
        page,
        state.ctx.clock.today_in_china(),
        EditorState {
            article: Some(&detail.article),
            campaign: &detail.campaign,
            content: &detail.article.content,
            version: detail.article.version,
            return_comment: latest_return_comment(&detail),
        },
        String::new(),
        Vec::new(),
        errors,
    );
    Ok(render(status, &editor))
}

async fn append(
    state: &AppState,
    page: &Page,
    id: i64,
    title: Option<String>,
    blocks: Vec<Block>,
) -> Result<(), ServiceError> {
    let article = draft::own_article(&state.ctx, &page.who, id).await?;
    let mut content = article.content.clone();
    if content.title.trim().is_empty()
        && let Some(title) = title
    {
        content.title = title;
    }
    content.blocks.extend(blocks);
    draft::save_draft(&state.ctx, &page.who, id, content, article.version).await?;
    Ok(())
}

/// Sends the user back to the editor: on success with a notice, on a refusal they caused
/// (a bad file, a stale draft, a closed window) with the reason and the draft unchanged.
async fn finish(
    state: &AppState,
    page: &Page,
    id: i64,
    outcome: Result<String, ServiceError>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(target) => Ok(Redirect::to(&target).into_response()),
        Err(
            err @ (ServiceError::ImageRefused(_)
            | ServiceError::Docx(_)
            | ServiceError::Invalid(_)
            | ServiceError::Conflict(_)
            | ServiceError::WindowClosed(_)
            | ServiceError::MoveRefused(_)),
        ) => {
            editor_with_error(
                state,
                page,
                id,
                crate::error::classify(&err).0,
                messages::error(&err),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn upload_article_image(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    draft::own_article(&state.ctx, &page.who, id).await?;
    let upload = match read_upload(multipart, &state.ctx.settings.upload_dir, 20).await {
        Ok(upload) => upload,
        Err(refused) => {
            return editor_with_error(&state, &page, id, refused.status, refused.message).await;
        }
    };
    let caption = upload.fields.get("caption").cloned().unwrap_or_default();
    let outcome = async {
        // A caption too long is refused before the photo is processed and stored.
        Limited::Caption
            .check_chars(caption.trim())
            .map_err(|issue| FieldErrors::single("caption", issue))?;
        let uploaded = upload_image(&state.ctx, &page.who, upload.file, None).await?;
        let block = Block::Image {
            media: uploaded.media.content_name.clone(),
            caption,
        };
        append(&state, &page, id, None, vec![block]).await?;
        let blurry = if uploaded.blurry { "&blurry=1" } else { "" };
        Ok(format!("/articles/{id}/edit?notice=image{blurry}"))
    }
    .await;
    finish(&state, &page, id, outcome).await
}

pub async fn upload_article_docx(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let article = draft::own_article(&state.ctx, &page.who, id).await?;
    let upload = match read_upload(multipart, &state.ctx.settings.upload_dir, 20).await {
        Ok(upload) => upload,
        Err(refused) => {
            return editor_with_error(&state, &page, id, refused.status, refused.message).await;
        }
    };
    let outcome = async {
        let existing = article.content.blocks.len();
        let imported =
            from_docx::blocks_from_docx(&state.ctx, &page.who, upload.file, existing).await?;
        let skipped = imported.skipped_images.len();
        append(&state, &page, id, imported.title, imported.blocks).await?;
        Ok(format!("/articles/{id}/edit?notice=docx&skipped={skipped}"))
    }
    .await;
    finish(&state, &page, id, outcome).await
}
