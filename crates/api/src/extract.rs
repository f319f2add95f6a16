//! `JsonObject<T>`: a JSON body that must be an object, then deserialised into `T`.
//! serde would otherwise accept `["a", "b"]` for a struct, reading fields by position.

use std::future::Future;
use std::pin::Pin;

use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

pub struct JsonObject<T>(pub T);

impl<T> JsonObject<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonObject<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // Size limits, content type and syntax errors are handled by `web::Json` and its config.
        let value = web::Json::<Value>::from_request(request, payload);
        Box::pin(async move {
            let value = value.await?.into_inner();
            if !value.is_object() {
                return Err(ApiError::Validation {
                    detail: "the JSON body must be an object".to_owned(),
                    errors: Vec::new(),
                }
                .into());
            }
            serde_json::from_value(value).map(JsonObject).map_err(|e| {
                ApiError::Validation {
                    detail: format!("the JSON body does not have the expected shape: {e}"),
                    errors: Vec::new(),
                }
                .into()
            })
        })
    }
}
