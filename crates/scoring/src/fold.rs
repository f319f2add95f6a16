//! Case and accent folding, so that "Développeur", "developpeur" and "DÉVELOPPEUR" compare equal.
//! Used for search keys and as the first step of tokenisation.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lower-cases `text`, strips accents and spells out ligatures (œ → oe, æ → ae, ß → ss).
///
/// The result is stable across platforms: it depends only on the Unicode tables compiled in.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'œ' | 'Œ' => folded.push_str("oe"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'ß' => folded.push_str("ss"),
            // Typographic apostrophes and quotes fold to their ASCII forms so "l’équipe"
            // and "l'équipe" match.
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => folded.push('\''),
            c => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// Splits a search query into folded terms, dropping empty ones.
pub fn query_terms(query: &str) -> Vec<String> {
    fold(query).split_whitespace().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Développeur À Lyon"), "developpeur a lyon");
        assert_eq!(fold("ÇA"), "ca");
    }

    #[test]
    fn spells_out_ligatures() {
        assert_eq!(fold("Cœur Œuvre"), "coeur oeuvre");
        assert_eq!(fold("Straße"), "strasse");
    }

    #[test]
    fn precomposed_and_decomposed_forms_fold_alike() {
        assert_eq!(fold("e\u{301}te\u{301}"), fold("été"));
    }

    #[test]
    fn query_terms_are_folded_and_split() {
        assert_eq!(
            query_terms("  Rust   DÉVELOPPEUR "),
            vec!["rust", "developpeur"]
        );
        assert!(query_terms("   ").is_empty());
    }
}
