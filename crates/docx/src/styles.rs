//! Reads `word/styles.xml` into what each paragraph style means here: heading, title, caption
//! or body text. Word writes English built-in names ("heading 1") under localized ids ("1");
//! WPS may write Chinese names ("标题 1"); both are recognised, and styles inherit through
//! `basedOn`.

use std::collections::HashMap;

use quick_xml::events::Event;

use crate::DocxError;
use crate::xml::{XmlPart, attribute, local_name};

/// What a paragraph's style makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StyleKind {
    Body,
    Heading,
    Title,
    Caption,
}

/// Outline levels 0–8 are heading levels 1–9; level 9 is body text.
pub(crate) const BODY_OUTLINE_LEVEL: u8 = 9;

/// Paragraph style ids mapped to their kind.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    kinds: HashMap<String, StyleKind>,
}

/// One `<w:style w:type="paragraph">` as written.
#[derive(Debug, Default)]
struct RawStyle {
    name: Option<String>,
    based_on: Option<String>,
    outline_level: Option<u8>,
}

impl Styles {
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self, DocxError> {
        let raw = read_styles(bytes)?;
        let kinds = raw
            .keys()
            .map(|id| (id.clone(), resolve(&raw, id)))
            .collect();
        Ok(Self { kinds })
    }

    /// The kind of the style with this id; an id styles.xml does not define is read as a name.
    pub(crate) fn kind_of(&self, style_id: &str) -> StyleKind {
        self.kinds
            .get(style_id)
            .copied()
            .or_else(|| classify_name(style_id))
            .unwrap_or(StyleKind::Body)
    }
}

fn read_styles(bytes: &[u8]) -> Result<HashMap<String, RawStyle>, DocxError> {
    let mut xml = XmlPart::new("word/styles.xml", bytes)?;
    let mut styles = HashMap::new();
    let mut current: Option<(String, RawStyle)> = None;
    loop {
        match xml.next()? {
            Event::Eof => return Ok(styles),
            Event::Start(e) | Event::Empty(e) => match (local_name(&e), current.as_mut()) {
                ("style", None) => {
                    let paragraph = attribute(&e, "type").is_none_or(|t| t == "paragraph");
                    if let (true, Some(id)) = (paragraph, attribute(&e, "styleId")) {
                        current = Some((id, RawStyle::default()));
                    }
                }
                ("name", Some((_, style))) => style.name = attribute(&e, "val"),
                ("basedOn", Some((_, style))) => style.based_on = attribute(&e, "val"),
                ("outlineLvl", Some((_, style))) => {
                    style.outline_level = attribute(&e, "val").and_then(|v| v.parse().ok());
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, style)) = current.take() {
                    styles.insert(id, style);
                }
            }
            _ => {}
        }
    }
}

/// A style's kind: from its name, else its id, else its outline level, else its parent's.
fn resolve(raw: &HashMap<String, RawStyle>, id: &str) -> StyleKind {
    let mut id = id;
    // A `basedOn` chain longer than this is a loop.
    for _ in 0..16 {
        let Some(style) = raw.get(id) else {
            return classify_name(id).unwrap_or(StyleKind::Body);
        };
        if let Some(kind) = style.name.as_deref().and_then(classify_name) {
            return kind;
        }
        if let Some(kind) = classify_name(id) {
            return kind;
        }
        match style.outline_level {
            Some(level) if level < BODY_OUTLINE_LEVEL => return StyleKind::Heading,
            Some(_) => return StyleKind::Body,
            None => {}
        }
        match style.based_on.as_deref() {
            Some(parent) => id = parent,
            None => return StyleKind::Body,
        }
    }
    StyleKind::Body
}

/// Recognises built-in style names and ids in English and Chinese, ignoring case and spaces:
/// "heading 1"/"Heading1"/"标题 1" … 9, "Subtitle"/"副标题", "Title"/"标题", "Caption"/"题注".
fn classify_name(name: &str) -> Option<StyleKind> {
    let name: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let level = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))
        .filter(|level| matches!(level.as_bytes(), [b'1'..=b'9']));
    match name.as_str() {
        _ if level.is_some() => Some(StyleKind::Heading),
        "subtitle" | "副标题" => Some(StyleKind::Heading),
        "title" | "标题" => Some(StyleKind::Title),
        "caption" | "题注" => Some(StyleKind::Caption),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_names_are_recognised_in_english_and_chinese() {
        for (name, kind) in [
            ("heading 1", Some(StyleKind::Heading)),
            ("Heading9", Some(StyleKind::Heading)),
            ("标题 2", Some(StyleKind::Heading)),
            ("标题", Some(StyleKind::Title)),
            ("Title", Some(StyleKind::Title)),
            ("副标题", Some(StyleKind::Heading)),
            ("题注", Some(StyleKind::Caption)),
            ("caption", Some(StyleKind::Caption)),
            ("heading 10", None),
            ("Normal", None),
            ("1", None),
        ] {
            assert_eq!(classify_name(name), kind, "{name}");
        }
    }

    #[test]
    fn a_style_based_on_a_heading_is_a_heading_and_loops_end() {
        let styles = Styles::parse(
            br#"<w:styles xmlns:w="w">
                <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
                <w:style w:type="paragraph" w:styleId="a7"><w:name w:val="My head"/><w:basedOn w:val="1"/></w:style>
                <w:style w:type="paragraph" w:styleId="x"><w:name w:val="x"/><w:basedOn w:val="y"/></w:style>
                <w:style w:type="paragraph" w:styleId="y"><w:name w:val="y"/><w:basedOn w:val="x"/></w:style>
                <w:style w:type="paragraph" w:styleId="o"><w:name w:val="o"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
                <w:style w:type="character" w:styleId="c"><w:name w:val="heading 1 Char"/></w:style>
            </w:styles>"#,
        )
        .unwrap();
        assert_eq!(styles.kind_of("a7"), StyleKind::Heading);
        assert_eq!(styles.kind_of("x"), StyleKind::Body);
        assert_eq!(styles.kind_of("o"), StyleKind::Heading);
        assert_eq!(styles.kind_of("c"), StyleKind::Body);
        assert_eq!(styles.kind_of("Heading2"), StyleKind::Heading);
    }
}
