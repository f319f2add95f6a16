//! Splitting folded text into words the way people write skills: `c#`, `c++`, `.net`,
//! `node.js`, `ci/cd` and `front-end` stay whole; French elisions (`l'`, `d'`, `qu'`) go.

/// Calls `emit` with each raw token of already-folded `text`, in order.
pub fn for_each_token<'a>(text: &'a str, mut emit: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let starts_dot_word = c == '.' && next_is_alphanumeric(text, i + 1);
        if !c.is_alphanumeric() && !starts_dot_word {
            i += c.len_utf8();
            continue;
        }
        let mut start = i;
        i += c.len_utf8();
        while i < text.len() {
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_alphanumeric() {
                i += c.len_utf8();
            } else if matches!(c, '.' | '-' | '/' | '_') && next_is_alphanumeric(text, i + 1) {
                i += 1;
            } else if c == '\'' && next_is_alphanumeric(text, i + 1) && is_elision(&text[start..i])
            {
                // "l'equipe": drop the elided article, the word starts after it.
                i += 1;
                start = i;
            } else {
                break;
            }
        }
        // Trailing `#` or `+` sign belongs to the word: c#, f#, c++.
        while i < bytes.len() && (bytes[i] == b'#' || bytes[i] == b'+') {
            i += 1;
        }
        emit(&text[start..i]);
    }
}

fn next_is_alphanumeric(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_alphanumeric)
}

fn is_elision(prefix: &str) -> bool {
    matches!(
        prefix,
        "l" | "d" | "j" | "qu" | "n" | "s" | "c" | "m" | "t" | "jusqu" | "lorsqu" | "puisqu"
    )
}

/// Tokens of `text` as owned strings (for tests and small inputs).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, |t| out.push(t.to_owned()));
    out
}

#[cfg(test)]
mod tests {
    use super::tokens;

    #[test]
    fn keeps_skills_whole() {
        assert_eq!(
            tokens("c#, c++ et .net; node.js ci/cd front-end power bi."),
            [
                "c#",
                "c++",
                "et",
                ".net",
                "node.js",
                "ci/cd",
                "front-end",
                "power",
                "bi"
            ]
        );
    }

    #[test]
    fn drops_elisions_and_punctuation() {
        assert_eq!(
            tokens("l'equipe d'experts (qu'il...)"),
            ["equipe", "experts", "il"]
        );
        assert_eq!(tokens("fin. debut"), ["fin", "debut"]);
        assert_eq!(tokens("rock'n'roll"), ["rock", "roll"]);
    }

    #[test]
    fn handles_unicode_letters() {
        assert_eq!(tokens("straße 東京 δοκιμή"), ["straße", "東京", "δοκιμή"]);
    }
}
