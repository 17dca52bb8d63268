//! Server half of the dashboard: reads compact rows (no names, no contacts) in one round trip
//! and computes the figures in Rust. Duos keep their last meeting's day, so no meeting is read.
use crate::auth::server::Principal;
use crate::db::{read_error, rows, Db};
use crate::domain::followup::Moment;
use crate::domain::metrics::{figures, DuoRow, MenteeRow, MentorRow, OutcomeRow, Period, Records};
use crate::domain::reference::{OFFICES, SECTORS};
use crate::domain::satisfaction::{satisfaction, EvaluationRow, InTouchRow, Side};
use crate::domain::states::{DuoState, MenteeState, MentorState};
use crate::error::{AppError, Invalid};
use crate::metrics::publish::Computed;
use crate::metrics::shared::DashboardKey;
use crate::metrics::Dashboard;
use crate::model::Role;
use crate::state::AppState;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

fn office_index(slug: &str) -> u8 {
    OFFICES
        .iter()
        .position(|o| *o == slug)
        .map_or(u8::MAX, |i| i as u8)
}

fn sector_bits(codes: &[String]) -> u32 {
    codes
        .iter()
        .filter_map(|c| SECTORS.iter().position(|s| s == c))
        .fold(0, |b, i| b | (1 << i))
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// Reads every record the figures need, as compact rows.
pub async fn load_records(db: &Db, year: i32) -> Result<Records, AppError> {
    let mut resp = db
        .query(
            // Links are joined here in Rust, not followed row by row by the database.
            "SELECT record::id(id) AS id, office, state, <string> created_at AS registered,
                 <string> waiting_since AS waiting_since, sectors FROM mentee;
             SELECT record::id(id) AS id, office, state, <string> created_at AS registered,
                 <string> available_since AS available_since, load, capacity, sectors FROM mentor;
             SELECT record::id(id) AS id, office, record::id(mentee) AS mentee,
                 record::id(mentor) AS mentor, state, <string> created_at AS created, started_on,
                 ended_on, closed_as, end_reason, last_meeting_on,
                 <string> waited_since AS waited_since, mentor_next, proposed_on FROM duo;
             SELECT office, duo, moment, situation, stable FROM outcome;
             SELECT office, mentees, mentors FROM target WHERE year = $year;
             SELECT office, moment, answered_on, rating, in_touch FROM self_report;
             SELECT office, mentor_rating AS rating, mentor_next_on AS on FROM duo WHERE mentor_rating != NONE;",
        )
        .bind(("year", i64::from(year)))
        .await
        .map_err(read_error)?;
    #[derive(Deserialize)]
    struct Mentee {
        id: String,
        office: String,
        state: MenteeState,
        registered: String,
        waiting_since: Option<String>,
        sectors: Vec<String>,
    }
    #[derive(Deserialize)]
    struct Mentor {
        id: String,
        office: String,
        state: MentorState,
        registered: String,
        available_since: Option<String>,
        load: u32,
        capacity: u32,
        sectors: Vec<String>,
    }
    #[derive(Deserialize)]
    struct Duo {
        id: String,
        office: String,
        mentee: String,
        mentor: String,
        state: DuoState,
        created: String,
        started_on: Option<String>,
        ended_on: Option<String>,
        closed_as: Option<String>,
        end_reason: Option<String>,
        last_meeting_on: Option<String>,
        waited_since: Option<String>,
        #[serde(default)]
        mentor_next: Option<String>,
        #[serde(default)]
        proposed_on: Option<String>,
    }
    #[derive(Deserialize)]
    struct Outcome {
        office: String,
        duo: String,
        moment: Moment,
        situation: String,
        stable: Option<bool>,
    }
    #[derive(Deserialize)]
    struct Target {
        office: String,
        mentees: u32,
        mentors: u32,
    }
    let mentees: Vec<Mentee> = rows(&mut resp, 0)?;
    let mentors: Vec<Mentor> = rows(&mut resp, 1)?;
    let duos: Vec<Duo> = rows(&mut resp, 2)?;
    let outcomes: Vec<Outcome> = rows(&mut resp, 3)?;
    let targets: Vec<Target> = rows(&mut resp, 4)?;
    #[derive(Deserialize)]
    struct Voice {
        office: String,
        moment: Moment,
        answered_on: String,
        rating: Option<u8>,
        in_touch: Option<bool>,
    }
    #[derive(Deserialize)]
    struct MentorRating {
        office: String,
        rating: u8,
        on: Option<String>,
    }
    let voices: Vec<Voice> = rows(&mut resp, 5)?;
    let mentor_ratings: Vec<MentorRating> = rows(&mut resp, 6)?;
    let mut mentor_index = std::collections::HashMap::new();
    for (i, m) in mentors.iter().enumerate() {
        mentor_index.insert(m.id.clone(), i as u32);
    }
    let had_duo: std::collections::HashSet<&str> = duos
        .iter()
        .filter(|d| d.started_on.is_some() || d.state.is_open())
        .map(|d| d.mentor.as_str())
        .collect();
    let opt = |s: &Option<String>| s.as_deref().and_then(date);
    let today = crate::clock::today();
    let registered: std::collections::HashMap<&str, Option<NaiveDate>> = mentees
        .iter()
        .map(|m| (m.id.as_str(), date(&m.registered)))
        .collect();
    let started: std::collections::HashMap<&str, Option<NaiveDate>> = duos
        .iter()
        .map(|d| (d.id.as_str(), opt(&d.started_on)))
        .collect();
    Ok(Records {
        mentees: mentees
            .iter()
            .map(|m| MenteeRow {
                office: office_index(&m.office),
                state: m.state,
                registered: date(&m.registered).unwrap_or(today),
                waiting_since: opt(&m.waiting_since),
                sectors: sector_bits(&m.sectors),
            })
            .collect(),
        mentors: mentors
            .iter()
            .map(|m| MentorRow {
                office: office_index(&m.office),
                state: m.state,
                registered: date(&m.registered).unwrap_or(today),
                available_since: opt(&m.available_since),
                load: m.load,
                capacity: m.capacity,
                sectors: sector_bits(&m.sectors),
                had_duo: had_duo.contains(m.id.as_str()),
            })
            .collect(),
        duos: duos
            .iter()
            .map(|d| DuoRow {
                office: office_index(&d.office),
                mentor: mentor_index.get(&d.mentor).copied().unwrap_or(u32::MAX),
                state: d.state,
                created: date(&d.created).unwrap_or(today),
                started_on: opt(&d.started_on),
                ended_on: opt(&d.ended_on),
                closed_as: d.closed_as.as_deref().and_then(DuoState::parse),
                end_reason: d.end_reason.clone(),
                last_meeting: opt(&d.last_meeting_on),
                mentee_waiting_since: opt(&d.waited_since),
                mentee_intake: registered.get(d.mentee.as_str()).copied().flatten(),
                mentor_next: d
                    .mentor_next
                    .as_deref()
                    .and_then(crate::domain::comeback::NextStep::parse),
                proposed_on: opt(&d.proposed_on),
            })
            .collect(),
        outcomes: outcomes
            .iter()
            .filter_map(|o| {
                Some(OutcomeRow {
                    office: office_index(&o.office),
                    duo_started: started.get(o.duo.as_str()).copied().flatten()?,
                    moment: o.moment,
                    situation: o.situation.clone(),
                    stable: o.stable,
                })
            })
            .collect(),
        targets: targets
            .iter()
            .map(|t| (office_index(&t.office), t.mentees, t.mentors))
            .collect(),
        evaluations: voices
            .iter()
            .filter_map(|v| {
                Some(EvaluationRow {
                    office: office_index(&v.office),
                    by: Side::Mentee,
                    on: date(&v.answered_on)?,
                    rating: v.rating?,
                })
            })
            .chain(mentor_ratings.iter().filter_map(|m| {
                Some(EvaluationRow {
                    office: office_index(&m.office),
                    by: Side::Mentor,
                    on: opt(&m.on)?,
                    rating: m.rating,
                })
            }))
            .collect(),
        in_touch: voices
            .iter()
            .filter_map(|v| {
                Some(InTouchRow {
                    office: office_index(&v.office),
                    moment: v.moment,
                    on: date(&v.answered_on)?,
                    in_touch: v.in_touch?,
                })
            })
            .collect(),
    })
}

/// Which offices the caller's figures cover, and whether small cells are hidden from them.
/// Headquarters and admins see every office; coordinators their own; mentors nothing.
/// Headquarters never see a cell under five people (coordinators see the people themselves).
fn scope(
    who: &Principal,
    office: Option<&str>,
) -> Result<(Vec<String>, bool, Vec<String>), AppError> {
    let all: Vec<String> = OFFICES.iter().map(|o| o.to_string()).collect();
    let (allowed, suppress) = match who.user.role {
        Role::Hq => (all, true),
        Role::Admin => (all, false),
        Role::Coordinator => (who.people_offices(), false),
        Role::Mentor => return Err(AppError::Forbidden),
    };
    match office.filter(|o| !o.is_empty()) {
        None => Ok((allowed.clone(), suppress, allowed)),
        Some(o) if !crate::domain::reference::is_office(o) => {
            Err(AppError::invalid("office", Invalid::Unknown))
        }
        Some(o) if allowed.iter().any(|a| a == o) => Ok((vec![o.to_string()], suppress, allowed)),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// The period asked for: by default from the first of January to today.
pub fn period(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period, AppError> {
    let parse = |field: &str, text: Option<&str>, default: NaiveDate| match text
        .filter(|t| !t.is_empty())
    {
        None => Ok(default),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map_err(|_| AppError::invalid(field, Invalid::Malformed)),
    };
    let start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let p = Period {
        from: parse("from", from, start)?,
        to: parse("to", to, today)?,
    };
    if p.from > p.to || (p.to - p.from).num_days() > 3660 {
        return Err(AppError::invalid("to", Invalid::OutOfRange));
    }
    Ok(p)
}

/// The dashboard for the caller, over a period, as it leaves the server: for headquarters, the
/// cells to hide decided over all the offices (also when one is asked for, so that no answer
/// shows a cell another hides) and already hidden. Computed once per change for everyone who
/// asks the same (see [`super::shared`]).
pub async fn dashboard(
    app: &AppState,
    who: &Principal,
    office: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Dashboard, AppError> {
    let (offices, suppressed, choices) = scope(who, office)?;
    let today = crate::clock::today();
    let asked = period(from, to, today)?;
    // Headquarters see whole calendar years only (see `published_period`).
    let period = if suppressed {
        crate::domain::disclosure::published_period(asked, today)
    } else {
        asked
    };
    let chosen = match offices.as_slice() {
        [one] if office.is_some_and(|o| !o.is_empty()) => Some(one.clone()),
        _ => None,
    };
    let key = DashboardKey {
        choices,
        chosen,
        admin: who.user.role == Role::Admin,
        suppressed,
        from: period.from,
        to: period.to,
    };
    let generation = app
        .figures
        .generation(&app.db, || app.events.data_version())
        .await?;
    let today = generation.today();
    generation
        .dashboard(key.clone(), |records| compute(records, key, period, today))
        .await
}

/// Every figure of a dashboard from the records, off the runtime (CPU work), then published.
async fn compute(
    records: std::sync::Arc<Records>,
    key: DashboardKey,
    period: Period,
    today: NaiveDate,
) -> Result<Dashboard, AppError> {
    // Headquarters count people's answers by whole months (see `settled_period`).
    let answers = if key.suppressed {
        crate::domain::disclosure::settled_period(period, today)
    } else {
        period
    };
    let offices_of = key.choices.clone();
    let computed = crate::heavy::run(move || {
        let figures_of = |offices: &[u8]| {
            let mut f = figures(&records, offices, period, today);
            if answers != period {
                f.satisfaction = satisfaction(
                    &records.evaluations,
                    &records.in_touch,
                    |o| offices.contains(&o),
                    answers,
                );
            }
            f
        };
        let indexes: Vec<u8> = offices_of.iter().map(|o| office_index(o)).collect();
        Computed {
            offices: offices_of
                .iter()
                .map(|o| (o.clone(), figures_of(&[office_index(o)])))
                .collect(),
            total: figures_of(&indexes),
            period,
            today,
        }
    })
    .await?;
    Ok(Dashboard::publish(
        &computed,
        key.chosen.as_deref(),
        key.choices,
        key.admin,
        key.suppressed,
    ))
}

/// Sets an office's targets for a year (admins).
pub async fn set_target(
    app: &AppState,
    who: &Principal,
    year: i32,
    office: &str,
    mentees: u32,
    mentors: u32,
) -> Result<(), AppError> {
    if who.user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    if !crate::domain::reference::is_office(office) {
        return Err(AppError::invalid("office", Invalid::Unknown));
    }
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid("year", Invalid::OutOfRange));
    }
    if mentees > 100_000 || mentors > 100_000 {
        return Err(AppError::invalid("target", Invalid::OutOfRange));
    }
    let note = crate::live::change::ChangeNote {
        kind: "target.set",
        office: office.to_string(),
        ids: vec![],
        actor: Some(who.user.id.clone()),
    };
    note.commit(
        app,
        "UPSERT type::record('target', [$year, $office])
             SET year = $year, office = $office, mentees = $mentees, mentors = $mentors;",
        AppError::Busy,
        |q| {
            q.bind(("year", i64::from(year)))
                .bind(("office", office.to_string()))
                .bind(("mentees", i64::from(mentees)))
                .bind(("mentors", i64::from(mentors)))
        },
    )
    .await?;
    Ok(())
}
