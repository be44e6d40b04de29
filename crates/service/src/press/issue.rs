//! Issuing, listing and revoking press kits (national reviewers and admins).

use crate::actor::{SignedIn, permit_for};
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::press::TOKEN_PREFIX;
use crate::secrets::{random_token, token_hash};
use chrono::{DateTime, NaiveDate, Utc};
use jinguo_domain::Action;
use jinguo_domain::limits::Limited;
use jinguo_domain::press::{self, KitState, check_kit};
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_storage::repo::press_kits::{self, KitItem, NewKit, PressKit};
use jinguo_storage::repo::{accounts, showcase};
use std::collections::HashSet;

/// What national typed and checked on the issuing form.
#[derive(Debug, Clone, Default)]
pub struct KitInput {
    pub title: String,
    pub note: String,
    /// How many China days the link opens (empty: 30).
    pub days: String,
    /// The published articles, in the order chosen.
    pub articles: Vec<i64>,
}

/// A kit as national sees it in the list.
#[derive(Debug, Clone)]
pub struct KitSummary {
    pub id: i64,
    pub title: String,
    pub note: String,
    pub issued_by: String,
    pub created_at: DateTime<Utc>,
    /// The last China day the link opens.
    pub last_day: NaiveDate,
    pub state: KitState,
    pub revoked_at: Option<DateTime<Utc>>,
    pub articles: usize,
    pub downloads: u64,
}

/// One article of a kit with its download counts, for the kit's page.
#[derive(Debug, Clone)]
pub struct KitArticleCounts {
    pub article_id: i64,
    /// Empty when the article is no longer public (journalists no longer see it).
    pub title: String,
    pub post_name: String,
    pub public: bool,
    pub photo_downloads: u64,
    pub docx_downloads: u64,
    pub text_downloads: u64,
}

/// A kit just issued: the link's token, shown once.
#[derive(Debug, Clone)]
pub struct Issued {
    pub token: String,
    pub kit: KitSummary,
}

async fn summary<C: jinguo_storage::ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    kit: PressKit,
    items: &[KitItem],
) -> ServiceResult<KitSummary> {
    let issued_by = accounts::get(db, kit.issued_by)
        .await?
        .map(|a| a.display_name)
        .unwrap_or_default();
    Ok(KitSummary {
        state: KitState::of(kit.revoked_at.is_some(), kit.expires_at, now),
        last_day: press::last_day(kit.expires_at),
        id: kit.id,
        title: kit.title,
        note: kit.note,
        issued_by,
        created_at: kit.created_at,
        revoked_at: kit.revoked_at,
        articles: items.len(),
        downloads: items.iter().map(KitItem::downloads).sum(),
    })
}

/// Checks the chosen articles: at least one, within the batch limit, each still public.
async fn check_articles(ctx: &Ctx, chosen: &[i64]) -> ServiceResult<Vec<i64>> {
    let mut seen = HashSet::new();
    let ids: Vec<i64> = chosen
        .iter()
        .copied()
        .filter(|id| seen.insert(*id))
        .collect();
    if ids.is_empty() {
        return Err(FieldErrors::single("ids", FieldIssue::ChooseAtLeastOne).into());
    }
    if let Err(issue) = Limited::BatchArticles.check_count(ids.len()) {
        return Err(FieldErrors::single("ids", issue).into());
    }
    let public: HashSet<i64> = showcase::get_many(&ctx.db.conn, &ids)
        .await?
        .into_iter()
        .map(|row| row.id)
        .collect();
    let gone = ids.iter().filter(|id| !public.contains(id)).count();
    if gone > 0 {
        return Err(FieldErrors::single("ids", FieldIssue::NotPublished { count: gone }).into());
    }
    Ok(ids)
}

/// Issues a kit of published articles; the link's token is returned once (only its hash is
/// kept). Audited with the kit's title and its article count.
pub async fn issue(
    ctx: &Ctx,
    who: &SignedIn,
    input: &KitInput,
    meta: &RequestMeta,
) -> ServiceResult<Issued> {
    let permit = permit_for(&who.actor, Action::IssuePressKits, &who.org)?;
    let fields = check_kit(&input.title, &input.note, &input.days);
    let articles = check_articles(ctx, &input.articles).await;
    let (fields, articles) = match (fields, articles) {
        (Ok(fields), Ok(articles)) => (fields, articles),
        (Err(mut errors), Err(ServiceError::Invalid(more))) => {
            errors.0.extend(more.0);
            return Err(errors.into());
        }
        (Err(errors), _) => return Err(errors.into()),
        (_, Err(err)) => return Err(err),
    };
    let token = format!(
        "{TOKEN_PREFIX}{}",
        random_token().map_err(|e| ServiceError::Internal(e.to_string()))?
    );
    let now = ctx.now();
    let txn = ctx.db.begin_write().await?;
    let kit = press_kits::insert(
        &txn,
        &permit,
        &NewKit {
            token_hash: &token_hash(&token),
            title: &fields.title,
            note: &fields.note,
            issued_by: who.account.id,
            now,
            expires_at: press::expires_at(now, fields.days),
            articles: &articles,
        },
    )
    .await?;
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        codes::PRESS_KIT_ISSUED,
        &format!("{} {}", kit.id, kit.title),
        &format!("{} 篇，{} 天", articles.len(), fields.days),
        meta,
    )
    .await?;
    let items = press_kits::items(&txn, kit.id).await?;
    let kit = summary(&txn, now, kit, &items).await?;
    txn.commit().await?;
    Ok(Issued { token, kit })
}

/// The kits the signed-in federation issued, newest first.
pub async fn list(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Vec<KitSummary>> {
    permit_for(&who.actor, Action::IssuePressKits, &who.org)?;
    let now = ctx.now();
    let mut out = Vec::new();
    for (kit, items) in press_kits::list_issued(&ctx.db.conn, who.org.id).await? {
        out.push(summary(&ctx.db.conn, now, kit, &items).await?);
    }
    Ok(out)
}

/// One kit with each article's downloads.
pub async fn detail(
    ctx: &Ctx,
    who: &SignedIn,
    id: i64,
) -> ServiceResult<(KitSummary, Vec<KitArticleCounts>)> {
    permit_for(&who.actor, Action::IssuePressKits, &who.org)?;
    let kit = press_kits::get(&ctx.db.conn, id)
        .await?
        .filter(|k| k.issuer == who.org.id)
        .ok_or(ServiceError::NotFound)?;
    let items = press_kits::items(&ctx.db.conn, id).await?;
    let ids: Vec<i64> = items.iter().map(|i| i.article_id).collect();
    let rows = showcase::get_many(&ctx.db.conn, &ids).await?;
    let counts = items
        .iter()
        .map(|item| {
            let row = rows.iter().find(|r| r.id == item.article_id);
            KitArticleCounts {
                article_id: item.article_id,
                title: row.map(|r| r.title.clone()).unwrap_or_default(),
                post_name: row.map(|r| r.post_name.clone()).unwrap_or_default(),
                public: row.is_some(),
                photo_downloads: item.photo_downloads,
                docx_downloads: item.docx_downloads,
                text_downloads: item.text_downloads,
            }
        })
        .collect();
    let kit = summary(&ctx.db.conn, ctx.now(), kit, &items).await?;
    Ok((kit, counts))
}

/// Revokes a kit: its link answers “已撤销” from now on, on every instance.
pub async fn revoke(ctx: &Ctx, who: &SignedIn, id: i64, meta: &RequestMeta) -> ServiceResult<()> {
    let permit = permit_for(&who.actor, Action::IssuePressKits, &who.org)?;
    let txn = ctx.db.begin_write().await?;
    let kit = press_kits::get(&txn, id)
        .await?
        .filter(|k| k.issuer == who.org.id)
        .ok_or(ServiceError::NotFound)?;
    if !press_kits::revoke(&txn, &permit, id, who.account.id, ctx.now()).await? {
        // Revoked meanwhile (a second click, another officer): nothing more to do.
        return Ok(());
    }
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        codes::PRESS_KIT_REVOKED,
        &format!("{} {}", kit.id, kit.title),
        "",
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The titles of the chosen articles that are public, in the order chosen (for the form).
pub async fn chosen_titles(ctx: &Ctx, who: &SignedIn, ids: &[i64]) -> ServiceResult<Vec<String>> {
    permit_for(&who.actor, Action::IssuePressKits, &who.org)?;
    let ids = &ids[..ids.len().min(jinguo_domain::limits::MAX_BATCH_ARTICLES)];
    let rows = showcase::get_many(&ctx.db.conn, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| rows.iter().find(|r| r.id == *id))
        .map(|r| r.title.clone())
        .collect())
}
