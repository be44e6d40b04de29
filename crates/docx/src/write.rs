//! Writes an article as a .docx for journalists (宣推, issue 16 §3): its title, subheadings and
//! paragraphs in the styles Word and WPS both name the same way (Title, heading 2, Normal), set
//! in 宋体 with 2-character first-line indents as Chinese newsrooms expect. Pictures travel
//! beside the document as their own files, so a picture block leaves only its caption, as a
//! Caption paragraph. Reading the result with [`crate::read_docx`] gives the text back.

use crate::model::{DocxBlock, DocxDocument};
use quick_xml::escape::escape;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// Why a document could not be written (only the zip writer can fail, in memory).
#[derive(Debug, thiserror::Error)]
#[error("could not write the .docx: {0}")]
pub struct WriteError(String);

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// 宋体 throughout; 小四 (12 pt) body with a two-character indent, 二号 (22 pt) bold title,
/// 三号 (16 pt) bold subheadings, 五号 (10.5 pt) captions.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体"/><w:sz w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="480"/><w:jc w:val="both"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/><w:spacing w:before="240" w:after="360"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/><w:spacing w:before="240" w:after="120"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="21"/></w:rPr></w:style></w:styles>"#;

/// The .docx of `document`: its title (when it has one) and its blocks in order.
pub fn write_docx(document: &DocxDocument) -> Result<Vec<u8>, WriteError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let body = document_xml(document);
    for (name, content) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/document.xml", body.as_str()),
    ] {
        zip.start_file(name, options)
            .map_err(|e| WriteError(e.to_string()))?;
        zip.write_all(content.as_bytes())
            .map_err(|e| WriteError(e.to_string()))?;
    }
    let out = zip.finish().map_err(|e| WriteError(e.to_string()))?;
    Ok(out.into_inner())
}

fn document_xml(document: &DocxDocument) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    if let Some(title) = document.title.as_deref().filter(|t| !t.trim().is_empty()) {
        paragraph(&mut xml, Some("Title"), title);
    }
    for block in &document.blocks {
        match block {
            DocxBlock::Paragraph(text) => paragraph(&mut xml, None, text),
            DocxBlock::Subheading(text) => paragraph(&mut xml, Some("Heading2"), text),
            DocxBlock::Image { caption, .. } => {
                if let Some(caption) = caption.as_deref().filter(|c| !c.trim().is_empty()) {
                    paragraph(&mut xml, Some("Caption"), &format!("图：{caption}"));
                }
            }
        }
    }
    // A4 with the margins of GB/T 9704 (公文): 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.
    xml.push_str(
        r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
    );
    xml
}

/// One paragraph; a line break inside the text becomes a soft break.
fn paragraph(xml: &mut String, style: Option<&str>, text: &str) {
    xml.push_str("<w:p>");
    if let Some(style) = style {
        xml.push_str(&format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#));
    }
    xml.push_str("<w:r>");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            xml.push_str("<w:br/>");
        }
        xml.push_str(r#"<w:t xml:space="preserve">"#);
        xml.push_str(&escape(line));
        xml.push_str("</w:t>");
    }
    xml.push_str("</w:r></w:p>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_docx;

    #[test]
    fn what_is_written_reads_back_as_the_same_text() {
        let document = DocxDocument {
            title: Some("守护生命的“急诊之光”".into()),
            blocks: vec![
                DocxBlock::Paragraph("清晨六点，急诊科的灯已经亮了。".into()),
                DocxBlock::Subheading("一、把群众的事当自家事".into()),
                DocxBlock::Paragraph("她说：<不辛苦> & 值得。".into()),
                DocxBlock::Image {
                    bytes: vec![1, 2, 3],
                    file_name: "image1.jpg".into(),
                    caption: Some("护士长在分诊台".into()),
                },
            ],
            warnings: vec![],
        };
        let bytes = write_docx(&document).expect("written");
        let read = read_docx(&bytes).expect("read back");
        assert_eq!(read.title.as_deref(), Some("守护生命的“急诊之光”"));
        assert_eq!(
            read.blocks,
            vec![
                DocxBlock::Paragraph("清晨六点，急诊科的灯已经亮了。".into()),
                DocxBlock::Subheading("一、把群众的事当自家事".into()),
                DocxBlock::Paragraph("她说：<不辛苦> & 值得。".into()),
                DocxBlock::Paragraph("图：护士长在分诊台".into()),
            ]
        );
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    }

    #[test]
    fn a_document_without_a_title_or_blocks_is_still_a_document() {
        let bytes = write_docx(&DocxDocument::default()).expect("written");
        let read = read_docx(&bytes).expect("read back");
        assert_eq!(read.title, None);
        assert!(read.blocks.is_empty());
    }
}
