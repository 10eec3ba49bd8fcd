//! The API client: sign-in, token renewal, the client-side rate limiter, retries by policy,
//! and an Activity entry for every call. The secret and the token stay inside this module.

use super::inflight::Ticket;
use super::transport::{now_ms, sleep, Transport};
use crate::state::activity::Activity;
use crate::state::session::{Session, SessionInfo};
use isc_core::auth::{parse_token_response, token_request, Token};
use isc_core::error::ApiError;
use isc_core::http::{ApiRequest, ApiResponse};
use isc_core::limiter::RateLimiter;
use isc_core::retry::{Decision, Outcome, RetryPolicy};
use std::cell::RefCell;
use std::rc::Rc;

struct Client {
    transport: Transport,
    api_base: String,
    client_id: String,
    secret: String,
    token: Option<Token>,
    limiter: RateLimiter,
    policy: RetryPolicy,
}

thread_local! {
    static CLIENT: RefCell<Option<Rc<RefCell<Client>>>> = const { RefCell::new(None) };
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

/// Forgets the client, its secret and its token.
pub fn disconnect() {
    CLIENT.with(|c| *c.borrow_mut() = None);
    if let Some(s) = Session::global() {
        s.set(None);
    }
}

fn task_id_of(req: &ApiRequest, resp: &ApiResponse) -> Option<String> {
    if resp.status != 202 && !req.path.contains("/task-status/") {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(&resp.body).ok()?;
    v.get("id").and_then(|i| i.as_str()).map(str::to_string)
}

fn log(req: &ApiRequest, status: u16, started: u64, task: Option<String>, err: Option<&ApiError>) {
    if let Some(a) = Activity::global() {
        a.record(
            req,
            status,
            now_ms().saturating_sub(started),
            task,
            err.map(|e| e.sentence()),
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
    match transport.send(&req, None).await {
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

/// Signs in with a PAT and, on success, makes this the current connection.
pub async fn connect(
    transport: Transport,
    label: String,
    api_base: String,
    client_id: String,
    secret: String,
    demo: bool,
    read_only: bool,
) -> Result<SessionInfo, ApiError> {
    let client = Rc::new(RefCell::new(Client {
        transport,
        api_base: api_base.clone(),
        client_id: client_id.clone(),
        secret,
        token: None,
        limiter: RateLimiter::default(),
        policy: RetryPolicy::default(),
    }));
    let (token, org, pod) = sign_in(&client).await?;
    CLIENT.with(|c| *c.borrow_mut() = Some(client));
    crate::state::idle::clear_notice();
    let info = SessionInfo {
        label,
        api_base,
        client_id,
        org,
        pod,
        demo,
        read_only,
        renews_at_ms: token.renew_at_ms(),
    };
    if let Some(s) = Session::global() {
        s.set(Some(info.clone()));
    }
    Ok(info)
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

async fn call_with(mut req: ApiRequest, ticket: &Ticket) -> Result<ApiResponse, ApiError> {
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
        let token = match client.borrow().token.clone() {
            Some(t) if t.is_fresh(now_ms()) => Some(t),
            _ => None,
        };
        let token = match token {
            Some(t) => t,
            None => {
                ticket.note("renewing the token");
                match ticket.or_cancel(sign_in(&client)).await {
                    None => return cancelled(&req),
                    Some(r) => r?.0,
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
        req.set_header("Authorization", token.bearer());
        let started = now_ms();
        let signal = ticket.signal();
        let result = match ticket.or_cancel(transport.send(&req, signal)).await {
            None => return cancelled(&req),
            Some(r) => r,
        };
        if ticket.is_cancelled() {
            return cancelled(&req);
        }
        match result {
            Ok(resp) if resp.is_success() => {
                log(&req, resp.status, started, task_id_of(&req, &resp), None);
                return Ok(resp);
            }
            Ok(resp) if resp.status == 401 && !renewed => {
                let e = ApiError::from_response(req.method, &req.path, &resp);
                log(&req, resp.status, started, None, Some(&e));
                renewed = true;
                client.borrow_mut().token = None;
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
                    Err(why) => (
                        ApiError::network(req.method, &req.path, why),
                        Outcome::Network,
                    ),
                };
                log(&req, e.status, started, None, Some(&e));
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
    let ticket = Ticket::new(req.method, &req.path, false);
    json_with(req, &ticket).await
}

async fn json_with(
    req: ApiRequest,
    ticket: &Ticket,
) -> Result<(serde_json::Value, ApiResponse), ApiError> {
    let policy = current().map(|c| c.borrow().policy).unwrap_or_default();
    let mut retries = 0;
    loop {
        let resp = call_with(req.clone(), ticket).await?;
        match serde_json::from_str(&resp.body) {
            Ok(v) => return Ok((v, resp)),
            Err(why) => {
                let e = ApiError::malformed(req.method, &req.path, &resp, &why.to_string());
                log(&req, resp.status, now_ms(), None, Some(&e));
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

/// [`call_json`] for calls nobody waits on (task polling).
pub async fn call_json_background(
    req: ApiRequest,
) -> Result<(serde_json::Value, ApiResponse), ApiError> {
    let ticket = Ticket::new(req.method, &req.path, true);
    json_with(req, &ticket).await
}
