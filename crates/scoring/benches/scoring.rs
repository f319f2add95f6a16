//! Scoring speed and memory: 10,000 CVs of about 600 words against one offer, on one core.
//! Run with `cargo bench -p offreapi-scoring --bench scoring`; prints medians of 15 runs.

use std::hint::black_box;
use std::time::Instant;

use offreapi_scoring::{Document, Offer, OfferProfile};

const CVS: usize = 10_000;
const WORDS_PER_CV: usize = 600;

fn main() {
    let rss_start = rss_kib();
    let eval = concat!(env!("CARGO_MANIFEST_DIR"), "/eval/cvs");
    let mut vocabulary: Vec<String> = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(eval)
        .expect("eval CVs")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let text = std::fs::read_to_string(path).expect("CV text");
        vocabulary.extend(text.split_whitespace().map(str::to_owned));
    }
    // Deterministic pseudo-random CVs drawn from the words of the evaluation CVs.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let texts: Vec<String> = (0..CVS)
        .map(|_| {
            (0..WORDS_PER_CV)
                .map(|_| vocabulary[(next() % vocabulary.len() as u64) as usize].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();

    let skills: Vec<String> = [
        "Rust",
        "PostgreSQL",
        "Kubernetes",
        "Docker",
        "CI/CD",
        "Gestion de projet",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rss_before_scorer = rss_kib();
    let profile = OfferProfile::new(Offer {
        title: "Développeur·se backend Rust",
        description: "Rejoignez l'équipe plateforme pour concevoir des API web performantes en \
                      Rust, stockées dans PostgreSQL et déployées sur Kubernetes. Tests, mesure \
                      de la performance, revues de code, astreintes partagées.",
        skills: &skills,
    });
    let rss_scorer = rss_kib();

    let started = Instant::now();
    let documents: Vec<Document> = texts.iter().map(|t| Document::from_text(t)).collect();
    let analysis = started.elapsed();

    let mut runs = Vec::new();
    let mut checksum = 0.0;
    for _ in 0..15 {
        let started = Instant::now();
        for document in &documents {
            checksum += black_box(profile.score(black_box(document))).value;
        }
        runs.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    runs.sort_by(f64::total_cmp);

    println!("CVs: {CVS} of {WORDS_PER_CV} words (checksum {checksum:.1})");
    println!("analysis (tokenise, fold, stem, concepts), once per CV at intake: {:.1} ms total, {:.1} µs per CV", analysis.as_secs_f64() * 1000.0, analysis.as_secs_f64() * 1e6 / CVS as f64);
    println!(
        "scoring {CVS} analysed CVs against one offer: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        runs[runs.len() / 2],
        runs[0],
        runs[runs.len() - 1]
    );
    println!(
        "resident memory: process at start {} KiB; scorer (vocabulary + offer profile) {} KiB",
        rss_start,
        rss_scorer.saturating_sub(rss_before_scorer)
    );
    let document_bytes: usize = documents
        .iter()
        .map(|_| std::mem::size_of::<Document>())
        .sum();
    println!(
        "documents: {} KiB of headers (term tables are on the heap)",
        document_bytes / 1024
    );
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
