//! A post writes an article in the browser: blocks, live 字数, pasted Word text, two photos (one
//! re-cropped), a preview, and a submission that lands under 待审.

mod autosave_conflict;
mod first_article;
mod photo_at_caret;
mod support;
mod word_import;

use crate::harness;
use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::key::Key;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::{
    block_kinds, click, count_shown, js, photo, saved_editor_path, sign_in_with_new_password,
    start_2026_draft, temp_dir, upload_photo, wait_for, wait_until_saved,
};

const TITLE: &str = "急诊科的“守护岗”：我们在一线";

/// Two photos larger than 750×445: a soft 4:3 PNG (it looks blurry) and a sharp wide JPEG.
fn write_photos(dir: &Path) -> (PathBuf, PathBuf) {
    let png = dir.join("守护岗.png");
    photo(1600, 1200, false).save(&png).expect("write png");
    let jpeg = dir.join("wide.jpg");
    photo(2000, 1000, true).save(&jpeg).expect("write jpeg");
    (png, jpeg)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_writes_an_article_with_photos_and_submits_it() {
    let Some(browser) = harness::start().await else {
        return;
    };
    sign_in_with_new_password(&browser).await;
    start_2026_draft(&browser).await;

    // Title, a theme and the body typed into the big box, then 保存草稿 (one line, one paragraph).
    browser.fill("#title", TITLE).await;
    click(&browser, "input[name=themes]").await;
    browser
        .fill(
            "#append_text",
            "疫情发生后，急诊科护理组第一时间组建突击队。\n她们坚守预检分诊岗位，守护群众健康。",
        )
        .await;
    browser
        .click_and_wait("button[name=intent][value=save]")
        .await;
    assert!(browser.body_text().await.contains("草稿已保存"));
    let editor = saved_editor_path(&browser).await;
    assert_eq!(block_kinds(&browser).await, ["paragraph", "paragraph"]);
    assert_eq!(count_shown(&browser).await, 40);

    // Block tools: a paragraph after the first, a subheading at the end moved up one place.
    click(
        &browser,
        "#blocks > .block:nth-child(1) [data-action=add-paragraph]",
    )
    .await;
    browser
        .fill(
            "#blocks > .block:nth-child(2) textarea",
            "她们说：“穿上白衣，就是战士。”",
        )
        .await;
    click(&browser, ".block-adder [data-action=add-subheading]").await;
    browser
        .fill(
            "#blocks > .block:nth-child(4) input[name=block_text]",
            "一、坚守",
        )
        .await;
    click(&browser, "#blocks > .block:nth-child(4) [data-action=up]").await;
    assert_eq!(
        block_kinds(&browser).await,
        ["paragraph", "paragraph", "subheading", "paragraph"]
    );

    // Text pasted from Word becomes one paragraph per line, without the indentation.
    click(&browser, ".block-adder [data-action=add-paragraph]").await;
    let pasted = js(
        &browser,
        "const area = document.querySelector('#blocks > .block:last-child textarea');
         area.focus();
         const data = new DataTransfer();
         data.setData('text/plain', arguments[0]);
         area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
         return Array.from(document.querySelectorAll('#blocks > .block')).slice(-3)
           .map(b => b.querySelector('textarea').value);",
        vec![json!(
            "\u{3000}\u{3000}疫情就是命令。\r\n\r\n\u{3000}\u{3000}防控就是责任。\n   \n最后一段"
        )],
    )
    .await;
    assert_eq!(
        pasted,
        json!(["疫情就是命令。", "防控就是责任。", "最后一段"])
    );

    // The live count agrees with the server's cases, typed into an empty paragraph.
    let cases: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/tests/word_count_cases.json"),
        )
        .expect("cases file"),
    )
    .expect("cases json");
    click(&browser, ".block-adder [data-action=add-paragraph]").await;
    let area = "#blocks > .block:last-child textarea";
    let baseline = count_shown(&browser).await;
    let mut typed = 0;
    for case in &cases {
        let text = case["text"].as_str().expect("text");
        let expected = case["count"].as_u64().expect("count");
        let counted = js(
            &browser,
            "return jinguoCountWords(arguments[0]);",
            vec![json!(text)],
        )
        .await;
        assert_eq!(
            counted.as_u64(),
            Some(expected),
            "jinguoCountWords({text:?})"
        );
        // ChromeDriver types only the BMP, and reads U+E000… as special keys.
        let typeable = !text.is_empty()
            && text.chars().all(|c| {
                (c as u32) >= 0x20
                    && (c as u32) <= 0xffff
                    && !('\u{e000}'..='\u{f8ff}').contains(&c)
            });
        if !typeable {
            continue;
        }
        browser.fill(area, text).await;
        let value = js(
            &browser,
            &format!("return document.querySelector('{area}').value;"),
            vec![],
        )
        .await;
        assert_eq!(value.as_str(), Some(text), "typed text");
        assert_eq!(
            count_shown(&browser).await,
            baseline + expected,
            "live count for {text:?}"
        );
        typed += 1;
    }
    assert!(typed >= 5, "only {typed} cases could be typed");

    // Over the limit the meter says by how much.
    let over = js(
        &browser,
        &format!(
            "const area = document.querySelector('{area}');
             area.value = '字'.repeat(2001);
             area.dispatchEvent(new Event('input', {{bubbles: true}}));
             const meter = document.getElementById('word-meter');
             return [meter.classList.contains('is-over'), document.getElementById('word-over').textContent];"
        ),
        vec![],
    )
    .await;
    assert_eq!(over, json!([true, format!("超出 {} 字", baseline + 1)]));
    js(&browser, "window.scrollTo(0, 0);", vec![]).await;
    browser.screenshots("editor-over-limit").await;
    browser.fill(area, "").await;
    assert_eq!(count_shown(&browser).await, baseline);

    // Two photos, inserted after the first paragraph (the current block), with captions.
    let dir = temp_dir("write-article");
    let (png, jpeg) = write_photos(&dir);
    click(&browser, "#blocks > .block:nth-child(1) textarea").await;
    upload_photo(&browser, &png, 1).await;
    click(
        &browser,
        "#blocks > .block:nth-child(2) input[name=block_caption]",
    )
    .await;
    upload_photo(&browser, &jpeg, 2).await;
    let kinds = block_kinds(&browser).await;
    assert_eq!(&kinds[..3], ["paragraph", "image", "image"]);
    let warned = js(
        &browser,
        "return [2, 3].map(n => !!document.querySelector(`#blocks > .block:nth-child(${n}) .block-warn`));",
        vec![],
    )
    .await;
    assert_eq!(
        warned,
        json!([true, false]),
        "only the soft photo is called blurry"
    );
    browser
        .fill(
            "#blocks > .block:nth-child(2) input[name=block_caption]",
            "图为护士在预检分诊台工作",
        )
        .await;
    browser
        .fill(
            "#blocks > .block:nth-child(3) input[name=block_caption]",
            "图为突击队合影",
        )
        .await;
    click(&browser, "#blocks > .block:nth-child(3) input[name=cover]").await;
    wait_until_saved(&browser).await;
    // The server counted the saved text as the page did.
    let stored = js(
        &browser,
        "return fetch('/api/v1/articles/' + document.getElementById('editor').dataset.articleId)
           .then(r => r.json()).then(a => a.word_count);",
        vec![],
    )
    .await;
    assert_eq!(stored.as_u64(), Some(count_shown(&browser).await));
    js(
        &browser,
        "document.querySelector('#blocks > .block:nth-child(2)').scrollIntoView({block: 'start'});",
        vec![],
    )
    .await;
    browser.screenshots("editor").await;
    js(
        &browser,
        "document.querySelector('.block-adder').scrollIntoView({block: 'start'});",
        vec![],
    )
    .await;
    browser.screenshots("editor-uploads").await;

    // Re-crop the wide photo: drag the window left, nudge it right with the keyboard, apply.
    let media = "#blocks > .block:nth-child(3) input[name=block_media]";
    let old_media = js(
        &browser,
        &format!("return document.querySelector('{media}').value;"),
        vec![],
    )
    .await;
    click(&browser, "#blocks > .block:nth-child(3) [data-action=crop]").await;
    wait_for(
        &browser,
        "document.querySelector('.crop-dialog').open && !document.querySelector('[data-crop-apply]').disabled",
        "document.querySelector('.crop-status').textContent",
    )
    .await;
    browser.screenshots("crop").await;
    let left = "return parseFloat(document.querySelector('.crop-window').style.left);";
    let centred = js(&browser, left, vec![]).await.as_f64().expect("left");
    let window = browser
        .client
        .find(Locator::Css(".crop-window"))
        .await
        .expect("crop window");
    browser
        .client
        .perform_actions(
            MouseActions::new("mouse".into())
                .then(PointerAction::MoveToElement {
                    element: window.clone(),
                    duration: None,
                    x: 0.0,
                    y: 0.0,
                })
                .then(PointerAction::Down {
                    button: MOUSE_BUTTON_LEFT,
                })
                .then(PointerAction::MoveBy {
                    duration: Some(Duration::from_millis(200)),
                    x: -40.0,
                    y: 0.0,
                })
                .then(PointerAction::Up {
                    button: MOUSE_BUTTON_LEFT,
                }),
        )
        .await
        .expect("drag");
    let dragged = js(&browser, left, vec![]).await.as_f64().expect("left");
    assert!(dragged < centred, "dragged from {centred}% to {dragged}%");
    window.send_keys(&Key::Right).await.expect("arrow key");
    let nudged = js(&browser, left, vec![]).await.as_f64().expect("left");
    assert!(nudged > dragged, "nudged from {dragged}% to {nudged}%");
    click(&browser, "[data-crop-apply]").await;
    wait_for(
        &browser,
        "!document.querySelector('.crop-dialog').open",
        "document.querySelector('.crop-status').textContent",
    )
    .await;
    let new_media = js(
        &browser,
        &format!(
            "const m = document.querySelector('{media}').value;
             const block = document.querySelector('#blocks > .block:nth-child(3)');
             return [m, block.querySelector('img').getAttribute('src'), block.querySelector('input[name=cover]').value,
                     block.querySelector('input[name=cover]').checked];"
        ),
        vec![],
    )
    .await;
    let new_name = new_media[0].as_str().expect("media");
    assert_ne!(
        Some(new_name),
        old_media.as_str(),
        "the crop made a new image"
    );
    assert!(new_media[1].as_str().expect("src").contains(new_name));
    assert_eq!(new_media[2].as_str(), Some(new_name), "the cover follows");
    assert_eq!(new_media[3], json!(true), "still the cover");

    // The preview shows the title and both photos (the re-cropped one by its new name).
    browser
        .click_and_wait("button[name=intent][value=preview]")
        .await;
    assert!(browser.path().await.ends_with("/preview"));
    assert!(browser.body_text().await.contains(TITLE));
    let images = js(
        &browser,
        "return Array.from(document.querySelectorAll('.article-body img')).map(i => i.getAttribute('src'));",
        vec![],
    )
    .await;
    let images: Vec<String> = serde_json::from_value(images).expect("images");
    assert_eq!(images.len(), 2, "{images:?}");
    assert!(images[1].contains(new_name), "{images:?}");
    wait_for(
        &browser,
        "Array.from(document.querySelectorAll('.article-body img')).every(i => i.complete && i.naturalWidth === 750)",
        "Array.from(document.querySelectorAll('.article-body img')).map(i => i.naturalWidth)",
    )
    .await;
    browser.screenshots("preview").await;

    // Back in the editor, submit; it is listed under 待审.
    browser.goto(&editor).await;
    browser
        .click_and_wait("button[name=intent][value=submit]")
        .await;
    assert_eq!(browser.path().await, "/articles");
    let current_tab = js(
        &browser,
        "const a = document.querySelector('nav.tabs a[aria-current=page]'); return a && a.textContent;",
        vec![],
    )
    .await;
    assert!(
        current_tab.as_str().unwrap_or("").contains("待审"),
        "{current_tab}"
    );
    let text = browser.body_text().await;
    assert!(text.contains(TITLE), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
    browser.finish().await;
}
