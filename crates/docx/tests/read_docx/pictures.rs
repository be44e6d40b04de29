//! Pictures: order, captions, splitting a paragraph, and those left out with a warning.

use jinguo_docx::{DocxBlock, DocxWarning, read_docx};

use crate::builder::{Docx, PNG, drawing, p, styled};

fn image(file_name: &str, caption: Option<&str>) -> DocxBlock {
    DocxBlock::Image {
        bytes: PNG.to_vec(),
        file_name: file_name.into(),
        caption: caption.map(Into::into),
    }
}

#[test]
fn a_picture_between_paragraphs_takes_the_题注_caption_below_it() {
    let docx = Docx::new()
        .style("a9", "题注")
        .image("rId5", "image1.png", PNG)
        .body(&p("　　她们在病区门口合影。"))
        .body(&format!("<w:p>{}</w:p>", drawing("rId5")))
        .body(&styled("a9", "感染科“守护岗”全体成员（摄影：张敏）"))
        .body(&p("　　合影后，她们又回到了岗位上。"));
    let document = read_docx(&docx.build()).unwrap();
    assert_eq!(
        document.blocks,
        [
            DocxBlock::Paragraph("她们在病区门口合影。".into()),
            image("image1.png", Some("感染科“守护岗”全体成员（摄影：张敏）")),
            DocxBlock::Paragraph("合影后，她们又回到了岗位上。".into()),
        ]
    );
    assert_eq!(document.warnings, []);
}

#[test]
fn a_short_line_starting_with_图_is_a_caption_but_a_long_one_is_not() {
    let long = format!("图{}", "文".repeat(60));
    let docx = Docx::new()
        .image("rId5", "image1.png", PNG)
        .image("rId6", "image2.png", PNG)
        .body(&format!("<w:p>{}</w:p>", drawing("rId5")))
        .body("<w:p/>")
        .body(&p("图为护士长王丽在隔离病区巡查"))
        .body(&format!("<w:p>{}</w:p>", drawing("rId6")))
        .body(&p(&long));
    assert_eq!(
        read_docx(&docx.build()).unwrap().blocks,
        [
            image("image1.png", Some("图为护士长王丽在隔离病区巡查")),
            image("image2.png", None),
            DocxBlock::Paragraph(long),
        ]
    );
}

#[test]
fn a_picture_inside_a_paragraph_splits_it() {
    let docx = Docx::new().image("rId5", "image1.png", PNG).body(&format!(
        r#"<w:p><w:r><w:t>　　她们的手被消毒液泡得发白，</w:t></w:r>{}<w:r><w:t>却从没有人喊过苦。</w:t></w:r></w:p>"#,
        drawing("rId5")
    ));
    assert_eq!(
        read_docx(&docx.build()).unwrap().blocks,
        [
            DocxBlock::Paragraph("她们的手被消毒液泡得发白，".into()),
            image("image1.png", None),
            DocxBlock::Paragraph("却从没有人喊过苦。".into()),
        ]
    );
}

#[test]
fn only_pictures_the_document_shows_are_returned_in_order() {
    let docx = Docx::new()
        .image("rId5", "image1.png", PNG)
        .image("rId6", "image2.png", b"unused")
        .image("rId7", "image3.jpeg", b"\xFF\xD8\xFF jpeg")
        .body(&format!(
            "<w:p>{}</w:p><w:p>{}</w:p>",
            drawing("rId7"),
            drawing("rId5")
        ));
    let blocks = read_docx(&docx.build()).unwrap().blocks;
    let names: Vec<&str> = blocks
        .iter()
        .map(|block| match block {
            DocxBlock::Image { file_name, .. } => file_name.as_str(),
            _ => "",
        })
        .collect();
    assert_eq!(names, ["image3.jpeg", "image1.png"]);
    assert!(matches!(&blocks[0], DocxBlock::Image { bytes, .. } if bytes == b"\xFF\xD8\xFF jpeg"));
}

#[test]
fn a_legacy_vml_picture_is_read() {
    let docx = Docx::new().image("rId8", "image1.png", PNG).body(
        r#"<w:p><w:r><w:pict><v:shape style="width:300pt;height:200pt"><v:imagedata r:id="rId8" o:title="" xmlns:o="urn:schemas-microsoft-com:office:office"/></v:shape></w:pict></w:r></w:p>"#,
    );
    assert_eq!(
        read_docx(&docx.build()).unwrap().blocks,
        [image("image1.png", None)]
    );
}

#[test]
fn linked_emf_and_missing_pictures_are_left_out_with_warnings() {
    let docx = Docx::new()
        .image("rId5", "image1.emf", b"\x01\x00\x00\x00 emf")
        .linked_image("rId6", "file:///C:/Users/wangli/Pictures/合影.jpg")
        .body(&format!(
            r#"<w:p>{}</w:p><w:p>{}</w:p><w:p>{}</w:p><w:p><w:r><w:drawing><a:blip r:link="rId6"/></w:drawing></w:r></w:p>"#,
            drawing("rId5"),
            drawing("rId6"),
            drawing("rId404"),
        ))
        .body(&p("正文照常。"));
    let document = read_docx(&docx.build()).unwrap();
    assert_eq!(document.blocks, [DocxBlock::Paragraph("正文照常。".into())]);
    let linked = DocxWarning::LinkedImage {
        target: "file:///C:/Users/wangli/Pictures/合影.jpg".into(),
    };
    assert_eq!(
        document.warnings,
        [
            DocxWarning::UnsupportedImage {
                file_name: "image1.emf".into()
            },
            linked.clone(),
            DocxWarning::MissingImage {
                reference: "rId404".into()
            },
            linked,
        ]
    );
}
