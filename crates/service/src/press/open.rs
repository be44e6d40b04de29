//! What a journalist sees behind a press kit's link: no account, only the link's token. A link
//! that is unknown is 404; expired or revoked, it says so and gives nothing; an article
//! unpublished since the kit was issued is left out.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::token_hash;
use crate::showcase::pages::current_directory;
use crate::showcase::views::PublicArticle;
use chrono::NaiveDate;
use jinguo_domain::OrgId;
use jinguo_domain::content::Block;
use jinguo_domain::press::{self, KitState};
use jinguo_storage::repo::orgs;
use jinguo_storage::repo::press_kits::{self, PressContact, PressKit};
use jinguo_storage::repo::showcase;

/// Who a journalist calls about an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The post (“渝中区人民医院急诊科护理组”) or the federation (“重庆市妇联”).
    pub unit: String,
    /// Empty when none is recorded.
    pub person: String,
    pub phone: String,
}

/// One photo of an article, in the order the article shows them.
#[derive(Debug, Clone)]
pub struct KitPhoto {
    /// 1-based, as in the download's address.
    pub number: usize,
    pub caption: String,
    /// The processed image's name (the page shows its 750-wide version as a preview).
    pub media: String,
}

#[derive(Debug, Clone)]
pub struct KitArticle {
    pub article: PublicArticle,
    pub photos: Vec<KitPhoto>,
    pub post_contact: Contact,
    pub province_contact: Contact,
}

/// A kit that opens.
#[derive(Debug, Clone)]
pub struct OpenKit {
    pub id: i64,
    pub title: String,
    pub note: String,
    pub issuer: String,
    pub issuer_contact: Contact,
    pub last_day: NaiveDate,
    pub articles: Vec<KitArticle>,
    /// Articles of the kit no longer public, left out.
    pub withdrawn: usize,
}

/// The kit a token names, if it is live; expired or revoked is [`ServiceError::LinkClosed`].
pub(crate) async fn live_kit(ctx: &Ctx, token: &str) -> ServiceResult<PressKit> {
    if !token.starts_with(super::TOKEN_PREFIX) || token.len() > 100 {
        return Err(ServiceError::NotFound);
    }
    let kit = press_kits::find_by_hash(&ctx.db.conn, &token_hash(token))
        .await?
        .ok_or(ServiceError::NotFound)?;
    match KitState::of(kit.revoked_at.is_some(), kit.expires_at, ctx.now()) {
        KitState::Live => Ok(kit),
        state => Err(ServiceError::LinkClosed {
            revoked: state == KitState::Revoked,
            last_day: press::last_day(kit.expires_at),
        }),
    }
}

pub(crate) fn photos_of(article: &PublicArticle) -> Vec<KitPhoto> {
    article
        .content
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Image { media, caption } => Some((media.clone(), caption.clone())),
            _ => None,
        })
        .enumerate()
        .map(|(i, (media, caption))| KitPhoto {
            number: i + 1,
            caption,
            media,
        })
        .collect()
}

fn contact_of(contacts: &[PressContact], org: OrgId, unit: String) -> Contact {
    let found = contacts.iter().find(|c| c.org == org);
    Contact {
        unit,
        person: found.map(|c| c.person.clone()).unwrap_or_default(),
        phone: found.map(|c| c.phone.clone()).unwrap_or_default(),
    }
}

/// The public articles of a kit in its order (for the page and the downloads).
pub(crate) async fn kit_articles(
    ctx: &Ctx,
    kit: &PressKit,
) -> ServiceResult<(Vec<PublicArticle>, usize)> {
    let directory = current_directory(ctx).await?;
    let items = press_kits::items(&ctx.db.conn, kit.id).await?;
    let ids: Vec<i64> = items.iter().map(|i| i.article_id).collect();
    let rows = showcase::get_many(&ctx.db.conn, &ids).await?;
    let articles: Vec<PublicArticle> = items
        .iter()
        .filter_map(|item| rows.iter().find(|r| r.id == item.article_id))
        .map(|row| PublicArticle::from_row(row, &directory))
        .collect();
    let withdrawn = items.len() - articles.len();
    Ok((articles, withdrawn))
}

/// Opens a kit by its link's token.
pub async fn open(ctx: &Ctx, token: &str) -> ServiceResult<OpenKit> {
    let kit = live_kit(ctx, token).await?;
    let (articles, withdrawn) = kit_articles(ctx, &kit).await?;
    let directory = current_directory(ctx).await?;
    // The posts, their provinces and the issuer: names, federation names and contacts.
    let rows = showcase::get_many(
        &ctx.db.conn,
        &articles.iter().map(|a| a.card.id).collect::<Vec<_>>(),
    )
    .await?;
    let mut org_ids: Vec<OrgId> = vec![kit.issuer];
    for row in &rows {
        org_ids.push(OrgId(row.post_id));
        if let Some(province) = directory.province_of(&row.post_path) {
            org_ids.push(OrgId(province.id));
        }
    }
    org_ids.sort_by_key(|o| o.0);
    org_ids.dedup();
    let orgs = orgs::by_ids(&ctx.db.conn, &org_ids).await?;
    let contacts = press_kits::contacts(&ctx.db.conn, &org_ids).await?;
    let federation_name = |id: OrgId| {
        orgs.get(&id)
            .map(|o| o.federation_name.clone())
            .unwrap_or_default()
    };
    let kit_articles = articles
        .into_iter()
        .map(|article| {
            let row = rows.iter().find(|r| r.id == article.card.id);
            let post = OrgId(row.map_or(0, |r| r.post_id));
            let profile = orgs.get(&post).and_then(|o| o.post.as_ref());
            let province = row.and_then(|r| directory.province_of(&r.post_path));
            let province_contact = match province {
                Some(p) => contact_of(&contacts, OrgId(p.id), federation_name(OrgId(p.id))),
                None => Contact {
                    unit: String::new(),
                    person: String::new(),
                    phone: String::new(),
                },
            };
            KitArticle {
                photos: photos_of(&article),
                post_contact: Contact {
                    unit: article.card.post_name.clone(),
                    person: profile
                        .map(|p| p.contact_person.clone())
                        .unwrap_or_default(),
                    phone: profile.map(|p| p.contact_phone.clone()).unwrap_or_default(),
                },
                province_contact,
                article,
            }
        })
        .collect();
    Ok(OpenKit {
        id: kit.id,
        issuer: federation_name(kit.issuer),
        issuer_contact: contact_of(&contacts, kit.issuer, federation_name(kit.issuer)),
        title: kit.title,
        note: kit.note,
        last_day: press::last_day(kit.expires_at),
        articles: kit_articles,
        withdrawn,
    })
}

/// The plain text of an article for journalists: title, post, then the body, captions marked.
pub fn article_text(article: &PublicArticle) -> String {
    let card = &article.card;
    let mut out = format!("{}\n\n", card.title);
    let byline = [
        card.province.as_str(),
        card.district.as_str(),
        card.post_name.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    if !byline.is_empty() {
        out.push_str(&byline);
        out.push_str("\n\n");
    }
    for block in &article.content.blocks {
        match block {
            Block::Paragraph { text } => {
                out.push_str("　　");
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::Subheading { text } => {
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::Image { caption, .. } if !caption.is_empty() => {
                out.push_str("（图：");
                out.push_str(caption);
                out.push_str("）\n\n");
            }
            Block::Image { .. } => {}
        }
    }
    out.trim_end().to_string() + "\n"
}
