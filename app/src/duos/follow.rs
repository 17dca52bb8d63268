//! Server half of following a duo: the career action plan, check-ins, outcomes and the office's
//! alert list. Goals are shared by the duo's mentor and coordinators; check-ins and outcomes are
//! the coordinators' own.
use crate::auth::server::Principal;
use crate::clock::today;
use crate::db::{first, new_key, read_error, rows, Db, STALE};
use crate::domain::followup::{
    alerts, check_outcome, CheckinReport, NewGoal, NewOutcome, CHECKIN_MOODS,
};
use crate::domain::lifecycle::{parse_date, parse_planned_date, NOTE_MAX};
use crate::duos::life::rows_of_duo;
use crate::duos::server::{load_duo, require_follows};
use crate::error::{AppError, Conflict, Invalid};
use crate::live::change::ChangeNote;
use crate::model::{Checkin, Duo, DuoAlert, Goal, Outcome};
use crate::privacy::audit::{self, Actor, AUDIT};
use crate::state::AppState;

fn text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty() {
        Err(AppError::invalid(field, Invalid::Required))
    } else if v.chars().count() > max {
        Err(AppError::invalid(field, Invalid::TooLong))
    } else {
        Ok(v)
    }
}

fn note(n: &Option<String>) -> Result<Option<String>, AppError> {
    match n.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) if n.chars().count() > NOTE_MAX => Err(AppError::invalid("note", Invalid::TooLong)),
        n => Ok(n.map(str::to_string)),
    }
}

fn changed(kind: &'static str, duo: &Duo, who: &Principal) -> ChangeNote {
    ChangeNote {
        kind,
        office: duo.office.clone(),
        ids: crate::live::duo_ids(&duo.id, &duo.mentee, &duo.mentor),
        actor: Some(who.user.id.clone()),
    }
}

/// Commits a change with its live note and, for a duo's or a mentee's data, its audit entry
/// (in the same transaction: no change without its trace).
async fn write(
    app: &AppState,
    who: &Principal,
    sql: String,
    note: ChangeNote,
    bind: impl for<'a> FnOnce(
        surrealdb::method::Query<'a, surrealdb::engine::any::Any>,
    ) -> surrealdb::method::Query<'a, surrealdb::engine::any::Any>,
) -> Result<(), AppError> {
    // The first id is the record changed (a duo, or a mentee), already as `table:key`.
    let record = match note.kind.split('.').next() {
        Some("intervision") => None,
        _ => note.ids.first().cloned(),
    };
    let kind = note.kind;
    match record {
        None => {
            note.commit(app, &sql, AppError::conflict(Conflict::Stale), bind)
                .await
        }
        Some(record) => {
            let sql = format!("{sql}\n{AUDIT}");
            note.commit(app, &sql, AppError::conflict(Conflict::Stale), |q| {
                audit::bind(bind(q), Actor::User(who), "update", &record, &[kind])
            })
            .await
        }
    }
}

// ---- Goals -------------------------------------------------------------------------------

const GOAL_FIELDS: &str = "record::id(id) AS id, duo, title, steps";

pub async fn goals(db: &Db, who: &Principal, duo_id: &str) -> Result<Vec<Goal>, AppError> {
    let duo = load_duo(db, duo_id).await?;
    require_follows(who, &duo)?;
    goals_of(db, &duo.id).await
}

/// A duo's action plan, without checking who asks.
pub async fn goals_of(db: &Db, duo: &str) -> Result<Vec<Goal>, AppError> {
    let select =
        format!("SELECT {GOAL_FIELDS}, created_at FROM goal WHERE duo = $duo ORDER BY created_at");
    rows_of_duo(db, select, duo).await
}

pub async fn add_goal(
    app: &AppState,
    who: &Principal,
    duo_id: &str,
    input: &NewGoal,
) -> Result<Goal, AppError> {
    let duo = load_duo(&app.db, duo_id).await?;
    require_follows(who, &duo)?;
    let title = text("title", &input.title, 200)?;
    if input.steps.len() > 20 {
        return Err(AppError::invalid("steps", Invalid::TooLong));
    }
    let steps = input
        .steps
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| text("steps", s, 200).map(|t| serde_json::json!({"text": t, "done": false})))
        .collect::<Result<Vec<_>, _>>()?;
    let id = new_key();
    write(
        app,
        who,
        "CREATE type::record('goal', $id) CONTENT { duo: $duo, office: $office, title: $title,
             steps: $steps, created_at: time::now(), version: 1 };"
            .into(),
        changed("goal.changed", &duo, who),
        |q| {
            q.bind(("id", id.clone()))
                .bind(("duo", duo.id.clone()))
                .bind(("office", duo.office.clone()))
                .bind(("title", title))
                .bind(("steps", serde_json::Value::Array(steps)))
        },
    )
    .await?;
    goal(&app.db, &id).await
}

async fn goal(db: &Db, id: &str) -> Result<Goal, AppError> {
    crate::db::load_one(db, "goal", GOAL_FIELDS, id).await
}

/// Checks off (or reopens) one step of a goal; the duo's mentor or a coordinator.
pub async fn set_step(
    app: &AppState,
    who: &Principal,
    goal_id: &str,
    index: usize,
    done: bool,
) -> Result<Goal, AppError> {
    let g = goal(&app.db, goal_id).await?;
    let duo = load_duo(&app.db, &g.duo).await?;
    require_follows(who, &duo)?;
    if index >= g.steps.len() {
        return Err(AppError::NotFound);
    }
    let day = today().format("%Y-%m-%d").to_string();
    write(
        app,
        who,
        format!(
            "LET $g = (UPDATE type::record('goal', $id) SET steps[{index}].done = $done,
                 steps[{index}].done_on = $on, steps[{index}].done_by = $by, version += 1);
             IF array::len($g) = 0 {{ THROW '{STALE}' }};"
        ),
        changed("goal.changed", &duo, who),
        |q| {
            q.bind(("id", goal_id.to_string()))
                .bind(("done", done))
                .bind(("on", done.then_some(day)))
                .bind(("by", done.then(|| who.user.display_name.clone())))
        },
    )
    .await?;
    goal(&app.db, goal_id).await
}

// ---- Check-ins ---------------------------------------------------------------------------

const CHECKIN_FIELDS: &str = "record::id(id) AS id, duo, due_on, done_on, mood, note, done_by";

pub async fn checkins(db: &Db, who: &Principal, duo_id: &str) -> Result<Vec<Checkin>, AppError> {
    let duo = load_duo(db, duo_id).await?;
    who.require_people_of(&duo.office)?;
    checkins_of(db, &duo.id).await
}

/// A duo's check-ins, without checking who asks.
pub async fn checkins_of(db: &Db, duo: &str) -> Result<Vec<Checkin>, AppError> {
    let select = format!("SELECT {CHECKIN_FIELDS} FROM checkin WHERE duo = $duo ORDER BY due_on");
    rows_of_duo(db, select, duo).await
}

async fn checkin_and_duo(db: &Db, who: &Principal, id: &str) -> Result<(Checkin, Duo), AppError> {
    let c: Checkin = crate::db::load_one(db, "checkin", CHECKIN_FIELDS, id).await?;
    let duo = load_duo(db, &c.duo).await?;
    who.require_people_of(&duo.office)?;
    Ok((c, duo))
}

/// Moves a check-in to another day.
pub async fn move_checkin(
    app: &AppState,
    who: &Principal,
    id: &str,
    due_on: &str,
) -> Result<Checkin, AppError> {
    let (_, duo) = checkin_and_duo(&app.db, who, id).await?;
    let due = parse_planned_date("due_on", due_on, today())?;
    write(
        app,
        who,
        "UPDATE type::record('checkin', $id) SET due_on = $due;".into(),
        changed("checkin.changed", &duo, who),
        |q| {
            q.bind(("id", id.to_string()))
                .bind(("due", due.format("%Y-%m-%d").to_string()))
        },
    )
    .await?;
    Ok(checkin_and_duo(&app.db, who, id).await?.0)
}

pub async fn record_checkin(
    app: &AppState,
    who: &Principal,
    id: &str,
    report: &CheckinReport,
) -> Result<Checkin, AppError> {
    let (_, duo) = checkin_and_duo(&app.db, who, id).await?;
    let date = parse_date("date", &report.date, today())?;
    if !CHECKIN_MOODS.contains(&report.mood.as_str()) {
        return Err(AppError::invalid("mood", Invalid::Unknown));
    }
    let note = note(&report.note)?;
    write(
        app,
        who,
        "UPDATE type::record('checkin', $id) SET done_on = $date, mood = $mood, note = $note, done_by = $by;".into(),
        changed("checkin.changed", &duo, who),
        |q| {
            q.bind(("id", id.to_string()))
                .bind(("date", date.format("%Y-%m-%d").to_string()))
                .bind(("mood", report.mood.clone()))
                .bind(("note", note))
                .bind(("by", who.user.display_name.clone()))
        },
    )
    .await?;
    Ok(checkin_and_duo(&app.db, who, id).await?.0)
}

/// The statements that plan a duo's check-ins when it starts (used inside the transition).
pub const PLAN_CHECKINS: &str = "FOR $due IN $checkins {
    CREATE checkin CONTENT { duo: $duo, office: $office, due_on: $due };
};";

// ---- Outcomes ----------------------------------------------------------------------------

const OUTCOME_FIELDS: &str =
    "record::id(id) AS id, duo, moment, situation, stable, date, note, recorded_by";

pub async fn outcomes(db: &Db, who: &Principal, duo_id: &str) -> Result<Vec<Outcome>, AppError> {
    let duo = load_duo(db, duo_id).await?;
    who.require_people_of(&duo.office)?;
    outcomes_of(db, &duo.id).await
}

/// A duo's recorded outcomes, without checking who asks.
pub async fn outcomes_of(db: &Db, duo: &str) -> Result<Vec<Outcome>, AppError> {
    let select = format!(
        "SELECT {OUTCOME_FIELDS}, recorded_at FROM outcome WHERE duo = $duo ORDER BY recorded_at"
    );
    rows_of_duo(db, select, duo).await
}

/// Records (or corrects) the mentee's situation at one moment.
pub async fn record_outcome(
    app: &AppState,
    who: &Principal,
    duo_id: &str,
    input: &NewOutcome,
) -> Result<Outcome, AppError> {
    let duo = load_duo(&app.db, duo_id).await?;
    who.require_people_of(&duo.office)?;
    let o = check_outcome(input, today())?;
    if duo.started_on.is_none() {
        return Err(AppError::conflict(Conflict::NotStarted));
    }
    write(
        app,
        who,
        "LET $found = (SELECT VALUE id FROM outcome WHERE duo = $duo AND moment = $moment);
         IF array::len($found) > 0 {
             UPDATE $found[0] SET situation = $situation, stable = $stable, date = $date, note = $note,
                 recorded_by = $by, recorded_at = time::now();
         } ELSE {
             CREATE outcome CONTENT { duo: $duo, mentee: $mentee, office: $office, moment: $moment,
                 situation: $situation, stable: $stable, date: $date, note: $note, recorded_by: $by,
                 recorded_at: time::now() };
         };"
        .into(),
        changed("outcome.recorded", &duo, who),
        |q| {
            q.bind(("duo", duo.id.clone()))
                .bind(("mentee", duo.mentee.clone()))
                .bind(("office", duo.office.clone()))
                .bind(("moment", o.moment.as_str().to_string()))
                .bind(("situation", o.situation.clone()))
                .bind(("stable", o.stable))
                .bind(("date", o.date.format("%Y-%m-%d").to_string()))
                .bind(("note", o.note.clone()))
                .bind(("by", who.user.display_name.clone()))
        },
    )
    .await?;
    let mut resp = app
        .db
        .query(format!(
            "SELECT {OUTCOME_FIELDS} FROM outcome WHERE duo = $duo AND moment = $moment"
        ))
        .bind(("duo", duo.id.clone()))
        .bind(("moment", o.moment.as_str().to_string()))
        .await
        .map_err(read_error)?;
    first(&mut resp, 0)?.ok_or(AppError::Internal)
}

// ---- Alerts ------------------------------------------------------------------------------

/// What the office's coordinators should act on today: quiet duos, overdue check-ins,
/// introductions not held or not scheduled, and outcomes due. Three queries for the whole office.
pub async fn office_alerts(
    db: &Db,
    who: &Principal,
    office: &str,
) -> Result<Vec<DuoAlert>, AppError> {
    if !crate::domain::reference::is_office(office) {
        return Err(AppError::invalid("office", Invalid::Unknown));
    }
    who.require_people_of(office)?;
    let today = today();
    let mut out = Vec::new();
    for r in crate::duos::facts::office_facts(db, office, None, today).await? {
        for alert in alerts(&r.facts, today) {
            out.push(DuoAlert {
                duo: r.id.clone(),
                mentee_name: r.mentee_name.clone(),
                mentor_name: r.mentor_name.clone(),
                state: r.facts.state,
                alert,
            });
        }
    }
    Ok(out)
}

// ---- Intervision -------------------------------------------------------------------------

const INTERVISION_FIELDS: &str = "record::id(id) AS id, office, date, time, place, topic";

/// The office's coming sessions: its coordinators, and its mentors (for their own office).
pub async fn intervisions(
    db: &Db,
    who: &Principal,
    office: &str,
) -> Result<Vec<crate::model::Intervision>, AppError> {
    if !crate::domain::reference::is_office(office) {
        return Err(AppError::invalid("office", Invalid::Unknown));
    }
    // A mentor sees the sessions of the office their mentor record belongs to.
    let mentor_here = match (&who.user.role, &who.user.mentor) {
        (crate::model::Role::Mentor, Some(mentor)) => {
            crate::people::server::load_mentor(db, mentor).await?.office == office
        }
        _ => false,
    };
    if !mentor_here {
        who.require_people_of(office)?;
    }
    office_intervisions(db, office).await
}

/// The office's coming sessions, without checking who asks (for the services' own reads).
pub async fn office_intervisions(
    db: &Db,
    office: &str,
) -> Result<Vec<crate::model::Intervision>, AppError> {
    let mut resp = db
        .query(format!("SELECT {INTERVISION_FIELDS} FROM intervision WHERE office = $office AND date >= $today ORDER BY date, time"))
        .bind(("office", office.to_string()))
        .bind(("today", today().format("%Y-%m-%d").to_string()))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}

/// Schedules a session (the office's coordinators and admins).
pub async fn schedule_intervision(
    app: &AppState,
    who: &Principal,
    office: &str,
    input: &crate::domain::followup::NewIntervision,
) -> Result<crate::model::Intervision, AppError> {
    if !crate::domain::reference::is_office(office) {
        return Err(AppError::invalid("office", Invalid::Unknown));
    }
    who.require_people_of(office)?;
    let (date, time, place, topic) = crate::domain::followup::check_intervision(input, today())?;
    let id = new_key();
    let note = ChangeNote {
        kind: "intervision.scheduled",
        office: office.to_string(),
        ids: vec![crate::live::record_id("intervision", &id)],
        actor: Some(who.user.id.clone()),
    };
    write(
        app,
        who,
        "CREATE type::record('intervision', $id) CONTENT { office: $office, date: $date, time: $time,
             place: $place, topic: $topic, created_at: time::now() };"
            .into(),
        note,
        |q| {
            q.bind(("id", id.clone()))
                .bind(("office", office.to_string()))
                .bind(("date", date.format("%Y-%m-%d").to_string()))
                .bind(("time", time))
                .bind(("place", place))
                .bind(("topic", topic))
        },
    )
    .await?;
    crate::db::load_one(&app.db, "intervision", INTERVISION_FIELDS, &id).await
}

// ---- Rematch -----------------------------------------------------------------------------

/// Puts a mentee whose duo ended back on the waiting list for another match (coordinators).
pub async fn rematch(
    app: &AppState,
    who: &Principal,
    mentee_id: &str,
) -> Result<crate::model::Mentee, AppError> {
    use crate::domain::states::MenteeState;
    let mentee = crate::people::server::load_mentee(&app.db, mentee_id).await?;
    who.require_people_of(&mentee.office)?;
    if !mentee.state.can_become(MenteeState::Waiting) {
        return Err(AppError::conflict(Conflict::Transition));
    }
    let note = ChangeNote {
        kind: "mentee.updated",
        office: mentee.office.clone(),
        ids: vec![crate::live::record_id("mentee", &mentee.id)],
        actor: Some(who.user.id.clone()),
    };
    write(
        app,
        who,
        format!(
            "LET $m = (UPDATE type::record('mentee', $id) SET state = 'waiting', waiting_since = time::now(),
                 version += 1, updated_at = time::now() WHERE version = $version);
             IF array::len($m) = 0 {{ THROW '{STALE}' }};"
        ),
        note,
        |q| q.bind(("id", mentee.id.clone())).bind(("version", mentee.version)),
    )
    .await?;
    crate::people::server::load_mentee(&app.db, mentee_id).await
}
