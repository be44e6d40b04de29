//! Turning an uploaded Word (.docx) file into article blocks: paragraphs and headings become
//! paragraphs and subheadings, pictures go through the image pipeline.

use crate::actor::SignedIn;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::media::upload_image_bytes;
use jinguo_docx::{DocxBlock, read_docx};
use jinguo_domain::content::{Block, split_paragraphs};

/// What came out of the file, and the pictures that could not be used (with the reason).
pub struct FromDocx {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    pub skipped_images: Vec<(String, ServiceError)>,
    pub notes: usize,
}

pub async fn blocks_from_docx(
    ctx: &Ctx,
    who: &SignedIn,
    file: crate::media::Spooled,
) -> ServiceResult<FromDocx> {
    // Unpacking a Word file takes memory: one per core at a time, read from the upload's file.
    let document = crate::cpu::run(move || {
        let bytes = file
            .read_blocking()
            .map_err(|e| ServiceError::Internal(format!("reading an upload: {e}")))?;
        read_docx(&bytes).map_err(ServiceError::Docx)
    })
    .await??;
    let mut blocks = Vec::new();
    let mut skipped_images = Vec::new();
    for block in document.blocks {
        match block {
            DocxBlock::Paragraph(text) => blocks.extend(
                split_paragraphs(&text)
                    .into_iter()
                    .map(|text| Block::Paragraph { text }),
            ),
            DocxBlock::Subheading(text) => blocks.push(Block::Subheading { text }),
            DocxBlock::Image {
                bytes,
                file_name,
                caption,
            } => match upload_image_bytes(ctx, who, bytes, None).await {
                Ok(uploaded) => blocks.push(Block::Image {
                    media: uploaded.media.content_name,
                    caption: caption.unwrap_or_default(),
                }),
                Err(err @ ServiceError::ImageRefused(_)) => skipped_images.push((file_name, err)),
                Err(other) => return Err(other),
            },
        }
    }
    Ok(FromDocx {
        title: document.title,
        blocks,
        skipped_images,
        notes: document.warnings.len(),
    })
}
