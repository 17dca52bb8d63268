//! A year of the demo programme's past: duos that closed over the last twelve months, each
//! with its steps, its meetings, its outcomes at the end and at 6 and 12 months (recorded by a
//! coordinator, or answered by the mentee and confirmed), the mentee's evaluation, the mentor's
//! answer after the duo, and the notices that went out — so every chart and list of a fresh
//! demo shows something real.
use super::{days_ago, languages, profile, MENTEE_FIRST, MENTEE_LAST, MENTOR_FIRST, MENTOR_LAST};
use app::db::Db;
use chrono::{Duration, Months, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;
use serde_json::{json, Value};

/// Closed duos per office over the past year.
const CLOSED_PER_OFFICE: [(&str, usize, &[&str]); 4] = [
    ("brussels", 14, &["fr", "nl", "en"]),
    ("liege", 9, &["fr"]),
    ("antwerp", 9, &["nl"]),
    ("ghent", 8, &["nl"]),
];

const COMMENTS: [&str; 6] = [
    "Mon mentor m'a aidé à préparer mes entretiens, merci !",
    "Dankzij mijn mentor durfde ik te solliciteren.",
    "We still meet for coffee every month.",
    "Les conseils sur mon CV ont tout changé.",
    "Heel fijne gesprekken, ook over mijn opleiding.",
    "Sometimes hard to find time, but worth it.",
];

/// What mentors wrote when their duo closed.
const MENTOR_COMMENTS: [&str; 5] = [
    "Une jeune femme très motivée, ce fut un plaisir de l'accompagner.",
    "Mooie samenwerking; hij heeft nu een contract van een jaar.",
    "A good duo, though meetings got harder to plan towards the end.",
    "Nous avons beaucoup travaillé le réseau, avec de beaux résultats.",
    "Ik leerde zelf ook veel over solliciteren vandaag.",
];

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn sector(rng: &mut StdRng) -> &'static str {
    ["G", "I", "H", "Q", "C"].choose(rng).unwrap()
}

/// The mentee's situation at a moment, roughly as the programme reports it: most in work,
/// a fifth in training or an internship.
fn situation(rng: &mut StdRng) -> (&'static str, Option<bool>) {
    match rng.random_range(0..100) {
        0..55 => ("job", Some(rng.random_bool(0.7))),
        55..67 => ("training", None),
        67..74 => ("internship", None),
        74..80 => ("studies", None),
        _ => ("still_searching", None),
    }
}

/// Seeds the past year. Run once, on an empty demo database, before the consents are seeded.
pub async fn seed(db: &Db, rng: &mut StdRng) -> anyhow::Result<()> {
    let today = app::clock::today();
    let (mut mentees, mut mentors, mut duos) = (Vec::new(), Vec::new(), Vec::new());
    let (mut events, mut meetings, mut outcomes, mut reports, mut notices) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (office, count, main) in CLOSED_PER_OFFICE {
        for k in 0..count {
            let id = format!("{office}_h{k:02}");
            // Spread over the year: the oldest started about 13 months ago.
            let started = today - Duration::days(rng.random_range(60..400));
            let early = rng.random_bool(0.25);
            let length = if early {
                rng.random_range(40..110)
            } else {
                rng.random_range(150..200)
            };
            let ended = (started + Duration::days(length)).min(today - Duration::days(3));
            let closed_as = if early { "ended_early" } else { "completed" };
            let proposed = started - Duration::days(rng.random_range(18..30));
            let intro = started - Duration::days(rng.random_range(6..12));
            mentees.push(json!({
                "id": id, "office": office,
                "first_name": MENTEE_FIRST.choose(rng).unwrap(),
                "last_name": MENTEE_LAST.choose(rng).unwrap(),
                "languages": languages(rng, main, &["ar", "tr", "so", "ps"], 0.8),
                "profile": profile(rng, office, false, true),
                "sectors": [sector(rng)],
                "state": "duo_ended",
                "created_at": days_ago((today - proposed).num_days() + 45),
            }));
            let next = *["another", "another", "another", "pause", "stop"]
                .choose(rng)
                .unwrap();
            mentors.push(json!({
                "id": id, "office": office,
                "first_name": MENTOR_FIRST.choose(rng).unwrap(),
                "last_name": MENTOR_LAST.choose(rng).unwrap(),
                "languages": languages(rng, main, &["de", "es", "it"], 0.3),
                "profile": profile(rng, office, true, true),
                "sectors": [sector(rng)],
                "state": match next { "stop" => "alumni", "pause" => "paused", _ => "available" },
                "created_at": days_ago((today - proposed).num_days() + 120),
            }));
            // Meetings about every two weeks while it ran.
            let mut last = None;
            let mut on = started + Duration::days(rng.random_range(3..10));
            let mut n = 0;
            while on < ended {
                meetings.push(json!({
                    "duo": id, "office": office, "date": day(on),
                    "minutes": *[45, 60, 60, 90].choose(rng).unwrap(),
                    "mode": *["in_person", "in_person", "online", "phone"].choose(rng).unwrap(),
                    "topics": [*["action_plan", "cv", "applications"].choose(rng).unwrap()],
                    "key": format!("demo-{id}-{n}"), "at": days_ago((today - on).num_days()),
                }));
                last = Some(on);
                n += 1;
                on += Duration::days(rng.random_range(10..21));
            }
            duos.push(json!({
                "id": id, "office": office, "state": closed_as, "closed_as": closed_as,
                "end_reason": if early { Some(*["found_job", "found_training", "personal"].choose(rng).unwrap()) } else { None },
                "proposed_on": day(proposed), "intro_on": day(intro), "intro_held_on": day(intro),
                "agreed_on": day(intro), "started_on": day(started), "ended_on": day(ended),
                "last_meeting_on": last.map(day), "mentor_next": next, "mentor_next_on": day(ended + Duration::days(4)),
                "mentor_rating": *[3, 4, 4, 5, 5].choose(rng).unwrap(),
                "mentor_comment": rng.random_bool(0.5).then(|| *MENTOR_COMMENTS.choose(rng).unwrap()),
                "created_at": days_ago((today - proposed).num_days() + 2),
                "waited_since": days_ago((today - proposed).num_days() + rng.random_range(10..70)),
            }));
            for (from, to, on) in [
                (None, "draft", proposed - Duration::days(2)),
                (Some("draft"), "proposed", proposed),
                (
                    Some("proposed"),
                    "intro_scheduled",
                    proposed + Duration::days(3),
                ),
                (Some("intro_scheduled"), "intro_held", intro),
                (Some("intro_held"), "agreed", intro),
                (Some("agreed"), "active", started),
                (Some("active"), closed_as, ended),
            ] {
                events.push(json!({
                    "duo": id, "kind": if from.is_none() { "created" } else { "transition" },
                    "from_state": from, "to_state": to, "at": days_ago((today - on).num_days()),
                    "date": day(on),
                }));
            }
            // Outcomes at the end and, once due, at 6 and 12 months: the mentee answered some
            // through their link (confirmed by the coordinator, or the latest still waiting).
            let moments = [
                ("end", Some(ended)),
                ("6m", started.checked_add_months(Months::new(6))),
                ("12m", started.checked_add_months(Months::new(12))),
            ];
            let due: Vec<(&str, NaiveDate)> = moments
                .into_iter()
                .filter_map(|(m, d)| d.filter(|d| *d <= today).map(|d| (m, d)))
                .collect();
            for (i, (moment, on)) in due.iter().enumerate() {
                let answered_on = *on + Duration::days(rng.random_range(1..12));
                let answered_on = answered_on.min(today);
                let (situation, stable) = situation(rng);
                let self_reported = rng.random_bool(0.6);
                let latest = i + 1 == due.len();
                // The latest answer of a few duos waits for its coordinator's confirmation.
                let confirmed = !(self_reported && latest && rng.random_bool(0.4));
                if self_reported {
                    reports.push(json!({
                        "duo": id, "mentee": id, "office": office, "moment": moment,
                        "situation": situation, "stable": stable,
                        "in_touch": (*moment != "end").then(|| rng.random_bool(0.7)),
                        "rating": (*moment == "end").then(|| *[3, 4, 4, 5, 5, 5].choose(rng).unwrap()),
                        "comment": (*moment == "end" && rng.random_bool(0.6)).then(|| *COMMENTS.choose(rng).unwrap()),
                        "answered_on": day(answered_on), "at": days_ago((today - answered_on).num_days()),
                        "confirmed_by": confirmed.then_some("Sofia Marchetti"),
                    }));
                    let key = format!("mentee_voice|{id}|{moment}|mentee:{id}");
                    notices.push(json!({
                        "id": app::notify::server::notice_id(&key), "key": key, "kind": "mentee_voice",
                        "office": office, "duo": id, "recipient": format!("mentee:{id}"),
                        "language": main[0], "moment": moment, "mail": "sent",
                        "at": days_ago((today - *on).num_days()),
                    }));
                }
                if confirmed {
                    outcomes.push(json!({
                        "duo": id, "mentee": id, "office": office, "moment": moment,
                        "situation": situation, "stable": stable,
                        "date": day(if self_reported { answered_on } else { *on }),
                        "recorded_by": "Sofia Marchetti",
                        "at": days_ago((today - answered_on).num_days()),
                    }));
                }
            }
        }
    }
    db.query(
        "BEGIN TRANSACTION;
         FOR $r IN $mentees {
             CREATE type::record('mentee', $r.id) CONTENT {
                 first_name: $r.first_name, last_name: $r.last_name, office: $r.office,
                 languages: $r.languages, sectors: $r.sectors, state: $r.state, profile: $r.profile,
                 duo: $r.id, created_at: <datetime> $r.created_at, updated_at: time::now(), version: 1
             };
         };
         FOR $r IN $mentors {
             CREATE type::record('mentor', $r.id) CONTENT {
                 first_name: $r.first_name, last_name: $r.last_name, office: $r.office,
                 languages: $r.languages, sectors: $r.sectors, state: $r.state, profile: $r.profile,
                 capacity: 1, load: 0,
                 available_since: IF $r.state = 'available' { time::now() - 10d } ELSE { NONE },
                 paused_until: IF $r.state = 'paused' { time::format(time::now() + 60d, '%Y-%m-%d') } ELSE { NONE },
                 created_at: <datetime> $r.created_at, updated_at: time::now(), version: 1
             };
         };
         FOR $r IN $duos {
             CREATE type::record('duo', $r.id) CONTENT {
                 mentee: type::record('mentee', $r.id), mentor: type::record('mentor', $r.id),
                 office: $r.office, state: $r.state, closed_as: $r.closed_as,
                 end_reason: $r.end_reason ?? NONE, proposed_on: $r.proposed_on,
                 intro_on: $r.intro_on, intro_place: NONE, intro_held_on: $r.intro_held_on,
                 agreed_on: $r.agreed_on, started_on: $r.started_on, ended_on: $r.ended_on,
                 last_meeting_on: $r.last_meeting_on ?? NONE, mentor_next: $r.mentor_next,
                 mentor_next_on: $r.mentor_next_on, mentor_rating: $r.mentor_rating,
                 mentor_comment: $r.mentor_comment ?? NONE, waited_since: <datetime> $r.waited_since,
                 created_at: <datetime> $r.created_at, updated_at: time::now(),
                 created_by: NONE, version: 1
             };
         };
         FOR $e IN $events {
             CREATE duo_event CONTENT {
                 duo: $e.duo, kind: $e.kind, from_state: $e.from_state ?? NONE, to_state: $e.to_state,
                 actor: NONE, at: <datetime> $e.at, date: $e.date
             };
         };
         FOR $m IN $meetings {
             CREATE meeting CONTENT {
                 duo: $m.duo, office: $m.office, date: $m.date, minutes: $m.minutes, mode: $m.mode,
                 topics: $m.topics, key: $m.key, logged_by: 'demo', created_at: <datetime> $m.at
             };
         };
         FOR $o IN $outcomes {
             CREATE outcome CONTENT {
                 duo: $o.duo, mentee: $o.mentee, office: $o.office, moment: $o.moment,
                 situation: $o.situation, stable: $o.stable ?? NONE, date: $o.date,
                 recorded_by: $o.recorded_by, recorded_at: <datetime> $o.at
             };
         };
         FOR $s IN $reports {
             CREATE self_report CONTENT {
                 duo: $s.duo, mentee: $s.mentee, office: $s.office, moment: $s.moment,
                 situation: $s.situation, stable: $s.stable ?? NONE, in_touch: $s.in_touch ?? NONE,
                 rating: $s.rating ?? NONE, comment: $s.comment ?? NONE,
                 answered_on: $s.answered_on, answered_at: <datetime> $s.at,
                 confirmed_at: IF $s.confirmed_by { <datetime> $s.at } ELSE { NONE },
                 confirmed_by: $s.confirmed_by ?? NONE
             };
         };
         FOR $n IN $notices {
             CREATE type::record('notice', $n.id) CONTENT {
                 key: $n.key, kind: $n.kind, office: $n.office, duo: $n.duo,
                 recipient: $n.recipient, user: NONE, language: $n.language, moment: $n.moment,
                 lines: [], mail: $n.mail, attempts: 1, next_try: <datetime> $n.at,
                 sent_at: <datetime> $n.at, created_at: <datetime> $n.at
             };
         };
         COMMIT TRANSACTION;",
    )
    .bind(("mentees", Value::Array(mentees)))
    .bind(("mentors", Value::Array(mentors)))
    .bind(("duos", Value::Array(duos)))
    .bind(("events", Value::Array(events)))
    .bind(("meetings", Value::Array(meetings)))
    .bind(("outcomes", Value::Array(outcomes)))
    .bind(("reports", Value::Array(reports)))
    .bind(("notices", Value::Array(notices)))
    .await?
    .check()?;
    Ok(())
}
