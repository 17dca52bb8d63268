//! The programme's figures, computed from the records (never typed in): the funnel, waiting
//! lists and their age, time to a duo, duo health, outcomes by cohort, progress to the yearly
//! targets. Pure and single-pass per table, so 100,000 mentees and 60,000 duos take a few
//! milliseconds; the server feeds it compact rows and publishes only aggregates.
use crate::domain::comeback::NextStep;
use crate::domain::states::{DuoState, MenteeState, MentorState};
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Cells with fewer people than this are shown as "<5" to headquarters.
pub const SMALL_CELL: u32 = 5;

/// A mentee as the figures read them (no name, no contact).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenteeRow {
    pub office: u8,
    pub state: MenteeState,
    pub registered: NaiveDate,
    pub waiting_since: Option<NaiveDate>,
    /// Bits of the NACE sections sought.
    pub sectors: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentorRow {
    pub office: u8,
    pub state: MentorState,
    pub registered: NaiveDate,
    pub available_since: Option<NaiveDate>,
    pub load: u32,
    pub capacity: u32,
    pub sectors: u32,
    /// Whether the mentor ever had a duo.
    pub had_duo: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuoRow {
    pub office: u8,
    /// Index of the mentor (any stable number per mentor), for "takes another duo".
    pub mentor: u32,
    pub state: DuoState,
    pub created: NaiveDate,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub closed_as: Option<DuoState>,
    pub end_reason: Option<String>,
    pub last_meeting: Option<NaiveDate>,
    /// When the mentee joined the waiting list before this duo.
    pub mentee_waiting_since: Option<NaiveDate>,
    /// The mentee's intake: when the coordinator registered them in Duo.
    pub mentee_intake: Option<NaiveDate>,
    /// What the mentor said they would do after this duo closed, once they answered.
    pub mentor_next: Option<crate::domain::comeback::NextStep>,
    /// When the matching meeting proposed it (none for a draft, and for duos proposed at
    /// once before drafts existed: their creation day).
    pub proposed_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeRow {
    pub office: u8,
    pub duo_started: NaiveDate,
    pub moment: crate::domain::followup::Moment,
    pub situation: String,
    pub stable: Option<bool>,
}

/// Everything the figures are computed from.
#[derive(Clone, Debug, Default)]
pub struct Records {
    pub mentees: Vec<MenteeRow>,
    pub mentors: Vec<MentorRow>,
    pub duos: Vec<DuoRow>,
    pub outcomes: Vec<OutcomeRow>,
    /// Yearly targets per office index: (mentees, mentors).
    pub targets: Vec<(u8, u32, u32)>,
    /// Closing evaluations, by mentees and mentors.
    pub evaluations: Vec<crate::domain::satisfaction::EvaluationRow>,
    /// Mentees' answers at 6 and 12 months about their mentor.
    pub in_touch: Vec<crate::domain::satisfaction::InTouchRow>,
}

/// The period that "registered", "started" and "ended" figures count (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    fn holds(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// A share: `n` of `of`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub n: u32,
    pub of: u32,
}

impl Share {
    pub fn percent(&self) -> Option<f64> {
        (self.of > 0).then(|| 100.0 * f64::from(self.n) / f64::from(self.of))
    }
}

/// Outcomes of one cohort (the quarter a duo started) at one moment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortOutcomes {
    /// `2026-Q1`.
    pub cohort: String,
    pub moment: crate::domain::followup::Moment,
    /// Outcomes recorded for that moment.
    pub recorded: u32,
    /// Of those, mentees reached (not `not_reached`).
    pub reached: u32,
    /// Job, training or internship (of those reached).
    pub positive: u32,
    pub job: u32,
    pub stable_job: u32,
    pub training_or_internship: u32,
    pub still_searching: u32,
}

/// One point of the waiting list over time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingPoint {
    pub date: String,
    pub waiting: u32,
    pub median_days: Option<i64>,
}

/// The figures of one office, or of all the caller's offices together.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    // Now.
    /// Mentees waiting and in no open duo.
    pub waiting_mentees: u32,
    pub waiting_median_days: Option<i64>,
    pub waiting_oldest_days: Option<i64>,
    /// Mentors available with free capacity.
    pub available_mentors: u32,
    pub available_median_days: Option<i64>,
    pub available_oldest_days: Option<i64>,
    /// Duos from draft to on hold.
    pub open_duos: u32,
    /// Duos active or on hold.
    pub active_duos: u32,
    /// Active duos with no meeting for 14 days or more.
    pub quiet_duos: u32,
    /// Per sector sought: available mentors of that sector, waiting mentees seeking it.
    pub supply_by_sector: Vec<(String, u32, u32)>,
    // In the period.
    /// Mentees registered in the period who reached: registered, intake, eligible, waiting, matched.
    pub mentee_funnel: [u32; 5],
    /// Mentors registered in the period who reached: registered, accepted, trained, available, in a duo.
    pub mentor_funnel: [u32; 5],
    /// Days from the mentee's intake to a proposed duo, for duos proposed in the period.
    pub days_to_duo_median: Option<i64>,
    pub days_to_duo_p90: Option<i64>,
    pub days_to_duo_n: u32,
    /// Duos that started at least six months ago (and in the period) and ran six months.
    pub reached_six_months: Share,
    /// Duos ended early in the period, by reason.
    pub early_ends: Vec<(String, u32)>,
    /// Mentors who closed a duo and then took another, or said they would.
    pub repeat_mentors: Share,
    pub outcomes: Vec<CohortOutcomes>,
    pub waiting_over_time: Vec<WaitingPoint>,
    /// Closing evaluations and "still in touch", answered in the period.
    pub satisfaction: crate::domain::satisfaction::Satisfaction,
    // This year.
    pub mentees_this_year: u32,
    pub mentors_this_year: u32,
    pub mentee_target: Option<u32>,
    pub mentor_target: Option<u32>,
}

fn median(sorted: &[i64]) -> Option<i64> {
    (!sorted.is_empty()).then(|| sorted[(sorted.len() - 1) / 2])
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

fn mentee_stage(state: MenteeState) -> usize {
    use MenteeState::*;
    match state {
        Registered | Withdrawn | Anonymised => 1,
        IntakeDone | Ineligible | Referred => 2,
        Eligible => 3,
        Waiting => 4,
        Proposed | InDuo | OnHold | DuoEnded | FollowedUp | Closed => 5,
    }
}

fn mentor_stage(m: &MentorRow) -> usize {
    use MentorState::*;
    if m.had_duo || matches!(m.state, Proposed | InDuo) {
        return 5;
    }
    match m.state {
        // Like a withdrawn mentee: counted as registered (how far they got is not kept).
        Registered | IntakeDone | Rejected | Withdrawn => 1,
        Accepted | InTraining => 2,
        Paused | Alumni => 3,
        Available => 4,
        Proposed | InDuo => 5,
    }
}

fn quarter(d: NaiveDate) -> String {
    format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
}

fn is_positive(situation: &str) -> bool {
    matches!(situation, "job" | "training" | "internship")
}

/// Computes the figures of the offices `offices` (indexes) over `period`, as of `today`.
pub fn figures(records: &Records, offices: &[u8], period: Period, today: NaiveDate) -> Figures {
    let mine = |o: u8| offices.contains(&o);
    let mut f = Figures::default();

    // Mentees: the waiting list now, the funnel of those registered in the period.
    let mut waiting_ages = Vec::new();
    let mut seeking = [0u32; 32];
    for m in records.mentees.iter().filter(|m| mine(m.office)) {
        if m.state == MenteeState::Waiting {
            f.waiting_mentees += 1;
            waiting_ages.push((today - m.waiting_since.unwrap_or(m.registered)).num_days());
            for (i, slot) in seeking.iter_mut().enumerate() {
                if m.sectors & (1 << i) != 0 {
                    *slot += 1;
                }
            }
        }
        if period.holds(m.registered) {
            for stage in f.mentee_funnel.iter_mut().take(mentee_stage(m.state)) {
                *stage += 1;
            }
        }
        if m.registered.year() == today.year() {
            f.mentees_this_year += 1;
        }
    }
    waiting_ages.sort_unstable();
    f.waiting_median_days = median(&waiting_ages);
    f.waiting_oldest_days = waiting_ages.last().copied();

    // Mentors.
    let mut available_ages = Vec::new();
    let mut offering = [0u32; 32];
    for m in records.mentors.iter().filter(|m| mine(m.office)) {
        if m.state == MentorState::Available && m.load < m.capacity {
            f.available_mentors += 1;
            available_ages.push((today - m.available_since.unwrap_or(m.registered)).num_days());
            for (i, slot) in offering.iter_mut().enumerate() {
                if m.sectors & (1 << i) != 0 {
                    *slot += 1;
                }
            }
        }
        if period.holds(m.registered) {
            for stage in f.mentor_funnel.iter_mut().take(mentor_stage(m)) {
                *stage += 1;
            }
        }
        if m.registered.year() == today.year() {
            f.mentors_this_year += 1;
        }
    }
    available_ages.sort_unstable();
    f.available_median_days = median(&available_ages);
    f.available_oldest_days = available_ages.last().copied();
    for (i, code) in crate::domain::reference::SECTORS.iter().enumerate() {
        if seeking[i] > 0 || offering[i] > 0 {
            f.supply_by_sector
                .push((code.to_string(), offering[i], seeking[i]));
        }
    }

    // Duos.
    let mut to_duo = Vec::new();
    let mut early: Vec<(String, u32)> = Vec::new();
    let six_months_ago = today.checked_sub_months(Months::new(6)).unwrap_or(today);
    // Per mentor: the duos' (created, ended) to tell who took another duo after one closed.
    // Per mentor: each duo's creation, its end once closed, and whether they said "another".
    #[allow(clippy::type_complexity)]
    let mut by_mentor: std::collections::HashMap<
        u32,
        Vec<(NaiveDate, Option<NaiveDate>, bool)>,
    > = std::collections::HashMap::new();
    for d in records.duos.iter().filter(|d| mine(d.office)) {
        if d.state.is_open() {
            f.open_duos += 1;
        }
        if matches!(d.state, DuoState::Active | DuoState::OnHold) {
            f.active_duos += 1;
        }
        if d.state == DuoState::Active {
            let since = d.last_meeting.or(d.started_on).unwrap_or(d.created);
            if (today - since).num_days() >= crate::domain::followup::QUIET_DAYS {
                f.quiet_duos += 1;
            }
        }
        // A draft is not a duo yet: days to a duo count to its proposal.
        let proposed = d
            .proposed_on
            .or((d.state != DuoState::Draft).then_some(d.created));
        if let Some(proposed) = proposed.filter(|p| period.holds(*p)) {
            if let Some(intake) = d.mentee_intake.filter(|i| *i <= proposed) {
                to_duo.push((proposed - intake).num_days());
            }
        }
        if let Some(start) = d
            .started_on
            .filter(|s| period.holds(*s) && *s <= six_months_ago)
        {
            f.reached_six_months.of += 1;
            let ended_before = d
                .ended_on
                .filter(|_| {
                    d.closed_as == Some(DuoState::EndedEarly) || d.state == DuoState::EndedEarly
                })
                .is_some_and(|e| e < start.checked_add_months(Months::new(6)).unwrap_or(e));
            if !ended_before {
                f.reached_six_months.n += 1;
            }
        }
        let ended_early =
            d.state == DuoState::EndedEarly || d.closed_as == Some(DuoState::EndedEarly);
        if ended_early && d.ended_on.is_some_and(|e| period.holds(e)) {
            let reason = d.end_reason.clone().unwrap_or_else(|| "other".into());
            match early.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, n)) => *n += 1,
                None => early.push((reason, 1)),
            }
        }
        let closed = matches!(
            d.closed_as,
            Some(DuoState::Completed | DuoState::EndedEarly)
        ) || matches!(d.state, DuoState::Completed | DuoState::EndedEarly);
        if d.started_on.is_some() || closed {
            let says_another = closed && d.mentor_next == Some(NextStep::Another);
            by_mentor.entry(d.mentor).or_default().push((
                d.created,
                if closed { d.ended_on } else { None },
                says_another,
            ));
        }
    }
    to_duo.sort_unstable();
    f.days_to_duo_median = median(&to_duo);
    f.days_to_duo_p90 = percentile(&to_duo, 90);
    f.days_to_duo_n = to_duo.len() as u32;
    early.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    f.early_ends = early;
    for duos in by_mentor.values() {
        let Some(first_end) = duos.iter().filter_map(|(_, e, _)| *e).min() else {
            continue;
        };
        f.repeat_mentors.of += 1;
        // A later duo, or their word on the phone that they want one (DESIGN: 82 % do).
        if duos
            .iter()
            .any(|(created, _, says)| *created >= first_end || *says)
        {
            f.repeat_mentors.n += 1;
        }
    }

    // Outcomes by cohort (the quarter the duo started) and moment.
    let mut cohorts: Vec<CohortOutcomes> = Vec::new();
    for o in records
        .outcomes
        .iter()
        .filter(|o| mine(o.office) && period.holds(o.duo_started))
    {
        let cohort = quarter(o.duo_started);
        let c = match cohorts
            .iter_mut()
            .position(|c| c.cohort == cohort && c.moment == o.moment)
        {
            Some(i) => &mut cohorts[i],
            None => {
                cohorts.push(CohortOutcomes {
                    cohort,
                    moment: o.moment,
                    ..Default::default()
                });
                cohorts.last_mut().expect("just pushed")
            }
        };
        c.recorded += 1;
        if o.situation == "not_reached" {
            continue;
        }
        c.reached += 1;
        if is_positive(&o.situation) {
            c.positive += 1;
        }
        match o.situation.as_str() {
            "job" => {
                c.job += 1;
                if o.stable == Some(true) {
                    c.stable_job += 1;
                }
            }
            "training" | "internship" => c.training_or_internship += 1,
            "still_searching" => c.still_searching += 1,
            _ => {}
        }
    }
    cohorts.sort_by(|a, b| {
        a.cohort
            .cmp(&b.cohort)
            .then_with(|| a.moment.as_str().cmp(b.moment.as_str()))
    });
    f.outcomes = cohorts;

    // The waiting list at the end of each week of the period, rebuilt from the records: a mentee
    // waited at day t if they joined the list by t and their next duo came after t.
    let mut joins: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    for m in records
        .mentees
        .iter()
        .filter(|m| mine(m.office) && m.state == MenteeState::Waiting)
    {
        joins.push((m.waiting_since.unwrap_or(m.registered), None));
    }
    for d in records.duos.iter().filter(|d| mine(d.office)) {
        if let Some(w) = d.mentee_waiting_since {
            joins.push((w, Some(d.created)));
        }
    }
    let mut day = period.from;
    let end = period.to.min(today);
    let mut guard = 0;
    while day <= end && guard < 60 {
        let mut ages: Vec<i64> = joins
            .iter()
            .filter(|(joined, left)| *joined <= day && left.is_none_or(|l| l > day))
            .map(|(joined, _)| (day - *joined).num_days())
            .collect();
        ages.sort_unstable();
        f.waiting_over_time.push(WaitingPoint {
            date: day.to_string(),
            waiting: ages.len() as u32,
            median_days: median(&ages),
        });
        day += chrono::Duration::days(7.max((end - period.from).num_days() / 26));
        guard += 1;
    }

    // Targets of the year.
    let targets: Vec<&(u8, u32, u32)> = records.targets.iter().filter(|t| mine(t.0)).collect();
    if !targets.is_empty() {
        f.mentee_target = Some(targets.iter().map(|t| t.1).sum());
        f.mentor_target = Some(targets.iter().map(|t| t.2).sum());
    }
    f.satisfaction = crate::domain::satisfaction::satisfaction(
        &records.evaluations,
        &records.in_touch,
        mine,
        period,
    );
    f
}

/// A count as headquarters may see it: the number, or "<5" for fewer than five people.
/// Written as the number or as the text `"<5"`, in the JSON and in the CSV alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Count(u32),
    Small,
}

/// How a hidden cell is written.
const SMALL_CELL_TEXT: &str = "<5";

impl Cell {
    pub fn of(n: u32, suppress: bool) -> Cell {
        if suppress && n < SMALL_CELL {
            Cell::Small
        } else {
            Cell::Count(n)
        }
    }

    /// The number, unless it is hidden.
    pub fn count(self) -> Option<u32> {
        match self {
            Cell::Count(n) => Some(n),
            Cell::Small => None,
        }
    }
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Count(n) => write!(f, "{n}"),
            Cell::Small => f.write_str(SMALL_CELL_TEXT),
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Count(n) => serializer.serialize_u32(*n),
            Cell::Small => serializer.serialize_str(SMALL_CELL_TEXT),
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Count(u32),
            Text(String),
        }
        match Written::deserialize(deserializer)? {
            Written::Count(n) => Ok(Cell::Count(n)),
            Written::Text(t) if t == SMALL_CELL_TEXT => Ok(Cell::Small),
            Written::Text(t) => Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&t),
                &"a count or \"<5\"",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::Moment;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn mentee(
        office: u8,
        state: MenteeState,
        registered: NaiveDate,
        waiting: Option<NaiveDate>,
        sectors: u32,
    ) -> MenteeRow {
        MenteeRow {
            office,
            state,
            registered,
            waiting_since: waiting,
            sectors,
        }
    }

    fn mentor(office: u8, state: MentorState, load: u32, had_duo: bool, sectors: u32) -> MentorRow {
        MentorRow {
            office,
            state,
            registered: d(2026, 2, 1),
            available_since: Some(d(2026, 11, 19)),
            load,
            capacity: 1,
            sectors,
            had_duo,
        }
    }

    fn duo(office: u8, mentor: u32, state: DuoState, created: NaiveDate) -> DuoRow {
        DuoRow {
            office,
            mentor,
            state,
            created,
            started_on: None,
            ended_on: None,
            closed_as: None,
            end_reason: None,
            last_meeting: None,
            mentee_waiting_since: None,
            mentee_intake: None,
            mentor_next: None,
            proposed_on: None,
        }
    }

    /// A small programme whose every figure is worked out by hand below.
    fn records() -> Records {
        use MenteeState as S;
        let f = 1 << 5; // NACE F
        let q = 1 << 16; // NACE Q
        let mentees = vec![
            // Waiting since 10, 20 and 40 days (seeking F, F and Q).
            mentee(0, S::Waiting, d(2026, 9, 1), Some(d(2026, 11, 19)), f),
            mentee(0, S::Waiting, d(2026, 9, 1), Some(d(2026, 11, 9)), f),
            mentee(0, S::Waiting, d(2026, 9, 1), Some(d(2026, 10, 20)), q),
            mentee(0, S::Registered, d(2026, 10, 1), None, 0),
            mentee(0, S::Ineligible, d(2026, 10, 1), None, 0),
            mentee(0, S::Eligible, d(2026, 10, 1), None, 0),
            mentee(0, S::InDuo, d(2026, 3, 1), None, 0),
            mentee(0, S::DuoEnded, d(2025, 6, 1), None, 0),
            // Another office: never counted for office 0.
            mentee(1, S::Waiting, d(2026, 9, 1), Some(d(2026, 1, 1)), f),
        ];
        let mentors = vec![
            mentor(0, MentorState::Available, 0, false, f),
            mentor(0, MentorState::Available, 0, true, f | q),
            mentor(0, MentorState::InDuo, 1, true, f),
            mentor(0, MentorState::InTraining, 0, false, 0),
            mentor(0, MentorState::Registered, 0, false, 0),
        ];
        let mut duos = vec![
            // Active, started 2026-03-01, last meeting 20 days ago: quiet; ran six months.
            DuoRow {
                started_on: Some(d(2026, 3, 1)),
                last_meeting: Some(d(2026, 11, 9)),
                mentee_waiting_since: Some(d(2026, 2, 1)),
                mentee_intake: Some(d(2026, 2, 1)),
                ..duo(0, 7, DuoState::Active, d(2026, 2, 11))
            },
            // On hold, started 2026-04-01.
            DuoRow {
                started_on: Some(d(2026, 4, 1)),
                mentee_waiting_since: Some(d(2026, 3, 1)),
                mentee_intake: Some(d(2026, 3, 1)),
                ..duo(0, 8, DuoState::OnHold, d(2026, 3, 31))
            },
            // Proposed: open, not active; waited 5 days.
            DuoRow {
                mentee_waiting_since: Some(d(2026, 11, 20)),
                mentee_intake: Some(d(2026, 11, 20)),
                ..duo(0, 9, DuoState::Proposed, d(2026, 11, 25))
            },
            // Started 2026-01-10, ended early after two months (found a job): did not reach six months.
            DuoRow {
                started_on: Some(d(2026, 1, 10)),
                ended_on: Some(d(2026, 3, 10)),
                closed_as: Some(DuoState::EndedEarly),
                end_reason: Some("found_job".into()),
                mentee_waiting_since: Some(d(2025, 12, 1)),
                mentee_intake: Some(d(2025, 12, 1)),
                ..duo(0, 8, DuoState::EndedEarly, d(2026, 1, 2))
            },
            // The same mentor (8) took the on-hold duo after that one ended: a repeat mentor.
        ];
        duos.push(DuoRow {
            office: 1,
            ..duos[0].clone()
        });
        let outcomes = vec![
            OutcomeRow {
                office: 0,
                duo_started: d(2026, 1, 10),
                moment: Moment::End,
                situation: "job".into(),
                stable: Some(true),
            },
            OutcomeRow {
                office: 0,
                duo_started: d(2026, 1, 10),
                moment: Moment::SixMonths,
                situation: "job".into(),
                stable: Some(false),
            },
            OutcomeRow {
                office: 0,
                duo_started: d(2026, 3, 1),
                moment: Moment::SixMonths,
                situation: "training".into(),
                stable: None,
            },
            OutcomeRow {
                office: 0,
                duo_started: d(2026, 2, 20),
                moment: Moment::SixMonths,
                situation: "not_reached".into(),
                stable: None,
            },
            OutcomeRow {
                office: 0,
                duo_started: d(2026, 4, 1),
                moment: Moment::SixMonths,
                situation: "still_searching".into(),
                stable: None,
            },
        ];
        Records {
            mentees,
            mentors,
            duos,
            outcomes,
            targets: vec![(0, 200, 150), (1, 100, 80)],
            ..Records::default()
        }
    }

    fn year_2026() -> Period {
        Period {
            from: d(2026, 1, 1),
            to: d(2026, 12, 31),
        }
    }

    #[test]
    fn every_figure_matches_the_hand_count() {
        let today = d(2026, 11, 29);
        let f = figures(&records(), &[0], year_2026(), today);
        // Waiting: three mentees, 10, 20 and 40 days.
        assert_eq!(f.waiting_mentees, 3);
        assert_eq!(
            (f.waiting_median_days, f.waiting_oldest_days),
            (Some(20), Some(40))
        );
        // Available with room: two mentors, both available for 10 days.
        assert_eq!(f.available_mentors, 2);
        assert_eq!(
            (f.available_median_days, f.available_oldest_days),
            (Some(10), Some(10))
        );
        // Supply: F sought by 2, offered by 2; Q sought by 1, offered by 1.
        assert_eq!(
            f.supply_by_sector,
            vec![("F".to_string(), 2, 2), ("Q".to_string(), 1, 1)]
        );
        // Duos: proposed + active + on hold are open; active + on hold are active; one is quiet.
        assert_eq!((f.open_duos, f.active_duos, f.quiet_duos), (3, 2, 1));
        // Funnel of the 7 mentees registered in 2026: all registered; intake: all but the
        // registered one (6); eligible: 3 waiting + eligible + in duo = 5; waiting: 4; matched: 1.
        assert_eq!(f.mentee_funnel, [7, 6, 5, 4, 1]);
        // Mentors registered in 2026 (all five): accepted 4, trained 3, available 3, in a duo 2.
        assert_eq!(f.mentor_funnel, [5, 4, 3, 3, 2]);
        // Days from intake to a proposed duo (in 2026): 10, 30, 5, 32 → median 10, p90 32.
        assert_eq!(
            (f.days_to_duo_median, f.days_to_duo_p90, f.days_to_duo_n),
            (Some(10), Some(32), 4)
        );
        // Six months: duos started in 2026 by 2026-05-29: March (ran), April (on hold, ran),
        // January (ended early in March: did not).
        assert_eq!(f.reached_six_months, Share { n: 2, of: 3 });
        assert_eq!(f.early_ends, vec![("found_job".to_string(), 1)]);
        // Mentor 8 closed a duo in March and took another created March 31.
        assert_eq!(f.repeat_mentors, Share { n: 1, of: 1 });
        // Outcomes: 2026-Q1 at 6 months: job (not stable), training, not reached → 3 recorded,
        // 2 reached, 2 positive; Q2: still searching.
        let q1 = f
            .outcomes
            .iter()
            .find(|c| c.cohort == "2026-Q1" && c.moment == Moment::SixMonths)
            .unwrap();
        assert_eq!(
            (
                q1.recorded,
                q1.reached,
                q1.positive,
                q1.job,
                q1.stable_job,
                q1.training_or_internship
            ),
            (3, 2, 2, 1, 0, 1)
        );
        let q1_end = f
            .outcomes
            .iter()
            .find(|c| c.cohort == "2026-Q1" && c.moment == Moment::End)
            .unwrap();
        assert_eq!((q1_end.job, q1_end.stable_job), (1, 1));
        let q2 = f.outcomes.iter().find(|c| c.cohort == "2026-Q2").unwrap();
        assert_eq!((q2.recorded, q2.still_searching, q2.positive), (1, 1, 0));
        // This year and the target.
        assert_eq!((f.mentees_this_year, f.mentors_this_year), (7, 5));
        assert_eq!((f.mentee_target, f.mentor_target), (Some(200), Some(150)));
    }

    #[test]
    fn offices_add_up_and_stay_apart() {
        let today = d(2026, 11, 29);
        let both = figures(&records(), &[0, 1], year_2026(), today);
        let one = figures(&records(), &[1], year_2026(), today);
        assert_eq!(both.waiting_mentees, 4);
        assert_eq!(one.waiting_mentees, 1);
        assert_eq!(one.waiting_oldest_days, Some(332));
        assert_eq!(both.active_duos, 3);
        assert_eq!(both.mentee_target, Some(300));
        let none = figures(&records(), &[2], year_2026(), today);
        assert_eq!(
            none,
            Figures {
                waiting_over_time: none.waiting_over_time.clone(),
                ..Figures::default()
            }
        );
    }

    #[test]
    fn the_waiting_list_is_rebuilt_over_time() {
        let f = figures(
            &records(),
            &[0],
            Period {
                from: d(2026, 11, 1),
                to: d(2026, 11, 29),
            },
            d(2026, 11, 29),
        );
        let first = &f.waiting_over_time[0];
        // On 1 November: only the mentee waiting since 20 October (12 days).
        assert_eq!(
            (first.date.as_str(), first.waiting, first.median_days),
            ("2026-11-01", 1, Some(12))
        );
        let last = f.waiting_over_time.last().unwrap();
        assert_eq!(last.date, "2026-11-29");
        // On 29 November: the three waiting now (the one proposed on 25 November left).
        assert_eq!(last.waiting, 3);
    }

    #[test]
    fn small_cells_are_hidden_from_headquarters() {
        assert_eq!(Cell::of(4, true), Cell::Small);
        assert_eq!(Cell::of(0, true), Cell::Small);
        assert_eq!(Cell::of(5, true), Cell::Count(5));
        assert_eq!(Cell::of(3, false), Cell::Count(3));
        assert_eq!(serde_json::json!(Cell::Small), serde_json::json!("<5"));
        assert_eq!(serde_json::json!(Cell::Count(12)), serde_json::json!(12));
        for cell in [Cell::Small, Cell::Count(0), Cell::Count(12)] {
            let text = serde_json::to_string(&cell).unwrap();
            assert_eq!(serde_json::from_str::<Cell>(&text).unwrap(), cell);
        }
        assert!(serde_json::from_str::<Cell>("\"<6\"").is_err());
        assert_eq!(
            (Cell::Small.to_string(), Cell::Count(7).to_string()),
            ("<5".into(), "7".into())
        );
        assert_eq!(Share { n: 3, of: 4 }.percent(), Some(75.0));
        assert_eq!(percentile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), Some(9));
        assert_eq!(median(&[3, 5, 9, 11]), Some(5));
    }
}
