//! A Word file chosen in the editor is appended as blocks (title filled in) and saved at once.

#[path = "../../../../docx/tests/read_docx/builder.rs"]
#[allow(dead_code, reason = "only some builders are used here")]
#[expect(clippy::unwrap_used, reason = "the docx crate's test builder")]
mod builder;

use super::support::{
    block_kinds, click, js, photo, saved_editor_path, sign_in_with_new_password, start_2026_draft,
    temp_dir, wait_for, wait_until_saved,
};
use crate::harness;
use fantoccini::Locator;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_file_is_appended_to_the_editor_and_saved() {
    let Some(browser) = harness::start().await else {
        return;
    };
    sign_in_with_new_password(&browser).await;
    start_2026_draft(&browser).await;
    let mut picture = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(photo(1600, 1000, true))
        .write_to(&mut picture, image::ImageFormat::Png)
        .expect("png");
    let body = format!(
        "{}{}{}<w:p>{}</w:p>{}{}",
        builder::styled("Title", "疫情防控一线的“守护岗”"),
        builder::p("\u{3000}\u{3000}疫情就是命令，防控就是责任。"),
        builder::styled("Heading1", "一、坚守预检分诊台"),
        builder::drawing("rIdImg1"),
        builder::styled("Caption", "图为急诊科护士在预检分诊台工作"),
        builder::p("急诊科护理组24小时轮班，守住医院第一道防线。"),
    );
    let docx = builder::Docx::new()
        .style("Title", "Title")
        .style("Heading1", "heading 1")
        .style("Caption", "caption")
        .image("rIdImg1", "image1.png", picture.get_ref())
        .body(&body)
        .build();
    let dir = temp_dir("word-import");
    let file = dir.join("守护岗.docx");
    std::fs::write(&file, docx).expect("write docx");
    browser
        .client
        .find(Locator::Css("#docx-file"))
        .await
        .expect("docx input")
        .send_keys(file.to_str().expect("utf-8 path"))
        .await
        .expect("choose file");
    click(&browser, "#docx-upload button[type=submit]").await;
    wait_for(
        &browser,
        "document.getElementById('docx-upload-status').textContent.startsWith('已导入')",
        "document.getElementById('docx-upload-status').textContent",
    )
    .await;
    assert_eq!(
        block_kinds(&browser).await,
        ["paragraph", "subheading", "image", "paragraph"]
    );
    let title = js(
        &browser,
        "return document.getElementById('title').value;",
        vec![],
    )
    .await;
    assert_eq!(title, json!("疫情防控一线的“守护岗”"));
    // Saved at once, without waiting for more typing.
    wait_until_saved(&browser).await;
    // The import's save created the draft, and the address became its own.
    let editor = saved_editor_path(&browser).await;
    browser.goto(&editor).await;
    assert_eq!(
        block_kinds(&browser).await,
        ["paragraph", "subheading", "image", "paragraph"]
    );
    let caption = js(
        &browser,
        "return document.querySelector('#blocks input[name=block_caption]').value;",
        vec![],
    )
    .await;
    assert_eq!(caption, json!("图为急诊科护士在预检分诊台工作"));
    let _ = std::fs::remove_dir_all(&dir);
    browser.finish().await;
}
