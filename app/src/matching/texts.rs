//! The words of matching: criteria, reasons, exclusions and the slate's leftovers, in the
//! reader's language. The API and the board both use these, so a reason reads the same in both.
use crate::domain::matching::{Criterion, Exclusion, Reason};
use crate::domain::slate::UnmatchedReason;
use crate::i18n::{td_string, Locale};
use crate::texts::{language_name, sector_name};

pub fn criterion_name(locale: Locale, c: Criterion) -> String {
    match c {
        Criterion::Sector => td_string!(locale, matching.criteria.sector),
        Criterion::Support => td_string!(locale, matching.criteria.support),
        Criterion::Availability => td_string!(locale, matching.criteria.availability),
        Criterion::Distance => td_string!(locale, matching.criteria.distance),
        Criterion::Languages => td_string!(locale, matching.criteria.languages),
        Criterion::Waiting => td_string!(locale, matching.criteria.waiting),
    }
    .to_string()
}

pub fn support_name(locale: Locale, code: &str) -> String {
    match code {
        "cv" => td_string!(locale, matching.support.cv),
        "interview" => td_string!(locale, matching.support.interview),
        "network" => td_string!(locale, matching.support.network),
        "orientation" => td_string!(locale, matching.support.orientation),
        "language" => td_string!(locale, matching.support.language),
        "digital" => td_string!(locale, matching.support.digital),
        "confidence" => td_string!(locale, matching.support.confidence),
        "admin" => td_string!(locale, matching.support.admin),
        other => return other.to_string(),
    }
    .to_string()
}

pub fn gender_name(locale: Locale, code: &str) -> String {
    match code {
        "female" => td_string!(locale, matching.genders.female),
        "male" => td_string!(locale, matching.genders.male),
        "x" => td_string!(locale, matching.genders.x),
        other => return other.to_string(),
    }
    .to_string()
}

/// A weekday's short name, Monday first.
pub fn day_name(locale: Locale, day: usize) -> String {
    match day {
        0 => td_string!(locale, matching.days.d0),
        1 => td_string!(locale, matching.days.d1),
        2 => td_string!(locale, matching.days.d2),
        3 => td_string!(locale, matching.days.d3),
        4 => td_string!(locale, matching.days.d4),
        5 => td_string!(locale, matching.days.d5),
        _ => td_string!(locale, matching.days.d6),
    }
    .to_string()
}

/// Morning, afternoon or evening.
pub fn part_name(locale: Locale, part: usize) -> String {
    match part {
        0 => td_string!(locale, matching.parts.p0),
        1 => td_string!(locale, matching.parts.p1),
        _ => td_string!(locale, matching.parts.p2),
    }
    .to_string()
}

/// "a, b and c" in the reader's language.
pub fn join_list(locale: Locale, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => {
            let and = td_string!(locale, matching.and);
            format!("{} {and} {last}", head.join(", "))
        }
    }
}

fn names(locale: Locale, codes: &[String], name: fn(Locale, &str) -> String) -> String {
    let items: Vec<String> = codes.iter().map(|c| name(locale, c)).collect();
    join_list(locale, &items)
}

/// One criterion's reason in plain words.
pub fn reason_text(locale: Locale, reason: &Reason) -> String {
    match reason {
        Reason::SharedSector {
            sector,
            years: Some(years),
        } => {
            let sector = sector_name(locale, sector);
            td_string!(
                locale,
                matching.reasons.shared_sector_years,
                years = years,
                sector = sector
            )
            .to_string()
        }
        Reason::SharedSector {
            sector,
            years: None,
        } => {
            let sector = sector_name(locale, sector);
            td_string!(locale, matching.reasons.shared_sector, sector = sector).to_string()
        }
        Reason::GeneralistForOpenMentee => {
            td_string!(locale, matching.reasons.generalist_open).to_string()
        }
        Reason::GeneralistOtherSector => {
            td_string!(locale, matching.reasons.generalist_other).to_string()
        }
        Reason::SpecialistForOpenMentee => {
            td_string!(locale, matching.reasons.specialist_open).to_string()
        }
        Reason::OtherSector => td_string!(locale, matching.reasons.other_sector).to_string(),
        Reason::NoSupportNeeds => td_string!(locale, matching.reasons.no_support_needs).to_string(),
        Reason::Support { met, missing } => {
            let met_words = names(locale, met, support_name);
            let missing_words = names(locale, missing, support_name);
            if missing.is_empty() {
                td_string!(locale, matching.reasons.support_all, met = met_words).to_string()
            } else if met.is_empty() {
                td_string!(
                    locale,
                    matching.reasons.support_none,
                    missing = missing_words
                )
                .to_string()
            } else {
                td_string!(
                    locale,
                    matching.reasons.support_some,
                    met = met_words,
                    missing = missing_words
                )
                .to_string()
            }
        }
        Reason::CommonSlots { slots } => {
            td_string!(locale, matching.reasons.common_slots, count = slots).to_string()
        }
        Reason::NoCommonSlot => td_string!(locale, matching.reasons.no_common_slot).to_string(),
        Reason::AvailabilityUnknown => {
            td_string!(locale, matching.reasons.availability_unknown).to_string()
        }
        Reason::SamePostcode { postcode } => {
            td_string!(locale, matching.reasons.same_postcode, postcode = postcode).to_string()
        }
        Reason::SameArea { area } => {
            td_string!(locale, matching.reasons.same_area, area = area).to_string()
        }
        Reason::SameRegion => td_string!(locale, matching.reasons.same_region).to_string(),
        Reason::OnlineBoth => td_string!(locale, matching.reasons.online_both).to_string(),
        Reason::FarApart => td_string!(locale, matching.reasons.far_apart).to_string(),
        Reason::LocationUnknown => {
            td_string!(locale, matching.reasons.location_unknown).to_string()
        }
        Reason::SharedLanguages { languages } => {
            let mut words = names(locale, languages, language_name);
            if locale == Locale::fr {
                // French writes language names in lower case within a sentence.
                words = words.to_lowercase();
            }
            td_string!(locale, matching.reasons.shared_languages, languages = words).to_string()
        }
        Reason::Waiting { days } => {
            td_string!(locale, matching.reasons.waiting, days = days).to_string()
        }
    }
}

pub fn exclusion_text(locale: Locale, e: Exclusion) -> String {
    match e {
        Exclusion::OtherOffice => td_string!(locale, matching.exclusions.other_office),
        Exclusion::NoSharedLanguage => td_string!(locale, matching.exclusions.no_shared_language),
        Exclusion::NotAvailable => td_string!(locale, matching.exclusions.not_available),
        Exclusion::NoCapacity => td_string!(locale, matching.exclusions.no_capacity),
        Exclusion::FailedBefore => td_string!(locale, matching.exclusions.failed_before),
        Exclusion::MenteeGenderWish => td_string!(locale, matching.exclusions.mentee_gender_wish),
        Exclusion::MentorGenderWish => td_string!(locale, matching.exclusions.mentor_gender_wish),
    }
    .to_string()
}

/// Why a mentee stays on the waiting list after the slate.
pub fn unmatched_text(locale: Locale, reason: &UnmatchedReason) -> String {
    match reason {
        UnmatchedReason::NoMentorFits { reasons } => {
            let words: Vec<String> = reasons.iter().map(|e| exclusion_text(locale, *e)).collect();
            let reasons = join_list(locale, &words);
            td_string!(locale, matching.unmatched.no_mentor_fits, reasons = reasons).to_string()
        }
        UnmatchedReason::MentorsTaken { fitting } => {
            td_string!(locale, matching.unmatched.mentors_taken, count = fitting).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn reasons_read_well_in_three_languages() {
        let sector = Reason::SharedSector {
            sector: "F".into(),
            years: Some(20),
        };
        assert_eq!(
            reason_text(Locale::en, &sector),
            "worked 20 years in Construction, the sector sought"
        );
        assert_eq!(
            reason_text(Locale::fr, &sector),
            "a travaillé 20 ans dans le secteur recherché : Construction"
        );
        assert_eq!(
            reason_text(Locale::nl, &sector),
            "werkte 20 jaar in Bouw, de gezochte sector"
        );
        let langs = Reason::SharedLanguages {
            languages: s(&["nl", "ar"]),
        };
        assert_eq!(
            reason_text(Locale::en, &langs),
            "both speak Dutch and Arabic"
        );
        assert_eq!(
            reason_text(Locale::fr, &langs),
            "parlent tous deux néerlandais et arabe"
        );
        assert_eq!(
            reason_text(Locale::nl, &langs),
            "spreken allebei Nederlands en Arabisch"
        );
        let three = Reason::SharedLanguages {
            languages: s(&["fr", "nl", "ar"]),
        };
        assert_eq!(
            reason_text(Locale::en, &three),
            "both speak French, Dutch and Arabic"
        );
        let support = Reason::Support {
            met: s(&["cv"]),
            missing: s(&["network", "digital"]),
        };
        assert_eq!(
            reason_text(Locale::en, &support),
            "can help with CV and cover letters, not with professional network and digital skills"
        );
        assert_eq!(
            reason_text(Locale::nl, &Reason::Waiting { days: 12 }),
            "wacht al 12 dagen"
        );
        assert_eq!(
            exclusion_text(Locale::fr, Exclusion::NoSharedLanguage),
            "aucune langue en commun"
        );
        let left = UnmatchedReason::NoMentorFits {
            reasons: vec![Exclusion::NoSharedLanguage, Exclusion::MenteeGenderWish],
        };
        assert_eq!(
            unmatched_text(Locale::en, &left),
            "no available mentor fits: no shared language and the mentee asked for a mentor of another gender"
        );
    }

    #[test]
    fn every_reason_and_criterion_has_words_in_every_language() {
        use crate::domain::matching::{GENDERS, SUPPORT};
        let reasons = [
            Reason::SharedSector {
                sector: "Q".into(),
                years: None,
            },
            Reason::GeneralistForOpenMentee,
            Reason::GeneralistOtherSector,
            Reason::SpecialistForOpenMentee,
            Reason::OtherSector,
            Reason::NoSupportNeeds,
            Reason::Support {
                met: s(&["cv"]),
                missing: vec![],
            },
            Reason::Support {
                met: vec![],
                missing: s(&["cv"]),
            },
            Reason::CommonSlots { slots: 2 },
            Reason::NoCommonSlot,
            Reason::AvailabilityUnknown,
            Reason::SamePostcode {
                postcode: "1080".into(),
            },
            Reason::SameArea {
                area: "10xx".into(),
            },
            Reason::SameRegion,
            Reason::OnlineBoth,
            Reason::FarApart,
            Reason::LocationUnknown,
            Reason::Waiting { days: 3 },
        ];
        for locale in [Locale::en, Locale::fr, Locale::nl] {
            let mut seen = std::collections::HashSet::new();
            for r in &reasons {
                let text = reason_text(locale, r);
                assert!(
                    text.len() > 5 && !text.contains("{{"),
                    "{locale:?} {r:?}: {text}"
                );
                assert!(seen.insert(text), "{locale:?}: two reasons read the same");
            }
            for c in Criterion::ALL {
                assert!(criterion_name(locale, c).len() > 3);
            }
            for code in SUPPORT {
                assert_ne!(support_name(locale, code), code);
            }
            for code in GENDERS {
                assert_ne!(gender_name(locale, code), code);
            }
        }
        assert_ne!(
            reason_text(Locale::en, &reasons[0]),
            reason_text(Locale::fr, &reasons[0])
        );
    }
}
