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
const DOC_FORMAT: u32 = 2;

pub(crate) fn to_doc(row: &PublicRow, directory: &Directory) -> ArticleDoc {
    let content = parse_content(row);
    ArticleDoc {
        id: row.id,
        title: row.title.clone(),
        body: plain_text(&content),
        post_name: row.post_name.clone(),
        work_unit: row.work_unit.clone(),
        places: places(&row.post_path, directory),
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
    part(places(&source.post_path, directory).as_bytes());
    part(campaign_slug(source.campaign_id, directory).as_bytes());
    let digest = hash.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first)
}

/// The province's and the district's names with their short forms (`重庆市 重庆 渝中区 渝中`), as
/// the organisation tree has them now: people search for 渝中 as often as for 渝中区, and the
/// search matches a word as a prefix only when no article holds it as a word of its own. A
/// renamed district re-indexes its articles (the names are in the stamp).
fn places(post_path: &str, directory: &Directory) -> String {
    let mut words: Vec<&str> = Vec::new();
    for federation in [
        directory.province_of(post_path),
        directory.district_of(post_path),
    ]
    .into_iter()
    .flatten()
    {
        words.push(&federation.name);
        if let Some(short) = short_place_name(&federation.name) {
            words.push(short);
        }
    }
    words.join(" ")
}

/// A place name without its administrative suffix (渝中区 → 渝中, 广西壮族自治区 → 广西), when
/// at least two characters remain.
fn short_place_name(name: &str) -> Option<&str> {
    const SUFFIXES: [&str; 14] = [
        "特别行政区",
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "自治州",
        "自治县",
        "新区",
        "省",
        "市",
        "区",
        "县",
        "旗",
        "盟",
    ];
    SUFFIXES
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .filter(|short| short.chars().count() >= 2)
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

#[cfg(test)]
mod tests {
    use super::short_place_name;

    #[test]
    fn place_names_lose_their_administrative_suffix() {
        for (name, short) in [
            ("渝中区", Some("渝中")),
            ("重庆市", Some("重庆")),
            ("四川省", Some("四川")),
            ("广西壮族自治区", Some("广西")),
            ("新疆维吾尔自治区", Some("新疆")),
            ("香港特别行政区", Some("香港")),
            ("两江新区", Some("两江")),
            ("石柱土家族自治县", Some("石柱土家族")),
            ("沙县", None),
            ("全国", None),
        ] {
            assert_eq!(short_place_name(name), short, "{name}");
        }
    }
}
