//! A public article as the search index stores it.

use crate::showcase::directory::Directory;
use crate::showcase::views::{parse_content, plain_text};
use jinguo_domain::clock::china_date;
use jinguo_search::ArticleDoc;
use jinguo_storage::repo::showcase::PublicRow;

pub(crate) fn to_doc(row: &PublicRow, directory: &Directory) -> ArticleDoc {
    let content = parse_content(row);
    ArticleDoc {
        id: row.id,
        title: row.title.clone(),
        body: plain_text(&content),
        post_name: row.post_name.clone(),
        work_unit: row.work_unit.clone(),
        province_code: directory
            .province_of(&row.post_path)
            .map(|p| p.code.clone())
            .unwrap_or_default(),
        themes: content.themes.clone(),
        campaign: directory
            .campaign(row.campaign_id)
            .map(|c| c.slug.clone())
            .unwrap_or_default(),
        published_on: china_date(row.published_at),
    }
}
