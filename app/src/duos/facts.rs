//! What the alerts and the notifications read of an office's duos: each duo's facts
//! (`domain::followup::DuoFacts`) with its people, in three queries for the whole office.
use crate::db::{read_error, rows, Db};
use crate::domain::followup::{DuoFacts, Moment};
use crate::domain::states::DuoState;
use crate::error::AppError;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

/// One duo of an office, as alerts and notifications need it.
#[derive(Clone, Debug)]
pub struct DuoFactsRow {
    pub id: String,
    pub mentee: String,
    pub mentor: String,
    pub mentee_name: String,
    pub mentor_name: String,
    pub mentee_first_name: String,
    pub mentor_first_name: String,
    /// The mentee's languages (for the language of their emails).
    pub mentee_languages: Vec<String>,
    /// Whether either person was anonymised (erased): nobody is told anything about them.
    pub anonymised: bool,
    /// Whether the mentee and the mentor have an email address on record.
    pub mentee_has_email: bool,
    pub mentor_has_email: bool,
    pub proposed_on: Option<NaiveDate>,
    pub intro_place: Option<String>,
    pub facts: DuoFacts,
}

#[derive(Deserialize)]
struct Row {
    id: String,
    mentee: String,
    mentor: String,
    state: DuoState,
    created: String,
    proposed_on: Option<String>,
    intro_on: Option<String>,
    intro_place: Option<String>,
    started_on: Option<String>,
    ended_on: Option<String>,
    closed_as: Option<String>,
    last_meeting_on: Option<String>,
    mentee_first: String,
    mentee_last: String,
    mentor_first: String,
    mentor_last: String,
    #[serde(default)]
    mentee_languages: Vec<String>,
    mentee_has_email: bool,
    mentor_has_email: bool,
    anonymised: bool,
}

#[derive(Deserialize)]
struct Due {
    duo: String,
    due_on: String,
}

#[derive(Deserialize)]
struct Done {
    duo: String,
    moment: String,
}

fn day(s: Option<&str>) -> Option<NaiveDate> {
    s.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The office's duos that alerts and notices may concern (drafts and declined duos never do),
/// with their open check-ins and recorded outcomes; `only` narrows it to one duo.
pub async fn office_facts(
    db: &Db,
    office: &str,
    only: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<DuoFactsRow>, AppError> {
    let (duo_filter, child_filter) = match only {
        Some(_) => ("AND id = type::record('duo', $only)", "AND duo = $only"),
        None => ("", ""),
    };
    let mut resp = db
        .query(format!(
            "SELECT record::id(id) AS id, record::id(mentee) AS mentee, record::id(mentor) AS mentor,
                 state, <string> created_at AS created, proposed_on,
                 intro_on, intro_place, started_on, ended_on, closed_as, last_meeting_on,
                 mentee.first_name AS mentee_first, mentee.last_name AS mentee_last,
                 mentor.first_name AS mentor_first, mentor.last_name AS mentor_last,
                 mentee.languages AS mentee_languages,
                 (mentee.email ?? '') != '' AS mentee_has_email,
                 (mentor.email ?? '') != '' AS mentor_has_email,
                 (mentee.anonymised_at ?? mentor.anonymised_at) != NONE AS anonymised
             FROM duo WHERE office = $office AND state NOT IN ['declined', 'draft'] {duo_filter};
             SELECT duo, due_on FROM checkin WHERE office = $office AND done_on = NONE {child_filter};
             SELECT duo, moment FROM outcome WHERE office = $office {child_filter};"
        ))
        .bind(("office", office.to_string()))
        .bind(("only", only.unwrap_or_default().to_string()))
        .await
        .map_err(read_error)?;
    let duos: Vec<Row> = rows(&mut resp, 0)?;
    let dues: Vec<Due> = rows(&mut resp, 1)?;
    let done: Vec<Done> = rows(&mut resp, 2)?;
    // Each duo's open check-ins and recorded outcomes, grouped once for the whole office.
    let mut open_checkins: HashMap<String, Vec<NaiveDate>> = HashMap::new();
    for d in dues {
        if let Some(due) = day(Some(&d.due_on)) {
            open_checkins.entry(d.duo).or_default().push(due);
        }
    }
    let mut recorded: HashMap<String, Vec<Moment>> = HashMap::new();
    for d in done {
        if let Some(moment) = Moment::parse(&d.moment) {
            recorded.entry(d.duo).or_default().push(moment);
        }
    }
    Ok(duos
        .into_iter()
        .map(|r| {
            let proposed_on = day(r.proposed_on.as_deref());
            let facts = DuoFacts {
                state: r.state,
                // Alerts count a proposal's wait from the day it was proposed.
                // Created on its instant's day in Brussels.
                created: proposed_on
                    .or(day(Some(&crate::clock::local_day(&r.created))))
                    .unwrap_or(today),
                intro_on: day(r.intro_on.as_deref()),
                started_on: day(r.started_on.as_deref()),
                ended_on: day(r.ended_on.as_deref()),
                closed_as: r.closed_as.as_deref().and_then(DuoState::parse),
                last_meeting: day(r.last_meeting_on.as_deref()),
                open_checkins: open_checkins.remove(&r.id).unwrap_or_default(),
                outcomes: recorded.remove(&r.id).unwrap_or_default(),
            };
            DuoFactsRow {
                mentee_name: format!("{} {}", r.mentee_first, r.mentee_last),
                mentor_name: format!("{} {}", r.mentor_first, r.mentor_last),
                mentee_first_name: r.mentee_first,
                mentor_first_name: r.mentor_first,
                mentee_languages: r.mentee_languages,
                anonymised: r.anonymised,
                mentee_has_email: r.mentee_has_email,
                mentor_has_email: r.mentor_has_email,
                id: r.id,
                mentee: r.mentee,
                mentor: r.mentor,
                proposed_on,
                intro_place: r.intro_place,
                facts,
            }
        })
        .collect())
}
