//! Table-driven tests of the federations' moves.

use super::*;
use ArticleStatus::*;
use ReviewLevel::*;
use ReviewMove::*;

#[test]
fn every_allowed_review_move_leads_where_spec_says() {
    let cases = [
        (Pending, BelowProvincial, Forward, Pending, Holder::Parent),
        (Pending, BelowProvincial, Return, Returned, Holder::Post),
        (Pending, Provincial, Return, Returned, Holder::Post),
        (
            Pending,
            Provincial,
            Recommend,
            Recommended,
            Holder::Unchanged,
        ),
        (
            Recommended,
            Provincial,
            Unrecommend,
            Pending,
            Holder::Unchanged,
        ),
        (Recommended, National, Publish, Published, Holder::Unchanged),
        (
            Recommended,
            National,
            ReturnToProvince,
            Pending,
            Holder::Unchanged,
        ),
        (Recommended, National, Reject, Rejected, Holder::Unchanged),
        (Published, National, Feature, Featured, Holder::Unchanged),
        (
            Published,
            National,
            Unpublish,
            Unpublished,
            Holder::Unchanged,
        ),
        (
            Featured,
            National,
            Unpublish,
            Unpublished,
            Holder::Unchanged,
        ),
    ];
    for (from, level, mv, to, holder) in cases {
        assert_eq!(
            next_review(from, level, mv),
            Ok((to, holder)),
            "{from:?} {level:?} {mv:?}"
        );
    }
}

#[test]
fn a_level_never_makes_another_levels_moves() {
    let cases = [
        (Pending, BelowProvincial, Recommend),
        (Recommended, BelowProvincial, Publish),
        (Pending, Provincial, Forward),
        (Recommended, Provincial, Publish),
        (Published, Provincial, Feature),
        (Pending, National, Forward),
        (Pending, National, Recommend),
        (Pending, National, Return),
    ];
    for (from, level, mv) in cases {
        assert_eq!(
            next_review(from, level, mv),
            Err(ReviewRefused::WrongLevel { mv, level }),
            "{from:?} {level:?} {mv:?}"
        );
    }
}

#[test]
fn a_move_from_the_wrong_status_is_refused() {
    let cases = [
        (Draft, BelowProvincial, Forward),
        (Returned, BelowProvincial, Return),
        (Recommended, Provincial, Recommend),
        (Pending, Provincial, Unrecommend),
        (Published, National, Publish),
        (Pending, National, Publish),
        (Recommended, National, Feature),
        (Rejected, National, Unpublish),
        (Unpublished, National, Feature),
    ];
    for (from, level, mv) in cases {
        assert_eq!(
            next_review(from, level, mv),
            Err(ReviewRefused::NotFromHere { mv, from }),
            "{from:?} {level:?} {mv:?}"
        );
    }
}

#[test]
fn only_the_holding_federation_holds_an_article() {
    let cases = [
        (BelowProvincial, Pending, true, true),
        (BelowProvincial, Pending, false, false),
        (BelowProvincial, Recommended, true, false),
        (Provincial, Pending, true, true),
        (Provincial, Pending, false, false),
        (Provincial, Recommended, true, true),
        (Provincial, Published, true, false),
        (National, Recommended, false, true),
        (National, Published, false, true),
        (National, Featured, false, true),
        (National, Pending, false, false),
        (National, Rejected, false, false),
    ];
    for (level, status, is_holder, expected) in cases {
        let holding = Holding {
            holder_is_reviewer: is_holder,
            pushed: true,
        };
        assert_eq!(
            holds(level, status, holding),
            expected,
            "{level:?} {status:?} {is_holder}"
        );
    }
}

#[test]
fn national_holds_a_recommendation_only_once_it_is_pushed() {
    let unpushed = Holding {
        holder_is_reviewer: false,
        pushed: false,
    };
    assert!(!holds(National, Recommended, unpushed));
    let pushed = Holding {
        pushed: true,
        ..unpushed
    };
    assert!(holds(National, Recommended, pushed));
}

#[test]
fn a_province_cannot_recall_what_national_has_acted_on() {
    for status in [Published, Featured, Rejected, Unpublished] {
        assert_eq!(
            next_review(status, Provincial, ReviewMove::Unrecommend),
            Err(ReviewRefused::NationalHasActed { status }),
            "{status:?}"
        );
    }
}

#[test]
fn the_quota_admits_up_to_its_maximum() {
    assert_eq!(check_quota(0, 50), Ok(()));
    assert_eq!(check_quota(49, 50), Ok(()));
    assert_eq!(
        check_quota(50, 50),
        Err(ReviewRefused::QuotaExceeded { limit: 50 })
    );
    assert_eq!(
        check_quota(51, 50),
        Err(ReviewRefused::QuotaExceeded { limit: 50 })
    );
}

#[test]
fn returning_rejecting_and_unpublishing_need_a_comment() {
    for mv in ReviewMove::ALL {
        let blank = check_comment(mv, "  \n ");
        if matches!(mv, Return | ReturnToProvince | Reject | Unpublish) {
            assert_eq!(blank, Err(ReviewRefused::CommentRequired), "{mv:?}");
        } else {
            assert_eq!(blank, Ok(String::new()), "{mv:?}");
        }
    }
    assert_eq!(
        check_comment(Return, " 请补充数据 "),
        Ok("请补充数据".into())
    );
}

#[test]
fn each_move_belongs_to_its_phase_and_round_trips_its_name() {
    for mv in ReviewMove::ALL {
        assert_eq!(ReviewMove::parse(mv.as_str()), Some(mv));
        let expected = if matches!(mv, Forward | Return | Recommend | Unrecommend) {
            crate::campaign::Phase::Recommendation
        } else {
            crate::campaign::Phase::Display
        };
        assert_eq!(mv.phase(), expected, "{mv:?}");
    }
}

#[test]
fn the_buttons_offered_match_the_level_and_status() {
    assert_eq!(
        ReviewMove::available(BelowProvincial, Pending),
        vec![Forward, Return]
    );
    assert_eq!(
        ReviewMove::available(Provincial, Pending),
        vec![Return, Recommend]
    );
    assert_eq!(
        ReviewMove::available(Provincial, Recommended),
        vec![Unrecommend]
    );
    assert_eq!(
        ReviewMove::available(National, Recommended),
        vec![Publish, ReturnToProvince, Reject]
    );
    assert_eq!(
        ReviewMove::available(National, Published),
        vec![Feature, Unpublish]
    );
    assert!(ReviewMove::available(National, Rejected).is_empty());
}
