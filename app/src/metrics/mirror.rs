//! The records the figures need, kept in memory and brought up to date from SurrealDB's change
//! feeds (migration 15), so a dashboard after a change re-reads a handful of records, not the
//! whole programme.
//!
//! The first reading reads every table (seconds at 100,000 people). After it, each sync asks
//! each table's change feed which records changed since the last sync and reads those again
//! from the table (their current state: the order of a transaction's entries in the feed does
//! not matter; a deleted record is no longer there). The feed keeps an hour: a copy not synced
//! for half of that, or a feed that shows anything but a change of a record (a table
//! redefined, a restore), is read again whole.
use crate::db::{read_error, rows, Db};
use crate::domain::comeback::NextStep;
use crate::domain::followup::Moment;
use crate::domain::metrics::{DuoRow, MenteeRow, MentorRow, OutcomeRow, Records};
use crate::domain::reference::{OFFICES, SECTORS};
use crate::domain::satisfaction::{EvaluationRow, InTouchRow, Side};
use crate::domain::states::{DuoState, MenteeState, MentorState};
use crate::error::AppError;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// Half the feeds' retention (`CHANGEFEED 1h`): older, the copy is read again whole.
const FEED_TRUST: Duration = Duration::from_secs(30 * 60);
/// Entries read from a feed at once.
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

#[derive(Deserialize)]
struct Target {
    office: String,
    mentees: u32,
    mentors: u32,
}

/// A row read from a table, known by its key.
trait Keyed: DeserializeOwned {
    const TABLE: &'static str;
    /// The fields read (the same for the whole table and for a few records).
    const FIELDS: &'static str;
    fn key(&self) -> &str;
}

macro_rules! keyed {
    ($t:ty, $table:literal, $fields:literal) => {
        impl Keyed for $t {
            const TABLE: &'static str = $table;
            const FIELDS: &'static str = $fields;
            fn key(&self) -> &str {
                &self.id
            }
        }
    };
}

keyed!(
    Mentee,
    "mentee",
    "record::id(id) AS id, office, state, <string> created_at AS registered,
     <string> waiting_since AS waiting_since, sectors"
);
keyed!(
    Mentor,
    "mentor",
    "record::id(id) AS id, office, state, <string> created_at AS registered,
     <string> available_since AS available_since, load, capacity, sectors"
);
keyed!(
    Duo,
    "duo",
    "record::id(id) AS id, office, record::id(mentee) AS mentee, record::id(mentor) AS mentor,
     state, <string> created_at AS created, started_on, ended_on, closed_as, end_reason,
     last_meeting_on, <string> waited_since AS waited_since, mentor_next, proposed_on,
     mentor_rating, mentor_next_on"
);
keyed!(
    Outcome,
    "outcome",
    "record::id(id) AS id, office, duo, moment, situation, stable"
);
keyed!(
    Voice,
    "self_report",
    "record::id(id) AS id, office, moment, answered_on, rating, in_touch"
);

/// One table's rows by key.
struct Table<T: Keyed> {
    rows: HashMap<String, T>,
}

impl<T: Keyed> Table<T> {
    async fn read_all(db: &Db) -> Result<Self, AppError> {
        let mut resp = db
            .query(format!("SELECT {} FROM {}", T::FIELDS, T::TABLE))
            .await
            .map_err(read_error)?;
        let rows: Vec<T> = rows(&mut resp, 0)?;
        Ok(Table {
            rows: rows.into_iter().map(|r| (r.key().to_string(), r)).collect(),
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
            for row in found {
                self.rows.insert(row.key().to_string(), row);
            }
        }
        Ok(())
    }
}

/// What a table's change feed says since a versionstamp: the keys of the records that changed
/// and where to start next time; `None` when the feed holds more than changes of records.
async fn changed_since(
    db: &Db,
    table: &str,
    mut since: u64,
) -> Result<Option<(HashSet<String>, u64)>, AppError> {
    #[derive(Deserialize)]
    struct Batch {
        versionstamp: u64,
        changes: Vec<serde_json::Value>,
    }
    let mut keys = HashSet::new();
    loop {
        // SHOW CHANGES takes a literal versionstamp, not a parameter; it is our own number.
        let mut resp = db
            .query(format!(
                "SHOW CHANGES FOR TABLE {table} SINCE {since} LIMIT {PAGE}"
            ))
            .await
            .map_err(read_error)?;
        let batches: Vec<Batch> = rows(&mut resp, 0)?;
        let full = batches.len() == PAGE;
        for batch in batches {
            since = since.max(batch.versionstamp + 1);
            for change in batch.changes {
                let id = ["update", "delete"]
                    .iter()
                    .find_map(|k| change.get(k)?.get("id")?.as_str());
                let Some(key) = id.and_then(|id| key_of(id, table)) else {
                    return Ok(None);
                };
                keys.insert(key);
            }
        }
        if !full {
            return Ok(Some((keys, since)));
        }
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

/// The newest versionstamp of a table's feed plus one (zero for an empty feed).
async fn feed_end(db: &Db, table: &str) -> Result<u64, AppError> {
    Ok(changed_since(db, table, 0)
        .await?
        .map_or(0, |(_, next)| next))
}

/// The programme's records as last read, with where each table's feed was.
pub struct Mirror {
    mentees: Table<Mentee>,
    mentors: Table<Mentor>,
    duos: Table<Duo>,
    outcomes: Table<Outcome>,
    voices: Table<Voice>,
    /// Next versionstamp to read, per table, in the order of [`TABLES`].
    since: [u64; 5],
    synced: Instant,
}

const TABLES: [&str; 5] = ["mentee", "mentor", "duo", "outcome", "self_report"];

impl Mirror {
    /// Reads every table whole. The feeds' ends are taken first: what changes during the
    /// reading is read again at the next sync.
    pub async fn read(db: &Db) -> Result<Self, AppError> {
        let mut since = [0; 5];
        for (i, table) in TABLES.iter().enumerate() {
            since[i] = feed_end(db, table).await?;
        }
        Ok(Mirror {
            mentees: Table::read_all(db).await?,
            mentors: Table::read_all(db).await?,
            duos: Table::read_all(db).await?,
            outcomes: Table::read_all(db).await?,
            voices: Table::read_all(db).await?,
            since,
            synced: Instant::now(),
        })
    }

    /// Brings the copy up to date; answers false when it must be read again whole.
    pub async fn sync(&mut self, db: &Db) -> Result<bool, AppError> {
        if self.synced.elapsed() > FEED_TRUST {
            return Ok(false);
        }
        let mut changed = Vec::with_capacity(TABLES.len());
        for (i, table) in TABLES.iter().enumerate() {
            match changed_since(db, table, self.since[i]).await? {
                Some(c) => changed.push(c),
                None => return Ok(false),
            }
        }
        let mut changed = changed.into_iter();
        let mut next = |since: &mut u64| {
            let (keys, end) = changed.next().unwrap_or_default();
            *since = end.max(*since);
            keys
        };
        let [s0, s1, s2, s3, s4] = &mut self.since;
        let (k0, k1, k2, k3, k4) = (next(s0), next(s1), next(s2), next(s3), next(s4));
        self.mentees.refresh(db, k0).await?;
        self.mentors.refresh(db, k1).await?;
        self.duos.refresh(db, k2).await?;
        self.outcomes.refresh(db, k3).await?;
        self.voices.refresh(db, k4).await?;
        self.synced = Instant::now();
        Ok(true)
    }

    /// The rows the figures are computed from, with this year's targets.
    pub async fn records(&self, db: &Db, year: i32) -> Result<Records, AppError> {
        let mut resp = db
            .query("SELECT office, mentees, mentors FROM target WHERE year = $year")
            .bind(("year", i64::from(year)))
            .await
            .map_err(read_error)?;
        let targets: Vec<Target> = rows(&mut resp, 0)?;
        Ok(self.assemble(&targets))
    }

    fn assemble(&self, targets: &[Target]) -> Records {
        let today = crate::clock::today();
        let opt = |s: &Option<String>| s.as_deref().and_then(date);
        let mentors: Vec<&Mentor> = self.mentors.rows.values().collect();
        let mentor_index: HashMap<&str, u32> = mentors
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_str(), i as u32))
            .collect();
        let duos = &self.duos.rows;
        let had_duo: HashSet<&str> = duos
            .values()
            .filter(|d| d.started_on.is_some() || d.state.is_open())
            .map(|d| d.mentor.as_str())
            .collect();
        let registered = |key: &str| self.mentees.rows.get(key).and_then(|m| date(&m.registered));
        let started = |key: &str| duos.get(key).and_then(|d| opt(&d.started_on));
        let voices = &self.voices.rows;
        Records {
            mentees: self
                .mentees
                .rows
                .values()
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
                .values()
                .map(|d| DuoRow {
                    office: office_index(&d.office),
                    mentor: mentor_index
                        .get(d.mentor.as_str())
                        .copied()
                        .unwrap_or(u32::MAX),
                    state: d.state,
                    created: date(&d.created).unwrap_or(today),
                    started_on: opt(&d.started_on),
                    ended_on: opt(&d.ended_on),
                    closed_as: d.closed_as.as_deref().and_then(DuoState::parse),
                    end_reason: d.end_reason.clone(),
                    last_meeting: opt(&d.last_meeting_on),
                    mentee_waiting_since: opt(&d.waited_since),
                    mentee_intake: registered(&d.mentee),
                    mentor_next: d.mentor_next.as_deref().and_then(NextStep::parse),
                    proposed_on: opt(&d.proposed_on),
                })
                .collect(),
            outcomes: self
                .outcomes
                .rows
                .values()
                .filter_map(|o| {
                    Some(OutcomeRow {
                        office: office_index(&o.office),
                        duo_started: started(&o.duo)?,
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
                        office: office_index(&v.office),
                        by: Side::Mentee,
                        on: date(&v.answered_on)?,
                        rating: v.rating?,
                    })
                })
                .chain(duos.values().filter_map(|d| {
                    Some(EvaluationRow {
                        office: office_index(&d.office),
                        by: Side::Mentor,
                        on: opt(&d.mentor_next_on)?,
                        rating: d.mentor_rating?,
                    })
                }))
                .collect(),
            in_touch: voices
                .values()
                .filter_map(|v| {
                    Some(InTouchRow {
                        office: office_index(&v.office),
                        moment: v.moment,
                        on: date(&v.answered_on)?,
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
