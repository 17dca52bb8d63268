//! Property tests of every parser of user input: whatever arrives — any Unicode, control
//! characters, markup, formulas, huge or empty values — the answer is a value or a clear,
//! translatable error naming its field, never a panic.
#![cfg(test)]

use crate::domain::followup::{check_intervision, check_outcome, NewIntervision, NewOutcome};
use crate::domain::lifecycle::{
    check_meeting, parse_date, parse_planned_date, plan_transition, valid_idempotency_key,
    MentorNow, NewMeeting, TransitionRequest,
};
use crate::domain::matching::{check_profile, parse_postcode, Profile};
use crate::domain::privacy::{
    check_consent_kind, check_criterion, check_password, check_retention_months, PersonKind,
};
use crate::domain::states::{DuoState, MenteeState, MentorState};
use crate::domain::validation::{
    apply_patch, check_email, check_note, new_mentee, new_mentor, Editable, PersonPatch,
};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::model::NewPerson;
use crate::texts::{error_message, locale_from_accept_language};
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

/// Text people (and attackers) type: anything, plus the usual suspects.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,300}",
        Just("<script>alert(1)</script>".to_string()),
        Just("=HYPERLINK(\"http://evil.example\",\"x\")".to_string()),
        Just("'; DELETE user; --".to_string()),
        Just("\u{0}\u{202e}\u{feff}".to_string()),
        Just("9".repeat(5000)),
        Just(String::new()),
    ]
}

fn maybe(s: impl Strategy<Value = String>) -> impl Strategy<Value = Option<String>> {
    proptest::option::of(s)
}

/// An error must be one we can say in every language, and name a field when it is about one.
fn clear(e: &AppError) {
    for locale in [Locale::en, Locale::fr, Locale::nl] {
        let message = error_message(locale, e);
        assert!(
            !message.is_empty() && !message.contains("{{"),
            "{e:?}: {message}"
        );
    }
    if let AppError::Invalid { field, .. } = e {
        assert!(!field.is_empty());
    }
}

fn checked<T>(result: Result<T, AppError>) {
    if let Err(e) = result {
        clear(&e);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn people_records_never_panic(
        first in text(), last in text(), office in text(), email in maybe(text()),
        phone in maybe(text()), state in maybe(text()), languages in prop::collection::vec(text(), 0..4),
        sectors in prop::collection::vec(text(), 0..4), capacity in proptest::option::of(any::<u32>()),
        postcode in maybe(text()), support in prop::collection::vec(text(), 0..3),
        gender in maybe(text()), years in proptest::option::of(any::<u32>()),
        note in maybe(text()),
    ) {
        let p = NewPerson {
            first_name: first, last_name: last, office, languages, sectors, capacity, state,
            email, phone, note: note.clone(),
            profile: Profile { postcode, support, gender_wish: gender.clone(), gender, years_experience: years, ..Profile::default() },
        };
        checked(check_note(&note));
        match new_mentee(&p) {
            Ok((valid, _)) => {
                // What passes is clean: no markup, no control characters in names.
                prop_assert!(!valid.first_name.contains('<') && !valid.first_name.chars().any(char::is_control));
                if let Some(phone) = valid.phone {
                    prop_assert!(phone.starts_with('+') && phone[1..].chars().all(|c| c.is_ascii_digit()));
                }
            }
            Err(e) => clear(&e),
        }
        checked(new_mentor(&p));
        checked(check_profile(&p.profile));
        // A patch of any of those fields onto a valid record answers, never panics.
        let current = Editable { person: NewPerson { first_name: "A".into(), last_name: "B".into(), office: "liege".into(), ..NewPerson::default() }, note: None };
        let patch = PersonPatch { first_name: Some(p.first_name.clone()), email: Some(p.email.clone()), phone: Some(p.phone.clone()), languages: Some(p.languages.clone()), note: Some(note), ..PersonPatch::default() };
        checked(apply_patch(&current, &patch, true));
    }

    #[test]
    fn single_fields_never_panic(s in text(), n in any::<i64>()) {
        checked(check_email(&s));
        checked(parse_date("date", &s, today()));
        checked(parse_planned_date("date", &s, today()));
        checked(check_password(&s, "someone@duo.example", |_| false));
        checked(check_consent_kind(&s, PersonKind::Mentee));
        checked(check_criterion(&s));
        checked(check_retention_months(n));
        let _ = parse_postcode(&s);
        let _ = valid_idempotency_key(&s);
        let _ = locale_from_accept_language(&s);
        let _ = MenteeState::parse(&s);
        let _ = MentorState::parse(&s);
        let _ = DuoState::parse(&s);
    }

    #[test]
    fn a_valid_email_is_clean(s in text()) {
        if let Ok(email) = check_email(&s) {
            prop_assert!(email.contains('@') && !email.chars().any(|c| c.is_whitespace() || c.is_control()));
            prop_assert!(email.len() <= 254);
        }
    }

    #[test]
    fn duo_steps_meetings_outcomes_and_sessions_never_panic(
        to in text(), reason in maybe(text()), date in maybe(text()), place in maybe(text()),
        note in maybe(text()), minutes in any::<u32>(), mode in text(),
        topics in prop::collection::vec(text(), 0..4), moment in text(), situation in text(),
        stable in proptest::option::of(any::<bool>()), time in maybe(text()),
    ) {
        let req = TransitionRequest { to, reason, date: date.clone(), place: place.clone(), note: note.clone(), mentor_pauses: false };
        for duo in [DuoState::Proposed, DuoState::IntroHeld, DuoState::Active] {
            let mentor = MentorNow { state: MentorState::InDuo, load: 1, capacity: 2 };
            checked(plan_transition(duo, MenteeState::Proposed, mentor, &req, today()));
        }
        let day = date.clone().unwrap_or_default();
        checked(check_meeting(&NewMeeting { date: day.clone(), minutes, mode, topics, note: note.clone() }, today()));
        checked(check_outcome(&NewOutcome { moment, situation, stable, date: day.clone(), note: note.clone() }, today()));
        checked(check_intervision(&NewIntervision { date: day, time, place: place.unwrap_or_default(), topic: note }, today()));
    }

    #[test]
    fn spreadsheet_cells_never_start_a_formula(cell in text()) {
        let safe = crate::metrics::inert(cell.clone());
        prop_assert!(!matches!(safe.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')));
        prop_assert!(safe.ends_with(&cell));
    }
}
