//! Kusto's string rules that plausible code gets wrong: simple case mapping and `has` term matching.
//!
//! - `upper_simple` / `lower_simple` map each char on its own. Rust's `str::to_uppercase` applies
//!   special casing (ß → SS, İ → i̇), which Kusto's `toupper`/`tolower` do not.
//! - `has` matches a needle at term boundaries, where a term character is a Unicode letter or
//!   number (general categories L* and N*). `_` and `-` are separators, unlike in a regex `\b`.

use unicode_general_category::{get_general_category, GeneralCategory as G};

/// The simple upper-case mapping of one char: the char itself when the full mapping is not one char.
pub fn upper_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    single(c.to_uppercase()).unwrap_or(c)
}

/// The simple lower-case mapping of one char: the char itself when the full mapping is not one char.
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    single(c.to_lowercase()).unwrap_or(c)
}

fn single(mut it: impl Iterator<Item = char>) -> Option<char> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

/// Kusto's `toupper`: one char to one char.
pub fn upper_simple(s: &str) -> String {
    s.chars().map(upper_char).collect()
}

/// Kusto's `tolower`: one char to one char.
pub fn lower_simple(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// A Unicode letter or number: general category L* or N*.
pub fn is_term_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
    )
}

/// A needle prepared for case-insensitive term matching.
#[derive(Clone, Debug)]
pub struct Term {
    folded: Vec<char>,
    bounded_start: bool,
    bounded_end: bool,
}

impl Term {
    pub fn new(needle: &str) -> Term {
        let folded: Vec<char> = needle.chars().map(fold).collect();
        Term {
            bounded_start: folded.first().is_some_and(|&c| is_term_char(c)),
            bounded_end: folded.last().is_some_and(|&c| is_term_char(c)),
            folded,
        }
    }

    /// Kusto's `value has needle`.
    pub fn is_in(&self, value: &str) -> bool {
        let hay: Vec<char> = value.chars().map(fold).collect();
        self.is_in_folded(&hay)
    }

    fn is_in_folded(&self, hay: &[char]) -> bool {
        let n = self.folded.len();
        if n == 0 {
            // Kusto: an empty needle is found in any string.
            return true;
        }
        if hay.len() < n {
            return false;
        }
        (0..=hay.len() - n).any(|start| {
            hay[start..start + n] == self.folded[..]
                && !(self.bounded_start && start > 0 && is_term_char(hay[start - 1]))
                && !(self.bounded_end && start + n < hay.len() && is_term_char(hay[start + n]))
        })
    }
}

/// Case-insensitive comparison folds both sides through the simple lower-case mapping.
fn fold(c: char) -> char {
    lower_char(c)
}

/// Kusto's `has_any`: true when any of the terms is in the value.
#[derive(Clone, Debug)]
pub struct TermSet {
    terms: Vec<Term>,
}

impl TermSet {
    pub fn new<S: AsRef<str>>(needles: &[S]) -> TermSet {
        TermSet { terms: needles.iter().map(|n| Term::new(n.as_ref())).collect() }
    }

    pub fn matches(&self, value: &str) -> bool {
        if self.terms.is_empty() {
            return false;
        }
        let hay: Vec<char> = value.chars().map(fold).collect();
        self.terms.iter().any(|t| t.is_in_folded(&hay))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_mapping_keeps_chars_with_multi_char_mappings() {
        for (input, upper, lower) in [
            ("ws01.contoso.com", "WS01.CONTOSO.COM", "ws01.contoso.com"),
            ("straße", "STRAßE", "straße"),
            ("İstanbul", "İSTANBUL", "İstanbul"),
            ("ﬁle", "ﬁLE", "ﬁle"),
            ("Ωmega", "ΩMEGA", "ωmega"),
            ("ǅ", "Ǆ", "ǆ"),
            ("", "", ""),
        ] {
            assert_eq!(upper_simple(input), upper, "upper {input}");
            assert_eq!(lower_simple(input), lower, "lower {input}");
            assert_eq!(upper_simple(input).chars().count(), input.chars().count());
        }
    }

    #[test]
    fn term_chars_are_letters_and_numbers_only() {
        for c in ['a', 'Z', '0', 'é', 'ß', 'ǅ', 'ʰ', '中', '٣', 'Ⅻ', '½'] {
            assert!(is_term_char(c), "{c:?}");
        }
        // U+0345 is Alphabetic in Rust's sense but a mark (Mn), so a separator for Kusto.
        for c in ['_', '-', ' ', '.', '[', '\u{0345}', '\u{200B}', '$', '\\'] {
            assert!(!is_term_char(c), "{c:?}");
        }
    }
}
