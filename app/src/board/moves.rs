//! What a move does to the board's lanes, applied at once under the coordinator's hand and
//! undone if the server refuses. Pure functions over the lanes, so they are unit-tested.
use crate::domain::states::DuoState;
use crate::model::{BoardData, DuoCard, MenteeCard, MentorCard};

/// The three lanes of the board as the browser holds them.
#[derive(Clone, Debug, PartialEq)]
pub struct Lanes {
    pub mentees: Vec<MenteeCard>,
    pub mentors: Vec<MentorCard>,
    pub duos: Vec<DuoCard>,
}

impl From<&BoardData> for Lanes {
    fn from(b: &BoardData) -> Self {
        Lanes {
            mentees: b.mentees.clone(),
            mentors: b.mentors.clone(),
            duos: b.duos.clone(),
        }
    }
}

/// Id of a duo card shown before the server has answered.
pub const PENDING: &str = "pending";

impl Lanes {
    /// Moves a mentee onto a mentor as a pending duo. Returns false (and changes nothing) when
    /// either card is no longer on the board.
    pub fn propose(&mut self, mentee_id: &str, mentor_id: &str) -> bool {
        let (Some(mi), Some(ti)) = (
            self.mentees.iter().position(|m| m.id == mentee_id),
            self.mentors.iter().position(|m| m.id == mentor_id),
        ) else {
            return false;
        };
        let mentee = self.mentees.remove(mi);
        let mentor = &mut self.mentors[ti];
        mentor.load += 1;
        let card = DuoCard {
            id: format!("{PENDING}-{mentee_id}"),
            state: DuoState::Draft,
            mentee,
            mentor_id: mentor.id.clone(),
            mentor_first_name: mentor.first_name.clone(),
            mentor_last_name: mentor.last_name.clone(),
            mentor_sectors: mentor.sectors.clone(),
            mentor_languages: mentor.languages.clone(),
            mentor_capacity: mentor.capacity,
            mentor_load: mentor.load,
            mentor_profile: mentor.profile.clone(),
            days_open: 0,
        };
        if mentor.load >= mentor.capacity {
            self.mentors.remove(ti);
        }
        self.duos.insert(0, card);
        true
    }

    /// Gives the pending duo of a mentee the id the server chose.
    pub fn confirm(&mut self, mentee_id: &str, duo_id: &str) {
        let pending = format!("{PENDING}-{mentee_id}");
        if let Some(card) = self.duos.iter_mut().find(|d| d.id == pending) {
            card.id = duo_id.to_string();
        }
    }

    /// Takes a duo back: the mentee returns to the top of the waiting lane, the mentor gets room.
    pub fn dissolve(&mut self, duo_id: &str) -> bool {
        let Some(di) = self.duos.iter().position(|d| d.id == duo_id) else {
            return false;
        };
        let duo = self.duos.remove(di);
        match self.mentors.iter_mut().find(|m| m.id == duo.mentor_id) {
            Some(mentor) => mentor.load = mentor.load.saturating_sub(1),
            // The mentor had left the lane full: they come back with room for this duo.
            None => self.mentors.insert(0, Self::mentor_card_of(&duo)),
        }
        for other in self
            .duos
            .iter_mut()
            .filter(|d| d.mentor_id == duo.mentor_id)
        {
            other.mentor_load = other.mentor_load.saturating_sub(1);
        }
        // Longest waiting first: the returning mentee keeps their place by days waiting.
        let at = self
            .mentees
            .iter()
            .position(|m| m.days_waiting < duo.mentee.days_waiting)
            .unwrap_or(self.mentees.len());
        self.mentees.insert(at, duo.mentee);
        true
    }

    /// The mentor card of a duo's mentor once that duo is taken back.
    fn mentor_card_of(duo: &DuoCard) -> MentorCard {
        MentorCard {
            id: duo.mentor_id.clone(),
            first_name: duo.mentor_first_name.clone(),
            last_name: duo.mentor_last_name.clone(),
            sectors: duo.mentor_sectors.clone(),
            languages: duo.mentor_languages.clone(),
            capacity: duo.mentor_capacity,
            load: duo.mentor_load.saturating_sub(1),
            days_available: 0,
            profile: duo.mentor_profile.clone(),
        }
    }
}

/// What the coordinator filters the lanes by.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub search: String,
    pub sector: String,
    pub language: String,
}

/// Lower-case and strip the most common accents, so "helene" finds "Hélène".
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ı' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ş' | 'š' => 's',
            'ğ' => 'g',
            'ž' => 'z',
            other => other,
        })
        .collect()
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.search.trim().is_empty() && self.sector.is_empty() && self.language.is_empty()
    }

    pub fn matches(
        &self,
        first: &str,
        last: &str,
        sectors: &[String],
        languages: &[String],
    ) -> bool {
        let needle = fold(self.search.trim());
        (needle.is_empty() || fold(&format!("{first} {last}")).contains(&needle))
            && (self.sector.is_empty() || sectors.iter().any(|s| *s == self.sector))
            && (self.language.is_empty() || languages.iter().any(|l| *l == self.language))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentee(id: &str, days: i64) -> MenteeCard {
        MenteeCard {
            id: id.into(),
            first_name: "Hélène".into(),
            last_name: id.into(),
            sectors: vec!["F".into()],
            languages: vec!["fr".into()],
            days_waiting: days,
            profile: Default::default(),
        }
    }

    fn mentor(id: &str, capacity: u32) -> MentorCard {
        MentorCard {
            id: id.into(),
            first_name: "Marc".into(),
            last_name: id.into(),
            sectors: vec!["F".into()],
            languages: vec!["fr".into()],
            capacity,
            load: 0,
            days_available: 3,
            profile: Default::default(),
        }
    }

    fn lanes() -> Lanes {
        Lanes {
            mentees: vec![mentee("a", 30), mentee("b", 20), mentee("c", 5)],
            mentors: vec![mentor("x", 1), mentor("y", 2)],
            duos: vec![],
        }
    }

    #[test]
    fn proposing_moves_the_mentee_and_fills_the_mentor() {
        let mut l = lanes();
        assert!(l.propose("b", "x"));
        assert_eq!(
            l.mentees.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["a", "c"]
        );
        assert_eq!(l.mentors.len(), 1, "a full mentor leaves the lane");
        assert_eq!(l.duos[0].id, "pending-b");
        l.confirm("b", "d1");
        assert_eq!(l.duos[0].id, "d1");
        assert!(l.propose("a", "y"));
        assert_eq!(l.mentors[0].load, 1, "a mentor with room stays");
        assert!(!l.propose("a", "y"), "a mentee moves once");
    }

    #[test]
    fn dissolving_restores_the_lanes() {
        let before = lanes();
        let mut l = before.clone();
        l.propose("b", "x");
        l.confirm("b", "d1");
        assert_eq!(l.duos[0].mentor_load, 1);
        assert!(l.dissolve("d1"));
        assert_eq!(l.mentees, before.mentees, "b is back between a and c");
        assert_eq!(l.mentors.iter().find(|m| m.id == "x").unwrap().load, 0);
        assert!(l.duos.is_empty());
        assert!(!l.dissolve("d1"));
    }

    #[test]
    fn filters_fold_accents_and_combine() {
        let f = Filter {
            search: "helene".into(),
            ..Default::default()
        };
        assert!(f.matches("Hélène", "Dubois", &[], &[]));
        let f = Filter {
            search: "dub".into(),
            sector: "F".into(),
            language: "ar".into(),
        };
        assert!(!f.matches("Hélène", "Dubois", &["F".into()], &["fr".into()]));
        assert!(f.matches("Hélène", "Dubois", &["F".into()], &["ar".into()]));
        assert!(Filter::default().is_empty());
    }
}
