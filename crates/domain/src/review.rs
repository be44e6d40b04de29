//! The federations' moves on an article (SPEC §3): forward, return, recommend, keep, publish,
//! return to the province, reject, feature, unpublish — a pure transition function by level.
//!
//! Who holds an article: a `Pending` article is held by the federation named in `holder_org_id`.
//! A `Recommended` article stays held by its province (it sits in the province's list, which the
//! province may still recall it from) and, once the province has pushed (报送) it, is at the same
//! time in the national queue: national sees and acts on pushed recommendations only. Once national has acted
//! (published, featured, rejected, unpublished) the province stays recorded as the holder — the
//! province whose list the article came through — so the province's quota counts it; only
//! national may act on it further.

use crate::article::ArticleStatus;
use crate::campaign::Phase;
use crate::org::OrgKind;
use serde::{Deserialize, Serialize};

/// The reviewer's level in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewLevel {
    National,
    Provincial,
    /// Any federation between a province and its posts (city, district, county, zone …).
    BelowProvincial,
}

impl ReviewLevel {
    /// The level of a federation; posts do not review.
    pub fn of(kind: OrgKind) -> Option<ReviewLevel> {
        match kind {
            OrgKind::National => Some(ReviewLevel::National),
            OrgKind::Provincial => Some(ReviewLevel::Provincial),
            OrgKind::District => Some(ReviewLevel::BelowProvincial),
            OrgKind::Post => None,
        }
    }
}

/// What a reviewer asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewMove {
    /// 通过上报: a federation below provincial level sends it to its parent.
    Forward,
    /// 退回修改: back to the post (comment required).
    Return,
    /// 推荐: a province puts it into its recommendation list (within the quota).
    Recommend,
    /// 撤回推荐: a province recalls it from its list (pushed or not) until national acts on it;
    /// it waits at the province again and its quota place is free.
    Unrecommend,
    /// 发布: national publishes a recommended article.
    Publish,
    /// 退回省级: national sends it back to the province (comment required).
    ReturnToProvince,
    /// 不采用: national rejects it (comment required).
    Reject,
    /// 评为优秀: national features a published article (进京交流展示).
    Feature,
    /// 撤稿: national unpublishes a published or featured article (reason required).
    Unpublish,
}

impl ReviewMove {
    pub const ALL: [ReviewMove; 9] = [
        ReviewMove::Forward,
        ReviewMove::Return,
        ReviewMove::Recommend,
        ReviewMove::Unrecommend,
        ReviewMove::Publish,
        ReviewMove::ReturnToProvince,
        ReviewMove::Reject,
        ReviewMove::Feature,
        ReviewMove::Unpublish,
    ];

    /// The stable name used in forms, URLs and the history.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewMove::Forward => "forward",
            ReviewMove::Return => "return",
            ReviewMove::Recommend => "recommend",
            ReviewMove::Unrecommend => "unrecommend",
            ReviewMove::Publish => "publish",
            ReviewMove::ReturnToProvince => "return_to_province",
            ReviewMove::Reject => "reject",
            ReviewMove::Feature => "feature",
            ReviewMove::Unpublish => "unpublish",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewMove> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewMove::Forward => "通过上报",
            ReviewMove::Return => "退回修改",
            ReviewMove::Recommend => "推荐",
            ReviewMove::Unrecommend => "撤回推荐",
            ReviewMove::Publish => "发布",
            ReviewMove::ReturnToProvince => "退回省级",
            ReviewMove::Reject => "不采用",
            ReviewMove::Feature => "评为优秀",
            ReviewMove::Unpublish => "撤稿",
        }
    }

    /// Must the reviewer say why?
    pub fn needs_comment(self) -> bool {
        matches!(
            self,
            ReviewMove::Return
                | ReviewMove::ReturnToProvince
                | ReviewMove::Reject
                | ReviewMove::Unpublish
        )
    }

    /// The phase whose window the move must fall in.
    pub fn phase(self) -> Phase {
        match self {
            ReviewMove::Forward
            | ReviewMove::Return
            | ReviewMove::Recommend
            | ReviewMove::Unrecommend => Phase::Recommendation,
            ReviewMove::Publish
            | ReviewMove::ReturnToProvince
            | ReviewMove::Reject
            | ReviewMove::Feature
            | ReviewMove::Unpublish => Phase::Display,
        }
    }

    /// Does the move take a place in the province's quota?
    pub fn uses_quota(self) -> bool {
        self == ReviewMove::Recommend
    }

    /// The moves a level may make on an article in `status`, in the order buttons show.
    pub fn available(level: ReviewLevel, status: ArticleStatus) -> Vec<ReviewMove> {
        Self::ALL
            .into_iter()
            .filter(|&mv| next_review(status, level, mv).is_ok())
            .collect()
    }
}

/// Who holds the article after a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// The parent of the reviewer's federation.
    Parent,
    /// Nobody: it is back with the post.
    Post,
    /// The holder does not change (the province keeps its recommended, published … articles).
    Unchanged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReviewRefused {
    /// This level never makes this move (a district recommending, a province publishing).
    #[error("{mv:?} is not a move of the {level:?} level")]
    WrongLevel { mv: ReviewMove, level: ReviewLevel },
    /// The move exists for this level but not from the article's status.
    #[error("{mv:?} is not possible from {from:?}")]
    NotFromHere { mv: ReviewMove, from: ArticleStatus },
    /// The reviewer's federation does not hold the article now.
    #[error("the article is not held by the reviewer's federation")]
    NotHolder,
    /// The province's list is full.
    #[error("quota of {limit} reached")]
    QuotaExceeded { limit: u32 },
    /// The province recalls an article national has already acted on (published, rejected …).
    #[error("national has already acted on it ({status:?})")]
    NationalHasActed { status: ArticleStatus },
    /// A push (报送) with nothing recommended since the last push.
    #[error("nothing new to push")]
    NothingToPush,
    /// A push below the campaign's minimum that was not confirmed (the API's answer; the page
    /// asks for the confirmation instead).
    #[error("{count} listed, below the minimum of {min}: confirm to push")]
    BelowMinimumUnconfirmed { count: u64, min: u32 },
    /// Return, reject and unpublish need a comment.
    #[error("a comment is required")]
    CommentRequired,
}

fn level_makes(level: ReviewLevel, mv: ReviewMove) -> bool {
    use ReviewMove::*;
    match level {
        ReviewLevel::BelowProvincial => matches!(mv, Forward | Return),
        ReviewLevel::Provincial => matches!(mv, Recommend | Unrecommend | Return),
        ReviewLevel::National => {
            matches!(
                mv,
                Publish | ReturnToProvince | Reject | Feature | Unpublish
            )
        }
    }
}

/// The status and holder after `mv`, or why not. Pure: holding, windows, quota and comments are
/// checked by the caller (with `holds`, the campaign rules and `check_quota`).
pub fn next_review(
    status: ArticleStatus,
    level: ReviewLevel,
    mv: ReviewMove,
) -> Result<(ArticleStatus, Holder), ReviewRefused> {
    use ArticleStatus::*;
    use ReviewMove::*;
    if !level_makes(level, mv) {
        return Err(ReviewRefused::WrongLevel { mv, level });
    }
    match (mv, status) {
        (Forward, Pending) => Ok((Pending, Holder::Parent)),
        (Return, Pending) => Ok((Returned, Holder::Post)),
        (Recommend, Pending) => Ok((Recommended, Holder::Unchanged)),
        (Unrecommend, Recommended) => Ok((Pending, Holder::Unchanged)),
        (Unrecommend, Published | Featured | Rejected | Unpublished) => {
            Err(ReviewRefused::NationalHasActed { status })
        }
        (Publish, Recommended) => Ok((Published, Holder::Unchanged)),
        (ReturnToProvince, Recommended) => Ok((Pending, Holder::Unchanged)),
        (Reject, Recommended) => Ok((Rejected, Holder::Unchanged)),
        (Feature, Published) => Ok((Featured, Holder::Unchanged)),
        (Unpublish, Published | Featured) => Ok((Unpublished, Holder::Unchanged)),
        (mv, from) => Err(ReviewRefused::NotFromHere { mv, from }),
    }
}

/// What the reviewer's federation has to do with one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Holding {
    /// The article's recorded holder is the reviewer's federation.
    pub holder_is_reviewer: bool,
    /// The article's province has pushed (报送) it to national.
    pub pushed: bool,
}

/// Does a federation of `level` hold an article in `status`? National holds what the provinces
/// recommended and pushed, and what it published.
pub fn holds(level: ReviewLevel, status: ArticleStatus, holding: Holding) -> bool {
    use ArticleStatus::*;
    let holder_is_reviewer = holding.holder_is_reviewer;
    match level {
        ReviewLevel::National => {
            holding.pushed && matches!(status, Recommended | Published | Featured)
        }
        ReviewLevel::Provincial => holder_is_reviewer && matches!(status, Pending | Recommended),
        ReviewLevel::BelowProvincial => holder_is_reviewer && status == Pending,
    }
}

/// May one more article go into a list that already holds `used` of at most `max`?
pub fn check_quota(used: u64, max: u32) -> Result<(), ReviewRefused> {
    if used < u64::from(max) {
        Ok(())
    } else {
        Err(ReviewRefused::QuotaExceeded { limit: max })
    }
}

/// The comment, trimmed; refused when the move needs one and it is blank. Its length is
/// checked apart (`limits::Limited::Comment`), so a long comment is refused, never cut.
pub fn check_comment(mv: ReviewMove, comment: &str) -> Result<String, ReviewRefused> {
    let comment = comment.trim();
    if mv.needs_comment() && comment.is_empty() {
        return Err(ReviewRefused::CommentRequired);
    }
    Ok(comment.to_string())
}

#[cfg(test)]
#[path = "review_tests.rs"]
mod tests;
