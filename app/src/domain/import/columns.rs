//! The columns an import reads: their names, and one row's cells made into the intake form's
//! data ([`NewPerson`]), checked by the same rules as the form.
use super::{Candidate, Problem, RowProblem, LIST_SEPARATOR};
use crate::domain::matching::{DAYS, PARTS};
use crate::domain::privacy::PersonKind;
use crate::domain::states::{MenteeState, MentorState};
use crate::domain::validation::{check_note, new_mentee, new_mentor};
use crate::error::{AppError, Invalid};
use crate::model::NewPerson;

/// A column of the file. Every intake field the JSON API takes has one; `office` and `kind`
/// (as Duo's own directory export writes them) must agree with the import when filled; `id`
/// and `since` (also in that export) are read and left alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    FirstName,
    LastName,
    Email,
    Phone,
    Languages,
    Sectors,
    State,
    Note,
    /// Mentors only.
    Capacity,
    CareerPlan,
    Generalist,
    YearsExperience,
    Support,
    Availability,
    Postcode,
    Online,
    Gender,
    GenderWish,
    Office,
    Kind,
    /// `id` and `since` of Duo's export: known, not imported.
    Ignored,
}

/// Every column by its name in a header (after [`header_key`]).
pub const COLUMNS: [(&str, Column); 22] = [
    ("first_name", Column::FirstName),
    ("last_name", Column::LastName),
    ("email", Column::Email),
    ("phone", Column::Phone),
    ("languages", Column::Languages),
    ("sectors", Column::Sectors),
    ("state", Column::State),
    ("note", Column::Note),
    ("capacity", Column::Capacity),
    ("career_plan", Column::CareerPlan),
    ("generalist", Column::Generalist),
    ("years_experience", Column::YearsExperience),
    ("support", Column::Support),
    ("availability", Column::Availability),
    ("postcode", Column::Postcode),
    ("online", Column::Online),
    ("gender", Column::Gender),
    ("gender_wish", Column::GenderWish),
    ("office", Column::Office),
    ("kind", Column::Kind),
    ("id", Column::Ignored),
    ("since", Column::Ignored),
];

/// The states a mentee may be imported in: those before the programme's rules. Becoming
/// eligible needs a recorded eligibility criterion ([`crate::domain::intake`]), the waiting list
/// comes after it, and the later states are a duo's: a coordinator takes the person there from
/// their record.
pub const MENTEE_IMPORT_STATES: [MenteeState; 4] = [
    MenteeState::Registered,
    MenteeState::IntakeDone,
    MenteeState::Ineligible,
    MenteeState::Referred,
];

/// The states a mentor may be imported in: `available` needs the training, the later states
/// are a duo's or come after being available.
pub const MENTOR_IMPORT_STATES: [MentorState; 5] = [
    MentorState::Registered,
    MentorState::IntakeDone,
    MentorState::Accepted,
    MentorState::Rejected,
    MentorState::InTraining,
];

/// The state a `state` cell (lower case) names for an import of `kind`: `Ok(None)` when
/// empty; a state of the programme that an import may not set is
/// [`Problem::StateNotImportable`]; a word that is no state of `kind` is the form's refusal.
fn import_state(cell: Option<&str>, kind: PersonKind) -> Result<Option<&'static str>, Problem> {
    let Some(cell) = cell else { return Ok(None) };
    let state = match kind {
        PersonKind::Mentee => {
            MenteeState::parse(cell).map(|s| (MENTEE_IMPORT_STATES.contains(&s), s.as_str()))
        }
        PersonKind::Mentor => {
            MentorState::parse(cell).map(|s| (MENTOR_IMPORT_STATES.contains(&s), s.as_str()))
        }
    };
    match state {
        Some((true, name)) => Ok(Some(name)),
        Some((false, _)) => Err(Problem::StateNotImportable),
        None => Err(Problem::Field {
            error: AppError::invalid("state", Invalid::Unknown),
        }),
    }
}

/// The columns every file must have.
pub const REQUIRED: [&str; 2] = ["first_name", "last_name"];

/// The days of the `availability` column's slots (`mon_morning|thu_evening`), Monday first,
/// and the parts of a day, in the order of the profile's bits (`day * 3 + part`).
pub const SLOT_DAYS: [&str; DAYS] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
pub const SLOT_PARTS: [&str; PARTS] = ["morning", "afternoon", "evening"];

/// A header cell as a key: trimmed, lower case, spaces and dashes as underscores
/// (`First name` → `first_name`).
pub fn header_key(cell: &str) -> String {
    cell.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// The column a header cell names for a file of `kind`, or `None` when Duo does not know it
/// (capacity is a mentor's; a file of mentees with it has a column too many).
pub fn column_of(key: &str, kind: PersonKind) -> Option<Column> {
    let (_, column) = COLUMNS.iter().find(|(name, _)| *name == key)?;
    match (column, kind) {
        (Column::Capacity, PersonKind::Mentee) => None,
        _ => Some(*column),
    }
}

/// The name of a column in the header vocabulary (the `field` of its problems).
pub fn column_name(column: Column) -> &'static str {
    COLUMNS
        .iter()
        .find(|(_, c)| *c == column)
        .map_or("", |(name, _)| name)
}

/// The values of a list cell: split on `|`, trimmed, empty ones dropped.
fn list(cell: &str) -> Vec<String> {
    cell.split(LIST_SEPARATOR)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// A yes/no cell in any of the programme's languages; empty is no.
fn yes_no(cell: &str) -> Option<bool> {
    match cell.trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" | "non" | "nee" => Some(false),
        "yes" | "y" | "true" | "1" | "x" | "oui" | "ja" => Some(true),
        _ => None,
    }
}

/// A whole number cell; empty is `None`.
fn number(cell: &str, field: &str) -> Result<Option<u32>, AppError> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    cell.parse()
        .map(Some)
        .map_err(|_| AppError::invalid(field, Invalid::Malformed))
}

/// The weekly slots of an `availability` cell (`mon_morning|sat_afternoon`) as the profile's
/// bits.
fn slots(cell: &str) -> Result<u32, AppError> {
    let mut bits = 0;
    for slot in list(cell) {
        let slot = slot.to_lowercase();
        let (day, part) = slot
            .split_once(['_', ' '])
            .ok_or_else(|| AppError::invalid("availability", Invalid::Unknown))?;
        let day = SLOT_DAYS.iter().position(|d| *d == day.trim());
        let part = SLOT_PARTS.iter().position(|p| *p == part.trim());
        match (day, part) {
            (Some(day), Some(part)) => bits |= 1 << (day * PARTS + part),
            _ => return Err(AppError::invalid("availability", Invalid::Unknown)),
        }
    }
    Ok(bits)
}

/// One person row: its cells by column (empty ones included), checked. The problems of
/// cells that are not the form's own (yes/no, other office…) are all reported; then the form's
/// rules give their first refusal, as the form does.
pub fn check_row(
    row: u32,
    cells: &[(Column, &str)],
    kind: PersonKind,
    office: &str,
) -> Result<Candidate, Vec<RowProblem>> {
    let mut p = NewPerson {
        office: office.to_string(),
        ..NewPerson::default()
    };
    let mut problems = vec![];
    let mut field = |column: Column, error: AppError| {
        problems.push(RowProblem::new(
            row,
            column_name(column),
            Problem::Field { error },
        ));
    };
    let given = |cell: &str| Some(cell.trim().to_string()).filter(|c| !c.is_empty());
    let mut other = vec![];
    for &(column, cell) in cells {
        let text = cell.trim();
        match column {
            Column::FirstName => p.first_name = text.to_string(),
            Column::LastName => p.last_name = text.to_string(),
            Column::Email => p.email = given(text),
            Column::Phone => p.phone = given(text),
            Column::Languages => p.languages = list(text),
            Column::Sectors => p.sectors = list(text),
            Column::State => p.state = given(text).map(|s| s.to_lowercase()),
            Column::Note => p.note = given(cell),
            Column::Capacity => match number(text, "capacity") {
                Ok(n) => p.capacity = n,
                Err(e) => field(column, e),
            },
            Column::CareerPlan | Column::Generalist | Column::Online => match yes_no(text) {
                Some(v) if column == Column::CareerPlan => p.profile.career_plan = v,
                Some(v) if column == Column::Generalist => p.profile.generalist = v,
                Some(v) => p.profile.online = v,
                None => other.push(RowProblem::new(row, column_name(column), Problem::YesNo)),
            },
            Column::YearsExperience => match number(text, "years_experience") {
                Ok(n) => p.profile.years_experience = n,
                Err(e) => field(column, e),
            },
            Column::Support => {
                p.profile.support = list(text).iter().map(|s| s.to_lowercase()).collect()
            }
            Column::Availability => match slots(text) {
                Ok(bits) => p.profile.availability = bits,
                Err(e) => field(column, e),
            },
            Column::Postcode => p.profile.postcode = given(text),
            Column::Gender => p.profile.gender = given(text).map(|g| g.to_lowercase()),
            Column::GenderWish => p.profile.gender_wish = given(text).map(|g| g.to_lowercase()),
            Column::Office => {
                if !text.is_empty() && !text.eq_ignore_ascii_case(office) {
                    other.push(RowProblem::new(
                        row,
                        "office",
                        Problem::OtherOffice {
                            office: text.to_string(),
                        },
                    ));
                }
            }
            Column::Kind => {
                if !text.is_empty() && !text.eq_ignore_ascii_case(kind.table()) {
                    other.push(RowProblem::new(row, "kind", Problem::OtherKind));
                }
            }
            Column::Ignored => {}
        }
    }
    // The form creates people in its own states only; the import's states are checked here, and
    // the form's rules run as for someone past the intake (languages needed) unless registered.
    let state = match import_state(p.state.as_deref(), kind) {
        Ok(state) => state,
        Err(problem) => {
            other.push(RowProblem::new(row, "state", problem));
            None
        }
    };
    p.state = state
        .filter(|s| *s != "registered")
        .map(|_| "intake_done".to_string());
    problems.extend(other);
    problems.sort_by_key(|p| {
        COLUMNS
            .iter()
            .position(|(name, _)| *name == p.field)
            .unwrap_or(usize::MAX)
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    let refused = |error: AppError| {
        let field = match &error {
            AppError::Invalid { field, .. } => field.clone(),
            _ => String::new(),
        };
        vec![RowProblem {
            row,
            field,
            problem: Problem::Field { error },
        }]
    };
    let (person, capacity) = match kind {
        PersonKind::Mentee => (new_mentee(&p).map_err(refused)?.0, 1),
        PersonKind::Mentor => {
            let (person, _, capacity) = new_mentor(&p).map_err(refused)?;
            (person, capacity)
        }
    };
    let note = check_note(&p.note).map_err(refused)?;
    Ok(Candidate {
        row,
        person,
        note,
        state: state.unwrap_or("registered"),
        capacity,
    })
}
