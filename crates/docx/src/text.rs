//! Tidies a paragraph's raw run text: whitespace collapsed, line ends and indentation trimmed.

/// The ideographic (full-width) space Chinese documents indent paragraphs with.
const FULL_WIDTH_SPACE: char = '\u{3000}';

/// Collapses each stretch of whitespace inside a line to one space (full-width spaces inside a
/// line are kept: they often separate fields on purpose), trims every line, including the
/// full-width indentation at its start, and drops empty lines at both ends.
pub(crate) fn normalize(raw: &str) -> String {
    let lines: Vec<String> = raw.split('\n').map(collapse_line).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

fn collapse_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        if c.is_whitespace() && c != FULL_WIDTH_SPACE {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out.trim_matches(char::is_whitespace).to_owned()
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn whitespace_collapses_and_indentation_is_trimmed() {
        for (raw, tidy) in [
            ("\u{3000}\u{3000}疫情防控  一线", "疫情防控 一线"),
            ("  \u{3000}\u{3000} 护士长\t说", "护士长 说"),
            ("姓名\u{3000}张三\u{3000}", "姓名\u{3000}张三"),
            ("第一行 \n\u{3000}\u{3000}第二行", "第一行\n第二行"),
            ("\n\n正文\n\n", "正文"),
            ("a\n\nb", "a\n\nb"),
            (" \u{3000} \t ", ""),
        ] {
            assert_eq!(normalize(raw), tidy, "{raw:?}");
        }
    }
}
