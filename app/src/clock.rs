//! The one clock of Duo: what day it is, on the server (rules, alerts, daily jobs) and in the
//! browser (defaults of date fields). Rules never read the clock themselves: they are handed
//! the date, so tests can choose it.

/// Today's date where the programme runs (UTC: the date checks allow a day of slack).
#[cfg(feature = "ssr")]
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
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
