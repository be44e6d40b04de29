//! Every limit on what a user sends, in one place. The limits sit far above what a real user
//! writes (a campaign article is at most 2000 字 when submitted; drafts may run longer while
//! they are written) and exist so that a pasted 20 MB paragraph, a form with a million
//! checkboxes or `?page=18446744073709551615` is refused cheaply instead of filling memory or
//! overflowing arithmetic.
//!
//! | what                                   | limit      | why this number                        |
//! |----------------------------------------|------------|----------------------------------------|
//! | article text (paragraphs, subheadings, captions; characters, after tidying) | 20 000 | 10× the campaign's 2000 字; room for a long draft |
//! | article blocks                         | 300        | the editor's limit; a 2000 字 article has ~30 |
//! | article title                          | 100        | campaign titles are ≤ 60 字             |
//! | subheading                             | 100        | the editor's field                     |
//! | image caption (题注)                    | 100        | the editor's field                     |
//! | themes chosen                          | 20         | a campaign has a handful               |
//! | image name in a block                  | 100        | content names are 64 hex digits        |
//! | review comment (审核意见)               | 1000       | a paragraph of advice                  |
//! | recommendation reason (推荐理由)         | 200 字     | SPEC §3                                |
//! | notice title                           | 100        |                                        |
//! | notice body / forwarding preface       | 20 000     | a long notice is ~3000 字               |
//! | notice paragraphs                      | 300        |                                        |
//! | notice recipients                      | 5000       | the largest district has a few hundred posts |
//! | articles in one batch review           | 200        | a queue page shows 50                  |
//! | sensitive words / characters per word  | 2000 / 50  |                                        |
//! | press kit title / note (宣推)            | 100 / 1000 | a batch's name; a paragraph for journalists |
//! | page number                            | 100 000    | 5 million rows at 50 a page            |
//! | rows per API page                      | 200        |                                        |
//!
//! Characters are Unicode scalar values (`chars()`), which for Chinese text is the 字 a person
//! counts; the campaign's 字数 rule (`word_count`) is separate and applies at submission.

use crate::validation::{FieldErrors, FieldIssue};
use serde::Serialize;

pub const MAX_ARTICLE_TEXT_CHARS: usize = 20_000;
pub const MAX_ARTICLE_BLOCKS: usize = 300;
pub const MAX_ARTICLE_TITLE_CHARS: usize = 100;
pub const MAX_SUBHEADING_CHARS: usize = 100;
pub const MAX_CAPTION_CHARS: usize = 100;
pub const MAX_THEMES: usize = 20;
pub const MAX_MEDIA_NAME_CHARS: usize = 100;
pub const MAX_COMMENT_CHARS: usize = 1000;
pub const MAX_REASON_WORDS: usize = 200;
pub const MAX_NOTICE_TITLE_CHARS: usize = 100;
pub const MAX_NOTICE_BODY_CHARS: usize = 20_000;
pub const MAX_NOTICE_BLOCKS: usize = 300;
pub const MAX_RECIPIENTS: usize = 5000;
pub const MAX_BATCH_ARTICLES: usize = 200;
pub const MAX_SENSITIVE_WORDS: usize = 2000;
pub const MAX_SENSITIVE_WORD_CHARS: usize = 50;
pub const MAX_PRESS_KIT_TITLE_CHARS: usize = 100;
pub const MAX_PRESS_KIT_NOTE_CHARS: usize = 1000;
pub const MAX_PAGE: u64 = 100_000;
pub const MAX_PER_PAGE: u64 = 200;
/// The JSON API's page size: smaller than the pages', so every list answers quickly.
pub const MAX_API_PER_PAGE: u64 = 100;

/// What a limit is about; the web layer names it (正文、图片说明 …) and its unit (字、段、项 …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limited {
    ArticleText,
    ArticleBlocks,
    ArticleTitle,
    Subheading,
    Caption,
    Themes,
    MediaName,
    Comment,
    Reason,
    NoticeTitle,
    NoticeBody,
    NoticePreface,
    NoticeBlocks,
    Recipients,
    BatchArticles,
    SensitiveWords,
    SensitiveWord,
}

impl Limited {
    /// The limit itself.
    pub const fn max(self) -> usize {
        match self {
            Limited::ArticleText => MAX_ARTICLE_TEXT_CHARS,
            Limited::ArticleBlocks => MAX_ARTICLE_BLOCKS,
            Limited::ArticleTitle => MAX_ARTICLE_TITLE_CHARS,
            Limited::Subheading => MAX_SUBHEADING_CHARS,
            Limited::Caption => MAX_CAPTION_CHARS,
            Limited::Themes => MAX_THEMES,
            Limited::MediaName => MAX_MEDIA_NAME_CHARS,
            Limited::Comment => MAX_COMMENT_CHARS,
            Limited::Reason => MAX_REASON_WORDS,
            Limited::NoticeTitle => MAX_NOTICE_TITLE_CHARS,
            Limited::NoticeBody | Limited::NoticePreface => MAX_NOTICE_BODY_CHARS,
            Limited::NoticeBlocks => MAX_NOTICE_BLOCKS,
            Limited::Recipients => MAX_RECIPIENTS,
            Limited::BatchArticles => MAX_BATCH_ARTICLES,
            Limited::SensitiveWords => MAX_SENSITIVE_WORDS,
            Limited::SensitiveWord => MAX_SENSITIVE_WORD_CHARS,
        }
    }

    /// The issue for `count` of this, when it is over the limit.
    pub const fn exceeded(self, count: usize) -> FieldIssue {
        FieldIssue::OverLimit {
            what: self,
            max: self.max(),
            count,
        }
    }

    /// Checks a count against the limit.
    pub fn check_count(self, count: usize) -> Result<(), FieldIssue> {
        if count > self.max() {
            Err(self.exceeded(count))
        } else {
            Ok(())
        }
    }

    /// Checks a text's length in characters. Counting stops just past the limit, so a huge
    /// text costs no more than a short one; the count reported is then the full one.
    pub fn check_chars(self, text: &str) -> Result<(), FieldIssue> {
        // A character is at most 4 bytes: a short text cannot be over the limit.
        if text.len() <= self.max() {
            return Ok(());
        }
        if text.chars().nth(self.max()).is_some() {
            Err(self.exceeded(text.chars().count()))
        } else {
            Ok(())
        }
    }
}

/// Word import: the blocks a Word file brings must fit beside those the article already has.
/// Refused (nothing is added) rather than cut, so no paragraph silently goes missing.
pub fn check_import(existing: usize, imported: usize) -> Result<(), FieldErrors> {
    if existing.saturating_add(imported) > MAX_ARTICLE_BLOCKS {
        return Err(FieldErrors::single(
            "file",
            FieldIssue::ImportTooLarge {
                imported,
                existing,
                max: MAX_ARTICLE_BLOCKS,
            },
        ));
    }
    Ok(())
}

/// A page of a list: which page (1-based) and how many rows, as a list query needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageWindow {
    pub page: u64,
    pub per_page: u64,
}

impl PageWindow {
    /// Clamps what was asked into range: page 0 reads as 1, a page past [`MAX_PAGE`] as
    /// [`MAX_PAGE`] (an empty page, never an overflow), a size into `1..=MAX_PER_PAGE`.
    pub fn clamped(page: u64, per_page: u64) -> Self {
        PageWindow {
            page: page.clamp(1, MAX_PAGE),
            per_page: per_page.clamp(1, MAX_PER_PAGE),
        }
    }

    /// Checks a page number asked over the API: `1..=MAX_PAGE`, else an `OutOfRange` issue.
    pub fn check_page(page: u64) -> Result<u64, FieldIssue> {
        if (1..=MAX_PAGE).contains(&page) {
            Ok(page)
        } else {
            Err(FieldIssue::OutOfRange {
                min: 1,
                max: MAX_PAGE as i64,
            })
        }
    }

    /// Rows to skip: at most `MAX_PAGE × MAX_PER_PAGE` (2 × 10⁷), which fits every backend.
    pub fn offset(self) -> u64 {
        self.page.saturating_sub(1).saturating_mul(self.per_page)
    }

    /// The same as a `usize`, for lists cut in memory.
    pub fn offset_usize(self) -> usize {
        usize::try_from(self.offset()).unwrap_or(usize::MAX)
    }

    pub fn per_page_usize(self) -> usize {
        usize::try_from(self.per_page).unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_at_the_limit_passes_and_one_more_character_is_refused_with_its_count() {
        assert_eq!(Limited::Caption.check_chars(&"岗".repeat(100)), Ok(()));
        assert_eq!(
            Limited::Caption.check_chars(&"岗".repeat(101)),
            Err(FieldIssue::OverLimit {
                what: Limited::Caption,
                max: 100,
                count: 101
            })
        );
        // Bytes are not characters: 400 bytes of Chinese are 100 characters.
        assert_eq!("岗".repeat(100).len(), 300);
        assert_eq!(Limited::Caption.check_chars(&"a".repeat(100)), Ok(()));
        assert!(Limited::Caption.check_chars(&"a".repeat(101)).is_err());
    }

    #[test]
    fn counts_are_checked_against_their_limits() {
        assert_eq!(Limited::BatchArticles.check_count(200), Ok(()));
        assert_eq!(
            Limited::BatchArticles.check_count(201),
            Err(Limited::BatchArticles.exceeded(201))
        );
        for what in [
            Limited::ArticleText,
            Limited::NoticeBody,
            Limited::NoticePreface,
            Limited::Recipients,
            Limited::SensitiveWords,
        ] {
            assert!(what.check_count(what.max()).is_ok(), "{what:?}");
            assert!(what.check_count(what.max() + 1).is_err(), "{what:?}");
        }
    }

    #[test]
    fn an_import_must_fit_beside_the_blocks_already_there() {
        assert_eq!(check_import(0, 300), Ok(()));
        assert_eq!(check_import(100, 200), Ok(()));
        let refused = check_import(150, 200).unwrap_err();
        assert_eq!(
            refused.for_field("file"),
            Some(&FieldIssue::ImportTooLarge {
                imported: 200,
                existing: 150,
                max: 300
            })
        );
        assert!(check_import(usize::MAX, 1).is_err());
    }

    #[test]
    fn absurd_page_numbers_never_overflow() {
        let cases = [
            ((0, 50), (1, 50, 0)),
            ((1, 50), (1, 50, 0)),
            ((3, 20), (3, 20, 40)),
            ((u64::MAX, 50), (MAX_PAGE, 50, (MAX_PAGE - 1) * 50)),
            ((u64::MAX, u64::MAX), (MAX_PAGE, 200, (MAX_PAGE - 1) * 200)),
            ((2, 0), (2, 1, 1)),
        ];
        for ((page, per_page), (want_page, want_per_page, want_offset)) in cases {
            let window = PageWindow::clamped(page, per_page);
            assert_eq!(
                (window.page, window.per_page, window.offset()),
                (want_page, want_per_page, want_offset),
                "{page} {per_page}"
            );
            assert!(i64::try_from(window.offset()).is_ok());
        }
        assert_eq!(PageWindow::check_page(1), Ok(1));
        assert_eq!(PageWindow::check_page(MAX_PAGE), Ok(MAX_PAGE));
        for page in [0, MAX_PAGE + 1, u64::MAX] {
            assert_eq!(
                PageWindow::check_page(page),
                Err(FieldIssue::OutOfRange {
                    min: 1,
                    max: 100_000
                })
            );
        }
    }
}
