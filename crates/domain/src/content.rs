//! Article content as structured blocks, never user HTML: counting is exact, rendering is safe
//! by construction, export is easy.

use crate::campaign::CampaignRules;
use crate::validation::{FieldErrors, FieldIssue};
use crate::word_count::count_words;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
    },
    Subheading {
        text: String,
    },
    /// A processed image (its content name) with a caption.
    Image {
        media: String,
        #[serde(default)]
        caption: String,
    },
}

/// What the editor holds: the title, chosen theme keys, blocks and the cover image.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleContent {
    pub title: String,
    pub themes: Vec<String>,
    pub blocks: Vec<Block>,
    /// Content name of the cover image; defaults to the first image when empty.
    #[serde(default)]
    pub cover: Option<String>,
}

pub const MAX_BLOCKS: usize = 300;
pub const MAX_CAPTION_CHARS: usize = 100;

impl ArticleContent {
    /// 字数 of the body as Word counts it: paragraphs, subheadings and captions (the title is
    /// counted separately, as a headline is not part of the text limit).
    pub fn word_count(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { text } | Block::Subheading { text } => count_words(text),
                Block::Image { caption, .. } => count_words(caption),
            })
            .sum()
    }

    pub fn images(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Image { media, .. } => Some(media.as_str()),
            _ => None,
        })
    }

    /// The cover: the chosen one, else the first image.
    pub fn cover_image(&self) -> Option<&str> {
        self.cover
            .as_deref()
            .filter(|c| !c.is_empty())
            .or_else(|| self.images().next())
    }

    /// Tidies what the editor sent: trims text, drops empty text blocks, splits pasted text.
    pub fn normalised(mut self) -> ArticleContent {
        self.title = self.title.trim().to_string();
        self.themes.retain(|t| !t.trim().is_empty());
        self.themes.dedup();
        let mut blocks = Vec::with_capacity(self.blocks.len());
        for block in self.blocks {
            match block {
                Block::Paragraph { text } => blocks.extend(
                    split_paragraphs(&text)
                        .into_iter()
                        .map(|text| Block::Paragraph { text }),
                ),
                Block::Subheading { text } => {
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !text.is_empty() {
                        blocks.push(Block::Subheading { text });
                    }
                }
                Block::Image { media, caption } => blocks.push(Block::Image {
                    media: media.trim().to_string(),
                    caption: caption.trim().to_string(),
                }),
            }
        }
        self.blocks = blocks;
        self
    }

    /// Checks a draft can be saved at all (sizes), whatever the campaign.
    pub fn check_draft(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.title.chars().count() > 200 {
            errors.add("title", FieldIssue::TooLong { max: 200 });
        }
        if self.blocks.len() > MAX_BLOCKS {
            errors.add("blocks", FieldIssue::TooManyBlocks { max: MAX_BLOCKS });
        }
        for block in &self.blocks {
            if let Block::Image { caption, .. } = block
                && caption.chars().count() > MAX_CAPTION_CHARS
            {
                errors.add(
                    "blocks",
                    FieldIssue::TooLong {
                        max: MAX_CAPTION_CHARS,
                    },
                );
                break;
            }
        }
        errors.into_result(())
    }

    /// Checks an article may be submitted to a campaign: title, themes, text, the 字数 limit.
    pub fn check_submission(&self, rules: &CampaignRules) -> Result<(), FieldErrors> {
        let mut errors = match self.check_draft() {
            Ok(()) => FieldErrors::default(),
            Err(errors) => errors,
        };
        let title_chars = self.title.chars().count();
        if title_chars == 0 {
            errors.add("title", FieldIssue::Required);
        } else if title_chars > rules.content.max_title_chars {
            errors.add(
                "title",
                FieldIssue::TooLong {
                    max: rules.content.max_title_chars,
                },
            );
        }
        if self.themes.is_empty() {
            errors.add("themes", FieldIssue::ChooseAtLeastOne);
        } else if let Some(unknown) = self.themes.iter().find(|t| rules.theme(t).is_none()) {
            errors.add(
                "themes",
                FieldIssue::UnknownTheme {
                    key: unknown.clone(),
                },
            );
        }
        if !self
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph { .. }))
        {
            errors.add("blocks", FieldIssue::NoText);
        }
        let count = self.word_count();
        if count > rules.content.max_words {
            errors.add(
                "blocks",
                FieldIssue::TooManyWords {
                    count,
                    max: rules.content.max_words,
                },
            );
        }
        errors.into_result(())
    }
}

/// Splits pasted text (from Word or WPS) into paragraphs: one per line, trimmed, with the
/// two full-width spaces of Chinese first-line indentation removed; empty lines dropped.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split(['\n', '\u{2029}', '\u{2028}', '\u{000B}'])
        .map(|line| {
            line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
                .to_string()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> CampaignRules {
        CampaignRules::notice_defaults(2020)
    }

    fn paragraph(text: &str) -> Block {
        Block::Paragraph { text: text.into() }
    }

    #[test]
    fn pasted_word_text_becomes_paragraphs() {
        let pasted =
            "\u{3000}\u{3000}疫情就是命令。\r\n\r\n\u{3000}\u{3000}防控就是责任。\n   \n最后一段";
        assert_eq!(
            split_paragraphs(pasted),
            vec!["疫情就是命令。", "防控就是责任。", "最后一段"]
        );
        let content = ArticleContent {
            blocks: vec![paragraph(pasted)],
            ..Default::default()
        }
        .normalised();
        assert_eq!(content.blocks.len(), 3);
    }

    #[test]
    fn a_submission_needs_a_title_a_theme_and_text() {
        let errors = ArticleContent::default()
            .check_submission(&rules())
            .unwrap_err();
        assert!(errors.has("title") && errors.has("themes") && errors.has("blocks"));
        let unknown = ArticleContent {
            title: "标题".into(),
            themes: vec!["sports".into()],
            blocks: vec![paragraph("正文")],
            cover: None,
        };
        assert_eq!(
            unknown
                .check_submission(&rules())
                .unwrap_err()
                .for_field("themes"),
            Some(&FieldIssue::UnknownTheme {
                key: "sports".into()
            })
        );
    }

    #[test]
    fn two_thousand_words_pass_and_two_thousand_and_one_do_not() {
        let mut content = ArticleContent {
            title: "守护岗".into(),
            themes: vec!["guard".into()],
            blocks: vec![
                paragraph(&"岗".repeat(1990)),
                Block::Image {
                    media: "abc".into(),
                    caption: "图为护士长".into(),
                },
                paragraph("一二三四五"),
            ],
            cover: None,
        };
        assert_eq!(content.word_count(), 2000);
        assert_eq!(content.check_submission(&rules()), Ok(()));
        content.blocks.push(paragraph("多"));
        assert_eq!(
            content
                .check_submission(&rules())
                .unwrap_err()
                .for_field("blocks"),
            Some(&FieldIssue::TooManyWords {
                count: 2001,
                max: 2000
            })
        );
    }

    #[test]
    fn the_cover_defaults_to_the_first_image() {
        let content = ArticleContent {
            blocks: vec![
                paragraph("a"),
                Block::Image {
                    media: "first".into(),
                    caption: String::new(),
                },
            ],
            ..Default::default()
        };
        assert_eq!(content.cover_image(), Some("first"));
    }
}
