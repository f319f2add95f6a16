//! The CV upload: multipart through XMLHttpRequest, because fetch cannot report upload progress.
//! Progress goes to a callback as a fraction in [0, 1]; errors come back as problem details.

use offreapi_types::Application;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{File, FormData, ProgressEvent, XmlHttpRequest};

use crate::api::{url, Api, ApiError};

pub async fn apply(
    api: Api,
    offer_id: i64,
    cv: File,
    answers: Option<Vec<String>>,
    on_progress: impl Fn(f64) + 'static,
) -> Result<Application, ApiError> {
    let token = api.session().token();
    let form = FormData::new().map_err(|_| ApiError::network())?;
    form.append_with_blob_and_filename("cv", &cv, &cv.name())
        .map_err(|_| ApiError::network())?;
    if let Some(answers) = answers {
        let json = serde_json::to_string(&answers).unwrap_or_else(|_| "[]".into());
        form.append_with_str("answers", &json)
            .map_err(|_| ApiError::network())?;
    }

    let xhr = XmlHttpRequest::new().map_err(|_| ApiError::network())?;
    xhr.open("POST", &url(&format!("/offers/{offer_id}/applications")))
        .map_err(|_| ApiError::network())?;
    if let Some(token) = &token {
        xhr.set_request_header("Authorization", &format!("Bearer {token}"))
            .map_err(|_| ApiError::network())?;
    }
    // Kept alive until the request ends, then dropped with this scope.
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            on_progress(event.loaded() / event.total());
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }

    let done = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        // Load, error and abort all settle the promise; the status tells them apart.
        let settle: JsValue = resolve.into();
        xhr.set_onload(Some(settle.unchecked_ref()));
        xhr.set_onerror(Some(settle.unchecked_ref()));
        xhr.set_onabort(Some(settle.unchecked_ref()));
    });
    xhr.send_with_opt_form_data(Some(&form))
        .map_err(|_| ApiError::network())?;
    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    drop(progress);

    let status = xhr.status().unwrap_or(0);
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    match status {
        0 => Err(ApiError::network()),
        201 => serde_json::from_str(&body).map_err(|_| ApiError::from_body(status, &body)),
        _ => {
            if status == 401 && token.is_some() {
                api.session().expire();
            }
            Err(ApiError::from_body(status, &body))
        }
    }
}
