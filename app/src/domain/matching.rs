//! The matching model of DESIGN §5: hard filters, then a score out of 100 from weighted
//! criteria, each with the facts that explain it. Pure and allocation-light, so the browser can
//! score every mentor while a card is dragged and the server can score whole offices for a slate.
//!
//! Ethnic origin, nationality and birthplace are not inputs: nothing here could use them.
use crate::domain::reference::{LANGUAGES, SECTORS};
use serde::{Deserialize, Serialize};

/// Support a mentee may need and a mentor may offer (the same vocabulary on both sides).
pub const SUPPORT: [&str; 8] = [
    "cv",
    "interview",
    "network",
    "orientation",
    "language",
    "digital",
    "confidence",
    "admin",
];

/// Genders a person may record, and wish for in the other person.
pub const GENDERS: [&str; 3] = ["female", "male", "x"];

/// Weekly availability: 7 days × morning, afternoon, evening, as bits `day * 3 + part`.
pub const DAYS: usize = 7;
pub const PARTS: usize = 3;
pub const ALL_SLOTS: u32 = (1 << (DAYS * PARTS)) - 1;

/// Days of waiting after which a mentee gets every point of the waiting criterion.
pub const WAITING_FULL_DAYS: i64 = 90;

/// What the intake records for matching, beyond sectors and languages. One shape for both sides;
/// each field says whose it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Profile {
    /// Mentee: has a career plan (knows the sector sought). Without one, a generalist fits best.
    pub career_plan: bool,
    /// Mentor: glad to guide a mentee who is still choosing a direction.
    pub generalist: bool,
    /// Mentor: years of professional experience.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years_experience: Option<u32>,
    /// Mentee: support needed; mentor: support they are strong at (codes of [`SUPPORT`]).
    pub support: Vec<String>,
    /// Weekly slots the person can meet (bits of `day * 3 + part`); 0 when not recorded.
    pub availability: u32,
    /// Belgian postcode of where the person lives or prefers to meet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Accepts meeting online.
    pub online: bool,
    /// Gender, only if the person chose to say it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Asked for a partner of this gender (the only way gender enters matching).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender_wish: Option<String>,
}

/// Weights of the criteria; the score is the weighted share of the points, out of 100.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Weights {
    pub sector: u32,
    pub support: u32,
    pub availability: u32,
    pub distance: u32,
    pub languages: u32,
    pub waiting: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            sector: 35,
            support: 20,
            availability: 20,
            distance: 10,
            languages: 5,
            waiting: 10,
        }
    }
}

/// The largest weight an office may give one criterion.
pub const MAX_WEIGHT: u32 = 100;

impl Weights {
    pub fn of(&self, criterion: Criterion) -> u32 {
        match criterion {
            Criterion::Sector => self.sector,
            Criterion::Support => self.support,
            Criterion::Availability => self.availability,
            Criterion::Distance => self.distance,
            Criterion::Languages => self.languages,
            Criterion::Waiting => self.waiting,
        }
    }

    pub fn set(&mut self, criterion: Criterion, weight: u32) {
        let slot = match criterion {
            Criterion::Sector => &mut self.sector,
            Criterion::Support => &mut self.support,
            Criterion::Availability => &mut self.availability,
            Criterion::Distance => &mut self.distance,
            Criterion::Languages => &mut self.languages,
            Criterion::Waiting => &mut self.waiting,
        };
        *slot = weight;
    }

    pub fn total(&self) -> u32 {
        Criterion::ALL.iter().map(|c| self.of(*c)).sum()
    }

    /// Each weight at most [`MAX_WEIGHT`], and at least one above zero.
    pub fn is_valid(&self) -> bool {
        Criterion::ALL.iter().all(|c| self.of(*c) <= MAX_WEIGHT) && self.total() > 0
    }
}

/// The weighted criteria, in the order they are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Sector,
    Support,
    Availability,
    Distance,
    Languages,
    Waiting,
}

impl Criterion {
    pub const ALL: [Criterion; 6] = [
        Criterion::Sector,
        Criterion::Support,
        Criterion::Availability,
        Criterion::Distance,
        Criterion::Languages,
        Criterion::Waiting,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Criterion::Sector => "sector",
            Criterion::Support => "support",
            Criterion::Availability => "availability",
            Criterion::Distance => "distance",
            Criterion::Languages => "languages",
            Criterion::Waiting => "waiting",
        }
    }
}

/// Why a mentor cannot be proposed to a mentee at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    OtherOffice,
    NoSharedLanguage,
    /// Not (yet) trained and available.
    NotAvailable,
    NoCapacity,
    /// The two were paired before and it did not work (declined or ended early).
    FailedBefore,
    /// The mentee asked for a mentor of another gender.
    MenteeGenderWish,
    /// The mentor asked for a mentee of another gender.
    MentorGenderWish,
}

impl Exclusion {
    pub fn as_str(self) -> &'static str {
        match self {
            Exclusion::OtherOffice => "other_office",
            Exclusion::NoSharedLanguage => "no_shared_language",
            Exclusion::NotAvailable => "not_available",
            Exclusion::NoCapacity => "no_capacity",
            Exclusion::FailedBefore => "failed_before",
            Exclusion::MenteeGenderWish => "mentee_gender_wish",
            Exclusion::MentorGenderWish => "mentor_gender_wish",
        }
    }
}

/// The facts behind one criterion's points, for the words shown beside them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The mentor worked in a sector the mentee seeks.
    SharedSector {
        sector: String,
        years: Option<u32>,
    },
    /// A generalist mentor for a mentee still choosing a direction.
    GeneralistForOpenMentee,
    /// A generalist mentor, though the mentee seeks a sector the mentor did not work in.
    GeneralistOtherSector,
    /// A specialist mentor for a mentee without a career plan.
    SpecialistForOpenMentee,
    /// The mentor worked in none of the sectors sought.
    OtherSector,
    NoSupportNeeds,
    Support {
        met: Vec<String>,
        missing: Vec<String>,
    },
    CommonSlots {
        slots: u32,
    },
    NoCommonSlot,
    AvailabilityUnknown,
    SamePostcode {
        postcode: String,
    },
    SameArea {
        area: String,
    },
    SameRegion,
    OnlineBoth,
    FarApart,
    LocationUnknown,
    /// Every language both speak (at least one, by the hard filter).
    SharedLanguages {
        languages: Vec<String>,
    },
    Waiting {
        days: i64,
    },
}

/// One criterion's share of the score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionScore {
    pub criterion: Criterion,
    pub points: u32,
    pub max: u32,
    pub reason: Reason,
}

/// A scored pairing: the score out of 100 and its breakdown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub score: u32,
    pub criteria: Vec<CriterionScore>,
}

/// The side of a mentee that matching reads.
#[derive(Clone, Debug)]
pub struct MenteeSide<'a> {
    pub office: &'a str,
    pub languages: &'a [String],
    pub sectors: &'a [String],
    pub days_waiting: i64,
    pub profile: &'a Profile,
}

/// The side of a mentor that matching reads.
#[derive(Clone, Debug)]
pub struct MentorSide<'a> {
    pub office: &'a str,
    pub languages: &'a [String],
    pub sectors: &'a [String],
    /// Trained and in the `available` state.
    pub available: bool,
    pub load: u32,
    pub capacity: u32,
    pub profile: &'a Profile,
}

/// A compact copy of one person's matching facts (bit sets instead of code lists), so that a
/// whole office's slate scores millions of pairs without touching a string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Traits {
    office: u8,
    languages: u32,
    sectors: u32,
    support: u8,
    availability: u32,
    /// The postcode as a number (0 when unknown).
    postcode: u16,
    online: bool,
    gender: u8,
    gender_wish: u8,
    career_plan: bool,
    generalist: bool,
    years: Option<u32>,
    days_waiting: i64,
    /// Mentors: trained, available and with room for a duo.
    free: bool,
    available: bool,
}

fn bits_of(codes: &[String], vocabulary: &[&str]) -> u32 {
    codes
        .iter()
        .filter_map(|c| vocabulary.iter().position(|v| v == c))
        .fold(0, |bits, i| bits | (1 << i))
}

fn codes_of(bits: u32, vocabulary: &[&str]) -> Vec<String> {
    vocabulary
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, c)| c.to_string())
        .collect()
}

fn office_code(office: &str) -> u8 {
    crate::domain::reference::OFFICES
        .iter()
        .position(|o| *o == office)
        .map_or(u8::MAX, |i| i as u8 + 1)
}

fn gender_code(gender: Option<&String>) -> u8 {
    gender
        .and_then(|g| GENDERS.iter().position(|v| v == g))
        .map_or(0, |i| i as u8 + 1)
}

/// A Belgian postcode (1000–9999), or `None`.
pub fn parse_postcode(text: &str) -> Option<u16> {
    let text = text.trim();
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| (1000..=9999).contains(n))
}

fn common_traits(
    office: &str,
    languages: &[String],
    sectors: &[String],
    profile: &Profile,
) -> Traits {
    Traits {
        office: office_code(office),
        languages: bits_of(languages, &LANGUAGES),
        sectors: bits_of(sectors, &SECTORS),
        support: bits_of(&profile.support, &SUPPORT) as u8,
        availability: profile.availability & ALL_SLOTS,
        postcode: profile
            .postcode
            .as_deref()
            .and_then(parse_postcode)
            .unwrap_or(0),
        online: profile.online,
        gender: gender_code(profile.gender.as_ref()),
        gender_wish: gender_code(profile.gender_wish.as_ref()),
        career_plan: profile.career_plan,
        generalist: profile.generalist,
        years: profile.years_experience,
        ..Traits::default()
    }
}

impl Traits {
    pub fn of_mentee(m: &MenteeSide) -> Traits {
        Traits {
            days_waiting: m.days_waiting.max(0),
            ..common_traits(m.office, m.languages, m.sectors, m.profile)
        }
    }

    pub fn of_mentor(m: &MentorSide) -> Traits {
        Traits {
            available: m.available,
            free: m.available && m.load < m.capacity,
            ..common_traits(m.office, m.languages, m.sectors, m.profile)
        }
    }

    /// A mentee "has a plan" when they said so and named at least one sector.
    fn has_plan(&self) -> bool {
        self.career_plan && self.sectors != 0
    }
}

/// Every hard filter the pair fails (empty: they may be paired). `failed_before` says whether
/// these two were paired before without success.
pub fn exclusions(mentee: &Traits, mentor: &Traits, failed_before: bool) -> Vec<Exclusion> {
    let mut out = Vec::new();
    if mentee.office != mentor.office {
        out.push(Exclusion::OtherOffice);
    }
    if mentee.languages & mentor.languages == 0 {
        out.push(Exclusion::NoSharedLanguage);
    }
    if !mentor.available {
        out.push(Exclusion::NotAvailable);
    } else if !mentor.free {
        out.push(Exclusion::NoCapacity);
    }
    if failed_before {
        out.push(Exclusion::FailedBefore);
    }
    if mentee.gender_wish != 0 && mentee.gender_wish != mentor.gender {
        out.push(Exclusion::MenteeGenderWish);
    }
    if mentor.gender_wish != 0 && mentor.gender_wish != mentee.gender {
        out.push(Exclusion::MentorGenderWish);
    }
    out
}

/// Whether the pair passes every hard filter (the fast path of [`exclusions`]).
pub fn allowed(mentee: &Traits, mentor: &Traits, failed_before: bool) -> bool {
    mentee.office == mentor.office
        && mentee.languages & mentor.languages != 0
        && mentor.free
        && !failed_before
        && (mentee.gender_wish == 0 || mentee.gender_wish == mentor.gender)
        && (mentor.gender_wish == 0 || mentor.gender_wish == mentee.gender)
}

/// How one criterion is met, as plain numbers: cheap to compute for millions of pairs (the
/// slate), and turned into a [`Reason`] only when someone reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    /// The mentor worked in a sector the mentee seeks (`planned`: the mentee has a plan).
    SharedSector {
        sector: usize,
        years: Option<u32>,
        planned: bool,
    },
    GeneralistForOpenMentee,
    GeneralistOtherSector,
    SpecialistForOpenMentee,
    OtherSector,
    /// Bits of [`SUPPORT`]: what the mentee needs and what of it the mentor offers.
    Support {
        needs: u32,
        met: u32,
    },
    Slots(u32),
    SlotsUnknown,
    SamePostcode(u16),
    /// Postcodes of the same hundred (`area` is the postcode divided by 100).
    SameArea(u16),
    SameRegion,
    OnlineBoth,
    FarApart,
    LocationUnknown,
    /// Bits of [`LANGUAGES`] both speak.
    Languages(u32),
    Waiting(i64),
}

impl Fit {
    /// The share of the criterion's weight earned, as `(numerator, denominator)`.
    fn fraction(self) -> (u32, u32) {
        match self {
            Fit::SharedSector { planned: true, .. } => (1, 1),
            // A mentee without a firm plan who leans towards the mentor's sector.
            Fit::SharedSector { planned: false, .. } => (7, 10),
            Fit::GeneralistForOpenMentee => (1, 1),
            Fit::GeneralistOtherSector => (2, 5),
            Fit::SpecialistForOpenMentee => (3, 10),
            Fit::OtherSector => (0, 1),
            Fit::Support { needs: 0, .. } => (1, 1),
            Fit::Support { needs, met } => (met.count_ones(), needs.count_ones()),
            // Two hours a week fit in one slot; three common slots leave room to reschedule.
            Fit::Slots(0) => (0, 1),
            Fit::Slots(n) => (n.min(3), 3),
            Fit::SlotsUnknown => (1, 2),
            Fit::SamePostcode(_) => (1, 1),
            Fit::SameArea(_) => (4, 5),
            Fit::SameRegion => (1, 2),
            Fit::OnlineBoth => (7, 10),
            Fit::FarApart => (0, 1),
            Fit::LocationUnknown => (1, 2),
            Fit::Languages(shared) => (shared.count_ones().saturating_sub(1).min(1), 1),
            Fit::Waiting(days) => (
                days.clamp(0, WAITING_FULL_DAYS) as u32,
                WAITING_FULL_DAYS as u32,
            ),
        }
    }

    fn reason(self) -> Reason {
        match self {
            Fit::SharedSector { sector, years, .. } => Reason::SharedSector {
                sector: SECTORS[sector].to_string(),
                years,
            },
            Fit::GeneralistForOpenMentee => Reason::GeneralistForOpenMentee,
            Fit::GeneralistOtherSector => Reason::GeneralistOtherSector,
            Fit::SpecialistForOpenMentee => Reason::SpecialistForOpenMentee,
            Fit::OtherSector => Reason::OtherSector,
            Fit::Support { needs: 0, .. } => Reason::NoSupportNeeds,
            Fit::Support { needs, met } => Reason::Support {
                met: codes_of(met, &SUPPORT),
                missing: codes_of(needs & !met, &SUPPORT),
            },
            Fit::Slots(0) => Reason::NoCommonSlot,
            Fit::Slots(slots) => Reason::CommonSlots { slots },
            Fit::SlotsUnknown => Reason::AvailabilityUnknown,
            Fit::SamePostcode(code) => Reason::SamePostcode {
                postcode: code.to_string(),
            },
            Fit::SameArea(area) => Reason::SameArea {
                area: format!("{area}xx"),
            },
            Fit::SameRegion => Reason::SameRegion,
            Fit::OnlineBoth => Reason::OnlineBoth,
            Fit::FarApart => Reason::FarApart,
            Fit::LocationUnknown => Reason::LocationUnknown,
            Fit::Languages(shared) => Reason::SharedLanguages {
                languages: codes_of(shared, &LANGUAGES),
            },
            Fit::Waiting(days) => Reason::Waiting { days },
        }
    }
}

fn sector_fit(mentee: &Traits, mentor: &Traits) -> Fit {
    let shared = mentee.sectors & mentor.sectors;
    let sector = shared.trailing_zeros() as usize;
    let planned = mentee.has_plan();
    match (planned, shared != 0, mentor.generalist) {
        (true, true, _) => Fit::SharedSector {
            sector,
            years: mentor.years,
            planned,
        },
        (true, false, true) => Fit::GeneralistOtherSector,
        (true, false, false) => Fit::OtherSector,
        (false, _, true) => Fit::GeneralistForOpenMentee,
        (false, true, false) => Fit::SharedSector {
            sector,
            years: mentor.years,
            planned,
        },
        (false, false, false) => Fit::SpecialistForOpenMentee,
    }
}

fn availability_fit(mentee: &Traits, mentor: &Traits) -> Fit {
    if mentee.availability == 0 || mentor.availability == 0 {
        Fit::SlotsUnknown
    } else {
        Fit::Slots((mentee.availability & mentor.availability).count_ones())
    }
}

fn distance_fit(mentee: &Traits, mentor: &Traits) -> Fit {
    let (a, b) = (mentee.postcode, mentor.postcode);
    let near = if a == 0 || b == 0 {
        None
    } else if a == b {
        Some(Fit::SamePostcode(a))
    } else if a / 100 == b / 100 {
        Some(Fit::SameArea(a / 100))
    } else if a / 1000 == b / 1000 {
        Some(Fit::SameRegion)
    } else {
        None
    };
    let online = mentee.online && mentor.online;
    match near {
        // Meeting online never lowers what nearness already gives.
        Some(fit) if !online || fit.fraction().0 * 10 >= fit.fraction().1 * 7 => fit,
        _ if online => Fit::OnlineBoth,
        _ if a == 0 || b == 0 => Fit::LocationUnknown,
        _ => Fit::FarApart,
    }
}

fn fits(mentee: &Traits, mentor: &Traits) -> [(Criterion, Fit); 6] {
    let needs = u32::from(mentee.support);
    [
        (Criterion::Sector, sector_fit(mentee, mentor)),
        (
            Criterion::Support,
            Fit::Support {
                needs,
                met: needs & u32::from(mentor.support),
            },
        ),
        (Criterion::Availability, availability_fit(mentee, mentor)),
        (Criterion::Distance, distance_fit(mentee, mentor)),
        (
            Criterion::Languages,
            Fit::Languages(mentee.languages & mentor.languages),
        ),
        (Criterion::Waiting, Fit::Waiting(mentee.days_waiting)),
    ]
}

/// Points of a criterion: its weight times its fulfilment, rounded half up.
fn points(weight: u32, fit: Fit) -> u32 {
    let (num, den) = fit.fraction();
    (2 * weight * num + den) / (2 * den)
}

/// The score out of 100 and its breakdown. Call only for pairs that pass the hard filters.
pub fn score(mentee: &Traits, mentor: &Traits, weights: &Weights) -> Score {
    let criteria: Vec<CriterionScore> = fits(mentee, mentor)
        .into_iter()
        .map(|(criterion, fit)| {
            let max = weights.of(criterion);
            CriterionScore {
                criterion,
                points: points(max, fit),
                max,
                reason: fit.reason(),
            }
        })
        .collect();
    let total: u32 = criteria.iter().map(|c| c.points).sum();
    Score {
        score: out_of_100(total, weights.total()),
        criteria,
    }
}

fn out_of_100(points: u32, max: u32) -> u32 {
    if max == 0 {
        0
    } else {
        (200 * points + max) / (2 * max)
    }
}

/// The score alone, without allocating (what the slate optimises); equal to `score(..).score`.
pub fn score_value(mentee: &Traits, mentor: &Traits, weights: &Weights) -> u32 {
    let total: u32 = fits(mentee, mentor)
        .iter()
        .map(|(c, fit)| points(weights.of(*c), *fit))
        .sum();
    out_of_100(total, weights.total())
}

/// The outcome of matching one pair: excluded with reasons, or scored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Excluded { reasons: Vec<Exclusion> },
    Scored(Score),
}

pub fn judge(mentee: &Traits, mentor: &Traits, failed_before: bool, weights: &Weights) -> Verdict {
    let reasons = exclusions(mentee, mentor, failed_before);
    if reasons.is_empty() {
        Verdict::Scored(score(mentee, mentor, weights))
    } else {
        Verdict::Excluded { reasons }
    }
}

/// Validates a profile as the intake form sends it.
pub fn check_profile(profile: &Profile) -> Result<Profile, crate::error::AppError> {
    use crate::error::{AppError, Invalid};
    let mut p = profile.clone();
    let mut support = Vec::new();
    for code in &p.support {
        if !SUPPORT.contains(&code.as_str()) {
            return Err(AppError::invalid("support", Invalid::Unknown));
        }
        if !support.contains(code) {
            support.push(code.clone());
        }
    }
    p.support = support;
    if p.availability & !ALL_SLOTS != 0 {
        return Err(AppError::invalid("availability", Invalid::OutOfRange));
    }
    p.postcode = match p
        .postcode
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(text) => match parse_postcode(text) {
            Some(code) => Some(code.to_string()),
            None => return Err(AppError::invalid("postcode", Invalid::Malformed)),
        },
    };
    for (field, value) in [
        ("gender", &mut p.gender),
        ("gender_wish", &mut p.gender_wish),
    ] {
        *value = value.take().filter(|g| !g.is_empty());
        if value.as_deref().is_some_and(|g| !GENDERS.contains(&g)) {
            return Err(AppError::invalid(field, Invalid::Unknown));
        }
    }
    if p.years_experience.is_some_and(|y| y > 70) {
        return Err(AppError::invalid("years_experience", Invalid::OutOfRange));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    struct Person {
        office: &'static str,
        languages: Vec<String>,
        sectors: Vec<String>,
        profile: Profile,
    }

    fn person(languages: &[&str], sectors: &[&str]) -> Person {
        Person {
            office: "ghent",
            languages: s(languages),
            sectors: s(sectors),
            profile: Profile::default(),
        }
    }

    fn mentee(p: &Person, days: i64) -> Traits {
        Traits::of_mentee(&MenteeSide {
            office: p.office,
            languages: &p.languages,
            sectors: &p.sectors,
            days_waiting: days,
            profile: &p.profile,
        })
    }

    fn mentor(p: &Person) -> Traits {
        Traits::of_mentor(&MentorSide {
            office: p.office,
            languages: &p.languages,
            sectors: &p.sectors,
            available: true,
            load: 0,
            capacity: 1,
            profile: &p.profile,
        })
    }

    fn criterion(score: &Score, c: Criterion) -> &CriterionScore {
        score.criteria.iter().find(|x| x.criterion == c).unwrap()
    }

    fn planned(sectors: &[&str]) -> Person {
        let mut p = person(&["nl"], sectors);
        p.profile.career_plan = true;
        p
    }

    #[test]
    fn hard_filters_each_exclude_on_their_own() {
        let me = person(&["nl", "ar"], &["F"]);
        let mo = person(&["nl"], &["F"]);
        let w = Weights::default();
        assert!(exclusions(&mentee(&me, 3), &mentor(&mo), false).is_empty());
        assert!(matches!(
            judge(&mentee(&me, 3), &mentor(&mo), false, &w),
            Verdict::Scored(_)
        ));

        let mut other = person(&["nl"], &["F"]);
        other.office = "liege";
        assert_eq!(
            exclusions(&mentee(&me, 3), &mentor(&other), false),
            vec![Exclusion::OtherOffice]
        );

        let french = person(&["fr"], &["F"]);
        assert_eq!(
            exclusions(&mentee(&me, 3), &mentor(&french), false),
            vec![Exclusion::NoSharedLanguage]
        );

        let busy = Traits::of_mentor(&MentorSide {
            office: "ghent",
            languages: &mo.languages,
            sectors: &mo.sectors,
            available: true,
            load: 1,
            capacity: 1,
            profile: &mo.profile,
        });
        assert_eq!(
            exclusions(&mentee(&me, 3), &busy, false),
            vec![Exclusion::NoCapacity]
        );
        let untrained = Traits::of_mentor(&MentorSide {
            office: "ghent",
            languages: &mo.languages,
            sectors: &mo.sectors,
            available: false,
            load: 0,
            capacity: 1,
            profile: &mo.profile,
        });
        assert_eq!(
            exclusions(&mentee(&me, 3), &untrained, false),
            vec![Exclusion::NotAvailable]
        );
        assert!(!allowed(&mentee(&me, 3), &untrained, false));

        assert_eq!(
            exclusions(&mentee(&me, 3), &mentor(&mo), true),
            vec![Exclusion::FailedBefore]
        );
        assert!(!allowed(&mentee(&me, 3), &mentor(&mo), true));
    }

    #[test]
    fn gender_counts_only_when_someone_asked() {
        let mut me = person(&["nl"], &[]);
        let mut mo = person(&["nl"], &[]);
        me.profile.gender = Some("female".into());
        mo.profile.gender = Some("male".into());
        assert!(
            allowed(&mentee(&me, 0), &mentor(&mo), false),
            "no wish, no filter"
        );
        me.profile.gender_wish = Some("female".into());
        assert_eq!(
            exclusions(&mentee(&me, 0), &mentor(&mo), false),
            vec![Exclusion::MenteeGenderWish]
        );
        mo.profile.gender = Some("female".into());
        assert!(allowed(&mentee(&me, 0), &mentor(&mo), false));
        mo.profile.gender_wish = Some("male".into());
        assert_eq!(
            exclusions(&mentee(&me, 0), &mentor(&mo), false),
            vec![Exclusion::MentorGenderWish]
        );
        // A wish cannot be met by someone who did not record a gender.
        let mut unknown = person(&["nl"], &[]);
        unknown.profile.gender = None;
        assert!(!allowed(&mentee(&me, 0), &mentor(&unknown), false));
    }

    #[test]
    fn sector_fit_rewards_the_sector_sought_and_generalists_for_open_mentees() {
        let w = Weights::default();
        let mut builder = person(&["nl"], &["F"]);
        builder.profile.years_experience = Some(20);
        let s1 = score(&mentee(&planned(&["F"]), 0), &mentor(&builder), &w);
        let c = criterion(&s1, Criterion::Sector);
        assert_eq!((c.points, c.max), (35, 35));
        assert_eq!(
            c.reason,
            Reason::SharedSector {
                sector: "F".into(),
                years: Some(20)
            }
        );

        let s2 = score(&mentee(&planned(&["Q"]), 0), &mentor(&builder), &w);
        assert_eq!(criterion(&s2, Criterion::Sector).points, 0);
        assert_eq!(
            criterion(&s2, Criterion::Sector).reason,
            Reason::OtherSector
        );

        let mut generalist = person(&["nl"], &["K"]);
        generalist.profile.generalist = true;
        let s3 = score(&mentee(&planned(&["Q"]), 0), &mentor(&generalist), &w);
        assert_eq!(criterion(&s3, Criterion::Sector).points, 14); // 2/5 of 35
        let open = person(&["nl"], &[]);
        let s4 = score(&mentee(&open, 0), &mentor(&generalist), &w);
        assert_eq!(criterion(&s4, Criterion::Sector).points, 35);
        assert_eq!(
            criterion(&s4, Criterion::Sector).reason,
            Reason::GeneralistForOpenMentee
        );
        let s5 = score(&mentee(&open, 0), &mentor(&builder), &w);
        assert_eq!(criterion(&s5, Criterion::Sector).points, 11); // 3/10 of 35 = 10.5 → 11
                                                                  // Sectors named without a plan: a lean, worth 7/10.
        let leaning = person(&["nl"], &["F"]);
        let s6 = score(&mentee(&leaning, 0), &mentor(&builder), &w);
        assert_eq!(criterion(&s6, Criterion::Sector).points, 25); // 24.5 → 25
    }

    #[test]
    fn support_needs_are_met_by_strengths() {
        let w = Weights::default();
        let mut me = person(&["nl"], &[]);
        me.profile.support = s(&["cv", "interview", "network", "digital"]);
        let mut mo = person(&["nl"], &[]);
        mo.profile.support = s(&["interview", "network", "admin"]);
        let sc = score(&mentee(&me, 0), &mentor(&mo), &w);
        let c = criterion(&sc, Criterion::Support);
        assert_eq!((c.points, c.max), (10, 20));
        assert_eq!(
            c.reason,
            Reason::Support {
                met: s(&["interview", "network"]),
                missing: s(&["cv", "digital"])
            }
        );
        let none = person(&["nl"], &[]);
        let sc = score(&mentee(&none, 0), &mentor(&mo), &w);
        assert_eq!(criterion(&sc, Criterion::Support).points, 20);
    }

    #[test]
    fn availability_overlap_counts_common_slots() {
        let w = Weights::default();
        let mut me = person(&["nl"], &[]);
        let mut mo = person(&["nl"], &[]);
        let unknown = score(&mentee(&me, 0), &mentor(&mo), &w);
        assert_eq!(criterion(&unknown, Criterion::Availability).points, 10);
        me.profile.availability = 0b111_000_111;
        mo.profile.availability = 0b000_111_000;
        let none = score(&mentee(&me, 0), &mentor(&mo), &w);
        assert_eq!(criterion(&none, Criterion::Availability).points, 0);
        mo.profile.availability = 0b001_000_011;
        let some = score(&mentee(&me, 0), &mentor(&mo), &w);
        let c = criterion(&some, Criterion::Availability);
        assert_eq!(c.points, 20 * 3 / 3);
        assert_eq!(c.reason, Reason::CommonSlots { slots: 3 });
        mo.profile.availability = 0b000_000_001;
        let one = score(&mentee(&me, 0), &mentor(&mo), &w);
        assert_eq!(criterion(&one, Criterion::Availability).points, 7); // 6.67 → 7
    }

    #[test]
    fn distance_prefers_near_and_accepts_online() {
        let w = Weights::default();
        let mut me = person(&["nl"], &[]);
        let mut mo = person(&["nl"], &[]);
        let at = |me: &Person, mo: &Person| {
            let sc = score(&mentee(me, 0), &mentor(mo), &w);
            let c = criterion(&sc, Criterion::Distance).clone();
            (c.points, c.reason)
        };
        assert_eq!(at(&me, &mo), (5, Reason::LocationUnknown));
        me.profile.postcode = Some("9000".into());
        mo.profile.postcode = Some("9000".into());
        assert_eq!(
            at(&me, &mo),
            (
                10,
                Reason::SamePostcode {
                    postcode: "9000".into()
                }
            )
        );
        mo.profile.postcode = Some("9030".into());
        assert_eq!(
            at(&me, &mo),
            (
                8,
                Reason::SameArea {
                    area: "90xx".into()
                }
            )
        );
        mo.profile.postcode = Some("9300".into());
        assert_eq!(at(&me, &mo), (5, Reason::SameRegion));
        mo.profile.postcode = Some("2000".into());
        assert_eq!(at(&me, &mo), (0, Reason::FarApart));
        me.profile.online = true;
        mo.profile.online = true;
        assert_eq!(at(&me, &mo), (7, Reason::OnlineBoth));
        // Online never lowers what nearness already gives.
        mo.profile.postcode = Some("9000".into());
        assert_eq!(at(&me, &mo).0, 10);
    }

    #[test]
    fn extra_shared_languages_and_waiting_time() {
        let w = Weights::default();
        let me = person(&["nl", "ar", "fr"], &[]);
        let one = person(&["nl"], &[]);
        let two = person(&["ar", "nl"], &[]);
        let a = score(&mentee(&me, 0), &mentor(&one), &w);
        assert_eq!(criterion(&a, Criterion::Languages).points, 0);
        let b = score(&mentee(&me, 45), &mentor(&two), &w);
        let c = criterion(&b, Criterion::Languages);
        assert_eq!(c.points, 5);
        assert_eq!(
            c.reason,
            Reason::SharedLanguages {
                languages: s(&["nl", "ar"])
            }
        );
        assert_eq!(criterion(&b, Criterion::Waiting).points, 5);
        let c = score(&mentee(&me, 400), &mentor(&two), &w);
        assert_eq!(criterion(&c, Criterion::Waiting).points, 10);
    }

    #[test]
    fn score_is_out_of_100_whatever_the_weights() {
        let mut builder = person(&["nl", "ar"], &["F"]);
        builder.profile.support = s(&["cv"]);
        builder.profile.availability = ALL_SLOTS;
        builder.profile.postcode = Some("9000".into());
        let mut me = planned(&["F"]);
        me.languages = s(&["nl", "ar"]);
        me.profile.support = s(&["cv"]);
        me.profile.availability = ALL_SLOTS;
        me.profile.postcode = Some("9000".into());
        let perfect = score(&mentee(&me, 90), &mentor(&builder), &Weights::default());
        assert_eq!(perfect.score, 100);
        let mut w = Weights::default();
        w.set(Criterion::Sector, 70);
        w.set(Criterion::Waiting, 0);
        let other = score(&mentee(&me, 0), &mentor(&builder), &w);
        assert_eq!(other.score, 100);
        assert_eq!(
            other.score,
            score_value(&mentee(&me, 0), &mentor(&builder), &w)
        );
        let zero = Weights {
            sector: 0,
            support: 0,
            availability: 0,
            distance: 0,
            languages: 0,
            waiting: 0,
        };
        assert!(!zero.is_valid());
        assert!(Weights::default().is_valid());
        assert_eq!(Weights::default().total(), 100);
    }

    #[test]
    fn weights_change_the_ranking() {
        // A mentor of the sector sought far away, against a near generalist with free evenings.
        let me = {
            let mut p = planned(&["F"]);
            p.profile.postcode = Some("9000".into());
            p.profile.availability = 0b111;
            p
        };
        let builder = {
            let mut p = person(&["nl"], &["F"]);
            p.profile.postcode = Some("3500".into());
            p
        };
        let neighbour = {
            let mut p = person(&["nl"], &["G"]);
            p.profile.generalist = true;
            p.profile.postcode = Some("9000".into());
            p.profile.availability = 0b111;
            p
        };
        let m = mentee(&me, 10);
        let w = Weights::default();
        let mut near = Weights::default();
        near.set(Criterion::Sector, 5);
        near.set(Criterion::Distance, 60);
        let by_default = score_value(&m, &mentor(&builder), &w) as i64
            - score_value(&m, &mentor(&neighbour), &w) as i64;
        let by_nearness = score_value(&m, &mentor(&builder), &near) as i64
            - score_value(&m, &mentor(&neighbour), &near) as i64;
        assert!(
            by_default > 0,
            "the sector sought wins by default: {by_default}"
        );
        assert!(
            by_nearness < 0,
            "nearness wins when it weighs more: {by_nearness}"
        );
    }

    #[test]
    fn profiles_are_checked() {
        let mut p = Profile {
            support: s(&["cv", "cv", "network"]),
            postcode: Some(" 1080 ".into()),
            gender: Some(String::new()),
            ..Profile::default()
        };
        let ok = check_profile(&p).unwrap();
        assert_eq!(ok.support, s(&["cv", "network"]));
        assert_eq!(ok.postcode.as_deref(), Some("1080"));
        assert_eq!(ok.gender, None);
        p.postcode = Some("108".into());
        assert!(check_profile(&p).is_err());
        p.postcode = None;
        p.support = s(&["origin"]);
        assert!(check_profile(&p).is_err());
        p.support = vec![];
        p.availability = 1 << 21;
        assert!(check_profile(&p).is_err());
        p.availability = 0;
        p.gender_wish = Some("robot".into());
        assert!(check_profile(&p).is_err());
    }
}
