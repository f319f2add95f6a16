//! Publishing, reading, editing, closing and deleting offers; ownership; search and pagination.

use offreapi_types::{Offer, OfferStatus, Page};
use serde_json::json;

use crate::helpers::{expect_problem, offer, TestApp};

async fn recruiter_publishes_reads_edits_and_deletes(app: TestApp) {
    let token = app.recruiter("rh@exemple.fr").await;
    let published = app
        .publish(&token, &offer("Développeur Rust", &["Rust", "SQL"]))
        .await;
    assert_eq!(published.status, OfferStatus::Open);
    assert_eq!(published.skills, ["Rust", "SQL"]);

    let (status, body) = app.get_json(&format!("/offers/{}", published.id)).await;
    assert_eq!(status, 200);
    let read: Offer = serde_json::from_value(body).unwrap();
    assert_eq!(read, published);

    let mut edited = offer("Développeuse Rust senior", &["Rust"]);
    edited.questions = vec![];
    edited.status = Some(OfferStatus::Closed);
    let response = app
        .client
        .put(app.api(&format!("/offers/{}", published.id)))
        .bearer_auth(&token)
        .json(&edited)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let updated: Offer = response.json().await.unwrap();
    assert_eq!(updated.title, "Développeuse Rust senior");
    assert_eq!(updated.skills, ["Rust"]);
    assert!(updated.questions.is_empty());
    assert_eq!(updated.status, OfferStatus::Closed);
    assert!(updated.updated_at >= published.updated_at);
    assert_eq!(updated.created_at, published.created_at);

    let delete = app
        .client
        .delete(app.api(&format!("/offers/{}", published.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), 204);
    let (status, _) = app.get_json(&format!("/offers/{}", published.id)).await;
    assert_eq!(status, 404);
}

async fn only_recruiters_publish_and_only_owners_edit(app: TestApp) {
    let candidate = app.candidate("cand@exemple.fr").await;
    let response = app.post_offer(&candidate, &offer("Nope", &[])).await;
    expect_problem(response, 403).await;

    let anonymous = app
        .client
        .post(app.api("/offers"))
        .json(&offer("Nope", &[]))
        .send()
        .await
        .unwrap();
    expect_problem(anonymous, 401).await;

    let owner = app.recruiter("owner@exemple.fr").await;
    let other = app.recruiter("other@exemple.fr").await;
    let published = app.publish(&owner, &offer("Comptable", &["Excel"])).await;
    let path = app.api(&format!("/offers/{}", published.id));

    let put = app
        .client
        .put(&path)
        .bearer_auth(&other)
        .json(&offer("Hijacked", &[]))
        .send()
        .await
        .unwrap();
    expect_problem(put, 403).await;
    let delete = app
        .client
        .delete(&path)
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    expect_problem(delete, 403).await;
    let by_candidate = app
        .client
        .delete(&path)
        .bearer_auth(&candidate)
        .send()
        .await
        .unwrap();
    expect_problem(by_candidate, 403).await;

    let (_, body) = app.get_json(&format!("/offers/{}", published.id)).await;
    assert_eq!(body["title"], "Comptable", "the offer must be untouched");
}

async fn owner_and_status_cannot_be_assigned_through_the_body(app: TestApp) {
    let victim = app
        .register("victim@exemple.fr", offreapi_types::Role::Recruiter)
        .await;
    let attacker = app.recruiter("attacker@exemple.fr").await;
    let response = app
        .client
        .post(app.api("/offers"))
        .bearer_auth(&attacker)
        .json(&json!({"title": "t", "description": "d", "owner_id": victim.user.id, "id": 777}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let created: Offer = response.json().await.unwrap();
    assert_ne!(created.owner_id, victim.user.id);
    assert_ne!(created.id, 777);
}

async fn owner_cannot_be_reassigned_through_an_edit(app: TestApp) {
    let victim = app
        .register("victim@exemple.fr", offreapi_types::Role::Recruiter)
        .await;
    let attacker = app.recruiter("attacker@exemple.fr").await;
    let posted = app.publish(&attacker, &offer("Rust", &["Rust"])).await;
    let response = app
        .client
        .put(app.api(&format!("/offers/{}", posted.id)))
        .bearer_auth(&attacker)
        .json(
            &json!({"title": "t", "description": "d", "owner_id": victim.user.id,
                      "created_at": "2000-01-01T00:00:00Z"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let edited: Offer = response.json().await.unwrap();
    assert_eq!(edited.owner_id, posted.owner_id);
    assert_eq!(edited.created_at, posted.created_at);
    let mine: serde_json::Value = app.get_as(&victim.token, "/me/offers").await;
    assert_eq!(mine["total"], 0, "the victim was given nothing: {mine}");
}

/// The public list and offers are cached in memory; every write shows at once all the same.
async fn writes_show_at_once_through_the_public_cache(app: TestApp) {
    let token = app.recruiter("cache@exemple.fr").await;
    let first = app.publish(&token, &offer("Première", &["Rust"])).await;
    let path = format!("/offers/{}", first.id);
    // Warm both caches.
    for _ in 0..2 {
        assert_eq!(app.get_json("/offers").await.1["total"], 1);
        assert_eq!(app.get_json(&path).await.1["title"], "Première");
    }
    let second = app.publish(&token, &offer("Seconde", &["SQL"])).await;
    let (_, list) = app.get_json("/offers").await;
    assert_eq!(list["total"], 2, "a new offer is listed at once");
    assert_eq!(list["items"][0]["id"], second.id);

    let edited = app
        .client
        .put(app.api(&path))
        .bearer_auth(&token)
        .json(&offer("Renommée", &["Rust"]))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);
    assert_eq!(app.get_json(&path).await.1["title"], "Renommée");
    assert_eq!(
        app.get_json("/offers").await.1["items"][1]["title"],
        "Renommée"
    );

    let deleted = app
        .client
        .delete(app.api(&path))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(app.get_json(&path).await.0, 404);
    assert_eq!(app.get_json("/offers").await.1["total"], 1);
}

async fn unknown_offers_are_404(app: TestApp) {
    let token = app.recruiter("ghost@exemple.fr").await;
    for path in ["/offers/999999", "/offers/abc", "/offers/99999999999999"] {
        let (status, _) = app.get_json(path).await;
        assert_eq!(status, 404, "{path}");
    }
    let put = app
        .client
        .put(app.api("/offers/999999"))
        .bearer_auth(&token)
        .json(&offer("x", &[]))
        .send()
        .await
        .unwrap();
    expect_problem(put, 404).await;
    let delete = app
        .client
        .delete(app.api("/offers/999999"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    expect_problem(delete, 404).await;
}

async fn list_pages_newest_first(app: TestApp) {
    let token = app.recruiter("pages@exemple.fr").await;
    let mut ids = Vec::new();
    for i in 0..25 {
        ids.push(
            app.publish(&token, &offer(&format!("Offer {i}"), &[]))
                .await
                .id,
        );
    }
    let (status, body) = app.get_json("/offers").await;
    assert_eq!(status, 200);
    let first: Page<Offer> = serde_json::from_value(body).unwrap();
    assert_eq!(
        (first.total, first.page, first.per_page, first.items.len()),
        (25, 1, 20, 20)
    );
    assert_eq!(first.items[0].id, *ids.last().unwrap(), "newest first");

    let (_, body) = app.get_json("/offers?page=2&per_page=20").await;
    let second: Page<Offer> = serde_json::from_value(body).unwrap();
    assert_eq!(second.items.len(), 5);
    assert_eq!(second.items.last().unwrap().id, ids[0]);

    let (_, body) = app.get_json("/offers?page=9").await;
    let beyond: Page<Offer> = serde_json::from_value(body).unwrap();
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 25);

    let (_, body) = app.get_json("/offers?per_page=100").await;
    assert_eq!(body["items"].as_array().unwrap().len(), 25);

    for (query, status) in [
        ("per_page=101", 422),
        ("per_page=0", 422),
        ("page=0", 422),
        ("page=abc", 400),
        ("per_page=-1", 400),
    ] {
        let response = app
            .client
            .get(app.api(&format!("/offers?{query}")))
            .send()
            .await
            .unwrap();
        expect_problem(response, status).await;
    }
}

async fn search_ignores_case_and_accents(app: TestApp) {
    let token = app.recruiter("search@exemple.fr").await;
    let mut rust = offer("Développeur Rust", &["Rust", "PostgreSQL"]);
    rust.description = "Équipe plateforme, données en temps réel.".into();
    rust.location = "Lyon".into();
    let rust = app.publish(&token, &rust).await;
    let mut data = offer("Data engineer", &["Python", "Apache Spark"]);
    data.location = "Paris".into();
    let data = app.publish(&token, &data).await;
    let mut closed = offer("Développeur Java", &["Java"]);
    closed.status = Some(OfferStatus::Closed);
    let closed = app.publish(&token, &closed).await;

    let ids = |body: serde_json::Value| -> Vec<i64> {
        let page: Page<Offer> = serde_json::from_value(body).unwrap();
        page.items.iter().map(|o| o.id).collect()
    };

    assert_eq!(
        ids(app.get_json("/offers?q=DEVELOPPEUR").await.1),
        [rust.id]
    );
    assert_eq!(
        ids(app.get_json("/offers?q=donnees%20equipe").await.1),
        [rust.id]
    );
    assert_eq!(
        ids(app.get_json("/offers?q=rust%20spark").await.1),
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(app.get_json("/offers?q=postgresql").await.1),
        [rust.id],
        "skills are searched"
    );
    assert_eq!(
        ids(app.get_json("/offers?location=paris").await.1),
        [data.id]
    );
    assert_eq!(
        ids(app.get_json("/offers?skill=apache%20SPARK").await.1),
        [data.id]
    );
    assert_eq!(
        ids(app.get_json("/offers?skill=spark").await.1),
        Vec::<i64>::new(),
        "skills match whole"
    );
    assert_eq!(
        ids(app.get_json("/offers?q=%25").await.1),
        Vec::<i64>::new(),
        "% is not a wildcard"
    );
    assert_eq!(
        ids(app.get_json("/offers?q=_").await.1),
        Vec::<i64>::new(),
        "_ is not a wildcard"
    );
    let all = ids(app.get_json("/offers").await.1);
    assert!(!all.contains(&closed.id), "closed offers are left out");
    assert_eq!(app.get_json(&format!("/offers/{}", closed.id)).await.0, 200);
}

async fn my_offers_include_closed_ones(app: TestApp) {
    let token = app.recruiter("mine@exemple.fr").await;
    let other = app.recruiter("notmine@exemple.fr").await;
    let mut closed = offer("Closed", &[]);
    closed.status = Some(OfferStatus::Closed);
    app.publish(&token, &closed).await;
    app.publish(&token, &offer("Open", &[])).await;
    app.publish(&other, &offer("Not mine", &[])).await;
    let response = app
        .client
        .get(app.api("/me/offers"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let page: Page<Offer> = response.json().await.unwrap();
    let titles: Vec<_> = page.items.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(titles, ["Open", "Closed"]);

    let candidate = app.candidate("c@exemple.fr").await;
    let response = app
        .client
        .get(app.api("/me/offers"))
        .bearer_auth(&candidate)
        .send()
        .await
        .unwrap();
    expect_problem(response, 403).await;
}

on_both_databases!(
    recruiter_publishes_reads_edits_and_deletes,
    only_recruiters_publish_and_only_owners_edit,
    owner_and_status_cannot_be_assigned_through_the_body,
    owner_cannot_be_reassigned_through_an_edit,
    writes_show_at_once_through_the_public_cache,
    unknown_offers_are_404,
    list_pages_newest_first,
    search_ignores_case_and_accents,
    my_offers_include_closed_ones,
);
