//! The province's recommendation list (推荐名单, SPEC §3): the reason's limit, moving an item up or
//! down, and whether a push (报送) below the campaign's minimum needs the reviewer's confirmation.

use crate::validation::FieldIssue;
use crate::word_count::count_words;

/// A reason (推荐理由) is at most this many 字, counted like the article text.
pub const REASON_MAX: usize = crate::limits::MAX_REASON_WORDS;

/// The reason, trimmed; refused when longer than `REASON_MAX` 字.
pub fn parse_reason(reason: &str) -> Result<String, FieldIssue> {
    let reason = reason.trim();
    if count_words(reason) > REASON_MAX || reason.chars().count() > REASON_MAX * 2 {
        return Err(FieldIssue::TooLong { max: REASON_MAX });
    }
    Ok(reason.to_string())
}

/// Which way an item moves in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "up" => Some(Direction::Up),
            "down" => Some(Direction::Down),
            _ => None,
        }
    }
}

/// The index `index` swaps with when it moves, in a list of `len`; `None` at either end.
pub fn neighbour(index: usize, len: usize, direction: Direction) -> Option<usize> {
    match direction {
        Direction::Up => index.checked_sub(1),
        Direction::Down => (index + 1 < len).then_some(index + 1),
    }
}

/// What a push asks for, given the list's size and the campaign's minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushCheck {
    /// At or above the minimum (or no minimum): push.
    Go,
    /// Below the minimum and confirmed: push and record that it was below.
    GoBelowMinimum { count: u64, min: u32 },
    /// Below the minimum and not yet confirmed: ask first.
    Confirm { count: u64, min: u32 },
}

pub fn check_push(count: u64, min: Option<u32>, confirmed: bool) -> PushCheck {
    match min {
        Some(min) if count < u64::from(min) => {
            if confirmed {
                PushCheck::GoBelowMinimum { count, min }
            } else {
                PushCheck::Confirm { count, min }
            }
        }
        _ => PushCheck::Go,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_of_two_hundred_characters_is_kept_and_one_more_is_refused() {
        assert_eq!(parse_reason("  扎根急诊一线。 ").unwrap(), "扎根急诊一线。");
        assert!(parse_reason(&"岗".repeat(200)).is_ok());
        assert_eq!(
            parse_reason(&"岗".repeat(201)),
            Err(FieldIssue::TooLong { max: 200 })
        );
        assert!(parse_reason("").is_ok());
    }

    #[test]
    fn the_ends_of_the_list_do_not_move_further() {
        let cases = [
            (0, 3, Direction::Up, None),
            (1, 3, Direction::Up, Some(0)),
            (2, 3, Direction::Down, None),
            (0, 3, Direction::Down, Some(1)),
            (0, 1, Direction::Down, None),
        ];
        for (index, len, direction, expected) in cases {
            assert_eq!(
                neighbour(index, len, direction),
                expected,
                "{index} {direction:?}"
            );
        }
    }

    #[test]
    fn a_push_below_the_minimum_needs_confirmation() {
        assert_eq!(check_push(30, Some(30), false), PushCheck::Go);
        assert_eq!(check_push(3, None, false), PushCheck::Go);
        assert_eq!(
            check_push(29, Some(30), false),
            PushCheck::Confirm { count: 29, min: 30 }
        );
        assert_eq!(
            check_push(29, Some(30), true),
            PushCheck::GoBelowMinimum { count: 29, min: 30 }
        );
    }
}
