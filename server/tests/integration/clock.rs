//! The programme's clock follows Europe/Brussels: its "today" and the hour of the nightly jobs,
//! winter and summer time, and the nights the clocks change.
use chrono::{TimeZone, Utc};

#[test]
fn today_is_the_date_in_brussels() {
    // 23:30 UTC in summer is 01:30 the next day in Brussels; in winter, 00:30.
    let summer = Utc.with_ymd_and_hms(2026, 7, 14, 23, 30, 0).unwrap();
    assert_eq!(app::clock::local_date(summer).to_string(), "2026-07-15");
    let winter = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
    assert_eq!(app::clock::local_date(winter).to_string(), "2027-01-01");
    let afternoon = Utc.with_ymd_and_hms(2026, 12, 2, 14, 0, 0).unwrap();
    assert_eq!(app::clock::local_date(afternoon).to_string(), "2026-12-02");
    assert_eq!(app::clock::local_day("2026-07-14T22:30:00Z"), "2026-07-15");
    assert_eq!(app::clock::local_day("2026-07-14T21:30:00Z"), "2026-07-14");
}

#[test]
fn the_nightly_hour_is_brussels_time_in_every_season() {
    let next = |y, m, d, h, mi, hour| {
        app::clock::next_local_hour(Utc.with_ymd_and_hms(y, m, d, h, mi, 0).unwrap(), hour)
    };
    // Winter (UTC+1): 03:00 Brussels is 02:00 UTC, later the same night or the next one.
    assert_eq!(
        next(2026, 12, 2, 0, 30, 3),
        Utc.with_ymd_and_hms(2026, 12, 2, 2, 0, 0).unwrap()
    );
    assert_eq!(
        next(2026, 12, 2, 14, 0, 3),
        Utc.with_ymd_and_hms(2026, 12, 3, 2, 0, 0).unwrap()
    );
    // Exactly at the hour: the next night, never the same instant again.
    assert_eq!(
        next(2026, 12, 2, 2, 0, 3),
        Utc.with_ymd_and_hms(2026, 12, 3, 2, 0, 0).unwrap()
    );
    // Summer (UTC+2): 01:00 UTC.
    assert_eq!(
        next(2026, 7, 1, 12, 0, 3),
        Utc.with_ymd_and_hms(2026, 7, 2, 1, 0, 0).unwrap()
    );
    // The night summer time starts (29 March 2026, 02:00 → 03:00): 02:00 does not exist there,
    // so the job runs at 03:00 local (01:00 UTC); 03:00 itself is 01:00 UTC too.
    assert_eq!(
        next(2026, 3, 28, 12, 0, 2),
        Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap()
    );
    assert_eq!(
        next(2026, 3, 28, 12, 0, 3),
        Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap()
    );
    // The night it ends (25 October 2026, 03:00 → 02:00): 02:00 happens twice; the first one.
    assert_eq!(
        next(2026, 10, 24, 12, 0, 2),
        Utc.with_ymd_and_hms(2026, 10, 25, 0, 0, 0).unwrap()
    );
}
