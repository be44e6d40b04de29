//! The jieba tokenizer shared by indexing, queries and highlighting.
//!
//! Text is folded before cutting (full-width ASCII → ASCII, ideographic space → space, ASCII
//! lowercased) while every token keeps byte offsets into the *original* text, so snippets and
//! title highlights slice the stored text exactly. Tokens without a letter, digit or ideograph
//! (punctuation, spaces) are dropped: they are never worth a posting nor a required query term.

use std::sync::LazyLock;

use jieba_rs::{Jieba, TokenizeMode};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which [`JiebaSearchTokenizer`] is registered on every index.
pub const TOKENIZER_NAME: &str = "jinguo_jieba";

/// jieba's default dictionary, loaded once per process (a few hundred milliseconds).
static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// HMM guesses new words from context, so the same characters can be cut differently in a
/// document and in a two-word query. With the dictionary alone both sides cut alike.
const HMM: bool = false;

/// Folds one character: full-width ASCII to ASCII, ideographic space to space, ASCII lowercased.
fn fold(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(u32::from(c) - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase())
        }
        _ => c.to_ascii_lowercase(),
    }
}

/// A token worth indexing or requiring: it holds at least one letter, digit or ideograph.
fn is_searchable(word: &str) -> bool {
    word.chars().any(char::is_alphanumeric)
}

/// The folded text plus, for each byte of it, the byte offset of its source in the original
/// (one extra entry for the end). Empty mapping when folding changed nothing.
struct Folded {
    text: String,
    to_original: Vec<usize>,
}

impl Folded {
    fn new(original: &str) -> Folded {
        if original.chars().all(|c| fold(c) == c) {
            return Folded {
                text: original.to_owned(),
                to_original: Vec::new(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut to_original = Vec::with_capacity(original.len() + 1);
        for (offset, c) in original.char_indices() {
            let folded = fold(c);
            text.push(folded);
            to_original.extend(std::iter::repeat_n(offset, folded.len_utf8()));
        }
        to_original.push(original.len());
        Folded { text, to_original }
    }

    fn original_offset(&self, folded_offset: usize) -> usize {
        if self.to_original.is_empty() {
            folded_offset
        } else {
            self.to_original
                .get(folded_offset)
                .copied()
                .unwrap_or(folded_offset)
        }
    }
}

/// One place a needle occurs: its byte range in the original text and which needle it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub start: usize,
    pub end: usize,
    pub needle: usize,
}

/// Where each of `needles` (already folded, as query words are) occurs in `text` once folded,
/// in order of position, at most `per_needle` times each. A plain search: highlighting and
/// finding a passage must not cost a jieba cut of a whole body.
pub fn folded_occurrences(text: &str, needles: &[&str], per_needle: usize) -> Vec<Occurrence> {
    // Folding changes ASCII and full-width forms only, so a needle without ASCII matches the
    // folded text exactly where it matches the original: no folded copy is needed.
    let folded = needles
        .iter()
        .any(|n| n.bytes().any(|b| b.is_ascii()))
        .then(|| Folded::new(text));
    let haystack = folded.as_ref().map_or(text, |f| f.text.as_str());
    let original = |offset: usize| {
        folded
            .as_ref()
            .map_or(offset, |f| f.original_offset(offset))
    };
    let mut found = Vec::new();
    for (index, needle) in needles.iter().enumerate() {
        if needle.is_empty() {
            continue;
        }
        found.extend(
            haystack
                .match_indices(needle)
                .take(per_needle)
                .map(|(offset, _)| Occurrence {
                    start: original(offset),
                    end: original(offset + needle.len()),
                    needle: index,
                }),
        );
    }
    found.sort_unstable();
    found
}

/// Cuts `text` with jieba (search mode: compound words also yield their 2- and 3-character
/// dictionary parts, so 乡村振兴 is found by 乡村 and by 振兴), folded and without punctuation.
pub fn index_tokens(text: &str) -> Vec<Token> {
    let folded = Folded::new(text);
    JIEBA
        .tokenize(&folded.text, TokenizeMode::Search, HMM)
        .into_iter()
        .filter(|t| is_searchable(t.word))
        .enumerate()
        .map(|(position, t)| Token {
            offset_from: folded.original_offset(t.byte_start),
            offset_to: folded.original_offset(t.byte_end),
            position,
            text: t.word.to_owned(),
            position_length: 1,
        })
        .collect()
}

/// The words of a user's query: jieba's default cut (no overlapping parts), folded, without
/// punctuation, deduplicated in order of appearance and capped at `max` words.
pub fn query_words(text: &str, max: usize) -> Vec<String> {
    let folded = Folded::new(text);
    let mut words: Vec<String> = Vec::new();
    for token in JIEBA.tokenize(&folded.text, TokenizeMode::Default, HMM) {
        if words.len() >= max {
            break;
        }
        if is_searchable(token.word) && !words.iter().any(|w| w == token.word) {
            words.push(token.word.to_owned());
        }
    }
    words
}

/// tantivy tokenizer over [`index_tokens`], registered as [`TOKENIZER_NAME`].
#[derive(Clone, Default)]
pub struct JiebaSearchTokenizer;

impl Tokenizer for JiebaSearchTokenizer {
    type TokenStream<'a> = JiebaTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JiebaTokenStream {
        JiebaTokenStream {
            tokens: index_tokens(text),
            next: 0,
        }
    }
}

/// Owned tokens of one text, handed out one by one.
pub struct JiebaTokenStream {
    tokens: Vec<Token>,
    /// Index of the token after the current one (the current one is `next - 1`).
    next: usize,
}

impl TokenStream for JiebaTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next.saturating_sub(1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        let current = self.next.saturating_sub(1);
        &mut self.tokens[current]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        index_tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn jieba_splits_the_campaign_phrase_into_searchable_words() {
        let tokens = words("巾帼文明岗助力乡村振兴");
        for expected in ["巾帼", "文明", "乡村", "振兴"] {
            assert!(
                tokens.iter().any(|t| t == expected),
                "{expected} missing from {tokens:?}"
            );
        }
    }

    #[test]
    fn punctuation_is_dropped_and_ascii_is_lowercased() {
        assert_eq!(words("护理，AI！"), vec!["护理", "ai"]);
    }

    #[test]
    fn full_width_letters_fold_to_ascii_but_offsets_point_into_the_original() {
        let text = "数字ＧＤＰ增长";
        let tokens = index_tokens(text);
        let gdp = tokens.iter().find(|t| t.text == "gdp").expect("gdp token");
        assert_eq!(&text[gdp.offset_from..gdp.offset_to], "ＧＤＰ");
    }

    #[test]
    fn occurrences_are_found_in_the_folded_text_at_original_offsets() {
        let text = "ＡＩ护理，ai与护理";
        let found = folded_occurrences(text, &["护理", "ai", ""], 10);
        let texts: Vec<&str> = found.iter().map(|o| &text[o.start..o.end]).collect();
        assert_eq!(texts, vec!["ＡＩ", "护理", "ai", "护理"]);
        assert_eq!(found[0].needle, 1);
        assert_eq!(folded_occurrences(text, &["护理"], 1).len(), 1);
        assert_eq!(
            folded_occurrences("护理", &["护理"], 9)[0].end,
            "护理".len()
        );
    }

    #[test]
    fn query_words_are_deduplicated_and_capped() {
        assert_eq!(query_words("护理 护理 乡村", 10), vec!["护理", "乡村"]);
        assert_eq!(query_words("护理 乡村 振兴", 2), vec!["护理", "乡村"]);
        assert!(query_words("“”《》（）!?", 10).is_empty());
    }
}
