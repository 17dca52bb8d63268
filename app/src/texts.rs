//! Words for codes: offices, sectors, languages, states and errors in the reader's language.
//! The translations live in `locales/*.json`; keys are checked at compile time.
use crate::domain::followup;
use crate::domain::states::DuoState;
use crate::error::{AppError, Conflict, Invalid};
use crate::i18n::{td_string, Locale};

macro_rules! code_names {
    ($(#[$meta:meta])* $fn:ident, $group:ident, { $($code:literal => $key:ident),+ $(,)? }) => {
        $(#[$meta])*
        pub fn $fn(locale: Locale, code: &str) -> String {
            match code {
                $($code => td_string!(locale, $group.$key).to_string(),)+
                other => other.to_string(),
            }
        }
    };
}

code_names!(
    /// An office's name, e.g. `liege` → "Luik" in Dutch.
    office_name, offices, {
    "brussels" => brussels, "liege" => liege, "antwerp" => antwerp, "ghent" => ghent,
});

code_names!(
    /// A NACE section's name, e.g. `F` → "Construction".
    sector_name, sectors, {
    "A" => a, "B" => b, "C" => c, "D" => d, "E" => e, "F" => f, "G" => g, "H" => h, "I" => i,
    "J" => j, "K" => k, "L" => l, "M" => m, "N" => n, "O" => o, "P" => p, "Q" => q, "R" => r,
    "S" => s, "T" => t, "U" => u,
});

code_names!(
    /// A language's name, e.g. `ar` → "Arabe" in French.
    language_name, languages, {
    "fr" => fr, "nl" => nl, "en" => en, "de" => de, "ar" => ar, "tr" => tr, "es" => es,
    "it" => it, "pt" => pt, "pl" => pl, "ro" => ro, "ru" => ru, "uk" => uk, "fa" => fa,
    "ps" => ps, "so" => so, "ti" => ti, "am" => am, "ln" => ln, "sw" => sw, "ku" => ku,
    "sq" => sq, "bg" => bg, "hi" => hi, "ur" => ur, "zh" => zh, "vi" => vi,
});

code_names!(
    /// A form field's label, used in validation messages.
    field_name, fields, {
    "first_name" => first_name, "last_name" => last_name, "office" => office,
    "languages" => languages, "sectors" => sectors, "capacity" => capacity, "state" => state,
    "email" => email, "phone" => phone, "mentee" => mentee, "mentor" => mentor,
    "password" => password, "role" => role, "body" => body, "support" => support,
    "availability" => availability, "postcode" => postcode, "gender" => gender,
    "gender_wish" => gender_wish, "years_experience" => years_experience, "weights" => weights,
    "card" => card, "limit" => limit, "to" => to, "reason" => reason, "date" => date,
    "place" => place, "note" => note, "minutes" => minutes, "mode" => mode, "topics" => topics,
    "idempotency_key" => idempotency_key, "title" => title, "steps" => steps, "due_on" => due_on,
    "mood" => mood, "moment" => moment, "situation" => situation, "stable" => stable,
    "time" => time, "topic" => topic, "year" => year, "target" => target, "from" => from,
    "token" => token, "criterion" => criterion, "kind" => kind, "given" => given,
    "months" => months, "record" => record, "actor" => actor, "action" => action, "name" => name,
    "person" => person, "notice_version" => notice_version, "offices" => offices,
    "q" => q, "sector" => sector, "language" => language, "sort" => sort, "page" => page,
    "per_page" => per_page, "min_days" => min_days, "query" => query, "module" => module,
    "modules" => modules, "present" => present, "dry_run" => dry_run, "duo" => duo,
    "decisions" => decisions, "decision" => decision, "minute" => minute, "until" => until,
    "next" => next, "comment" => comment, "in_touch" => in_touch, "rating" => rating,
});

/// A duo state's name.
pub fn duo_state_name(locale: Locale, state: DuoState) -> String {
    use DuoState::*;
    match state {
        Draft => td_string!(locale, state.draft),
        Proposed => td_string!(locale, state.proposed),
        IntroScheduled => td_string!(locale, state.intro_scheduled),
        IntroHeld => td_string!(locale, state.intro_held),
        Declined => td_string!(locale, state.declined),
        Agreed => td_string!(locale, state.agreed),
        Active => td_string!(locale, state.active),
        OnHold => td_string!(locale, state.on_hold),
        Completed => td_string!(locale, state.completed),
        EndedEarly => td_string!(locale, state.ended_early),
        Archived => td_string!(locale, state.archived),
    }
    .to_string()
}

/// What went wrong, in words the user understands.
pub fn error_message(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Unauthenticated => td_string!(locale, errors.unauthenticated).to_string(),
        AppError::BadCredentials => td_string!(locale, errors.bad_credentials).to_string(),
        AppError::Forbidden => td_string!(locale, errors.forbidden).to_string(),
        AppError::NotFound => td_string!(locale, errors.not_found).to_string(),
        AppError::Conflict {
            reason: Conflict::MenteeNotWaiting,
            by: Some(name),
        } => td_string!(locale, errors.mentee_taken_by, name = name).to_string(),
        AppError::Conflict {
            reason: Conflict::MentorFull,
            by: Some(name),
        } => td_string!(locale, errors.mentor_taken_by, name = name).to_string(),
        AppError::Conflict {
            reason: Conflict::Transition,
            by: Some(name),
        } => td_string!(locale, errors.step_taken_by, name = name).to_string(),
        AppError::Conflict {
            reason: Conflict::Stale,
            by: Some(name),
        } => td_string!(locale, errors.stale_by, name = name).to_string(),
        AppError::Conflict { reason, .. } => match reason {
            Conflict::MenteeNotWaiting => td_string!(locale, errors.mentee_not_waiting),
            Conflict::MentorFull => td_string!(locale, errors.mentor_full),
            Conflict::MentorNotAvailable => td_string!(locale, errors.mentor_not_available),
            Conflict::DifferentOffice => td_string!(locale, errors.different_office),
            Conflict::DuoStarted => td_string!(locale, errors.duo_started),
            Conflict::Stale => td_string!(locale, errors.stale),
            Conflict::Transition => td_string!(locale, errors.transition),
            Conflict::NotStarted => td_string!(locale, errors.not_started),
            Conflict::InDuo => td_string!(locale, errors.in_duo),
            Conflict::EligibilityUnverified => td_string!(locale, errors.eligibility_unverified),
            Conflict::SessionOffice => td_string!(locale, errors.session_office),
            Conflict::TrainingForMentors => td_string!(locale, errors.training_for_mentors),
            Conflict::NotHeld => td_string!(locale, errors.not_held),
            Conflict::AttendanceRecorded => td_string!(locale, errors.attendance_recorded),
            Conflict::Answered => td_string!(locale, errors.answered),
        }
        .to_string(),
        AppError::Invalid {
            field,
            problem: Invalid::TooShort,
        } if field == "password" => td_string!(
            locale,
            errors.password_short,
            min = crate::domain::validation::PASSWORD_MIN
        )
        .to_string(),
        AppError::Invalid {
            field,
            problem: Invalid::TooLong,
        } if field == "password" => td_string!(
            locale,
            errors.password_long,
            max = crate::domain::validation::PASSWORD_MAX
        )
        .to_string(),
        AppError::Invalid {
            problem: Invalid::Common,
            ..
        } => td_string!(locale, errors.password_common).to_string(),
        AppError::Invalid { field, .. } if field == "confirm" => {
            td_string!(locale, account.passwords_differ).to_string()
        }
        AppError::Invalid {
            field,
            problem: Invalid::Malformed,
        } if field == "email" => td_string!(locale, errors.email_malformed).to_string(),
        AppError::Invalid {
            field,
            problem: Invalid::Malformed,
        } if field == "phone" => td_string!(locale, errors.phone_malformed).to_string(),
        AppError::Invalid {
            field,
            problem: Invalid::Malformed,
        } if matches!(field.as_str(), "date" | "from" | "to") || field.ends_with("_on") => {
            td_string!(locale, errors.date_malformed).to_string()
        }
        AppError::Invalid { field, problem } => {
            let field = field_name(locale, field);
            match problem {
                Invalid::Required => td_string!(locale, errors.required, field = field),
                Invalid::TooShort => td_string!(locale, errors.too_short, field = field),
                Invalid::TooLong => td_string!(locale, errors.too_long, field = field),
                Invalid::Unknown => td_string!(locale, errors.unknown, field = field),
                Invalid::OutOfRange => td_string!(locale, errors.out_of_range, field = field),
                Invalid::Taken => td_string!(locale, errors.taken, field = field),
                Invalid::Malformed | Invalid::Common => {
                    td_string!(locale, errors.invalid, field = field)
                }
            }
            .to_string()
        }
        AppError::TooManyAttempts { retry_after } => {
            td_string!(locale, errors.too_many_attempts, count = *retry_after).to_string()
        }
        AppError::TooManyRequests { .. } => {
            td_string!(locale, errors.too_many_requests).to_string()
        }
        AppError::LinkExpired => td_string!(locale, errors.link_expired).to_string(),
        AppError::CrossSite => td_string!(locale, errors.cross_site).to_string(),
        AppError::Busy => td_string!(locale, errors.busy).to_string(),
        AppError::NotConfigured => td_string!(locale, errors.not_configured).to_string(),
        AppError::Internal => td_string!(locale, errors.internal).to_string(),
        AppError::Transport { .. } => td_string!(locale, errors.network).to_string(),
    }
}

/// A calendar day (`YYYY-MM-DD`) as the reader writes it: 29/11/2026 in French, 29-11-2026 in
/// Dutch, 29 Nov 2026 in English. Anything else is shown as it is.
///
/// Written field by field rather than with chrono's `format`: its pattern interpreter would be
/// the only user of that code in the browser.
pub fn date_text(locale: Locale, iso: &str) -> String {
    use chrono::Datelike;
    let Some(date) = iso_day(iso) else {
        return iso.to_string();
    };
    let (day, month, year) = (date.day(), date.month(), date.year());
    match locale {
        Locale::fr => format!("{day:02}/{month:02}/{year:04}"),
        Locale::nl => format!("{day:02}-{month:02}-{year:04}"),
        Locale::en => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            format!("{day} {} {year:04}", MONTHS[date.month0() as usize])
        }
    }
}

/// A day as Duo writes it, `YYYY-MM-DD` and nothing around it. Read by hand: chrono's parser
/// (its pattern interpreter) would otherwise be downloaded with the mentor's page for this alone.
fn iso_day(text: &str) -> Option<chrono::NaiveDate> {
    let number = |part: &str, digits: usize| {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let year = i32::try_from(number(year, 4)?).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, number(month, 2)?, number(day, 2)?)
}

/// The thousands separator and the decimal mark of each language (CLDR): French groups with a
/// narrow no-break space and writes a space before `%`; Dutch groups with a dot.
fn number_marks(locale: Locale) -> (&'static str, &'static str, &'static str) {
    match locale {
        Locale::fr => ("\u{202f}", ",", "\u{202f}%"),
        Locale::nl => (".", ",", "%"),
        Locale::en => (",", ".", "%"),
    }
}

fn grouped(digits: &str, separator: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// A whole number as the reader writes it: `1 234` in French, `1.234` in Dutch, `1,234` in
/// English.
pub fn number_text(locale: Locale, n: i64) -> String {
    let (thousands, _, _) = number_marks(locale);
    let sign = if n < 0 { "-" } else { "" };
    format!(
        "{sign}{}",
        grouped(&n.unsigned_abs().to_string(), thousands)
    )
}

/// A percentage with `decimals` decimals as the reader writes it: `12,5 %` in French, `12,5%` in
/// Dutch, `12.5%` in English.
pub fn percent_text(locale: Locale, percent: f64, decimals: usize) -> String {
    let (thousands, mark, sign) = number_marks(locale);
    let text = format!("{:.*}", decimals, percent.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let minus = if percent < 0.0 && text.chars().any(|c| matches!(c, '1'..='9')) {
        "-"
    } else {
        ""
    };
    let whole = grouped(whole, thousands);
    if fraction.is_empty() {
        format!("{minus}{whole}{sign}")
    } else {
        format!("{minus}{whole}{mark}{fraction}{sign}")
    }
}

/// The best supported language of an `Accept-Language` header (English when none fits).
pub fn locale_from_accept_language(header: &str) -> Locale {
    let mut best: Option<(f32, Locale)> = None;
    for part in header.split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = pieces
            .find_map(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        let locale = match tag.split('-').next().unwrap_or("") {
            "fr" => Locale::fr,
            "nl" => Locale::nl,
            "en" => Locale::en,
            _ => continue,
        };
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, locale));
        }
    }
    best.map(|(_, l)| l).unwrap_or(Locale::en)
}

/// How a meeting was held, in the reader's language.
pub fn mode_name(locale: Locale, mode: &str) -> String {
    match mode {
        "in_person" => td_string!(locale, mentor.modes.in_person),
        "online" => td_string!(locale, mentor.modes.online),
        "phone" => td_string!(locale, mentor.modes.phone),
        other => return other.to_string(),
    }
    .to_string()
}

/// What a meeting was about, in the reader's language.
pub fn topic_name(locale: Locale, topic: &str) -> String {
    match topic {
        "action_plan" => td_string!(locale, mentor.topic.action_plan),
        "cv" => td_string!(locale, mentor.topic.cv),
        "applications" => td_string!(locale, mentor.topic.applications),
        "interview" => td_string!(locale, mentor.topic.interview),
        "network" => td_string!(locale, mentor.topic.network),
        "training" => td_string!(locale, mentor.topic.training),
        "language" => td_string!(locale, mentor.topic.language),
        "wellbeing" => td_string!(locale, mentor.topic.wellbeing),
        other => return other.to_string(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reference::{LANGUAGES, OFFICES, SECTORS};

    #[test]
    fn every_code_has_a_name_in_every_language() {
        for locale in [Locale::en, Locale::fr, Locale::nl] {
            for code in OFFICES {
                assert_ne!(office_name(locale, code), code);
            }
            for code in SECTORS {
                assert!(sector_name(locale, code).len() > 2, "{code}");
            }
            for code in LANGUAGES {
                assert_ne!(language_name(locale, code), code, "{code}");
            }
        }
        assert_eq!(office_name(Locale::nl, "liege"), "Luik");
        assert_eq!(sector_name(Locale::fr, "F"), "Construction");
    }

    #[test]
    fn errors_speak_the_callers_language() {
        let e = AppError::conflict(Conflict::MentorFull);
        assert_eq!(
            error_message(Locale::en, &e),
            "This mentor has no free capacity left."
        );
        assert_eq!(
            error_message(Locale::fr, &e),
            "Ce mentor n’a plus de place libre."
        );
        let e = AppError::invalid("first_name", Invalid::Required);
        assert!(error_message(Locale::nl, &e).contains("Voornaam"));
        let e = AppError::conflict_by(Conflict::MenteeNotWaiting, Some("Sofia".into()));
        assert_eq!(
            error_message(Locale::en, &e),
            "Sofia has just matched this mentee."
        );
        let e = AppError::invalid("password", Invalid::TooShort);
        assert_eq!(
            error_message(Locale::en, &e),
            "The password needs at least 10 characters."
        );
    }

    #[test]
    fn the_sign_in_wait_follows_each_languages_plural_rules() {
        let wait = |locale, seconds| {
            error_message(
                locale,
                &AppError::TooManyAttempts {
                    retry_after: seconds,
                },
            )
        };
        assert!(wait(Locale::fr, 1).contains("Patientez 1 seconde avant"));
        assert!(wait(Locale::fr, 2).contains("Patientez 2 secondes avant"));
        assert!(wait(Locale::nl, 1).contains("Wacht 1 seconde en"));
        assert!(wait(Locale::nl, 2).contains("Wacht 2 seconden en"));
        assert!(wait(Locale::en, 1).contains("wait 1 second and"));
        assert!(wait(Locale::en, 2).contains("wait 2 seconds and"));
    }

    #[test]
    fn a_day_is_read_in_duos_own_form_only() {
        use chrono::{Datelike, NaiveDate};
        let mut day = NaiveDate::from_ymd_opt(1999, 1, 1).unwrap();
        while day.year() < 2032 {
            assert_eq!(iso_day(&day.to_string()), Some(day));
            day = day.succ_opt().unwrap();
        }
        for text in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-1-05",
            "2026-01-5",
            "+2026-01-05",
            "2026-01-05T10:00",
            "2026-01",
            "",
            "--",
            "2026--05",
            "２０２６-01-05",
            "2026-01-05-01",
            "-026-01-05",
            "20260-01-05",
            "2026-01-0a",
        ] {
            assert_eq!(iso_day(text), None, "{text:?}");
        }
    }

    proptest::proptest! {
        /// Whatever the hand reader accepts, chrono reads as the same day.
        #[test]
        fn the_hand_reader_agrees_with_chrono(text in "[+ ]?[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3} ?") {
            // What `date_text` read before: chrono's `FromStr`, no spaces around.
            let chrono_day = (text.trim() == text)
                .then(|| text.parse::<chrono::NaiveDate>().ok())
                .flatten();
            if let Some(day) = iso_day(&text) {
                proptest::prop_assert_eq!(chrono_day, Some(day));
            }
            // And in Duo's own form it accepts every day chrono does.
            let dashes = (text.find('-'), text.rfind('-'));
            let own_form = text.len() == 10 && dashes == (Some(4), Some(7));
            if own_form && text.bytes().all(|b| b == b'-' || b.is_ascii_digit()) {
                proptest::prop_assert_eq!(iso_day(&text), chrono_day);
            }
        }
    }

    #[test]
    fn dates_follow_the_locale() {
        assert_eq!(date_text(Locale::fr, "2026-11-29"), "29/11/2026");
        assert_eq!(date_text(Locale::nl, "2026-03-05"), "05-03-2026");
        assert_eq!(date_text(Locale::en, "2026-03-05"), "5 Mar 2026");
        assert_eq!(date_text(Locale::en, "2026-12-31"), "31 Dec 2026");
        assert_eq!(date_text(Locale::en, "2026-01-01"), "1 Jan 2026");
        assert_eq!(date_text(Locale::fr, "2026-02-30"), "2026-02-30");
        assert_eq!(date_text(Locale::fr, " 2026-03-05"), " 2026-03-05");
        assert_eq!(date_text(Locale::nl, "2026-03-05 "), "2026-03-05 ");
        assert_eq!(date_text(Locale::fr, "0999-03-05"), "05/03/0999");
        assert_eq!(date_text(Locale::en, "0999-03-05"), "5 Mar 0999");
        assert_eq!(date_text(Locale::en, "soon"), "soon");
    }

    #[test]
    fn accept_language_picks_the_preferred_supported_locale() {
        assert_eq!(
            locale_from_accept_language("nl-BE,nl;q=0.9,en;q=0.8"),
            Locale::nl
        );
        assert_eq!(
            locale_from_accept_language("de-DE, fr;q=0.7, en;q=0.5"),
            Locale::fr
        );
        assert_eq!(locale_from_accept_language("de"), Locale::en);
        assert_eq!(locale_from_accept_language(""), Locale::en);
    }

    #[test]
    fn numbers_and_percents_are_written_as_each_language_writes_them() {
        let nnbsp = '\u{202f}';
        assert_eq!(number_text(Locale::fr, 1234), format!("1{nnbsp}234"));
        assert_eq!(number_text(Locale::nl, 1234), "1.234");
        assert_eq!(number_text(Locale::en, 1234), "1,234");
        assert_eq!(number_text(Locale::en, 1_234_567), "1,234,567");
        assert_eq!(number_text(Locale::en, -1234), "-1,234");
        assert_eq!(number_text(Locale::fr, 999), "999");
        assert_eq!(number_text(Locale::nl, 0), "0");
        assert_eq!(percent_text(Locale::fr, 12.5, 1), format!("12,5{nnbsp}%"));
        assert_eq!(percent_text(Locale::nl, 12.5, 1), "12,5%");
        assert_eq!(percent_text(Locale::en, 12.5, 1), "12.5%");
        assert_eq!(percent_text(Locale::en, 74.0, 0), "74%");
        assert_eq!(percent_text(Locale::fr, 66.66, 0), format!("67{nnbsp}%"));
        assert_eq!(percent_text(Locale::en, 1234.5, 1), "1,234.5%");
        assert_eq!(percent_text(Locale::en, -0.04, 1), "0.0%");
    }
}

/// A mentor's answer after a duo (`domain::comeback::NextStep`), as the timeline tells it.
pub fn next_step_name(locale: Locale, code: &str) -> String {
    match code {
        "another" => td_string!(locale, mentor.next.name_another).to_string(),
        "pause" => td_string!(locale, mentor.next.name_pause).to_string(),
        "stop" => td_string!(locale, mentor.next.name_stop).to_string(),
        other => other.to_string(),
    }
}

/// A follow-up alert in the reader's language (the follow-up page and the weekly digest).
pub fn alert_text(locale: Locale, alert: &followup::Alert) -> String {
    match alert {
        followup::Alert::Quiet { days } => {
            td_string!(locale, follow.alert.quiet, days = days).to_string()
        }
        followup::Alert::CheckinOverdue { due } => {
            let date = date_text(locale, due);
            td_string!(locale, follow.alert.checkin_overdue, date = date).to_string()
        }
        followup::Alert::IntroNotHeld { planned } => {
            let date = date_text(locale, planned);
            td_string!(locale, follow.alert.intro_not_held, date = date).to_string()
        }
        followup::Alert::IntroNotScheduled { days } => {
            td_string!(locale, follow.alert.intro_not_scheduled, days = days).to_string()
        }
        followup::Alert::OutcomeDue { moment, .. } => {
            let moment = moment_name(locale, *moment);
            td_string!(locale, follow.alert.outcome_due, moment = moment).to_string()
        }
    }
}

/// A follow-up moment's name: at the end, at 6 or 12 months.
pub fn moment_name(locale: Locale, moment: followup::Moment) -> String {
    match moment {
        followup::Moment::End => td_string!(locale, follow.moments.end),
        followup::Moment::SixMonths => td_string!(locale, follow.moments.m_6m),
        followup::Moment::TwelveMonths => td_string!(locale, follow.moments.m_12m),
    }
    .to_string()
}

/// The locale of a language code Duo writes in (`fr`, `nl`, `en`); French for anything else,
/// the language of the programme's head office.
pub fn locale_of_code(code: &str) -> Locale {
    match code {
        "nl" => Locale::nl,
        "en" => Locale::en,
        _ => Locale::fr,
    }
}
