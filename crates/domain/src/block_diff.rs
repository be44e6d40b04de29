//! A paragraph-level diff between two versions of an article: the longest common subsequence of
//! blocks, so a reviewer sees which paragraphs were added and which removed since a return.

use crate::content::Block;

/// One line of the diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockChange<'a> {
    Same(&'a Block),
    Added(&'a Block),
    Removed(&'a Block),
}

/// The changes turning `old` into `new`, in reading order (a removal before the addition that
/// replaces it).
pub fn diff_blocks<'a>(old: &'a [Block], new: &'a [Block]) -> Vec<BlockChange<'a>> {
    // lcs[i][j]: length of the longest common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    while i < old.len() && j < new.len() {
        if old[i] == new[j] {
            out.push(BlockChange::Same(&new[j]));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.push(BlockChange::Removed(&old[i]));
            i += 1;
        } else {
            out.push(BlockChange::Added(&new[j]));
            j += 1;
        }
    }
    out.extend(old[i..].iter().map(BlockChange::Removed));
    out.extend(new[j..].iter().map(BlockChange::Added));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Block {
        Block::Paragraph { text: text.into() }
    }

    fn shape(changes: &[BlockChange<'_>]) -> String {
        changes
            .iter()
            .map(|c| match c {
                BlockChange::Same(Block::Paragraph { text }) => format!("={text}"),
                BlockChange::Added(Block::Paragraph { text }) => format!("+{text}"),
                BlockChange::Removed(Block::Paragraph { text }) => format!("-{text}"),
                _ => "?".into(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn paragraph_diffs_show_what_was_added_and_removed() {
        let cases: [(&[&str], &[&str], &str); 6] = [
            (&[], &[], ""),
            (&["a"], &["a"], "=a"),
            (&["a", "b"], &["a", "b", "c"], "=a =b +c"),
            (&["a", "b", "c"], &["a", "c"], "=a -b =c"),
            (&["a", "b", "c"], &["a", "x", "c"], "=a -b +x =c"),
            (&["a", "b"], &["c"], "-a -b +c"),
        ];
        for (old, new, expected) in cases {
            let old: Vec<Block> = old.iter().map(|t| p(t)).collect();
            let new: Vec<Block> = new.iter().map(|t| p(t)).collect();
            assert_eq!(
                shape(&diff_blocks(&old, &new)),
                expected,
                "{old:?} → {new:?}"
            );
        }
    }
}
