//! `offreapi score`: ranks CV files (PDF or plain text) against an offer from the command line,
//! with no server or database. PDFs are read in the same sandboxed child process as uploads.

use std::path::{Path, PathBuf};

use offreapi_scoring::{Offer, OfferProfile};
use offreapi_types::OfferInput;
use serde::Serialize;

use crate::configuration::{ScoreFormat, Settings};
use crate::csv;
use crate::domain::OfferDraft;
use crate::intake::looks_like_pdf;
use crate::startup::pdf_extractor;

#[derive(Debug, Serialize)]
pub struct FileScore {
    pub file: String,
    pub score: f64,
    pub matched_skills: Vec<String>,
    pub missing_skills: Vec<String>,
    pub top_terms: Vec<String>,
}

/// Scores every file, prints them best first in `format`, and reports unreadable files on
/// stderr. Fails when no file could be scored.
pub async fn run(
    settings: &Settings,
    offer_path: &Path,
    format: ScoreFormat,
    skill_weight: Option<f64>,
    files: &[PathBuf],
) -> anyhow::Result<()> {
    let raw = std::fs::read_to_string(offer_path)
        .map_err(|e| anyhow::anyhow!("cannot read the offer file {}: {e}", offer_path.display()))?;
    let input: OfferInput = serde_json::from_str(&raw).map_err(|e| {
        anyhow::anyhow!(
            "{} is not an offer: expected a JSON object with title, description and skills ({e})",
            offer_path.display()
        )
    })?;
    let draft = OfferDraft::parse(input).map_err(|e| anyhow::anyhow!("invalid offer: {e}"))?;
    let profile = OfferProfile::new(Offer {
        title: &draft.title,
        description: &draft.description,
        skills: &draft.skills,
    });
    let profile = match skill_weight {
        Some(weight) => profile.with_skill_weight(weight),
        None => profile,
    };
    let extractor = pdf_extractor(settings)?;

    let mut scores = Vec::with_capacity(files.len());
    let mut failures = 0usize;
    for path in files {
        match read_cv(&extractor, path).await {
            Ok(text) => {
                let score = profile.score_text(&text);
                scores.push(FileScore {
                    file: path.display().to_string(),
                    score: score.value,
                    matched_skills: score.matched_skills,
                    missing_skills: score.missing_skills,
                    top_terms: score.top_terms,
                });
            }
            Err(error) => {
                failures += 1;
                eprintln!("{}: skipped: {error}", path.display());
            }
        }
    }
    scores.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.file.cmp(&b.file)));
    print!("{}", render(&scores, format)?);
    if scores.is_empty() && failures > 0 {
        anyhow::bail!("no file could be scored");
    }
    Ok(())
}

async fn read_cv(extractor: &crate::intake::PdfExtractor, path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read it: {e}"))?;
    if looks_like_pdf(&bytes) {
        Ok(extractor.extract(&bytes).await?.text)
    } else {
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

fn render(scores: &[FileScore], format: ScoreFormat) -> anyhow::Result<String> {
    Ok(match format {
        ScoreFormat::Json => format!("{}\n", serde_json::to_string_pretty(scores)?),
        ScoreFormat::Csv => {
            let mut out = csv::record(&[
                "rank",
                "file",
                "score",
                "matched_skills",
                "missing_skills",
                "top_terms",
            ]);
            for (i, s) in scores.iter().enumerate() {
                out.push_str(&csv::record(&[
                    (i + 1).to_string(),
                    s.file.clone(),
                    format!("{:.4}", s.score),
                    s.matched_skills.join("; "),
                    s.missing_skills.join("; "),
                    s.top_terms.join("; "),
                ]));
            }
            out
        }
        ScoreFormat::Table => {
            let width = scores
                .iter()
                .map(|s| s.file.chars().count())
                .max()
                .unwrap_or(4)
                .max(4);
            let mut out = format!(
                "{:>4}  {:<width$}  {:>6}  missing skills\n",
                "rank", "file", "score"
            );
            for (i, s) in scores.iter().enumerate() {
                out.push_str(&format!(
                    "{:>4}  {:<width$}  {:>6.4}  {}\n",
                    i + 1,
                    s.file,
                    s.score,
                    s.missing_skills.join(", ")
                ));
            }
            out
        }
    })
}
