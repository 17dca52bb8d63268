//! The one clock of Duo: what day it is, on the server (rules, alerts, daily jobs) and in the
//! browser (defaults of date fields). Rules never read the clock themselves: they are handed
//! the date, so tests can choose it.

/// Where the programme runs: its days, alerts and daily jobs follow this zone, summer time too.
#[cfg(feature = "ssr")]
pub const ZONE: chrono_tz::Tz = chrono_tz::Europe::Brussels;

/// Today's date where the programme runs.
#[cfg(feature = "ssr")]
pub fn today() -> chrono::NaiveDate {
    local_date(chrono::Utc::now())
}

/// The programme's date of an instant (23:30 UTC on a summer evening is the next day there).
#[cfg(feature = "ssr")]
pub fn local_date(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    at.with_timezone(&ZONE).date_naive()
}

/// The instant a day of the programme begins (midnight in Brussels; never skipped there by a
/// change of summer time, which happens at 02:00 or 03:00).
#[cfg(feature = "ssr")]
pub fn local_day_start(day: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    ZONE.from_local_datetime(&midnight)
        .earliest()
        .map(|at| at.with_timezone(&chrono::Utc))
        .unwrap_or_else(|| midnight.and_utc())
}

/// The programme's date of a stored instant (RFC 3339), as `YYYY-MM-DD`; the text itself when it
/// is not one.
#[cfg(feature = "ssr")]
pub fn local_day(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|at| local_date(at.with_timezone(&chrono::Utc)).to_string())
        .unwrap_or_else(|_| rfc3339.get(..10).unwrap_or(rfc3339).to_string())
}

/// The next instant after `now` when the clocks of the programme show `hour`:00. On the night
/// summer time starts, an hour that does not exist there is taken as the first one that does.
#[cfg(feature = "ssr")]
pub fn next_local_hour(
    now: chrono::DateTime<chrono::Utc>,
    hour: u32,
) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let local = now.with_timezone(&ZONE).date_naive();
    (0..3)
        .filter_map(|days| {
            let day = local + chrono::Duration::days(days);
            // That day's `hour`:00, or the first hour after it that the day has.
            (hour..24)
                .filter_map(|h| day.and_hms_opt(h, 0, 0))
                .find_map(|naive| ZONE.from_local_datetime(&naive).earliest())
        })
        .map(|at| at.with_timezone(&chrono::Utc))
        .find(|at| *at > now)
        .expect("an hour of the next three days exists")
}

/// Sleeps until the programme's clocks next show `hour`:00.
#[cfg(feature = "ssr")]
pub async fn sleep_until_local_hour(hour: u32) {
    let now = chrono::Utc::now();
    let wait = (next_local_hour(now, hour) - now)
        .to_std()
        .unwrap_or_default();
    tokio::time::sleep(wait).await;
}

/// The server's "now" for the rules that compare moments (sign-in throttling): the system's
/// clock, or one stopped at a chosen instant so that a test decides what "now" is.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    stopped_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[cfg(feature = "ssr")]
impl Clock {
    /// A clock that always says `at`.
    pub fn stopped_at(at: chrono::DateTime<chrono::Utc>) -> Self {
        Clock {
            stopped_at: Some(at),
        }
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.stopped_at.unwrap_or_else(chrono::Utc::now)
    }
}

/// Today's date in the browser (`YYYY-MM-DD`); empty while rendering on the server.
pub fn browser_today() -> String {
    #[cfg(feature = "hydrate")]
    {
        let d = js_sys::Date::new_0();
        format!(
            "{:04}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}
