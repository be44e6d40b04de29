//! The article's life (SPEC §3) as a state enum and a pure transition function. This part
//! covers the post's own moves — submit, withdraw before review, resubmit after a return —
//! the federations' moves build on the same function.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    /// 草稿: the post is writing it.
    Draft,
    /// 待审: waiting at a federation (the holder).
    Pending,
    /// 退回修改: sent back to the post with a comment.
    Returned,
    /// 已推荐: in a province's recommendation list.
    Recommended,
    /// 已发布: published by the national federation.
    Published,
    /// 优秀/进京交流: featured.
    Featured,
    /// 不采用: rejected.
    Rejected,
    /// 已撤稿: unpublished with a reason.
    Unpublished,
}

impl ArticleStatus {
    /// Whether the public showcase shows it: published or featured, nothing else ever.
    pub fn is_public(self) -> bool {
        matches!(self, ArticleStatus::Published | ArticleStatus::Featured)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "draft",
            ArticleStatus::Pending => "pending",
            ArticleStatus::Returned => "returned",
            ArticleStatus::Recommended => "recommended",
            ArticleStatus::Published => "published",
            ArticleStatus::Featured => "featured",
            ArticleStatus::Rejected => "rejected",
            ArticleStatus::Unpublished => "unpublished",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "草稿",
            ArticleStatus::Pending => "待审",
            ArticleStatus::Returned => "退回修改",
            ArticleStatus::Recommended => "已推荐",
            ArticleStatus::Published => "已发布",
            ArticleStatus::Featured => "优秀展示",
            ArticleStatus::Rejected => "不采用",
            ArticleStatus::Unpublished => "已撤稿",
        }
    }

    pub const ALL: [ArticleStatus; 8] = [
        ArticleStatus::Draft,
        ArticleStatus::Pending,
        ArticleStatus::Returned,
        ArticleStatus::Recommended,
        ArticleStatus::Published,
        ArticleStatus::Featured,
        ArticleStatus::Rejected,
        ArticleStatus::Unpublished,
    ];

    /// May the post change the text now?
    pub fn is_editable_by_post(self) -> bool {
        matches!(self, ArticleStatus::Draft | ArticleStatus::Returned)
    }
}

/// What someone asks to do to an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    /// The post sends a draft (or a revised returned article) to the first federation above it.
    Submit,
    /// The post takes a pending article back before any reviewer has acted on it.
    Withdraw,
}

impl Move {
    pub fn label(self) -> &'static str {
        match self {
            Move::Submit => "提交",
            Move::Withdraw => "撤回",
        }
    }
}

/// Where the article is, as the transition function needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub status: ArticleStatus,
    /// Has any federation acted on it since it was last submitted?
    pub review_started: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoveRefused {
    #[error("{mv:?} is not possible from {from:?}")]
    NotFromHere { mv: Move, from: ArticleStatus },
    #[error("review has already started")]
    ReviewStarted,
}

/// The next status after `mv`, or why not. Pure: windows, eligibility and authorization are
/// checked by the caller with the campaign rules and the access policy.
pub fn next(position: Position, mv: Move) -> Result<ArticleStatus, MoveRefused> {
    use ArticleStatus::*;
    match (mv, position.status) {
        (Move::Submit, Draft | Returned) => Ok(Pending),
        (Move::Withdraw, Pending) if position.review_started => Err(MoveRefused::ReviewStarted),
        (Move::Withdraw, Pending) => Ok(Draft),
        (mv, from) => Err(MoveRefused::NotFromHere { mv, from }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArticleStatus::*;

    fn at(status: ArticleStatus, review_started: bool) -> Position {
        Position {
            status,
            review_started,
        }
    }

    #[test]
    fn the_posts_moves_follow_the_life_of_an_article() {
        let cases = [
            (at(Draft, false), Move::Submit, Ok(Pending)),
            (at(Returned, true), Move::Submit, Ok(Pending)),
            (at(Pending, false), Move::Withdraw, Ok(Draft)),
            (
                at(Pending, true),
                Move::Withdraw,
                Err(MoveRefused::ReviewStarted),
            ),
            (
                at(Pending, false),
                Move::Submit,
                Err(MoveRefused::NotFromHere {
                    mv: Move::Submit,
                    from: Pending,
                }),
            ),
            (
                at(Published, true),
                Move::Withdraw,
                Err(MoveRefused::NotFromHere {
                    mv: Move::Withdraw,
                    from: Published,
                }),
            ),
            (
                at(Draft, false),
                Move::Withdraw,
                Err(MoveRefused::NotFromHere {
                    mv: Move::Withdraw,
                    from: Draft,
                }),
            ),
        ];
        for (position, mv, expected) in cases {
            assert_eq!(next(position, mv), expected, "{position:?} {mv:?}");
        }
    }

    #[test]
    fn statuses_round_trip_through_their_stored_names() {
        for status in ArticleStatus::ALL {
            assert_eq!(ArticleStatus::parse(status.as_str()), Some(status));
        }
    }
}
