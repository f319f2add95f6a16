//! Turning text into terms: fold, tokenise, drop stop words, map aliases and translations to
//! shared concepts (longest phrase first), and stem the remaining words with Snowball in the
//! text's language. A `Document` keeps term counts and adjacent-term pairs for phrase checks.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::fold::fold;
use crate::lexicon::{CONCEPTS, DOMAIN_STOP_WORDS, STOP_WORDS};
use crate::tokenize::for_each_token;

/// A term's identity: a stable 64-bit hash of its canonical form.
pub type TermId = u64;

/// The language a text is mostly written in; it picks the stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    French,
    English,
}

/// One term of an analysed text, with what to show people for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub id: TermId,
    /// The concept's name, or the first word form seen in the text.
    pub display: String,
}

/// A text reduced to what scoring needs: term counts and the pairs of adjacent terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Sorted by term id.
    counts: Vec<(TermId, u32)>,
    /// Sorted, without duplicates.
    pairs: Vec<u64>,
    length: u32,
}

impl Document {
    pub fn from_text(text: &str) -> Document {
        let terms = analyze(text, detect_language(text));
        Document::from_terms(&terms)
    }

    pub fn from_terms(terms: &[Term]) -> Document {
        let mut counts: HashMap<TermId, u32> = HashMap::with_capacity(terms.len());
        for term in terms {
            *counts.entry(term.id).or_default() += 1;
        }
        let mut counts: Vec<(TermId, u32)> = counts.into_iter().collect();
        counts.sort_unstable();
        let mut pairs: Vec<u64> = terms
            .windows(2)
            .map(|w| pair_id(w[0].id, w[1].id))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        Document {
            counts,
            pairs,
            length: u32::try_from(terms.len()).unwrap_or(u32::MAX),
        }
    }

    /// How many times `term` occurs.
    pub fn count(&self, term: TermId) -> u32 {
        self.counts
            .binary_search_by_key(&term, |(id, _)| *id)
            .map_or(0, |i| self.counts[i].1)
    }

    /// Whether `first` is directly followed by `second` somewhere.
    pub fn has_pair(&self, first: TermId, second: TermId) -> bool {
        self.pairs.binary_search(&pair_id(first, second)).is_ok()
    }

    /// Number of terms (after stop words are dropped).
    pub fn length(&self) -> u32 {
        self.length
    }
}

/// Guesses French or English from the share of each language's commonest function words.
pub fn detect_language(text: &str) -> Language {
    const FRENCH: &[&str] = &[
        "le", "la", "les", "de", "des", "du", "et", "est", "pour", "dans", "avec", "sur", "une",
        "au", "aux", "en", "par", "que", "qui",
    ];
    const ENGLISH: &[&str] = &[
        "the", "and", "of", "to", "in", "with", "for", "is", "on", "as", "at", "by", "an", "from",
        "that",
    ];
    let (mut french, mut english) = (0u32, 0u32);
    for_each_token(&fold(text), |token| {
        french += u32::from(FRENCH.contains(&token));
        english += u32::from(ENGLISH.contains(&token));
    });
    if french > english {
        Language::French
    } else {
        Language::English
    }
}

/// The terms of `text`, in order, analysed as `language`.
pub fn analyze(text: &str, language: Language) -> Vec<Term> {
    let vocabulary = Vocabulary::get();
    let folded = fold(text);
    let mut words: Vec<&str> = Vec::new();
    for_each_token(&folded, |token| {
        if !vocabulary.stop_words.contains(token) {
            words.push(token);
        }
    });
    let stems: Vec<String> = words.iter().map(|w| vocabulary.stem(w, language)).collect();

    let mut terms = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if let Some((concept, width)) =
            vocabulary.longest_concept(&words[i..], &stems[i..], language)
        {
            terms.push(Term {
                id: term_id(concept),
                display: concept.to_owned(),
            });
            i += width;
            continue;
        }
        let word = words[i];
        // Years and phone numbers say nothing about a job.
        let is_long_number = word.len() >= 4 && word.bytes().all(|b| b.is_ascii_digit());
        if !vocabulary.domain_stop_words.contains(word) && !is_long_number {
            terms.push(Term {
                id: term_id(&stems[i]),
                display: word.to_owned(),
            });
        }
        i += 1;
    }
    terms
}

/// FNV-1a: stable across platforms and releases, unlike the standard library's hasher.
pub fn term_id(canonical: &str) -> TermId {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in canonical.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn pair_id(first: TermId, second: TermId) -> u64 {
    first.rotate_left(17) ^ second.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Stop words, stemmers and the concept table, built once.
struct Vocabulary {
    stop_words: HashSet<&'static str>,
    domain_stop_words: HashSet<&'static str>,
    /// Space-joined folded or stemmed word sequences to concept names.
    concepts: HashMap<String, &'static str>,
    /// First words (folded or stemmed) of multi-word keys: other words skip phrase lookups.
    phrase_starts: HashSet<String>,
    longest_phrase: usize,
    french: Stemmer,
    english: Stemmer,
}

impl Vocabulary {
    fn get() -> &'static Vocabulary {
        static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
        VOCABULARY.get_or_init(Vocabulary::build)
    }

    fn build() -> Vocabulary {
        let mut vocabulary = Vocabulary {
            stop_words: STOP_WORDS.iter().copied().collect(),
            domain_stop_words: DOMAIN_STOP_WORDS.iter().copied().collect(),
            concepts: HashMap::new(),
            phrase_starts: HashSet::new(),
            longest_phrase: 1,
            french: Stemmer::create(Algorithm::French),
            english: Stemmer::create(Algorithm::English),
        };
        for concept in CONCEPTS {
            for form in concept.forms {
                let folded = fold(form);
                let mut words = Vec::new();
                for_each_token(&folded, |t| {
                    if !vocabulary.stop_words.contains(t) {
                        words.push(t.to_owned());
                    }
                });
                if words.is_empty() {
                    continue;
                }
                vocabulary.longest_phrase = vocabulary.longest_phrase.max(words.len());
                let keys = [
                    words.join(" "),
                    words
                        .iter()
                        .map(|w| vocabulary.stem(w, Language::French))
                        .collect::<Vec<_>>()
                        .join(" "),
                    words
                        .iter()
                        .map(|w| vocabulary.stem(w, Language::English))
                        .collect::<Vec<_>>()
                        .join(" "),
                ];
                for key in keys {
                    if let Some((first, _)) = key.split_once(' ') {
                        vocabulary.phrase_starts.insert(first.to_owned());
                    }
                    // The first concept to claim a key keeps it: the table is in priority order.
                    vocabulary.concepts.entry(key).or_insert(concept.name);
                }
            }
        }
        vocabulary
    }

    /// Snowball stem of an alphabetic word; words with digits or signs are kept as they are.
    fn stem(&self, word: &str, language: Language) -> String {
        if !word.chars().all(char::is_alphabetic) || word.chars().count() < 4 {
            return word.to_owned();
        }
        let stemmer = match language {
            Language::French => &self.french,
            Language::English => &self.english,
        };
        stemmer.stem(word).into_owned()
    }

    /// The longest concept starting at `words[0]`, and how many words it spans.
    fn longest_concept(
        &self,
        words: &[&str],
        stems: &[String],
        language: Language,
    ) -> Option<(&'static str, usize)> {
        let other = match language {
            Language::French => Language::English,
            Language::English => Language::French,
        };
        let may_start_phrase =
            self.phrase_starts.contains(words[0]) || self.phrase_starts.contains(&stems[0]);
        if may_start_phrase {
            for width in (2..=self.longest_phrase.min(words.len())).rev() {
                if let Some(concept) = self.concepts.get(&words[..width].join(" ")) {
                    return Some((concept, width));
                }
                if let Some(concept) = self.concepts.get(&stems[..width].join(" ")) {
                    return Some((concept, width));
                }
            }
        }
        if let Some(concept) = self
            .concepts
            .get(words[0])
            .or_else(|| self.concepts.get(&stems[0]))
        {
            return Some((concept, 1));
        }
        // A word of the other language inside this text ("developers" in a French CV).
        self.concepts
            .get(&self.stem(words[0], other))
            .map(|concept| (*concept, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, language: Language) -> Vec<String> {
        analyze(text, language)
            .into_iter()
            .map(|t| t.display)
            .collect()
    }

    #[test]
    fn aliases_and_translations_meet_in_one_concept() {
        assert_eq!(
            names("K8s et Postgres", Language::French),
            ["kubernetes", "postgresql"]
        );
        assert_eq!(
            names("Développeuse JS", Language::French),
            ["developer", "javascript"]
        );
        assert_eq!(
            names("JavaScript developers", Language::English),
            ["javascript", "developer"]
        );
        assert_eq!(
            names("réseaux et données", Language::French),
            ["network", "data"]
        );
        assert_eq!(
            names("networking and data", Language::English),
            ["network", "data"]
        );
    }

    #[test]
    fn multi_word_skills_match_whole_and_first() {
        assert_eq!(
            names("Apprentissage automatique", Language::French),
            ["machine learning"]
        );
        assert_eq!(
            names("machine learning engineer", Language::English),
            ["machine learning", "engineer"]
        );
        assert_eq!(names("base de données", Language::French), ["database"]);
        assert_eq!(
            names("gestion de projets", Language::French),
            ["project management"]
        );
        assert_eq!(names("Power BI", Language::English), ["power bi"]);
    }

    #[test]
    fn punctuated_skills_survive() {
        assert_eq!(
            names("C#, C++, .NET, Node.js, CI/CD", Language::English),
            ["c#", "c++", ".net", "node.js", "ci/cd"]
        );
        assert_ne!(term_id("c#"), term_id("c++"));
        assert_ne!(term_id("c"), term_id("c#"));
    }

    #[test]
    fn stop_words_go_and_inflections_meet() {
        let plural = analyze("les architectures distribuées", Language::French);
        let singular = analyze("architecture distribuée", Language::French);
        assert_eq!(
            plural.iter().map(|t| t.id).collect::<Vec<_>>(),
            singular.iter().map(|t| t.id).collect::<Vec<_>>()
        );
        assert!(names("the and of le la les", Language::English).is_empty());
    }

    #[test]
    fn detects_the_language() {
        assert_eq!(
            detect_language("Nous recherchons un développeur pour notre équipe de la plateforme"),
            Language::French
        );
        assert_eq!(
            detect_language("We are looking for a developer to join the platform team"),
            Language::English
        );
    }

    #[test]
    fn documents_count_terms_and_pairs() {
        let document = Document::from_text("Rust backend developer. Rust and PostgreSQL.");
        assert_eq!(document.count(term_id("rust")), 2);
        assert!(document.has_pair(term_id("rust"), term_id("backend")));
        assert!(!document.has_pair(term_id("backend"), term_id("rust")));
        assert_eq!(document.length(), 5);
    }
}
