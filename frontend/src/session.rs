//! The signed-in user: the API's token and profile, kept in local storage across reloads.
//! A token past its expiry, or one the API refuses, ends the session with a message.

use leptos::prelude::*;
use offreapi_types::{AuthResponse, Role, User};
use serde::{Deserialize, Serialize};

use crate::i18n::{txt, Text};

const STORAGE_KEY: &str = "offreapi.session";
/// A token this close to its expiry is treated as expired, so no request races it.
const EXPIRY_MARGIN_MS: u64 = 5_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedIn {
    pub token: String,
    pub user: User,
    pub expires_at_ms: u64,
}

impl SignedIn {
    pub fn new(response: AuthResponse, now_ms: u64) -> SignedIn {
        SignedIn {
            token: response.token,
            user: response.user,
            expires_at_ms: now_ms.saturating_add(response.expires_in.saturating_mul(1000)),
        }
    }

    pub fn is_expired(&self, now_ms: u64) -> bool {
        now_ms >= self.expires_at_ms.saturating_sub(EXPIRY_MARGIN_MS)
    }
}

/// The session shared through Leptos context, plus a message for the page the user is sent to.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    current: RwSignal<Option<SignedIn>>,
    /// A message and the path of the page that shows it (it disappears on leaving that page).
    notice: RwSignal<Option<(Text, String)>>,
    /// Bumped each time the session ends against the user's will; the app sends them to sign-in.
    expirations: RwSignal<u32>,
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl Session {
    pub fn provide() -> Session {
        let stored = crate::storage::read(STORAGE_KEY)
            .and_then(|json| serde_json::from_str::<SignedIn>(&json).ok())
            .filter(|signed_in| !signed_in.is_expired(now_ms()));
        let session = Session {
            current: RwSignal::new(stored),
            notice: RwSignal::new(None),
            expirations: RwSignal::new(0),
        };
        provide_context(session);
        session
    }

    pub fn user(self) -> Option<User> {
        self.current
            .with(|current| current.as_ref().map(|s| s.user.clone()))
    }

    pub fn role(self) -> Option<Role> {
        self.current
            .with(|current| current.as_ref().map(|s| s.user.role))
    }

    /// The token for the next request, or `None` (ending the session) when it has expired.
    pub fn token(self) -> Option<String> {
        let signed_in = self.current.get_untracked()?;
        if signed_in.is_expired(now_ms()) {
            self.expire();
            return None;
        }
        Some(signed_in.token)
    }

    pub fn sign_in(self, response: AuthResponse) {
        let signed_in = SignedIn::new(response, now_ms());
        if let Ok(json) = serde_json::to_string(&signed_in) {
            crate::storage::write(STORAGE_KEY, &json);
        }
        self.notice.set(None);
        self.current.set(Some(signed_in));
    }

    pub fn sign_out(self) {
        crate::storage::remove(STORAGE_KEY);
        self.current.set(None);
    }

    /// Ends the session because the API no longer accepts it.
    pub fn expire(self) {
        if self.current.get_untracked().is_some() {
            self.sign_out();
            self.set_notice(txt::SESSION_EXPIRED, "/signin");
            self.expirations.update(|n| *n += 1);
        }
    }

    pub fn expirations(self) -> u32 {
        self.expirations.get()
    }

    /// The message for the page at `path`, if one was left for it.
    pub fn notice_for(self, path: &str) -> Option<Text> {
        self.notice.with(|notice| {
            notice
                .as_ref()
                .filter(|(_, target)| target == path)
                .map(|(text, _)| *text)
        })
    }

    pub fn set_notice(self, text: Text, path: &str) {
        self.notice.set(Some((text, path.to_owned())));
    }

    /// Leaves a message unless a more specific one (e.g. "session expired") is waiting there.
    pub fn set_notice_unless_set(self, text: Text, path: &str) {
        let waiting = self
            .notice
            .with_untracked(|notice| notice.as_ref().is_some_and(|(_, target)| target == path));
        if !waiting {
            self.set_notice(text, path);
        }
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn response(expires_in: u64) -> AuthResponse {
        AuthResponse {
            token: "token".into(),
            expires_in,
            user: User {
                id: 1,
                email: "ada@example.com".into(),
                full_name: "Ada".into(),
                role: Role::Candidate,
                created_at: Utc.timestamp_opt(0, 0).unwrap(),
            },
        }
    }

    #[test]
    fn a_session_expires_with_its_token_minus_a_margin() {
        let signed_in = SignedIn::new(response(60), 1_000_000);
        assert_eq!(signed_in.expires_at_ms, 1_060_000);
        assert!(!signed_in.is_expired(1_000_000));
        assert!(!signed_in.is_expired(1_054_999));
        assert!(signed_in.is_expired(1_055_000));
    }

    #[test]
    fn a_stored_session_reads_back() {
        let signed_in = SignedIn::new(response(60), 5);
        let json = serde_json::to_string(&signed_in).unwrap();
        assert_eq!(serde_json::from_str::<SignedIn>(&json).unwrap(), signed_in);
    }
}
