//! Turning highlighted byte ranges into plain-text [`Fragment`]s.

use std::collections::HashSet;
use std::ops::Range;

use crate::Fragment;
use crate::tokenizer::{folded_occurrences, index_tokens};

/// How many characters of the body's opening stand in for a snippet when the body did not match.
const OPENING_CHARS: usize = 100;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 120;
/// How far back a snippet may move to start with its sentence.
const SENTENCE_BACKTRACK: usize = 30;
/// The window in which a passage's words are counted, in bytes (about 120 Chinese characters).
const PASSAGE_BYTES: usize = 360;
/// Occurrences of one word looked at, at most (a word on every line adds nothing after these).
const OCCURRENCES_PER_WORD: usize = 64;

/// Sorts ranges and merges the overlapping or touching ones; drops ranges that are empty,
/// out of bounds or not on character boundaries of `text`.
fn merge_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted: Vec<Range<usize>> = ranges
        .iter()
        .filter(|r| {
            r.start < r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
        })
        .cloned()
        .collect();
    sorted.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for range in sorted {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Splits `text` into alternating plain and highlighted fragments.
pub fn fragments(text: &str, highlighted: &[Range<usize>]) -> Vec<Fragment> {
    let mut out = Vec::new();
    let mut cursor = 0;
    for range in merge_ranges(text, highlighted) {
        if range.start > cursor {
            out.push(Fragment {
                text: text[cursor..range.start].to_owned(),
                highlighted: false,
            });
        }
        out.push(Fragment {
            text: text[range.clone()].to_owned(),
            highlighted: true,
        });
        cursor = range.end;
    }
    if cursor < text.len() {
        out.push(Fragment {
            text: text[cursor..].to_owned(),
            highlighted: false,
        });
    }
    out
}

/// What to highlight in a title: the query's words, and tokens starting with a word that only
/// matched as a prefix.
#[derive(Default)]
pub struct Highlight {
    pub words: HashSet<String>,
    pub prefixes: Vec<String>,
}

impl Highlight {
    /// Nothing was asked (a listing without text).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.prefixes.is_empty()
    }

    /// What a passage is looked for by: the words, and for a word that matched only as a
    /// prefix or by its parts, the word and its parts.
    fn needles(&self) -> Vec<String> {
        let mut needles: Vec<String> = self.words.iter().cloned().collect();
        for prefix in &self.prefixes {
            needles.extend(index_tokens(prefix).into_iter().map(|t| t.text));
        }
        needles.sort_unstable();
        needles.dedup();
        needles
    }
}

/// The whole text (a title, an excerpt) with every occurrence of one of the query's words
/// highlighted. A word that matched only as a prefix highlights the whole tokens it begins
/// (渝中 marks 渝中区), which takes a jieba cut of the text; plain words are found by search.
pub fn highlighted_fragments(text: &str, highlight: &Highlight) -> Vec<Fragment> {
    let prefixes: Vec<&str> = highlight.prefixes.iter().map(String::as_str).collect();
    if !folded_occurrences(text, &prefixes, 1).is_empty() {
        return token_fragments(text, highlight);
    }
    let words: Vec<&str> = highlight.words.iter().map(String::as_str).collect();
    let ranges: Vec<Range<usize>> = folded_occurrences(text, &words, usize::MAX)
        .into_iter()
        .map(|o| o.start..o.end)
        .collect();
    fragments(text, &ranges)
}

/// [`highlighted_fragments`] by jieba tokens: each token that is a query word or begins with
/// a prefix-only word.
fn token_fragments(text: &str, highlight: &Highlight) -> Vec<Fragment> {
    let ranges: Vec<Range<usize>> = index_tokens(text)
        .into_iter()
        .filter(|t| {
            highlight.words.contains(&t.text)
                || highlight
                    .prefixes
                    .iter()
                    .any(|p| t.text.starts_with(p.as_str()))
        })
        .map(|t| t.offset_from..t.offset_to)
        .collect();
    fragments(text, &ranges)
}

/// The body snippet's fragments, or the body's opening (unhighlighted) when it matched nothing.
///
/// The passage is the window of [`PASSAGE_BYTES`] holding the most different query words (the
/// first such window on a tie), found by plain search of the words in the folded body; the
/// excerpt starts at the sentence of that window's first word when it is near, runs for
/// [`SNIPPET_CHARS`] characters, and highlights the query's words in it like the title.
pub fn snippet_fragments(body: &str, highlight: &Highlight) -> Vec<Fragment> {
    let needles = highlight.needles();
    let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
    let Some(anchor) = densest_passage(body, &needles) else {
        return opening(body);
    };
    let start = sentence_start(body, anchor);
    let end = body[start..]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(body.len(), |(i, _)| start + i);
    highlighted_fragments(body[start..end].trim(), highlight)
}

/// Where the window holding the most different needles starts (at one of their occurrences).
fn densest_passage(body: &str, needles: &[&str]) -> Option<usize> {
    let found = folded_occurrences(body, needles, OCCURRENCES_PER_WORD);
    let mut best: Option<(usize, usize)> = None;
    for (i, first) in found.iter().enumerate() {
        let start = first.start;
        let mut seen: Vec<usize> = found[i..]
            .iter()
            .take_while(|o| o.start < start + PASSAGE_BYTES)
            .map(|o| o.needle)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        if best.is_none_or(|(most, _)| seen.len() > most) {
            best = Some((seen.len(), start));
        }
    }
    best.map(|(_, start)| start)
}

/// The start of the sentence holding `offset`, if it begins at most [`SENTENCE_BACKTRACK`]
/// characters before; otherwise `offset` itself.
fn sentence_start(body: &str, offset: usize) -> usize {
    let before = &body[..offset];
    for (taken, (i, c)) in before.char_indices().rev().enumerate() {
        if matches!(c, '。' | '！' | '？' | '；' | '\n' | '!' | '?' | ';') {
            return i + c.len_utf8();
        }
        if taken >= SENTENCE_BACKTRACK {
            break;
        }
    }
    if before.chars().count() <= SENTENCE_BACKTRACK {
        0
    } else {
        offset
    }
}

/// The first [`OPENING_CHARS`] characters of the body, trimmed, as one plain fragment.
pub fn opening(body: &str) -> Vec<Fragment> {
    let body = body.trim();
    if body.is_empty() {
        return Vec::new();
    }
    let end = body
        .char_indices()
        .nth(OPENING_CHARS)
        .map_or(body.len(), |(i, _)| i);
    vec![Fragment {
        text: body[..end].to_owned(),
        highlighted: false,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(fragments: &[Fragment]) -> String {
        fragments
            .iter()
            .map(|f| {
                if f.highlighted {
                    format!("[{}]", f.text)
                } else {
                    f.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn overlapping_and_touching_ranges_merge_into_one_highlight() {
        let text = "助力乡村振兴";
        // 乡村 (6..12), 振兴 (12..18), 乡村振兴 (6..18)
        let f = fragments(text, &[12..18, 6..12, 6..18]);
        assert_eq!(render(&f), "助力[乡村振兴]");
    }

    #[test]
    fn ranges_off_character_boundaries_or_out_of_bounds_are_ignored() {
        let text = "护理";
        let f = fragments(text, &[1..3, 0..99, 3..3]);
        assert_eq!(render(&f), "护理");
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn title_highlights_query_words_within_the_whole_title() {
        let highlight = Highlight {
            words: ["乡村".to_owned()].into_iter().collect(),
            prefixes: vec!["渝中".to_owned()],
        };
        let f = highlighted_fragments("渝中区巾帼文明岗助力乡村振兴", &highlight);
        assert_eq!(render(&f), "[渝中区]巾帼文明岗助力[乡村]振兴");
    }

    #[test]
    fn plain_words_highlight_every_occurrence_in_any_case() {
        let highlight = highlight(&["护理", "ai"], &[]);
        let f = highlighted_fragments("ＡＩ护理与护理组，Ai", &highlight);
        assert_eq!(render(&f), "[ＡＩ护理]与[护理]组，[Ai]");
    }

    #[test]
    fn a_snippet_window_moves_back_to_its_sentence_start_when_near() {
        let body = "第一句话。第二句很长很长的话讲乡村振兴。";
        let sentence = body.find("第二句").unwrap();
        assert_eq!(sentence_start(body, body.find("很长").unwrap()), sentence);
        assert_eq!(sentence_start(body, body.find("第一").unwrap()), 0);
        assert_eq!(sentence_start(body, body.find("句话").unwrap()), 0);
        let long = format!("{}乡村", "字".repeat(50));
        let at = long.find("乡村").unwrap();
        assert_eq!(sentence_start(&long, at), at);
    }

    fn highlight(words: &[&str], prefixes: &[&str]) -> Highlight {
        Highlight {
            words: words.iter().map(|w| (*w).to_owned()).collect(),
            prefixes: prefixes.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    #[test]
    fn the_snippet_is_the_passage_holding_most_query_words() {
        let filler = "日常工作认真负责。".repeat(30);
        let body = format!("护理开篇一句。{filler}她们把护理送进乡村，守护健康。{filler}");
        let f = snippet_fragments(&body, &highlight(&["护理", "乡村"], &[]));
        let text = render(&f);
        assert!(text.starts_with("她们把[护理]送进[乡村]"), "{text}");
    }

    #[test]
    fn a_word_matched_by_its_parts_still_finds_its_passage() {
        let filler = "日常工作认真负责。".repeat(30);
        let body = format!("{filler}在岗位上建功，为新时代立业。");
        let f = snippet_fragments(&body, &highlight(&[], &["建功立业"]));
        assert!(render(&f).starts_with("在岗位上建功"), "{}", render(&f));
    }

    #[test]
    fn a_body_without_the_words_shows_its_opening() {
        let f = snippet_fragments("第一句话。第二句话。", &highlight(&["乡村"], &[]));
        assert_eq!(render(&f), "第一句话。第二句话。");
    }

    #[test]
    fn opening_is_the_first_hundred_characters_unhighlighted() {
        let body = "一".repeat(150);
        let f = opening(&format!("  {body}"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].text.chars().count(), 100);
        assert!(!f[0].highlighted);
        assert!(opening("   ").is_empty());
    }
}
