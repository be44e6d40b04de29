//! Sensitive words (敏感词): the national word list as typed (one word per line) and where its
//! words occur in a text. Matches are only ever shown to reviewers; the text is never changed.
//!
//! Matching is by exact substring, ignoring ASCII case (Chinese has no case). Every occurrence of
//! every word is found, overlapping ones included ("aa" occurs twice in "aaa"), and overlapping or
//! nested occurrences ("法轮" inside "法轮功", or "暴力" and "力拆" in "暴力拆") are merged into one
//! highlighted span, so each span is one 处 in the reviewer's summary.

use crate::limits::{self, Limited};
use crate::validation::FieldErrors;
use std::collections::HashSet;
use std::ops::Range;

/// The longest word the list accepts, in characters.
pub const MAX_WORD_CHARS: usize = limits::MAX_SENSITIVE_WORD_CHARS;
/// The most words the list holds.
pub const MAX_WORDS: usize = limits::MAX_SENSITIVE_WORDS;

/// Parses the settings form (one word per line): trims each line, drops blank lines and repeated
/// words (ignoring ASCII case), keeps the first spelling and the order typed. A word too long
/// or more words than the list may hold are refused; a paste of far more lines than that is
/// refused before any comparing.
pub fn parse_list(text: &str) -> Result<Vec<String>, FieldErrors> {
    let too_many = |count| FieldErrors::single("words", Limited::SensitiveWords.exceeded(count));
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    if lines > 10 * MAX_WORDS {
        return Err(too_many(lines));
    }
    let mut seen = HashSet::new();
    let mut words: Vec<String> = Vec::new();
    for line in text.lines() {
        let word = line.trim();
        if word.is_empty() {
            continue;
        }
        if let Err(issue) = Limited::SensitiveWord.check_chars(word) {
            return Err(FieldErrors::single("words", issue));
        }
        if seen.insert(word.to_ascii_lowercase()) {
            words.push(word.to_string());
        }
    }
    if words.len() > MAX_WORDS {
        return Err(too_many(words.len()));
    }
    Ok(words)
}

/// The byte ranges of `text` to highlight: every occurrence of every word, overlapping and
/// nested occurrences merged, in order. Ranges lie on character boundaries.
pub fn find<S: AsRef<str>>(text: &str, words: &[S]) -> Vec<Range<usize>> {
    // ASCII lowercasing keeps every byte offset, so ranges in `haystack` are ranges in `text`.
    let haystack = text.to_ascii_lowercase();
    let mut hits: Vec<Range<usize>> = Vec::new();
    for word in words {
        let needle = word.as_ref().to_ascii_lowercase();
        let Some(first) = needle.chars().next() else {
            continue;
        };
        let mut from = 0;
        while let Some(at) = haystack.get(from..).and_then(|rest| rest.find(&needle)) {
            let start = from + at;
            hits.push(start..start + needle.len());
            // Step one character, not the whole word, so overlapping occurrences are found.
            from = start + first.len_utf8();
        }
    }
    hits.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(hits.len());
    for hit in hits {
        match merged.last_mut() {
            Some(last) if hit.start < last.end => last.end = last.end.max(hit.end),
            _ => merged.push(hit),
        }
    }
    merged
}

/// The listed words that occur in `text`, in the list's order.
pub fn words_in<'w, S: AsRef<str>>(text: &str, words: &'w [S]) -> Vec<&'w str> {
    let haystack = text.to_ascii_lowercase();
    words
        .iter()
        .map(AsRef::as_ref)
        .filter(|w| !w.is_empty() && haystack.contains(&w.to_ascii_lowercase()))
        .collect()
}

/// A piece of text, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<'t> {
    pub text: &'t str,
    pub hit: bool,
}

/// `text` cut into plain and highlighted pieces by `ranges` (as `find` returns them): joined
/// back together they are exactly `text`.
pub fn segments<'t>(text: &'t str, ranges: &[Range<usize>]) -> Vec<Segment<'t>> {
    let mut out = Vec::with_capacity(ranges.len() * 2 + 1);
    let mut at = 0;
    for range in ranges {
        let (Some(before), Some(hit)) = (text.get(at..range.start), text.get(range.clone())) else {
            continue;
        };
        if !before.is_empty() {
            out.push(Segment {
                text: before,
                hit: false,
            });
        }
        out.push(Segment {
            text: hit,
            hit: true,
        });
        at = range.end;
    }
    if let Some(rest) = text.get(at..).filter(|r| !r.is_empty()) {
        out.push(Segment {
            text: rest,
            hit: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, words: &[&str]) -> String {
        segments(text, &find(text, words))
            .into_iter()
            .map(|s| {
                if s.hit {
                    format!("[{}]", s.text)
                } else {
                    s.text.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn matches_are_found_merged_and_marked() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("没有问题", &["敏感"], "没有问题"),
            ("这是敏感词", &["敏感"], "这是[敏感]词"),
            ("敏感又敏感", &["敏感"], "[敏感]又[敏感]"),
            // Nested: the longer word wins the whole span.
            ("练法轮功的人", &["法轮", "法轮功"], "练[法轮功]的人"),
            ("练法轮功的人", &["法轮功", "轮"], "练[法轮功]的人"),
            // Overlapping words merge into one span.
            ("暴力拆迁", &["暴力", "力拆"], "[暴力拆]迁"),
            // A word overlapping itself.
            ("aaa", &["aa"], "[aaa]"),
            // Adjacent words stay two spans.
            ("甲乙丙丁", &["甲乙", "丙丁"], "[甲乙][丙丁]"),
            // ASCII case is ignored; the text keeps its own spelling.
            ("Fake News 假新闻", &["fake news"], "[Fake News] 假新闻"),
            // Empty words and an empty list match nothing.
            ("任何文字", &[""], "任何文字"),
            ("任何文字", &[], "任何文字"),
            ("", &["词"], ""),
            // Markup-looking text is just text.
            ("<script>坏</script>", &["坏"], "<script>[坏]</script>"),
        ];
        for (text, words, expected) in cases {
            assert_eq!(marked(text, words), *expected, "{text} / {words:?}");
        }
    }

    #[test]
    fn segments_join_back_into_the_text() {
        for (text, words) in [
            ("练法轮功的人练法轮", vec!["法轮", "法轮功"]),
            ("abcABCabc", vec!["bca", "CAB"]),
            ("一二三", vec!["一二三"]),
        ] {
            let joined: String = segments(text, &find(text, &words))
                .iter()
                .map(|s| s.text)
                .collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn spans_are_counted_once_and_words_listed_in_list_order() {
        let words = ["法轮功", "法轮", "赌博"];
        assert_eq!(find("法轮功和赌博", &words).len(), 2);
        assert_eq!(
            words_in("法轮功和赌博", &words),
            vec!["法轮功", "法轮", "赌博"]
        );
        assert!(words_in("干净的文字", &words).is_empty());
    }

    #[test]
    fn the_list_is_trimmed_deduplicated_and_limited() {
        let cases: &[(&str, Result<&[&str], ()>)] = &[
            ("", Ok(&[])),
            ("  敏感 \n\n赌博\r\n敏感\n", Ok(&["敏感", "赌博"])),
            ("Fake\nfake\nFAKE", Ok(&["Fake"])),
        ];
        for (text, expected) in cases {
            let parsed = parse_list(text).map_err(|_| ());
            let expected = expected.map(|e| e.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(parsed, expected, "{text:?}");
        }
        let long = "字".repeat(MAX_WORD_CHARS + 1);
        assert!(parse_list(&long).unwrap_err().has("words"));
        let many: String = (0..=MAX_WORDS).map(|i| format!("词{i}\n")).collect();
        assert_eq!(
            parse_list(&many).unwrap_err().for_field("words"),
            Some(&Limited::SensitiveWords.exceeded(MAX_WORDS + 1))
        );
        // Repeats do not count against the limit; a paste of a million lines is refused.
        let repeated = "词\n".repeat(3 * MAX_WORDS);
        assert_eq!(parse_list(&repeated).map(|w| w.len()), Ok(1));
        let huge = "词\n".repeat(1_000_000);
        assert_eq!(
            parse_list(&huge).unwrap_err().for_field("words"),
            Some(&Limited::SensitiveWords.exceeded(1_000_000))
        );
    }
}
