//! A public article as the search index stores it, and the stamp that tells whether a stored
//! document is still what the database would make of it.

use crate::showcase::directory::Directory;
use crate::showcase::views::{parse_content, plain_text};
use blake2::{Blake2b512, Digest};
use jinguo_domain::clock::china_date;
use jinguo_search::ArticleDoc;
use jinguo_storage::repo::showcase::{DocSource, PublicRow};

/// Bump when [`to_doc`] makes a different document from the same article (another body text,
/// another field): every stamp changes, so each instance re-indexes every article at its next
/// start instead of keeping documents made the old way.
const DOC_FORMAT: u32 = 1;

pub(crate) fn to_doc(row: &PublicRow, directory: &Directory) -> ArticleDoc {
    let content = parse_content(row);
    ArticleDoc {
        id: row.id,
        title: row.title.clone(),
        body: plain_text(&content),
        post_name: row.post_name.clone(),
        work_unit: row.work_unit.clone(),
        province_code: province_code(&row.post_path, directory),
        themes: content.themes.clone(),
        campaign: campaign_slug(row.campaign_id, directory),
        published_on: china_date(row.published_at),
        stamp: stamp(&row.doc_source(), directory),
    }
}

/// A fingerprint of everything a document is made of: the article's version (which every write
/// of its text, status or dates bumps), its dates, and the names it is found by (post, unit,
/// province, campaign), which change without the article. Stable across releases and
/// processes (blake2, not the std hasher).
pub(crate) fn stamp(source: &DocSource, directory: &Directory) -> u64 {
    let mut hash = Blake2b512::new();
    let mut part = |bytes: &[u8]| {
        hash.update(u64::try_from(bytes.len()).unwrap_or(u64::MAX).to_le_bytes());
        hash.update(bytes);
    };
    part(&DOC_FORMAT.to_le_bytes());
    part(&source.id.to_le_bytes());
    part(&source.version.to_le_bytes());
    part(&source.published_at.timestamp_micros().to_le_bytes());
    part(source.post_name.as_bytes());
    part(source.work_unit.as_bytes());
    part(province_code(&source.post_path, directory).as_bytes());
    part(campaign_slug(source.campaign_id, directory).as_bytes());
    let digest = hash.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first)
}

fn province_code(post_path: &str, directory: &Directory) -> String {
    directory
        .province_of(post_path)
        .map(|p| p.code.clone())
        .unwrap_or_default()
}

fn campaign_slug(campaign_id: i64, directory: &Directory) -> String {
    directory
        .campaign(campaign_id)
        .map(|c| c.slug.clone())
        .unwrap_or_default()
}
