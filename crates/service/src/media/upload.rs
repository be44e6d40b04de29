//! A post uploads a photo: the pipeline checks and converts it (off the async threads), the
//! files are stored, then the row is recorded. Re-cropping starts again from the original.

use crate::actor::{SignedIn, permit_for};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::media::store::{self, Kind};
use jinguo_domain::Action;
use jinguo_imaging::{CropChoice, Processed};
use jinguo_storage::repo::media::{self, Media, NewMedia};

/// A stored image and what the user should be told about it.
#[derive(Debug, Clone)]
pub struct Uploaded {
    pub media: Media,
    /// The image looks blurry: warn, do not refuse.
    pub blurry: bool,
}

async fn process(bytes: Vec<u8>, crop: Option<CropChoice>) -> ServiceResult<(Processed, Vec<u8>)> {
    tokio::task::spawn_blocking(move || jinguo_imaging::process(&bytes, crop).map(|p| (p, bytes)))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .map_err(ServiceError::ImageRefused)
}

async fn store_and_record(
    ctx: &Ctx,
    who: &SignedIn,
    processed: &Processed,
    original: &[u8],
) -> ServiceResult<Media> {
    let root = ctx.settings.media_dir.clone();
    let original_name = format!(
        "{}.{}",
        jinguo_imaging::content_name(original),
        processed.source_format.as_str()
    );
    let image_name = format!("{}.jpg", processed.content_name);
    {
        let (root, jpeg, thumb, original, original_name, image_name) = (
            root.clone(),
            processed.jpeg.clone(),
            processed.thumbnail.clone(),
            original.to_vec(),
            original_name.clone(),
            image_name.clone(),
        );
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            store::put(&root, Kind::Original, &original_name, &original)?;
            store::put(&root, Kind::Image, &image_name, &jpeg)?;
            store::put(&root, Kind::Thumbnail, &image_name, &thumb)
        })
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .map_err(|e| ServiceError::Internal(format!("media store: {e}")))?;
    }
    let to_i32 = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    let new = NewMedia {
        content_name: &processed.content_name,
        org_id: who.org.id,
        uploaded_by: who.account.id,
        original_key: &original_name,
        original_format: processed.source_format.as_str(),
        original_bytes: i64::try_from(original.len()).unwrap_or(i64::MAX),
        source_width: to_i32(processed.source_width),
        source_height: to_i32(processed.source_height),
        width: to_i32(processed.width),
        height: to_i32(processed.height),
        bytes: i64::try_from(processed.jpeg.len()).unwrap_or(i64::MAX),
        blur_score: processed.blur_score,
        blurry: processed.blurry,
    };
    Ok(media::insert_or_get(&ctx.db.conn, &new, ctx.now()).await?)
}

/// Uploads a photo for the signed-in post's articles.
pub async fn upload_image(
    ctx: &Ctx,
    who: &SignedIn,
    bytes: Vec<u8>,
    crop: Option<CropChoice>,
) -> ServiceResult<Uploaded> {
    permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    let (processed, original) = process(bytes, crop).await?;
    let media = store_and_record(ctx, who, &processed, &original).await?;
    Ok(Uploaded {
        blurry: processed.blurry,
        media,
    })
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
    if source.org_id != who.org.id.0 {
        return Err(ServiceError::NotFound);
    }
    let original = read_file(ctx, Kind::Original, &source.original_key).await?;
    let (processed, original) = process(original, Some(crop)).await?;
    let media = store_and_record(ctx, who, &processed, &original).await?;
    Ok(Uploaded {
        blurry: processed.blurry,
        media,
    })
}

async fn read_file(ctx: &Ctx, kind: Kind, name: &str) -> ServiceResult<Vec<u8>> {
    if !store::is_safe_name(name) {
        return Err(ServiceError::NotFound);
    }
    let root = ctx.settings.media_dir.clone();
    let name = name.to_string();
    tokio::task::spawn_blocking(move || store::get(&root, kind, &name))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .map_err(|_| ServiceError::NotFound)
}

/// A processed image or thumbnail by name (public: names are unguessable content hashes, and
/// only published articles link to them publicly).
pub async fn read_public(ctx: &Ctx, thumbnail: bool, file_name: &str) -> ServiceResult<Vec<u8>> {
    let kind = if thumbnail {
        Kind::Thumbnail
    } else {
        Kind::Image
    };
    read_file(ctx, kind, file_name).await
}

/// The original upload, for the post itself and for reviewers above it.
pub async fn read_original(
    ctx: &Ctx,
    who: &SignedIn,
    content_name: &str,
) -> ServiceResult<(Media, Vec<u8>)> {
    let row = media::get_by_name(&ctx.db.conn, content_name)
        .await?
        .ok_or(ServiceError::NotFound)?;
    crate::actor::org_with_permit(
        &ctx.db.conn,
        &who.actor,
        Action::ViewArticles,
        jinguo_domain::OrgId(row.org_id),
    )
    .await?;
    let bytes = read_file(ctx, Kind::Original, &row.original_key).await?;
    Ok((row, bytes))
}
