//! Page numbers and sizes of API lists: page 1 and 50 rows unless asked, at most 200 rows, at
//! most page 100 000 (`limits::MAX_PAGE`; further is a 422 naming `page`, never an overflow).

use crate::api::v1::extract::invalid;
use crate::error::ApiError;
use jinguo_domain::limits::{self, PageWindow};

pub const DEFAULT_PER_PAGE: u64 = 50;
pub const MAX_PER_PAGE: u64 = limits::MAX_PER_PAGE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u64,
    pub per_page: u64,
}

impl Paging {
    /// Page 0 reads as page 1; a size outside 1..=200 is brought within it; a page past
    /// `limits::MAX_PAGE` is refused.
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> Result<Self, ApiError> {
        Ok(Paging {
            page: Self::page(page)?,
            per_page: per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE),
        })
    }

    /// Just the page number, for lists of a fixed size.
    pub fn page(page: Option<u64>) -> Result<u64, ApiError> {
        PageWindow::check_page(page.unwrap_or(1).max(1)).map_err(|issue| invalid("page", issue))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_past_the_limit_are_refused_and_sizes_clamped() {
        assert_eq!(
            Paging::new(None, None).ok(),
            Some(Paging {
                page: 1,
                per_page: 50
            })
        );
        assert_eq!(
            Paging::new(Some(0), Some(1000)).ok(),
            Some(Paging {
                page: 1,
                per_page: 200
            })
        );
        assert!(Paging::new(Some(limits::MAX_PAGE), Some(0)).is_ok());
        assert!(Paging::new(Some(limits::MAX_PAGE + 1), None).is_err());
        assert!(Paging::page(Some(u64::MAX)).is_err());
    }
}
