//! The one source of time. Production uses `SystemClock`; tests use `FixedClock` and move it.
//! Dates that users see (phase windows, deadlines) are China dates: Asia/Shanghai has been a
//! fixed UTC+8 without daylight saving since 1991, so a fixed offset is exact for every date the
//! system handles and spares us a time-zone database.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use std::sync::{Arc, Mutex};

/// Asia/Shanghai.
pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

use chrono::Offset;
use chrono::TimeZone;

/// The China calendar date of an instant.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china_offset()).date_naive()
}

/// The instant a China calendar day begins (00:00 in Asia/Shanghai), e.g. for “from this
/// day” filters; a day `d` is the half-open range `china_day_start(d)..china_day_start(d + 1)`.
pub fn china_day_start(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    (midnight - Duration::hours(8)).and_utc()
}

/// A moment as the back office shows it everywhere: `2026年6月1日 12:00`, China time (the
/// same 年月日 as every date on its pages and in its sentences).
pub fn china_time_string(at: DateTime<Utc>) -> String {
    at.with_timezone(&china_offset())
        .format("%Y年%-m月%-d日 %H:%M")
        .to_string()
}

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;

    fn today_in_china(&self) -> NaiveDate {
        china_date(self.now())
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[expect(
        clippy::disallowed_methods,
        reason = "this is the one place that reads the system clock"
    )]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until a test moves it.
#[derive(Debug, Clone)]
pub struct FixedClock {
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl FixedClock {
    pub fn at(now: DateTime<Utc>) -> Self {
        Self {
            now: Arc::new(Mutex::new(now)),
        }
    }

    /// Noon, China time, on the given date.
    pub fn at_china_noon(date: NaiveDate) -> Self {
        let local = date.and_hms_opt(12, 0, 0).unwrap_or_default();
        let utc = china_offset()
            .from_local_datetime(&local)
            .single()
            .map(|dt| dt.with_timezone(&Utc))
            .unwrap_or_default();
        Self::at(utc)
    }

    pub fn set(&self, now: DateTime<Utc>) {
        if let Ok(mut guard) = self.now.lock() {
            *guard = now;
        }
    }

    pub fn advance(&self, by: Duration) {
        if let Ok(mut guard) = self.now.lock() {
            *guard += by;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.now.lock().map(|g| *g).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_china_day_starts_at_four_in_the_afternoon_utc_the_day_before() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let start = china_day_start(day);
        assert_eq!(start.to_rfc3339(), "2026-02-28T16:00:00+00:00");
        assert_eq!(china_date(start), day);
        assert_eq!(
            china_date(start - Duration::seconds(1)),
            day.pred_opt().unwrap()
        );
    }

    #[test]
    fn late_evening_utc_is_already_the_next_day_in_china() {
        let at = Utc.with_ymd_and_hms(2020, 8, 31, 16, 30, 0).unwrap();
        assert_eq!(china_date(at), NaiveDate::from_ymd_opt(2020, 9, 1).unwrap());
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let clock = FixedClock::at_china_noon(NaiveDate::from_ymd_opt(2020, 5, 1).unwrap());
        assert_eq!(
            clock.today_in_china(),
            NaiveDate::from_ymd_opt(2020, 5, 1).unwrap()
        );
        clock.advance(Duration::hours(12));
        assert_eq!(
            clock.today_in_china(),
            NaiveDate::from_ymd_opt(2020, 5, 2).unwrap()
        );
    }
}
