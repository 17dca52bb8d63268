//! Server half of the dashboard: the figures computed in Rust from compact rows (no names, no
//! contacts) kept in memory (`mirror`) and shared by every dashboard (`shared`). Duos keep their
//! last meeting's day, so no meeting is read.
use crate::auth::server::Principal;
use crate::domain::metrics::{figures, Period, Records};
use crate::domain::reference::OFFICES;
use crate::domain::satisfaction::satisfaction;
use crate::error::{AppError, Invalid};
use crate::metrics::answer::Answer;
use crate::metrics::publish::Computed;
use crate::metrics::shared::DashboardKey;
use crate::metrics::Dashboard;
use crate::model::Role;
use crate::state::AppState;
use chrono::{Datelike, NaiveDate};
use std::sync::Arc;

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

/// The dashboard for the caller, over a period: for headquarters, the cells to hide decided
/// over all the offices (also when one is asked for, so that no answer shows a cell another
/// hides) and already hidden. Computed once per change for everyone who asks the same (see
/// [`super::shared`]).
pub async fn dashboard(
    app: &AppState,
    who: &Principal,
    office: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Dashboard, AppError> {
    Ok(answer(app, who, office, from, to)
        .await?
        .dashboard()
        .clone())
}

/// The same dashboard as it leaves the server: written as JSON and compressed once per change
/// for everyone who asks the same (see [`super::answer`]); one computed for its caller alone
/// (an odd period, beyond the kept ones) is written as JSON only.
pub async fn answer(
    app: &AppState,
    who: &Principal,
    office: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Arc<Answer>, AppError> {
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
    let generation = app.figures.generation(&app.db, &app.events).await?;
    let today = generation.today();
    generation
        .dashboard(key.clone(), |records, kept| {
            compute(records, key, period, today, kept)
        })
        .await
}

/// Every figure of a dashboard from the records, published and written (and compressed when it
/// is kept for everyone), off the runtime: CPU work.
async fn compute(
    records: Arc<Records>,
    key: DashboardKey,
    period: Period,
    today: NaiveDate,
    kept: bool,
) -> Result<Answer, AppError> {
    // Headquarters count people's answers by whole months (see `settled_period`).
    let answers = if key.suppressed {
        crate::domain::disclosure::settled_period(period, today)
    } else {
        period
    };
    let offices_of = key.choices.clone();
    // A dashboard kept for everyone is computed once per generation (a bounded number of
    // them): not behind the heavy places, which a slate can hold for seconds. One for its
    // caller alone (odd periods beyond the kept ones) takes a place like any computation.
    let work = move || {
        use crate::metrics::mirror::office_index;
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
        let computed = Computed {
            offices: offices_of
                .iter()
                .map(|o| (o.clone(), figures_of(&[office_index(o)])))
                .collect(),
            total: figures_of(&indexes),
            period,
            today,
        };
        let dashboard = Dashboard::publish(
            &computed,
            key.chosen.as_deref(),
            key.choices,
            key.admin,
            key.suppressed,
        );
        if kept {
            Answer::shared(dashboard)
        } else {
            Answer::single(dashboard)
        }
    };
    if kept {
        crate::heavy::in_background(work).await?
    } else {
        crate::heavy::run(work).await?
    }
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
