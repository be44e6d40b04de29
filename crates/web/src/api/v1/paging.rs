//! Page numbers and sizes of API lists: page 1 and 50 rows unless asked, at most 200 rows.

pub const DEFAULT_PER_PAGE: u64 = 50;
pub const MAX_PER_PAGE: u64 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u64,
    pub per_page: u64,
}

impl Paging {
    /// Page 0 reads as page 1; a size outside 1..=200 is brought within it.
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> Self {
        Paging {
            page: page.unwrap_or(1).max(1),
            per_page: per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE),
        }
    }
}
