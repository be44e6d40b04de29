//! Sensitive words on the review page: the title and each block's text cut into plain and
//! highlighted pieces (the template escapes every piece and wraps hits in `<mark>`), and the
//! summary “发现敏感词 N 处：…”. The article's text is only read, never changed.

use crate::pages::articles::blocks::image_url;
use jinguo_domain::content::{ArticleContent, Block};
use jinguo_domain::sensitive::{find, segments, words_in};

/// A piece of user text; `hit` pieces are shown inside `<mark>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

/// One block with its text (paragraph, subheading) or caption (image) in pieces.
pub struct MarkedBlock {
    /// `paragraph`, `subheading` or `image`.
    pub kind: &'static str,
    pub pieces: Vec<Piece>,
    /// The caption as plain text, for the image's `alt`.
    pub caption: String,
    pub image_url: String,
}

pub struct Highlighted {
    pub title: Vec<Piece>,
    pub blocks: Vec<MarkedBlock>,
    /// How many highlighted spans in all.
    pub hits: usize,
    /// The listed words found, in the list's order.
    pub found: Vec<String>,
}

fn pieces(text: &str, words: &[String], hits: &mut usize) -> Vec<Piece> {
    let ranges = find(text, words);
    *hits += ranges.len();
    segments(text, &ranges)
        .into_iter()
        .map(|s| Piece {
            text: s.text.to_string(),
            hit: s.hit,
        })
        .collect()
}

pub fn highlight(content: &ArticleContent, words: &[String]) -> Highlighted {
    let mut hits = 0;
    let title = pieces(&content.title, words, &mut hits);
    let blocks = content
        .blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph { text } => MarkedBlock {
                kind: "paragraph",
                pieces: pieces(text, words, &mut hits),
                caption: String::new(),
                image_url: String::new(),
            },
            Block::Subheading { text } => MarkedBlock {
                kind: "subheading",
                pieces: pieces(text, words, &mut hits),
                caption: String::new(),
                image_url: String::new(),
            },
            Block::Image { media, caption } => MarkedBlock {
                kind: "image",
                pieces: pieces(caption, words, &mut hits),
                caption: caption.clone(),
                image_url: image_url(media),
            },
        })
        .collect();
    let mut all_text = content.title.clone();
    for block in &content.blocks {
        all_text.push('\n');
        all_text.push_str(match block {
            Block::Paragraph { text } | Block::Subheading { text } => text,
            Block::Image { caption, .. } => caption,
        });
    }
    Highlighted {
        title,
        blocks,
        hits,
        found: words_in(&all_text, words)
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_of_the_article_is_marked_and_counted() {
        let content = ArticleContent {
            title: "关于赌博的报道".into(),
            themes: vec![],
            blocks: vec![
                Block::Subheading {
                    text: "小标题没有".into(),
                },
                Block::Paragraph {
                    text: "<b>赌博</b>与诈骗".into(),
                },
                Block::Image {
                    media: "abc".into(),
                    caption: "诈骗现场".into(),
                },
            ],
            cover: None,
        };
        let words = vec!["诈骗".to_string(), "赌博".to_string(), "无关".to_string()];
        let marked = highlight(&content, &words);
        assert_eq!(marked.hits, 4);
        assert_eq!(marked.found, vec!["诈骗", "赌博"]);
        assert_eq!(
            marked.blocks[1].pieces,
            vec![
                Piece {
                    text: "<b>".into(),
                    hit: false
                },
                Piece {
                    text: "赌博".into(),
                    hit: true
                },
                Piece {
                    text: "</b>与".into(),
                    hit: false
                },
                Piece {
                    text: "诈骗".into(),
                    hit: true
                },
            ]
        );
        assert_eq!(marked.blocks[2].caption, "诈骗现场");
    }
}
