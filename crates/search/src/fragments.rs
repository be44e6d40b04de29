//! Turning highlighted byte ranges into plain-text [`Fragment`]s.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::snippet::Snippet;

use crate::Fragment;
use crate::tokenizer::index_tokens;

/// How many characters of the body's opening stand in for a snippet when the body did not match.
const OPENING_CHARS: usize = 100;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 120;
/// How far back a snippet may move to start with its sentence.
const SENTENCE_BACKTRACK: usize = 30;

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

/// The whole text (a title, an excerpt) with every token that is one of the query's words
/// highlighted.
pub fn highlighted_fragments(text: &str, highlight: &Highlight) -> Vec<Fragment> {
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
/// tantivy's snippet picks the best passage; the excerpt shown starts at the sentence of its
/// first match when that is near (tantivy's own window may open mid-compound), runs for
/// [`SNIPPET_CHARS`] characters, and highlights the query's words in it like the title.
pub fn snippet_fragments(snippet: &Snippet, body: &str, highlight: &Highlight) -> Vec<Fragment> {
    let window = snippet.fragment_range();
    let first_match = snippet.highlighted().iter().map(|r| r.start).min();
    let Some(anchor) = first_match
        .map(|offset| window.start + offset)
        .filter(|&anchor| body.is_char_boundary(anchor))
    else {
        return opening(body);
    };
    let start = sentence_start(body, anchor);
    let end = body[start..]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(body.len(), |(i, _)| start + i);
    highlighted_fragments(body[start..end].trim(), highlight)
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
