//! Retry policy as a pure function of the method, the outcome and the attempt number.

use crate::http::Method;

/// What happened to one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// An answer with this status and, where readable, `Retry-After` seconds.
    Status(u16, Option<u64>),
    /// No answer at all (connection dropped, refused, timed out).
    Network,
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then send the same call again.
    RetryAfter(u64),
    /// Give the outcome to the caller.
    Stop,
}

/// Bounds for retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after a 5xx or a network fault (idempotent methods only).
    pub max_fault_retries: u32,
    /// Retries after a 429 (any method: a 429 means the call was not carried out).
    pub max_429_retries: u32,
    /// First back-off step in ms.
    pub base_ms: u64,
    /// Longest single wait in ms.
    pub cap_ms: u64,
    /// Back-off floor after a 429 with no readable `Retry-After`: the rate window is 10 s.
    pub rate_window_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_fault_retries: 3,
            max_429_retries: 5,
            base_ms: 500,
            cap_ms: 20_000,
            rate_window_ms: 10_000,
        }
    }
}

impl RetryPolicy {
    /// Decides whether to send the call again. `retries_done` counts retries already made
    /// for this outcome class; `jitter` is a random number in `[0, 1)`.
    pub fn decide(
        &self,
        method: Method,
        outcome: Outcome,
        retries_done: u32,
        jitter: f64,
    ) -> Decision {
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.5
        };
        match outcome {
            Outcome::Status(429, retry_after) => {
                if retries_done >= self.max_429_retries {
                    return Decision::Stop;
                }
                match retry_after {
                    // The server's word, plus a little so we do not land on the edge.
                    Some(s) => Decision::RetryAfter((s * 1000).min(self.cap_ms * 3) + 100),
                    None => {
                        // Unreadable: back off on our own, at least a tenth of the window,
                        // growing, with jitter so parallel callers spread out.
                        let step = (self.rate_window_ms / 10) << retries_done.min(4);
                        let wait = step.min(self.rate_window_ms);
                        Decision::RetryAfter(wait / 2 + (wait as f64 / 2.0 * jitter) as u64)
                    }
                }
            }
            Outcome::Status(500 | 502 | 503 | 504, _) => self.fault(method, retries_done, jitter),
            Outcome::Network => self.fault(method, retries_done, jitter),
            Outcome::Status(..) => Decision::Stop,
        }
    }

    fn fault(&self, method: Method, retries_done: u32, jitter: f64) -> Decision {
        if !method.is_idempotent() || retries_done >= self.max_fault_retries {
            return Decision::Stop;
        }
        let exp = self
            .base_ms
            .saturating_mul(1 << retries_done.min(16))
            .min(self.cap_ms);
        // "Equal jitter": half fixed, half random.
        Decision::RetryAfter(exp / 2 + (exp as f64 / 2.0 * jitter) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision::*;

    const ALL: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];

    #[test]
    fn a_429_waits_retry_after_for_every_method() {
        let p = RetryPolicy::default();
        for m in ALL {
            assert_eq!(
                p.decide(m, Outcome::Status(429, Some(4)), 0, 0.3),
                RetryAfter(4100)
            );
        }
    }

    #[test]
    fn a_429_without_retry_after_backs_off_with_jitter() {
        let p = RetryPolicy::default();
        let lo = p.decide(Method::Post, Outcome::Status(429, None), 0, 0.0);
        let hi = p.decide(Method::Post, Outcome::Status(429, None), 0, 0.999);
        assert_eq!(lo, RetryAfter(500));
        assert!(matches!(hi, RetryAfter(w) if w > 900 && w <= 1000));
        // grows, bounded by the window
        let late = p.decide(Method::Get, Outcome::Status(429, None), 4, 0.999);
        assert!(
            matches!(late, RetryAfter(w) if (9_000..=10_000).contains(&w)),
            "{late:?}"
        );
        assert_eq!(
            p.decide(Method::Get, Outcome::Status(429, None), 5, 0.5),
            Stop
        );
    }

    #[test]
    fn faults_retry_only_idempotent_methods() {
        let p = RetryPolicy::default();
        for s in [500, 502, 503, 504] {
            assert!(matches!(
                p.decide(Method::Get, Outcome::Status(s, None), 0, 0.5),
                RetryAfter(_)
            ));
            assert!(matches!(
                p.decide(Method::Put, Outcome::Status(s, None), 0, 0.5),
                RetryAfter(_)
            ));
            assert!(matches!(
                p.decide(Method::Delete, Outcome::Status(s, None), 0, 0.5),
                RetryAfter(_)
            ));
            assert_eq!(
                p.decide(Method::Post, Outcome::Status(s, None), 0, 0.5),
                Stop
            );
            assert_eq!(
                p.decide(Method::Patch, Outcome::Status(s, None), 0, 0.5),
                Stop
            );
        }
        assert!(matches!(
            p.decide(Method::Get, Outcome::Network, 0, 0.5),
            RetryAfter(_)
        ));
        assert_eq!(p.decide(Method::Post, Outcome::Network, 0, 0.5), Stop);
        assert_eq!(p.decide(Method::Patch, Outcome::Network, 0, 0.5), Stop);
    }

    #[test]
    fn fault_retries_are_bounded_and_grow() {
        let p = RetryPolicy::default();
        let waits: Vec<u64> = (0..3)
            .map(
                |i| match p.decide(Method::Get, Outcome::Status(503, None), i, 0.0) {
                    RetryAfter(w) => w,
                    Stop => panic!("stopped early"),
                },
            )
            .collect();
        assert!(waits[0] < waits[1] && waits[1] < waits[2], "{waits:?}");
        assert_eq!(
            p.decide(Method::Get, Outcome::Status(503, None), 3, 0.0),
            Stop
        );
    }

    #[test]
    fn client_errors_never_retry() {
        let p = RetryPolicy::default();
        for s in [400, 401, 403, 404, 405, 409, 415] {
            for m in ALL {
                assert_eq!(p.decide(m, Outcome::Status(s, None), 0, 0.5), Stop);
            }
        }
    }
}
