//! The paragraph diff against the version last returned, as rows the template highlights.

use crate::pages::articles::blocks::image_url;
use jinguo_domain::block_diff::{BlockChange, diff_blocks};
use jinguo_domain::content::{ArticleContent, Block};

pub struct DiffRow {
    /// `same`, `added` or `removed`.
    pub change: &'static str,
    /// `paragraph`, `subheading` or `image`.
    pub kind: &'static str,
    pub text: String,
    pub image_url: String,
}

fn row(change: &'static str, block: &Block) -> DiffRow {
    match block {
        Block::Paragraph { text } => DiffRow {
            change,
            kind: "paragraph",
            text: text.clone(),
            image_url: String::new(),
        },
        Block::Subheading { text } => DiffRow {
            change,
            kind: "subheading",
            text: text.clone(),
            image_url: String::new(),
        },
        Block::Image { media, caption } => DiffRow {
            change,
            kind: "image",
            text: caption.clone(),
            image_url: image_url(media),
        },
    }
}

/// Rows from `old` to `new`; a changed title shows as a removed and an added subheading.
pub fn diff_rows(old: &ArticleContent, new: &ArticleContent) -> Vec<DiffRow> {
    let mut rows = Vec::new();
    if old.title != new.title {
        rows.push(DiffRow {
            change: "removed",
            kind: "title",
            text: old.title.clone(),
            image_url: String::new(),
        });
        rows.push(DiffRow {
            change: "added",
            kind: "title",
            text: new.title.clone(),
            image_url: String::new(),
        });
    }
    rows.extend(
        diff_blocks(&old.blocks, &new.blocks)
            .into_iter()
            .map(|change| match change {
                BlockChange::Same(b) => row("same", b),
                BlockChange::Added(b) => row("added", b),
                BlockChange::Removed(b) => row("removed", b),
            }),
    );
    rows
}
