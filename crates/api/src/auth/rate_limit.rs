//! A per-client-address token bucket for registration and login.
//! In memory, per process: with N replicas a client gets at most N times the limit.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets kept before idle ones are swept, bounding memory under address churn.
const SWEEP_THRESHOLD: usize = 10_000;

pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    /// `per_minute == 0` means unlimited.
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one attempt for `client`; on refusal, says how many seconds until the next one.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        self.check_at(client, Instant::now())
    }

    fn check_at(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let refill_per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= SWEEP_THRESHOLD {
            buckets.retain(|_, b| {
                let refilled =
                    b.tokens + now.duration_since(b.updated).as_secs_f64() * refill_per_second;
                refilled < capacity
            });
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * refill_per_second).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / refill_per_second;
            Err(wait.ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn allows_the_limit_then_refuses_then_refills() {
        let limiter = RateLimiter::new(3);
        let client: IpAddr = "192.0.2.1".parse().unwrap();
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(client, start).is_ok());
        }
        let retry = limiter.check_at(client, start).unwrap_err();
        assert_eq!(
            retry, 20,
            "one attempt comes back every 20 s at 3 per minute"
        );
        assert!(limiter
            .check_at(client, start + Duration::from_secs(21))
            .is_ok());
    }

    #[test]
    fn clients_do_not_share_buckets_and_zero_is_unlimited() {
        let limiter = RateLimiter::new(1);
        let now = Instant::now();
        assert!(limiter.check_at("192.0.2.1".parse().unwrap(), now).is_ok());
        assert!(limiter.check_at("192.0.2.2".parse().unwrap(), now).is_ok());
        let unlimited = RateLimiter::new(0);
        for _ in 0..1000 {
            assert!(unlimited
                .check_at("192.0.2.1".parse().unwrap(), now)
                .is_ok());
        }
    }
}
