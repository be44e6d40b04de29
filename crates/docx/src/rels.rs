//! Reads `word/_rels/document.xml.rels`: which part or external address each `r:id` points to.

use std::collections::HashMap;

use quick_xml::events::Event;

use crate::DocxError;
use crate::xml::{XmlPart, attribute, local_name};

/// Where the document's relationships are.
pub(crate) const RELS: &str = "word/_rels/document.xml.rels";

/// One relationship's target as written: relative to `word/`, absolute from the package root
/// (leading `/`), or an external address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relationship {
    pub(crate) target: String,
    pub(crate) external: bool,
}

impl Relationship {
    /// The zip entry an internal target names, or `None` if it climbs out of the package.
    pub(crate) fn part_name(&self) -> Option<String> {
        let (base, target) = match self.target.strip_prefix('/') {
            Some(absolute) => ("", absolute),
            None => ("word", self.target.as_str()),
        };
        let mut segments: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
        for segment in target.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    segments.pop()?;
                }
                _ => segments.push(segment),
            }
        }
        Some(segments.join("/"))
    }
}

pub(crate) fn parse(bytes: &[u8]) -> Result<HashMap<String, Relationship>, DocxError> {
    let mut xml = XmlPart::new(RELS, bytes)?;
    let mut rels = HashMap::new();
    loop {
        match xml.next()? {
            Event::Eof => return Ok(rels),
            Event::Start(e) | Event::Empty(e) if local_name(&e) == "Relationship" => {
                if let (Some(id), Some(target)) = (attribute(&e, "Id"), attribute(&e, "Target")) {
                    let external = attribute(&e, "TargetMode")
                        .is_some_and(|mode| mode.eq_ignore_ascii_case("External"));
                    rels.insert(id, Relationship { target, external });
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part_name(target: &str) -> Option<String> {
        Relationship {
            target: target.to_owned(),
            external: false,
        }
        .part_name()
    }

    #[test]
    fn targets_resolve_against_the_word_folder() {
        assert_eq!(
            part_name("media/image1.png").as_deref(),
            Some("word/media/image1.png")
        );
        assert_eq!(
            part_name("/word/media/a.jpg").as_deref(),
            Some("word/media/a.jpg")
        );
        assert_eq!(
            part_name("./media/../media/b.gif").as_deref(),
            Some("word/media/b.gif")
        );
        assert_eq!(part_name("../../etc/passwd"), None);
    }
}
