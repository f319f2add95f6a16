//! `spawn_app`: a running OffreAPI on a throwaway database, and an HTTP client for it.
//! `on_both_databases!` turns one async test body into a SQLite test and a PostgreSQL test.

use offreapi::configuration::Settings;
use offreapi::startup::Application;
use offreapi_types::{AuthResponse, Offer, OfferInput, Problem, RegisterRequest, Role};
use serde_json::Value;

/// The secret every test server signs with, so tests can forge tokens with or without it.
pub const TEST_JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256!";

pub enum Backend {
    Sqlite,
    Postgres(String),
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    _database: TestDatabase,
}

enum TestDatabase {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

/// Generates `mod name { sqlite(), postgres() }` tests that run `name(app)` on each database.
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    let app = crate::helpers::spawn_app(crate::helpers::Backend::Sqlite).await;
                    super::$name(app).await;
                }

                #[tokio::test]
                async fn postgres() {
                    let Some(backend) = crate::helpers::postgres_backend() else {
                        eprintln!("OFFREAPI_TEST_POSTGRES_URL is not set: PostgreSQL run skipped");
                        return;
                    };
                    let app = crate::helpers::spawn_app(backend).await;
                    super::$name(app).await;
                }
            }
        )+
    };
}

/// PostgreSQL when `OFFREAPI_TEST_POSTGRES_URL` names a server to create databases on.
pub fn postgres_backend() -> Option<Backend> {
    std::env::var("OFFREAPI_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .map(Backend::Postgres)
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Like `spawn_app`, with settings adjusted by `tweak` first.
pub async fn spawn_app_with(backend: Backend, tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let (database_url, database) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary directory");
            let url = format!("sqlite://{}/offreapi.db", dir.path().display());
            (url, TestDatabase::Sqlite(dir))
        }
        Backend::Postgres(admin_url) => {
            let name = format!("offreapi_test_{}", uuid::Uuid::new_v4().simple());
            let admin = sea_orm::Database::connect(&admin_url)
                .await
                .unwrap_or_else(|e| {
                    panic!("OFFREAPI_TEST_POSTGRES_URL is set but unreachable: {e}")
                });
            sea_orm::ConnectionTrait::execute_unprepared(
                &admin,
                &format!("CREATE DATABASE \"{name}\""),
            )
            .await
            .expect("create the test database");
            let _ = admin.close().await;
            let url = with_database_name(&admin_url, &name);
            (url, TestDatabase::Postgres { admin_url, name })
        }
    };
    let mut settings = Settings::for_database(database_url);
    settings.jwt_secret = Some(TEST_JWT_SECRET.to_owned());
    // Extraction runs in the real extractor executable, as a child, as in production.
    settings.pdf_extractor = Some(env!("CARGO_BIN_EXE_offreapi-pdf").into());
    tweak(&mut settings);
    let app = Application::build(settings)
        .await
        .expect("build the application");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client"),
        _database: database,
    }
}

/// `postgres://u@h:p/db?x` with `db` replaced by `name`.
fn with_database_name(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let TestDatabase::Postgres { admin_url, name } = self else {
            return;
        };
        let (admin_url, name) = (admin_url.clone(), name.clone());
        // Drop runs inside the test's runtime, which cannot block on itself: use a thread.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                if let Ok(admin) = sea_orm::Database::connect(&admin_url).await {
                    let _ = sea_orm::ConnectionTrait::execute_unprepared(
                        &admin,
                        &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                    )
                    .await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{}", self.address, path)
    }

    pub async fn register(&self, email: &str, role: Role) -> AuthResponse {
        let response = self
            .client
            .post(self.api("/auth/register"))
            .json(&RegisterRequest {
                email: email.to_owned(),
                password: "correct horse battery".to_owned(),
                full_name: "Test Person".to_owned(),
                role,
            })
            .send()
            .await
            .expect("register request");
        assert_eq!(response.status(), 201, "registering {email}");
        response.json().await.expect("auth response")
    }

    pub async fn recruiter(&self, email: &str) -> String {
        self.register(email, Role::Recruiter).await.token
    }

    pub async fn candidate(&self, email: &str) -> String {
        self.register(email, Role::Candidate).await.token
    }

    pub async fn post_offer(&self, token: &str, offer: &OfferInput) -> reqwest::Response {
        self.client
            .post(self.api("/offers"))
            .bearer_auth(token)
            .json(offer)
            .send()
            .await
            .expect("post offer")
    }

    pub async fn publish(&self, token: &str, offer: &OfferInput) -> Offer {
        let response = self.post_offer(token, offer).await;
        assert_eq!(response.status(), 201, "publishing {}", offer.title);
        response.json().await.expect("offer")
    }

    /// `GET /api/v1{path}` as `token`, expecting 200 and a `T` body.
    pub async fn get_as<T: serde::de::DeserializeOwned>(&self, token: &str, path: &str) -> T {
        let response = self
            .client
            .get(self.api(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("JSON body")
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let response = self.client.get(self.api(path)).send().await.expect("GET");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

/// A file of `tests/fixtures/pdf/`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

impl TestApp {
    /// Applies to `offer_id` with `pdf` as the `cv` field and `answers` if given.
    pub async fn apply(
        &self,
        token: &str,
        offer_id: i64,
        pdf: Vec<u8>,
        answers: Option<&str>,
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new().part(
            "cv",
            reqwest::multipart::Part::bytes(pdf)
                .file_name("mon CV.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
        if let Some(answers) = answers {
            form = form.text("answers", answers.to_owned());
        }
        self.client
            .post(self.api(&format!("/offers/{offer_id}/applications")))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("apply")
    }
}

/// A valid offer body.
pub fn offer(title: &str, skills: &[&str]) -> OfferInput {
    OfferInput {
        title: title.to_owned(),
        description: format!("{title}: a role in a friendly team."),
        location: "Lyon".to_owned(),
        skills: skills.iter().map(|s| s.to_string()).collect(),
        questions: vec!["When can you start?".to_owned()],
        status: None,
    }
}

/// Asserts that `response` is a problem with `status`, and returns it.
pub async fn expect_problem(response: reqwest::Response, status: u16) -> Problem {
    assert_eq!(
        response.status().as_u16(),
        status,
        "status of {}",
        response.url()
    );
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("application/problem+json"),
        "content type was {content_type:?}"
    );
    let problem: Problem = response.json().await.expect("problem body");
    assert_eq!(problem.status, status);
    assert!(!problem.detail.is_empty());
    problem
}
