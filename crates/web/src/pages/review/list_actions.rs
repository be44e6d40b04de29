//! The forms of the 推荐名单 page: save the whole list's order and reasons, move an item, save
//! one reason, recall it, push the list. A
//! success redirects back to the list; a refusal re-renders it with the reason (and a refused
//! reason as typed), and a push below the minimum asks for confirmation first.

use crate::auth::Page;
use crate::error::{PageError, classify};
use crate::messages;
use crate::pages::render::{FormErrors, render};
use crate::pages::review::list::{Confirmation, TypedReason, list_page};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::recommendation::Direction;
use jinguo_domain::review::ReviewMove;
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_service::ServiceError;
use jinguo_service::review::act::act;
use jinguo_service::review::list::recommendation_list;
use jinguo_service::review::list_edit::{
    Arranged, PushOutcome, arrange, move_item, push_list, set_reason,
};
use serde::Deserialize;

fn back(campaign: i64, notice: &str) -> Response {
    Redirect::to(&format!("/review/list?campaign={campaign}&notice={notice}")).into_response()
}

/// Re-renders the list after a refused form (missing or foreign items are plain 404s).
async fn refused(
    state: &AppState,
    page: &Page,
    campaign: Option<i64>,
    err: ServiceError,
    typed: Vec<TypedReason>,
) -> Result<Response, PageError> {
    if matches!(err, ServiceError::NotFound | ServiceError::Forbidden) {
        return Err(err.into());
    }
    let status = classify(&err).0;
    let list = recommendation_list(&state.ctx, &page.who, campaign).await?;
    // Reasons refused row by row are shown beside their rows; anything else above the list.
    let errors = if typed.iter().any(|t| !t.error.is_empty()) {
        FormErrors::default()
    } else {
        FormErrors::from_service(&err)
    };
    Ok(render(
        status,
        &list_page(page, list, &typed, None, String::new(), errors),
    ))
}

#[derive(Debug, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    pub direction: String,
}

pub async fn move_recommendation(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<MoveForm>,
) -> Result<Response, PageError> {
    let direction = Direction::parse(&form.direction).ok_or_else(|| {
        ServiceError::Invalid(FieldErrors::single("direction", FieldIssue::Required))
    })?;
    let campaign = move_item(&state.ctx, &page.who, id, direction).await?;
    Ok(back(campaign, "moved"))
}

#[derive(Debug, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub campaign: Option<i64>,
}

pub async fn save_recommendation_reason(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, PageError> {
    match set_reason(&state.ctx, &page.who, id, &form.reason).await {
        Ok(campaign) => Ok(back(campaign, "reason")),
        Err(err) => {
            let typed = match &err {
                ServiceError::Invalid(errors) => vec![TypedReason {
                    article_id: id,
                    reason: form.reason.clone(),
                    position: None,
                    error: messages::field_errors(errors)
                        .into_iter()
                        .map(|(_, message)| message)
                        .collect::<Vec<_>>()
                        .join("；"),
                }],
                _ => Vec::new(),
            };
            refused(&state, &page, form.campaign, err, typed).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct RecallForm {
    #[serde(default)]
    pub version: Option<i32>,
    #[serde(default)]
    pub campaign: Option<i64>,
}

/// 撤回推荐: the review move `Unrecommend`, version-guarded, until national acts on the article.
pub async fn recall_recommendation(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<RecallForm>,
) -> Result<Response, PageError> {
    match act(
        &state.ctx,
        &page.who,
        id,
        ReviewMove::Unrecommend,
        "",
        form.version,
    )
    .await
    {
        Ok(article) => Ok(back(
            form.campaign.unwrap_or(article.campaign_id),
            "recalled",
        )),
        Err(err) => refused(&state, &page, form.campaign, err, Vec::new()).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct PushForm {
    pub campaign: i64,
    /// The confirmation checkbox of a push below the minimum.
    #[serde(default)]
    pub confirm: String,
}

pub async fn push_recommendation_list(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<PushForm>,
) -> Result<Response, PageError> {
    let confirmed = form.confirm == "yes";
    match push_list(&state.ctx, &page.who, form.campaign, confirmed, &page.meta).await {
        Ok(PushOutcome::Pushed { below_min, .. }) => Ok(back(
            form.campaign,
            if below_min.is_some() {
                "pushed_below"
            } else {
                "pushed"
            },
        )),
        Ok(PushOutcome::NeedsConfirmation { count, min }) => {
            let list = recommendation_list(&state.ctx, &page.who, Some(form.campaign)).await?;
            let view = list_page(
                &page,
                list,
                &[],
                Some(Confirmation { count, min }),
                String::new(),
                FormErrors::default(),
            );
            Ok(render(StatusCode::OK, &view))
        }
        Err(err) => refused(&state, &page, Some(form.campaign), err, Vec::new()).await,
    }
}

/// One row of the whole-list form as typed: the article, the position box, the reason.
struct TypedRow {
    article_id: i64,
    position: String,
    reason: String,
}

/// The rows of the form in page order: each `article` field opens a row, the `position` and
/// `reason` fields after it fill it.
fn typed_rows(pairs: &[(String, String)]) -> Vec<TypedRow> {
    let mut rows: Vec<TypedRow> = Vec::new();
    for (key, value) in pairs {
        match (key.as_str(), rows.last_mut()) {
            ("article", _) => rows.push(TypedRow {
                article_id: value.trim().parse().unwrap_or(0),
                position: String::new(),
                reason: String::new(),
            }),
            ("position", Some(row)) => row.position.clone_from(value),
            ("reason", Some(row)) => row.reason.clone_from(value),
            _ => {}
        }
    }
    rows
}

/// The order the reviewer asked for. Rows whose number was left as it was keep their order;
/// each row given another number is then put at that place (smallest number first), so typing
/// 1 beside the 17th article puts it at the top, and 3 beside the first puts it third. A blank,
/// zero or unreadable box leaves its row where it is.
fn arranged_order(rows: &[TypedRow]) -> Vec<usize> {
    let wanted = |index: usize| {
        rows[index]
            .position
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .unwrap_or(index + 1)
    };
    let (mut moved, mut order): (Vec<usize>, Vec<usize>) =
        (0..rows.len()).partition(|&i| wanted(i) != i + 1);
    moved.sort_by_key(|&i| (wanted(i), i));
    for index in moved {
        let at = (wanted(index) - 1).min(order.len());
        order.insert(at, index);
    }
    order
}

/// 保存排序和理由: the whole list's order and every reason in one save. A refused reason, or a
/// list a colleague changed meanwhile, shows the list again with everything as typed.
pub async fn arrange_recommendation_list(
    State(state): State<AppState>,
    page: Page,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let campaign = pairs
        .iter()
        .find(|(k, _)| k == "campaign")
        .and_then(|(_, v)| v.trim().parse::<i64>().ok())
        .ok_or(ServiceError::NotFound)?;
    let rows = typed_rows(&pairs);
    let order = arranged_order(&rows);
    let arranged: Vec<Arranged> = order
        .iter()
        .map(|&i| Arranged {
            article_id: rows[i].article_id,
            reason: rows[i].reason.clone(),
        })
        .collect();
    match arrange(&state.ctx, &page.who, campaign, &arranged).await {
        Ok(()) => Ok(back(campaign, "arranged")),
        Err(err) => {
            let refused_reasons = match &err {
                ServiceError::Invalid(errors) => Some(errors),
                _ => None,
            };
            let typed = order
                .iter()
                .enumerate()
                .map(|(sorted, &i)| TypedReason {
                    article_id: rows[i].article_id,
                    reason: rows[i].reason.clone(),
                    position: Some(rows[i].position.clone()),
                    error: refused_reasons
                        .and_then(|e| e.for_field(&format!("items[{sorted}].reason")))
                        .map(messages::issue)
                        .unwrap_or_default(),
                })
                .collect();
            refused(&state, &page, Some(campaign), err, typed).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{TypedRow, arranged_order};

    fn rows(positions: &[&str]) -> Vec<TypedRow> {
        positions
            .iter()
            .enumerate()
            .map(|(i, p)| TypedRow {
                article_id: i as i64 + 1,
                position: p.to_string(),
                reason: String::new(),
            })
            .collect()
    }

    #[test]
    fn typed_positions_order_the_list_and_a_changed_number_wins_its_place() {
        // Unchanged: the same order.
        assert_eq!(arranged_order(&rows(&["1", "2", "3"])), vec![0, 1, 2]);
        // The third typed as 1 goes to the top; the others follow in their order.
        assert_eq!(arranged_order(&rows(&["1", "2", "1"])), vec![2, 0, 1]);
        // The first typed as 3 goes third.
        assert_eq!(arranged_order(&rows(&["3", "2", "3"])), vec![1, 2, 0]);
        // Two numbers swapped: swapped.
        assert_eq!(arranged_order(&rows(&["2", "1", "3"])), vec![1, 0, 2]);
        // Blank, zero or words keep the row's place.
        assert_eq!(arranged_order(&rows(&["", "0", "三"])), vec![0, 1, 2]);
        // A number past the end sends the row to the end.
        assert_eq!(arranged_order(&rows(&["99", "2", "3"])), vec![1, 2, 0]);
    }
}
