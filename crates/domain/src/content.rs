//! Article content as structured blocks, never user HTML: counting is exact, rendering is safe
//! by construction, export is easy.

use crate::campaign::CampaignRules;
use crate::limits::{self, Limited};
use crate::validation::{FieldErrors, FieldIssue, TextShape, check_clean_text, check_one_line};
use crate::word_count::count_words;
use serde::{Deserialize, Serialize};

/// Stored and sent as `{"type":"paragraph","text":…}`, `{"type":"image","media":…,"caption":…}`.
/// Read through [`RawBlock`], so a reader that tracks paths can say which field of which block
/// was wrong (`blocks[3].text`), which an internally tagged enum would hide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", try_from = "RawBlock")]
pub enum Block {
    #[cfg_attr(feature = "openapi", schema(title = "paragraph"))]
    Paragraph {
        /// 正文段落 (one paragraph, no line breaks needed).
        text: String,
    },
    #[cfg_attr(feature = "openapi", schema(title = "subheading"))]
    Subheading {
        /// 小标题.
        text: String,
    },
    /// A processed image (its content name) with a caption.
    #[cfg_attr(feature = "openapi", schema(title = "image"))]
    Image {
        /// The content name `POST /api/v1/media` answered, e.g. `3f…a1.jpg`.
        media: String,
        /// 图片说明, at most 100 characters.
        #[serde(default)]
        caption: String,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum BlockKind {
    Paragraph,
    Subheading,
    Image,
}

/// A block as read: the tag and every field any kind has; a field another kind has is
/// refused by [`Block::try_from`], any other by serde, both as "unknown field".
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    #[serde(rename = "type")]
    kind: BlockKind,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    media: Option<String>,
    #[serde(default)]
    caption: Option<String>,
}

impl TryFrom<RawBlock> for Block {
    type Error = &'static str;

    fn try_from(raw: RawBlock) -> Result<Block, Self::Error> {
        // Worded like serde's own "missing field" so readers report them the same way.
        Ok(match raw.kind {
            BlockKind::Paragraph | BlockKind::Subheading if raw.media.is_some() => {
                return Err("unknown field `media`");
            }
            BlockKind::Paragraph | BlockKind::Subheading if raw.caption.is_some() => {
                return Err("unknown field `caption`");
            }
            BlockKind::Image if raw.text.is_some() => return Err("unknown field `text`"),
            BlockKind::Paragraph => Block::Paragraph {
                text: raw.text.ok_or("missing field `text`")?,
            },
            BlockKind::Subheading => Block::Subheading {
                text: raw.text.ok_or("missing field `text`")?,
            },
            BlockKind::Image => Block::Image {
                media: raw.media.ok_or("missing field `media`")?,
                caption: raw.caption.unwrap_or_default(),
            },
        })
    }
}

/// What the editor holds: the title, chosen theme keys, blocks and the cover image.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ArticleContent {
    /// 标题, at most 60 characters when submitted.
    pub title: String,
    /// Theme keys (`guard`, `innovation`, `rural`, `poverty`), one or two when submitted.
    pub themes: Vec<String>,
    pub blocks: Vec<Block>,
    /// Content name of the cover image; defaults to the first image when empty.
    #[serde(default)]
    pub cover: Option<String>,
}

pub const MAX_BLOCKS: usize = limits::MAX_ARTICLE_BLOCKS;
pub const MAX_CAPTION_CHARS: usize = limits::MAX_CAPTION_CHARS;

impl ArticleContent {
    /// Nothing typed yet: no title and no block (chosen themes alone are not an article).
    pub fn is_blank(&self) -> bool {
        self.title.trim().is_empty() && self.blocks.is_empty()
    }

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

    /// Characters of all the text typed into the blocks: paragraphs, subheadings, captions.
    pub fn text_chars(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { text } | Block::Subheading { text } => text.chars().count(),
                Block::Image { caption, .. } => caption.chars().count(),
            })
            .sum()
    }

    /// A cheap check before tidying (which copies the text): refuses a title or text so far
    /// over its limit that no amount of trimmed whitespace could bring it within (twice the
    /// limit). [`ArticleContent::check_draft`] applies the exact limits afterwards.
    pub fn check_raw(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = self.title.trim();
        if title.len() > 2 * limits::MAX_ARTICLE_TITLE_CHARS
            && title.chars().count() > 2 * limits::MAX_ARTICLE_TITLE_CHARS
        {
            errors.add(
                "title",
                Limited::ArticleTitle.exceeded(title.chars().count()),
            );
        }
        let bytes: usize = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { text } | Block::Subheading { text } => text.len(),
                Block::Image { caption, media } => caption.len() + media.len(),
            })
            .sum();
        if bytes > 2 * limits::MAX_ARTICLE_TEXT_CHARS {
            let chars = self.text_chars();
            if chars > 2 * limits::MAX_ARTICLE_TEXT_CHARS {
                errors.add("blocks", Limited::ArticleText.exceeded(chars));
            }
        }
        errors.into_result(())
    }

    /// Checks a draft can be saved at all (sizes, see [`crate::limits`]), whatever the
    /// campaign. Expects tidied content ([`ArticleContent::normalised`]).
    pub fn check_draft(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Err(issue) = Limited::ArticleTitle
            .check_chars(&self.title)
            .and(check_one_line(&self.title))
        {
            errors.add("title", issue);
        }
        if let Err(issue) = Limited::Themes.check_count(self.themes.len()) {
            errors.add("themes", issue);
        }
        if let Some(cover) = &self.cover
            && let Err(issue) = Limited::MediaName.check_chars(cover)
        {
            errors.add("cover", issue);
        }
        if let Err(issue) = Limited::ArticleBlocks.check_count(self.blocks.len()) {
            errors.add("blocks", issue);
        }
        if let Err(issue) = Limited::ArticleText.check_count(self.text_chars()) {
            errors.add("blocks", issue);
        }
        // One message per kind of block that is too long, for the first such block.
        let mut seen = Vec::new();
        for block in &self.blocks {
            let checked = match block {
                Block::Paragraph { text } => check_clean_text(text, TextShape::MultiLine),
                Block::Subheading { text } => Limited::Subheading
                    .check_chars(text)
                    .and(check_one_line(text)),
                Block::Image { media, caption } => Limited::MediaName
                    .check_chars(media)
                    .and(Limited::Caption.check_chars(caption))
                    .and(check_one_line(caption)),
            };
            if let Err(issue) = checked
                && !seen.contains(&issue_kind(&issue))
            {
                seen.push(issue_kind(&issue));
                errors.add("blocks", issue);
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
        } else if title_chars > rules.content.max_title_chars && !errors.has("title") {
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

fn issue_kind(issue: &FieldIssue) -> Option<IssueKind> {
    match issue {
        FieldIssue::OverLimit { what, .. } => Some(IssueKind::Over(*what)),
        FieldIssue::ControlCharacter { .. } => Some(IssueKind::Control),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IssueKind {
    Over(Limited),
    Control,
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

    #[test]
    fn a_draft_over_a_size_limit_is_refused_naming_what_and_how_much() {
        let at_limit = ArticleContent {
            title: "题".repeat(100),
            themes: vec!["guard".into()],
            blocks: vec![
                paragraph(&"岗".repeat(19_800)),
                Block::Subheading {
                    text: "小".repeat(100),
                },
                Block::Image {
                    media: "m".repeat(64),
                    caption: "说".repeat(100),
                },
            ],
            cover: None,
        };
        assert_eq!(at_limit.text_chars(), 20_000);
        assert_eq!(at_limit.check_draft(), Ok(()));

        let mut over = at_limit.clone();
        over.title.push('多');
        over.blocks.push(paragraph("多"));
        over.blocks.push(Block::Image {
            media: "n".into(),
            caption: "说".repeat(101),
        });
        let errors = over.check_draft().unwrap_err();
        assert_eq!(
            errors.for_field("title"),
            Some(&Limited::ArticleTitle.exceeded(101))
        );
        let on_blocks: Vec<&FieldIssue> = errors
            .0
            .iter()
            .filter(|e| e.field == "blocks")
            .map(|e| &e.issue)
            .collect();
        assert_eq!(
            on_blocks,
            vec![
                &Limited::ArticleText.exceeded(20_102),
                &Limited::Caption.exceeded(101)
            ]
        );

        let many = ArticleContent {
            blocks: (0..301).map(|_| paragraph("段")).collect(),
            ..Default::default()
        };
        assert_eq!(
            many.check_draft().unwrap_err().for_field("blocks"),
            Some(&Limited::ArticleBlocks.exceeded(301))
        );
    }

    #[test]
    fn a_huge_paste_is_refused_before_it_is_tidied() {
        let pasted = ArticleContent {
            blocks: vec![paragraph(&"岗\n".repeat(25_000))],
            ..Default::default()
        };
        // 50 000 characters with the line breaks: more than twice the limit.
        assert_eq!(
            pasted.check_raw().unwrap_err().for_field("blocks"),
            Some(&Limited::ArticleText.exceeded(50_000))
        );
        let spaced = ArticleContent {
            blocks: vec![paragraph(&"岗\n\n\n".repeat(5_000))],
            ..Default::default()
        };
        assert_eq!(spaced.check_raw(), Ok(()));
        assert_eq!(spaced.normalised().check_draft().map_err(|_| ()), Err(()));
    }

    #[test]
    fn blocks_read_as_before_and_name_the_field_that_is_wrong_or_unknown() {
        let read: Vec<Block> = serde_json::from_str(
            r#"[{"type":"paragraph","text":"正文"},{"type":"subheading","text":"小标题"},
                {"type":"image","media":"abc"},{"type":"image","media":"d","caption":"说明"}]"#,
        )
        .unwrap();
        assert_eq!(
            read,
            vec![
                paragraph("正文"),
                Block::Subheading {
                    text: "小标题".into()
                },
                Block::Image {
                    media: "abc".into(),
                    caption: String::new()
                },
                Block::Image {
                    media: "d".into(),
                    caption: "说明".into()
                },
            ]
        );
        for block in &read {
            let again: Block =
                serde_json::from_value(serde_json::to_value(block).unwrap()).unwrap();
            assert_eq!(&again, block);
        }
        let missing = serde_json::from_str::<Block>(r#"{"type":"paragraph"}"#).unwrap_err();
        assert!(
            missing.to_string().starts_with("missing field `text`"),
            "{missing}"
        );
        // A field no block has is refused, so a client's typo never silently drops text.
        let extra =
            serde_json::from_str::<Block>(r#"{"type":"image","media":"d","x":1}"#).unwrap_err();
        assert!(
            extra.to_string().starts_with("unknown field `x`"),
            "{extra}"
        );
        let unknown = serde_json::from_str::<Block>(r#"{"type":"video"}"#).unwrap_err();
        assert!(
            unknown.to_string().starts_with("unknown variant `video`"),
            "{unknown}"
        );
    }
}
