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
    if let Some(s) = super::bridge::session() {
        r.base = s.api_base;
        return r;
    }
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
    if let Some(s) = super::bridge::session() {
        return Generation::from_key(&s.generation).unwrap_or_default();
    }
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

/// Gets a token with the stored credentials and logs the call.
async fn sign_in(
    client: &Rc<RefCell<Client>>,
) -> Result<(Token, Option<String>, Option<String>), ApiError> {
    let (transport, req) = {
        let c = client.borrow();
        (
            c.transport.clone(),
            token_request(&c.api_base, &c.client_id, &c.secret),
        )
    };
    let started = now_ms();
    let limit = limit_for(&req);
    let Some(answer) = within(limit, transport.send(&req, None)).await else {
        let e = ApiError::timed_out(req.method, &req.path, limit);
        log(&req, 0, started, None, Some(&e));
        return Err(e);
    };
    match answer {
        Err(why) => {
            let e = ApiError::network(req.method, &req.path, &why);
            log(&req, 0, started, None, Some(&e));
            Err(e)
        }
        Ok(resp) => match parse_token_response(&resp) {
            Ok(answer) => {
                log(&req, resp.status, started, None, None);
                let token = Token::from_answer(&answer, now_ms());
                client.borrow_mut().token = Some(token.clone());
                // A tab that keeps its token keeps the renewed one.
                if session_storage()
                    .is_some_and(|s| s.get_item(KEPT_TOKEN).ok().flatten().is_some())
                {
                    keep_token();
                }
                if let Some(s) = Session::global() {
                    s.renewed(token.renew_at_ms());
                }
                Ok((token, answer.org, answer.pod))
            }
            Err(e) => {
                log(&req, resp.status, started, None, Some(&e));
                Err(e)
            }
        },
    }
}

/// Ends a renewal: hands its result to every caller that waited for it. Dropped without a
/// result (the renewing call was cancelled), it lets the waiters go to renew by themselves.
struct Renewal<'a>(&'a Rc<RefCell<Client>>);

impl Renewal<'_> {
    fn finish(self, r: &Result<Token, ApiError>) {
        let waiters = self.0.borrow_mut().renewal.take().unwrap_or_default();
        for w in waiters {
            let _ = w.send(r.clone());
        }
    }
}

impl Drop for Renewal<'_> {
    fn drop(&mut self) {
        // Dropping the senders tells the waiters this renewal ended without an answer.
        if let Ok(mut c) = self.0.try_borrow_mut() {
            c.renewal = None;
        }
    }
}

/// A fresh token: the one renewal under way if there is one, else a new sign-in that later
/// callers wait for. Calls that meet an expired token at once make one `/oauth/token` call.
async fn renew(client: &Rc<RefCell<Client>>) -> Result<Token, ApiError> {
    loop {
        let wait = {
            let mut c = client.borrow_mut();
            match c.renewal.as_mut() {
                Some(waiters) => {
                    let (tx, rx) = futures_channel::oneshot::channel();
                    waiters.push(tx);
                    Some(rx)
                }
                None => {
                    c.renewal = Some(Vec::new());
                    None
                }
            }
        };
        match wait {
            Some(rx) => match rx.await {
                Ok(r) => return r,
                // The renewal was cancelled: try again, perhaps as the one who renews.
                Err(_) => continue,
            },
            None if client.borrow().secret.is_empty() => {
                // A token kept for the tab, and no secret to get another: sign in again.
                client.borrow_mut().renewal = None;
                let e = ApiError::refused(
                    isc_core::Method::Post,
                    "/oauth/token",
                    "the token kept for this tab has expired, and the console holds no secret to renew it: sign in again.",
                );
                disconnect();
                crate::state::idle::say("The token kept for this tab expired: sign in again (the secret was never stored).");
                return Err(e);
            }
            None => {
                let guard = Renewal(client);
                let r = sign_in(client).await.map(|(t, _, _)| t);
                guard.finish(&r);
                return r;
            }
        }
    }
}

/// What a connection is made with. The secret stays in the client's memory only.
pub struct ConnectWith {
    pub transport: Transport,
    /// The tenant as the person named it, or "Demo tenant".
    pub label: String,
    pub api_base: String,
    pub client_id: String,
    pub secret: String,
    pub demo: bool,
    pub read_only: bool,
    /// The API paths to use; `None` asks the tenant (per-service v1, classic on a 404).
    pub generation: Option<Generation>,
}

/// Signs in with a PAT and, on success, makes this the current connection. Without a chosen
/// generation, one call to the per-service paths decides it: a 404 means classic.
pub async fn connect(w: ConnectWith) -> Result<SessionInfo, ApiError> {
    let client = Rc::new(RefCell::new(Client {
        transport: w.transport,
        api_base: w.api_base.clone(),
        client_id: w.client_id.clone(),
        secret: w.secret,
        token: None,
        renewal: None,
        limiter: RateLimiter::default(),
        policy: RetryPolicy::default(),
        generation: w.generation.unwrap_or_default(),
        basic: None,
    }));
    let (token, org, pod) = sign_in(&client).await?;
    CLIENT.with(|c| *c.borrow_mut() = Some(client.clone()));
    let mut generation_note = None;
    if w.generation.is_none() {
        let probe = probe_request();
        let status = match call(probe.clone()).await {
            Ok(r) => r.status,
            Err(e) => e.status,
        };
        let g = generation_from_probe(status);
        if g == Generation::Classic {
            generation_note = Some(format!(
                "The tenant answered 404 to GET {}, so the console uses the classic paths (v3/beta), which the vendor retires in 2029.",
                probe.path
            ));
        }
        client.borrow_mut().generation = g;
    }
    crate::state::idle::clear_notice();
    let info = SessionInfo {
        label: w.label,
        api_base: w.api_base,
        client_id: w.client_id,
        org,
        pod,
        demo: w.demo,
        read_only: w.read_only,
        renews_at_ms: token.renew_at_ms(),
        generation: client.borrow().generation,
        generation_note,
        kept_token: false,
        iiq: false,
    };
    if let Some(s) = Session::global() {
        s.set(Some(info.clone()));
    }
    Ok(info)
}

/// What an IdentityIQ connection needs: its SCIM base, and the HTTP Basic user and
/// password, as the header made from them (kept in memory only, like the ISC secret).
pub struct ConnectIiq {
    pub transport: Transport,
    pub label: String,
    pub base: String,
    pub user: String,
    pub authorization: String,
    pub demo: bool,
    pub read_only: bool,
}

/// Connects to IdentityIQ: reads `/ServiceProviderConfig` with the credentials and, when it
/// answers, makes this the current connection. Nothing is kept on a refusal.
pub async fn connect_iiq(w: ConnectIiq) -> Result<SessionInfo, ApiError> {
    let client = Rc::new(RefCell::new(Client {
        transport: w.transport,
        api_base: w.base.clone(),
        client_id: w.user.clone(),
        secret: String::new(),
        token: None,
        renewal: None,
        limiter: RateLimiter::default(),
        policy: RetryPolicy::default(),
        generation: Generation::default(),
        basic: Some(w.authorization),
    }));
    let before = CLIENT.with(|c| c.borrow_mut().replace(client));
    if let Err(e) = call_json(isc_core::iiq::service_provider_config()).await {
        CLIENT.with(|c| *c.borrow_mut() = before);
        return Err(e);
    }
    crate::state::idle::clear_notice();
    let info = SessionInfo {
        label: w.label,
        api_base: w.base,
        client_id: w.user,
        org: None,
        pod: None,
        demo: w.demo,
        read_only: w.read_only,
        renews_at_ms: 0,
        generation: Generation::default(),
        generation_note: None,
        kept_token: false,
        iiq: true,
    };
    if let Some(s) = Session::global() {
        s.set(Some(info.clone()));
    }
    Ok(info)
}

/// Where the opt-in "stay signed in in this tab" keeps the token (session storage: this tab
/// only, gone when it closes). Never the secret.
pub const KEPT_TOKEN: &str = "isc-console.kept-token";

#[derive(serde::Serialize, serde::Deserialize)]
struct Kept {
    label: String,
    api_base: String,
    client_id: String,
    org: Option<String>,
    pod: Option<String>,
    read_only: bool,
    generation: String,
    access_token: String,
    obtained_ms: u64,
    expires_in_s: u64,
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn forget_kept_token() {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(KEPT_TOKEN);
    }
}

/// Keeps the current connection's token (not its secret) in this tab's session storage, so
/// that a reload stays signed in until the token is due for renewal.
pub fn keep_token() {
    let (Some(c), Some(info)) = (
        current(),
        Session::global().and_then(|s| s.info().get_untracked()),
    ) else {
        return;
    };
    let c = c.borrow();
    let (Some(t), Transport::Fetch) = (&c.token, &c.transport) else {
        return;
    };
    let kept = Kept {
        label: info.label,
        api_base: c.api_base.clone(),
        client_id: c.client_id.clone(),
        org: info.org,
        pod: info.pod,
        read_only: info.read_only,
        generation: c.generation.key().to_string(),
        access_token: t.access_token.clone(),
        obtained_ms: t.obtained_ms,
        expires_in_s: t.expires_in_s,
    };
    if let (Some(s), Ok(v)) = (session_storage(), serde_json::to_string(&kept)) {
        let _ = s.set_item(KEPT_TOKEN, &v);
    }
}

/// After a reload: connects again with the token this tab kept, if it is still fresh.
/// Returns whether it did.
pub fn resume_kept_token() -> bool {
    let raw = session_storage().and_then(|s| s.get_item(KEPT_TOKEN).ok().flatten());
    let Some(k) = raw.and_then(|r| serde_json::from_str::<Kept>(&r).ok()) else {
        return false;
    };
    let token = Token {
        access_token: k.access_token,
        obtained_ms: k.obtained_ms,
        expires_in_s: k.expires_in_s,
    };
    if !token.is_fresh(now_ms()) {
        forget_kept_token();
        return false;
    }
    let generation = Generation::from_key(&k.generation).unwrap_or_default();
    let client = Rc::new(RefCell::new(Client {
        transport: Transport::Fetch,
        api_base: k.api_base.clone(),
        client_id: k.client_id.clone(),
        secret: String::new(),
        token: Some(token.clone()),
        renewal: None,
        limiter: RateLimiter::default(),
        policy: RetryPolicy::default(),
        generation,
        basic: None,
    }));
    CLIENT.with(|c| *c.borrow_mut() = Some(client));
    crate::state::csp::narrow(&k.api_base);
    if let Some(s) = Session::global() {
        s.set(Some(SessionInfo {
            label: k.label,
            api_base: k.api_base,
            client_id: k.client_id,
            org: k.org,
            pod: k.pod,
            demo: false,
            read_only: k.read_only,
            renews_at_ms: token.renew_at_ms(),
            generation,
            generation_note: None,
            kept_token: true,
            iiq: false,
        }));
    }
    true
}

/// Puts the demo tenant's seed data back, if the demo is the connection.
pub fn reset_demo() -> bool {
    match current().map(|c| c.borrow().transport.clone()) {
        Some(Transport::Demo(link)) => {
            link.reset();
            true
        }
        _ => false,
    }
}

/// Sends one API call for the current connection. `req.base` is filled in; a fresh token is
/// ensured; the limiter is respected; a 401 renews the token once and repeats the call once;
/// 429, 5xx and network faults are retried as [`RetryPolicy`] says. The busy bar shows the
/// call and can cancel it; leaving the page cancels it if it is a read.
pub async fn call(req: ApiRequest) -> Result<ApiResponse, ApiError> {
    let ticket = Ticket::new(req.method, &req.path, false);
    call_with(req, &ticket).await
}

/// Like [`call`], for calls nobody waits on (task polling): not shown, not cancelled.
pub async fn call_background(req: ApiRequest) -> Result<ApiResponse, ApiError> {
    let ticket = Ticket::new(req.method, &req.path, true);
    call_with(req, &ticket).await
}

/// What a transport error says when the client's time-out ended the attempt.
const TIMED_OUT: &str = "\u{0}timed out";

async fn call_with(mut req: ApiRequest, ticket: &Ticket) -> Result<ApiResponse, ApiError> {
    // In the extras every call goes through the console's client.
    if super::bridge::active() {
        return super::bridge::call(&req).await;
    }
    let Some(client) = current() else {
        return Err(ApiError::refused(
            req.method,
            &req.path,
            "not connected to a tenant.",
        ));
    };
    let (transport, policy) = {
        let c = client.borrow();
        req.base = c.api_base.clone();
        (c.transport.clone(), c.policy)
    };
    let cancelled = |req: &ApiRequest| {
        let e = ApiError::cancelled(req.method, &req.path);
        log(req, 0, now_ms(), None, Some(&e));
        Err(e)
    };
    let mut renewed = false;
    let mut fault_retries = 0;
    let mut limit_retries = 0;
    loop {
        let basic = client.borrow().basic.clone();
        let token = match client.borrow().token.clone() {
            Some(t) if t.is_fresh(now_ms()) => Some(t),
            _ => None,
        };
        let token = match (token, &basic) {
            (_, Some(_)) => None,
            (Some(t), None) => Some(t),
            (None, None) => {
                ticket.note("renewing the token");
                match ticket.or_cancel(renew(&client)).await {
                    None => return cancelled(&req),
                    Some(r) => Some(r?),
                }
            }
        };
        loop {
            let wait = client.borrow_mut().limiter.try_acquire(now_ms());
            if wait == 0 {
                break;
            }
            ticket.note("waiting for the rate limit");
            if ticket.or_cancel(sleep(wait)).await.is_none() {
                return cancelled(&req);
            }
        }
        ticket.note("");
        match (&basic, &token) {
            (Some(b), _) => req.set_header("Authorization", b.clone()),
            (None, Some(t)) => req.set_header("Authorization", t.bearer()),
            (None, None) => {}
        }
        let started = now_ms();
        let signal = ticket.signal();
        let limit = limit_for(&req);
        let result = match ticket
            .or_cancel(within(limit, transport.send(&req, signal)))
            .await
        {
            None => return cancelled(&req),
            Some(Some(r)) => r,
            Some(None) => {
                // The time-out: stop the browser's fetch and go on as after no answer.
                ticket.abort_attempt();
                Err(TIMED_OUT.to_string())
            }
        };
        if ticket.is_cancelled() {
            return cancelled(&req);
        }
        match result {
            Ok(resp) if resp.is_success() => {
                let task = task_id_of(&req, &resp);
                log_answer(&req, resp.status, started, task, None, Some(&resp.body));
                return Ok(resp);
            }
            Ok(resp) if resp.status == 401 && !renewed && basic.is_none() => {
                let e = ApiError::from_response(req.method, &req.path, &resp);
                log_answer(&req, resp.status, started, None, Some(&e), Some(&resp.body));
                renewed = true;
                // Forget the token this call was refused with, not one that a parallel
                // call has renewed since.
                let mut c = client.borrow_mut();
                if c.token.is_some() && c.token == token {
                    c.token = None;
                }
                continue;
            }
            other => {
                // Parsed once, and only on failure: the error carries status and Retry-After.
                let (e, outcome) = match &other {
                    Ok(resp) => {
                        let e = ApiError::from_response(req.method, &req.path, resp);
                        let outcome = Outcome::Status(e.status, e.retry_after_s);
                        (e, outcome)
                    }
                    Err(why) if why == TIMED_OUT => (
                        ApiError::timed_out(req.method, &req.path, limit),
                        Outcome::Network,
                    ),
                    Err(why) => (
                        ApiError::network(req.method, &req.path, why),
                        Outcome::Network,
                    ),
                };
                let body = other.as_ref().ok().map(|r| r.body.as_str());
                log_answer(&req, e.status, started, None, Some(&e), body);
                let counter = if matches!(outcome, Outcome::Status(429, _)) {
                    &mut limit_retries
                } else {
                    &mut fault_retries
                };
                match policy.decide(req.method, outcome, *counter, js_sys::Math::random()) {
                    Decision::RetryAfter(ms) => {
                        *counter += 1;
                        let why = match outcome {
                            Outcome::Status(429, _) => "after a 429".to_string(),
                            Outcome::Status(s, _) => format!("after a {s}"),
                            Outcome::Network => "after no answer".to_string(),
                        };
                        ticket.note(&format!("retrying {why} in {} s", ms.div_ceil(1000).max(1)));
                        if ticket.or_cancel(sleep(ms)).await.is_none() {
                            return cancelled(&req);
                        }
                    }
                    Decision::Stop => return Err(e),
                }
            }
        }
    }
}

/// Sends a call and reads a JSON answer; a body that is not JSON is a [`ApiError`] of its own.
/// A read whose body arrives garbled or empty is sent again within the fault-retry policy
/// (a write never is: the tenant may have carried it out).
pub async fn call_json(req: ApiRequest) -> Result<(serde_json::Value, ApiResponse), ApiError> {
    call_read(req, read_json).await
}

fn read_json(resp: &ApiResponse) -> Result<serde_json::Value, String> {
    serde_json::from_str(&resp.body).map_err(|e| e.to_string())
}

/// Sends a call and reads its answer with `read`; an answer `read` cannot make sense of is
/// retried like a garbled JSON answer in [`call_json`].
pub async fn call_read<T>(
    req: ApiRequest,
    read: impl Fn(&ApiResponse) -> Result<T, String>,
) -> Result<(T, ApiResponse), ApiError> {
    let ticket = Ticket::new(req.method, &req.path, false);
    let mut out = None;
    let resp = read_with(req, &ticket, &mut |r: &ApiResponse| {
        out = Some(read(r)?);
        Ok(())
    })
    .await?;
    Ok((out.expect("read_with returns only after a read"), resp))
}

/// Sends `req` until `read` accepts its answer (a garbled read is sent again by the policy);
/// not generic, so the retry loop is in the wasm once whatever the answer type.
async fn read_with(
    req: ApiRequest,
    ticket: &Ticket,
    read: &mut dyn FnMut(&ApiResponse) -> Result<(), String>,
) -> Result<ApiResponse, ApiError> {
    let policy = current().map(|c| c.borrow().policy).unwrap_or_default();
    let mut retries = 0;
    loop {
        let resp = call_with(req.clone(), ticket).await?;
        match read(&resp) {
            Ok(()) => return Ok(resp),
            Err(why) => {
                let e = ApiError::malformed(req.method, &req.path, &resp, &why);
                log_answer(
                    &req,
                    resp.status,
                    now_ms(),
                    None,
                    Some(&e),
                    Some(&resp.body),
                );
                match policy.decide(
                    req.method,
                    Outcome::Network,
                    retries,
                    js_sys::Math::random(),
                ) {
                    Decision::RetryAfter(ms) => {
                        retries += 1;
                        ticket.note("retrying after an unreadable answer");
                        if ticket.or_cancel(sleep(ms)).await.is_none() {
                            let e = ApiError::cancelled(req.method, &req.path);
                            return Err(e);
                        }
                    }
                    Decision::Stop => return Err(e),
                }
            }
        }
    }
}
