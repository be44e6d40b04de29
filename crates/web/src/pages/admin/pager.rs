//! Page numbers for long lists: read leniently from `?page=`, shown clamped to the pages there
//! are. The services clamp what they fetch (`limits::PageWindow`), so no value overflows.

use serde::{Deserialize, Deserializer};

#[derive(Debug, Clone)]
pub struct Pager {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    /// The query string without `page=`, to build links.
    pub base_query: String,
}

impl Pager {
    pub const PER_PAGE: u64 = 50;

    pub fn new(page: u64, total: u64, base_query: String) -> Self {
        let pages = total.div_ceil(Self::PER_PAGE).max(1);
        Pager {
            page: page.clamp(1, pages),
            pages,
            total,
            base_query,
        }
    }

    pub fn has_prev(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages
    }

    pub fn prev(&self) -> u64 {
        self.page.saturating_sub(1).max(1)
    }

    pub fn next(&self) -> u64 {
        self.page + 1
    }
}

/// `?page=` of a list page: a number is that page (digits too many for a number read as the
/// largest, which shows the last page); anything else, or nothing, is page 1. A list page never
/// fails over its page number.
pub fn lenient_page<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    let raw: Option<String> = Option::deserialize(deserializer)?;
    Ok(raw.and_then(|raw| page_number(&raw)))
}

fn page_number(raw: &str) -> Option<u64> {
    let raw = raw.trim();
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(raw.parse().unwrap_or(u64::MAX))
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_read_leniently_and_shown_within_the_pages_there_are() {
        for (raw, page) in [
            ("3", Some(3)),
            (" 2 ", Some(2)),
            ("0", Some(0)),
            ("99999999999999999999999999", Some(u64::MAX)),
            ("abc", None),
            ("-1", None),
            ("1e9", None),
            ("", None),
        ] {
            assert_eq!(page_number(raw), page, "{raw:?}");
        }
        let pager = Pager::new(u64::MAX, 120, String::new());
        assert_eq!((pager.page, pager.pages, pager.next()), (3, 3, 4));
        assert!(!pager.has_next());
        assert_eq!(Pager::new(0, 0, String::new()).page, 1);
    }
}
