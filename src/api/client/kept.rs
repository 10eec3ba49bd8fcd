//! The token kept in this tab's session storage when the person opts in (never the secret), and the demo's reset.

use super::*;

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

pub(super) fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub(super) fn forget_kept_token() {
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

/// The demo tenant's link, if the demo is the connection (for its scenario files).
pub fn demo_link() -> Option<crate::api::transport::DemoLink> {
    match current().map(|c| c.borrow().transport.clone()) {
        Some(Transport::Demo(link)) => Some(link),
        _ => None,
    }
}
