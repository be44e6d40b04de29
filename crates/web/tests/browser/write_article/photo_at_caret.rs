//! A photo goes where the writer is (issue 13 §4): chosen after typing in the 正文 box, it lands
//! after that text, never above it; chosen with the caret inside a paragraph, it splits the
//! paragraph there. Then the draft is saved and the order kept. On a phone only the block being
//! edited shows its tools.

use super::support::{
    block_kinds, js, photo, saved_editor_path, sign_in_with_new_password, start_2026_draft,
    temp_dir, upload_photo, wait_until_saved,
};
use crate::harness;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_lands_after_the_text_typed_and_at_the_caret() {
    let Some(browser) = harness::start().await else {
        return;
    };
    sign_in_with_new_password(&browser).await;
    start_2026_draft(&browser).await;
    let dir = temp_dir("photo-at-caret");
    let path = dir.join("ward.png");
    photo(1600, 1000, true).save(&path).expect("write png");

    // A nurse types two lines in the big box, then chooses a photo: it comes after them.
    browser.fill("#title", "夜班护士的一天").await;
    browser
        .fill(
            "#append_text",
            "凌晨两点，病房里很安静。\n护士长轻轻推开门。",
        )
        .await;
    upload_photo(&browser, &path, 1).await;
    assert_eq!(
        block_kinds(&browser).await,
        ["paragraph", "paragraph", "image"]
    );
    let typed = js(
        &browser,
        "return document.getElementById('append_text').value",
        vec![],
    )
    .await;
    assert_eq!(typed, json!(""), "the typed text moved into the article");

    // The caret after “凌晨两点，” in the first paragraph: a photo chosen there splits it.
    js(
        &browser,
        "const area = document.querySelector('#blocks > .block:nth-child(1) textarea');
         area.focus(); area.setSelectionRange(5, 5); area.blur();",
        vec![],
    )
    .await;
    upload_photo(&browser, &path, 2).await;
    assert_eq!(
        block_kinds(&browser).await,
        ["paragraph", "image", "paragraph", "paragraph", "image"]
    );
    let texts = js(
        &browser,
        "return Array.from(document.querySelectorAll('#blocks > .block textarea')).map(a => a.value)",
        vec![],
    )
    .await;
    assert_eq!(
        texts,
        json!(["凌晨两点，", "病房里很安静。", "护士长轻轻推开门。"])
    );
    wait_until_saved(&browser).await;
    // The autosave created the draft, and the address became the draft's own.
    let editor = saved_editor_path(&browser).await;
    browser.goto(&editor).await;
    assert_eq!(
        block_kinds(&browser).await,
        ["paragraph", "image", "paragraph", "paragraph", "image"],
        "the order is what was saved"
    );
    browser.screenshots("editor-photo-at-caret").await;

    // On a phone only the block being edited shows its tools.
    browser.resize(390, 844).await;
    let shown = js(
        &browser,
        "document.querySelector('#blocks > .block:nth-child(3) textarea').focus();
         return Array.from(document.querySelectorAll('#blocks > .block > .block-tools'))
           .filter(t => getComputedStyle(t).display !== 'none').length;",
        vec![],
    )
    .await;
    assert_eq!(shown, json!(1), "tools on the focused block only");
    browser.resize(1280, 900).await;
    browser.finish().await;
}
