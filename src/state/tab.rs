//! What this tab was connected to (the demo, the demo IdentityIQ, or a real tenant: never a
//! secret or a token), so that a reload opens it again; and whether the demo is being opened.

use leptos::prelude::*;

pub(crate) const DEMO_FLAG: &str = "isc-console.demo";

pub(crate) fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

thread_local! {
    static OPENING: std::cell::Cell<Option<RwSignal<bool>>> = const { std::cell::Cell::new(None) };
    static CHANGED: std::cell::Cell<Option<RwSignal<u32>>> = const { std::cell::Cell::new(None) };
}

/// Counts the changes another tab made to the demo tenant this tab shares: the lists that
/// follow the tenant ([`crate::components::load::following`]) read again when it moves.
pub fn tenant_changed() -> RwSignal<u32> {
    CHANGED.with(|o| {
        o.get().unwrap_or_else(|| {
            let s = RwSignal::new(0);
            o.set(Some(s));
            s
        })
    })
}

/// True while [`resume`] opens the demo tenant (the pages say so rather than "Not connected").
pub fn opening() -> RwSignal<bool> {
    OPENING.with(|o| {
        o.get().unwrap_or_else(|| {
            let s = RwSignal::new(false);
            o.set(Some(s));
            s
        })
    })
}

/// Forgets that this tab was on the demo tenant.
pub fn forget_demo() {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(DEMO_FLAG);
    }
}

pub fn on_tenant_tab() -> bool {
    session_storage()
        .and_then(|s| s.get_item(DEMO_FLAG).ok().flatten())
        .as_deref()
        == Some("tenant")
}

/// Notes that this tab signed in to a real tenant (no secret, no token: only that it did),
/// so that a reload asks for the secret again rather than opening the demo.
pub fn mark_tenant_tab() {
    if let Some(s) = session_storage() {
        let _ = s.set_item(DEMO_FLAG, "tenant");
    }
}

/// Notes that this tab is on the demo IdentityIQ, so that a reload opens it again.
pub fn mark_iiq_demo_tab() {
    if let Some(s) = session_storage() {
        let _ = s.set_item(DEMO_FLAG, "iiq");
    }
}
