//! Calls to the OffreAPI JSON API: the session's token on every request, problem details as errors.
//! A 401 on a signed request ends the session, which sends the user back to sign-in.

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use offreapi_types::{FieldError, Problem, API_PREFIX};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsCast;

use crate::i18n::{txt, Lang};
use crate::session::{use_session, Session};

/// Why a call failed, as the API explained it (RFC 9457 problem details) or as the network did.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status, or 0 when no response arrived.
    pub status: u16,
    pub title: String,
    pub detail: String,
    pub errors: Vec<FieldError>,
}

impl ApiError {
    pub fn network() -> ApiError {
        ApiError {
            status: 0,
            title: String::new(),
            detail: String::new(),
            errors: Vec::new(),
        }
    }

    /// Reads a problem body; a proxy's HTML error page still gives a message.
    pub fn from_body(status: u16, body: &str) -> ApiError {
        match serde_json::from_str::<Problem>(body) {
            Ok(problem) => ApiError {
                status,
                title: problem.title,
                detail: problem.detail,
                errors: problem.errors,
            },
            Err(_) => ApiError {
                status,
                title: format!("HTTP {status}"),
                detail: String::new(),
                errors: Vec::new(),
            },
        }
    }

    /// What to tell the user: the problem's detail (or title), then each field's message.
    pub fn message(&self, lang: Lang) -> String {
        if self.status == 0 {
            return txt::NETWORK_ERROR.get(lang).to_owned();
        }
        let mut message = if self.detail.is_empty() {
            self.title.clone()
        } else {
            self.detail.clone()
        };
        for error in &self.errors {
            message.push_str(&format!("\n{}: {}", error.field, error.message));
        }
        message
    }
}

/// The API, with the session whose token it sends.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    session: Session,
}

pub fn use_api() -> Api {
    Api {
        session: use_session(),
    }
}

pub fn url(path: &str) -> String {
    format!("{API_PREFIX}{path}")
}

impl Api {
    pub fn session(self) -> Session {
        self.session
    }

    fn authorised(self, builder: RequestBuilder) -> (RequestBuilder, bool) {
        match self.session.token() {
            Some(token) => (
                builder.header("Authorization", &format!("Bearer {token}")),
                true,
            ),
            None => (builder, false),
        }
    }

    async fn finish(self, request: Request, signed: bool) -> Result<Response, ApiError> {
        let response = request.send().await.map_err(|_| ApiError::network())?;
        if response.ok() {
            return Ok(response);
        }
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        if status == 401 && signed {
            self.session.expire();
        }
        Err(ApiError::from_body(status, &body))
    }

    async fn call(self, builder: RequestBuilder) -> Result<Response, ApiError> {
        let (builder, signed) = self.authorised(builder);
        let request = builder.build().map_err(|_| ApiError::network())?;
        self.finish(request, signed).await
    }

    async fn call_json<B: Serialize>(
        self,
        builder: RequestBuilder,
        body: &B,
    ) -> Result<Response, ApiError> {
        let (builder, signed) = self.authorised(builder);
        let request = builder.json(body).map_err(|_| ApiError::network())?;
        self.finish(request, signed).await
    }

    async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
        response.json::<T>().await.map_err(|_| ApiError {
            status: response.status(),
            title: "Unexpected response".into(),
            detail: String::new(),
            errors: Vec::new(),
        })
    }

    pub async fn get<T: DeserializeOwned>(self, path: &str) -> Result<T, ApiError> {
        Self::decode(self.call(Request::get(&url(path))).await?).await
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        Self::decode(self.call_json(Request::post(&url(path)), body).await?).await
    }

    pub async fn put<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        Self::decode(self.call_json(Request::put(&url(path)), body).await?).await
    }

    pub async fn delete(self, path: &str) -> Result<(), ApiError> {
        self.call(Request::delete(&url(path))).await.map(|_| ())
    }

    /// Fetches a protected file and hands it to the browser as a download named `filename`.
    pub async fn download(self, path: &str, filename: &str) -> Result<(), ApiError> {
        let response = self.call(Request::get(&url(path))).await?;
        let content_type = response
            .headers()
            .get("content-type")
            .unwrap_or_else(|| "application/octet-stream".into());
        let bytes = response.binary().await.map_err(|_| ApiError::network())?;
        save_file(&bytes, &content_type, filename).ok_or_else(ApiError::network)
    }
}

fn save_file(bytes: &[u8], content_type: &str, filename: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    let href = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let anchor = document()
        .create_element("a")
        .ok()?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    anchor.set_href(&href);
    anchor.set_download(filename);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&href);
    Some(())
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
pub fn encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// `?key=value&…` of the pairs whose value is not blank, or an empty string.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, value)| format!("{key}={}", encode(value.trim())))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded_and_blank_ones_left_out() {
        let query = query_string(&[
            ("q", "développeur rust".into()),
            ("location", "  ".into()),
            ("skill", "C++".into()),
            ("page", "2".into()),
        ]);
        assert_eq!(query, "?q=d%C3%A9veloppeur%20rust&skill=C%2B%2B&page=2");
        assert_eq!(query_string(&[("q", String::new())]), "");
    }

    #[test]
    fn problems_give_their_detail_and_field_messages() {
        let body = r#"{"type":"about:blank","title":"Unprocessable","status":422,
            "detail":"The offer is not valid.","errors":[{"field":"title","message":"must not be blank"}]}"#;
        let error = ApiError::from_body(422, body);
        assert_eq!(
            error.message(Lang::En),
            "The offer is not valid.\ntitle: must not be blank"
        );
    }

    #[test]
    fn a_body_that_is_not_a_problem_still_gives_a_message() {
        let error = ApiError::from_body(502, "<html>Bad Gateway</html>");
        assert_eq!(error.message(Lang::Fr), "HTTP 502");
        assert_eq!(ApiError::network().message(Lang::En), txt::NETWORK_ERROR.en);
    }
}
