//! The one clock of Duo: what day it is, on the server (rules, alerts, daily jobs) and in the
//! browser (defaults of date fields). Rules never read the clock themselves: they are handed
//! the date, so tests can choose it.

/// Today's date where the programme runs (UTC: the date checks allow a day of slack).
#[cfg(feature = "ssr")]
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
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
