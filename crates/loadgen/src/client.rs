//! The operations against OffreAPI's HTTP API, and the accounts and offers they need: a few
//! recruiters with published offers are set up first; candidates register as they apply.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{bail, Context};
use offreapi_types::{AuthResponse, Offer, OfferInput, RegisterRequest, Role};
use rand::seq::SliceRandom;
use rand::Rng;
use reqwest::{StatusCode, Url};

use crate::scenario::Operation;
use crate::stats::Outcome;

/// Refuses anything but this machine unless the operator says otherwise: a load test pointed
/// at someone else's server is an attack.
pub fn check_target(target: &str, allow_remote: bool) -> anyhow::Result<Url> {
    let url = Url::parse(target)
        .with_context(|| format!("`{target}` is not a URL (e.g. http://127.0.0.1:8080)"))?;
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_start_matches('[')
        .trim_end_matches(']');
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback && !allow_remote {
        bail!("{target} is not on this machine; pass --allow-remote to load a server you are responsible for");
    }
    Ok(url)
}

/// A recruiter of the run, with the offers they published.
struct Recruiter {
    token: String,
    offers: Vec<i64>,
}

pub struct World {
    base: String,
    http: reqwest::Client,
    recruiters: Vec<Recruiter>,
    cvs: Vec<(String, Vec<u8>)>,
    run_id: String,
    accounts: AtomicU64,
}

const PASSWORD: &str = "load-test-password";

fn offer(i: usize) -> OfferInput {
    let (title, skills) = [
        (
            "Développeuse backend Rust",
            vec!["Rust", "PostgreSQL", "Kubernetes", "Docker"],
        ),
        ("Frontend engineer", vec!["TypeScript", "React", "CSS"]),
        ("Data engineer", vec!["Python", "SQL", "Spark", "Airflow"]),
        ("Comptable", vec!["Comptabilité", "TVA", "Bilan"]),
    ][i % 4]
        .clone();
    OfferInput {
        title: format!("{title} ({i})"),
        description: format!(
            "{title}: an offer published by offreapi-load. Skills: {}.",
            skills.join(", ")
        ),
        location: ["Lyon", "Paris", "Remote"][i % 3].into(),
        skills: skills.into_iter().map(str::to_owned).collect(),
        questions: vec!["Quand pouvez-vous commencer ?".into()],
        status: None,
    }
}

fn outcome(status: StatusCode, expected: StatusCode) -> Outcome {
    if status == expected {
        Outcome::Success
    } else {
        Outcome::Status(status.as_u16())
    }
}

impl World {
    /// Reads the CVs, registers `recruiters` recruiters and publishes their offers.
    pub async fn set_up(
        base: &Url,
        cv_dir: &Path,
        recruiters: usize,
        offers_each: usize,
        seed: u64,
    ) -> anyhow::Result<World> {
        let mut cvs = Vec::new();
        for entry in std::fs::read_dir(cv_dir)
            .with_context(|| format!("cannot read the CVs in {}", cv_dir.display()))?
        {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            if name.starts_with("cv_") && name.ends_with(".pdf") {
                cvs.push((name, std::fs::read(&path)?));
            }
        }
        cvs.sort();
        if cvs.is_empty() {
            bail!("no cv_*.pdf in {}", cv_dir.display());
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(256)
            .build()?;
        let mut world = World {
            base: base.as_str().trim_end_matches('/').to_owned(),
            http,
            recruiters: Vec::new(),
            cvs,
            run_id: format!("{seed}-{}", std::process::id()),
            accounts: AtomicU64::new(0),
        };
        let health = world
            .http
            .get(format!("{}/readyz", world.base))
            .send()
            .await;
        match health {
            Ok(response) if response.status().is_success() => {}
            Ok(response) => bail!(
                "{}/readyz answered {}: the server is not ready",
                world.base,
                response.status()
            ),
            Err(error) => bail!(
                "{} does not answer ({error}): is offreapi running there?",
                world.base
            ),
        }
        for r in 0..recruiters {
            let token = match world.register(Role::Recruiter).await? {
                Ok(token) => token,
                Err(status) => bail!(
                    "registering the load test's recruiters answered {status}; run the server with \
                     --auth-rate-limit-per-minute 0 so that registrations are not rate-limited"
                ),
            };
            let mut offers = Vec::new();
            for o in 0..offers_each {
                let response = world
                    .http
                    .post(format!("{}/api/v1/offers", world.base))
                    .bearer_auth(&token)
                    .json(&offer(r * offers_each + o))
                    .send()
                    .await?;
                if response.status() != StatusCode::CREATED {
                    bail!(
                        "publishing an offer answered {}: {}",
                        response.status(),
                        response.text().await.unwrap_or_default()
                    );
                }
                offers.push(response.json::<Offer>().await?.id);
            }
            world.recruiters.push(Recruiter { token, offers });
        }
        Ok(world)
    }

    /// A new account's token, or the status the API refused it with.
    async fn register(&self, role: Role) -> reqwest::Result<Result<String, StatusCode>> {
        let n = self.accounts.fetch_add(1, Ordering::Relaxed);
        let body = RegisterRequest {
            email: format!("load-{}-{n}@example.com", self.run_id),
            password: PASSWORD.into(),
            full_name: format!("Load {} {n}", role.as_str()),
            role,
        };
        let response = self
            .http
            .post(format!("{}/api/v1/auth/register", self.base))
            .json(&body)
            .send()
            .await?;
        if response.status() != StatusCode::CREATED {
            return Ok(Err(response.status()));
        }
        Ok(Ok(response.json::<AuthResponse>().await?.token))
    }

    fn any_offer(&self, rng: &mut impl Rng) -> (&Recruiter, i64) {
        let recruiter = self.recruiters.choose(rng).expect("set up with recruiters");
        (
            recruiter,
            *recruiter.offers.choose(rng).expect("set up with offers"),
        )
    }

    pub async fn run(&self, operation: Operation, rng: &mut impl Rng) -> Outcome {
        match self.try_run(operation, rng).await {
            Ok(outcome) => outcome,
            Err(_) => Outcome::Transport,
        }
    }

    async fn try_run(&self, operation: Operation, rng: &mut impl Rng) -> reqwest::Result<Outcome> {
        let base = &self.base;
        match operation {
            Operation::Browse => {
                let query = if rng.gen_bool(0.3) {
                    "?q=rust&page=1"
                } else {
                    "?page=1"
                };
                let list = self
                    .http
                    .get(format!("{base}/api/v1/offers{query}"))
                    .send()
                    .await?;
                if list.status() != StatusCode::OK {
                    return Ok(outcome(list.status(), StatusCode::OK));
                }
                let _ = list.bytes().await?;
                let (_, id) = self.any_offer(rng);
                let one = self
                    .http
                    .get(format!("{base}/api/v1/offers/{id}"))
                    .send()
                    .await?;
                let status = one.status();
                let _ = one.bytes().await?;
                Ok(outcome(status, StatusCode::OK))
            }
            Operation::Apply => {
                let (_, id) = self.any_offer(rng);
                let (name, bytes) = self.cvs.choose(rng).expect("CVs read").clone();
                let token = match self.register(Role::Candidate).await? {
                    Ok(token) => token,
                    Err(status) => return Ok(Outcome::Status(status.as_u16())),
                };
                let cv = reqwest::multipart::Part::bytes(bytes)
                    .file_name(name)
                    .mime_str("application/pdf")?;
                let form = reqwest::multipart::Form::new()
                    .part("cv", cv)
                    .text("answers", r#"["Dès que possible."]"#);
                let response = self
                    .http
                    .post(format!("{base}/api/v1/offers/{id}/applications"))
                    .bearer_auth(token)
                    .multipart(form)
                    .send()
                    .await?;
                let status = response.status();
                let _ = response.bytes().await?;
                Ok(outcome(status, StatusCode::CREATED))
            }
            Operation::Publish => {
                let recruiter = self.recruiters.choose(rng).expect("set up with recruiters");
                let response = self
                    .http
                    .post(format!("{base}/api/v1/offers"))
                    .bearer_auth(&recruiter.token)
                    .json(&offer(rng.gen_range(0..1000)))
                    .send()
                    .await?;
                let status = response.status();
                let _ = response.bytes().await?;
                Ok(outcome(status, StatusCode::CREATED))
            }
            Operation::Dashboard => {
                let (recruiter, id) = self.any_offer(rng);
                let response = self
                    .http
                    .get(format!("{base}/api/v1/offers/{id}/dashboard"))
                    .bearer_auth(&recruiter.token)
                    .send()
                    .await?;
                let status = response.status();
                let _ = response.bytes().await?;
                Ok(outcome(status, StatusCode::OK))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_targets_are_allowed_by_default() {
        for local in [
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://[::1]:80",
            "http://127.9.9.9",
        ] {
            assert!(check_target(local, false).is_ok(), "{local}");
        }
        for remote in [
            "http://example.com",
            "http://10.0.0.1:8080",
            "https://203.0.113.7",
        ] {
            let error = check_target(remote, false).unwrap_err();
            assert!(error.to_string().contains("--allow-remote"), "{error}");
            assert!(check_target(remote, true).is_ok());
        }
        assert!(check_target("not a url", true).is_err());
    }
}
