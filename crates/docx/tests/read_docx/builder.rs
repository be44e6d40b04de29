//! Builds small .docx files in memory with the zip crate's writer (hostile zips: `bombs.rs`).

use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

/// A 1×1 transparent PNG: the reader passes picture bytes through without decoding them.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const DOCUMENT_OPEN: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>"#;

const DOCUMENT_CLOSE: &str =
    r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#;

const IMAGE_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";

/// A .docx under construction: body XML, paragraph styles, pictures.
#[derive(Default)]
pub struct Docx {
    body: String,
    styles: String,
    rels: Vec<(String, String, bool)>,
    media: Vec<(String, Vec<u8>)>,
}

impl Docx {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends raw body XML (paragraphs, tables).
    pub fn body(mut self, xml: &str) -> Self {
        self.body.push_str(xml);
        self
    }

    /// Declares a paragraph style, as Word and WPS write it in styles.xml.
    pub fn style(mut self, id: &str, name: &str) -> Self {
        self.styles.push_str(&format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="a"/><w:qFormat/></w:style>"#
        ));
        self
    }

    /// Embeds `bytes` as `word/media/{file_name}` under relationship `rel_id`.
    pub fn image(mut self, rel_id: &str, file_name: &str, bytes: &[u8]) -> Self {
        self.rels
            .push((rel_id.to_owned(), format!("media/{file_name}"), false));
        self.media.push((file_name.to_owned(), bytes.to_vec()));
        self
    }

    /// A relationship to a picture outside the document.
    pub fn linked_image(mut self, rel_id: &str, url: &str) -> Self {
        self.rels.push((rel_id.to_owned(), url.to_owned(), true));
        self
    }

    pub fn build(&self) -> Vec<u8> {
        let styles = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:latentStyles><w:lsdException w:name="heading 1" w:uiPriority="9"/></w:latentStyles><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>{}</w:styles>"#,
            self.styles
        );
        let rels: String = self
            .rels
            .iter()
            .map(|(id, target, external)| {
                let mode = if *external {
                    r#" TargetMode="External""#
                } else {
                    ""
                };
                format!(r#"<Relationship Id="{id}" Type="{IMAGE_TYPE}" Target="{target}"{mode}/>"#)
            })
            .collect();
        let rels = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>{rels}</Relationships>"#
        );
        let document = format!("{DOCUMENT_OPEN}{}{DOCUMENT_CLOSE}", self.body);
        let mut parts = vec![
            (
                "[Content_Types].xml".to_owned(),
                CONTENT_TYPES.as_bytes().to_vec(),
            ),
            ("word/document.xml".to_owned(), document.into_bytes()),
            ("word/styles.xml".to_owned(), styles.into_bytes()),
            ("word/_rels/document.xml.rels".to_owned(), rels.into_bytes()),
        ];
        for (name, bytes) in &self.media {
            parts.push((format!("word/media/{name}"), bytes.clone()));
        }
        zip_parts(&parts)
    }
}

/// Zips the parts, deflated, as Word does.
pub fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A paragraph of one run, optionally styled.
pub fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

pub fn styled(style_id: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
    )
}

/// A run holding an inline picture, as Word writes it.
pub fn drawing(rel_id: &str) -> String {
    format!(
        r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="5274310" cy="3129280"/><wp:docPr id="1" name="图片 1" descr="病区消杀"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    )
}
