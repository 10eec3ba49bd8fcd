//! The API client: sign-in, token renewal, the client-side rate limiter, retries by policy,
//! and an Activity entry for every call. The secret and the token stay inside this module.

use super::inflight::Ticket;
use super::transport::{now_ms, sleep, Transport};
use crate::state::activity::Activity;
use crate::state::session::{Session, SessionInfo};
use isc_core::api::oauth::{parse_token_response, token_request};
use isc_core::api::{generation_from_probe, probe_request, tasks::task_id_of, Generation};
use isc_core::auth::Token;
use isc_core::error::ApiError;
use isc_core::http::{ApiRequest, ApiResponse};
use isc_core::limiter::RateLimiter;
use isc_core::retry::{attempt_timeout_ms, Decision, Outcome, RetryPolicy, DEFAULT_TIMEOUT_S};
use leptos::prelude::GetUntracked;
use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;

mod kept;
mod send;
mod sign_in;

pub use kept::KEPT_TOKEN;
pub use kept::{demo_link, keep_token, reset_demo, resume_kept_token};
use kept::{forget_kept_token, session_storage};
pub use send::{call, call_background, call_json, call_read};
use sign_in::renew;
pub use sign_in::{connect, connect_iiq, ConnectIiq, ConnectWith};

struct Client {
    transport: Transport,
    api_base: String,
    client_id: String,
    secret: String,
    token: Option<Token>,
    /// Callers waiting for a renewal already under way: one `/oauth/token` call serves all.
    renewal: Option<Vec<futures_channel::oneshot::Sender<Result<Token, ApiError>>>>,
    limiter: RateLimiter,
    policy: RetryPolicy,
    generation: Generation,
    /// IdentityIQ: the HTTP Basic header every call carries (no token, no sign-in call).
    basic: Option<String>,
}

thread_local! {
    static CLIENT: RefCell<Option<Rc<RefCell<Client>>>> = const { RefCell::new(None) };
    /// The time-out per call in seconds; 0 until read from storage.
    static TIMEOUT_S: Cell<u64> = const { Cell::new(0) };
}

/// Where the time-out a person set is kept (a preference, in local storage: no secret).
pub const TIMEOUT_KEY: &str = "isc-console.timeout-s";

/// The client's time-out per call, in seconds (the Connection page sets it).
pub fn timeout_s() -> u64 {
    let s = TIMEOUT_S.with(Cell::get);
    if s != 0 {
        return s;
    }
    let kept = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|st| st.get_item(TIMEOUT_KEY).ok().flatten())
        .and_then(|v| isc_core::retry::parse_timeout_s(&v).ok())
        .unwrap_or(DEFAULT_TIMEOUT_S);
    TIMEOUT_S.with(|c| c.set(kept));
    kept
}

/// Sets the time-out per call (already checked with `parse_timeout_s`) and keeps it.
pub fn set_timeout_s(s: u64) {
    TIMEOUT_S.with(|c| c.set(s));
    if let Some(st) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        if s == DEFAULT_TIMEOUT_S {
            let _ = st.remove_item(TIMEOUT_KEY);
        } else {
            let _ = st.set_item(TIMEOUT_KEY, &s.to_string());
        }
    }
}

/// Runs `work` for at most `ms` milliseconds; `None` when the time ran out first.
async fn within<F: Future>(ms: u64, work: F) -> Option<F::Output> {
    let mut work = pin!(work);
    let mut timer = pin!(sleep(ms));
    poll_fn(|cx| {
        if let Poll::Ready(v) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(v));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// How long one attempt of `req` may wait for its answer.
fn limit_for(req: &ApiRequest) -> u64 {
    attempt_timeout_ms(timeout_s(), req.body.as_ref().map_or(0, String::len))
}

fn current() -> Option<Rc<RefCell<Client>>> {
    CLIENT.with(|c| c.borrow().clone())
}

fn with_base(req: &ApiRequest) -> ApiRequest {
    let mut r = req.clone();
    if let Some(c) = current() {
        r.base = c.borrow().api_base.clone();
    }
    r
}

/// A request as the current connection would send it, as `curl` (token as `$TOKEN`).
pub fn curl_for(req: &ApiRequest) -> String {
    with_base(req).to_curl()
}

/// The full URL the current connection would send a request to.
pub fn url_for(req: &ApiRequest) -> String {
    with_base(req).url()
}

/// True while a client is set up.
pub fn is_connected() -> bool {
    current().is_some()
}

/// Forgets the client, its secret and its token (the kept copy of the token too).
pub fn disconnect() {
    CLIENT.with(|c| *c.borrow_mut() = None);
    forget_kept_token();
    if let Some(s) = Session::global() {
        s.set(None);
    }
}

/// The API generation of the current connection (per-service v1 when not connected).
pub fn generation() -> Generation {
    current().map(|c| c.borrow().generation).unwrap_or_default()
}

/// Switches the current connection to the other paths of the API.
pub fn set_generation(g: Generation) {
    if let Some(c) = current() {
        c.borrow_mut().generation = g;
    }
    if let Some(s) = Session::global() {
        s.set_generation(g, None);
    }
}

fn log(req: &ApiRequest, status: u16, started: u64, task: Option<String>, err: Option<&ApiError>) {
    log_answer(req, status, started, task, err, None);
}

/// [`log`] with the answer's body, of which Activity keeps the first few KB.
fn log_answer(
    req: &ApiRequest,
    status: u16,
    started: u64,
    task: Option<String>,
    err: Option<&ApiError>,
    body: Option<&str>,
) {
    if let Some(a) = Activity::global() {
        a.record(
            req,
            status,
            now_ms().saturating_sub(started),
            task,
            err.map(|e| e.sentence()),
            body,
        );
    }
}
