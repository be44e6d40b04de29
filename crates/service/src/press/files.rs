//! A press kit's downloads: an article's photo (made from the original: whole, upright, longest
//! side at most 1920 px, no metadata; made once and kept in the media store, so every instance
//! serves it and no instance decodes it twice), its text as .docx and as plain text. Each
//! download is counted in one statement, so simultaneous downloads on any instance all count.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::media::store::{Download, Kind, is_safe_name};
use crate::media::upload::store_failed;
use crate::press::open::{article_text, kit_articles, live_kit, photos_of};
use crate::showcase::views::PublicArticle;
use bytes::Bytes;
use futures_util::StreamExt;
use jinguo_docx::{DocxBlock, DocxDocument, write_docx};
use jinguo_domain::content::Block;
use jinguo_storage::repo::media;
use jinguo_storage::repo::press_kits::{self, KitFile};

/// What a journalist asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// The article's n-th photo (1-based).
    Photo(usize),
    Docx,
    Text,
}

/// A file to send: its name for the download, its type, and its bytes as a stream.
pub struct KitDownload {
    pub file_name: String,
    pub content_type: &'static str,
    pub body: Download,
}

fn whole(bytes: Vec<u8>) -> Download {
    let size = bytes.len() as u64;
    Download {
        size,
        bytes: futures_util::stream::once(async move { Ok(Bytes::from(bytes)) }).boxed(),
    }
}

/// The file of an article in a live kit, counted.
pub async fn download(
    ctx: &Ctx,
    token: &str,
    article_id: i64,
    wanted: Wanted,
) -> ServiceResult<KitDownload> {
    let kit = live_kit(ctx, token).await?;
    let (articles, _) = kit_articles(ctx, &kit).await?;
    let article = articles
        .into_iter()
        .find(|a| a.card.id == article_id)
        .ok_or(ServiceError::NotFound)?;
    let stem = format!("巾帼文明岗宣推-{}", article.card.id);
    let (file, download) = match wanted {
        Wanted::Photo(number) => {
            let photo = photos_of(&article)
                .into_iter()
                .find(|p| p.number == number)
                .ok_or(ServiceError::NotFound)?;
            let body = press_photo(ctx, &photo.media).await?;
            let download = KitDownload {
                file_name: format!("{stem}-图{number}.jpg"),
                content_type: "image/jpeg",
                body,
            };
            (KitFile::Photo, download)
        }
        Wanted::Docx => {
            let bytes = write_docx(&docx_of(&article))
                .map_err(|e| ServiceError::Internal(e.to_string()))?;
            let download = KitDownload {
                file_name: format!("{stem}.docx"),
                content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                body: whole(bytes),
            };
            (KitFile::Docx, download)
        }
        Wanted::Text => {
            let download = KitDownload {
                file_name: format!("{stem}.txt"),
                content_type: "text/plain; charset=utf-8",
                body: whole(article_text(&article).into_bytes()),
            };
            (KitFile::Text, download)
        }
    };
    count(ctx, kit.id, article_id, file).await?;
    Ok(download)
}

/// One more download of the file, in its own short write.
async fn count(ctx: &Ctx, kit: i64, article: i64, file: KitFile) -> ServiceResult<()> {
    let txn = ctx.db.begin_write().await?;
    press_kits::count_download(&txn, kit, article, file).await?;
    txn.commit().await?;
    Ok(())
}

/// The article as a document: title, subheadings, paragraphs and captions.
fn docx_of(article: &PublicArticle) -> DocxDocument {
    let blocks = article
        .content
        .blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph { text } => DocxBlock::Paragraph(text.clone()),
            Block::Subheading { text } => DocxBlock::Subheading(text.clone()),
            Block::Image { media, caption } => DocxBlock::Image {
                bytes: Vec::new(),
                file_name: media.clone(),
                caption: Some(caption.clone()).filter(|c| !c.is_empty()),
            },
        })
        .collect();
    DocxDocument {
        title: Some(article.card.title.clone()),
        blocks,
        warnings: Vec::new(),
    }
}

/// How many press photos are made at once (each holds an original and its pixels).
static MAKING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

async fn made_before(ctx: &Ctx, file_name: &str) -> ServiceResult<Option<Download>> {
    match ctx.settings.media.download(Kind::Press, file_name).await {
        Ok(found) => Ok(Some(found)),
        Err(crate::media::store::StoreError::NotFound) => Ok(None),
        Err(other) => Err(store_failed(other)),
    }
}

/// The press photo of an article's image (its content name): from the store when it was made
/// before, else made from the image's original on a CPU worker and stored under the image's
/// file name (kept as long as the image is; the sweep removes it with it).
async fn press_photo(ctx: &Ctx, content_name: &str) -> ServiceResult<Download> {
    let file_name = format!("{content_name}.jpg");
    if !is_safe_name(&file_name) {
        return Err(ServiceError::NotFound);
    }
    let store = &ctx.settings.media;
    if let Some(made) = made_before(ctx, &file_name).await? {
        return Ok(made);
    }
    // An original runs to tens of megabytes: read and decode few at once, whatever number of
    // journalists click at the same moment; whoever waited finds the photo made meanwhile.
    let _turn = MAKING
        .acquire()
        .await
        .map_err(|_| ServiceError::Internal("press photo queue closed".into()))?;
    if let Some(made) = made_before(ctx, &file_name).await? {
        return Ok(made);
    }
    let row = media::get_by_name(&ctx.db.conn, content_name)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !is_safe_name(&row.original_key) {
        return Err(ServiceError::NotFound);
    }
    let original = store
        .read(Kind::Original, &row.original_key)
        .await
        .map_err(store_failed)?;
    let photo = crate::cpu::run(move || jinguo_imaging::press_photo(&original))
        .await?
        .map_err(ServiceError::ImageRefused)?;
    store
        .put_bytes(Kind::Press, &file_name, photo.jpeg.clone(), ctx.now())
        .await
        .map_err(store_failed)?;
    Ok(whole(photo.jpeg))
}
