//! The dashboard's wire contract: the JSON the API and the server function answer, and the CSV
//! tables, for a generated programme, compared with what Duo answered before the dashboard was
//! typed (`fixtures/dashboard.json`, written by the untyped code). A figure renamed, moved, turned
//! into another number type or made present where it was absent fails here before it reaches a
//! script or a spreadsheet.
use super::*;
use crate::domain::followup::{Moment, SITUATIONS};
use crate::domain::lifecycle::END_REASONS;
use crate::domain::metrics::{figures, DuoRow, MenteeRow, MentorRow, OutcomeRow, Period, Records};
use crate::domain::reference::OFFICES;
use crate::domain::satisfaction::{EvaluationRow, InTouchRow, Side};
use crate::domain::states::{DuoState, MenteeState, MentorState};
use chrono::NaiveDate;

/// A small deterministic random source, so the programme is the same on every run.
pub(super) struct Dice(pub(super) u64);

impl Dice {
    pub(super) fn roll(&mut self, sides: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % sides
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.roll(from.len() as u64) as usize]
    }

    fn coin(&mut self) -> bool {
        self.roll(2) == 0
    }

    /// A day between 2025-06-01 and `today`.
    fn day(&mut self) -> NaiveDate {
        let first = NaiveDate::from_ymd_opt(2025, 6, 1).expect("valid date");
        first + chrono::Duration::days(self.roll((today() - first).num_days() as u64 + 1) as i64)
    }

    fn maybe_day(&mut self) -> Option<NaiveDate> {
        self.coin().then(|| self.day())
    }

    /// Bits of a few sectors (F, G, J, Q), so the supply table stays short.
    fn sectors(&mut self) -> u32 {
        [5, 6, 9, 16]
            .into_iter()
            .filter(|_| self.roll(3) == 0)
            .fold(0, |bits, i| bits | (1 << i))
    }
}

pub(super) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("valid date")
}

fn period() -> Period {
    Period {
        from: NaiveDate::from_ymd_opt(2026, 9, 1).expect("valid date"),
        to: today(),
    }
}

/// A programme of four offices: Brussels large, Liège and Antwerp small (their cells hidden
/// from headquarters), Ghent empty (no median, no percent).
fn records() -> Records {
    programme(
        20_261_129,
        &[(0, 60, 25, 40, 30), (1, 7, 4, 6, 4), (2, 3, 2, 1, 0)],
    )
}

/// A programme rolled from `seed`, with per office (index, mentees, mentors, duos, outcomes).
pub(super) fn programme(seed: u64, sizes: &[(u8, usize, usize, usize, usize)]) -> Records {
    let mut dice = Dice(seed);
    let mut r = Records::default();
    for &(office, mentees, mentors, duos, outcomes) in sizes {
        for _ in 0..mentees {
            let state = dice.pick(MenteeState::ALL);
            r.mentees.push(MenteeRow {
                office,
                state,
                registered: dice.day(),
                waiting_since: dice.maybe_day(),
                sectors: dice.sectors(),
            });
        }
        for _ in 0..mentors {
            r.mentors.push(MentorRow {
                office,
                // The states the recorded programme was drawn from (`withdrawn` came later): the
                // same records, so the same answers.
                state: dice.pick(&MentorState::ALL[..10]),
                registered: dice.day(),
                available_since: dice.maybe_day(),
                load: dice.roll(3) as u32,
                capacity: 1 + dice.roll(2) as u32,
                sectors: dice.sectors(),
                had_duo: dice.coin(),
            });
        }
        for _ in 0..duos {
            let created = dice.day();
            let started_on = dice.coin().then(|| created + chrono::Duration::days(9));
            r.duos.push(DuoRow {
                office,
                mentor: dice.roll(mentors as u64 + 1) as u32,
                state: dice.pick(DuoState::ALL),
                created,
                started_on,
                ended_on: started_on
                    .filter(|_| dice.coin())
                    .map(|s| s + chrono::Duration::days(dice.roll(300) as i64)),
                closed_as: dice
                    .coin()
                    .then(|| dice.pick(&[DuoState::Completed, DuoState::EndedEarly])),
                end_reason: dice.coin().then(|| dice.pick(&END_REASONS).to_string()),
                last_meeting: dice.maybe_day(),
                mentee_waiting_since: dice.maybe_day(),
                mentee_intake: Some(created - chrono::Duration::days(dice.roll(90) as i64)),
                mentor_next: None,
                proposed_on: None,
            });
        }
        for _ in 0..outcomes {
            let situation = dice.pick(&SITUATIONS);
            r.outcomes.push(OutcomeRow {
                office,
                duo_started: period().from + chrono::Duration::days(dice.roll(80) as i64),
                moment: dice.pick(&Moment::ALL),
                situation: situation.to_string(),
                stable: (situation == "job").then(|| dice.coin()),
            });
        }
    }
    r.targets = vec![(0, 200, 150), (1, 20, 12)];
    // What people said, from dice of their own so the rolls above stay those of the fixture.
    let mut voice = Dice(seed ^ 0x5a71_5fac);
    for &(office, _, _, duos, outcomes) in sizes {
        for i in 0..duos + outcomes {
            let on = voice.day();
            let by = if i % 2 == 0 {
                Side::Mentee
            } else {
                Side::Mentor
            };
            let rating = 1 + voice.roll(5) as u8;
            r.evaluations.push(EvaluationRow {
                office,
                by,
                on,
                rating,
            });
        }
        for _ in 0..outcomes {
            r.in_touch.push(InTouchRow {
                office,
                moment: voice.pick(&[Moment::SixMonths, Moment::TwelveMonths]),
                on: voice.day(),
                in_touch: voice.roll(4) != 0,
            });
        }
    }
    r
}

/// The dashboard of every office, as headquarters (`suppressed`) or an administrator see it.
pub(super) fn dashboard(suppressed: bool) -> Dashboard {
    dashboard_of(&records(), period(), suppressed)
}

/// The dashboard of every office of `r` over `period`, as headquarters (`suppressed`) or an
/// administrator see it.
pub(super) fn dashboard_of(r: &Records, period: Period, suppressed: bool) -> Dashboard {
    let all: Vec<u8> = (0..OFFICES.len() as u8).collect();
    let computed = publish::Computed {
        offices: OFFICES
            .iter()
            .zip(&all)
            .map(|(slug, i)| (slug.to_string(), figures(r, &[*i], period, today())))
            .collect(),
        total: figures(r, &all, period, today()),
        period,
        today: today(),
    };
    let all_offices = OFFICES.iter().map(|o| o.to_string()).collect();
    Dashboard::publish(&computed, None, all_offices, !suppressed, suppressed)
}

/// Every CSV table, each row's cells joined by commas (no cell of these tables holds one).
pub(super) fn tables(d: &Dashboard) -> serde_json::Value {
    TABLES
        .iter()
        .map(|t| {
            let rows = table_rows(d, t).expect("a known table");
            let lines: Vec<String> = rows.iter().map(|r| r.join(",")).collect();
            (t.to_string(), serde_json::json!(lines))
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// What Duo answers for the generated programme, in the fixture's layout.
fn answered() -> serde_json::Value {
    serde_json::json!({
        "exact": dashboard(false),
        "suppressed": dashboard(true),
        "tables": {
            "exact": tables(&dashboard(false)),
            "suppressed": tables(&dashboard(true)),
        },
    })
}

fn fixture() -> serde_json::Value {
    serde_json::from_str(include_str!("fixtures/dashboard.json")).expect("the fixture is JSON")
}

#[test]
fn the_api_answers_the_same_json_and_csv_as_before() {
    let (now, before) = (answered(), fixture());
    for part in ["exact", "suppressed", "tables"] {
        assert_eq!(now[part], before[part], "{part} differs from the fixture");
    }
    assert_eq!(now, before);
}

#[test]
fn the_keys_come_in_the_same_order_as_before() {
    // The fixture's keys are in the order Duo wrote them; written again they keep it.
    let before = fixture();
    for part in ["exact", "suppressed"] {
        assert_eq!(
            serde_json::to_string(&dashboard(part == "suppressed")).unwrap(),
            serde_json::to_string(&before[part]).unwrap(),
            "{part}"
        );
    }
}

#[test]
fn the_page_reads_back_every_figure() {
    for suppressed in [false, true] {
        let d = dashboard(suppressed);
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<Dashboard>(&text).unwrap(), d);
    }
}
