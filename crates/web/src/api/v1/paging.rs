//! Page numbers and sizes of API lists, the same on every list: `page` from 1 (default) to
//! 100 000 (`limits::MAX_PAGE`), `per_page` from 1 to 100 (default 50). Anything outside is a
//! 422 naming the parameter, as the OpenAPI document declares; every list answers `total`.

use crate::api::v1::extract::invalid;
use crate::error::ApiError;
use jinguo_domain::limits::{self, PageWindow};
use jinguo_domain::validation::FieldIssue;

pub const DEFAULT_PER_PAGE: u64 = 50;
pub const MAX_PER_PAGE: u64 = limits::MAX_API_PER_PAGE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u64,
    pub per_page: u64,
}

impl Paging {
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> Result<Self, ApiError> {
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(invalid(
                "per_page",
                FieldIssue::OutOfRange {
                    min: 1,
                    max: MAX_PER_PAGE as i64,
                },
            ));
        }
        Ok(Paging {
            page: Self::page(page)?,
            per_page,
        })
    }

    /// Just the page number, for lists of a fixed size.
    pub fn page(page: Option<u64>) -> Result<u64, ApiError> {
        PageWindow::check_page(page.unwrap_or(1)).map_err(|issue| invalid("page", issue))
    }

    pub fn window(self) -> PageWindow {
        PageWindow::clamped(self.page, self.per_page)
    }

    /// The rows of this page of a list held in memory.
    pub fn cut<T>(self, items: Vec<T>) -> Vec<T> {
        let window = self.window();
        items
            .into_iter()
            .skip(window.offset_usize())
            .take(window.per_page_usize())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_sizes_outside_their_range_are_refused() {
        assert_eq!(
            Paging::new(None, None).ok(),
            Some(Paging {
                page: 1,
                per_page: 50
            })
        );
        assert!(Paging::new(Some(0), None).is_err());
        assert!(Paging::new(None, Some(0)).is_err());
        assert!(Paging::new(None, Some(101)).is_err());
        assert!(Paging::new(Some(limits::MAX_PAGE), Some(100)).is_ok());
        assert!(Paging::new(Some(limits::MAX_PAGE + 1), None).is_err());
        assert!(Paging::page(Some(u64::MAX)).is_err());
        assert_eq!(
            Paging::new(Some(2), Some(2))
                .unwrap()
                .cut(vec![1, 2, 3, 4, 5]),
            vec![3, 4]
        );
    }
}
