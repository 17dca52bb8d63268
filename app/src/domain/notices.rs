//! Notifications: which message is due to whom and when, how often a failed email is tried
//! again, and in which language a person is written to. Pure: the server passes the facts of
//! each duo and the programme's local time, and stores each due notice under its `key`, so a
//! notice is made once however often (and on however many instances) the sweep runs.
use crate::domain::followup::{Alert, DuoFacts};
use crate::domain::states::DuoState;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

/// Days without a meeting after which a mentor gets a friendly nudge.
pub const NUDGE_MENTOR_DAYS: i64 = 14;
/// Days without a meeting after which the duo's coordinators hear of it.
pub const NUDGE_COORDINATOR_DAYS: i64 = 21;
/// The weekly digest goes out on Monday from this hour, programme time.
pub const DIGEST_HOUR: u32 = 8;
/// A notice of something that became due is made only this many days after it became due: a
/// server started after a long stop, a first deployment, or a notice deleted with an erased
/// person never sends a pile of old news.
pub const RECENT_DAYS: i64 = 30;
/// A check-in's reminder is made only in its first week.
pub const CHECKIN_RECENT_DAYS: i64 = 7;
/// The longest wait between two tries of a failing email.
pub const RETRY_MAX_MINUTES: i64 = 6 * 60;

/// What became of a notice's email: `pending` (to send), `sending` (claimed by one server for a
/// while), `sent`, `failed` (tried again later), `off` (the person turned that kind off),
/// `no_address` (nobody to mail), `no_server` (no mail server configured: inbox only).
pub const MAIL_STATES: [&str; 7] = [
    "pending",
    "sending",
    "sent",
    "failed",
    "off",
    "no_address",
    "no_server",
];

/// What a notification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum NoticeKind {
    /// A duo was proposed (to its mentor and its mentee).
    DuoProposed,
    /// The introduction was scheduled, with its date and place (both people).
    IntroScheduled,
    /// The introduction is tomorrow (both people).
    IntroTomorrow,
    /// The mentor's duo has had no meeting for 14 days (the mentor).
    QuietMentor,
    /// The duo has had no meeting for 21 days (its office's coordinators).
    QuietCoordinator,
    /// A check-in is due (coordinators).
    CheckinDue,
    /// A follow-up of the mentee's outcome is due (coordinators).
    FollowupDue,
    /// The office's alert list, on Monday morning (coordinators).
    WeeklyDigest,
    /// The mentee's own link to say where they are (at the end, at 6 and 12 months).
    MenteeVoice,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 9] = [
        NoticeKind::DuoProposed,
        NoticeKind::IntroScheduled,
        NoticeKind::IntroTomorrow,
        NoticeKind::QuietMentor,
        NoticeKind::QuietCoordinator,
        NoticeKind::CheckinDue,
        NoticeKind::FollowupDue,
        NoticeKind::WeeklyDigest,
        NoticeKind::MenteeVoice,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::DuoProposed => "duo_proposed",
            NoticeKind::IntroScheduled => "intro_scheduled",
            NoticeKind::IntroTomorrow => "intro_tomorrow",
            NoticeKind::QuietMentor => "quiet_mentor",
            NoticeKind::QuietCoordinator => "quiet_coordinator",
            NoticeKind::CheckinDue => "checkin_due",
            NoticeKind::FollowupDue => "followup_due",
            NoticeKind::WeeklyDigest => "weekly_digest",
            NoticeKind::MenteeVoice => "mentee_voice",
        }
    }

    pub fn parse(text: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Whether the email can be turned off. A duo proposed and its introduction scheduled are
    /// what a person must know to show up: those are always mailed when there is an address.
    pub fn essential(self) -> bool {
        matches!(self, NoticeKind::DuoProposed | NoticeKind::IntroScheduled)
    }

    /// The kinds a person of `role` receives (and may turn off when not essential).
    pub fn received_by(role: crate::model::Role) -> Vec<NoticeKind> {
        use crate::model::Role;
        use NoticeKind::*;
        match role {
            Role::Mentor => vec![DuoProposed, IntroScheduled, IntroTomorrow, QuietMentor],
            Role::Coordinator => vec![QuietCoordinator, CheckinDue, FollowupDue, WeeklyDigest],
            // Administrators see every office and follow none of its duos day to day.
            Role::Admin | Role::Hq => vec![],
        }
    }
}

/// Who a notice of a duo goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// The mentor and the mentee.
    BothPeople,
    Mentor,
    /// The coordinators of the duo's office.
    Coordinators,
    /// The mentee alone (by email).
    Mentee,
}

impl NoticeKind {
    pub fn audience(self) -> Audience {
        use NoticeKind::*;
        match self {
            DuoProposed | IntroScheduled | IntroTomorrow => Audience::BothPeople,
            QuietMentor => Audience::Mentor,
            QuietCoordinator | CheckinDue | FollowupDue | WeeklyDigest => Audience::Coordinators,
            MenteeVoice => Audience::Mentee,
        }
    }
}

/// A notice due for one duo: its kind, and what makes it unique among that duo's notices of
/// that kind (the introduction's day, the quiet spell's first day, the check-in's due day…), so
/// a new quiet spell or a moved introduction makes a new notice and a repeated sweep none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueNotice {
    pub kind: NoticeKind,
    pub occasion: String,
    /// A number the message shows (days without a meeting), when it has one.
    pub days: Option<i64>,
    /// The day the message names (the introduction, the check-in, the outcome's due day).
    pub date: Option<NaiveDate>,
    /// For a follow-up: `end`, `6m` or `12m`.
    pub moment: Option<String>,
}

/// `YYYY-MM-DD` (chrono's `Display` of a date; its `format` interpreter stays out of the browser).
fn iso(d: NaiveDate) -> String {
    d.to_string()
}

/// The notices one duo is due today, given its facts. A proposal and a scheduled introduction
/// are announced when they happen; the sweep finds them too (a proposal within two days), so one
/// lost on a crash between the step and its notice is still sent. Everything else is made only
/// while recent (see [`RECENT_DAYS`]).
pub fn due_for_duo(
    facts: &DuoFacts,
    proposed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<DueNotice> {
    const PROPOSAL_DAYS: i64 = 2;
    let recent = |d: NaiveDate, within: i64| (0..=within).contains(&(today - d).num_days());
    let mut out = Vec::new();
    let plain = |kind, occasion: String| DueNotice {
        kind,
        occasion,
        days: None,
        date: None,
        moment: None,
    };
    if facts.state == DuoState::Proposed {
        if let Some(on) = proposed_on.filter(|d| recent(*d, PROPOSAL_DAYS)) {
            out.push(plain(NoticeKind::DuoProposed, iso(on)));
        }
    }
    if facts.state == DuoState::IntroScheduled {
        if let Some(intro) = facts.intro_on {
            if intro >= today {
                out.push(DueNotice {
                    date: Some(intro),
                    ..plain(NoticeKind::IntroScheduled, iso(intro))
                });
            }
            if intro == today + chrono::Duration::days(1) {
                out.push(DueNotice {
                    date: Some(intro),
                    ..plain(NoticeKind::IntroTomorrow, iso(intro))
                });
            }
        }
    }
    if facts.state == DuoState::Active {
        let since = facts
            .last_meeting
            .or(facts.started_on)
            .unwrap_or(facts.created);
        let days = (today - since).num_days();
        for (kind, threshold) in [
            (NoticeKind::QuietMentor, NUDGE_MENTOR_DAYS),
            (NoticeKind::QuietCoordinator, NUDGE_COORDINATOR_DAYS),
        ] {
            if (threshold..threshold + RECENT_DAYS).contains(&days) {
                out.push(DueNotice {
                    days: Some(days),
                    ..plain(kind, iso(since))
                });
            }
        }
    }
    if matches!(facts.state, DuoState::Active | DuoState::OnHold) {
        // One notice per check-in, from its due day on.
        for due in facts
            .open_checkins
            .iter()
            .filter(|d| recent(**d, CHECKIN_RECENT_DAYS))
        {
            out.push(DueNotice {
                date: Some(*due),
                ..plain(NoticeKind::CheckinDue, iso(*due))
            });
        }
    }
    for alert in crate::domain::followup::alerts(facts, today) {
        let Alert::OutcomeDue { moment, due } = alert else {
            continue;
        };
        let Ok(due_day) = NaiveDate::parse_from_str(&due, "%Y-%m-%d") else {
            continue;
        };
        if recent(due_day, RECENT_DAYS) {
            // The coordinators follow up, and the mentee may answer for themselves.
            for kind in [NoticeKind::FollowupDue, NoticeKind::MenteeVoice] {
                out.push(DueNotice {
                    moment: Some(moment.as_str().to_string()),
                    date: Some(due_day),
                    ..plain(kind, moment.as_str().to_string())
                });
            }
        }
    }
    out
}

/// The week whose digest is due at `local` (the programme's wall-clock time): on Monday from
/// 08:00 to midnight, as `2026-W49`; `None` at any other time. A server down all Monday sends
/// no late digest: the next Monday's is current again.
pub fn digest_week(local: NaiveDateTime) -> Option<String> {
    (local.weekday() == Weekday::Mon && local.hour() >= DIGEST_HOUR).then(|| {
        let week = local.date().iso_week();
        format!("{}-W{:02}", week.year(), week.week())
    })
}

/// How long to wait before trying a failed email again, after `attempts` tries: one minute,
/// then doubling, at most six hours. A failed email is tried again for as long as it takes.
pub fn retry_after_minutes(attempts: u32) -> i64 {
    let doubled = 1i64
        .checked_shl(attempts.saturating_sub(1).min(20))
        .unwrap_or(i64::MAX);
    doubled.min(RETRY_MAX_MINUTES)
}

/// The language a mentee is written to in: the first of French, Dutch or English they speak,
/// else the language of their office's region.
pub fn mentee_language(languages: &[String], office: &str) -> &'static str {
    languages
        .iter()
        .find_map(|l| match l.as_str() {
            "fr" => Some("fr"),
            "nl" => Some("nl"),
            "en" => Some("en"),
            _ => None,
        })
        .unwrap_or_else(|| office_language(office))
}

/// The language of an office's region: Dutch in Antwerp and Ghent, French in Brussels and Liège.
pub fn office_language(office: &str) -> &'static str {
    match office {
        "antwerp" | "ghent" => "nl",
        _ => "fr",
    }
}

/// A notice's unique key: kind, subject (a duo, or an office for the digest), occasion and
/// recipient. Creating a notice whose key exists does nothing.
pub fn notice_key(kind: NoticeKind, subject: &str, occasion: &str, recipient: &str) -> String {
    format!("{}|{subject}|{occasion}|{recipient}", kind.as_str())
}

/// Whether an account's email for `kind` is sent, given the kinds they turned off.
pub fn mailed(kind: NoticeKind, turned_off: &[NoticeKind]) -> bool {
    kind.essential() || !turned_off.contains(&kind)
}

/// What becomes of a new notice's email at first: nobody to mail, turned off by the person,
/// no mail server (inbox only), or waiting to be sent.
pub fn first_mail_state(has_address: bool, wanted: bool, server: bool) -> &'static str {
    match (has_address, wanted, server) {
        (false, _, _) => "no_address",
        (true, false, _) => "off",
        (true, true, false) => "no_server",
        (true, true, true) => "pending",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::{checkin_schedule, Moment};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn facts(state: DuoState) -> DuoFacts {
        DuoFacts {
            state,
            created: d(2026, 9, 1),
            intro_on: None,
            started_on: None,
            ended_on: None,
            closed_as: None,
            last_meeting: None,
            open_checkins: vec![],
            outcomes: vec![],
        }
    }

    fn kinds(due: &[DueNotice]) -> Vec<NoticeKind> {
        due.iter().map(|n| n.kind).collect()
    }

    #[test]
    fn a_proposal_is_announced_while_recent_and_once_per_proposal() {
        let today = d(2026, 12, 3);
        let f = facts(DuoState::Proposed);
        let due = due_for_duo(&f, Some(d(2026, 12, 2)), today);
        assert_eq!(kinds(&due), vec![NoticeKind::DuoProposed]);
        assert_eq!(due[0].occasion, "2026-12-02");
        assert!(due_for_duo(&f, Some(d(2026, 11, 20)), today).is_empty());
        assert!(due_for_duo(&facts(DuoState::Draft), Some(today), today).is_empty());
    }

    #[test]
    fn an_introduction_is_announced_then_reminded_the_day_before() {
        let today = d(2026, 12, 3);
        let mut f = facts(DuoState::IntroScheduled);
        f.intro_on = Some(d(2026, 12, 10));
        assert_eq!(
            kinds(&due_for_duo(&f, None, today)),
            vec![NoticeKind::IntroScheduled]
        );
        f.intro_on = Some(d(2026, 12, 4));
        let due = due_for_duo(&f, None, today);
        assert_eq!(
            kinds(&due),
            vec![NoticeKind::IntroScheduled, NoticeKind::IntroTomorrow]
        );
        assert_eq!(due[1].date, Some(d(2026, 12, 4)));
        // Moved to another day: a new occasion, so a new announcement.
        f.intro_on = Some(d(2026, 12, 5));
        assert_eq!(due_for_duo(&f, None, today)[0].occasion, "2026-12-05");
        // Past: nothing more to announce (the coordinator's alert takes over).
        f.intro_on = Some(d(2026, 12, 1));
        assert!(due_for_duo(&f, None, today).is_empty());
    }

    #[test]
    fn a_quiet_duo_nudges_the_mentor_at_14_days_and_the_coordinators_at_21() {
        let mut f = facts(DuoState::Active);
        f.started_on = Some(d(2026, 9, 1));
        f.last_meeting = Some(d(2026, 11, 1));
        assert!(due_for_duo(&f, None, d(2026, 11, 14)).is_empty());
        let due = due_for_duo(&f, None, d(2026, 11, 15));
        assert_eq!(kinds(&due), vec![NoticeKind::QuietMentor]);
        assert_eq!(due[0].days, Some(14));
        assert_eq!(due[0].occasion, "2026-11-01");
        assert_eq!(
            kinds(&due_for_duo(&f, None, d(2026, 11, 22))),
            vec![NoticeKind::QuietMentor, NoticeKind::QuietCoordinator]
        );
        // A meeting starts a new spell: a later nudge is a new notice.
        f.last_meeting = Some(d(2026, 11, 20));
        assert_eq!(
            due_for_duo(&f, None, d(2026, 12, 4))[0].occasion,
            "2026-11-20"
        );
        // Quiet for months: the spell's nudges were made in their time, not again now.
        assert!(due_for_duo(&f, None, d(2027, 2, 20)).is_empty());
        f.state = DuoState::OnHold;
        assert!(due_for_duo(&f, None, d(2026, 12, 30)).is_empty());
    }

    #[test]
    fn old_news_is_never_made_however_late_the_sweep() {
        let mut f = facts(DuoState::Active);
        f.started_on = Some(d(2025, 1, 1));
        f.open_checkins = checkin_schedule(d(2025, 1, 1));
        // Every outcome long overdue, every check-in long past, quiet for two years.
        assert!(due_for_duo(&f, Some(d(2025, 1, 1)), d(2026, 12, 3)).is_empty());
    }

    #[test]
    fn check_ins_and_outcomes_due_go_to_coordinators() {
        let mut f = facts(DuoState::Active);
        f.started_on = Some(d(2026, 6, 1));
        f.last_meeting = Some(d(2026, 12, 1));
        f.open_checkins = vec![d(2026, 11, 1), d(2026, 11, 30), d(2027, 1, 1)];
        let due = due_for_duo(&f, None, d(2026, 12, 3));
        assert_eq!(
            kinds(&due),
            vec![
                NoticeKind::CheckinDue,
                NoticeKind::FollowupDue,
                NoticeKind::MenteeVoice
            ]
        );
        // The check-in of 1 November is a month old: no reminder any more.
        assert_eq!(due[0].occasion, "2026-11-30");
        assert_eq!(due[1].moment.as_deref(), Some("6m"));
        assert_eq!(due[1].date, Some(d(2026, 12, 1)));
        f.outcomes = vec![Moment::SixMonths];
        f.open_checkins.clear();
        assert!(due_for_duo(&f, None, d(2026, 12, 3)).is_empty());
        f.last_meeting = Some(d(2027, 6, 1));
        let due = due_for_duo(&f, None, d(2027, 6, 2));
        assert_eq!(
            kinds(&due),
            vec![NoticeKind::FollowupDue, NoticeKind::MenteeVoice]
        );
        assert_eq!(due[0].occasion, "12m");
    }

    #[test]
    fn every_state_gets_only_the_notices_that_belong_to_it() {
        let today = d(2026, 12, 3);
        for &state in DuoState::ALL {
            let mut f = facts(state);
            f.intro_on = Some(today + chrono::Duration::days(1));
            f.started_on = Some(d(2026, 1, 1));
            f.open_checkins = vec![d(2026, 2, 1)];
            for n in due_for_duo(&f, Some(today), today) {
                let allowed = match n.kind {
                    NoticeKind::DuoProposed => state == DuoState::Proposed,
                    NoticeKind::IntroScheduled | NoticeKind::IntroTomorrow => {
                        state == DuoState::IntroScheduled
                    }
                    NoticeKind::QuietMentor | NoticeKind::QuietCoordinator => {
                        state == DuoState::Active
                    }
                    NoticeKind::CheckinDue => matches!(state, DuoState::Active | DuoState::OnHold),
                    NoticeKind::FollowupDue | NoticeKind::MenteeVoice => true,
                    NoticeKind::WeeklyDigest => false,
                };
                assert!(allowed, "{state:?} gave {:?}", n.kind);
            }
        }
    }

    #[test]
    fn the_digest_is_due_on_monday_from_eight() {
        let at = |day: u32, h: u32| d(2026, 12, day).and_hms_opt(h, 0, 0).unwrap();
        // 7 December 2026 is a Monday, ISO week 50.
        assert_eq!(digest_week(at(7, 7)), None);
        assert_eq!(digest_week(at(7, 8)).as_deref(), Some("2026-W50"));
        assert_eq!(digest_week(at(7, 23)).as_deref(), Some("2026-W50"));
        assert_eq!(digest_week(at(8, 9)), None);
        // The ISO year of 4 January 2027's week (a Monday) is 2027, week 1.
        let jan = d(2027, 1, 4).and_hms_opt(8, 30, 0).unwrap();
        assert_eq!(digest_week(jan).as_deref(), Some("2027-W01"));
    }

    #[test]
    fn a_failed_email_waits_longer_each_time_up_to_six_hours() {
        assert_eq!(retry_after_minutes(1), 1);
        assert_eq!(retry_after_minutes(2), 2);
        assert_eq!(retry_after_minutes(5), 16);
        assert_eq!(retry_after_minutes(9), 256);
        assert_eq!(retry_after_minutes(10), RETRY_MAX_MINUTES);
        assert_eq!(retry_after_minutes(u32::MAX), RETRY_MAX_MINUTES);
    }

    #[test]
    fn people_are_written_to_in_a_language_they_read() {
        let langs = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            mentee_language(&langs(&["ar", "nl", "fr"]), "brussels"),
            "nl"
        );
        assert_eq!(mentee_language(&langs(&["ar"]), "ghent"), "nl");
        assert_eq!(mentee_language(&langs(&["ar"]), "liege"), "fr");
        assert_eq!(mentee_language(&[], "antwerp"), "nl");
    }

    #[test]
    fn essential_notices_are_always_mailed() {
        let all = NoticeKind::ALL.to_vec();
        for kind in NoticeKind::ALL {
            assert_eq!(mailed(kind, &all), kind.essential(), "{kind:?}");
            assert!(mailed(kind, &[]));
        }
    }

    #[test]
    fn a_notice_is_mailed_only_to_an_address_wanted_through_a_server() {
        for address in [false, true] {
            for wanted in [false, true] {
                for server in [false, true] {
                    let state = first_mail_state(address, wanted, server);
                    assert!(MAIL_STATES.contains(&state));
                    assert_eq!(state == "pending", address && wanted && server);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn kinds_round_trip_and_keys_are_unique(a in 0usize..9, b in 0usize..9, s in "[a-z0-9]{1,8}", o in "[0-9-]{1,10}") {
            let (ka, kb) = (NoticeKind::ALL[a], NoticeKind::ALL[b]);
            prop_assert_eq!(NoticeKind::parse(ka.as_str()), Some(ka));
            let same = notice_key(ka, &s, &o, "user:x") == notice_key(kb, &s, &o, "user:x");
            prop_assert_eq!(same, a == b);
            prop_assert_ne!(notice_key(ka, &s, &o, "user:x"), notice_key(ka, &s, &o, "user:y"));
        }

        #[test]
        fn retries_never_wait_less_than_a_minute_nor_more_than_six_hours(n in any::<u32>()) {
            let wait = retry_after_minutes(n);
            prop_assert!((1..=RETRY_MAX_MINUTES).contains(&wait));
        }
    }
}
