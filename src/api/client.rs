//! The API client: sign-in, token renewal, the client-side rate limiter, retries by policy,
//! and an Activity entry for every call. The secret and the token stay inside this module.

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
    match transport.send(&req).await {
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
/// 429, 5xx and network faults are retried as [`RetryPolicy`] says.
pub async fn call(mut req: ApiRequest) -> Result<ApiResponse, ApiError> {
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
            None => sign_in(&client).await?.0,
        };
        loop {
            let wait = client.borrow_mut().limiter.try_acquire(now_ms());
            if wait == 0 {
                break;
            }
            sleep(wait).await;
        }
        req.set_header("Authorization", token.bearer());
        let started = now_ms();
        let result = transport.send(&req).await;
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
                        sleep(ms).await;
                    }
                    Decision::Stop => return Err(e),
                }
            }
        }
    }
}

/// Sends a call and reads a JSON answer; a body that is not JSON is a [`ApiError`] of its own.
pub async fn call_json(req: ApiRequest) -> Result<(serde_json::Value, ApiResponse), ApiError> {
    let (method, path) = (req.method, req.path.clone());
    let resp = call(req).await?;
    let v = serde_json::from_str(&resp.body)
        .map_err(|e| ApiError::malformed(method, &path, &resp, &e.to_string()))?;
    Ok((v, resp))
}
