//! Published articles as HTML written by our own code from the blocks (never stored HTML): for
//! feed entries and the standalone pages of the publication package. Every piece of text is
//! escaped.

use crate::showcase::views::PublicArticle;
use jinguo_domain::campaign::chinese_date;
use jinguo_domain::content::Block;

/// Escapes text for XML and HTML alike, dropping the control characters XML 1.0 forbids.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The body; images point to `image_src(content name)`.
pub fn body_html(article: &PublicArticle, image_src: &dyn Fn(&str) -> String) -> String {
    let mut html = String::new();
    for block in &article.content.blocks {
        match block {
            Block::Paragraph { text } => {
                html.push_str(&format!("<p>{}</p>\n", escape(text)));
            }
            Block::Subheading { text } => {
                html.push_str(&format!("<h2>{}</h2>\n", escape(text)));
            }
            Block::Image { media, caption } => {
                let alt = if caption.is_empty() {
                    "文章配图"
                } else {
                    caption
                };
                html.push_str(&format!(
                    "<figure><img src=\"{}\" width=\"750\" height=\"445\" alt=\"{}\">",
                    escape(&image_src(media)),
                    escape(alt)
                ));
                if !caption.is_empty() {
                    html.push_str(&format!("<figcaption>{}</figcaption>", escape(caption)));
                }
                html.push_str("</figure>\n");
            }
        }
    }
    html
}

/// Province, work unit and post, as a byline.
pub fn byline(article: &PublicArticle) -> String {
    let card = &article.card;
    [
        card.province.as_str(),
        card.work_unit.as_str(),
        card.post_name.as_str(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" ")
}

/// A page that opens on its own (no site around it), for the media to republish.
pub fn standalone_page(
    article: &PublicArticle,
    image_src: &dyn Fn(&str) -> String,
    source_url: &str,
) -> String {
    let card = &article.card;
    let themes = card
        .themes
        .iter()
        .map(|(_, label)| escape(label))
        .collect::<Vec<_>>()
        .join("、");
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>body{{max-width:760px;margin:0 auto;padding:16px;\
         font-family:\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;\
         line-height:1.85;color:#1f2329}}h1{{font-size:26px;line-height:1.4}}\
         .meta{{color:#5b6270;font-size:14px}}p{{text-indent:2em}}\
         figure{{margin:1em 0;text-align:center}}img{{max-width:100%;height:auto}}\
         figcaption{{color:#5b6270;font-size:14px}}h2{{font-size:19px;border-left:4px solid #b3191f;padding-left:8px}}\
         </style>\n</head>\n<body>\n<article>\n<h1>{title}</h1>\n\
         <p class=\"meta\">{byline} · {date} · {themes}</p>\n{body}</article>\n\
         <p class=\"meta\">来源：全国巾帼文明岗新闻发布系统 <a href=\"{source}\">{source}</a></p>\n\
         </body>\n</html>\n",
        title = escape(&card.title),
        byline = escape(&byline(article)),
        date = chinese_date(card.published_on),
        themes = themes,
        body = body_html(article, image_src),
        source = escape(source_url),
    )
}
