//! Normalising extracted text before it is stored: Unicode NFC, no control characters,
//! whitespace collapsed, and a cap on its length.

use unicode_normalization::UnicodeNormalization;

/// NFC, control characters dropped, runs of spaces made one, blank lines removed, lines
/// trimmed, and at most `max_chars` characters kept.
pub fn normalize(raw: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(raw.len().min(max_chars * 2));
    let mut kept = 0usize;
    for line in raw.nfc().collect::<String>().lines() {
        let mut separator = (!out.is_empty()).then_some('\n');
        let words = line
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|w| !w.is_empty());
        for word in words {
            // A separator only with room for a character after it: the cut never ends in one.
            if kept + usize::from(separator.is_some()) >= max_chars {
                return out;
            }
            if let Some(separator) = separator {
                out.push(separator);
                kept += 1;
            }
            for c in word.chars() {
                if kept >= max_chars {
                    return out;
                }
                out.push(c);
                kept += 1;
            }
            separator = Some(' ');
        }
    }
    out
}

/// Whether `text` holds enough letters to be a document rather than noise from a scan.
pub fn has_readable_text(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).take(20).count() >= 20
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_collapses_and_drops_controls() {
        let raw = "  De\u{301}veloppeur \t\u{7}Rust  \r\n\n\n  Lyon\u{0}  ";
        assert_eq!(normalize(raw, 1000), "Développeur Rust\nLyon");
    }

    #[test]
    fn caps_the_length_in_characters() {
        assert_eq!(normalize("éééé éééé", 6), "éééé é");
        assert_eq!(normalize("abc", 0), "");
    }

    /// Found by the pdf_intake fuzz target: a cut right after a word kept the separator that
    /// followed it, one character over the cap.
    #[test]
    fn a_cut_between_words_stays_within_the_cap_and_ends_on_a_character() {
        for max in 0..12 {
            let out = normalize("ab cd\nef  gh", max);
            assert!(out.chars().count() <= max, "{max}: {out:?}");
            assert!(!out.ends_with([' ', '\n']), "{max}: {out:?}");
            assert_eq!(
                normalize(&out, max),
                out,
                "normalising again changes nothing"
            );
        }
        assert_eq!(normalize("ab cd", 2), "ab");
        assert_eq!(normalize("ab cd", 3), "ab");
        assert_eq!(normalize("ab\ncd", 4), "ab\nc");
    }

    #[test]
    fn tells_text_from_noise() {
        assert!(!has_readable_text(" . , 1 2 3 "));
        assert!(has_readable_text("Curriculum vitae of a backend developer"));
    }
}
