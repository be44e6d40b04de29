//! A post uploads a photo: the pipeline checks and converts it (off the async threads), the
//! files are stored, then the row is recorded. Re-cropping starts again from the original.

use crate::actor::{SignedIn, permit_for};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::media::spool::Spooled;
use crate::media::store::{self, Download, Kind, StoreError};
use jinguo_domain::Action;
use jinguo_domain::access::may_see_original;
use jinguo_imaging::CropChoice;
use jinguo_storage::repo::articles;
use jinguo_storage::repo::media::{self, Media, NewMedia};

/// A stored image and what the user should be told about it.
#[derive(Debug, Clone)]
pub struct Uploaded {
    pub media: Media,
    /// The image looks blurry: warn, do not refuse.
    pub blurry: bool,
}

/// Photos through the pipeline since start and the time they took there (for `/metrics`).
static PIPELINE_RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static PIPELINE_MICROS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// (photos processed, seconds spent in the pipeline) since this process started.
pub fn pipeline_totals() -> (u64, f64) {
    use std::sync::atomic::Ordering::Relaxed;
    (
        PIPELINE_RUNS.load(Relaxed),
        PIPELINE_MICROS.load(Relaxed) as f64 / 1e6,
    )
}

/// Runs the pipeline on a file already received, one decode per core at a time (a decode of a
/// 40-megapixel photo takes ~160 MB), so fifty uploads at once stay within the memory budget.
async fn process(source: SourceFile, crop: Option<CropChoice>) -> ServiceResult<Processed> {
    let (processed, original_name) = crate::cpu::run(move || {
        let started = std::time::Instant::now();
        let bytes = std::fs::read(source.path())
            .map_err(|e| ServiceError::Internal(format!("reading an upload: {e}")))?;
        let processed =
            jinguo_imaging::process(&bytes, crop).map_err(ServiceError::ImageRefused)?;
        let original_name = format!(
            "{}.{}",
            jinguo_imaging::content_name(&bytes),
            processed.source_format.as_str()
        );
        let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        PIPELINE_RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        PIPELINE_MICROS.fetch_add(micros, std::sync::atomic::Ordering::Relaxed);
        Ok::<_, ServiceError>((processed, original_name))
    })
    .await??;
    Ok(Processed {
        pipeline: processed,
        original_name,
    })
}

/// Where the original's bytes are: a fresh upload, or a stored original being re-cropped
/// (copied from the store to a temporary file first).
#[derive(Clone)]
enum SourceFile {
    Upload(std::sync::Arc<Spooled>),
    Stored(std::sync::Arc<tempfile::TempPath>),
}

impl SourceFile {
    fn path(&self) -> &std::path::Path {
        match self {
            SourceFile::Upload(spooled) => spooled.path(),
            SourceFile::Stored(path) => path,
        }
    }
}

struct Processed {
    pipeline: jinguo_imaging::Processed,
    original_name: String,
}

async fn store_and_record(
    ctx: &Ctx,
    who: &SignedIn,
    processed: &Processed,
    source: SourceFile,
) -> ServiceResult<Media> {
    let pipeline = &processed.pipeline;
    let image_name = format!("{}.jpg", pipeline.content_name);
    let store = &ctx.settings.media;
    // The files first, the row after: a crash in between leaves objects that no row names,
    // which the sweep removes; never a row naming a missing file.
    let original_bytes = store
        .put_file(
            Kind::Original,
            &processed.original_name,
            source.path(),
            ctx.now(),
        )
        .await
        .map_err(store_failed)?;
    store
        .put_bytes(Kind::Image, &image_name, pipeline.jpeg.clone(), ctx.now())
        .await
        .map_err(store_failed)?;
    store
        .put_bytes(
            Kind::Thumbnail,
            &image_name,
            pipeline.thumbnail.clone(),
            ctx.now(),
        )
        .await
        .map_err(store_failed)?;
    let to_i32 = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    let new = NewMedia {
        content_name: &pipeline.content_name,
        org_id: who.org.id,
        uploaded_by: who.account.id,
        original_key: &processed.original_name,
        original_format: pipeline.source_format.as_str(),
        original_bytes: i64::try_from(original_bytes).unwrap_or(i64::MAX),
        source_width: to_i32(pipeline.source_width),
        source_height: to_i32(pipeline.source_height),
        width: to_i32(pipeline.width),
        height: to_i32(pipeline.height),
        bytes: i64::try_from(pipeline.jpeg.len()).unwrap_or(i64::MAX),
        blur_score: pipeline.blur_score,
        blurry: pipeline.blurry,
    };
    Ok(media::insert_or_get(&ctx.db.conn, &new, ctx.now()).await?)
}

/// Uploads a photo for the signed-in post's articles.
pub async fn upload_image(
    ctx: &Ctx,
    who: &SignedIn,
    upload: Spooled,
    crop: Option<CropChoice>,
) -> ServiceResult<Uploaded> {
    permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    let source = SourceFile::Upload(std::sync::Arc::new(upload));
    let processed = process(source.clone(), crop).await?;
    let media = store_and_record(ctx, who, &processed, source).await?;
    Ok(Uploaded {
        blurry: processed.pipeline.blurry,
        media,
    })
}

/// Uploads a photo already in memory (a picture taken out of a Word file, the demo's photos).
pub async fn upload_image_bytes(
    ctx: &Ctx,
    who: &SignedIn,
    bytes: Vec<u8>,
    crop: Option<CropChoice>,
) -> ServiceResult<Uploaded> {
    let dir = ctx.settings.upload_dir.clone();
    let spooled = tokio::task::spawn_blocking(move || Spooled::from_bytes(&dir, "", &bytes))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .map_err(|e| ServiceError::Internal(format!("spooling an image: {e}")))?;
    upload_image(ctx, who, spooled, crop).await
}

/// Makes a new image from the original of `content_name` with another crop window.
pub async fn recrop_image(
    ctx: &Ctx,
    who: &SignedIn,
    content_name: &str,
    crop: CropChoice,
) -> ServiceResult<Uploaded> {
    permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    let source = media::get_by_name(&ctx.db.conn, content_name)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // Every post that uploaded these bytes owns the image, not only the first one.
    if !media::uploaders(&ctx.db.conn, source.id)
        .await?
        .contains(&who.org.id)
    {
        return Err(ServiceError::NotFound);
    }
    if !store::is_safe_name(&source.original_key) {
        return Err(ServiceError::NotFound);
    }
    std::fs::create_dir_all(&ctx.settings.upload_dir)
        .map_err(|e| ServiceError::Internal(format!("re-crop temporary folder: {e}")))?;
    let copy = tempfile::Builder::new()
        .prefix("recrop-")
        .tempfile_in(&ctx.settings.upload_dir)
        .map_err(|e| ServiceError::Internal(format!("re-crop temporary file: {e}")))?
        .into_temp_path();
    ctx.settings
        .media
        .download_to(Kind::Original, &source.original_key, &copy)
        .await
        .map_err(store_failed)?;
    let original = SourceFile::Stored(std::sync::Arc::new(copy));
    let processed = process(original.clone(), Some(crop)).await?;
    let media = store_and_record(ctx, who, &processed, original).await?;
    Ok(Uploaded {
        blurry: processed.pipeline.blurry,
        media,
    })
}

/// Maps a store failure: a missing object is a 404, anything else means the store is down.
pub(crate) fn store_failed(error: StoreError) -> ServiceError {
    match error {
        StoreError::NotFound => ServiceError::NotFound,
        StoreError::Config(e) | StoreError::Unavailable(e) => {
            ServiceError::Unavailable(format!("media store: {e}"))
        }
    }
}

async fn open_file(ctx: &Ctx, kind: Kind, name: &str) -> ServiceResult<Download> {
    if !store::is_safe_name(name) {
        return Err(ServiceError::NotFound);
    }
    ctx.settings
        .media
        .download(kind, name)
        .await
        .map_err(store_failed)
}

/// A processed image or thumbnail by name (public: names are unguessable content hashes, and
/// only published articles link to them publicly).
pub async fn read_public(ctx: &Ctx, thumbnail: bool, file_name: &str) -> ServiceResult<Download> {
    let kind = if thumbnail {
        Kind::Thumbnail
    } else {
        Kind::Image
    };
    open_file(ctx, kind, file_name).await
}

/// The original upload (full size, GPS included), for the posts that uploaded it and for the
/// federations above a post that submitted an article showing it.
pub async fn read_original(
    ctx: &Ctx,
    who: &SignedIn,
    content_name: &str,
) -> ServiceResult<(Media, Download)> {
    let row = media::get_by_name(&ctx.db.conn, content_name)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // Any uploader of the same bytes owns it; a federation sees it only once it appears in a
    // submitted revision of an article in its subtree (drafts are the post's alone).
    let uploaded_by_own_org = media::uploaders(&ctx.db.conn, row.id)
        .await?
        .contains(&who.org.id);
    let mut in_visible_submission = false;
    if !uploaded_by_own_org {
        for post in articles::posts_showing_in_submission(&ctx.db.conn, content_name).await? {
            if crate::actor::org_with_permit(&ctx.db.conn, &who.actor, Action::ViewArticles, post)
                .await
                .is_ok()
            {
                in_visible_submission = true;
                break;
            }
        }
    }
    if !may_see_original(uploaded_by_own_org, in_visible_submission) {
        return Err(ServiceError::NotFound);
    }
    let bytes = open_file(ctx, Kind::Original, &row.original_key).await?;
    Ok((row, bytes))
}
