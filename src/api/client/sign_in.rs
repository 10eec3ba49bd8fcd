//! Sign-in (the PAT's token, or IdentityIQ's Basic header) and token renewal.

use super::*;

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
pub(super) async fn renew(client: &Rc<RefCell<Client>>) -> Result<Token, ApiError> {
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

crate::lazy_async!(
    client,
    missing = || Err(ApiError::network(
        isc_core::Method::Post,
        "/oauth/token",
        crate::lazy::CODE_MISSING
    )),
    /// Signs in with a PAT and, on success, makes this the current connection (fetched with the
    /// `client` chunk).
    pub async fn connect(w: ConnectWith) -> Result<SessionInfo, ApiError> {
        connect_now(w).await
    }
);

/// Signs in with a PAT and, on success, makes this the current connection. Without a chosen
/// generation, one call to the per-service paths decides it: a 404 means classic.
async fn connect_now(w: ConnectWith) -> Result<SessionInfo, ApiError> {
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

crate::lazy_async!(
    client,
    missing = || Err(ApiError::network(
        isc_core::Method::Get,
        "/ServiceProviderConfig",
        crate::lazy::CODE_MISSING
    )),
    /// Connects to IdentityIQ (fetched with the `client` chunk).
    pub async fn connect_iiq(w: ConnectIiq) -> Result<SessionInfo, ApiError> {
        connect_iiq_now(w).await
    }
);

/// Connects to IdentityIQ: reads `/ServiceProviderConfig` with the credentials and, when it
/// answers, makes this the current connection. Nothing is kept on a refusal.
async fn connect_iiq_now(w: ConnectIiq) -> Result<SessionInfo, ApiError> {
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
