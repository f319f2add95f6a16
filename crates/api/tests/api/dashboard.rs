//! Scores at submission, the dashboard, the ranking CSV, rescoring after an edit, and what a
//! candidate sees of their own score.

use offreapi_types::{Application, Dashboard, OfferInput, Page};

use crate::helpers::{expect_problem, fixture, TestApp};

fn rust_offer() -> OfferInput {
    OfferInput {
        title: "Développeur·se backend Rust".into(),
        description: "Concevoir des API web en Rust, stockées dans PostgreSQL, déployées sur \
                      Kubernetes avec Docker et une chaîne CI/CD."
            .into(),
        location: "Lyon".into(),
        skills: vec![
            "Rust".into(),
            "PostgreSQL".into(),
            "Kubernetes".into(),
            "Docker".into(),
        ],
        questions: vec![],
        status: None,
    }
}

async fn dashboard_ranks_the_right_cv_first(app: TestApp) {
    let recruiter = app.recruiter("rh@exemple.fr").await;
    let offer = app.publish(&recruiter, &rust_offer()).await;
    let mut ids = Vec::new();
    for (i, file) in [
        "cv_fr_comptable.pdf",
        "cv_en_rust_backend.pdf",
        "cv_en_frontend.pdf",
    ]
    .iter()
    .enumerate()
    {
        let candidate = app.candidate(&format!("c{i}@exemple.fr")).await;
        let response = app.apply(&candidate, offer.id, fixture(file), None).await;
        assert_eq!(response.status(), 201, "{file}");
        let application: Application = response.json().await.unwrap();
        let score = application.score.expect("scored at submission");
        assert!((0.0..=1.0).contains(&score));
        ids.push((file, application.id, score));
    }

    let response = app
        .client
        .get(app.api(&format!("/offers/{}/dashboard", offer.id)))
        .bearer_auth(&recruiter)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let dashboard: Dashboard = response.json().await.unwrap();
    assert_eq!(dashboard.count, 3);
    assert!(!dashboard.rescoring);
    assert_eq!(dashboard.histogram.len(), 10);
    assert_eq!(dashboard.histogram.iter().map(|b| b.count).sum::<u64>(), 3);
    let ranking: Vec<i64> = dashboard.ranking.iter().map(|r| r.application_id).collect();
    assert_eq!(
        ranking[0], ids[1].1,
        "the Rust CV ranks first: {:?}",
        dashboard.ranking
    );
    assert_eq!(
        *ranking.last().unwrap(),
        ids[0].1,
        "the accountant ranks last"
    );
    let best = &dashboard.ranking[0];
    assert!(best.matched_skills.contains(&"Rust".to_owned()), "{best:?}");
    assert!(best.score.unwrap() >= dashboard.ranking[1].score.unwrap());
    let (min, max, mean) = (
        dashboard.min.unwrap(),
        dashboard.max.unwrap(),
        dashboard.mean.unwrap(),
    );
    assert!(min <= mean && mean <= max);

    let csv = app
        .client
        .get(app.api(&format!("/offers/{}/ranking.csv", offer.id)))
        .bearer_auth(&recruiter)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("rank,application_id,candidate_name,score"));
    assert!(
        lines[1].starts_with(&format!("1,{},", ids[1].1)),
        "{}",
        lines[1]
    );

    // The owner's list is ordered by score too.
    let listed: Page<Application> = app
        .get_as(&recruiter, &format!("/offers/{}/applications", offer.id))
        .await;
    assert_eq!(listed.items[0].id, ids[1].1);
}

async fn candidates_see_their_score_and_missing_skills(app: TestApp) {
    let recruiter = app.recruiter("rh@exemple.fr").await;
    let mut offer = rust_offer();
    offer.skills.push("Terraform".into());
    let offer = app.publish(&recruiter, &offer).await;
    let candidate = app.candidate("c@exemple.fr").await;
    app.apply(&candidate, offer.id, fixture("cv_en_frontend.pdf"), None)
        .await;
    let mine: Page<Application> = app.get_as(&candidate, "/me/applications").await;
    let explanation = mine.items[0].explanation.as_ref().expect("explanation");
    assert!(
        explanation.missing_skills.contains(&"Terraform".to_owned()),
        "{explanation:?}"
    );
    assert!(mine.items[0].score.is_some());
}

async fn editing_an_offer_rescores_its_applications(app: TestApp) {
    let recruiter = app.recruiter("rh@exemple.fr").await;
    let offer = app.publish(&recruiter, &rust_offer()).await;
    let candidate = app.candidate("c@exemple.fr").await;
    let before: Application = app
        .apply(&candidate, offer.id, fixture("cv_fr_comptable.pdf"), None)
        .await
        .json()
        .await
        .unwrap();

    let accounting = OfferInput {
        title: "Comptable confirmé·e".into(),
        description: "Tenue de la comptabilité générale, déclarations de TVA, bilans.".into(),
        location: "Paris".into(),
        skills: vec!["Comptabilité".into(), "TVA".into()],
        questions: vec![],
        status: None,
    };
    let response = app
        .client
        .put(app.api(&format!("/offers/{}", offer.id)))
        .bearer_auth(&recruiter)
        .json(&accounting)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let dashboard: Dashboard = app
        .get_as(&recruiter, &format!("/offers/{}/dashboard", offer.id))
        .await;
    assert!(
        !dashboard.rescoring,
        "a few applications are rescored within the edit"
    );
    let after = dashboard.ranking[0].score.unwrap();
    assert!(
        after > before.score.unwrap() + 0.3,
        "{} -> {after}",
        before.score.unwrap()
    );
    assert_eq!(dashboard.ranking[0].matched_skills, ["Comptabilité", "TVA"]);
}

async fn dashboards_are_for_owners_only(app: TestApp) {
    let owner = app.recruiter("owner@exemple.fr").await;
    let other = app.recruiter("other@exemple.fr").await;
    let candidate = app.candidate("c@exemple.fr").await;
    let offer = app.publish(&owner, &rust_offer()).await;
    for path in ["dashboard", "ranking.csv"] {
        let url = app.api(&format!("/offers/{}/{path}", offer.id));
        expect_problem(
            app.client
                .get(&url)
                .bearer_auth(&other)
                .send()
                .await
                .unwrap(),
            403,
        )
        .await;
        expect_problem(
            app.client
                .get(&url)
                .bearer_auth(&candidate)
                .send()
                .await
                .unwrap(),
            403,
        )
        .await;
        expect_problem(app.client.get(&url).send().await.unwrap(), 401).await;
    }
    let empty: Dashboard = app
        .get_as(&owner, &format!("/offers/{}/dashboard", offer.id))
        .await;
    assert_eq!(empty.count, 0);
    assert!(empty.mean.is_none() && empty.ranking.is_empty());
    // The owner's cached dashboard is still nobody else's.
    let url = app.api(&format!("/offers/{}/dashboard", offer.id));
    for intruder in [&other, &candidate] {
        let response = app
            .client
            .get(&url)
            .bearer_auth(intruder)
            .send()
            .await
            .unwrap();
        expect_problem(response, 403).await;
    }
    expect_problem(app.client.get(&url).send().await.unwrap(), 401).await;
}

/// Dashboards are cached in memory; an application or a withdrawal shows at once all the same.
async fn dashboards_follow_applications_at_once(app: TestApp) {
    let owner = app.recruiter("owner@exemple.fr").await;
    let candidate = app.candidate("c@exemple.fr").await;
    let offer = app.publish(&owner, &rust_offer()).await;
    let path = format!("/offers/{}/dashboard", offer.id);
    for _ in 0..2 {
        assert_eq!(app.get_as::<Dashboard>(&owner, &path).await.count, 0);
    }
    let applied = app
        .apply(
            &candidate,
            offer.id,
            fixture("cv_en_rust_backend.pdf"),
            None,
        )
        .await;
    let status = applied.status();
    let application: serde_json::Value = applied.json().await.unwrap();
    assert_eq!(status, 201, "{application}");
    assert_eq!(app.get_as::<Dashboard>(&owner, &path).await.count, 1);

    let withdrawn = app
        .client
        .delete(app.api(&format!("/applications/{}", application["id"])))
        .bearer_auth(&candidate)
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), 204);
    assert_eq!(app.get_as::<Dashboard>(&owner, &path).await.count, 0);
}

on_both_databases!(
    dashboard_ranks_the_right_cv_first,
    dashboards_follow_applications_at_once,
    candidates_see_their_score_and_missing_skills,
    editing_an_offer_rescores_its_applications,
    dashboards_are_for_owners_only,
);

#[tokio::test]
async fn many_applications_are_rescored_in_the_background() {
    use crate::helpers::{spawn_app_with, Backend};
    let app = spawn_app_with(Backend::Sqlite, |s| s.rescore_inline_limit = 0).await;
    let recruiter = app.recruiter("rh@exemple.fr").await;
    let offer = app.publish(&recruiter, &rust_offer()).await;
    for i in 0..3 {
        let candidate = app.candidate(&format!("c{i}@exemple.fr")).await;
        app.apply(&candidate, offer.id, fixture("cv_fr_comptable.pdf"), None)
            .await;
    }
    let mut edited = rust_offer();
    edited.title = "Comptable".into();
    edited.skills = vec!["Comptabilité".into()];
    let response = app
        .client
        .put(app.api(&format!("/offers/{}", offer.id)))
        .bearer_auth(&recruiter)
        .json(&edited)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let dashboard_path = format!("/offers/{}/dashboard", offer.id);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let dashboard = loop {
        let dashboard: Dashboard = app.get_as(&recruiter, &dashboard_path).await;
        if !dashboard.rescoring {
            break dashboard;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "rescoring never finished"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(
        dashboard
            .ranking
            .iter()
            .all(|r| r.matched_skills == ["Comptabilité"]),
        "{:?}",
        dashboard.ranking
    );
}

#[tokio::test]
async fn simulated_scoring_reproduces_the_original_random_scores() {
    use crate::helpers::{spawn_app_with, Backend};
    let app = spawn_app_with(Backend::Sqlite, |s| {
        s.scoring = offreapi::configuration::ScoringMode::Simulated
    })
    .await;
    let recruiter = app.recruiter("rh@exemple.fr").await;
    let offer = app.publish(&recruiter, &rust_offer()).await;
    let candidate = app
        .register("c@exemple.fr", offreapi_types::Role::Candidate)
        .await;
    let application: Application = app
        .apply(
            &candidate.token,
            offer.id,
            fixture("cv_en_rust_backend.pdf"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let expected = offreapi_scoring::simulated_score(offer.id, candidate.user.id);
    assert_eq!(application.score, Some(expected));
    assert!(application.explanation.unwrap().matched_skills.is_empty());
}
