//! Walks `word/document.xml` in reading order into pieces: styled paragraph text and picture
//! references. Tables become one paragraph per row; text-box paragraphs follow the paragraph
//! that anchors them; deletions, field codes, change history and fallbacks are left out.

use quick_xml::events::{BytesStart, Event};

use crate::DocxError;
use crate::model::{DocxWarning, SkippedContent};
use crate::package::DOCUMENT;
use crate::styles::{BODY_OUTLINE_LEVEL, StyleKind, Styles};
use crate::table::Table;
use crate::text::normalize;
use crate::xml::{XmlPart, attribute, local_name};

/// A tidy, non-empty paragraph (or part of one split by a picture), or a picture.
#[derive(Debug)]
pub(crate) enum Piece {
    Text { text: String, kind: StyleKind },
    Image(ImageRef),
}

/// A picture as the document refers to it: a relationship id, embedded or linked.
#[derive(Debug)]
pub(crate) struct ImageRef {
    pub(crate) rel_id: String,
    pub(crate) linked: bool,
}

/// The document's pieces in reading order, and what was left out on the way.
pub(crate) struct Walk {
    pub(crate) pieces: Vec<Piece>,
    pub(crate) warnings: Vec<DocxWarning>,
}

pub(crate) fn walk(document: &[u8], styles: &Styles) -> Result<Walk, DocxError> {
    let mut xml = XmlPart::new(DOCUMENT, document)?;
    let mut walker = Walker::new(styles);
    let mut seen_root = false;
    loop {
        match xml.next()? {
            Event::Eof if seen_root => break,
            Event::Eof => return Err(xml.corrupt("no document element")),
            Event::Start(e) if !seen_root => {
                if local_name(&e) != "document" {
                    return Err(xml.corrupt("the root element is not w:document"));
                }
                seen_root = true;
            }
            Event::Start(e) => walker.start(&e),
            Event::Empty(e) => walker.empty(&e),
            Event::End(e) => walker.end(e.local_name().as_ref()),
            Event::Text(t) if walker.in_text() => walker.push_run_text(&t.xml10_content()),
            Event::CData(t) if walker.in_text() => walker.push_run_text(&t.xml10_content()),
            Event::GeneralRef(r) if walker.in_text() => walker.push_text(&xml.resolve(&r)?),
            _ => {}
        }
    }
    Ok(Walk {
        pieces: walker.pieces,
        warnings: walker.warnings,
    })
}

/// The open elements the walker cares about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Paragraph,
    ParagraphProperties,
    Run,
    Text,
    Other,
}

/// A paragraph being read: its style, and its text split at pictures.
#[derive(Default)]
struct Paragraph {
    kind: Option<StyleKind>,
    outline_level: Option<u8>,
    segments: Vec<Segment>,
    text: String,
}

enum Segment {
    Text(String),
    Image(ImageRef),
}

struct Walker<'s> {
    styles: &'s Styles,
    pieces: Vec<Piece>,
    /// Pieces of text boxes, waiting for the paragraph anchoring them to end.
    deferred: Vec<Piece>,
    warnings: Vec<DocxWarning>,
    tags: Vec<Tag>,
    paragraphs: Vec<Paragraph>,
    table: Option<Table>,
    /// Depth inside a left-out subtree; 0 when reading.
    skipping: usize,
}

impl<'s> Walker<'s> {
    fn new(styles: &'s Styles) -> Self {
        Self {
            styles,
            pieces: Vec::new(),
            deferred: Vec::new(),
            warnings: Vec::new(),
            tags: Vec::new(),
            paragraphs: Vec::new(),
            table: None,
            skipping: 0,
        }
    }

    fn in_text(&self) -> bool {
        self.skipping == 0 && self.tags.last() == Some(&Tag::Text)
    }

    fn parent(&self) -> Option<Tag> {
        self.tags.last().copied()
    }

    fn start(&mut self, e: &BytesStart<'_>) {
        if self.skipping > 0 {
            self.skipping += 1;
            return;
        }
        let name = local_name(e);
        if let Some(what) = skipped_with_warning(name) {
            self.warnings.push(DocxWarning::SkippedContent { what });
            self.skipping = 1;
            return;
        }
        if is_left_out(name) {
            self.skipping = 1;
            return;
        }
        let tag = match (name, self.parent()) {
            ("p", _) => {
                self.paragraphs.push(Paragraph::default());
                Tag::Paragraph
            }
            ("pPr", Some(Tag::Paragraph)) => Tag::ParagraphProperties,
            ("r", _) => Tag::Run,
            ("t", Some(Tag::Run)) => Tag::Text,
            ("tbl", _) => {
                self.start_table();
                Tag::Other
            }
            ("tr", _) => {
                if let Some(table) = self.table.as_mut() {
                    table.start_row();
                }
                Tag::Other
            }
            ("tc", _) => {
                if let Some(table) = self.table.as_mut() {
                    table.start_cell();
                }
                Tag::Other
            }
            _ => {
                self.leaf(name, e);
                Tag::Other
            }
        };
        self.tags.push(tag);
    }

    fn empty(&mut self, e: &BytesStart<'_>) {
        if self.skipping > 0 {
            return;
        }
        let name = local_name(e);
        if let Some(what) = skipped_with_warning(name) {
            self.warnings.push(DocxWarning::SkippedContent { what });
        } else {
            self.leaf(name, e);
        }
    }

    /// Elements that matter on their own, with or without content.
    fn leaf(&mut self, name: &str, e: &BytesStart<'_>) {
        match (name, self.parent()) {
            ("tab" | "ptab", Some(Tag::Run)) => self.push_text(" "),
            // Page and column breaks have no place in a web article.
            ("br", Some(Tag::Run)) if attribute(e, "type").is_none_or(|t| t == "textWrapping") => {
                self.push_text("\n");
            }
            ("cr", Some(Tag::Run)) => self.push_text("\n"),
            ("noBreakHyphen", Some(Tag::Run)) => self.push_text("-"),
            ("pStyle", Some(Tag::ParagraphProperties)) => {
                if let (Some(id), Some(p)) = (attribute(e, "val"), self.paragraphs.last_mut()) {
                    p.kind = Some(self.styles.kind_of(&id));
                }
            }
            ("outlineLvl", Some(Tag::ParagraphProperties)) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.outline_level = attribute(e, "val").and_then(|v| v.parse().ok());
                }
            }
            ("blip", _) => {
                if let Some(rel_id) = attribute(e, "embed") {
                    self.push_image(ImageRef {
                        rel_id,
                        linked: false,
                    });
                } else if let Some(rel_id) = attribute(e, "link") {
                    self.push_image(ImageRef {
                        rel_id,
                        linked: true,
                    });
                }
            }
            ("imagedata", _) => {
                if let Some(rel_id) = attribute(e, "id") {
                    self.push_image(ImageRef {
                        rel_id,
                        linked: false,
                    });
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if self.skipping > 0 {
            self.skipping -= 1;
            return;
        }
        self.tags.pop();
        match name {
            "p" => self.end_paragraph(),
            "tr" => self.end_row(),
            "tbl" => self.end_table(),
            _ => {}
        }
    }

    /// Text of a `<w:t>`: Word shows a raw line feed there as a space, not a line break.
    fn push_run_text(&mut self, text: &str) {
        self.push_text(&text.replace('\n', " "));
    }

    fn push_text(&mut self, text: &str) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.text.push_str(text);
        }
    }

    fn push_image(&mut self, image: ImageRef) {
        match self.paragraphs.last_mut() {
            Some(p) => {
                let text = std::mem::take(&mut p.text);
                p.segments.push(Segment::Text(text));
                p.segments.push(Segment::Image(image));
            }
            None => self.emit(Piece::Image(image)),
        }
    }

    /// Where finished pieces go: the output, or after the paragraph anchoring a text box.
    fn emit(&mut self, piece: Piece) {
        if self.paragraphs.is_empty() {
            self.pieces.push(piece);
        } else {
            self.deferred.push(piece);
        }
    }

    fn end_paragraph(&mut self) {
        let Some(paragraph) = self.paragraphs.pop() else {
            return;
        };
        let pieces = paragraph.into_pieces();
        let open = self.paragraphs.len();
        if let Some(table) = self.table.as_mut().filter(|t| t.holds_paragraph(open)) {
            table.add(pieces);
            table.add(self.deferred.drain(..));
        } else if open == 0 {
            self.pieces.extend(pieces);
            self.pieces.append(&mut self.deferred);
        } else {
            self.deferred.extend(pieces);
        }
    }

    fn start_table(&mut self) {
        match self.table.as_mut() {
            Some(table) => table.enter_nested(),
            None => self.table = Some(Table::new(self.paragraphs.len())),
        }
    }

    fn end_row(&mut self) {
        let pieces = self.table.as_mut().map(Table::end_row).unwrap_or_default();
        for piece in pieces {
            self.emit(piece);
        }
    }

    fn end_table(&mut self) {
        if let Some(table) = self.table.as_mut()
            && table.leave()
        {
            let rows = table.rows();
            self.table = None;
            self.warnings.push(DocxWarning::TableFlattened { rows });
        }
    }
}

impl Paragraph {
    fn kind(&self) -> StyleKind {
        let kind = self.kind.unwrap_or(StyleKind::Body);
        match (kind, self.outline_level) {
            (StyleKind::Body, Some(level)) if level < BODY_OUTLINE_LEVEL => StyleKind::Heading,
            (StyleKind::Heading, Some(BODY_OUTLINE_LEVEL)) => StyleKind::Body,
            _ => kind,
        }
    }

    fn into_pieces(mut self) -> Vec<Piece> {
        let kind = self.kind();
        let text = std::mem::take(&mut self.text);
        self.segments.push(Segment::Text(text));
        self.segments
            .into_iter()
            .filter_map(|segment| match segment {
                Segment::Text(raw) => {
                    let text = normalize(&raw);
                    (!text.is_empty()).then_some(Piece::Text { text, kind })
                }
                Segment::Image(image) => Some(Piece::Image(image)),
            })
            .collect()
    }
}

/// Content the site cannot show, left out with a warning.
fn skipped_with_warning(name: &str) -> Option<SkippedContent> {
    match name {
        "chart" => Some(SkippedContent::Chart),
        "relIds" => Some(SkippedContent::Diagram),
        "oMathPara" | "oMath" => Some(SkippedContent::Equation),
        "object" => Some(SkippedContent::EmbeddedObject),
        _ => None,
    }
}

/// Subtrees that are not displayed text: deletions and moved-away text, field codes, change
/// history (`pPrChange`, `rPrChange`, …), the fallback copy of alternate content (text boxes
/// are written twice), and section properties.
fn is_left_out(name: &str) -> bool {
    matches!(
        name,
        "del" | "moveFrom" | "instrText" | "delInstrText" | "delText" | "Fallback" | "sectPr"
    ) || name.ends_with("Change")
}
