//! The messages an article move causes, written with the caller's transaction so a move and its
//! messages commit (or roll back) together: the post hears of a return, recommendation,
//! publication, featuring, rejection and unpublication; a federation hears of an article newly
//! pending with it.

use crate::error::ServiceResult;
use chrono::{DateTime, Utc};
use jinguo_domain::OrgId;
use jinguo_domain::review::ReviewMove;
use jinguo_storage::ConnectionTrait;
use jinguo_storage::repo::articles::Article;
use jinguo_storage::repo::inbox::{self, NewMessage};

/// A post submitted (or resubmitted after a return) an article to `holder`.
pub async fn article_submitted<C: ConnectionTrait>(
    db: &C,
    article: &Article,
    holder: OrgId,
    post_name: &str,
    resubmitted: bool,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let body = if resubmitted {
        format!("{post_name}修改后重新提交了稿件，请审核。")
    } else {
        format!("{post_name}提交了新稿件，请审核。")
    };
    send(
        db,
        holder,
        "pending",
        &pending_title(article),
        &body,
        article,
        now,
    )
    .await
}

/// A federation (`reviewer_name`) made `mv`; `holder` holds the article afterwards.
pub async fn article_reviewed<C: ConnectionTrait>(
    db: &C,
    article: &Article,
    mv: ReviewMove,
    comment: &str,
    holder: Option<OrgId>,
    reviewer_name: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let title = &article.content.title;
    let post = article.post_org_id;
    let with_comment = |lead: String| {
        if comment.is_empty() {
            lead
        } else {
            format!("{lead}\n意见：{comment}")
        }
    };
    match mv {
        ReviewMove::Forward => {
            if let Some(holder) = holder {
                let body = with_comment(format!("{reviewer_name}审核通过并上报了稿件，请审核。"));
                send(
                    db,
                    holder,
                    "pending",
                    &pending_title(article),
                    &body,
                    article,
                    now,
                )
                .await?;
            }
        }
        ReviewMove::ReturnToProvince => {
            if let Some(holder) = holder {
                let body = with_comment(format!("{reviewer_name}将稿件退回省级，请重新审核。"));
                let subject = format!("稿件《{title}》被退回省级");
                send(
                    db,
                    holder,
                    "returned_to_province",
                    &subject,
                    &body,
                    article,
                    now,
                )
                .await?;
            }
        }
        ReviewMove::Return
        | ReviewMove::Recommend
        | ReviewMove::Publish
        | ReviewMove::Feature
        | ReviewMove::Reject
        | ReviewMove::Unpublish => {
            // What the post is told, per move: message kind, subject after the title, what happened.
            let (kind, outcome, happened) = match mv {
                ReviewMove::Return => (
                    "returned",
                    "被退回修改",
                    "退回了稿件，请按意见修改后重新提交。",
                ),
                ReviewMove::Recommend => ("recommended", "已被推荐", "已将稿件列入推荐名单。"),
                ReviewMove::Publish => ("published", "已发布", "已发布稿件。"),
                ReviewMove::Feature => {
                    ("featured", "被评为优秀", "将稿件评为优秀（进京交流展示）。")
                }
                ReviewMove::Reject => ("rejected", "未被采用", "未采用稿件。"),
                _ => ("unpublished", "已撤稿", "撤下了已发布的稿件。"),
            };
            let body = with_comment(format!("{reviewer_name}{happened}"));
            let subject = format!("稿件《{title}》{outcome}");
            send(db, post, kind, &subject, &body, article, now).await?;
        }
        // The province takes it back out of its own list: nobody else needs to know.
        ReviewMove::Unrecommend => {}
    }
    Ok(())
}

fn pending_title(article: &Article) -> String {
    format!("新的待审稿件：《{}》", article.content.title)
}

async fn send<C: ConnectionTrait>(
    db: &C,
    recipient: OrgId,
    kind: &str,
    title: &str,
    body: &str,
    article: &Article,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    inbox::insert(
        db,
        &NewMessage {
            recipient,
            kind,
            title,
            body,
            article_id: Some(article.id),
        },
        now,
    )
    .await?;
    Ok(())
}
