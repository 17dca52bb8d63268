//! Reference data shared by every office: offices, NACE Rev. 2 sections, ISO 639-1 languages.

/// The programme's offices, by slug.
pub const OFFICES: [&str; 4] = ["brussels", "liege", "antwerp", "ghent"];

/// NACE Rev. 2 sections (`A`–`U`), the sector vocabulary of intake and matching.
pub const SECTORS: [&str; 21] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S",
    "T", "U",
];

/// Languages the programme records, as ISO 639-1 codes.
pub const LANGUAGES: [&str; 27] = [
    "fr", "nl", "en", "de", "ar", "tr", "es", "it", "pt", "pl", "ro", "ru", "uk", "fa", "ps", "so",
    "ti", "am", "ln", "sw", "ku", "sq", "bg", "hi", "ur", "zh", "vi",
];

pub fn is_office(slug: &str) -> bool {
    OFFICES.contains(&slug)
}

pub fn is_sector(code: &str) -> bool {
    SECTORS.contains(&code)
}

pub fn is_language(code: &str) -> bool {
    LANGUAGES.contains(&code)
}

/// Languages both people speak, in the first person's order.
pub fn shared_languages<'a>(a: &'a [String], b: &[String]) -> Vec<&'a str> {
    a.iter()
        .filter(|l| b.contains(l))
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_lists_are_well_formed() {
        assert!(SECTORS
            .iter()
            .all(|s| s.len() == 1 && s.chars().all(|c| c.is_ascii_uppercase())));
        assert!(LANGUAGES
            .iter()
            .all(|l| l.len() == 2 && l.chars().all(|c| c.is_ascii_lowercase())));
        let mut langs = LANGUAGES.to_vec();
        langs.sort();
        langs.dedup();
        assert_eq!(langs.len(), LANGUAGES.len(), "no duplicate language");
        assert!(is_office("liege") && !is_office("paris"));
        assert!(is_sector("F") && !is_sector("f") && !is_sector("V"));
    }

    #[test]
    fn shared_languages_keeps_order_of_first() {
        let a = vec!["ar".to_string(), "fr".to_string(), "nl".to_string()];
        let b = vec!["nl".to_string(), "ar".to_string()];
        assert_eq!(shared_languages(&a, &b), vec!["ar", "nl"]);
        assert!(shared_languages(&a, &[]).is_empty());
    }
}
