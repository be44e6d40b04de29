//! Turns the walked pieces into the document: the title taken out, pictures loaded from the
//! package (or left out with a warning), and captions attached to the picture above them.

use std::collections::HashMap;

use crate::DocxError;
use crate::body::{ImageRef, Piece, Walk};
use crate::model::{DocxBlock, DocxDocument, DocxWarning};
use crate::package::Package;
use crate::rels::Relationship;
use crate::styles::StyleKind;

/// A line starting with 图 no longer than this (in characters) under a picture is its caption.
const CAPTION_MAX_CHARS: usize = 60;

/// Vector formats Word uses for drawings and pasted diagrams; browsers cannot show them.
const UNSUPPORTED_EXTENSIONS: [&str; 4] = ["emf", "wmf", "emz", "wmz"];

pub(crate) fn assemble(
    walk: Walk,
    package: &mut Package<'_>,
    rels: &HashMap<String, Relationship>,
) -> Result<DocxDocument, DocxError> {
    let mut document = DocxDocument {
        warnings: walk.warnings,
        ..DocxDocument::default()
    };
    let mut pieces = walk.pieces.into_iter().peekable();
    while let Some(piece) = pieces.next() {
        let block = match piece {
            Piece::Text {
                text,
                kind: StyleKind::Title,
            } if document.title.is_none() => {
                document.title = Some(text);
                continue;
            }
            Piece::Text {
                text,
                kind: StyleKind::Heading | StyleKind::Title,
            } => DocxBlock::Subheading(text),
            Piece::Text { text, .. } => DocxBlock::Paragraph(text),
            Piece::Image(image) => {
                let Some((bytes, file_name)) =
                    load_image(&image, package, rels, &mut document.warnings)?
                else {
                    continue;
                };
                let caption = pieces.next_if(is_caption).and_then(|piece| match piece {
                    Piece::Text { text, .. } => Some(text),
                    Piece::Image(_) => None,
                });
                DocxBlock::Image {
                    bytes,
                    file_name,
                    caption,
                }
            }
        };
        document.blocks.push(block);
    }
    Ok(document)
}

/// A paragraph styled Caption/题注, or a short body line starting with 图 (图1、图为…).
fn is_caption(piece: &Piece) -> bool {
    match piece {
        Piece::Text {
            kind: StyleKind::Caption,
            ..
        } => true,
        Piece::Text {
            text,
            kind: StyleKind::Body,
        } => text.starts_with('图') && text.chars().count() <= CAPTION_MAX_CHARS,
        _ => false,
    }
}

/// The picture's bytes and file name, or `None` with a warning when it cannot be shown.
fn load_image(
    image: &ImageRef,
    package: &mut Package<'_>,
    rels: &HashMap<String, Relationship>,
    warnings: &mut Vec<DocxWarning>,
) -> Result<Option<(Vec<u8>, String)>, DocxError> {
    let missing = || DocxWarning::MissingImage {
        reference: image.rel_id.clone(),
    };
    let Some(rel) = rels.get(&image.rel_id) else {
        warnings.push(missing());
        return Ok(None);
    };
    if image.linked || rel.external {
        warnings.push(DocxWarning::LinkedImage {
            target: rel.target.clone(),
        });
        return Ok(None);
    }
    let Some(part) = rel.part_name() else {
        warnings.push(missing());
        return Ok(None);
    };
    let file_name = part.rsplit('/').next().unwrap_or(&part).to_owned();
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    if extension.is_some_and(|ext| UNSUPPORTED_EXTENSIONS.contains(&ext.as_str())) {
        warnings.push(DocxWarning::UnsupportedImage { file_name });
        return Ok(None);
    }
    let limit = package.limits().image;
    match package.read(&part, limit)? {
        Some(bytes) => Ok(Some((bytes, file_name))),
        None => {
            warnings.push(missing());
            Ok(None)
        }
    }
}
