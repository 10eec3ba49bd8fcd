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

/// The client's time-out per call, in whole seconds, as a person sets it on the Connection
/// page: long enough for a slow tenant's ordinary answer, short enough that a call that will
/// never answer ends in "the outcome is unknown" instead of a spinner.
pub const DEFAULT_TIMEOUT_S: u64 = 30;
/// The shortest time-out accepted: below this, ordinary calls would time out.
pub const MIN_TIMEOUT_S: u64 = 5;
/// The longest time-out accepted.
pub const MAX_TIMEOUT_S: u64 = 600;
/// A body this large adds a second to the time-out (a 20 MB file upload gets 80 s more).
pub const BYTES_PER_EXTRA_S: usize = 256 * 1024;

/// Reads a time-out typed in seconds; the error is a sentence for beside the field.
pub fn parse_timeout_s(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let range = format!("between {MIN_TIMEOUT_S} and {MAX_TIMEOUT_S} seconds");
    match t.parse::<u64>() {
        Ok(s) if (MIN_TIMEOUT_S..=MAX_TIMEOUT_S).contains(&s) => Ok(s),
        Ok(_) => Err(format!("The time-out must be {range}.")),
        Err(_) if t.is_empty() => Err(format!("Give a time-out {range}.")),
        Err(_) => Err(format!(
            "\"{t}\" is not a whole number of seconds: give one {range}."
        )),
    }
}

/// How long one attempt of a call with a body of `body_len` bytes may take, in ms: the
/// setting, plus a second per [`BYTES_PER_EXTRA_S`] of body so an upload is not cut off
/// while it is still being sent.
pub fn attempt_timeout_ms(setting_s: u64, body_len: usize) -> u64 {
    let s = setting_s.clamp(MIN_TIMEOUT_S, MAX_TIMEOUT_S);
    (s + (body_len / BYTES_PER_EXTRA_S) as u64) * 1000
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

    #[test]
    fn a_time_out_is_read_within_its_bounds_with_a_sentence_otherwise() {
        assert_eq!(parse_timeout_s(" 45 "), Ok(45));
        assert_eq!(parse_timeout_s("5"), Ok(MIN_TIMEOUT_S));
        assert_eq!(parse_timeout_s("600"), Ok(MAX_TIMEOUT_S));
        for bad in ["4", "601", "0", "-3", "1.5", "abc", ""] {
            let e = parse_timeout_s(bad).unwrap_err();
            assert!(e.contains("between 5 and 600 seconds"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_large_body_gets_more_time_and_the_setting_is_kept_in_bounds() {
        assert_eq!(attempt_timeout_ms(30, 0), 30_000);
        assert_eq!(attempt_timeout_ms(30, 200), 30_000);
        assert_eq!(attempt_timeout_ms(30, 20 * 1024 * 1024), 110_000);
        assert_eq!(attempt_timeout_ms(1, 0), MIN_TIMEOUT_S * 1000);
        assert_eq!(attempt_timeout_ms(10_000, 0), MAX_TIMEOUT_S * 1000);
    }
}
