//! Request rate limits: a token bucket per caller, where the caller is the token's subject or,
//! for anonymous requests, the client's address.
//!
//! Buckets live in the process, so with N replicas behind a balancer a caller may send up to N
//! times the configured rate. That keeps the limiter off the request's critical path (no Redis
//! round trip per request) and lets it work the same without Redis; the limit is a guard
//! against floods and runaway scripts, not a quota.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Who a request is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Caller {
    Token(String),
    Address(IpAddr),
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    refilled_at: Instant,
}

/// One rate: `per_minute` sustained, with a burst of ten seconds' worth (at least 10 requests).
#[derive(Debug)]
struct Rate {
    per_second: f64,
    burst: f64,
}

impl Rate {
    fn new(per_minute: u32) -> Option<Self> {
        (per_minute > 0).then(|| {
            let per_second = f64::from(per_minute) / 60.0;
            Self { per_second, burst: (per_second * 10.0).max(10.0) }
        })
    }

    /// How long an empty bucket takes to fill.
    fn refill_time(&self) -> Duration {
        Duration::from_secs_f64(self.burst / self.per_second)
    }
}

/// Buckets beyond this many are pruned of callers that have been quiet long enough to be full.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug)]
pub struct RateLimiter {
    per_token: Option<Rate>,
    per_address: Option<Rate>,
    buckets: Mutex<HashMap<Caller, Bucket>>,
}

/// A refusal: how long until the caller may try again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds to wait, at least one (what `Retry-After` carries).
    pub fn seconds(&self) -> u64 {
        self.0.as_secs().max(1)
    }

    /// The refusal as the caller reads it, over HTTP or a WebSocket.
    pub fn message(&self) -> String {
        format!("too many requests; try again in {} s", self.seconds())
    }
}

impl RateLimiter {
    /// `0` switches a rate off.
    pub fn new(per_minute_per_token: u32, per_minute_per_address: u32) -> Self {
        Self {
            per_token: Rate::new(per_minute_per_token),
            per_address: Rate::new(per_minute_per_address),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn rate(&self, caller: &Caller) -> Option<&Rate> {
        match caller {
            Caller::Token(_) => self.per_token.as_ref(),
            Caller::Address(_) => self.per_address.as_ref(),
        }
    }

    /// Takes one request from `caller`'s bucket, or says when the next one would be allowed.
    pub fn check(&self, caller: Caller) -> Result<(), RetryAfter> {
        self.check_at(caller, Instant::now())
    }

    fn check_at(&self, caller: Caller, now: Instant) -> Result<(), RetryAfter> {
        let Some(rate) = self.rate(&caller) else { return Ok(()) };
        // A poisoned lock only means another request panicked mid-update; the counts are still
        // usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            // A bucket untouched for as long as its own rate takes to refill it is full again,
            // as a new one would be.
            buckets.retain(|caller, bucket| {
                self.rate(caller)
                    .is_some_and(|rate| now.duration_since(bucket.refilled_at) < rate.refill_time())
            });
        }
        let bucket = buckets.entry(caller).or_insert(Bucket { tokens: rate.burst, refilled_at: now });
        let elapsed = now.duration_since(bucket.refilled_at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate.per_second).min(rate.burst);
        bucket.refilled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(RetryAfter(Duration::from_secs_f64((1.0 - bucket.tokens) / rate.per_second)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_the_rate_refills() {
        let limiter = RateLimiter::new(60, 0);
        let alice = || Caller::Token("alice".into());
        let start = Instant::now();
        for _ in 0..10 {
            assert!(limiter.check_at(alice(), start).is_ok());
        }
        let refused = limiter.check_at(alice(), start).expect_err("the burst is spent");
        assert!(refused.0 <= Duration::from_secs(1), "{refused:?}");
        assert!(limiter.check_at(Caller::Token("bob".into()), start).is_ok(), "buckets are per caller");
        assert!(limiter.check_at(alice(), start + Duration::from_secs(1)).is_ok(), "one per second refills");
        // A zero rate switches the limit off.
        let anonymous = Caller::Address(IpAddr::from([10, 0, 0, 1]));
        assert!((0..1_000).all(|_| limiter.check_at(anonymous.clone(), start).is_ok()));
    }

    #[test]
    fn pruning_keeps_buckets_that_their_own_rate_has_not_refilled() {
        // Tokens refill in 100 s (6 a minute, burst 10), addresses in 10 s.
        let limiter = RateLimiter::new(6, 600);
        let alice = || Caller::Token("alice".into());
        let start = Instant::now();
        while limiter.check_at(alice(), start).is_ok() {}
        // 20 s later many addresses arrive and the map is pruned: alice has earned two requests,
        // not a fresh burst.
        let later = start + Duration::from_secs(20);
        for i in 0..=PRUNE_ABOVE as u32 {
            let _ = limiter.check_at(Caller::Address(IpAddr::from(i.to_be_bytes())), later);
        }
        let allowed = (0..10).filter(|_| limiter.check_at(alice(), later).is_ok()).count();
        assert_eq!(allowed, 2);
    }
}
