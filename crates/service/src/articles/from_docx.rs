//! Turning an uploaded Word (.docx) file into article blocks: paragraphs and headings become
//! paragraphs and subheadings, pictures go through the image pipeline. A file whose blocks
//! would not fit beside the article's existing ones (`limits::check_import`) is refused before
//! any picture is processed, with the counts, rather than cut.

use crate::actor::{SignedIn, permit_for};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::media::upload_image_bytes;
use jinguo_docx::{DocxBlock, read_docx};
use jinguo_domain::Action;
use jinguo_domain::content::{Block, split_paragraphs};
use jinguo_domain::limits::{self, Limited};
use jinguo_domain::validation::FieldErrors;

/// What came out of the file, and the pictures that could not be used (with the reason).
pub struct FromDocx {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    pub skipped_images: Vec<(String, ServiceError)>,
    pub notes: usize,
}

/// A block of the file before its picture (if any) is processed.
enum Pending {
    Ready(Block),
    Image {
        bytes: Vec<u8>,
        file_name: String,
        caption: String,
    },
}

/// Only a post that may write articles (SubmitArticle on its own organisation) converts Word
/// files; everyone else is refused before the file is read.
pub fn may_convert(who: &SignedIn) -> ServiceResult<()> {
    permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    Ok(())
}

/// Reads the file into blocks to add after the `existing_blocks` the article already has.
pub async fn blocks_from_docx(
    ctx: &Ctx,
    who: &SignedIn,
    file: crate::media::Spooled,
    existing_blocks: usize,
) -> ServiceResult<FromDocx> {
    may_convert(who)?;
    // Unpacking a Word file takes memory: one per core at a time, read from the upload's file.
    let document = crate::cpu::run(move || {
        let bytes = file
            .read_blocking()
            .map_err(|e| ServiceError::Internal(format!("reading an upload: {e}")))?;
        read_docx(&bytes).map_err(ServiceError::Docx)
    })
    .await??;
    let mut pending = Vec::new();
    for block in document.blocks {
        match block {
            DocxBlock::Paragraph(text) => pending.extend(
                split_paragraphs(&text)
                    .into_iter()
                    .map(|text| Pending::Ready(Block::Paragraph { text })),
            ),
            DocxBlock::Subheading(text) => pending.push(Pending::Ready(Block::Subheading { text })),
            DocxBlock::Image {
                bytes,
                file_name,
                caption,
            } => pending.push(Pending::Image {
                bytes,
                file_name,
                caption: caption.unwrap_or_default(),
            }),
        }
    }
    limits::check_import(existing_blocks, pending.len())?;
    let text_chars: usize = pending
        .iter()
        .map(|p| match p {
            Pending::Ready(Block::Paragraph { text } | Block::Subheading { text }) => {
                text.chars().count()
            }
            Pending::Ready(Block::Image { caption, .. }) | Pending::Image { caption, .. } => {
                caption.chars().count()
            }
        })
        .sum();
    Limited::ArticleText
        .check_count(text_chars)
        .map_err(|issue| FieldErrors::single("file", issue))?;
    let mut blocks = Vec::with_capacity(pending.len());
    let mut skipped_images = Vec::new();
    for item in pending {
        match item {
            Pending::Ready(block) => blocks.push(block),
            Pending::Image {
                bytes,
                file_name,
                caption,
            } => match upload_image_bytes(ctx, who, bytes, None).await {
                Ok(uploaded) => blocks.push(Block::Image {
                    media: uploaded.media.content_name,
                    caption,
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
