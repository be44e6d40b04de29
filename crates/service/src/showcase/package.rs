//! The publication package for 中国妇女网 and the media: a zip with each published article as a
//! standalone HTML page, its images beside it, and `manifest.json` describing them all. National
//! administrators download it (in the browser or with an API token).

use crate::actor::SignedIn;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::media::store::{self, Kind};
use crate::showcase::html::standalone_page;
use crate::showcase::pages::current_directory;
use crate::showcase::views::PublicArticle;
use jinguo_domain::access::Target;
use jinguo_domain::{Action, authorize};
use jinguo_storage::repo::orgs;
use jinguo_storage::repo::showcase::{self, PublicFilter};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Manifest {
    generated_at: String,
    source: String,
    campaign: Option<String>,
    count: usize,
    articles: Vec<ManifestEntry>,
}

#[derive(Serialize)]
struct ManifestEntry {
    id: i64,
    title: String,
    post: String,
    work_unit: String,
    province: String,
    district: String,
    industry: String,
    themes: Vec<String>,
    campaign: String,
    published_on: String,
    featured: bool,
    word_count: i32,
    url: String,
    file: String,
    images: Vec<String>,
}

/// A built package: a temporary file (removed when this is dropped) and its size. With every
/// published article of a national campaign it runs to hundreds of megabytes, so it is written
/// to disk and streamed, never held in memory.
pub struct PackageFile {
    pub path: tempfile::TempPath,
    pub size: u64,
}

/// Builds the package of every published article (of one campaign, when `campaign_slug` names
/// one). `base` is the site's public address for the source links.
pub async fn publication_package(
    ctx: &Ctx,
    who: &SignedIn,
    campaign_slug: Option<&str>,
    base: &str,
) -> ServiceResult<PackageFile> {
    let root = orgs::root(&ctx.db.conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    authorize(
        &who.actor,
        Action::ExportPublication,
        Target {
            id: root.id,
            path: &root.path,
        },
    )?;
    let directory = current_directory(ctx).await?;
    let campaign = match campaign_slug.filter(|s| !s.is_empty()) {
        Some(slug) => Some(
            directory
                .campaign_by_slug(slug)
                .ok_or(ServiceError::NotFound)?
                .clone(),
        ),
        None => None,
    };
    let filter = PublicFilter {
        campaign_id: campaign.as_ref().map(|c| c.id),
        ..Default::default()
    };
    let rows = showcase::page(&ctx.db.conn, &filter, 0, i64::MAX as u64).await?;
    let articles: Vec<PublicArticle> = rows
        .iter()
        .map(|row| PublicArticle::from_row(row, &directory))
        .collect();
    let media = ctx.settings.media.clone();
    let base = base.to_string();
    let generated_at = ctx.now().to_rfc3339();
    let campaign_slug = campaign.map(|c| c.slug);
    // The zip is written on a blocking thread; each image is fetched from the media store
    // when its entry is written (one at a time, so memory holds one image, not all of them).
    let runtime = tokio::runtime::Handle::current();
    let folder = ctx.settings.upload_dir.clone();
    tokio::task::spawn_blocking(move || {
        let read_image = |file_name: &str| runtime.block_on(media.read(Kind::Image, file_name));
        std::fs::create_dir_all(&folder).map_err(|e| internal(&e))?;
        let file = tempfile::Builder::new()
            .prefix("package-")
            .suffix(".zip")
            .tempfile_in(&folder)
            .map_err(|e| internal(&e))?;
        let (file, path) = file.into_parts();
        let file = write_zip(
            file,
            &articles,
            &read_image,
            &base,
            generated_at,
            campaign_slug,
        )?;
        file.sync_all().map_err(|e| internal(&e))?;
        let size = file.metadata().map_err(|e| internal(&e))?.len();
        Ok(PackageFile { path, size })
    })
    .await
    .map_err(|e| ServiceError::Internal(e.to_string()))?
}

fn internal(e: &dyn std::fmt::Display) -> ServiceError {
    ServiceError::Internal(format!("package: {e}"))
}

fn write_zip(
    out: std::fs::File,
    articles: &[PublicArticle],
    read_image: &dyn Fn(&str) -> Result<bytes::Bytes, crate::media::store::StoreError>,
    base: &str,
    generated_at: String,
    campaign: Option<String>,
) -> ServiceResult<std::fs::File> {
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(out));
    let text = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    // JPEGs are compressed already.
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut entries = Vec::with_capacity(articles.len());
    let mut written_images = std::collections::HashSet::new();
    for article in articles {
        let id = article.card.id;
        let file = format!("articles/{id}.html");
        let url = format!("{base}/news/{id}");
        let page = standalone_page(article, &|m| format!("images/{m}.jpg"), &url);
        zip.start_file(file.as_str(), text)
            .map_err(|e| internal(&e))?;
        zip.write_all(page.as_bytes()).map_err(|e| internal(&e))?;
        let mut images = Vec::new();
        for name in article.content.images() {
            let path = format!("articles/images/{name}.jpg");
            if written_images.insert(name.to_string()) {
                let file_name = format!("{name}.jpg");
                if !store::is_safe_name(&file_name) {
                    return Err(ServiceError::Internal(format!("media name {name}")));
                }
                let bytes = read_image(&file_name).map_err(|e| internal(&e))?;
                zip.start_file(path.as_str(), stored)
                    .map_err(|e| internal(&e))?;
                zip.write_all(&bytes).map_err(|e| internal(&e))?;
            }
            images.push(path);
        }
        entries.push(ManifestEntry {
            id,
            title: article.card.title.clone(),
            post: article.card.post_name.clone(),
            work_unit: article.card.work_unit.clone(),
            province: article.card.province.clone(),
            district: article.card.district.clone(),
            industry: article.card.industry.clone(),
            themes: article.card.themes.iter().map(|(_, l)| l.clone()).collect(),
            campaign: article.card.campaign_name.clone(),
            published_on: article.card.published_on.to_string(),
            featured: article.card.featured,
            word_count: article.word_count,
            url,
            file,
            images,
        });
    }
    let manifest = Manifest {
        generated_at,
        source: base.to_string(),
        campaign,
        count: entries.len(),
        articles: entries,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| internal(&e))?;
    zip.start_file("manifest.json", text)
        .map_err(|e| internal(&e))?;
    zip.write_all(&json).map_err(|e| internal(&e))?;
    let buffered = zip.finish().map_err(|e| internal(&e))?;
    buffered.into_inner().map_err(|e| internal(&e.error()))
}
