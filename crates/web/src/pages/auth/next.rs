//! Where to go after signing in: only a path on this site, decided by parsing, never by a
//! prefix test (browsers drop tabs and newlines and read `\` as `/`, so `/\t/evil.example`
//! and `/\evil` are protocol-relative addresses of another site).

/// Where a login without `next` goes: the signed-in home.
pub const HOME: &str = "/workbench";
/// Where a login with a refused `next` goes.
pub const FALLBACK: &str = "/";

/// `next` if it is an origin-relative path (with an optional query) on this site; the
/// workbench when it is empty; `/` when it is refused.
pub fn safe_next(next: &str) -> String {
    if next.is_empty() {
        HOME.to_string()
    } else if is_local_path(next) {
        next.to_string()
    } else {
        FALLBACK.to_string()
    }
}

fn is_local_path(next: &str) -> bool {
    // Raw: one leading slash, then no whitespace, control character or backslash anywhere.
    if !next.starts_with('/') || next.starts_with("//") || !clean(next) {
        return false;
    }
    // Decoded (once and twice, against double encoding): the same rules hold.
    let Some(once) = percent_decode(next) else {
        return false;
    };
    let Some(twice) = percent_decode(&once) else {
        return false;
    };
    for decoded in [&once, &twice] {
        if !clean(decoded) || decoded.starts_with("//") || !decoded.starts_with('/') {
            return false;
        }
    }
    // What a URL parser makes of it: a path and query only, no scheme, no authority.
    match next.parse::<axum::http::Uri>() {
        Ok(uri) => {
            uri.scheme().is_none()
                && uri.authority().is_none()
                && uri.path().starts_with('/')
                && !uri.path().starts_with("//")
        }
        Err(_) => false,
    }
}

/// No whitespace (ASCII or Unicode), no control character, no backslash.
fn clean(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\' || c == '\u{feff}')
}

/// `%XX` decoded; None when an escape is malformed or the bytes are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        let cases = [
            ("/workbench", "/workbench"),
            ("/articles/12/edit", "/articles/12/edit"),
            ("/review?campaign=3&page=2", "/review?campaign=3&page=2"),
            (
                "/search?q=%E5%B7%BE%E5%B8%BC",
                "/search?q=%E5%B7%BE%E5%B8%BC",
            ),
            ("/", "/"),
            ("", "/workbench"),
            ("workbench", "/"),
            ("//evil.example", "/"),
            ("///evil.example", "/"),
            ("/%09/evil.example", "/"),
            ("/\t/evil", "/"),
            ("/\n/evil", "/"),
            ("/\r\n/evil", "/"),
            ("/%0a/evil", "/"),
            ("/%0D%0A/evil", "/"),
            ("/\\evil", "/"),
            ("/\\\\evil", "/"),
            ("\\\\evil", "/"),
            ("/%5Cevil", "/"),
            ("/%5cevil", "/"),
            ("/%2F%2Fevil", "/"),
            ("/%2f/evil", "/"),
            ("%2F%2Fevil", "/"),
            ("/%252F%252Fevil", "/"),
            ("/%255Cevil", "/"),
            ("https://evil", "/"),
            ("http://evil.example/", "/"),
            ("https:/evil", "/"),
            ("//evil.example/%2e%2e", "/"),
            ("javascript:alert(1)", "/"),
            ("JavaScript:alert(1)", "/"),
            ("data:text/html,<script>alert(1)</script>", "/"),
            ("/ /evil", "/"),
            ("/%20/evil", "/"),
            (" /workbench", "/"),
            ("/\u{3000}/evil", "/"),
            ("/\u{feff}/evil", "/"),
            ("/%zz", "/"),
            ("/%", "/"),
            ("/%ff%fe", "/"),
            ("/\u{0}", "/"),
            ("/%00", "/"),
        ];
        for (next, expected) in cases {
            assert_eq!(safe_next(next), expected, "{next:?}");
        }
    }
}
