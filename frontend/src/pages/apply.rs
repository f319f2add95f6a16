//! `/offers/:id/apply`: a candidate sends a PDF CV (dropped or picked) and answers the questions.
//! The file is checked before upload, progress is shown, and the score comes back at once.

use leptos::prelude::*;
use leptos::task::spawn_local;
use offreapi_types::{Application, Offer, Role};
use web_sys::File;

use crate::api::{use_api, ApiError};
use crate::components::guard::RequireRole;
use crate::components::status::{show_result, use_title, ErrorMessage};
use crate::i18n::{percent, size, tr, txt, use_i18n, Text};
use crate::upload;
use crate::validate::{check_cv, clean_items, CvProblem};

#[component]
pub fn ApplyPage(id: i64) -> impl IntoView {
    view! {
        <RequireRole role=Role::Candidate>
            <ApplyLoader id/>
        </RequireRole>
    }
}

#[component]
fn ApplyLoader(id: i64) -> impl IntoView {
    let api = use_api();
    use_title(txt::APPLY_TITLE);
    let offer =
        LocalResource::new(move || async move { api.get::<Offer>(&format!("/offers/{id}")).await });
    move || show_result(offer.get(), |offer| view! { <ApplyForm offer/> })
}

fn cv_problem_text(problem: CvProblem) -> Text {
    match problem {
        CvProblem::NotPdf => txt::CV_NOT_PDF,
        CvProblem::TooLarge => txt::CV_TOO_LARGE,
        CvProblem::Empty => txt::CV_EMPTY,
    }
}

#[component]
fn ApplyForm(offer: Offer) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let offer_id = offer.id;
    let questions = offer.questions.clone();
    let cv = RwSignal::new_local(None::<File>);
    let local_problem = RwSignal::new(None::<Text>);
    let answers = RwSignal::new(vec![String::new(); questions.len()]);
    let progress = RwSignal::new(None::<f64>);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<Application>);
    let dragging = RwSignal::new(false);

    let choose = move |file: Option<File>| {
        error.set(None);
        match file {
            Some(file) => {
                let checked = check_cv(&file.name(), &file.type_(), file.size());
                local_problem.set(checked.err().map(cv_problem_text));
                cv.set(checked.is_ok().then_some(file));
            }
            None => cv.set(None),
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        choose(input.files().and_then(|files| files.get(0)));
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let file = ev
            .data_transfer()
            .and_then(|transfer| transfer.files())
            .and_then(|files| files.get(0));
        choose(file);
    };

    let has_questions = !questions.is_empty();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = cv.get_untracked() else {
            local_problem.set(Some(txt::CV_MISSING));
            return;
        };
        let given = answers.get_untracked();
        if has_questions && clean_items(&given).len() != given.len() {
            local_problem.set(Some(txt::ANSWER_REQUIRED));
            return;
        }
        local_problem.set(None);
        error.set(None);
        progress.set(Some(0.0));
        let answers = has_questions.then(|| given.iter().map(|a| a.trim().to_owned()).collect());
        spawn_local(async move {
            let result = upload::apply(api, offer_id, file, answers, move |fraction| {
                progress.set(Some(fraction))
            })
            .await;
            progress.set(None);
            match result {
                Ok(application) => done.set(Some(application)),
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let answer_fields = questions
        .into_iter()
        .enumerate()
        .map(|(i, question)| {
            let id = format!("answer-{i}");
            view! {
                <div class="field">
                    <label for=id.clone()>{question}</label>
                    <textarea
                        id=id
                        rows="3"
                        required
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            answers.update(|a| a[i] = text);
                        }
                    ></textarea>
                </div>
            }
        })
        .collect_view();

    let form = view! {
        <form class="stacked" on:submit=submit>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label for="cv">{tr(txt::CV_FILE)}</label>
                <p>{tr(txt::DROP_HINT)}</p>
                <input id="cv" type="file" accept="application/pdf,.pdf" on:change=on_pick/>
                {move || cv.with(|file| file.as_ref().map(|file| {
                    let (name, bytes) = (file.name(), file.size());
                    view! { <p class="file-chosen">{name} " (" {move || size(i18n.lang(), bytes)} ")"</p> }
                }))}
            </div>
            {answer_fields}
            {move || local_problem.get().map(|text| view! {
                <p class="error" role="alert">{move || i18n.t(text)}</p>
            })}
            {move || error.get().map(|error| view! { <ErrorMessage error/> })}
            {move || progress.get().map(|fraction| view! {
                <div class="progress">
                    <label for="upload-progress">{tr(txt::UPLOADING)}</label>
                    <progress id="upload-progress" max="100" value=(fraction * 100.0).round() as i64></progress>
                    <span>{move || percent(i18n.lang(), fraction)}</span>
                </div>
            })}
            <button type="submit" disabled=move || progress.get().is_some()>
                {tr(txt::SEND_APPLICATION)}
            </button>
        </form>
    };

    view! {
        <h1>{tr(txt::APPLY_TITLE)} " — " {offer.title}</h1>
        <div hidden=move || done.with(Option::is_some)>{form}</div>
        {move || done.get().map(|application| view! { <Applied application/> })}
    }
}

#[component]
fn Applied(application: Application) -> impl IntoView {
    let i18n = use_i18n();
    let score = application.score;
    let missing = application
        .explanation
        .map(|e| e.missing_skills)
        .unwrap_or_default();
    view! {
        <div class="success" role="status">
            <p>
                {tr(txt::APPLIED)} " "
                <strong class="score">{move || score.map(|s| percent(i18n.lang(), s)).unwrap_or_else(|| i18n.t(txt::NOT_SCORED).to_owned())}</strong>
            </p>
            <p>
                {tr(txt::MISSING_SKILLS)} " : "
                {move || if missing.is_empty() { i18n.t(txt::NONE).to_owned() } else { missing.join(", ") }}
            </p>
            <a href="/me/applications" class="button">{tr(txt::SEE_MY_APPLICATIONS)}</a>
        </div>
    }
}
