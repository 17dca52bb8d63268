//! A notice in words, in the reader's language: the same text in the inbox and in the email.
use super::Notice;
use crate::domain::followup::Moment;
use crate::domain::notices::NoticeKind;
use crate::i18n::{td_string, Locale};
use crate::texts::{alert_text, date_text, moment_name};

/// Who reads the notice: the mentee (by email only: they have no account) reads of "your
/// mentor"; an account (a mentor or a coordinator) of "the mentee", with links into Duo; a
/// mentor without an account reads what an account reads, without the links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Mentee,
    Account,
    Person,
}

fn name(n: &Notice) -> String {
    n.name.clone().unwrap_or_default()
}

fn date(locale: Locale, n: &Notice) -> String {
    n.date
        .as_deref()
        .map(|d| date_text(locale, d))
        .unwrap_or_default()
}

fn place(n: &Notice) -> String {
    n.place.clone().unwrap_or_default()
}

/// The notice's title: the inbox line and the email's subject.
pub fn title(locale: Locale, n: &Notice, reader: Reader) -> String {
    let reader = words_for(reader);
    let who = name(n);
    match (n.kind, reader) {
        (NoticeKind::DuoProposed, Reader::Mentee) => {
            td_string!(locale, notify.title.duo_proposed_mentee).to_string()
        }
        (NoticeKind::DuoProposed, Reader::Account | Reader::Person) => {
            td_string!(locale, notify.title.duo_proposed, name = who).to_string()
        }
        (NoticeKind::IntroScheduled, _) => {
            let day = date(locale, n);
            td_string!(locale, notify.title.intro_scheduled, date = day).to_string()
        }
        (NoticeKind::IntroTomorrow, _) => {
            td_string!(locale, notify.title.intro_tomorrow).to_string()
        }
        (NoticeKind::QuietMentor, _) => {
            td_string!(locale, notify.title.quiet_mentor, name = who).to_string()
        }
        (NoticeKind::QuietCoordinator, _) => {
            td_string!(locale, notify.title.quiet_coordinator, name = who).to_string()
        }
        (NoticeKind::CheckinDue, _) => {
            td_string!(locale, notify.title.checkin_due, name = who).to_string()
        }
        (NoticeKind::FollowupDue, _) => {
            td_string!(locale, notify.title.followup_due, name = who).to_string()
        }
        (NoticeKind::WeeklyDigest, _) => {
            let count = n.lines.len();
            td_string!(locale, notify.title.weekly_digest, count = count).to_string()
        }
        (NoticeKind::MenteeVoice, _) => td_string!(locale, notify.title.mentee_voice).to_string(),
    }
}

/// Which words a reader gets: a mentor without an account reads an account's.
fn words_for(reader: Reader) -> Reader {
    match reader {
        Reader::Person => Reader::Account,
        r => r,
    }
}

/// The notice's message.
pub fn body(locale: Locale, n: &Notice, reader: Reader) -> String {
    let reader = words_for(reader);
    let (who, day, at) = (name(n), date(locale, n), place(n));
    match (n.kind, reader) {
        (NoticeKind::DuoProposed, Reader::Mentee) => {
            td_string!(locale, notify.body.duo_proposed_mentee, name = who).to_string()
        }
        (NoticeKind::DuoProposed, Reader::Account | Reader::Person) => {
            td_string!(locale, notify.body.duo_proposed, name = who).to_string()
        }
        (NoticeKind::IntroScheduled, Reader::Mentee) => td_string!(
            locale,
            notify.body.intro_scheduled_mentee,
            name = who,
            date = day,
            place = at
        )
        .to_string(),
        (NoticeKind::IntroScheduled, Reader::Account | Reader::Person) => td_string!(
            locale,
            notify.body.intro_scheduled,
            name = who,
            date = day,
            place = at
        )
        .to_string(),
        (NoticeKind::IntroTomorrow, Reader::Mentee) => td_string!(
            locale,
            notify.body.intro_tomorrow_mentee,
            name = who,
            date = day,
            place = at
        )
        .to_string(),
        (NoticeKind::IntroTomorrow, Reader::Account | Reader::Person) => td_string!(
            locale,
            notify.body.intro_tomorrow,
            name = who,
            date = day,
            place = at
        )
        .to_string(),
        (NoticeKind::QuietMentor, _) => {
            let days = n.days.unwrap_or_default();
            td_string!(locale, notify.body.quiet_mentor, name = who, days = days).to_string()
        }
        (NoticeKind::QuietCoordinator, _) => {
            let days = n.days.unwrap_or_default();
            td_string!(
                locale,
                notify.body.quiet_coordinator,
                name = who,
                days = days
            )
            .to_string()
        }
        (NoticeKind::CheckinDue, _) => {
            td_string!(locale, notify.body.checkin_due, name = who, date = day).to_string()
        }
        (NoticeKind::FollowupDue, _) => {
            let moment = n
                .moment
                .as_deref()
                .and_then(Moment::parse)
                .map(|m| moment_name(locale, m))
                .unwrap_or_default();
            td_string!(
                locale,
                notify.body.followup_due,
                name = who,
                moment = moment,
                date = day
            )
            .to_string()
        }
        (NoticeKind::MenteeVoice, _) => match n.moment.as_deref().and_then(Moment::parse) {
            Some(Moment::End) | None => {
                td_string!(locale, notify.body.mentee_voice_end, name = who).to_string()
            }
            Some(later) => {
                let moment = moment_name(locale, later);
                td_string!(
                    locale,
                    notify.body.mentee_voice_later,
                    name = who,
                    moment = moment
                )
                .to_string()
            }
        },
        (NoticeKind::WeeklyDigest, _) => n
            .lines
            .iter()
            .map(|line| {
                format!(
                    "• {} — {}: {}",
                    line.mentee_name,
                    line.mentor_name,
                    alert_text(locale, &line.alert)
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Where the notice leads in Duo: the mentor's page, the duo's page or the office's follow-up.
pub fn path(n: &Notice, to_mentor: bool) -> String {
    match (n.kind, &n.duo) {
        (NoticeKind::WeeklyDigest, _) | (_, None) => format!("/follow-up?office={}", n.office),
        _ if to_mentor => "/mentor".to_string(),
        (_, Some(duo)) => format!("/duos/{duo}"),
    }
}

/// A kind's name in the settings.
pub fn kind_name(locale: Locale, kind: NoticeKind) -> String {
    match kind {
        NoticeKind::DuoProposed => td_string!(locale, notify.kind.duo_proposed),
        NoticeKind::IntroScheduled => td_string!(locale, notify.kind.intro_scheduled),
        NoticeKind::IntroTomorrow => td_string!(locale, notify.kind.intro_tomorrow),
        NoticeKind::QuietMentor => td_string!(locale, notify.kind.quiet_mentor),
        NoticeKind::QuietCoordinator => td_string!(locale, notify.kind.quiet_coordinator),
        NoticeKind::CheckinDue => td_string!(locale, notify.kind.checkin_due),
        NoticeKind::FollowupDue => td_string!(locale, notify.kind.followup_due),
        NoticeKind::WeeklyDigest => td_string!(locale, notify.kind.weekly_digest),
        NoticeKind::MenteeVoice => td_string!(locale, notify.kind.mentee_voice),
    }
    .to_string()
}

/// The whole email: greeting, message, the link into Duo, and (for accounts) where to change
/// what is mailed. Mentees get no link into Duo: they have no account.
pub fn email(
    locale: Locale,
    n: &Notice,
    reader: Reader,
    base_url: &str,
    own_link: Option<&str>,
) -> (String, String) {
    let subject = format!("Duo — {}", title(locale, n, reader));
    let greeting = td_string!(locale, notify.mail.greeting).to_string();
    let mut text = format!("{greeting}\n\n{}\n", body(locale, n, reader));
    // The mentee's own single-use link, made as the email goes (never stored).
    if let Some(link) = own_link {
        let works = td_string!(locale, notify.mail.link_once).to_string();
        text.push_str(&format!("\n{link}\n{works}\n"));
    }
    if reader == Reader::Account {
        let base = base_url.trim_end_matches('/');
        let to_mentor = matches!(
            n.kind,
            NoticeKind::DuoProposed
                | NoticeKind::IntroScheduled
                | NoticeKind::IntroTomorrow
                | NoticeKind::QuietMentor
        );
        let open = td_string!(locale, notify.mail.open).to_string();
        let settings = td_string!(locale, notify.mail.settings).to_string();
        text.push_str(&format!(
            "\n{open} {base}{}\n\n{settings} {base}/inbox\n",
            path(n, to_mentor)
        ));
    }
    let sign = td_string!(locale, notify.mail.signature).to_string();
    text.push_str(&format!("\n{sign}\n"));
    (subject, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::Alert;
    use crate::domain::states::DuoState;
    use crate::model::DuoAlert;

    fn notice(kind: NoticeKind) -> Notice {
        Notice {
            id: "n1".into(),
            kind,
            created_at: "2026-12-03T08:00:00Z".into(),
            day: "2026-12-03".into(),
            read_at: None,
            office: "ghent".into(),
            duo: Some("d1".into()),
            name: Some("Amina".into()),
            date: Some("2026-12-10".into()),
            place: Some("Kantoor Gent".into()),
            days: Some(15),
            moment: Some("6m".into()),
            lines: vec![DuoAlert {
                duo: "d1".into(),
                mentee_name: "Amina B".into(),
                mentor_name: "Jan P".into(),
                state: DuoState::Active,
                alert: Alert::Quiet { days: 15 },
            }],
        }
    }

    #[test]
    fn every_kind_reads_in_every_language_with_its_facts() {
        for kind in NoticeKind::ALL {
            for locale in [Locale::fr, Locale::nl, Locale::en] {
                for reader in [Reader::Mentee, Reader::Account] {
                    let n = notice(kind);
                    let (t, b) = (title(locale, &n, reader), body(locale, &n, reader));
                    assert!(!t.is_empty() && !b.is_empty(), "{kind:?} {locale:?}");
                    assert!(!t.contains("{{") && !b.contains("{{"), "{t} / {b}");
                    if kind != NoticeKind::WeeklyDigest {
                        assert!(b.contains("Amina"), "{kind:?}: {b}");
                    }
                }
            }
        }
        let n = notice(NoticeKind::IntroScheduled);
        let dutch = body(Locale::nl, &n, Reader::Mentee);
        assert!(
            dutch.contains("10-12-2026") && dutch.contains("Kantoor Gent"),
            "{dutch}"
        );
        let digest = body(
            Locale::en,
            &notice(NoticeKind::WeeklyDigest),
            Reader::Account,
        );
        assert!(
            digest.contains("Amina B — Jan P: No meeting for 15 days"),
            "{digest}"
        );
    }

    #[test]
    fn a_mentees_email_has_no_link_into_duo_and_an_accounts_has_both() {
        let n = notice(NoticeKind::IntroTomorrow);
        let (subject, text) = email(Locale::fr, &n, Reader::Mentee, "https://duo.example/", None);
        assert!(subject.starts_with("Duo — "), "{subject}");
        assert!(!text.contains("https://"), "{text}");
        let (_, text) = email(
            Locale::fr,
            &n,
            Reader::Account,
            "https://duo.example/",
            None,
        );
        assert!(text.contains("https://duo.example/mentor"), "{text}");
        assert!(text.contains("https://duo.example/inbox"), "{text}");
        // A mentor without an account reads an account's words, with no link they cannot open.
        let (_, person) = email(Locale::fr, &n, Reader::Person, "https://duo.example/", None);
        assert!(!person.contains("https://"), "{person}");
        assert!(
            person.contains(&body(Locale::fr, &n, Reader::Account)),
            "{person}"
        );
        let (_, text) = email(
            Locale::en,
            &notice(NoticeKind::CheckinDue),
            Reader::Account,
            "https://duo.example",
            None,
        );
        assert!(text.contains("https://duo.example/duos/d1"), "{text}");
    }
}
