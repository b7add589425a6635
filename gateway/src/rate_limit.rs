//! Request rate limits, with `governor` (GCRA, one cell per key): one limiter keyed by a token's
//! subject, one by the client's address. An IPv6 address is counted by its /64, the block one
//! subscriber is given (RFC 6177), so a client cannot take a fresh burst from each of its 2^64
//! addresses; an IPv4-mapped IPv6 address counts as its IPv4 address.
//!
//! Anonymous requests, and requests whose token fails verification, are counted against their
//! address; requests with a valid token against the token's subject. An address that is over
//! its limit is refused before any token it sends is verified (`address_refused`), so a flood
//! of made-up tokens costs one verification per request of the address's budget, then none:
//! it is limited by its address first. A valid token from an address that is not over its
//! limit spends nothing of the address's budget, so a school's computer room behind one NAT
//! address is limited per signed-in user.
//!
//! Limits live in the process, so with N replicas behind a balancer a caller may send up to N
//! times the configured rate. That keeps the limiter off the request's critical path (no Redis
//! round trip per request) and lets it work the same without Redis; the limit is a guard
//! against floods and runaway scripts, not a quota. Keys of callers that have been quiet long
//! enough to be back at a full burst are dropped by a background task (`spawn_pruning`), never
//! by a request.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter as Governor};
use hub_common::messages::Message;
use hub_common::msg;

type Keyed<K> = Governor<K, DefaultKeyedStateStore<K>, DefaultClock>;

/// Who a request is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Caller {
    Token(String),
    Address(IpAddr),
}

pub struct RateLimiter {
    per_token: Option<Keyed<String>>,
    per_address: Option<Keyed<IpAddr>>,
    clock: DefaultClock,
    /// Address keys refused lately, with when they may send again: what `address_refused`
    /// reads without spending anything (a governor check always spends).
    refused: Mutex<HashMap<IpAddr, Instant>>,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter").field("keys", &self.keys()).finish()
    }
}

/// A refusal: how long until the caller may try again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds to wait, rounded up, at least one (what `Retry-After` carries).
    pub fn seconds(&self) -> u64 {
        (self.0.as_secs_f64().ceil() as u64).max(1)
    }

    /// The refusal as the caller reads it, over HTTP or a WebSocket.
    pub fn message(&self) -> Message {
        msg!("too-many-requests", seconds = self.seconds())
    }
}

/// `per_minute` sustained, with a burst of ten seconds' worth (at least 10 requests); `None`
/// for 0, which switches the limit off.
fn quota(per_minute: u32) -> Option<Quota> {
    let rate = NonZeroU32::new(per_minute)?;
    let burst = NonZeroU32::new((per_minute / 6).max(10))?;
    Some(Quota::per_minute(rate).allow_burst(burst))
}

/// The key an address is counted under: IPv4 as is, IPv6 by its /64.
pub fn address_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        },
    }
}

impl RateLimiter {
    /// `0` switches a rate off.
    pub fn new(per_minute_per_token: u32, per_minute_per_address: u32) -> Self {
        let clock = DefaultClock::default();
        Self {
            per_token: quota(per_minute_per_token)
                .map(|quota| Governor::dashmap_with_clock(quota, clock.clone())),
            per_address: quota(per_minute_per_address)
                .map(|quota| Governor::dashmap_with_clock(quota, clock.clone())),
            clock,
            refused: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from `caller`'s budget, or says when the next one would be allowed.
    pub fn check(&self, caller: Caller) -> Result<(), RetryAfter> {
        match caller {
            Caller::Token(subject) => match &self.per_token {
                Some(limiter) => limiter
                    .check_key(&subject)
                    .map_err(|not_until| RetryAfter(not_until.wait_time_from(self.clock.now()))),
                None => Ok(()),
            },
            Caller::Address(address) => {
                let Some(limiter) = &self.per_address else { return Ok(()) };
                let key = address_key(address);
                limiter.check_key(&key).map_err(|not_until| {
                    let wait = not_until.wait_time_from(self.clock.now());
                    self.lock_refused().insert(key, Instant::now() + wait);
                    RetryAfter(wait)
                })
            }
        }
    }

    /// Whether `address` is over its limit right now, spending nothing: checked before a token
    /// is verified.
    pub fn address_refused(&self, address: IpAddr) -> Result<(), RetryAfter> {
        let key = address_key(address);
        match self.lock_refused().get(&key) {
            Some(until) if *until > Instant::now() => Err(RetryAfter(*until - Instant::now())),
            _ => Ok(()),
        }
    }

    fn lock_refused(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Instant>> {
        // Entries are independent deadlines; a panicking holder leaves none half-written.
        hub_common::sync::lock(&self.refused)
    }

    /// How many callers the limiters track (tokens and address blocks).
    pub fn keys(&self) -> usize {
        self.per_token.as_ref().map_or(0, |limiter| limiter.len())
            + self.per_address.as_ref().map_or(0, |limiter| limiter.len())
    }

    /// Forgets callers whose budget has refilled completely (a new key would start the same).
    pub fn prune(&self) {
        let now = Instant::now();
        self.lock_refused().retain(|_, until| *until > now);
        if let Some(limiter) = &self.per_token {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        if let Some(limiter) = &self.per_address {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// Prunes every `every` in a task of its own, for as long as the limiter lives.
    pub fn spawn_pruning(self: &Arc<Self>, every: Duration) {
        let limiter: Weak<Self> = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tick.tick().await;
                let Some(limiter) = limiter.upgrade() else { return };
                limiter.prune();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused_with_a_wait() {
        let limiter = RateLimiter::new(60, 0);
        let alice = || Caller::Token("alice".into());
        for _ in 0..10 {
            assert!(limiter.check(alice()).is_ok());
        }
        let refused = limiter.check(alice()).expect_err("the burst is spent");
        assert!(refused.0 <= Duration::from_secs(1) && refused.seconds() == 1, "{refused:?}");
        assert!(limiter.check(Caller::Token("bob".into())).is_ok(), "budgets are per caller");
        // A zero rate switches the limit off.
        let anonymous = Caller::Address(IpAddr::from([10, 0, 0, 1]));
        assert!((0..1_000).all(|_| limiter.check(anonymous.clone()).is_ok()));
    }

    #[test]
    fn ipv6_callers_share_their_64_and_mapped_ipv4_is_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(other));
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        assert_eq!(address_key(mapped), IpAddr::from([203, 0, 113, 7]));
        let limiter = RateLimiter::new(0, 60);
        for _ in 0..10 {
            assert!(limiter.check(Caller::Address(a)).is_ok());
        }
        assert!(limiter.address_refused(b).is_ok(), "not refused yet");
        assert!(limiter.check(Caller::Address(b)).is_err(), "b is in a's /64");
        assert!(limiter.address_refused(a).is_err(), "now the /64 is refused without spending");
        assert!(limiter.check(Caller::Address(other)).is_ok());
        assert!(limiter.address_refused(other).is_ok());
    }

    #[tokio::test]
    async fn pruning_forgets_only_callers_back_at_a_full_burst() {
        let limiter = RateLimiter::new(6_000, 6_000);
        for i in 0..100_u32 {
            let _ = limiter.check(Caller::Address(IpAddr::from(i.to_be_bytes())));
        }
        assert_eq!(limiter.keys(), 100);
        limiter.prune();
        assert_eq!(limiter.keys(), 100, "one request does not refill at once");
        // 6000 a minute refill a single request in 10 ms.
        tokio::time::sleep(Duration::from_millis(50)).await;
        limiter.prune();
        assert_eq!(limiter.keys(), 0);
    }
}
