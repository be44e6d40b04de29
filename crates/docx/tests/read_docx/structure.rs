//! Headings, the title, tables, tracked changes, fields, text boxes and skipped content.

use jinguo_docx::{DocxBlock, DocxWarning, SkippedContent, read_docx};

use crate::builder::{Docx, PNG, drawing, p, styled};

#[test]
fn headings_are_recognised_by_style_id() {
    let docx = Docx::new()
        .body(&styled("Heading1", "一、筑牢院感防线"))
        .body(&p("感染科承担全院发热门诊的预检分诊。"))
        .body(&styled("Heading2", "（一）分区管理"));
    let document = read_docx(&docx.build()).unwrap();
    assert_eq!(
        document.blocks,
        [
            DocxBlock::Subheading("一、筑牢院感防线".into()),
            DocxBlock::Paragraph("感染科承担全院发热门诊的预检分诊。".into()),
            DocxBlock::Subheading("（一）分区管理".into()),
        ]
    );
    assert_eq!(document.title, None);
}

#[test]
fn headings_are_recognised_by_the_style_name_when_ids_are_localized() {
    // Chinese Word and WPS name built-in styles in English or Chinese under numeric ids.
    let docx = Docx::new()
        .style("1", "heading 1")
        .style("2", "标题 2")
        .style("3", "正文首行缩进")
        .body(&styled("1", "二、党员带头冲在前"))
        .body(&styled("2", "守护岗的二十四小时"))
        .body(&styled("3", "　　她们把家安在了医院。"));
    assert_eq!(
        read_docx(&docx.build()).unwrap().blocks,
        [
            DocxBlock::Subheading("二、党员带头冲在前".into()),
            DocxBlock::Subheading("守护岗的二十四小时".into()),
            DocxBlock::Paragraph("她们把家安在了医院。".into()),
        ]
    );
}

#[test]
fn an_outline_level_makes_a_paragraph_a_heading() {
    let docx = Docx::new().body(
        r#"<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>三、巾帼建功新时代</w:t></w:r></w:p>"#,
    );
    assert_eq!(
        read_docx(&docx.build()).unwrap().blocks,
        [DocxBlock::Subheading("三、巾帼建功新时代".into())]
    );
}

#[test]
fn the_first_title_styled_paragraph_is_the_title_and_not_a_block() {
    let docx = Docx::new()
        .style("a3", "Title")
        .body(&p("市第一人民医院感染科"))
        .body(&styled("a3", "疫情防控一线的‘守护岗’"))
        .body(&p("　　二〇二〇年春节，她们没有回家。"))
        .body(&styled("a3", "后记"));
    let document = read_docx(&docx.build()).unwrap();
    assert_eq!(document.title.as_deref(), Some("疫情防控一线的‘守护岗’"));
    assert_eq!(
        document.blocks,
        [
            DocxBlock::Paragraph("市第一人民医院感染科".into()),
            DocxBlock::Paragraph("二〇二〇年春节，她们没有回家。".into()),
            DocxBlock::Subheading("后记".into()),
        ]
    );
}

#[test]
fn without_a_title_style_no_title_is_guessed() {
    let docx = Docx::new()
        .body(&p("疫情防控一线的‘守护岗’"))
        .body(&p("正文。"));
    let document = read_docx(&docx.build()).unwrap();
    assert_eq!(document.title, None);
    assert_eq!(document.blocks.len(), 2);
}

#[test]
fn a_table_becomes_one_paragraph_per_row_with_a_warning() {
    let cell = |text: &str| format!("<w:tc><w:tcPr/>{}</w:tc>", p(text));
    let docx = Docx::new()
        .body(&p("守护岗成员："))
        .body(&format!(
            "<w:tbl><w:tblPr/><w:tr>{}{}{}</w:tr><w:tr>{}{}<w:tc>{}{}</w:tc></w:tr><w:tr>{}</w:tr></w:tbl>",
            cell("姓名"),
            cell("岗位"),
            cell("工作"),
            cell("王丽"),
            cell("护士长"),
            p("负责隔离病区"),
            p("每日巡查"),
            cell(""),
        ))
        .body(&p("她们是一个整体。"));
    let document = read_docx(&docx.build()).unwrap();
    assert_eq!(
        document.blocks,
        [
            DocxBlock::Paragraph("守护岗成员：".into()),
            DocxBlock::Paragraph("姓名　岗位　工作".into()),
            DocxBlock::Paragraph("王丽　护士长　负责隔离病区　每日巡查".into()),
            DocxBlock::Paragraph("她们是一个整体。".into()),
        ]
    );
    assert_eq!(document.warnings, [DocxWarning::TableFlattened { rows: 3 }]);
}

#[test]
fn tracked_insertions_are_kept_and_deletions_dropped() {
    let docx = Docx::new().style("1", "heading 1").body(
        r#"<w:p><w:pPr><w:pPrChange w:id="9" w:author="李娜"><w:pPr><w:pStyle w:val="1"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>科室</w:t></w:r><w:del w:id="1" w:author="李娜"><w:r><w:delText>十二</w:delText></w:r></w:del><w:ins w:id="2" w:author="李娜"><w:r><w:t>十五</w:t></w:r></w:ins><w:r><w:t>名护士</w:t></w:r><w:moveFrom w:id="3"><w:r><w:t>全部</w:t></w:r></w:moveFrom><w:r><w:t>主动请战</w:t></w:r><w:moveTo w:id="4"><w:r><w:t>全部</w:t></w:r></w:moveTo><w:r><w:t>。</w:t></w:r></w:p>"#,
    );
    assert_eq!(
        read_docx(&docx.build()).unwrap().blocks,
        [DocxBlock::Paragraph("科室十五名护士主动请战全部。".into())]
    );
}

#[test]
fn fields_show_their_displayed_result() {
    let docx = Docx::new().body(
        r#"<w:p><w:r><w:t>详见医院官网</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>“巾帼风采”专栏</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr=" DATE \@ &quot;yyyy年M月d日&quot; "><w:r><w:t>2020年2月1日</w:t></w:r></w:fldSimple></w:p>"#,
    );
    assert_eq!(
        read_docx(&docx.build()).unwrap().blocks,
        [DocxBlock::Paragraph(
            "详见医院官网“巾帼风采”专栏2020年2月1日".into()
        )]
    );
}

#[test]
fn text_box_paragraphs_follow_their_paragraph_once() {
    let text_box = |inner: &str| format!("<w:txbxContent>{inner}</w:txbxContent>");
    let docx = Docx::new().body(&format!(
        r#"<w:p><w:r><w:t>防护服上写满了名字。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>{}"#,
        text_box(&p("“加油！”")),
        text_box(&p("“加油！”")),
        p("下一段。"),
    ));
    assert_eq!(
        read_docx(&docx.build()).unwrap().blocks,
        [
            DocxBlock::Paragraph("防护服上写满了名字。".into()),
            DocxBlock::Paragraph("“加油！”".into()),
            DocxBlock::Paragraph("下一段。".into()),
        ]
    );
}

#[test]
fn charts_and_equations_are_skipped_with_warnings() {
    let docx = Docx::new().body(
        r#"<w:p><w:r><w:t>收治人数见下图</w:t></w:r><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId9"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p><w:p><m:oMathPara xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:oMath><m:r><m:t>x</m:t></m:r></m:oMath></m:oMathPara></w:p>"#,
    );
    let document = read_docx(&docx.build()).unwrap();
    assert_eq!(
        document.blocks,
        [DocxBlock::Paragraph("收治人数见下图".into())]
    );
    assert_eq!(
        document.warnings,
        [
            DocxWarning::SkippedContent {
                what: SkippedContent::Chart
            },
            DocxWarning::SkippedContent {
                what: SkippedContent::Equation
            },
        ]
    );
}

#[test]
fn a_nested_table_joins_its_cell_and_a_picture_in_a_row_follows_the_row() {
    let docx = Docx::new().image("rId5", "image1.png", PNG).body(&format!(
        "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc><w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>{}</w:tc><w:tc><w:p>{}</w:p></w:tc></w:tr></w:tbl>",
        p("排班"),
        p("白班"),
        p("夜班"),
        p("轮换"),
        drawing("rId5"),
    ));
    let document = read_docx(&docx.build()).unwrap();
    assert_eq!(
        document.blocks,
        [
            DocxBlock::Paragraph("排班　白班　夜班　轮换".into()),
            DocxBlock::Image {
                bytes: PNG.to_vec(),
                file_name: "image1.png".into(),
                caption: None
            },
        ]
    );
    assert_eq!(document.warnings, [DocxWarning::TableFlattened { rows: 1 }]);
}
