//! The records the figures need, kept in memory and brought up to date from SurrealDB's change
//! feeds (migration 15), so a dashboard after a change re-reads a handful of records, not the
//! whole programme.
//!
//! The first reading reads every table (seconds at 100,000 people). After it, each sync reads
//! the database's change feed, keeps the keys of the records of the five tables that changed,
//! and reads those again from their tables: their current state, whatever the order of a
//! transaction's entries; a deleted record is no longer there. A transaction takes its
//! versionstamp before it commits, so it may appear in the feed behind entries already read:
//! each sync reads again from a point the feed had passed at least [`SETTLE`] before (reading a
//! record twice costs nothing). The feed keeps an hour: a copy not synced for half of that is
//! read again whole.
use crate::db::{read_error, rows, Db};
use crate::domain::comeback::NextStep;
use crate::domain::followup::Moment;
use crate::domain::metrics::{DuoRow, MenteeRow, MentorRow, OutcomeRow, Records};
use crate::domain::reference::{OFFICES, SECTORS};
use crate::domain::satisfaction::{EvaluationRow, InTouchRow, Side};
use crate::domain::states::{DuoState, MenteeState, MentorState};
use crate::error::AppError;
use crate::live::feed::Since;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// Half the feeds' retention (`CHANGEFEED 1h`): older, the copy is read again whole.
const FEED_TRUST: Duration = Duration::from_secs(30 * 60);
/// Longer than any commit takes: the feed up to where it was this long ago is settled.
const SETTLE: Duration = Duration::from_secs(10);
/// Records read again at once.
const PAGE: usize = 1000;

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
    #[serde(default)]
    mentor_rating: Option<u8>,
    #[serde(default)]
    mentor_next_on: Option<String>,
}

#[derive(Deserialize)]
struct Outcome {
    id: String,
    office: String,
    duo: String,
    moment: Moment,
    situation: String,
    stable: Option<bool>,
}

#[derive(Deserialize)]
struct Voice {
    id: String,
    office: String,
    moment: Moment,
    answered_on: String,
    rating: Option<u8>,
    in_touch: Option<bool>,
}

/// This year's targets, as read.
pub struct Targets(Vec<Target>);

#[derive(Deserialize)]
struct Target {
    office: String,
    mentees: u32,
    mentors: u32,
}

/// A row read from a table, known by its key, and what the copy keeps of it: the row as the
/// figures read it, its dates parsed once when it is read rather than at every change.
trait Keyed: DeserializeOwned {
    const TABLE: &'static str;
    /// The fields read (the same for the whole table and for a few records).
    const FIELDS: &'static str;
    type Kept: Send + Sync;
    fn key(&self) -> &str;
    fn keep(self, today: NaiveDate) -> Self::Kept;
}

macro_rules! keyed {
    ($t:ty, $kept:ty, $table:literal, $fields:literal) => {
        impl Keyed for $t {
            const TABLE: &'static str = $table;
            const FIELDS: &'static str = $fields;
            type Kept = $kept;
            fn key(&self) -> &str {
                &self.id
            }
            fn keep(self, today: NaiveDate) -> $kept {
                <$kept>::from_read(self, today)
            }
        }
    };
}

fn opt_date(text: &Option<String>) -> Option<NaiveDate> {
    text.as_deref().and_then(date)
}

impl MenteeRow {
    fn from_read(m: Mentee, today: NaiveDate) -> Self {
        MenteeRow {
            office: office_index(&m.office),
            state: m.state,
            registered: date(&m.registered).unwrap_or(today),
            waiting_since: opt_date(&m.waiting_since),
            sectors: sector_bits(&m.sectors),
        }
    }
}

/// A mentor as kept; whether they ever had a duo is joined from the duos when assembled.
struct KeptMentor(MentorRow);

impl KeptMentor {
    fn from_read(m: Mentor, today: NaiveDate) -> Self {
        KeptMentor(MentorRow {
            office: office_index(&m.office),
            state: m.state,
            registered: date(&m.registered).unwrap_or(today),
            available_since: opt_date(&m.available_since),
            load: m.load,
            capacity: m.capacity,
            sectors: sector_bits(&m.sectors),
            had_duo: false,
        })
    }
}

/// A duo as kept, with the keys of its mentee and mentor (joined when assembled) and the
/// mentor's closing evaluation.
struct KeptDuo {
    row: DuoRow,
    mentee: String,
    mentor: String,
    mentor_evaluation: Option<(NaiveDate, u8)>,
}

impl KeptDuo {
    fn from_read(d: Duo, today: NaiveDate) -> Self {
        KeptDuo {
            row: DuoRow {
                office: office_index(&d.office),
                mentor: u32::MAX,
                state: d.state,
                created: date(&d.created).unwrap_or(today),
                started_on: opt_date(&d.started_on),
                ended_on: opt_date(&d.ended_on),
                closed_as: d.closed_as.as_deref().and_then(DuoState::parse),
                end_reason: d.end_reason,
                last_meeting: opt_date(&d.last_meeting_on),
                mentee_waiting_since: opt_date(&d.waited_since),
                mentee_intake: None,
                mentor_next: d.mentor_next.as_deref().and_then(NextStep::parse),
                proposed_on: opt_date(&d.proposed_on),
            },
            mentor_evaluation: opt_date(&d.mentor_next_on).zip(d.mentor_rating),
            mentee: d.mentee,
            mentor: d.mentor,
        }
    }
}

/// An outcome as kept, with its duo's key (the duo's start is joined when assembled).
struct KeptOutcome {
    office: u8,
    duo: String,
    moment: Moment,
    situation: String,
    stable: Option<bool>,
}

impl KeptOutcome {
    fn from_read(o: Outcome, _today: NaiveDate) -> Self {
        KeptOutcome {
            office: office_index(&o.office),
            duo: o.duo,
            moment: o.moment,
            situation: o.situation,
            stable: o.stable,
        }
    }
}

/// A mentee's own answer as kept.
struct KeptVoice {
    office: u8,
    moment: Moment,
    answered_on: Option<NaiveDate>,
    rating: Option<u8>,
    in_touch: Option<bool>,
}

impl KeptVoice {
    fn from_read(v: Voice, _today: NaiveDate) -> Self {
        KeptVoice {
            office: office_index(&v.office),
            moment: v.moment,
            answered_on: date(&v.answered_on),
            rating: v.rating,
            in_touch: v.in_touch,
        }
    }
}

keyed!(
    Mentee,
    MenteeRow,
    "mentee",
    "record::id(id) AS id, office, state, <string> created_at AS registered,
     <string> waiting_since AS waiting_since, sectors"
);
keyed!(
    Mentor,
    KeptMentor,
    "mentor",
    "record::id(id) AS id, office, state, <string> created_at AS registered,
     <string> available_since AS available_since, load, capacity, sectors"
);
keyed!(
    Duo,
    KeptDuo,
    "duo",
    "record::id(id) AS id, office, record::id(mentee) AS mentee, record::id(mentor) AS mentor,
     state, <string> created_at AS created, started_on, ended_on, closed_as, end_reason,
     last_meeting_on, <string> waited_since AS waited_since, mentor_next, proposed_on,
     mentor_rating, mentor_next_on"
);
keyed!(
    Outcome,
    KeptOutcome,
    "outcome",
    "record::id(id) AS id, office, duo, moment, situation, stable"
);
keyed!(
    Voice,
    KeptVoice,
    "self_report",
    "record::id(id) AS id, office, moment, answered_on, rating, in_touch"
);

/// One table's rows by key, as kept.
struct Table<T: Keyed> {
    rows: HashMap<String, T::Kept>,
}

impl<T: Keyed> Table<T> {
    async fn read_all(db: &Db) -> Result<Self, AppError> {
        let mut resp = db
            .query(format!("SELECT {} FROM {}", T::FIELDS, T::TABLE))
            .await
            .map_err(read_error)?;
        let rows: Vec<T> = rows(&mut resp, 0)?;
        let today = crate::clock::today();
        Ok(Table {
            rows: rows
                .into_iter()
                .map(|r| (r.key().to_string(), r.keep(today)))
                .collect(),
        })
    }

    /// Reads the records of `keys` again: changed ones replace what was kept, gone ones leave.
    async fn refresh(&mut self, db: &Db, keys: HashSet<String>) -> Result<(), AppError> {
        if keys.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = keys.into_iter().collect();
        for chunk in keys.chunks(PAGE) {
            let mut resp = db
                .query(format!(
                    "SELECT {} FROM array::map($keys, |$k| type::record('{}', $k)) WHERE id != NONE",
                    T::FIELDS,
                    T::TABLE
                ))
                .bind(("keys", chunk.to_vec()))
                .await
                .map_err(read_error)?;
            let found: Vec<T> = rows(&mut resp, 0)?;
            for key in chunk {
                self.rows.remove(key);
            }
            let today = crate::clock::today();
            for row in found {
                self.rows.insert(row.key().to_string(), row.keep(today));
            }
        }
        Ok(())
    }
}

/// The key of `table:key` as a feed writes it (`⟨…⟩` around a key that needs them).
fn key_of(id: &str, table: &str) -> Option<String> {
    let key = id.strip_prefix(table)?.strip_prefix(':')?;
    let key = key
        .strip_prefix('⟨')
        .and_then(|k| k.strip_suffix('⟩'))
        .or_else(|| key.strip_prefix('`').and_then(|k| k.strip_suffix('`')))
        .unwrap_or(key);
    Some(key.to_string())
}

/// The programme's records as last read, with where each table's feed was.
pub struct Mirror {
    mentees: Table<Mentee>,
    mentors: Table<Mentor>,
    duos: Table<Duo>,
    outcomes: Table<Outcome>,
    voices: Table<Voice>,
    /// Where each sync starts reading the feed (inclusive): a versionstamp the feed had
    /// passed at least [`SETTLE`] before a sync that read on from it.
    settled: u64,
    /// How far the feed had got at each recent sync, and when that sync began.
    reached: std::collections::VecDeque<(Instant, u64)>,
    synced: Instant,
}

const TABLES: [&str; 5] = ["mentee", "mentor", "duo", "outcome", "self_report"];

impl Mirror {
    /// Reads every table whole; what changes meanwhile is read again at the next sync. The
    /// feed's end is found first (the feed of an hour is read once).
    pub async fn read(db: &Db) -> Result<Self, AppError> {
        let began = Instant::now();
        let end = crate::live::feed::read_to_end(db, Since::Stamp(0), |_, _| {})
            .await
            .map_err(read_error)?
            .unwrap_or(0);
        Ok(Mirror {
            mentees: Table::read_all(db).await?,
            mentors: Table::read_all(db).await?,
            duos: Table::read_all(db).await?,
            outcomes: Table::read_all(db).await?,
            voices: Table::read_all(db).await?,
            settled: end,
            reached: Default::default(),
            synced: began,
        })
    }

    /// Brings the copy up to date; answers false when it must be read again whole.
    pub async fn sync(&mut self, db: &Db) -> Result<bool, AppError> {
        if self.synced.elapsed() > FEED_TRUST {
            return Ok(false);
        }
        let began = Instant::now();
        let mut keys: [HashSet<String>; 5] = Default::default();
        let end = crate::live::feed::read_to_end(db, Since::Stamp(self.settled), |_, change| {
            let id = ["update", "delete"]
                .iter()
                .find_map(|k| change.get(k)?.get("id")?.as_str());
            // Other tables' entries (the outbox) and definitions of tables change no record
            // the figures read.
            let Some(id) = id else { return };
            for (i, table) in TABLES.iter().enumerate() {
                if let Some(key) = key_of(id, table) {
                    keys[i].insert(key);
                }
            }
        })
        .await
        .map_err(read_error)?;
        // The sync counts only once every changed record is read again: one that fails or is
        // dropped half-way reads the same changes next time.
        let [k0, k1, k2, k3, k4] = keys;
        self.mentees.refresh(db, k0).await?;
        self.mentors.refresh(db, k1).await?;
        self.duos.refresh(db, k2).await?;
        self.outcomes.refresh(db, k3).await?;
        self.voices.refresh(db, k4).await?;
        // What the feed held when a sync began at least SETTLE before this one has all
        // committed, and this sync read it: later syncs start there.
        while let Some(&(at, stamp)) = self.reached.front() {
            if began.duration_since(at) < SETTLE {
                break;
            }
            self.settled = self.settled.max(stamp);
            self.reached.pop_front();
        }
        if let Some(end) = end {
            self.reached.push_back((began, end));
        }
        self.synced = began;
        Ok(true)
    }

    /// The yearly targets of `year` (a handful of rows, read each time).
    pub async fn targets(db: &Db, year: i32) -> Result<Targets, AppError> {
        let mut resp = db
            .query("SELECT office, mentees, mentors FROM target WHERE year = $year")
            .bind(("year", i64::from(year)))
            .await
            .map_err(read_error)?;
        Ok(Targets(rows(&mut resp, 0)?))
    }

    /// The rows the figures are computed from, as kept, with their links joined: a duo's
    /// mentor (as a number) and its mentee's intake, an outcome's duo start, whether a mentor
    /// ever had a duo. CPU work over every row: run it off the async runtime.
    pub fn assemble(&self, targets: &Targets) -> Records {
        let targets = &targets.0;
        let mentor_index: HashMap<&str, u32> = self
            .mentors
            .rows
            .keys()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i as u32))
            .collect();
        let duos = &self.duos.rows;
        let had_duo: HashSet<&str> = duos
            .values()
            .filter(|d| d.row.started_on.is_some() || d.row.state.is_open())
            .map(|d| d.mentor.as_str())
            .collect();
        let voices = &self.voices.rows;
        Records {
            mentees: self.mentees.rows.values().cloned().collect(),
            mentors: self
                .mentors
                .rows
                .iter()
                .map(|(key, m)| MentorRow {
                    had_duo: had_duo.contains(key.as_str()),
                    ..m.0.clone()
                })
                .collect(),
            duos: duos
                .values()
                .map(|d| DuoRow {
                    mentor: mentor_index
                        .get(d.mentor.as_str())
                        .copied()
                        .unwrap_or(u32::MAX),
                    mentee_intake: self.mentees.rows.get(&d.mentee).map(|m| m.registered),
                    ..d.row.clone()
                })
                .collect(),
            outcomes: self
                .outcomes
                .rows
                .values()
                .filter_map(|o| {
                    Some(OutcomeRow {
                        office: o.office,
                        duo_started: duos.get(&o.duo)?.row.started_on?,
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
                .values()
                .filter_map(|v| {
                    Some(EvaluationRow {
                        office: v.office,
                        by: Side::Mentee,
                        on: v.answered_on?,
                        rating: v.rating?,
                    })
                })
                .chain(duos.values().filter_map(|d| {
                    let (on, rating) = d.mentor_evaluation?;
                    Some(EvaluationRow {
                        office: d.row.office,
                        by: Side::Mentor,
                        on,
                        rating,
                    })
                }))
                .collect(),
            in_touch: voices
                .values()
                .filter_map(|v| {
                    Some(InTouchRow {
                        office: v.office,
                        moment: v.moment,
                        on: v.answered_on?,
                        in_touch: v.in_touch?,
                    })
                })
                .collect(),
        }
    }
}

pub fn office_index(slug: &str) -> u8 {
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
