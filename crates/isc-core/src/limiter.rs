//! A client-side limiter so bulk work stays under the tenant's rate limit and never meets
//! a 429: at most `capacity` sends in any `window_ms` (sliding window).

use std::collections::VecDeque;

/// The documented limit: 100 requests per 10 seconds.
pub const DEFAULT_CAPACITY: usize = 100;
/// The documented window, plus a margin for the time a request spends on the wire: a
/// request that waits in the network arrives later than it left, which would otherwise let
/// 101 arrivals fall within one server-side window.
pub const DEFAULT_WINDOW_MS: u64 = 10_300;

/// Sliding-window limiter over send times.
#[derive(Clone, Debug)]
pub struct RateLimiter {
    capacity: usize,
    window_ms: u64,
    sent: VecDeque<u64>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY, DEFAULT_WINDOW_MS)
    }
}

impl RateLimiter {
    /// A limiter allowing `capacity` sends per `window_ms`.
    pub fn new(capacity: usize, window_ms: u64) -> Self {
        RateLimiter {
            capacity: capacity.max(1),
            window_ms,
            sent: VecDeque::new(),
        }
    }

    fn expire(&mut self, now_ms: u64) {
        while let Some(&t) = self.sent.front() {
            if t + self.window_ms <= now_ms {
                self.sent.pop_front();
            } else {
                break;
            }
        }
    }

    /// Takes a slot at `now_ms` and returns 0, or returns how long to wait before asking again.
    pub fn try_acquire(&mut self, now_ms: u64) -> u64 {
        self.expire(now_ms);
        if self.sent.len() < self.capacity {
            self.sent.push_back(now_ms);
            0
        } else {
            let oldest = *self.sent.front().expect("full");
            (oldest + self.window_ms).saturating_sub(now_ms).max(1)
        }
    }

    /// Slots free at `now_ms`.
    pub fn available(&mut self, now_ms: u64) -> usize {
        self.expire(now_ms);
        self.capacity - self.sent.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_more_than_capacity_in_any_window() {
        let mut l = RateLimiter::new(100, 10_000);
        let mut sends = Vec::new();
        let mut now = 0u64;
        while sends.len() < 1000 {
            let w = l.try_acquire(now);
            if w == 0 {
                sends.push(now);
            } else {
                now += w;
            }
        }
        for (i, &t) in sends.iter().enumerate() {
            let in_window = sends[i..].iter().take_while(|&&u| u < t + 10_000).count();
            assert!(in_window <= 100, "window at {t} holds {in_window}");
        }
        // and it is not slower than it must be: 1000 sends need 9 full windows
        assert_eq!(*sends.last().unwrap(), 90_000);
    }

    #[test]
    fn tells_how_long_to_wait() {
        let mut l = RateLimiter::new(2, 1_000);
        assert_eq!(l.try_acquire(0), 0);
        assert_eq!(l.try_acquire(10), 0);
        assert_eq!(l.try_acquire(500), 500);
        assert_eq!(l.available(999), 0);
        assert_eq!(l.try_acquire(1_000), 0);
        assert_eq!(l.available(1_010), 1);
    }

    #[test]
    fn arrivals_with_network_jitter_stay_under_the_server_limit() {
        // Requests leave under the default limiter and arrive 0-250 ms later (varying per
        // request); the server counts arrivals in any 10 s window.
        let mut l = RateLimiter::default();
        let mut arrivals = Vec::new();
        let mut now = 0u64;
        let mut seed = 7u64;
        while arrivals.len() < 1000 {
            let w = l.try_acquire(now);
            if w == 0 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                arrivals.push(now + (seed >> 33) % 251);
            } else {
                now += w;
            }
        }
        arrivals.sort_unstable();
        for (i, &t) in arrivals.iter().enumerate() {
            let n = arrivals[i..]
                .iter()
                .take_while(|&&u| u < t + 10_000)
                .count();
            assert!(n <= 100, "{n} arrivals in the window from {t}");
        }
    }
}
