//! Sending a call: the rate limiter, the time-out, retries by policy, and the Activity entry.

use super::*;

/// Sends one API call for the current connection. `req.base` is filled in; a fresh token is
/// ensured; the limiter is respected; a 401 renews the token once and repeats the call once;
/// 429, 5xx and network faults are retried as [`RetryPolicy`] says. The busy bar shows the
/// call and can cancel it; leaving the page cancels it if it is a read.
pub async fn call(req: ApiRequest) -> Result<ApiResponse, ApiError> {
    let ticket = Ticket::new(req.method, &req.path, false);
    send(req, ticket).await
}

/// Like [`call`], for calls nobody waits on (task polling): not shown, not cancelled.
pub async fn call_background(req: ApiRequest) -> Result<ApiResponse, ApiError> {
    let ticket = Ticket::new(req.method, &req.path, true);
    send(req, ticket).await
}

crate::lazy_async!(
    client,
    missing = {
        let (method, path) = (req.method, req.path.clone());
        move || Err(ApiError::network(method, &path, crate::lazy::CODE_MISSING))
    },
    /// The sending itself, fetched with the `client` chunk on the first call (the connect
    /// form works without it).
    async fn send(req: ApiRequest, ticket: Ticket) -> Result<ApiResponse, ApiError> {
        call_with(req, &ticket).await
    }
);

/// What a transport error says when the client's time-out ended the attempt.
const TIMED_OUT: &str = "\u{0}timed out";

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
