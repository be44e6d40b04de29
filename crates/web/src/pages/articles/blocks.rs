//! Article blocks as templates see them, and the editor form's repeated fields back to blocks.

use jinguo_domain::content::{ArticleContent, Block};

/// One block, flattened for templates (no HTML from users: every field is escaped text).
#[derive(Debug, Clone)]
pub struct BlockView {
    pub kind: &'static str,
    pub text: String,
    pub media: String,
    pub caption: String,
    pub image_url: String,
    pub thumb_url: String,
}

pub fn image_url(media: &str) -> String {
    format!("/media/{media}.jpg")
}

pub fn thumb_url(media: &str) -> String {
    format!("/media/thumbs/{media}.jpg")
}

pub fn views(content: &ArticleContent) -> Vec<BlockView> {
    content
        .blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph { text } => BlockView {
                kind: "paragraph",
                text: text.clone(),
                media: String::new(),
                caption: String::new(),
                image_url: String::new(),
                thumb_url: String::new(),
            },
            Block::Subheading { text } => BlockView {
                kind: "subheading",
                text: text.clone(),
                media: String::new(),
                caption: String::new(),
                image_url: String::new(),
                thumb_url: String::new(),
            },
            Block::Image { media, caption } => BlockView {
                kind: "image",
                text: String::new(),
                media: media.clone(),
                caption: caption.clone(),
                image_url: image_url(media),
                thumb_url: thumb_url(media),
            },
        })
        .collect()
}

/// Rebuilds the content from the editor form's ordered fields: `title`, `themes` (repeated),
/// `cover`, and per block `block_type` followed by its `block_text` or `block_media` and
/// `block_caption`; `append_text` (pasted text) becomes paragraphs at the end.
pub fn content_from_form(pairs: &[(String, String)]) -> ArticleContent {
    let mut content = ArticleContent::default();
    let mut current: Option<Block> = None;
    let flush = |block: Option<Block>, content: &mut ArticleContent| {
        if let Some(block) = block {
            content.blocks.push(block);
        }
    };
    for (key, value) in pairs {
        match key.as_str() {
            "title" => content.title = value.clone(),
            "themes" => content.themes.push(value.clone()),
            "cover" if !value.is_empty() => content.cover = Some(value.clone()),
            "block_type" => {
                flush(current.take(), &mut content);
                current = match value.as_str() {
                    "paragraph" => Some(Block::Paragraph {
                        text: String::new(),
                    }),
                    "subheading" => Some(Block::Subheading {
                        text: String::new(),
                    }),
                    "image" => Some(Block::Image {
                        media: String::new(),
                        caption: String::new(),
                    }),
                    _ => None,
                };
            }
            "block_text" => {
                if let Some(Block::Paragraph { text } | Block::Subheading { text }) =
                    current.as_mut()
                {
                    *text = value.clone();
                }
            }
            "block_media" => {
                if let Some(Block::Image { media, .. }) = current.as_mut() {
                    *media = value.clone();
                }
            }
            "block_caption" => {
                if let Some(Block::Image { caption, .. }) = current.as_mut() {
                    *caption = value.clone();
                }
            }
            "append_text" if !value.trim().is_empty() => {
                flush(current.take(), &mut content);
                content.blocks.push(Block::Paragraph {
                    text: value.clone(),
                });
            }
            _ => {}
        }
    }
    flush(current, &mut content);
    content
        .blocks
        .retain(|b| !matches!(b, Block::Image { media, .. } if media.is_empty()));
    content
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_form_becomes_ordered_blocks() {
        let content = content_from_form(&pairs(&[
            ("title", "守护岗"),
            ("themes", "guard"),
            ("themes", "rural"),
            ("block_type", "subheading"),
            ("block_text", "一、坚守"),
            ("block_type", "image"),
            ("block_media", "abc"),
            ("block_caption", "图为护士长"),
            ("block_type", "paragraph"),
            ("block_text", "正文"),
            ("append_text", "第一段\n第二段"),
        ]))
        .normalised();
        assert_eq!(content.themes, vec!["guard", "rural"]);
        assert_eq!(content.blocks.len(), 5);
        assert_eq!(
            content.blocks[1],
            Block::Image {
                media: "abc".into(),
                caption: "图为护士长".into()
            }
        );
        assert_eq!(
            content.blocks[4],
            Block::Paragraph {
                text: "第二段".into()
            }
        );
    }
}
