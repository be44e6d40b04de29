//! Dates on the wire: RFC 3339 in UTC with a `Z`, e.g. `2026-06-01T04:00:00Z`.

use chrono::{DateTime, SecondsFormat, Utc};

pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}
