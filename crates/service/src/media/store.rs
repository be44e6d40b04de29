//! The media store: every stored file (processed images, thumbnails, private originals, notice
//! attachments) lives in one object store chosen by URL — `file:///srv/jinguo/media` (the default,
//! `<data_dir>/media`) or `s3://bucket/prefix` (any S3-compatible service: a province's own, OSS,
//! COS, MinIO, Ceph; credentials and endpoint from the standard `AWS_*` variables). Every instance
//! of a deployment names the same store, so whatever one stores the others serve.
//!
//! Files are stored under content-addressed names before the rows that name them commit; an
//! object that no committed row names (a crash in between) is removed by the sweep after an hour.
//! Writes and reads stream: a file is never held in memory whole (buffers of at most
//! [`PART_BYTES`], the smallest part S3 accepts in a multipart upload).

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use object_store::buffered::BufWriter;
use object_store::path::Path as Key;
use object_store::{ObjectStore, ObjectStoreExt};
use std::path::Path;
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

/// What an upload buffers before it becomes a multipart upload (S3's minimum part size).
pub const PART_BYTES: usize = 5 * 1024 * 1024;

/// An existing object older than this is written again rather than reused (half the sweep's
/// grace period of an hour).
pub const REWRITE_AFTER: chrono::Duration = chrono::Duration::minutes(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The 750×445 article image.
    Image,
    /// The 300×178 list thumbnail.
    Thumbnail,
    /// The upload as received, for reviewers only.
    Original,
    /// A notice's attachment (通知附件), for its recipients only.
    Attachment,
    /// A press photo (宣推) made from an image's original, under the image's name.
    Press,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Image,
        Kind::Thumbnail,
        Kind::Original,
        Kind::Attachment,
        Kind::Press,
    ];

    pub fn folder(self) -> &'static str {
        match self {
            Kind::Image => "images",
            Kind::Thumbnail => "thumbs",
            Kind::Original => "originals",
            Kind::Attachment => "attachments",
            Kind::Press => "press",
        }
    }
}

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no such object")]
    NotFound,
    /// The URL or the environment does not describe a usable store (checked at start).
    #[error("media store configuration: {0}")]
    Config(String),
    /// The store did not answer, or answered with an error.
    #[error("media store: {0}")]
    Unavailable(String),
}

impl From<object_store::Error> for StoreError {
    fn from(error: object_store::Error) -> Self {
        match error {
            object_store::Error::NotFound { .. } => StoreError::NotFound,
            other => StoreError::Unavailable(other.to_string()),
        }
    }
}

impl From<std::io::Error> for StoreError {
    fn from(error: std::io::Error) -> Self {
        StoreError::Unavailable(error.to_string())
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// One stored object as a listing sees it.
#[derive(Debug, Clone)]
pub struct Listed {
    pub kind: Kind,
    pub name: String,
    pub last_modified: chrono::DateTime<chrono::Utc>,
}

/// A download: its size, and its bytes as they arrive from the store.
pub struct Download {
    pub size: u64,
    pub bytes: BoxStream<'static, StoreResult<Bytes>>,
}

#[derive(Clone)]
pub struct MediaStore {
    objects: Arc<dyn ObjectStore>,
    prefix: Key,
    /// The URL it was opened from, with no secret in it (for logs and `jinguo backup`).
    url: String,
    /// The folder of a `file://` store: listing a vanished folder finds nothing rather than
    /// failing, so the health check looks at the folder itself.
    folder: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for MediaStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaStore")
            .field("url", &self.url)
            .finish()
    }
}

impl MediaStore {
    /// Opens the store a URL names: `file:///absolute/folder` or `s3://bucket[/prefix]`.
    pub fn open(url: &str) -> StoreResult<Self> {
        if let Some(folder) = url.strip_prefix("file://") {
            return Self::local(Path::new(folder));
        }
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(StoreError::Config(format!("{url}: no bucket named")));
            }
            let s3 = object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .build()
                .map_err(|e| StoreError::Config(e.to_string()))?;
            return Ok(MediaStore {
                objects: Arc::new(s3),
                prefix: Key::from(prefix.trim_matches('/')),
                url: url.to_string(),
                folder: None,
            });
        }
        Err(StoreError::Config(format!(
            "{url}: the media store URL must start with file:// or s3://"
        )))
    }

    /// A folder on this machine (created if missing). Shared by several instances only when
    /// the folder itself is shared (NFS and the like).
    pub fn local(folder: &Path) -> StoreResult<Self> {
        std::fs::create_dir_all(folder)?;
        let local = object_store::local::LocalFileSystem::new_with_prefix(folder)
            .map_err(|e| StoreError::Config(e.to_string()))?;
        Ok(MediaStore {
            objects: Arc::new(local),
            prefix: Key::default(),
            url: format!("file://{}", folder.display()),
            folder: Some(folder.to_path_buf()),
        })
    }

    /// A store in this process's memory: the default of `ServiceSettings`, for tests that
    /// store nothing they read back from another process.
    pub fn in_memory() -> Self {
        MediaStore {
            objects: Arc::new(object_store::memory::InMemory::new()),
            prefix: Key::default(),
            url: "memory://".into(),
            folder: None,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Where an object lives: `<prefix>/<kind>/<first two characters>/<name>`, the layout of the
    /// media folder before the object store (so existing folders keep working).
    fn key(&self, kind: Kind, name: &str) -> Key {
        let shard = name.get(..2).unwrap_or("00");
        let parts = [kind.folder(), shard, name];
        if self.prefix.as_ref().is_empty() {
            Key::from_iter(parts)
        } else {
            Key::from_iter(self.prefix.parts().chain(parts.map(Into::into)))
        }
    }

    /// The object's path inside the store (the bucket's key), for a public bucket URL.
    pub fn object_path(&self, kind: Kind, name: &str) -> String {
        self.key(kind, name).to_string()
    }

    pub async fn exists(&self, kind: Kind, name: &str) -> StoreResult<bool> {
        match self.objects.head(&self.key(kind, name)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(other) => Err(other.into()),
        }
    }

    /// Whether an object of this name (content-addressed: the same bytes) is there and young
    /// enough to keep as it is. An older one is written again, so its time is fresh and the
    /// orphan sweep, which spares objects younger than an hour, cannot take it while the row
    /// that will name it commits.
    async fn fresh_copy_exists(
        &self,
        kind: Kind,
        name: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<bool> {
        Ok(self
            .modified(kind, name)
            .await?
            .is_some_and(|at| at > now - REWRITE_AFTER))
    }

    /// Stores small bytes (a processed image, a thumbnail) unless a fresh copy is there.
    pub async fn put_bytes(
        &self,
        kind: Kind,
        name: &str,
        bytes: Vec<u8>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()> {
        if self.fresh_copy_exists(kind, name, now).await? {
            return Ok(());
        }
        self.objects
            .put(&self.key(kind, name), Bytes::from(bytes).into())
            .await?;
        Ok(())
    }

    /// Stores a file from disk (an upload as received), read and sent piece by piece, unless a
    /// fresh copy is there. Returns the file's size.
    pub async fn put_file(
        &self,
        kind: Kind,
        name: &str,
        source: &Path,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<u64> {
        let size = tokio::fs::metadata(source).await?.len();
        if self.fresh_copy_exists(kind, name, now).await? {
            return Ok(size);
        }
        let mut file = tokio::fs::File::open(source).await?;
        let mut writer =
            BufWriter::with_capacity(self.objects.clone(), self.key(kind, name), PART_BYTES);
        if let Err(error) = tokio::io::copy(&mut file, &mut writer).await {
            let _ = writer.abort().await;
            return Err(error.into());
        }
        if let Err(error) = writer.shutdown().await {
            let _ = writer.abort().await;
            return Err(error.into());
        }
        Ok(size)
    }

    /// A whole object, for the small ones (processed images for the publication package).
    pub async fn read(&self, kind: Kind, name: &str) -> StoreResult<Bytes> {
        Ok(self
            .objects
            .get(&self.key(kind, name))
            .await?
            .bytes()
            .await?)
    }

    /// An object as a stream, for serving it without holding it.
    pub async fn download(&self, kind: Kind, name: &str) -> StoreResult<Download> {
        let found = self.objects.get(&self.key(kind, name)).await?;
        let size = found.meta.size;
        Ok(Download {
            size,
            bytes: found.into_stream().map_err(StoreError::from).boxed(),
        })
    }

    /// Copies an object to a file on disk (re-cropping from an original, backups).
    pub async fn download_to(&self, kind: Kind, name: &str, target: &Path) -> StoreResult<u64> {
        let mut download = self.download(kind, name).await?;
        let mut file = tokio::fs::File::create(target).await?;
        while let Some(piece) = download.bytes.next().await {
            file.write_all(&piece?).await?;
        }
        file.sync_all().await?;
        Ok(download.size)
    }

    /// When the object was last written, if it exists.
    pub async fn modified(
        &self,
        kind: Kind,
        name: &str,
    ) -> StoreResult<Option<chrono::DateTime<chrono::Utc>>> {
        match self.objects.head(&self.key(kind, name)).await {
            Ok(meta) => Ok(Some(meta.last_modified)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(other) => Err(other.into()),
        }
    }

    pub async fn delete(&self, kind: Kind, name: &str) -> StoreResult<()> {
        match self.objects.delete(&self.key(kind, name)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(other) => Err(other.into()),
        }
    }

    /// Every object of a kind with a valid media name (anything else in the folder — a
    /// half-written temporary file of an older version — is not ours to judge).
    pub fn list(&self, kind: Kind) -> BoxStream<'static, StoreResult<Listed>> {
        let root = self.key(kind, "00");
        let folder: Key = Key::from_iter(root.parts().take(root.parts().count() - 2));
        self.objects
            .list(Some(&folder))
            .map_err(StoreError::from)
            .try_filter_map(move |meta| async move {
                let name = meta.location.filename().unwrap_or_default().to_string();
                Ok(is_safe_name(&name).then_some(Listed {
                    kind,
                    name,
                    last_modified: meta.last_modified,
                }))
            })
            .boxed()
    }

    /// Answers whether the store is reachable (for `/healthz`): one listing of the top level
    /// (a missing bucket or folder is an error here, where a lookup would say “not found”).
    pub async fn check(&self) -> StoreResult<()> {
        if let Some(folder) = &self.folder
            && !tokio::fs::metadata(folder).await.is_ok_and(|m| m.is_dir())
        {
            return Err(StoreError::Unavailable(format!(
                "the media folder {} is missing",
                folder.display()
            )));
        }
        let root = (!self.prefix.as_ref().is_empty()).then_some(&self.prefix);
        match self.objects.list_with_delimiter(root).await {
            Ok(_) => Ok(()),
            Err(error) => Err(StoreError::Unavailable(error.to_string())),
        }
    }
}

/// Names are hex content hashes with an optional extension, checked before any lookup, so no
/// `..` or `/` can reach the store.
pub fn is_safe_name(name: &str) -> bool {
    let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
    !stem.is_empty()
        && stem.len() <= 64
        && stem.chars().all(|c| c.is_ascii_hexdigit())
        && ext.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_hex_with_an_optional_extension() {
        assert!(is_safe_name("0123abcd.jpg"));
        assert!(is_safe_name("0123abcd"));
        assert!(!is_safe_name("../etc/passwd"));
        assert!(!is_safe_name("abc/def.jpg"));
        assert!(!is_safe_name(".jpg"));
    }

    #[test]
    fn keys_keep_the_media_folder_layout_under_the_prefix() {
        let dir = std::env::temp_dir().join("jinguo-store-key-test");
        let local = MediaStore::local(&dir).unwrap();
        assert_eq!(
            local.key(Kind::Original, "abcd.png").as_ref(),
            "originals/ab/abcd.png"
        );
        let mut prefixed = local.clone();
        prefixed.prefix = Key::from("province/51");
        assert_eq!(
            prefixed.key(Kind::Thumbnail, "ef01.jpg").as_ref(),
            "province/51/thumbs/ef/ef01.jpg"
        );
        assert!(MediaStore::open("ftp://x").is_err());
        assert!(MediaStore::open("s3:///prefix").is_err());
    }

    #[tokio::test]
    async fn a_file_goes_in_and_comes_back_byte_for_byte() {
        let dir = std::env::temp_dir().join(format!(
            "jinguo-store-test-{}",
            &crate::secrets::random_token().unwrap()[..8]
        ));
        let store = MediaStore::local(&dir).unwrap();
        let source = dir.join("upload.bin");
        let bytes: Vec<u8> = (0..(PART_BYTES + 12_345))
            .map(|i| (i % 251) as u8)
            .collect();
        std::fs::write(&source, &bytes).unwrap();
        assert_eq!(
            store
                .put_file(
                    Kind::Original,
                    "abcd.bin",
                    &source,
                    chrono::DateTime::UNIX_EPOCH
                )
                .await
                .unwrap(),
            bytes.len() as u64
        );
        assert!(store.exists(Kind::Original, "abcd.bin").await.unwrap());
        let copy = dir.join("copy.bin");
        store
            .download_to(Kind::Original, "abcd.bin", &copy)
            .await
            .unwrap();
        assert_eq!(std::fs::read(&copy).unwrap(), bytes);
        let listed: Vec<Listed> = store.list(Kind::Original).try_collect().await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].name, "abcd.bin");
        store.delete(Kind::Original, "abcd.bin").await.unwrap();
        assert!(matches!(
            store.read(Kind::Original, "abcd.bin").await,
            Err(StoreError::NotFound)
        ));
        // A young copy of the same bytes is reused; an old one is written again, so that the
        // orphan sweep sees it young while the row naming it commits.
        store
            .put_bytes(
                Kind::Image,
                "ab12.jpg",
                b"jpeg".to_vec(),
                chrono::DateTime::UNIX_EPOCH,
            )
            .await
            .unwrap();
        let first = store
            .modified(Kind::Image, "ab12.jpg")
            .await
            .unwrap()
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
        store
            .put_bytes(
                Kind::Image,
                "ab12.jpg",
                b"jpeg".to_vec(),
                first + chrono::Duration::minutes(10),
            )
            .await
            .unwrap();
        assert_eq!(
            store.modified(Kind::Image, "ab12.jpg").await.unwrap(),
            Some(first)
        );
        store
            .put_bytes(
                Kind::Image,
                "ab12.jpg",
                b"jpeg".to_vec(),
                first + chrono::Duration::hours(2),
            )
            .await
            .unwrap();
        assert!(store.modified(Kind::Image, "ab12.jpg").await.unwrap() > Some(first));
        store.check().await.unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            store.check().await.is_err(),
            "a vanished folder is unhealthy"
        );
    }
}
