//! Page numbers for long lists.

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
