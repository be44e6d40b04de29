//! A strict pull parser over one XML part: errors, unclosed elements and unknown entities become
//! [`DocxError::Corrupt`]; elements and attributes are matched by local name, prefix ignored.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::DocxError;

/// The events of one part, checked for well-formedness as they are read.
pub(crate) struct XmlPart<'a> {
    part: &'static str,
    reader: Reader<&'a [u8]>,
    depth: usize,
}

impl<'a> XmlPart<'a> {
    /// Starts reading `bytes`, which must be UTF-8 (Word and WPS write nothing else).
    pub(crate) fn new(part: &'static str, bytes: &'a [u8]) -> Result<Self, DocxError> {
        let text = std::str::from_utf8(bytes).map_err(|e| DocxError::corrupt(part, e))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Ok(Self {
            part,
            reader: Reader::from_str(text),
            depth: 0,
        })
    }

    /// The next event; `Event::Eof` only once every element is closed.
    pub(crate) fn next(&mut self) -> Result<Event<'a>, DocxError> {
        let event = self
            .reader
            .read_event()
            .map_err(|e| DocxError::corrupt(self.part, e))?;
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Eof if self.depth > 0 => {
                return Err(self.corrupt("the part ends inside an element"));
            }
            _ => {}
        }
        Ok(event)
    }

    /// The text an entity or character reference stands for.
    pub(crate) fn resolve(&self, reference: &BytesRef<'_>) -> Result<String, DocxError> {
        if reference.is_char_ref() {
            return match reference.resolve_char_ref() {
                Ok(Some(c)) => Ok(c.to_string()),
                Ok(None) => Err(self.corrupt("an empty character reference")),
                Err(e) => Err(DocxError::corrupt(self.part, e)),
            };
        }
        let name = reference.xml10_content();
        resolve_predefined_entity(&name)
            .map(str::to_owned)
            .ok_or_else(|| self.corrupt(format!("unknown entity &{name};")))
    }

    pub(crate) fn corrupt(&self, detail: impl ToString) -> DocxError {
        DocxError::corrupt(self.part, detail)
    }
}

/// The element's local name: `p` for `<w:p>`.
pub(crate) fn local_name<'e>(element: &'e BytesStart<'_>) -> &'e str {
    element.local_name().into_inner()
}

/// The value of the first attribute with this local name (`val` matches `w:val`), entities
/// resolved. A malformed attribute counts as absent.
pub(crate) fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|value| value.into_owned())
}
