//! Turning highlighted byte ranges into plain-text [`Fragment`]s.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::snippet::Snippet;

use crate::Fragment;
use crate::tokenizer::index_tokens;

/// How many characters of the body's opening stand in for a snippet when the body did not match.
const OPENING_CHARS: usize = 100;

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

/// The whole title with every token that is one of the query's words highlighted.
pub fn title_fragments(title: &str, highlight: &Highlight) -> Vec<Fragment> {
    let ranges: Vec<Range<usize>> = index_tokens(title)
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
    fragments(title, &ranges)
}

/// The body snippet's fragments, or the body's opening (unhighlighted) when it matched nothing.
pub fn snippet_fragments(snippet: &Snippet, body: &str) -> Vec<Fragment> {
    if snippet.highlighted().is_empty() {
        return opening(body);
    }
    fragments(snippet.fragment(), snippet.highlighted())
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
        let f = title_fragments("渝中区巾帼文明岗助力乡村振兴", &highlight);
        assert_eq!(render(&f), "[渝中区]巾帼文明岗助力[乡村]振兴");
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
