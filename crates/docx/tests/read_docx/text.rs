//! Body text: runs, breaks, whitespace and indentation, empty paragraphs.

use jinguo_docx::{DocxBlock, read_docx};

use crate::builder::{Docx, p};

fn paragraphs(docx: &Docx) -> Vec<DocxBlock> {
    read_docx(&docx.build()).unwrap().blocks
}

#[test]
fn runs_are_joined_and_a_soft_break_becomes_a_newline() {
    let docx = Docx::new().body(
        r#"<w:p><w:r><w:t>凌晨三点，</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>感染科护士长</w:t></w:r><w:r><w:t>王丽</w:t></w:r><w:r><w:t xml:space="preserve">仍在隔离病区巡查。</w:t><w:br/><w:t>“守好这道门，</w:t></w:r><w:r><w:tab/><w:t>就是守住全院。” &amp; 她说。</w:t></w:r></w:p>"#,
    );
    assert_eq!(
        paragraphs(&docx),
        [DocxBlock::Paragraph(
            "凌晨三点，感染科护士长王丽仍在隔离病区巡查。\n“守好这道门， 就是守住全院。” & 她说。"
                .into()
        )]
    );
}

#[test]
fn full_width_indentation_is_trimmed_and_whitespace_only_runs_collapse() {
    let docx = Docx::new().body(
        r#"<w:p><w:r><w:t xml:space="preserve">　　</w:t></w:r><w:r><w:t xml:space="preserve">疫情防控一线的“守护岗”，</w:t></w:r><w:r><w:t xml:space="preserve">   </w:t></w:r><w:r><w:t xml:space="preserve">  </w:t></w:r><w:r><w:t>是一群平均年龄不到三十岁的姑娘。</w:t></w:r></w:p>"#,
    );
    assert_eq!(
        paragraphs(&docx),
        [DocxBlock::Paragraph(
            "疫情防控一线的“守护岗”， 是一群平均年龄不到三十岁的姑娘。".into()
        )]
    );
}

#[test]
fn empty_and_blank_paragraphs_are_dropped() {
    let docx = Docx::new()
        .body(&p("第一段。"))
        .body(r#"<w:p/><w:p><w:pPr><w:jc w:val="both"/></w:pPr></w:p>"#)
        .body(&p("　　 　"))
        .body(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#)
        .body(&p("第二段。"));
    assert_eq!(
        paragraphs(&docx),
        [
            DocxBlock::Paragraph("第一段。".into()),
            DocxBlock::Paragraph("第二段。".into()),
        ]
    );
}

#[test]
fn tab_stops_and_paragraph_marks_add_no_text() {
    let docx = Docx::new().body(
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs><w:rPr><w:ins w:id="1" w:author="王丽"/></w:rPr></w:pPr><w:r><w:t>每日两次全面消杀。</w:t></w:r></w:p>"#,
    );
    assert_eq!(
        paragraphs(&docx),
        [DocxBlock::Paragraph("每日两次全面消杀。".into())]
    );
}

#[test]
fn a_line_feed_inside_run_text_is_a_space_not_a_break() {
    let docx = Docx::new().body(&p("二十四小时\n轮班"));
    assert_eq!(
        paragraphs(&docx),
        [DocxBlock::Paragraph("二十四小时 轮班".into())]
    );
}
