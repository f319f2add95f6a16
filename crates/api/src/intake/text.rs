//! Normalising extracted text before it is stored: Unicode NFC, no control characters,
//! whitespace collapsed, and a cap on its length.

use unicode_normalization::UnicodeNormalization;

/// NFC, control characters dropped, runs of spaces made one, blank lines removed, lines
/// trimmed, and at most `max_chars` characters kept.
pub fn normalize(raw: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(raw.len().min(max_chars * 2));
    let mut kept = 0usize;
    for line in raw.nfc().collect::<String>().lines() {
        let mut words = line
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|w| !w.is_empty())
            .peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            kept += 1;
        }
        let mut first = true;
        for word in words {
            if !first {
                out.push(' ');
                kept += 1;
            }
            first = false;
            for c in word.chars() {
                if kept >= max_chars {
                    return out;
                }
                out.push(c);
                kept += 1;
            }
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

    #[test]
    fn tells_text_from_noise() {
        assert!(!has_readable_text(" . , 1 2 3 "));
        assert!(has_readable_text("Curriculum vitae of a backend developer"));
    }
}
