//! `offreapi seed --demo`: a demo recruiter, a demo candidate and offers in French and English,
//! so a first run shows a living app. Idempotent: existing demo accounts are left as they are.

use offreapi_types::{OfferInput, Role};
use sea_orm::DatabaseConnection;

use crate::auth::hash_password;
use crate::domain::{Email, OfferDraft, PersonName};
use crate::services::offers;
use crate::services::users::{self, NewUser};

pub const DEMO_RECRUITER: (&str, &str) = ("recruteur@demo.offreapi.test", "demo-recruteur-2026");
pub const DEMO_CANDIDATE: (&str, &str) = ("candidate@demo.offreapi.test", "demo-candidate-2026");

pub async fn seed_demo(db: &DatabaseConnection) -> anyhow::Result<()> {
    let recruiter = ensure_user(db, DEMO_RECRUITER, "Camille Recruteuse", Role::Recruiter).await?;
    ensure_user(db, DEMO_CANDIDATE, "Alex Candidate", Role::Candidate).await?;

    if let Some(recruiter_id) = recruiter {
        for offer in demo_offers() {
            let draft = OfferDraft::parse(offer).map_err(|e| anyhow::anyhow!("demo offer: {e}"))?;
            offers::create(db, recruiter_id, draft)
                .await
                .map_err(|e| anyhow::anyhow!("demo offer: {e}"))?;
        }
    }

    println!("Demo accounts (sign in with these):");
    println!(
        "  recruiter  {}  password: {}",
        DEMO_RECRUITER.0, DEMO_RECRUITER.1
    );
    println!(
        "  candidate  {}  password: {}",
        DEMO_CANDIDATE.0, DEMO_CANDIDATE.1
    );
    Ok(())
}

/// Creates the account unless it exists; returns its id when it was just created.
async fn ensure_user(
    db: &DatabaseConnection,
    (email, password): (&str, &str),
    name: &str,
    role: Role,
) -> anyhow::Result<Option<i32>> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("demo email: {e}"))?;
    if users::find_by_email(db, &email)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .is_some()
    {
        return Ok(None);
    }
    let password_hash = hash_password(password.to_owned())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let user = users::create(
        db,
        NewUser {
            email,
            password_hash,
            full_name: PersonName::parse(name).map_err(|e| anyhow::anyhow!("demo name: {e}"))?,
            role,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Some(user.id as i32))
}

fn demo_offers() -> Vec<OfferInput> {
    let offer =
        |title: &str, description: &str, location: &str, skills: &[&str], questions: &[&str]| {
            OfferInput {
                title: title.to_owned(),
                description: description.to_owned(),
                location: location.to_owned(),
                skills: skills.iter().map(|s| s.to_string()).collect(),
                questions: questions.iter().map(|s| s.to_string()).collect(),
                status: None,
            }
        };
    vec![
        offer(
            "Développeur·se backend Rust",
            "Rejoignez l'équipe plateforme pour concevoir des API web performantes en Rust \
             (actix-web), stockées dans PostgreSQL et déployées sur Kubernetes. Vous écrirez \
             des tests, mesurerez la performance et participerez aux revues de code.",
            "Lyon",
            &["Rust", "PostgreSQL", "Kubernetes", "Docker", "CI/CD"],
            &[
                "Quelle est votre disponibilité ?",
                "Avez-vous déjà utilisé Rust en production ?",
            ],
        ),
        offer(
            "Data engineer",
            "Build and run the data pipelines that feed our analytics: batch and streaming \
             jobs in Python and SQL, orchestrated with Airflow, on a Spark cluster.",
            "Paris",
            &["Python", "SQL", "Apache Spark", "Airflow"],
            &["When could you start?"],
        ),
        offer(
            "Ingénieur·e DevOps / SRE",
            "Vous fiabilisez notre infrastructure : clusters Kubernetes, observabilité avec \
             Prometheus et Grafana, infrastructure as code avec Terraform, astreintes partagées.",
            "Télétravail",
            &["Kubernetes", "Prometheus", "Terraform", "Linux"],
            &[],
        ),
        offer(
            "Frontend developer (React)",
            "Design and build accessible, fast user interfaces in TypeScript and React, with \
             a design system shared across products.",
            "Nantes",
            &["JavaScript", "TypeScript", "React", "CSS"],
            &["Link to a portfolio or a repository?"],
        ),
    ]
}
