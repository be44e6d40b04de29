//! Counting 字 the way Word and WPS do, so the limit users see in their editor is the one we apply.
//!
//! The rule (SPEC §2 “Counting 字”):
//! - each CJK character counts 1: ideographs (unified, extensions A–I, compatibility, radicals),
//!   kana, hangul, bopomofo;
//! - each full-width punctuation mark counts 1: CJK symbols and punctuation (U+3001–U+303F),
//!   full-width and half-width forms (U+FF00–U+FFEF, so `，！？（）` and `ＡＢＣ１２３` count 1
//!   each), vertical and small forms, and the shared marks Chinese text uses: `“”‘’…—―·`;
//! - each maximal run of any other non-space characters counts 1: an English word, `3.5%`,
//!   `COVID-19`, `www.example.com`, the `2020` of `2020年`. ASCII punctuation belongs to the run it
//!   touches (`hello,` is 1 and `hello, world` is 2), and so do emoji: `ok👍` is 1, `👍👍` is 1,
//!   `好👍` is 2 — Word treats an emoji as one more non-space symbol of the run it sits in;
//! - `’` (U+2019) is both the closing single quote and the typographic apostrophe: right after a
//!   run it belongs to the run (`don’t`, `McDonald’s` are 1), elsewhere it counts 1 (`‘中国’` is 4);
//! - whitespace counts 0 and separates runs: spaces, tabs, line breaks, no-break and ideographic
//!   spaces (U+3000), zero-width space and BOM;
//! - combining marks, variation selectors, zero-width joiners and emoji modifiers count 0 and never
//!   start a run: they belong to what they follow (`👨‍👩‍👧` is 1, `好︎` is 1).
//!
//! `crates/web/static/js/wordcount.js` implements the same rule for the live count in the editor;
//! both are checked against `crates/domain/tests/word_count_cases.json`.

/// How one character takes part in the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Counts 0 and ends a run.
    Space,
    /// Counts 1 on its own and ends a run (CJK character, full-width punctuation).
    Single,
    /// Counts 0 and changes nothing: it belongs to the character before it.
    Extender,
    /// Joins a run it follows; otherwise counts 1 like [`Kind::Single`].
    Apostrophe,
    /// Part of a run of non-space characters; the run counts 1.
    Run,
}

/// Counts 字 in plain text as Word's and WPS's 字数 does (see the module documentation).
pub fn count_words(text: &str) -> usize {
    let mut count = 0;
    let mut in_run = false;
    for c in text.chars() {
        match kind(c) {
            Kind::Space => in_run = false,
            Kind::Single => {
                count += 1;
                in_run = false;
            }
            Kind::Extender => {}
            Kind::Apostrophe => {
                if !in_run {
                    count += 1;
                }
            }
            Kind::Run => {
                if !in_run {
                    count += 1;
                    in_run = true;
                }
            }
        }
    }
    count
}

fn kind(c: char) -> Kind {
    match u32::from(c) {
        // Controls and whitespace: Unicode White_Space plus zero-width space and BOM.
        0x0000..=0x0020
        | 0x007F..=0x00A0
        | 0x1680
        | 0x2000..=0x200B
        | 0x2028
        | 0x2029
        | 0x202F
        | 0x205F
        | 0x3000
        | 0xFEFF => Kind::Space,
        // Marks that attach to the previous character.
        0x0300..=0x036F
        | 0x200C
        | 0x200D
        | 0x2060
        | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F
        | 0x1F3FB..=0x1F3FF
        | 0xE0000..=0xE007F
        | 0xE0100..=0xE01EF => Kind::Extender,
        // Punctuation shared with Western text that Chinese typing produces as full-width marks.
        0x2019 => Kind::Apostrophe,
        0x00B7 | 0x2014 | 0x2015 | 0x2018 | 0x201C | 0x201D | 0x2025 | 0x2026 => {
            Kind::Single
        }
        // Hangul jamo.
        0x1100..=0x11FF
        // CJK radicals, Kangxi radicals, ideographic description characters.
        | 0x2E80..=0x2FFF
        // CJK symbols and punctuation, kana, bopomofo, hangul compatibility jamo, kanbun, CJK
        // strokes, enclosed CJK letters, CJK compatibility, extension A, unified ideographs.
        | 0x3001..=0x9FFF
        // Hangul syllables.
        | 0xAC00..=0xD7AF
        // CJK compatibility ideographs.
        | 0xF900..=0xFAFF
        // Vertical forms, CJK compatibility forms, small form variants.
        | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE6F
        // Half-width and full-width forms.
        | 0xFF00..=0xFFEF
        // Supplementary and tertiary ideographic planes (extensions B–I, compatibility supplement).
        | 0x20000..=0x3FFFF => Kind::Single,
        _ => Kind::Run,
    }
}

#[cfg(test)]
mod tests {
    use super::count_words;

    /// The shared table, also read by the browser-side check of `wordcount.js`.
    const CASES: &str = include_str!("../tests/word_count_cases.json");

    #[derive(serde::Deserialize)]
    struct Case {
        text: String,
        count: usize,
    }

    #[test]
    fn every_case_of_the_shared_table_counts_as_word_does() {
        let cases: Vec<Case> = serde_json::from_str(CASES).expect("the case table is valid JSON");
        assert!(cases.len() >= 30, "the table keeps at least 30 cases");
        let wrong: Vec<String> = cases
            .iter()
            .filter(|case| count_words(&case.text) != case.count)
            .map(|case| {
                format!(
                    "{:?}: expected {}, counted {}",
                    case.text,
                    case.count,
                    count_words(&case.text)
                )
            })
            .collect();
        assert!(wrong.is_empty(), "miscounted:\n{}", wrong.join("\n"));
    }

    #[test]
    fn the_spec_examples_count_eight_and_three() {
        assert_eq!(count_words("一二三四五 six seven eight"), 8);
        assert_eq!(count_words("增长3.5%"), 3);
    }

    #[test]
    fn a_two_thousand_character_article_counts_two_thousand() {
        let text = "巾帼文明岗网上行".repeat(250);
        assert_eq!(count_words(&text), 2000);
    }
}
