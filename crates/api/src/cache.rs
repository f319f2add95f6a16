//! In-process caches of JSON responses (public offers, dashboards), emptied by every write that
//! could change them in this process; other replicas' writes show within the time to live.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::http::header::ContentType;
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use serde::Serialize;

use crate::error::ApiError;

/// Cached responses, bounded in age and in total size.
pub struct ResponseCache {
    ttl: Duration,
    max_bytes: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    generation: u64,
    bytes: usize,
    entries: HashMap<String, Entry>,
}

struct Entry {
    stored_at: Instant,
    body: Bytes,
}

/// Taken before reading the database; a response read before a write cannot be stored after it.
#[derive(Debug, Clone, Copy)]
struct Ticket(u64);

impl ResponseCache {
    /// A `ttl` of zero turns the cache off.
    pub fn new(ttl: Duration, max_bytes: usize) -> ResponseCache {
        ResponseCache {
            ttl,
            max_bytes,
            state: Mutex::new(State::default()),
        }
    }

    /// Answers with the JSON cached under `key`, or awaits `read`, answers with its JSON and
    /// caches that when `keep` says the value may be kept.
    pub async fn serve<T: Serialize>(
        &self,
        key: String,
        read: impl Future<Output = Result<T, ApiError>>,
        keep: impl FnOnce(&T) -> bool,
    ) -> Result<HttpResponse, ApiError> {
        if let Some(body) = self.get(&key) {
            return Ok(json_response(body));
        }
        let ticket = self.ticket();
        let value = read.await?;
        let body = Bytes::from(
            serde_json::to_vec(&value)
                .map_err(|e| ApiError::Internal(format!("cannot serialise a response: {e}")))?,
        );
        if keep(&value) {
            self.put(ticket, key, body.clone());
        }
        Ok(json_response(body))
    }

    fn ticket(&self) -> Ticket {
        Ticket(self.lock().generation)
    }

    fn get(&self, key: &str) -> Option<Bytes> {
        if self.ttl.is_zero() {
            return None;
        }
        let state = self.lock();
        let entry = state.entries.get(key)?;
        (entry.stored_at.elapsed() < self.ttl).then(|| entry.body.clone())
    }

    /// Stores `body` unless an invalidation happened since `ticket` was taken.
    fn put(&self, ticket: Ticket, key: String, body: Bytes) {
        if self.ttl.is_zero() || body.len() > self.max_bytes {
            return;
        }
        let mut state = self.lock();
        if state.generation != ticket.0 {
            return;
        }
        if state.bytes + body.len() > self.max_bytes {
            let ttl = self.ttl;
            state
                .entries
                .retain(|_, entry| entry.stored_at.elapsed() < ttl);
            state.bytes = state.entries.values().map(|e| e.body.len()).sum();
            if state.bytes + body.len() > self.max_bytes {
                state.entries.clear();
                state.bytes = 0;
            }
        }
        state.bytes += body.len();
        let old = state.entries.insert(
            key,
            Entry {
                stored_at: Instant::now(),
                body,
            },
        );
        if let Some(old) = old {
            state.bytes -= old.body.len();
        }
    }

    /// Forgets every response: called after any write that may change one.
    pub fn invalidate(&self) {
        let mut state = self.lock();
        state.generation += 1;
        state.entries.clear();
        state.bytes = 0;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves no half-done state worth refusing to read.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A 200 with `body`, a cached or fresh JSON document.
fn json_response(body: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(ContentType::json())
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &'static str) -> Bytes {
        Bytes::from_static(text.as_bytes())
    }

    #[test]
    fn serves_what_was_stored_until_it_expires() {
        let cache = ResponseCache::new(Duration::from_millis(50), 1024);
        cache.put(cache.ticket(), "a".into(), body("one"));
        assert_eq!(cache.get("a"), Some(body("one")));
        assert_eq!(cache.get("b"), None);
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(cache.get("a"), None);
    }

    #[test]
    fn a_write_forgets_everything_and_refuses_older_reads() {
        let cache = ResponseCache::new(Duration::from_secs(60), 1024);
        let before_write = cache.ticket();
        cache.put(before_write, "a".into(), body("old"));
        cache.invalidate();
        assert_eq!(cache.get("a"), None);
        // A read that started before the write finishes after it: not stored.
        cache.put(before_write, "a".into(), body("stale"));
        assert_eq!(cache.get("a"), None);
        cache.put(cache.ticket(), "a".into(), body("new"));
        assert_eq!(cache.get("a"), Some(body("new")));
    }

    #[test]
    fn stays_within_its_size() {
        let cache = ResponseCache::new(Duration::from_secs(60), 8);
        cache.put(cache.ticket(), "a".into(), body("12345"));
        cache.put(cache.ticket(), "a".into(), body("1234"));
        cache.put(cache.ticket(), "b".into(), body("1234"));
        assert_eq!(cache.get("a"), Some(body("1234")));
        assert_eq!(cache.get("b"), Some(body("1234")));
        cache.put(cache.ticket(), "c".into(), body("123"));
        assert_eq!(cache.get("c"), Some(body("123")));
        assert_eq!(cache.get("a"), None, "full: the older entries made room");
        cache.put(cache.ticket(), "huge".into(), body("123456789"));
        assert_eq!(cache.get("huge"), None);
    }

    #[test]
    fn zero_time_to_live_turns_it_off() {
        let cache = ResponseCache::new(Duration::ZERO, 1024);
        cache.put(cache.ticket(), "a".into(), body("one"));
        assert_eq!(cache.get("a"), None);
    }
}
